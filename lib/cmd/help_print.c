// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Printing help: the global usage (a line per subcommand) and one
 * subcommand's page, both within PS_HELP_WIDTH columns; and the
 * "did you mean" of a misspelt subcommand.
 */
#include <stdint.h>
#include <string.h>

#include "cmd/command_help.h"
#include "cmd/command_table.h"
#include "cmd/commands.h"

enum { PS_HELP_OPT_COL = 24, PS_HELP_NAME_COL = 11 };

static const struct {
	unsigned int bit;
	const char *term, *text;
} ps_grammars[] = {
	{ PS_GRAMMAR_ADDRESS, "PFN|PHYSADDR|VADDR",
	  "a number below max_pfn is a page frame number, one below the kernel "
	  "half a physical address, anything else a kernel virtual address (a "
	  "struct page, or an address the kernel maps). pfn:N and phys:A say "
	  "which." },
	{ PS_GRAMMAR_RANGE, "PFN-RANGE",
	  "START-END (END excluded), START+COUNT, or one PFN." },
	{ PS_GRAMMAR_LIST_HEAD, "HEAD",
	  "the list_head or hlist_head, as crash writes it: ADDR, SYM, "
	  "SYM.MEMBER[.MEMBER], SYM+OFFSET or (struct T *)ADDR.MEMBER; the "
	  "last MEMBER, and FIELD, may be indexed: [N] or [ENUMERATOR]." },
	{ PS_GRAMMAR_DUMP, "BEFORE",
	  "a dump or a snapshot (pagescope save) of the earlier state." },
	{ PS_GRAMMAR_NUMBER, "numbers",
	  "decimal, 0x-prefixed hexadecimal or 0-prefixed octal." },
};

static const struct ps_help_option ps_common_options[] = {
	{ "-j, --json", "JSON output, for programs" },
	{ "-h, --help", "this text" },
	{ "    --explain",
	  "how each figure is derived (summary, page, check, frag, free)" },
	{ NULL, NULL },
};

static const struct ps_help_option ps_standalone_options[] = {
	{ "-k, --vmlinux PATH", "the kernel's vmlinux with debug info" },
	{ "    --btf", "types from BTF and symbols from kallsyms" },
	{ "    --no-cache", "neither read nor write the layout cache" },
	{ "    --system-map FILE",
	  "symbols from a System.map, types from the dump's BTF (kernels without kallsyms in VMCOREINFO)" },
	{ NULL, NULL },
};

/* Without a subcommand, on a terminal. */
static const struct ps_help_option ps_viewer_options[] = {
	{ "-i, --interval SECONDS", "refresh from /proc/kcore every SECONDS (2)" },
	{ "    --before DUMP", "mark what changed since DUMP (or a snapshot)" },
	{ NULL, NULL },
};

void ps_help_wrap(FILE *out, const char *first, int indent, const char *text)
{
	int col = fprintf(out, "%s", first);
	bool empty = true;	/* no word on this line yet */

	for (const char *p = text; *p;) {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (!len)
			break;
		if (!empty && col + 1 + (int)len > PS_HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			empty = true;
		}
		col += fprintf(out, "%s%.*s", empty ? "" : " ", (int)len, p);
		empty = false;
		p += len;
	}
	fputc('\n', out);
}

/* "  --by MODE             migratetype ..."; long flags get a line of their own. */
static void ps_help_terms(FILE *out, const char *term, const char *text)
{
	char first[PS_HELP_OPT_COL + 1];

	if (strlen(term) + 4 > PS_HELP_OPT_COL) {
		fprintf(out, "  %s\n", term);
		term = "";
	}
	snprintf(first, sizeof(first), "  %-*s", PS_HELP_OPT_COL - 2, term);
	ps_help_wrap(out, first, PS_HELP_OPT_COL, text);
}

static void ps_help_options(FILE *out, const struct ps_help_option *o)
{
	for (; o && o->flags; o++)
		ps_help_terms(out, o->flags, o->text);
}

static void ps_help_synopsis(FILE *out, const struct ps_command *c,
			     bool standalone)
{
	char text[512];

	snprintf(text, sizeof(text), "%s %s%s", c->name, c->synopsis,
		 standalone ? " [DUMP]" : "");
	ps_help_wrap(out, "usage: pagescope ", 17, text);
}

static void ps_help_grammar(FILE *out, unsigned int grammar)
{
	if (!grammar)
		return;
	fprintf(out, "\narguments:\n");
	for (size_t i = 0; i < sizeof(ps_grammars) / sizeof(ps_grammars[0]); i++) {
		if (grammar & ps_grammars[i].bit)
			ps_help_terms(out, ps_grammars[i].term, ps_grammars[i].text);
	}
}

static void ps_help_common(FILE *out, bool standalone)
{
	ps_help_options(out, ps_common_options);
	if (!standalone)
		return;
	ps_help_options(out, ps_standalone_options);
	ps_help_wrap(out, "\n", 0,
		     "DUMP is a vmcore (ELF or kdump-compressed) or a snapshot; "
		     "default /proc/kcore.");
}

static struct ps_error *ps_command_help_print(FILE *out, const char *name,
					      bool standalone)
{
	const struct ps_command *c = ps_command_find(name);
	const struct ps_command_help *h = ps_command_help_find(name);

	if (!c || !h)
		return ps_error_create(PS_ERR_USAGE, "no help for %s", name);
	ps_help_synopsis(out, c, standalone);
	fputc('\n', out);
	for (const char *const *l = h->about; *l; l++)
		ps_help_wrap(out, "", 0, *l);
	ps_help_grammar(out, h->grammar);
	fprintf(out, "\noptions:\n");
	ps_help_options(out, h->options);
	ps_help_common(out, standalone);
	fprintf(out, "\nexamples:\n");
	for (int i = 0; i < 2; i++)
		fprintf(out, "  pagescope %s\n", h->examples[i]);
	return NULL;
}

static void ps_usage(FILE *out, bool standalone)
{
	const char *dump = standalone ? " [DUMP]" : "";

	fprintf(out, "usage: pagescope [SUBCOMMAND] [OPTIONS]%s\n", dump);
	fprintf(out, "       pagescope help [SUBCOMMAND]\n");
	fprintf(out, "       pagescope --version\n\n");
	ps_help_wrap(out, "", 0,
		     standalone ? "Without a subcommand: the viewer on a "
				  "terminal, summary otherwise."
				: "Without a subcommand: summary.");
	fprintf(out, "\nsubcommands:\n");
	for (const struct ps_command *c = ps_commands; c->name; c++) {
		char first[PS_HELP_NAME_COL + 1];

		snprintf(first, sizeof(first), "  %-*s", PS_HELP_NAME_COL - 2,
			 c->name);
		ps_help_wrap(out, first, PS_HELP_NAME_COL, c->summary);
	}
	fprintf(out, "\noptions:\n");
	ps_help_common(out, standalone);
	if (standalone) {
		fprintf(out, "\nviewer options:\n");
		ps_help_options(out, ps_viewer_options);
	}
	fprintf(out, "\n'pagescope help SUBCOMMAND' shows its options, "
		     "arguments and examples.\n");
}

struct ps_error *ps_help(FILE *out, const char *command, bool standalone)
{
	if (command)
		return ps_command_help_print(out, command, standalone);
	ps_usage(out, standalone);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Did you mean                                                       */
/* ------------------------------------------------------------------ */

/* Levenshtein distance of two short words, capped at their length. */
static size_t ps_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[33];

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *ps_command_suggest(const char *name)
{
	const char *best = NULL;
	size_t best_d = 3;	/* at most two edits away */

	for (const struct ps_command *c = ps_commands; c->name; c++) {
		size_t d = ps_edit_distance(name, c->name);

		/* A unique start ("summ") is as good as one edit. */
		if (strlen(name) >= 2 && !strncmp(name, c->name, strlen(name)))
			d = d < 1 ? d : 1;
		if (d < best_d && d < strlen(c->name)) {
			best = c->name;
			best_d = d;
		}
	}
	return best;
}
