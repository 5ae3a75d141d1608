/*
 * Fragmentation: movable anonymous memory interleaved with unmovable kernel
 * allocations (pipe buffers, page tables), then every other group freed,
 * so pageblocks of several migratetypes hold free holes of all orders.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "workload.h"

enum { PIPE_PAGES = 16 }; /* a pipe's default capacity */

struct frag_args {
	size_t groups, anon_len, pipes, tables;
};

struct frag_group {
	char *anon;	/* movable: small anonymous pages */
	char *sparse;	/* one page per PMD: each costs an unmovable page table */
	int *pipe_fds;	/* unmovable: pipe buffer pages */
};

static void fill_pipe(int *fds)
{
	static char page[PAGE_SIZE];

	if (pipe2(fds, O_NONBLOCK))
		die("pipe: %s (raise the fd limit?)", strerror(errno));
	for (int i = 0; i < PIPE_PAGES; i++)
		if (write(fds[1], page, sizeof(page)) != sizeof(page))
			break;
}

static void group_alloc(struct frag_group *g, const struct frag_args *a)
{
	g->anon = map_anon(a->anon_len);
	madvise(g->anon, a->anon_len, MADV_NOHUGEPAGE);
	touch_pages(g->anon, a->anon_len);
	g->pipe_fds = xcalloc(2 * a->pipes, sizeof(int));
	for (size_t i = 0; i < a->pipes; i++)
		fill_pipe(&g->pipe_fds[2 * i]);
	g->sparse = map_anon_aligned(a->tables * PMD_SIZE, PMD_SIZE);
	madvise(g->sparse, a->tables * PMD_SIZE, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < a->tables; i++)
		touch_pages(g->sparse + i * PMD_SIZE, PAGE_SIZE);
}

static void group_free_movable(struct frag_group *g, const struct frag_args *a)
{
	munmap(g->anon, a->anon_len);
	munmap(g->sparse, a->tables * PMD_SIZE);
}

static void group_free_unmovable(struct frag_group *g, const struct frag_args *a)
{
	for (size_t i = 0; i < 2 * a->pipes; i++)
		close(g->pipe_fds[i]);
}

static void raise_fd_limit(size_t need)
{
	struct rlimit rl = { need + 64, need + 64 };

	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit(RLIMIT_NOFILE, %zu): %s", need + 64, strerror(errno));
}

static int frag_setup(void *arg)
{
	const struct frag_args *a = arg;
	struct frag_group *g = xcalloc(a->groups, sizeof(*g));

	raise_fd_limit(a->groups * a->pipes * 2);
	for (size_t i = 0; i < a->groups; i++)
		group_alloc(&g[i], a);
	for (size_t i = 0; i < a->groups; i++) {
		if (i % 2)
			group_free_unmovable(&g[i], a);
		else
			group_free_movable(&g[i], a);
	}
	return 0;
}

/* frag GROUPS ANON_KB PIPES TABLES (per group) */
int cmd_frag(int argc, char **argv)
{
	struct frag_args a;

	if (argc != 5)
		die("usage: frag GROUPS ANON_KB PIPES TABLES");
	a.groups = parse_ulong(argv[1], "groups");
	a.anon_len = parse_ulong(argv[2], "size") << 10;
	a.pipes = parse_ulong(argv[3], "pipes");
	a.tables = parse_ulong(argv[4], "tables");
	return hold(frag_setup, &a);
}
