/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Gigablocks: PUD-sized (1 GiB on x86_64), aligned regions of physical
 * memory, the unit a 1 GiB page or a per-gigablock ("superpageblock")
 * allocator would work with. Each gets totals, a taint and a verdict:
 * free as a 1 GiB page now, freeable by migrating N pages, or blocked.
 */
#ifndef PS_GIGABLOCK_H
#define PS_GIGABLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagescope_report.h"
#include "walk/blockscan.h"
#include "base/error.h"

struct ps_target;

enum { PS_GB_MAX_ORDER = 32, PS_GB_BLOCKER_PFNS = 4 };


struct ps_gigablock {
	uint64_t pfn;			/* first pfn (aligned) */
	uint64_t nr_pages;		/* 1 << pud_order */
	uint64_t present;		/* pages with a struct page */
	uint64_t count[PS_MOV_NR];	/* by movability */
	uint64_t hwpoison;
	uint64_t anon_exclusive;
	uint64_t blocks_by_type[PS_MAX_MIGRATETYPES];
	uint64_t free_blocks[PS_GB_MAX_ORDER];	/* free blocks per order */
	int largest_free_order;		/* -1: none */
	int zone;			/* its zone, or -1 */
	bool multi_zone;
	bool tainted;			/* non-movable pageblock or pages */
	size_t nr_blockers[PS_BLOCKERS];	/* pfns kept, per kind */
	uint64_t blockers[PS_BLOCKERS][PS_GB_BLOCKER_PFNS];
};

struct ps_zone_totals {
	uint64_t present;
	uint64_t count[PS_MOV_NR];
	uint64_t hwpoison;
	uint64_t blocks_by_type[PS_MAX_MIGRATETYPES];
	uint64_t free_blocks[PS_GB_MAX_ORDER];
};

struct ps_gigablocks {
	struct ps_pageblock_bits bits;
	unsigned pud_order;
	unsigned pageblock_order;
	size_t nr_orders;		/* of the buddy allocator */
	size_t nr_gigablocks;
	struct ps_gigablock *gigablocks;	/* those with memory, by pfn */
	size_t nr_zones;
	struct ps_zone_totals *zones;	/* indexed like the memory model's */
	struct ps_zone_totals total;
};

/*
 * Scan every pageblock of @p t and aggregate per gigablock and zone. On
 * success, must be freed with ps_gigablocks_deinit().
 */
struct ps_error *ps_gigablocks_collect(struct ps_target *t, struct ps_gigablocks *ret);
/*
 * Only the gigablock holding @p pfn, walked in this thread: what one page's
 * chain needs, at the cost of 1 GiB of struct pages whatever the machine.
 * Its zone totals count that gigablock alone. On success, must be freed
 * with ps_gigablocks_deinit().
 */
struct ps_error *ps_gigablocks_collect_at(struct ps_target *t, uint64_t pfn,
					  struct ps_gigablocks *ret);
void ps_gigablocks_deinit(struct ps_gigablocks *f);

/* Add one pageblock summary to gigablock @p g (exposed for tests). */
void ps_gigablock_add(struct ps_gigablock *g,
		      const struct ps_pageblock_bits *bits,
		      const struct ps_block_summary *b);

/* What it would take to make @p g a free 1 GiB page. */
enum ps_gb_verdict ps_gigablock_verdict(const struct ps_gigablock *g);

/* Pages to migrate away (movable and idle) for PS_GB_MIGRATABLE. */
uint64_t ps_gigablock_to_migrate(const struct ps_gigablock *g);

#endif
