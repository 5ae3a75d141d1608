/*
 * Ground truth capture: read what the kernel reports about its memory into
 * one buffer allocated beforehand, as a tar archive, and print the marker
 * the host waits for. The host stops the VM, dumps it, resumes it and
 * answers with a line on the console; only then is the archive written to
 * the truth disk, so the disk I/O (bios, slab pages) is not in the dump.
 *
 * Nothing is allocated once the reading starts: the buffer is populated
 * and locked first, and a warm-up pass has already looked up every file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tar.h"
#include "workload.h"

static const char ready_marker[] = "PAGESCOPE-TRUTH-READY";
static const char written_marker[] = "PAGESCOPE-TRUTH-WRITTEN";

struct source {
	const char *name, *path;
};

/* Read first, in this order, right after vm.stat_refresh. */
static const struct source counters[] = {
	{ "vmstat", "/proc/vmstat" },
	{ "zoneinfo", "/proc/zoneinfo" },
	{ "meminfo", "/proc/meminfo" },
	{ "buddyinfo", "/proc/buddyinfo" },
	{ "pagetypeinfo", "/proc/pagetypeinfo" },
	{ "dentry-state", "/proc/sys/fs/dentry-state" },
	{ "inode-state", "/proc/sys/fs/inode-state" },
	{ "slabinfo", "/proc/slabinfo" },
	{ "iomem", "/proc/iomem" },
	{ "cmdline", "/proc/cmdline" },
	{ "modules", "/proc/modules" },
};

static const struct source page_arrays[] = {
	{ "kpageflags", "/proc/kpageflags" },
	{ "kpagecount", "/proc/kpagecount" },
	{ "kpagecgroup", "/proc/kpagecgroup" },
};

static const char thp_dir[] = "/sys/kernel/mm/transparent_hugepage";

struct capture {
	struct tar tar;
	const char *srcdir;	/* files the workload wrote, copied as they are */
	char **extra;		/* NAME=PATH arguments */
	int nr_extra;
	bool with_page_arrays;
	const char *buddyinfo_after;	/* in the archive, for the final check */
	size_t buddyinfo_after_len;
};

/*
 * How much to read() at once: sysctl handlers allocate a kernel buffer as
 * large as the read (and fail above KMALLOC_MAX_SIZE), so ask for a page.
 */
static size_t read_chunk(const char *path)
{
	return strncmp(path, "/proc/sys/", 10) ? 1 << 20 : PAGE_SIZE;
}

/* Read all of @path to @buf; returns the length, or -1 if unreadable. */
static ssize_t read_all(const char *path, char *buf, size_t cap)
{
	size_t len = 0, chunk = read_chunk(path);
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, cap - len < chunk ? cap - len : chunk)) > 0)
		len += n;
	close(fd);
	if (len == cap)
		die("truth buffer too small for %s", path);
	return n < 0 ? -1 : (ssize_t)len;
}

/*
 * Add @path as member @name; unreadable files (write-only sysfs) are
 * skipped. Returns the member's data (or NULL), its length in *len_ret.
 */
static const char *add_file_data(struct capture *c, const char *name,
				 const char *path, size_t *len_ret)
{
	char *data;
	ssize_t len;

	tar_begin(&c->tar, name);
	data = tar_data(&c->tar);
	len = read_all(path, data, tar_room(&c->tar));
	if (len < 0) {
		c->tar.len -= TAR_BLOCK; /* drop the header again */
		return NULL;
	}
	tar_end(&c->tar, len);
	*len_ret = len;
	return data;
}

static void add_file(struct capture *c, const char *name, const char *path)
{
	size_t len;

	add_file_data(c, name, path, &len);
}

static void add_text(struct capture *c, const char *name, const char *text)
{
	size_t len = strlen(text);

	tar_begin(&c->tar, name);
	if (len > tar_room(&c->tar))
		die("truth buffer full");
	memcpy(tar_data(&c->tar), text, len);
	tar_end(&c->tar, len);
}

/* Add every regular file under @dir as @prefix/relative/path. */
static void add_tree(struct capture *c, const char *prefix, const char *dir)
{
	char path[1024], name[1024];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		snprintf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "/" : "", d->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			add_tree(c, name, path);
		else if (S_ISREG(st.st_mode))
			add_file(c, name, path);
	}
	closedir(dp);
}

static void add_extra(struct capture *c)
{
	for (int i = 0; i < c->nr_extra; i++) {
		char name[256], *eq = strchr(c->extra[i], '=');

		if (!eq || eq - c->extra[i] >= (long)sizeof(name))
			die("capture: expected NAME=PATH, got '%s'", c->extra[i]);
		memcpy(name, c->extra[i], eq - c->extra[i]);
		name[eq - c->extra[i]] = 0;
		add_file(c, name, eq + 1);
	}
}

static void add_uname(struct capture *c)
{
	struct utsname u;
	char text[sizeof(u.release) + 1];

	uname(&u);
	snprintf(text, sizeof(text), "%s\n", u.release);
	add_text(c, "uname-r", text);
}

/* One pass over everything; buddyinfo-after comes last. */
static void collect(struct capture *c)
{
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		add_file(c, counters[i].name, counters[i].path);
	add_uname(c);
	add_tree(c, "thp", thp_dir);
	add_tree(c, "", c->srcdir);
	add_extra(c);
	for (size_t i = 0; c->with_page_arrays && i < sizeof(page_arrays) / sizeof(page_arrays[0]); i++)
		add_file(c, page_arrays[i].name, page_arrays[i].path);
	c->buddyinfo_after = add_file_data(c, "buddyinfo-after", "/proc/buddyinfo",
					   &c->buddyinfo_after_len);
	if (!c->buddyinfo_after)
		die("cannot read /proc/buddyinfo");
}

/* Highest RAM address + 1, in pages, from /proc/iomem. */
static size_t max_pfn(void)
{
	char line[256];
	unsigned long long start, end, max = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		die("open /proc/iomem: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (strstr(line, ": System RAM") &&
		    sscanf(line, " %llx-%llx", &start, &end) == 2 && end + 1 > max)
			max = end + 1;
	fclose(f);
	if (!max)
		die("no System RAM in /proc/iomem");
	return max / PAGE_SIZE;
}

/* The whole archive's buffer, faulted in and locked before reading starts. */
static char *alloc_buffer(size_t len)
{
	char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (buf == MAP_FAILED)
		die("allocating the %zu byte truth buffer: %s", len, strerror(errno));
	madvise(buf, len, MADV_NOHUGEPAGE);
	if (mlock(buf, len))
		die("mlock: %s", strerror(errno));
	return buf;
}

static void write_device(const char *dev, const struct tar *t)
{
	size_t len = (t->len + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	int fd = open(dev, O_WRONLY | O_DIRECT);
	off_t size;

	if (fd < 0)
		die("open %s: %s", dev, strerror(errno));
	size = lseek(fd, 0, SEEK_END);
	if (size < 0 || (size_t)size < len)
		die("truth disk %s too small: %lld bytes for a %zu byte archive",
		    dev, (long long)size, len);
	lseek(fd, 0, SEEK_SET);
	memset(t->buf + t->len, 0, len - t->len);
	if (write(fd, t->buf, len) != (ssize_t)len || fsync(fd))
		die("writing the truth to %s: %s", dev, strerror(errno));
	close(fd);
}

/* Report whether the free lists moved since buddyinfo-after was read. */
static void check_buddyinfo(const struct capture *c, const char *since)
{
	static char now[1 << 16];
	size_t want = c->buddyinfo_after_len;
	ssize_t len = read_all("/proc/buddyinfo", now, sizeof(now));

	if (len == (ssize_t)want && !memcmp(now, c->buddyinfo_after, want))
		printf("pagescope-workload: buddyinfo unchanged %s\n", since);
	else
		printf("pagescope-workload: buddyinfo changed %s:\n%.*s", since,
		       (int)(len > 0 ? len : 0), now);
}

/*
 * Block until the host has dumped the VM and says so on the console. A
 * plain read() into the stack: stdio would allocate a buffer right now.
 */
static void wait_for_host(void)
{
	char line[64];

	printf("%s\n", ready_marker);
	fflush(stdout);
	if (read(STDIN_FILENO, line, sizeof(line)) <= 0)
		die("console closed while waiting for the host");
}

/* capture DEVICE SRCDIR [NAME=PATH...] */
int cmd_capture(int argc, char **argv)
{
	struct capture c = { 0 };
	size_t cap;

	if (argc < 3)
		die("usage: capture DEVICE SRCDIR [NAME=PATH...]");
	c.srcdir = argv[2];
	c.extra = argv + 3;
	c.nr_extra = argc - 3;
	cap = 3 * 8 * max_pfn() + (32 << 20);
	tar_init(&c.tar, alloc_buffer(cap), cap);

	/* Warm-up: every dentry and inode the real pass needs gets cached now. */
	collect(&c);
	tar_init(&c.tar, c.tar.buf, cap);

	write_file("/proc/sys/vm/stat_refresh", "1");
	c.with_page_arrays = true;
	collect(&c);
	tar_finish(&c.tar);
	wait_for_host();
	check_buddyinfo(&c, "while the host dumped the guest");
	write_device(argv[1], &c.tar);
	printf("pagescope-workload: truth: %zu bytes written to %s\n%s\n",
	       c.tar.len, argv[1], written_marker);
	fflush(stdout);
	for (;;)
		pause();
}
