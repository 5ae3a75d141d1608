/*
 * Hardware poison: anonymous pages poisoned with MADV_HWPOISON, one more
 * soft-offlined with MADV_SOFT_OFFLINE (its old PFN ends up poisoned).
 * PFNs are looked up before poisoning and kept once kpageflags confirms.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "workload.h"

#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101 /* uapi asm-generic/mman-common.h; glibc lacks it */
#endif

/* MADV_HWPOISON raises SIGBUS (action required) in the caller: ignore it. */
static void on_sigbus(int sig)
{
	(void)sig;
}

static bool pfn_poisoned(uint64_t pfn)
{
	uint64_t flags;

	return !kpageflags_read(pfn, &flags) && flags >> KPF_HWPOISON & 1;
}

/* Poison the page at @addr with @advice; its PFN, or 0 on failure. */
static uint64_t poison_one(char *addr, int advice)
{
	struct pm_page pm;

	touch_pages(addr, PAGE_SIZE);
	if (pagemap_lookup(addr, &pm) || !pm.present)
		die("hwpoison: page not present after touching it");
	if (madvise(addr, PAGE_SIZE, advice)) {
		if (errno == EINVAL)
			return 0; /* no CONFIG_MEMORY_FAILURE */
		die("madvise(%s): %s", advice == MADV_HWPOISON ?
		    "MADV_HWPOISON" : "MADV_SOFT_OFFLINE", strerror(errno));
	}
	if (!pfn_poisoned(pm.pfn)) {
		warn("hwpoison: PFN %llu not flagged poisoned", (unsigned long long)pm.pfn);
		return 0;
	}
	return pm.pfn;
}

static void poison_pages(size_t count, int advice, const char *kind, FILE *list,
			 size_t *done)
{
	char *pages = map_anon(count * PAGE_SIZE);

	madvise(pages, count * PAGE_SIZE, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < count; i++) {
		uint64_t pfn = poison_one(pages + i * PAGE_SIZE, advice);

		if (!pfn)
			continue;
		record_pfn(kind, pfn);
		fprintf(list, "%llu\n", (unsigned long long)pfn);
		(*done)++;
	}
}

/* hwpoison COUNT SOFT_COUNT PFN_LIST */
int cmd_hwpoison(int argc, char **argv)
{
	size_t hard, soft, done = 0;
	FILE *list;

	if (argc != 4)
		die("usage: hwpoison COUNT SOFT_COUNT PFN_LIST");
	hard = parse_ulong(argv[1], "count");
	soft = parse_ulong(argv[2], "count");
	list = fopen(argv[3], "w");
	if (!list)
		die("open %s: %s", argv[3], strerror(errno));
	signal(SIGBUS, on_sigbus);
	poison_pages(hard, MADV_HWPOISON, "hwpoison", list, &done);
	poison_pages(soft, MADV_SOFT_OFFLINE, "hwpoison-soft", list, &done);
	if (fclose(list))
		die("writing %s: %s", argv[3], strerror(errno));
	printf("pagescope-workload: %zu/%zu pages poisoned\n", done, hard + soft);
	return 0;
}
