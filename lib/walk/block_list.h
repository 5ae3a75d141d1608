/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every pageblock summary of a pfn range at once, walked on every core:
 * for a caller that prints them in order (blocks). Holds one summary per
 * pageblock, which is what a caller streaming ps_block_iter would not.
 */
#ifndef PS_BLOCK_LIST_H
#define PS_BLOCK_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/blockscan.h"

struct ps_target;

struct ps_block_list {
	struct ps_pageblock_bits bits;
	size_t nr;
	struct ps_block_summary *blocks;	/* in pfn order */
};

/*
 * The summaries of the pageblocks holding pfns [@p start, @p end), the
 * same as ps_block_iter would give. On success, free with
 * ps_block_list_deinit().
 */
struct ps_error *ps_block_list_collect(struct ps_target *t, uint64_t start,
				       uint64_t end, struct ps_block_list *ret);
void ps_block_list_deinit(struct ps_block_list *l);

#endif
