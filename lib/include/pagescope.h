/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagescope: the state of physical memory in a vmcore or a running
 * kernel. This is the library's public face, used by the standalone tool
 * (ui/) and the crash extension (ext/). Handles are opaque.
 */
#ifndef PAGESCOPE_H
#define PAGESCOPE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

struct ps_error;	/* see ps_error_message() */
struct ps_target;	/* a dump or live kernel, opened */

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/* One line: what, where, why. Valid until @p err is destroyed. */
const char *ps_error_message(const struct ps_error *err);
/* Free @p err; NULL is a no-op. */
void ps_error_destroy(struct ps_error *err);

/* ------------------------------------------------------------------ */
/* Targets                                                            */
/* ------------------------------------------------------------------ */

struct ps_open_args {
	const char *dump;	/* vmcore or /proc/kcore */
	const char *vmlinux;	/* NULL: search the usual places */
	bool btf;		/* BTF and kallsyms even if a vmlinux exists */
	const char *system_map;	/* symbols from this System.map, types BTF */
	bool no_cache;		/* neither read nor write the layout cache */
	/*
	 * Told when a slow step starts (@what says which: reading debug
	 * info) and, with @what NULL, when it ends; at open and later.
	 */
	void (*progress)(const char *what, void *arg);
	void *progress_arg;
};

/*
 * Open a dump or the live kernel. On success, must be freed with
 * ps_target_destroy().
 */
struct ps_error *ps_target_open(const struct ps_open_args *args,
				struct ps_target **ret);
/* NULL is a no-op. */
void ps_target_destroy(struct ps_target *t);
/* Slow steps from now on are told to @p progress (see ps_open_args). */
void ps_target_set_progress(struct ps_target *t,
			    void (*progress)(const char *what, void *arg),
			    void *arg);
/* Long walks stop, with an error, once *@p flag becomes non-zero. */
void ps_target_set_interrupt(struct ps_target *t, volatile sig_atomic_t *flag);

/* ------------------------------------------------------------------ */
/* Commands                                                           */
/* ------------------------------------------------------------------ */

enum { PS_MAX_POSITIONAL = 8 };

/* A parsed command line: the same grammar standalone and inside crash. */
struct ps_args {
	const char *command;	/* "summary", "page", ...; NULL: default */
	bool json;		/* -j: JSON output */
	bool help;		/* -h, or "help [SUBCOMMAND]" */
	bool version;		/* --version, or "version" */
	bool no_cache;		/* --no-cache */
	bool btf;		/* --btf (standalone only) */
	const char *vmlinux;	/* -k (standalone only) */
	const char *system_map;	/* --system-map (standalone only) */
	const char *by;		/* --by: map mode */
	const char *png;	/* --png FILE */
	const char *palette;	/* --palette safe|classic: map --png */
	const char *format;	/* --format */
	const char *type;	/* --type STRUCT (list), TYPE (pages) */
	const char *flags;	/* --flags NAME,~NAME: pages */
	const char *order;	/* --order N: pages */
	const char *owner;	/* --owner KIND|NAME: pages */
	const char *member;	/* --member FIELD */
	const char *output;	/* -o FILE: where save writes */
	unsigned long count;	/* --count N: samples of watch; 0: until stopped */
	bool check;		/* --check: diff fails when a check broke */
	bool explain;		/* --explain: how each figure is derived */
	bool kpageflags;	/* --kpageflags: pages as /proc/kpageflags reports them */
	const char *before;	/* --before DUMP: the viewer marks changes since */
	double interval;	/* -i SECONDS: live refresh; 0: the default */
	const char *dump;	/* standalone: the dump, from the positionals */
	int nr_positional;
	char *positional[PS_MAX_POSITIONAL];
};

/* Exit statuses, for test harnesses. */
enum ps_exit {
	PS_EXIT_OK = 0,
	PS_EXIT_FAIL = 1,	/* cannot read: bad input, a damaged dump */
	PS_EXIT_USAGE = 2,
	PS_EXIT_CHECK = 3,	/* a check or validation found a problem */
};

/*
 * Parse @p argc/@p argv (argv[0] is the program or command name). Options
 * may stand anywhere. When @p standalone, -k is allowed and a positional
 * the command does not take is the dump. The strings are not copied:
 * @p argv must outlive @p ret. Errors are usage errors.
 */
struct ps_error *ps_args_parse(int argc, char **argv, bool standalone,
			       struct ps_args *ret);

/*
 * Run the command in @p args on @p t, writing to @p out; a failure is
 * reported in one line on @p err. Returns an enum ps_exit value.
 */
int ps_command_run(struct ps_target *t, const struct ps_args *args, FILE *out,
		   FILE *err);

/*
 * Flush @p out; when that or an earlier write failed (a full disk, a
 * closed pipe), say so in one line on @p err, "pagescope" followed by
 * @p command when it is not NULL. True when the output was lost.
 */
bool ps_output_lost(FILE *out, FILE *err, const char *command);

/*
 * Print the help of subcommand @p command, or the usage with a line per
 * subcommand when it is NULL; the standalone form or crash's. Fails
 * (a usage error) only for a name that is no subcommand.
 */
struct ps_error *ps_help(FILE *out, const char *command, bool standalone);

/* "0.9.0" or "0.9.0+gabc1234": static. */
const char *ps_version_string(void);

struct json_object;

/*
 * Run a command (argv as inside crash: "frag", "page", "0x1000") on @p t
 * and return its JSON report, as -j prints it. For front ends such as the
 * viewer. On success, *@p ret must be released with json_object_put();
 * @p exit_ret (may be NULL) gets the command's exit status.
 */
struct ps_error *ps_report_json(struct ps_target *t, int argc, char **argv,
				struct json_object **ret, int *exit_ret);

#endif
