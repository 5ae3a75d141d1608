/* The workload's own truth: which PFN holds which kind of page. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include "workload.h"

enum { SAMPLES_PER_RANGE = 256 };

static FILE *out;
static const char *prefix = "";

void record_open(const char *path)
{
	out = fopen(path, "a");
	if (!out)
		die("open %s: %s", path, strerror(errno));
}

/* Kinds recorded by a process in a child memcg start with "memcg-". */
void record_set_prefix(const char *p)
{
	prefix = p;
}

void record_pfn(const char *kind, uint64_t pfn)
{
	if (out)
		fprintf(out, "%s%s %llu\n", prefix, kind, (unsigned long long)pfn);
}

/*
 * Record up to SAMPLES_PER_RANGE pages of [addr, addr + len), evenly
 * spread, whose pagemap "exclusively mapped" bit is @want_exclusive.
 * A page that disagrees is reported, not recorded.
 */
void record_sample(const char *kind, void *addr, size_t len, bool want_exclusive)
{
	size_t pages = len / PAGE_SIZE;
	size_t step = pages > SAMPLES_PER_RANGE ? pages / SAMPLES_PER_RANGE : 1;
	size_t wrong = 0;
	struct pm_page pm;

	for (size_t i = 0; i < pages; i += step) {
		if (pagemap_lookup((char *)addr + i * PAGE_SIZE, &pm) || !pm.present)
			continue;
		if (pm.exclusive != want_exclusive) {
			wrong++;
			continue;
		}
		record_pfn(kind, pm.pfn);
	}
	if (wrong)
		warn("%s: %zu sampled pages have exclusive=%d", kind, wrong,
		     !want_exclusive);
}

void record_close(void)
{
	if (out && fclose(out))
		die("writing the PFN records: %s", strerror(errno));
	out = NULL;
}
