/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The buddy allocator's free lists: every zone's
 * free_area[order].free_list[migratetype], walked with full validation and
 * counted, then checked against nr_free, NR_FREE_PAGES and the struct
 * pages themselves (each PageBuddy head on exactly one list, of its own
 * order).
 */
#ifndef PS_BUDDY_H
#define PS_BUDDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"
#include "walk/pageblock.h"

struct ps_target;

struct ps_free_list {
	uint64_t blocks;	/* entries walked (until a break) */
	bool broken;		/* corrupt */
	bool changing;		/* live: changed under every walk */
	struct ps_list_fault fault;
};

struct ps_free_area {
	uint64_t nr_free;	/* the kernel's count of blocks, all types */
	uint64_t walked;	/* blocks on its lists */
	bool impossible;	/* nr_free: more blocks than the zone holds */
	struct ps_free_list *lists;	/* [nr_types] */
};

struct ps_buddy_zone {
	size_t zone;		/* index into the memory model's zones */
	size_t nr_orders;
	struct ps_free_area *areas;	/* [nr_orders] */
	uint64_t free_pages;		/* walked, isolated blocks excluded */
	uint64_t isolated_pages;	/* on MIGRATE_ISOLATE lists */
	size_t nr_broken;
};

/* One free block as its list has it: for the cross-check. */
struct ps_buddy_entry {
	uint64_t pfn;
	uint32_t zone;
	uint8_t order;
	uint8_t migratetype;
};

enum ps_buddy_anomaly_kind {
	PS_BA_NOT_BUDDY,	/* list entry whose page is not PageBuddy */
	PS_BA_WRONG_ORDER,	/* page->private differs from the list's order */
	PS_BA_TWICE,		/* the same block on two lists */
	PS_BA_WRONG_ZONE,	/* block outside its list's zone */
	PS_BA_NOT_ON_LIST,	/* PageBuddy head on no free list */
	PS_BA_NOT_A_PAGE,	/* list entry that is no struct page at all */
	PS_BA_TYPE_MISMATCH,	/* list type differs from its pageblock's */
	PS_BA_NR,
};

struct ps_buddy_anomaly {
	enum ps_buddy_anomaly_kind kind;
	uint64_t pfn;
	unsigned order;		/* the list's (or, NOT_ON_LIST, the page's) */
	unsigned page_order;	/* page->private for PS_BA_WRONG_ORDER */
	unsigned migratetype;	/* the list's */
	unsigned block_type;	/* the pageblock's, PS_BA_TYPE_MISMATCH */
	size_t zone;
};

struct ps_buddy {
	struct ps_pageblock_bits bits;
	size_t nr_zones;
	struct ps_buddy_zone *zones;	/* populated zones only */
	size_t nr_entries;
	struct ps_buddy_entry *entries;	/* every listed block, by pfn */
	size_t nr_anomalies;
	size_t cap_anomalies;
	struct ps_buddy_anomaly *anomalies;
	uint64_t anomaly_count[PS_BA_NR];	/* all of them, also past the cap */
	bool cross_checked;
};

/*
 * Walk every populated zone's free lists. With @p cross_check, also walk
 * every struct page and match PageBuddy heads with list entries. On
 * success, must be freed with ps_buddy_deinit().
 */
struct ps_error *ps_buddy_collect(struct ps_target *t, bool cross_check,
				  struct ps_buddy *ret);
void ps_buddy_deinit(struct ps_buddy *b);

struct ps_zone;

/*
 * Unaccepted memory (confidential VMs): blocks of MAX_ORDER_NR_PAGES
 * that NR_FREE_PAGES counts as free, kept on zone->unaccepted_pages
 * (v6.12 mm/page_alloc.c __free_unaccepted()). *@p pages_ret is 0 when
 * the kernel has no such list; a broken list is told in *@p fault_ret.
 */
struct ps_error *ps_buddy_unaccepted(struct ps_target *t,
				     const struct ps_zone *z,
				     uint64_t *pages_ret,
				     struct ps_list_fault *fault_ret);

/* The kernel's anomaly wording for @p kind. */
const char *ps_buddy_anomaly_name(enum ps_buddy_anomaly_kind kind);
/* The same as a JSON key: "listed_not_buddy". Static. */
const char *ps_buddy_anomaly_key(enum ps_buddy_anomaly_kind kind);

#endif
