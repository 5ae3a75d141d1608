// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope, the standalone tool: open a dump or the live kernel, run a
 * command; with no command on a terminal, open the viewer.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pagescope.h"
#include "viewer.h"

static volatile sig_atomic_t ps_interrupted;

static void ps_on_sigint(int sig)
{
	(void)sig;
	ps_interrupted = 1;
}

static bool ps_progress_shown;

/*
 * A slow step on a terminal: one line on stderr, rewritten in place and
 * erased when the step ends, before any output; nothing when stderr is
 * not a terminal.
 */
static void ps_progress(const char *what, void *arg)
{
	(void)arg;
	if (!isatty(STDERR_FILENO))
		return;
	if (what) {
		fprintf(stderr, "\rpagescope: %s...\033[K", what);
		ps_progress_shown = true;
	} else if (ps_progress_shown) {
		fprintf(stderr, "\r\033[K");
		ps_progress_shown = false;
	}
}

static int ps_fail(struct ps_error *err)
{
	fprintf(stderr, "pagescope: %s\n", ps_error_message(err));
	ps_error_destroy(err);
	return PS_EXIT_FAIL;
}

static int ps_usage_error(struct ps_error *err)
{
	fprintf(stderr, "pagescope: %s\n", ps_error_message(err));
	ps_error_destroy(err);
	fprintf(stderr, "pagescope: 'pagescope help' lists the subcommands\n");
	return PS_EXIT_USAGE;
}

static int ps_help_command(const struct ps_args *args)
{
	struct ps_error *err = ps_help(stdout, args->command, true);

	if (err)
		return ps_usage_error(err);
	return ps_output_lost(stdout, stderr, NULL) ? PS_EXIT_FAIL : PS_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct ps_args args;
	struct ps_open_args open_args = { .progress = ps_progress };
	struct ps_target *t;
	struct ps_error *err;
	int status;

	err = ps_args_parse(argc, argv, true, &args);
	if (err)
		return ps_usage_error(err);
	if (args.help)
		return ps_help_command(&args);
	if (args.version) {
		printf("pagescope %s\n", ps_version_string());
		return ps_output_lost(stdout, stderr, NULL) ? PS_EXIT_FAIL : PS_EXIT_OK;
	}
	if (args.before && !ps_viewer_wanted(&args)) {
		fprintf(stderr, "pagescope: --before is the viewer's, on a terminal; for text or JSON: pagescope diff %s\n",
			args.before);
		return PS_EXIT_USAGE;
	}
	open_args.dump = args.dump ? args.dump : "/proc/kcore";
	open_args.vmlinux = args.vmlinux;
	open_args.no_cache = args.no_cache;
	open_args.btf = args.btf;
	open_args.system_map = args.system_map;
	err = ps_target_open(&open_args, &t);
	ps_progress(NULL, NULL);
	if (err)
		return ps_fail(err);
	signal(SIGINT, ps_on_sigint);
	ps_target_set_interrupt(t, &ps_interrupted);
	if (ps_viewer_wanted(&args))
		return ps_viewer_run(t, &open_args, ps_viewer_interval(&args), args.before,
				     &ps_interrupted);
	status = ps_command_run(t, &args, stdout, stderr);
	ps_target_destroy(t);
	return status;
}
