/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-cpu page lists: free pages each CPU keeps out of the buddy lists
 * (and out of NR_FREE_PAGES) so that it can allocate without the zone
 * lock. Counted both from the kernel's pcp->count and by walking them.
 */
#ifndef PS_PCP_H
#define PS_PCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"

struct ps_target;
struct ps_zone;

struct ps_pcp_cpu {
	unsigned cpu;
	bool online;
	int64_t count;		/* pcp->count: pages, as the kernel counts */
	uint64_t pages;		/* pages found on the lists */
	uint64_t entries;	/* list entries (blocks of 1 << order pages) */
	bool broken;		/* a list failed validation: see @fault */
	bool changing;		/* live: a list changed under every walk */
	struct ps_list_fault fault;
	size_t fault_list;	/* the pcp list index of @fault */
};

struct ps_pcp_zone {
	size_t nr_cpus;
	struct ps_pcp_cpu *cpus;	/* possible CPUs only */
	int64_t count;		/* sum of pcp->count */
	uint64_t pages;		/* sum of walked pages */
	size_t nr_broken;
};

/*
 * Read and walk every possible CPU's lists of @p zone. On success, must be
 * freed with ps_pcp_zone_deinit(). A broken list is not an error: it is
 * recorded in the CPU's entry.
 */
struct ps_error *ps_pcp_zone_read(struct ps_target *t,
				  const struct ps_zone *zone,
				  struct ps_pcp_zone *ret);
void ps_pcp_zone_deinit(struct ps_pcp_zone *z);

/* Called with each block of 1 << @p order free pages found on a pcp list. */
typedef struct ps_error *ps_pcp_page_fn(uint64_t pfn, unsigned order,
					void *arg);

/*
 * Walk the lists of @p zone like ps_pcp_zone_read(), calling @p fn for
 * each block on them. An error of @p fn stops the walk and is returned.
 */
struct ps_error *ps_pcp_zone_pages(struct ps_target *t,
				   const struct ps_zone *zone,
				   ps_pcp_page_fn *fn, void *arg);

/* The order of the pages on pcp list @pindex (order_to_pindex reversed). */
unsigned ps_pcp_list_order(const struct ps_target *t, size_t pindex,
			   unsigned pageblock_order);

#endif
