/* Anonymous memory: pages one process owns alone, and pages shared by fork. */
#include <sys/mman.h>

#include "workload.h"

struct anon_args {
	size_t exclusive_len, shared_len;
};

static int do_nothing(void *arg)
{
	(void)arg;
	return 0;
}

static void *small_page_anon(size_t len)
{
	void *p = map_anon(len);

	madvise(p, len, MADV_NOHUGEPAGE);
	touch_pages(p, len);
	return p;
}

/*
 * The shared range is faulted in before a child is forked that keeps it:
 * after fork both map the same pages copy-on-write, not exclusively. The
 * exclusive range is made after the fork, so only this process maps it.
 */
static int anon_setup(void *arg)
{
	struct anon_args *a = arg;
	void *shared = small_page_anon(a->shared_len), *exclusive;

	if (hold(do_nothing, NULL))
		return 1;
	exclusive = small_page_anon(a->exclusive_len);
	record_sample("anon-shared", shared, a->shared_len, false);
	record_sample("anon-exclusive", exclusive, a->exclusive_len, true);
	record_close();
	return 0;
}

/* anon EXCLUSIVE_MIB SHARED_MIB */
int cmd_anon(int argc, char **argv)
{
	struct anon_args a;

	if (argc != 3)
		die("usage: anon EXCLUSIVE_MIB SHARED_MIB");
	a.exclusive_len = parse_ulong(argv[1], "size") << 20;
	a.shared_len = parse_ulong(argv[2], "size") << 20;
	return hold(anon_setup, &a);
}
