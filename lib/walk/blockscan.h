/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pageblock summaries: for each pageblock, its bits and what its pages
 * hold, sorted by movability: the unit the map, the blocks table and the
 * gigablock verdicts are made of.
 */
#ifndef PS_BLOCKSCAN_H
#define PS_BLOCKSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/page.h"
#include "walk/page_walk.h"
#include "walk/pageblock.h"

struct ps_target;

/* What it would take to free a page for a larger allocation. */
enum ps_movability {
	PS_MOV_FREE,		/* in a free buddy block */
	PS_MOV_IDLE,		/* refcount 0, not in the buddy: pcp, being freed */
	PS_MOV_MOVABLE,		/* LRU, movable_ops or hugetlb: can migrate */
	PS_MOV_UNMOVABLE,	/* slab, page tables, other kernel memory */
	PS_MOV_RESERVED,	/* PG_reserved: never allocatable */
	PS_MOV_POISONED,	/* PG_hwpoison: never usable again */
	PS_MOV_HOLE,		/* no struct page in the dump */
	PS_MOV_NR
};

extern const char *const ps_movability_names[PS_MOV_NR];

/* The movability of one decoded page. */
enum ps_movability ps_page_movability(const struct ps_page_decoder *d,
				      const struct ps_page *p);

/* Blocking kinds whose first pfns a summary remembers. */
enum { PS_BLOCKERS = 3 };	/* unmovable, reserved, poisoned */
enum { PS_BLOCK_MAX_ORDER = 16 };	/* buddy orders counted per block */

struct ps_block_summary {
	uint64_t pfn;			/* first pfn of the pageblock */
	struct ps_pageblock pb;		/* its bits */
	int zone;			/* model zone of its first page, or -1 */
	bool mixed_zones;		/* pages of more than one zone */
	uint32_t pages;			/* pages with a struct page */
	uint32_t count[PS_MOV_NR];
	uint32_t hwpoison;
	uint32_t anon_exclusive;
	uint16_t free_blocks[PS_BLOCK_MAX_ORDER];	/* free blocks starting here */
	uint64_t first_blocker[PS_BLOCKERS];	/* UINT64_MAX: none */
};

struct ps_block_iter {
	struct ps_page_iter pages;
	struct ps_pageblock_bits bits;
	struct ps_block_summary *blocks;	/* one chunk's worth */
	struct ps_pageblock section_blocks[512];
	uint64_t section;		/* whose bits are in section_blocks */
	unsigned order;			/* pageblock_order */
	/* The last page's zone: pages come in long runs of one zone. */
	unsigned zone_nid, zone_zid;
	int zone_index;
};

/*
 * Summaries of the pageblocks holding pfns [@p start, @p end), in pfn
 * order. On success, must be finished with ps_block_iter_deinit().
 */
struct ps_error *ps_block_iter_init(struct ps_block_iter *it,
				    struct ps_target *t, uint64_t start,
				    uint64_t end);
/*
 * The same through @p mem, a clone of the target's reader, for a thread:
 * @p bits comes from the caller, who reads the target's memory itself.
 */
struct ps_error *ps_block_iter_init_mem(struct ps_block_iter *it,
					struct ps_target *t,
					const struct ps_mem *mem,
					const struct ps_pageblock_bits *bits,
					uint64_t start, uint64_t end);

/* The next batch; &ps_stop after the last. Valid until the next call. */
struct ps_error *ps_block_iter_next(struct ps_block_iter *it,
				    const struct ps_block_summary **ret,
				    size_t *nr_ret);
void ps_block_iter_deinit(struct ps_block_iter *it);

#endif
