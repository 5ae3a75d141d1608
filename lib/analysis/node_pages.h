/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the node vmstat THP counters and HardwareCorrupted count, counted
 * again from the struct page walk, per node:
 *   NR_ANON_THPS   pages of anon folios with an entire (PMD) mapping
 *                  (v6.1 page_add_anon_rmap(), v6.12 __folio_mod_stat());
 *   NR_FILE_THPS   pages of PMD-size page cache folios, not swap-backed
 *   NR_SHMEM_THPS  the same, swap-backed (filemap.c __filemap_add_folio());
 *   hwpoison       pages with PG_hwpoison.
 */
#ifndef PS_NODE_PAGES_H
#define PS_NODE_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_node_pages {
	int nid;
	uint64_t anon_thp;
	uint64_t file_thp;
	uint64_t shmem_thp;
	uint64_t hwpoison;
};

struct ps_node_page_counts {
	size_t nr_nodes;
	struct ps_node_pages *nodes;	/* like the memory model's nodes */
	uint64_t hwpoison;		/* all nodes */
	uint64_t unreadable;		/* struct pages not in the dump */
};

/*
 * Walk every struct page once. On success, must be freed with
 * ps_node_pages_deinit().
 */
struct ps_error *ps_node_pages_collect(struct ps_target *t,
				       struct ps_node_page_counts *ret);
void ps_node_pages_deinit(struct ps_node_page_counts *c);

#endif
