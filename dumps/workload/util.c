/* Small helpers: errors, mappings, sysfs writes, cgroups, holding memory. */
#include <errno.h>
#include <fcntl.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "workload.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("pagescope-workload: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	fputs("pagescope-workload: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
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

void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap %zu bytes: %s", len, strerror(errno));
	return p;
}

/* A private anonymous mapping of exactly @len bytes starting on @align. */
void *map_anon_aligned(size_t len, size_t align)
{
	char *raw = map_anon(len + align);
	char *start = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	size_t head = start - raw, tail = align - head;

	if (head)
		munmap(raw, head);
	if (tail)
		munmap(start + len, tail);
	return start;
}

/* Write one byte per page: faults in anonymous memory (and its page tables). */
void touch_pages(void *addr, size_t len)
{
	volatile char *p = addr;

	for (size_t off = 0; off < len; off += PAGE_SIZE)
		p[off] = (char)(off >> 12 | 1);
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* Move the calling process into cgroup v2 directory @cgroup. */
void cgroup_enter(const char *cgroup)
{
	char path[4096];
	int err;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup);
	err = write_file(path, "0");
	if (err)
		die("joining %s: %s", cgroup, strerror(-err));
}

static unsigned long online_node_mask(void)
{
	char buf[256], *p = buf;
	unsigned long mask = 0;
	FILE *f = fopen("/sys/devices/system/node/online", "r");

	if (!f || !fgets(buf, sizeof(buf), f))
		die("cannot read /sys/devices/system/node/online");
	fclose(f);
	while (*p && *p != '\n') {
		unsigned long lo = strtoul(p, &p, 10), hi = lo;

		if (*p == '-')
			hi = strtoul(p + 1, &p, 10);
		for (unsigned long n = lo; n <= hi && n < 64; n++)
			mask |= 1UL << n;
		if (*p == ',')
			p++;
	}
	return mask;
}

/*
 * Spread this task's allocations, its page tables and the kernel memory it
 * allocates over every node, so both nodes' lists hold the state we make.
 */
void interleave_all_nodes(void)
{
	unsigned long mask = online_node_mask();

	if (!(mask & (mask - 1)))
		return;
	if (syscall(SYS_set_mempolicy, MPOL_INTERLEAVE, &mask, 64))
		die("set_mempolicy(MPOL_INTERLEAVE): %s", strerror(errno));
}

void run_on_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity: %s", strerror(errno));
}

int hold(int (*setup)(void *arg), void *arg)
{
	int pipefd[2], status = -1;
	pid_t pid;

	if (pipe(pipefd))
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(pipefd[0]);
		status = setup(arg);
		fflush(NULL);
		if (write(pipefd[1], &status, sizeof(status)) != sizeof(status))
			_exit(1);
		close(pipefd[1]);
		if (status)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	if (read(pipefd[0], &status, sizeof(status)) != sizeof(status))
		die("holder process %d died during setup", (int)pid);
	close(pipefd[0]);
	return status;
}
