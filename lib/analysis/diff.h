/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Before and after: the figures of one kernel's state that compare across
 * dumps and snapshots (the counters check verifies, free blocks per zone,
 * order and migratetype, pages per type and flag, gigablocks and their
 * verdicts, pageblock migratetypes, pages per owner), and what changed
 * between two.
 * Figures are matched by name, so two kernels compare too.
 */
#ifndef PS_DIFF_H
#define PS_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

#define PS_DIFF_SECTIONS(X)                                                    \
	X(counter, "counters: the kernel's value (walked value)")              \
	X(free, "free pages in buddy blocks, per zone, order and migratetype") \
	X(pages, "pages per type, flag and state")                             \
	X(gigablock, "gigablocks: free pages (unmovable pages), verdict")      \
	X(pageblock, "pageblocks whose migratetype changed")                   \
	X(owner, "pages per owner kind and per owner")

enum ps_diff_section {
#define PS_DIFF_SECTION_ENUM(name, what) PS_DIFF_##name,
	PS_DIFF_SECTIONS(PS_DIFF_SECTION_ENUM)
#undef PS_DIFF_SECTION_ENUM
	PS_DIFF_NR
};

extern const char *const ps_diff_section_names[PS_DIFF_NR];
extern const char *const ps_diff_section_meanings[PS_DIFF_NR];

/* One figure; @verdict is an enum ps_verdict or ps_gb_verdict, or -1. */
struct ps_diff_figure {
	char key[128];
	int64_t value, value2;
	int verdict;
};

struct ps_diff_state {
	size_t nr[PS_DIFF_NR], cap[PS_DIFF_NR];
	struct ps_diff_figure *figures[PS_DIFF_NR];
	/* Every pageblock's migratetype, by pfn: for the changes between. */
	size_t nr_blocks;
	uint64_t *block_pfn;
	uint8_t *block_type;
	char type_names[16][16];
	unsigned nr_types;
	char release[80];
	/* Why the owners were not counted (not in the type info, not in the
	 * dump), or empty. */
	char owner_note[256];
};

/*
 * Everything @p t's state is compared by. On success, must be freed with
 * ps_diff_state_deinit().
 */
struct ps_error *ps_diff_state_collect(struct ps_target *t,
				       struct ps_diff_state *ret);
void ps_diff_state_deinit(struct ps_diff_state *s);

/* A figure that differs between before (a) and after (b). */
struct ps_diff_change {
	enum ps_diff_section section;
	const char *key;	/* valid while both states are */
	bool in_a, in_b;
	int64_t a, b, a2, b2;
	int verdict_a, verdict_b;
	uint64_t first_pfn;	/* pageblock changes: the first such block */
};

struct ps_diff {
	size_t nr;
	struct ps_diff_change *changes;	/* by section, then by size */
	size_t nr_broke;	/* check rows ok before, FAIL after */
	size_t nr_mended;	/* FAIL before, ok after */
	size_t nr_chances_lost, nr_chances_gained;	/* gigablocks */
	size_t nr_blocks_compared;
	char **pair_keys;	/* "Movable -> Unmovable", pageblock changes' keys */
	size_t nr_pairs;
	/* The owner section is compared only when both sides have it. */
	bool owners_compared;
	const char *owner_note;	/* why not, pointing into a state; or "" */
};

/*
 * What changed from @p a to @p b. On success, must be freed with
 * ps_diff_deinit(); it points into both states.
 */
struct ps_error *ps_diff_compute(const struct ps_diff_state *a,
				 const struct ps_diff_state *b,
				 struct ps_diff *ret);
void ps_diff_deinit(struct ps_diff *d);

/* The size of a change, to sort by: pages moved, or the count's delta. */
uint64_t ps_diff_change_size(const struct ps_diff_change *c);

#endif
