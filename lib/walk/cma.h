/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The contiguous memory allocator's areas (mm/cma.c): cma_areas[] of
 * cma_area_count, each a name and one pfn range (base_pfn, count), or
 * several (ranges[nranges], v6.15+). A page of an area keeps its owner;
 * the area is context: which reservation it was carved from.
 */
#ifndef PS_CMA_H
#define PS_CMA_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_cma_area {
	uint64_t start_pfn, nr_pages;
	char name[64];
};

struct ps_cma_areas {
	struct ps_cma_area *v;	/* one per range, by area */
	size_t nr;
};

/*
 * Read the CMA areas of @p t whose ranges lie below @p max_pfn. A kernel
 * without cma_areas has none (not an error); one whose struct cma lacks
 * a member needed gives PS_ERR_NO_TYPE. On success, ret->v must be freed
 * with free().
 */
struct ps_error *ps_cma_areas_read(struct ps_target *t, uint64_t max_pfn,
				   struct ps_cma_areas *ret);

/* The area holding @p pfn, or NULL. Valid while @p a is. */
const struct ps_cma_area *ps_cma_area_find(const struct ps_cma_areas *a,
					   uint64_t pfn);

#endif
