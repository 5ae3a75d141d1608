/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory model of the dumped kernel: nodes, zones and SPARSEMEM
 * sections (each with the address of its struct pages and its pageblock
 * bitmap), read once per target.
 */
#ifndef PS_MEMMODEL_H
#define PS_MEMMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_zone {
	int nid;
	int zid;		/* index in the node: enum zone_type */
	char name[16];
	uint64_t addr;		/* struct zone */
	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t managed;
	uint64_t pcp;		/* __percpu struct per_cpu_pages * */
	int64_t nr_free_pages;	/* vm_stat[NR_FREE_PAGES], -1 if unknown */
};

struct ps_node {
	int nid;
	uint64_t pgdat;		/* struct pglist_data */
	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	size_t first_zone;	/* index into ps_memmodel.zones */
	size_t nr_zones;	/* MAX_NR_ZONES, populated or not */
};

struct ps_section {
	uint64_t nr;		/* section number: pfn >> PFN_SECTION_SHIFT */
	uint64_t memmap;	/* struct page of the section's first pfn */
	uint64_t usage;		/* struct mem_section_usage, or 0 */
	uint64_t raw;		/* section_mem_map as stored */
	uint64_t page_ext;	/* mem_section.page_ext as stored, or 0 */
	bool online;		/* SECTION_IS_ONLINE (pfn_to_online_page) */
};

struct ps_memmodel {
	unsigned page_shift;
	unsigned section_shift;		/* PFN_SECTION_SHIFT */
	uint64_t pages_per_section;
	unsigned pageblock_order;
	unsigned pud_order;		/* a gigablock is 1 << pud_order pages */
	uint64_t max_pfn;		/* one past the last valid pfn */

	size_t nr_nodes;
	struct ps_node *nodes;
	size_t nr_zones;
	struct ps_zone *zones;
	size_t nr_sections;
	struct ps_section *sections;	/* present ones, by number */
	/* SECTION_IS_ONLINE readable; else every section counts as online. */
	bool section_online_known;

	/* Where page->flags keeps the zone and node, when derivable. */
	bool flags_have_zone;
	unsigned zones_shift, zones_width;
	bool flags_have_node;
	unsigned nodes_shift, nodes_width;
};

/* The target's memory model, built on first use. Owned by the target. */
struct ps_error *ps_memmodel_get(struct ps_target *t,
				 const struct ps_memmodel **ret);
void ps_memmodel_destroy(struct ps_memmodel *m);

/* The section holding @pfn, or NULL. */
const struct ps_section *ps_memmodel_section(const struct ps_memmodel *m,
					     uint64_t pfn);
/* The zone whose span holds @pfn, or NULL (overlapping spans: the first). */
const struct ps_zone *ps_memmodel_zone_of_pfn(const struct ps_memmodel *m,
					      uint64_t pfn);
/* The zone a page belongs to, from its flags when possible, else its pfn. */
const struct ps_zone *ps_memmodel_zone_of_page(const struct ps_memmodel *m,
					       uint64_t pfn, uint64_t flags);
/* Index into m->zones of zone @zid of node @nid, or -1. */
int ps_memmodel_zone_index(const struct ps_memmodel *m, unsigned nid,
			   unsigned zid);
/*
 * The pfn whose struct page holds @addr, and @addr's offset into it;
 * false when @addr is outside the memory map.
 */
bool ps_memmodel_addr_pfn(const struct ps_memmodel *m, uint64_t page_size,
			  uint64_t addr, uint64_t *pfn_ret,
			  uint64_t *offset_ret);
/* The pfn whose struct page starts at @addr; false when none does. */
bool ps_memmodel_page_pfn(const struct ps_memmodel *m, uint64_t page_size,
			  uint64_t addr, uint64_t *pfn_ret);
/* Kernel virtual address of pfn's struct page, or 0 when it has none. */
uint64_t ps_memmodel_page_addr(const struct ps_memmodel *m, uint64_t page_size,
			       uint64_t pfn);

#endif
