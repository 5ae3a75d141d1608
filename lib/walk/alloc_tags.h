/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pages per code tag of memory allocation profiling (lib/alloc_tag.c):
 * the page extensions of a pfn range read a section at a time, each
 * allocation's first page carrying its tag (pgalloc_tag_add()).
 */
#ifndef PS_ALLOC_TAGS_H
#define PS_ALLOC_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "target/target.h"
#include "walk/page_owner.h"

struct ps_alloc_tag_count {
	struct ps_alloc_tag_info info;
	uint64_t allocations;	/* first pages carrying the tag */
	uint64_t pages;		/* their pages, by page_owner's order where known */
};

struct ps_alloc_tags {
	struct ps_alloc_tag_count *tags;	/* most pages first */
	size_t nr;
	uint64_t untagged;	/* pfns with page extensions and no tag */
	bool orders_known;	/* page_owner on: pages counts whole allocations */
};

/*
 * Count [@p start, @p end). PS_ERR_UNSUPPORTED when the kernel lacks
 * allocation profiling or had it off at boot. On success, must be freed
 * with ps_alloc_tags_deinit().
 */
struct ps_error *ps_alloc_tags_count(struct ps_target *t, uint64_t start, uint64_t end,
				     struct ps_alloc_tags *ret);
void ps_alloc_tags_deinit(struct ps_alloc_tags *tags);

#endif
