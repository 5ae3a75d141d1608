/*
 * Transparent huge pages: PMD-sized THPs and smaller mTHPs, some fully
 * mapped, some partially unmapped so they wait on a deferred split queue.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "workload.h"

struct folio_set {
	size_t folio_size;	/* bytes */
	size_t per_vma;		/* folios per VMA */
	size_t full, partial;	/* how many of each to make */
	const char *kind_full, *kind_partial;
};

/*
 * One VMA of @nr folios, madvised for THP, followed by a PROT_NONE guard so
 * it never merges with the next one (a merged VMA could take a larger
 * folio than asked for).
 */
static char *folio_vma(size_t nr, size_t folio_size)
{
	size_t len = nr * folio_size;
	char *vma = map_anon_aligned(len + folio_size, folio_size);

	mprotect(vma + len, folio_size, PROT_NONE);
	if (madvise(vma, len, MADV_HUGEPAGE))
		die("madvise(MADV_HUGEPAGE) failed: no THP in this kernel?");
	return vma;
}

/* Unmap pattern @i of a folio of @nr pages: [*start, *start + *len) pages. */
static void partial_pattern(size_t i, size_t nr, size_t *start, size_t *len)
{
	switch (i % 4) {
	case 0: *start = nr / 2; *len = nr / 2; break;		/* second half */
	case 1: *start = 0; *len = 1; break;			/* the head page */
	case 2: *start = nr / 4; *len = nr / 32 ? nr / 32 : 1; break;
	default: *start = 0; *len = nr - 1; break;		/* all but one */
	}
}

/* Fault in one folio at @addr; record its head PFN if it is a large folio. */
static bool fault_folio(char *addr, size_t folio_size, const char *kind)
{
	uint64_t pfn;

	touch_pages(addr, PAGE_SIZE);
	if (!is_large_folio_head(addr, folio_size, &pfn))
		return false;
	record_pfn(kind, pfn);
	return true;
}

static size_t make_folios(const struct folio_set *s, size_t count, bool partial)
{
	size_t made = 0, nr_pages = s->folio_size / PAGE_SIZE;

	for (size_t done = 0; done < count; done += s->per_vma) {
		size_t n = count - done < s->per_vma ? count - done : s->per_vma;
		char *vma = folio_vma(n, s->folio_size);

		for (size_t i = 0; i < n; i++) {
			char *folio = vma + i * s->folio_size;
			size_t start, len;

			if (!fault_folio(folio, s->folio_size,
					 partial ? s->kind_partial : s->kind_full))
				continue;
			made++;
			if (!partial)
				continue;
			partial_pattern(done + i, nr_pages, &start, &len);
			munmap(folio + start * PAGE_SIZE, len * PAGE_SIZE);
		}
	}
	return made;
}

static int folio_setup(void *arg)
{
	const struct folio_set *s = arg;
	size_t full = make_folios(s, s->full, false);
	size_t partial = make_folios(s, s->partial, true);

	printf("pagescope-workload: %zu kB folios: %zu/%zu full, %zu/%zu partially unmapped\n",
	       s->folio_size >> 10, full, s->full, partial, s->partial);
	record_close();
	if (full + partial < s->full + s->partial)
		warn("some %zu kB folios fell back to small pages", s->folio_size >> 10);
	return full + partial ? 0 : 1;
}

/* thp FULL PARTIAL: PMD-sized THPs */
int cmd_thp(int argc, char **argv)
{
	struct folio_set s = {
		.folio_size = PMD_SIZE, .per_vma = 8,
		.kind_full = "thp-head", .kind_partial = "thp-partial-head",
	};

	if (argc != 3)
		die("usage: thp FULL PARTIAL");
	s.full = parse_ulong(argv[1], "count");
	s.partial = parse_ulong(argv[2], "count");
	return hold(folio_setup, &s);
}

/* mthp KB FULL PARTIAL: mTHPs of KB kB, if the kernel has that size */
int cmd_mthp(int argc, char **argv)
{
	struct folio_set s = {
		.kind_full = "mthp-head", .kind_partial = "mthp-partial-head",
	};
	char path[128];
	struct stat st;

	if (argc != 4)
		die("usage: mthp KB FULL PARTIAL");
	s.folio_size = parse_ulong(argv[1], "size") << 10;
	s.full = parse_ulong(argv[2], "count");
	s.partial = parse_ulong(argv[3], "count");
	snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/hugepages-%zukB",
		 s.folio_size >> 10);
	if (stat(path, &st)) {
		printf("pagescope-workload: no %s: kernel without mTHP, skipped\n", path);
		return 0;
	}
	/* Half a PMD per VMA: no PMD-sized folio can fit in it. */
	s.per_vma = PMD_SIZE / 2 / s.folio_size;
	return hold(folio_setup, &s);
}
