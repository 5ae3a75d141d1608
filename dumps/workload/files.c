/*
 * File-backed memory: page cache read through read() (unmapped) and through
 * a shared mapping (mapped), and shmem pages of a tmpfs file.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

struct pagecache_args {
	const char *path;
	size_t read_len, map_len;
};

static void read_range(int fd, size_t len)
{
	static char buf[1 << 20];

	for (size_t done = 0; done < len;) {
		ssize_t n = read(fd, buf, len - done < sizeof(buf) ? len - done : sizeof(buf));

		if (n <= 0)
			die("reading page cache: %s", n ? strerror(errno) : "file too short");
		done += n;
	}
}

static void read_pages(const char *p, size_t len)
{
	volatile const char *v = p;

	for (size_t off = 0; off < len; off += PAGE_SIZE)
		(void)v[off];
}

static int pagecache_setup(void *arg)
{
	const struct pagecache_args *a = arg;
	int fd = open(a->path, O_RDONLY);
	char *map;

	if (fd < 0)
		die("open %s: %s", a->path, strerror(errno));
	read_range(fd, a->read_len);
	if (a->map_len) {
		map = mmap(NULL, a->map_len, PROT_READ, MAP_SHARED, fd, a->read_len);
		if (map == MAP_FAILED)
			die("mmap %s: %s", a->path, strerror(errno));
		read_pages(map, a->map_len);
		record_sample("file-mapped", map, a->map_len, true);
	}
	record_close();
	return 0;
}

/* pagecache FILE READ_MIB MAP_MIB */
int cmd_pagecache(int argc, char **argv)
{
	struct pagecache_args a;

	if (argc != 4)
		die("usage: pagecache FILE READ_MIB MAP_MIB");
	a.path = argv[1];
	a.read_len = parse_ulong(argv[2], "size") << 20;
	a.map_len = parse_ulong(argv[3], "size") << 20;
	return hold(pagecache_setup, &a);
}

/* shmem FILE MIB: a tmpfs file that keeps its pages after we exit */
int cmd_shmem(int argc, char **argv)
{
	size_t len;
	char *map;
	int fd;

	if (argc != 3)
		die("usage: shmem FILE MIB");
	len = parse_ulong(argv[2], "size") << 20;
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)len))
		die("creating %s: %s", argv[1], strerror(errno));
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap %s: %s", argv[1], strerror(errno));
	touch_pages(map, len);
	record_sample("shmem", map, len, true);
	munmap(map, len);
	close(fd);
	return 0;
}
