/*
 * pagescope-live: the helper of the live test guest (dumps/live/init).
 *
 *   pagescope-live churn SECONDS ANON_SLOTS ANON_KB FILE_DIR FILE_SLOTS FILE_KB PIPE_SLOTS
 *       allocate and free memory until SECONDS pass or SIGTERM comes
 *   pagescope-live timed PREFIX SECONDS CMD [ARGS...]
 *       run CMD, stdout to PREFIX.out, stderr to PREFIX.err, and its exit
 *       status, wall time and peak RSS to PREFIX.time; kill it after
 *       SECONDS (status "timeout")
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helper.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("pagescope-live: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

unsigned long parse_ulong(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end)
		die("bad %s: '%s'", what, s);
	return v;
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "churn", cmd_churn },
	{ "timed", cmd_timed },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "usage: pagescope-live churn|timed ARGS (see main.c)\n");
	return 2;
}
