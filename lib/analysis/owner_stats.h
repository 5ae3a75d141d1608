/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pages per owner over a pfn range, in one page walk: totals per owner,
 * per kind and per movability, and for each region (a gigablock or a
 * pageblock) its largest owners that are not movable.
 */
#ifndef PS_OWNER_STATS_H
#define PS_OWNER_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/owners.h"

struct ps_target;

enum { PS_REGION_TOP = 5 };

struct ps_owner_count {
	uint32_t id;
	uint64_t pages;
};

/* The largest owners of a region, of one group of movabilities. */
struct ps_owner_top {
	size_t nr;
	struct ps_owner_count v[PS_REGION_TOP];	/* most pages first */
};

struct ps_region_owners {
	uint64_t pfn;			/* first pfn of the region */
	uint8_t top_kind;		/* the owner kind with most pages */
	uint64_t by_mov[PS_OWNER_MOV_NR];
	struct ps_owner_top pinned;	/* unmovable and reclaimable */
	struct ps_owner_top movable;
};

struct ps_owner_stats {
	struct ps_owners *owners;
	uint64_t *pages;		/* per owner id */
	size_t nr_ids;
	uint64_t present;		/* pages walked */
	uint64_t by_kind[PS_POWN_NR];
	uint64_t by_mov[PS_OWNER_MOV_NR];
	uint64_t (*cma_by_kind)[PS_POWN_NR];	/* per owners->cma area */
	unsigned region_order;		/* 0: no regions */
	size_t nr_regions;
	struct ps_region_owners *regions;	/* those with memory, by pfn */
};

/*
 * Walk [@p start, @p end) of @p t and count pages per owner; with
 * @p region_order, also per aligned region of 1 << region_order pages.
 * On success, must be freed with ps_owner_stats_deinit().
 */
struct ps_error *ps_owner_stats_collect(struct ps_target *t, uint64_t start,
					uint64_t end, unsigned region_order,
					struct ps_owner_stats *ret);
/*
 * The same, raising *@p done (may be NULL) by the pfns each thread has
 * walked past, so another thread can show how far the pass has come.
 */
struct ps_error *ps_owner_stats_collect_counted(struct ps_target *t,
						uint64_t start, uint64_t end,
						unsigned region_order,
						_Atomic uint64_t *done,
						struct ps_owner_stats *ret);
/*
 * Count [@p start, @p end) in @p s again from zero, with the owners it
 * found already: a caller walking a large range a window at a time pays
 * for finding them once. On failure @p s must still be deinitialized.
 */
struct ps_error *ps_owner_stats_recollect(struct ps_owner_stats *s,
					  uint64_t start, uint64_t end);
void ps_owner_stats_deinit(struct ps_owner_stats *s);

/*
 * The owners of @p s, most pages first, those for which @p keep (may be
 * NULL) says true. On success, *@p ret must be freed with free().
 */
struct ps_error *ps_owner_stats_ranked(const struct ps_owner_stats *s,
				       bool (*keep)(const struct ps_owner_entry *e),
				       struct ps_owner_count **ret,
				       size_t *nr_ret);

/* The region holding @p pfn, or NULL. */
const struct ps_region_owners *
ps_owner_stats_region(const struct ps_owner_stats *s, uint64_t pfn);

#endif
