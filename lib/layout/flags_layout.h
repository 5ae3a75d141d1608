/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What page->flags keeps above the flag bits: section, node, zone,
 * last_cpupid, KASAN tag, the multi-gen LRU generation and refs
 * (include/linux/page-flags-layout.h). Their widths and places are
 * macros no debug info carries; they are derived here from what the type
 * info does carry (the dimensions of node_data[], __per_cpu_offset[] and
 * struct lru_gen_folio's arrays, enum zone_type, enum pageflags, whether
 * struct page has _last_cpupid) by the kernel's own fitting rule. A
 * caller must still check the result on the dump (walk/flags_check.h)
 * before it shows a field.
 */
#ifndef PS_FLAGS_LAYOUT_H
#define PS_FLAGS_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "layout/layout.h"

/* One field of page->flags: bits [shift, shift + width). */
struct ps_flags_field {
	unsigned shift, width;
};

/* Where a page's last_cpupid lives. */
enum ps_cpupid_home {
	PS_CPUPID_NONE,		/* no CONFIG_NUMA_BALANCING: not kept */
	PS_CPUPID_FLAGS,	/* in page->flags */
	PS_CPUPID_FIELD,	/* LAST_CPUPID_NOT_IN_PAGE_FLAGS: page->_last_cpupid */
};

/*
 * The MGLRU tier rules, told apart by lru_gen_folio.protected's last
 * dimension: MAX_NR_TIERS - 1 before the workingset rework (v6.14), then
 * MAX_NR_TIERS, as tier 0 became protectable too.
 */
enum ps_tier_rule {
	PS_TIER_UNKNOWN,
	/* v6.1..v6.13: order_base_2(refs + PG_workingset + 1) */
	PS_TIER_REFS_WORKINGSET,
	/* v6.14+: PG_workingset: the last tier; else order_base_2(refs + 1)
	 * if PG_referenced, tier 0 if not */
	PS_TIER_REFERENCED,
};

struct ps_flags_layout {
	bool known;		/* derived; else @why says what is missing */
	char why[160];
	unsigned bits;		/* BITS_PER_LONG: page->flags's width */
	unsigned nr_pageflags;
	unsigned max_nr_zones, max_numnodes, nr_cpus;
	struct ps_flags_field section, node, zone, last_cpupid, kasan_tag,
		lru_gen, lru_refs;
	enum ps_cpupid_home cpupid;
	unsigned cpu_bits;	/* LAST__CPU_SHIFT: NR_CPUS_BITS */
	bool lru_gen_built;	/* CONFIG_LRU_GEN: struct lru_gen_folio exists */
	bool gens_flat;		/* its folios[][][] come flattened (BTF): no MAX_NR_GENS */
	unsigned max_nr_gens, max_nr_tiers;
	/* Which rule lru_tier_from_refs(folio_lru_refs()) follows here. */
	enum ps_tier_rule tier_rule;
	bool tier_rule_known;	/* tier_rule != PS_TIER_UNKNOWN */
};

/* The fields of one page's flags word, decoded with a derived layout. */
struct ps_flags_fields {
	unsigned node, zone;
	unsigned gen_stored;	/* gen + 1 while on an MGLRU list, else 0 */
	unsigned refs;		/* the LRU_REFS counter as stored */
	uint32_t last_cpupid;	/* PS_CPUPID_FLAGS only */
};

/*
 * Derive where page->flags keeps its fields, from @p L alone. Never
 * fails: what cannot be derived leaves @p ret->known false and says why.
 */
void ps_flags_layout_derive(const struct ps_layout *L,
			    struct ps_flags_layout *ret);

/* Decode @p flags with @p fl (which must be known). */
void ps_flags_fields_decode(const struct ps_flags_layout *fl, uint64_t flags,
			    struct ps_flags_fields *ret);

/* The last_cpupid value the kernel stores for "none" (all ones). */
uint32_t ps_flags_cpupid_none(const struct ps_flags_layout *fl);

/* The CPU and the low pid bits of a last_cpupid value. */
unsigned ps_flags_cpupid_cpu(const struct ps_flags_layout *fl, uint32_t cpupid);
unsigned ps_flags_cpupid_pid(const struct ps_flags_layout *fl, uint32_t cpupid);

/*
 * The tier of a folio with @p refs, PG_referenced @p referenced and
 * PG_workingset @p workingset (lru_tier_from_refs(folio_lru_refs()));
 * -1 when this kernel's rule is not one pagescope knows.
 */
int ps_flags_tier(const struct ps_flags_layout *fl, unsigned refs,
		  bool referenced, bool workingset);

#endif
