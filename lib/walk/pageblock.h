/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pageblocks: the 2 MiB (pageblock_order) units the allocator tags with a
 * migratetype, read from each memory section's pageblock bitmap with the
 * bit layout of the kernel's own enum pageblock_bits.
 */
#ifndef PS_PAGEBLOCK_H
#define PS_PAGEBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;
struct ps_layout;

enum { PS_MAX_MIGRATETYPES = 8 };

/* Where a pageblock's bits sit: from enum pageblock_bits and migratetype. */
struct ps_pageblock_bits {
	unsigned nr_bits;	/* NR_PAGEBLOCK_BITS: 4 (v6.1..), 8 later */
	unsigned mt_shift;	/* PB_migrate */
	uint64_t mt_mask;	/* PB_migrate .. PB_migrate_end */
	int skip_bit;		/* PB_migrate_skip / PB_compact_skip; -1 none */
	int isolate_bit;	/* PB_migrate_isolate; -1 when isolation is a type */
	unsigned nr_types;	/* MIGRATE_TYPES */
	int isolate_type;	/* MIGRATE_ISOLATE, or -1 */
	int movable_type;	/* MIGRATE_MOVABLE, or -1 */
	int cma_type;		/* MIGRATE_CMA, or -1 (no CONFIG_CMA) */
	char names[PS_MAX_MIGRATETYPES][16];	/* the kernel's migratetype_names */
};

struct ps_pageblock {
	uint64_t pfn;		/* first pfn of the block */
	uint8_t migratetype;	/* may be >= nr_types in garbage data */
	bool skip;		/* compaction skips it */
	bool isolate;		/* isolated (separate bit, or MIGRATE_ISOLATE) */
	uint8_t raw;		/* all of its bits */
};

/* The bit layout; names from the dump when @p t is given, else generic. */
struct ps_error *ps_pageblock_bits_init(struct ps_pageblock_bits *b,
					const struct ps_layout *layout,
					struct ps_target *t);

/* Decode block @p index of a section's bitmap @p words. */
void ps_pageblock_decode(const struct ps_pageblock_bits *b,
			 const uint64_t *words, size_t index,
			 struct ps_pageblock *ret);

/*
 * Read the pageblocks of the section holding @p pfn: @p nr_ret blocks
 * into @p ret (room for pages_per_section >> pageblock_order entries).
 */
struct ps_error *ps_pageblock_read_section(struct ps_target *t,
					   const struct ps_pageblock_bits *b,
					   uint64_t pfn,
					   struct ps_pageblock *ret,
					   size_t *nr_ret);

/* The same through @p mem, a clone of the target's reader (threads). */
struct ps_mem;
struct ps_error *ps_pageblock_read_section_mem(struct ps_target *t,
					       const struct ps_mem *mem,
					       const struct ps_pageblock_bits *b,
					       uint64_t pfn,
					       struct ps_pageblock *ret,
					       size_t *nr_ret);

/*
 * Count the pageblocks of zone @p zone per migratetype as
 * /proc/pagetypeinfo does: one sample every pageblock_nr_pages from the
 * zone's (unaligned) first pfn, skipping pfns without an online memory
 * map and pfns whose page belongs to another zone. @p counts has
 * b->nr_types entries.
 */
struct ps_zone;
struct ps_error *ps_pageblock_count_zone(struct ps_target *t,
					 const struct ps_pageblock_bits *b,
					 const struct ps_zone *zone,
					 uint64_t *counts);

/* The kernel's name for migratetype @p mt ("Movable"), or "invalid". */
const char *ps_migratetype_name(const struct ps_pageblock_bits *b, unsigned mt);

#endif
