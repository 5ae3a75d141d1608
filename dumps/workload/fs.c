/*
 * Dentries and inodes of a disk filesystem: look files up (dentries stay
 * cached, unused, on the dentry LRU) or read them (page cache pins the
 * inode until drop_caches drops the pages, then the inode goes on the
 * inode LRU).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

static size_t limit, seen;
static bool read_data;

static void read_whole(const char *path)
{
	char buf[PAGE_SIZE];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

/* nftw has already stat()ed @path: that is the lookup we want. */
static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F && read_data)
		read_whole(path);
	return ++seen >= limit ? 1 : 0;
}

static int walk(int argc, char **argv, bool read)
{
	if (argc != 2 && argc != 3)
		die("usage: %s DIR [MAX_ENTRIES]", argv[0]);
	limit = argc == 3 ? parse_ulong(argv[2], "count") : (size_t)-1;
	read_data = read;
	if (nftw(argv[1], visit, 64, FTW_PHYS) < 0)
		die("walking %s: %s", argv[1], strerror(errno));
	printf("pagescope-workload: %s %s: %zu entries\n", argv[0], argv[1], seen);
	return 0;
}

/* fs-read DIR [MAX]: look up and read every file under DIR */
int cmd_fs_read(int argc, char **argv)
{
	return walk(argc, argv, true);
}

/* fs-stat DIR [MAX]: look up every file under DIR */
int cmd_fs_stat(int argc, char **argv)
{
	return walk(argc, argv, false);
}
