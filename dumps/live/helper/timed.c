/*
 * Run a command and write how it went: its exit status, wall time (from a
 * monotonic clock, before fork to after wait) and peak RSS, which the live
 * tests need to bound what pagescope's own memory does to the free counts.
 * A command that outlives its time limit is killed, and says so: a hang
 * is a finding, not a stuck guest.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper.h"

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	kill(child, SIGKILL);
}

static void redirect(int fd, const char *prefix, const char *suffix)
{
	char path[4096];
	int out;

	snprintf(path, sizeof(path), "%s.%s", prefix, suffix);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || dup2(out, fd) < 0)
		die("%s: %s", path, strerror(errno));
	close(out);
}

static void write_time(const char *prefix, int status, double ms,
		       const struct rusage *ru)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s.time", prefix);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	if (timed_out)
		fprintf(f, "status timeout\n");
	else if (WIFEXITED(status))
		fprintf(f, "status %d\n", WEXITSTATUS(status));
	else
		fprintf(f, "status signal-%d\n", WTERMSIG(status));
	fprintf(f, "elapsed_ms %.1f\nuser_ms %.1f\nsys_ms %.1f\nmaxrss_kb %ld\n", ms,
		ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3,
		ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3,
		ru->ru_maxrss);
	fclose(f);
}

/* timed PREFIX SECONDS CMD [ARGS...]: exits with CMD's status (or 128 + signal). */
int cmd_timed(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct rusage ru;
	unsigned long limit;
	double start;
	int status;

	if (argc < 4)
		die("usage: timed PREFIX SECONDS CMD [ARGS...]");
	limit = parse_ulong(argv[2], "seconds");
	fflush(NULL);
	start = now_ms();
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		redirect(STDOUT_FILENO, argv[1], "out");
		redirect(STDERR_FILENO, argv[1], "err");
		execvp(argv[3], argv + 3);
		fprintf(stderr, "exec %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	sigaction(SIGALRM, &sa, NULL);
	alarm(limit);
	while (wait4(child, &status, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4: %s", strerror(errno));
	alarm(0);
	write_time(argv[1], status, now_ms() - start, &ru);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
