/*
 * Churn: keep allocating and freeing memory while pagescope walks the live
 * kernel. Three rings of slots, one slot of each replaced per round (the
 * oldest freed, a new one made): anonymous mappings (mmap, touch, munmap),
 * tmpfs files (create, write, unlink) and full pipes (unmovable pipe
 * buffers). Memory held at once never exceeds the rings' sizes, which the
 * live tests use as the churn's part of their bounds.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mempolicy.h>

#include "helper.h"

enum { PIPE_PAGES = 16 };	/* a pipe's default capacity */

struct churn {
	unsigned long seconds, anon_slots, anon_kb, file_slots, file_kb, pipe_slots;
	const char *dir;
	void **anon;
	size_t *anon_len;
	int *pipes;		/* read and write end per slot, -1 when empty */
	unsigned long rounds, seed;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Both nodes' free lists should move, not only the local one. */
static void interleave(void)
{
	unsigned long mask = 3;

	if (syscall(SYS_set_mempolicy, MPOL_INTERLEAVE, &mask, 64))
		fprintf(stderr, "pagescope-live: set_mempolicy: %s\n", strerror(errno));
}

static unsigned long rnd(struct churn *c, unsigned long n)
{
	c->seed = c->seed * 6364136223846793005UL + 1442695040888963407UL;
	return (c->seed >> 33) % n;
}

/* Between a quarter of the slot size and all of it: varied orders. */
static void anon_round(struct churn *c, size_t i)
{
	size_t max = c->anon_kb << 10, len;
	volatile char *p;

	if (c->anon[i])
		munmap(c->anon[i], c->anon_len[i]);
	len = (max / 4 + rnd(c, max - max / 4 + 1)) & ~(size_t)(PAGE_SIZE - 1);
	if (len < PAGE_SIZE)
		len = PAGE_SIZE;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap %zu: %s", len, strerror(errno));
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		p[off] = (char)(off >> 12 | 1);
	c->anon[i] = (void *)p;
	c->anon_len[i] = len;
}

static void file_round(struct churn *c, size_t i)
{
	static char page[PAGE_SIZE] = { 1 };
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/churn-%zu", c->dir, i);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	for (unsigned long kb = 0; kb < c->file_kb; kb += PAGE_SIZE >> 10)
		if (write(fd, page, sizeof(page)) != sizeof(page))
			die("writing %s: %s", path, strerror(errno));
	close(fd);
}

static void pipe_round(struct churn *c, size_t i)
{
	static char page[PAGE_SIZE];
	int *fds = &c->pipes[2 * i];

	if (fds[0] >= 0) {
		close(fds[0]);
		close(fds[1]);
	}
	if (pipe2(fds, O_NONBLOCK))
		die("pipe: %s", strerror(errno));
	for (int n = 0; n < PIPE_PAGES; n++)
		if (write(fds[1], page, sizeof(page)) != sizeof(page))
			break;
}

static void churn_round(struct churn *c)
{
	if (c->anon_slots)
		anon_round(c, c->rounds % c->anon_slots);
	if (c->file_slots)
		file_round(c, c->rounds % c->file_slots);
	if (c->pipe_slots)
		pipe_round(c, c->rounds % c->pipe_slots);
	c->rounds++;
}

static void churn_report(const struct churn *c, double ms)
{
	unsigned long anon = c->anon_slots * c->anon_kb, files = c->file_slots * c->file_kb;
	unsigned long pipes = c->pipe_slots * PIPE_PAGES * (PAGE_SIZE >> 10);

	printf("rounds %lu\nseconds %.1f\n", c->rounds, ms / 1e3);
	printf("anon_max_kb %lu\nfile_max_kb %lu\npipe_max_kb %lu\n", anon, files, pipes);
	/* What the rings can hold at once, the most the churn moves. */
	printf("amplitude_pages %lu\n", (anon + files + pipes) / (PAGE_SIZE >> 10));
	fflush(stdout);
}

/* churn SECONDS ANON_SLOTS ANON_KB FILE_DIR FILE_SLOTS FILE_KB PIPE_SLOTS */
int cmd_churn(int argc, char **argv)
{
	struct churn c = { .seed = 42 };
	double start = now_ms();

	if (argc != 8)
		die("usage: churn SECONDS ANON_SLOTS ANON_KB FILE_DIR FILE_SLOTS FILE_KB PIPE_SLOTS");
	c.seconds = parse_ulong(argv[1], "seconds");
	c.anon_slots = parse_ulong(argv[2], "anon slots");
	c.anon_kb = parse_ulong(argv[3], "anon KiB");
	c.dir = argv[4];
	c.file_slots = parse_ulong(argv[5], "file slots");
	c.file_kb = parse_ulong(argv[6], "file KiB");
	c.pipe_slots = parse_ulong(argv[7], "pipe slots");
	c.anon = calloc(c.anon_slots + 1, sizeof(*c.anon));
	c.anon_len = calloc(c.anon_slots + 1, sizeof(*c.anon_len));
	c.pipes = malloc((c.pipe_slots + 1) * 2 * sizeof(int));
	if (!c.anon || !c.anon_len || !c.pipes)
		die("out of memory");
	memset(c.pipes, -1, (c.pipe_slots + 1) * 2 * sizeof(int));
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	interleave();
	while (!stop && now_ms() - start < c.seconds * 1e3)
		churn_round(&c);
	churn_report(&c, now_ms() - start);
	return 0;
}
