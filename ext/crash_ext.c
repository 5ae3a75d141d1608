// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope.so: the `pagescope` command inside the crash utility. Thin:
 * it turns crash's argument list into pagescope's, runs the library's
 * command on a target made of crash's memory, types and symbols, and
 * turns failures into crash's error() lines. The session always goes on:
 * nothing here or in the library longjmps or exits. (crash itself may:
 * its gdb can crash in a type lookup; see ps_crash_sigint_release().)
 */
#include <crash/defs.h>

#include "crash.h"
#include "help.h"
#include "pagescope.h"

/* crash's command functions take no arguments: this is their state. */
static struct ps_target *ps_crash_target;
static volatile sig_atomic_t ps_crash_interrupted;
static char **ps_crash_help;
static struct sigaction ps_crash_saved_sigint;

/* ------------------------------------------------------------------ */
/* Errors: the one place they reach crash                             */
/* ------------------------------------------------------------------ */

/* "pagescope page: missing argument" -> crash prints "pagescope: page: ..." */
static void ps_crash_report_line(const char *line)
{
	static const char own[] = "pagescope ";

	if (!strncmp(line, own, strlen(own)))
		line += strlen(own);
	error(INFO, "%s\n", line);
}

static void ps_crash_report(struct ps_error *err)
{
	ps_crash_report_line(ps_error_message(err));
	ps_error_destroy(err);
}

/* The lines ps_command_run() wrote to its error stream. */
static void ps_crash_report_text(char *text)
{
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		ps_crash_report_line(line);
}

/* ------------------------------------------------------------------ */
/* Ctrl-C                                                             */
/* ------------------------------------------------------------------ */

static void ps_crash_on_sigint(int sig)
{
	(void)sig;
	ps_crash_interrupted = 1;
}

/*
 * crash's SIGINT handler, put back after our command. Also crash's
 * per-command cleanup: should crash longjmp out of a command anyway (gdb
 * crashing in a type lookup), restore_sanity() calls it.
 */
static void ps_crash_sigint_release(void *arg)
{
	(void)arg;
	sigaction(SIGINT, &ps_crash_saved_sigint, NULL);
	pc->cmd_cleanup = NULL;
	pc->cmd_cleanup_arg = NULL;
}

/*
 * crash's own SIGINT handler longjmps to its prompt, which would leave
 * the library's allocations and half-built state behind. During our
 * command, SIGINT only raises the flag the walkers poll.
 */
static void ps_crash_sigint_catch(void)
{
	struct sigaction sa = { .sa_handler = ps_crash_on_sigint,
				.sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	ps_crash_interrupted = 0;
	sigaction(SIGINT, &sa, &ps_crash_saved_sigint);
	pc->cmd_cleanup = ps_crash_sigint_release;
	pc->cmd_cleanup_arg = NULL;
}

/* ------------------------------------------------------------------ */
/* The command                                                        */
/* ------------------------------------------------------------------ */

/* The session's target, made on first use and kept until unload. */
static struct ps_error *ps_crash_session_target(struct ps_target **ret)
{
	struct ps_error *err;

	if (!ps_crash_target) {
		err = ps_crash_target_create(&ps_crash_target);
		if (err)
			return ps_error_prefix(err, "reading the kernel layout through crash");
		ps_target_set_interrupt(ps_crash_target, &ps_crash_interrupted);
	}
	*ret = ps_crash_target;
	return NULL;
}

static void ps_crash_run(const struct ps_args *a)
{
	struct ps_target *t = NULL;
	char *errors = NULL;
	size_t len = 0;
	FILE *errfp;
	struct ps_error *err = ps_crash_session_target(&t);

	if (err) {
		ps_crash_report(err);
		return;
	}
	errfp = open_memstream(&errors, &len);
	if (!errfp) {
		error(INFO, "out of memory\n");
		return;
	}
	ps_command_run(t, a, fp, errfp);
	fclose(errfp);
	ps_crash_report_text(errors);
	free(errors);
}

static void ps_crash_cmd(void)
{
	struct ps_args a;
	struct ps_error *err = ps_args_parse(argcnt, args, false, &a);

	if (err) {
		ps_crash_report(err);
		error(INFO, "enter \"help pagescope\" for the subcommands\n");
		return;
	}
	if (a.version) {
		fprintf(fp, "pagescope %s\n", ps_version_string());
		return;
	}
	if (a.help && a.command) {
		err = ps_help(fp, a.command, false);
		if (err)
			ps_crash_report(err);
		return;
	}
	if (a.help) {
		cmd_usage(pc->curcmd, COMPLETE_HELP);
		return;
	}
	ps_crash_sigint_catch();
	ps_crash_run(&a);
	ps_crash_sigint_release(NULL);
	fflush(fp);
}

/* ------------------------------------------------------------------ */
/* Loading and unloading                                              */
/* ------------------------------------------------------------------ */

/* MINIMAL: also in `crash --minimal`, the way to read 6.2+ kernels with crash 8.0.2. */
static struct command_table_entry ps_crash_commands[] = {
	{ "pagescope", ps_crash_cmd, NULL, MINIMAL },
	{ NULL, NULL, NULL, 0 },
};

static void __attribute__((constructor)) ps_crash_init(void)
{
	ps_crash_help = ps_crash_help_create();
	ps_crash_commands[0].help_data = ps_crash_help;
	register_extension(ps_crash_commands);
}

static void __attribute__((destructor)) ps_crash_fini(void)
{
	ps_target_destroy(ps_crash_target);
	ps_crash_target = NULL;
	ps_crash_help_destroy(ps_crash_help);
	ps_crash_help = NULL;
}
