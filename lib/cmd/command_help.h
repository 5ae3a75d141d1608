/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `pagescope SUB --help` and `pagescope help SUB` print: a table
 * with an entry per subcommand (command_help.c), rendered within
 * PS_HELP_WIDTH columns. A new subcommand adds one entry there.
 */
#ifndef PS_COMMAND_HELP_H
#define PS_COMMAND_HELP_H

#include <stdbool.h>
#include <stdio.h>

enum { PS_HELP_WIDTH = 80 };

/* Shared paragraphs of argument grammar a command's help includes. */
enum ps_help_grammar {
	PS_GRAMMAR_ADDRESS = 1 << 0,	/* PFN|PHYSADDR|VADDR */
	PS_GRAMMAR_RANGE = 1 << 1,	/* PFN-RANGE */
	PS_GRAMMAR_NUMBER = 1 << 2,	/* number bases */
	PS_GRAMMAR_LIST_HEAD = 1 << 3,	/* SYM, SYM.MEMBER, SYM+OFF, ADDR */
	PS_GRAMMAR_DUMP = 1 << 4,	/* a dump or a snapshot as argument */
};

struct ps_help_option {
	const char *flags;	/* "--format=pagetypeinfo|buddyinfo" */
	const char *text;
};

struct ps_command_help {
	const char *name;
	const char *const *about;		/* NULL-terminated paragraph lines */
	const struct ps_help_option *options;	/* the command's own; NULL name ends */
	unsigned int grammar;			/* enum ps_help_grammar bits */
	const char *examples[2];		/* after "pagescope " */
};

/* The help entry of subcommand @p name, or NULL. */
const struct ps_command_help *ps_command_help_find(const char *name);

/*
 * Print @p first, then @p text word-wrapped to PS_HELP_WIDTH columns,
 * its further lines indented by @p indent spaces.
 */
void ps_help_wrap(FILE *out, const char *first, int indent, const char *text);

/* The nearest subcommand to the misspelt @p name, or NULL if none is near. */
const char *ps_command_suggest(const char *name);

#endif
