// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout/flags_layout.h"

/*
 * LAST__PID_SHIFT: the low pid bits NUMA balancing keeps beside the CPU.
 * A #define (include/linux/page-flags-layout.h, 8 since v3.13) that no
 * debug info carries; the fit check and the dump check below catch a
 * kernel that changed it.
 */
enum { PS_LAST_PID_BITS = 8 };

/* Bounds on what debug info says, before arithmetic trusts it. */
enum { PS_FL_MAX_NODES = 1 << 16, PS_FL_MAX_CPUS = 1 << 20, PS_FL_MAX_GENS = 64,
       PS_FL_MAX_ZONES = 8 };

static unsigned ps_fl_order_base_2(uint64_t n)
{
	unsigned order = 0;

	while (order < 63 && (1ULL << order) < n)
		order++;
	return order;
}

static void ps_fl_unknown(struct ps_flags_layout *fl, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(fl->why, sizeof(fl->why), "flags layout not derivable: ");

	va_start(ap, fmt);
	vsnprintf(fl->why + n, sizeof(fl->why) - (size_t)n, fmt, ap);
	va_end(ap);
	fl->known = false;
}

/* MAX_NUMNODES: node_data[]'s dimension, as VMCOREINFO's LENGTH(node_data) gives it. */
static unsigned ps_fl_max_numnodes(const struct ps_layout *L)
{
	return L->node_data_length.present ? (unsigned)L->node_data_length.value : 0;
}

/*
 * protected[NR_HIST_GENS][ANON_AND_FILE][N]: N is MAX_NR_TIERS - 1 before
 * the workingset rework (v6.14), MAX_NR_TIERS after.
 */
static enum ps_tier_rule ps_fl_tier_rule(const struct ps_lval *prot,
					 const struct ps_lval *refaulted,
					 unsigned word, unsigned tiers)
{
	uint64_t row;

	if (!prot->present || !prot->nr_elems || !refaulted->nr_elems || tiers < 2)
		return PS_TIER_UNKNOWN;
	row = prot->size / prot->nr_elems;
	if (row == refaulted->nr_elems * word * (tiers - 1))
		return PS_TIER_REFS_WORKINGSET;
	if (row == refaulted->nr_elems * word * tiers)
		return PS_TIER_REFERENCED;
	return PS_TIER_UNKNOWN;
}

/* struct lru_gen_folio, or v6.1's struct lru_gen_struct: gens and tiers. */
static void ps_fl_lru_gen(const struct ps_layout *L, struct ps_flags_layout *fl)
{
	bool folio = L->lrugen_folios.present;
	const struct ps_lval *lists = folio ? &L->lrugen_folios : &L->lrugen61_folios;
	const struct ps_lval *refaulted = folio ? &L->lrugen_avg_refaulted
						: &L->lrugen61_avg_refaulted;
	const struct ps_lval *prot = folio ? &L->lrugen_protected
					   : &L->lrugen61_protected;
	unsigned word = fl->bits / 8;

	if (!lists->present)
		return;
	fl->lru_gen_built = true;
	/*
	 * folios[MAX_NR_GENS][ANON_AND_FILE][MAX_NR_ZONES]: an element of
	 * the first dimension is itself an array. BTF (pahole) keeps only the
	 * total count, of list_heads: then the generations are not derivable.
	 */
	fl->gens_flat = lists->nr_elems && L->list_head_prev.present &&
			lists->size / lists->nr_elems <=
				(uint64_t)(L->list_head_prev.value + L->list_head_prev.size);
	fl->max_nr_gens = lists->nr_elems;
	/* avg_refaulted[ANON_AND_FILE][MAX_NR_TIERS] of unsigned long */
	if (refaulted->present && word && refaulted->nr_elems)
		fl->max_nr_tiers = refaulted->size / refaulted->nr_elems / word;
	fl->tier_rule = ps_fl_tier_rule(prot, refaulted, word, fl->max_nr_tiers);
	fl->tier_rule_known = fl->tier_rule != PS_TIER_UNKNOWN;
}

/* Whether the inputs are there and sane; says why not. */
static bool ps_fl_inputs(const struct ps_layout *L, struct ps_flags_layout *fl)
{
	bool numa = L->task_numa_scan_seq.present;	/* NUMA balancing keeps a cpupid */

	fl->nr_pageflags = L->nr_pageflags.present ? (unsigned)L->nr_pageflags.value : 0;
	fl->max_nr_zones = L->max_nr_zones.present ? (unsigned)L->max_nr_zones.value : 0;
	fl->max_numnodes = ps_fl_max_numnodes(L);
	fl->nr_cpus = L->var_per_cpu_offset.present ? L->var_per_cpu_offset.nr_elems : 0;
	if (!L->page_flags.present || fl->bits != 64)
		ps_fl_unknown(fl, "struct page.flags is not a 64-bit word");
	else if (!fl->nr_pageflags || fl->nr_pageflags >= fl->bits)
		ps_fl_unknown(fl, "no usable __NR_PAGEFLAGS in enum pageflags");
	else if (!fl->max_nr_zones || fl->max_nr_zones > PS_FL_MAX_ZONES)
		ps_fl_unknown(fl, "no usable __MAX_NR_ZONES in enum zone_type");
	else if (!fl->max_numnodes || fl->max_numnodes > PS_FL_MAX_NODES)
		ps_fl_unknown(fl, "MAX_NUMNODES unknown (no dimension of node_data[])");
	else if (numa && (!fl->nr_cpus || fl->nr_cpus > PS_FL_MAX_CPUS))
		ps_fl_unknown(fl, "NR_CPUS unknown (no dimension of __per_cpu_offset[])");
	else if (numa && (fl->nr_cpus & (fl->nr_cpus - 1)))
		/* NR_CPUS_BITS was ilog2(NR_CPUS), then order_base_2(): they differ here. */
		ps_fl_unknown(fl, "NR_CPUS %u is not a power of two, and kernels round NR_CPUS_BITS differently",
			      fl->nr_cpus);
	else if (fl->gens_flat)
		ps_fl_unknown(fl, "the type info keeps struct lru_gen_folio's folios[][][] as one flat array (BTF keeps no inner dimensions): MAX_NR_GENS unknown");
	else if (fl->lru_gen_built && (!fl->max_nr_gens || fl->max_nr_gens > PS_FL_MAX_GENS ||
				       fl->max_nr_tiers < 2 || fl->max_nr_tiers > PS_FL_MAX_GENS))
		ps_fl_unknown(fl, "struct lru_gen_folio's arrays give MAX_NR_GENS %u, MAX_NR_TIERS %u",
			      fl->max_nr_gens, fl->max_nr_tiers);
	else
		return true;
	return false;
}

/* Lay the fields out from the top bit down, as the *_PGOFF macros do. */
static void ps_fl_place(struct ps_flags_layout *fl)
{
	struct ps_flags_field *order[] = {
		&fl->section, &fl->node, &fl->zone, &fl->last_cpupid,
		&fl->kasan_tag, &fl->lru_gen, &fl->lru_refs,
	};
	unsigned top = fl->bits;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		top -= order[i]->width;
		order[i]->shift = order[i]->width ? top : 0;
	}
}

/*
 * The fitting rule of page-flags-layout.h: nodes, then last_cpupid, fit
 * only if everything above the flags does; LRU_REFS takes what is left,
 * up to MAX_NR_TIERS - 2. Kernels before the multi-gen LRU have the same
 * rule with no generation bits.
 */
static void ps_fl_fit(const struct ps_layout *L, struct ps_flags_layout *fl)
{
	unsigned avail = fl->bits - fl->nr_pageflags;
	unsigned nodes_shift = ps_fl_order_base_2(fl->max_numnodes);
	unsigned cpupid_shift = 0, used;

	fl->zone.width = ps_fl_order_base_2(fl->max_nr_zones);
	fl->lru_gen.width = fl->lru_gen_built ? ps_fl_order_base_2(fl->max_nr_gens + 1) : 0;
	fl->kasan_tag.width = L->sym_kasan_init_sw_tags.present ||
			      L->sym_kasan_init_hw_tags.present ||
			      L->sym_kasan_init_tags.present ? 8 : 0;
	fl->cpu_bits = ps_fl_order_base_2(fl->nr_cpus);
	if (L->task_numa_scan_seq.present)
		cpupid_shift = PS_LAST_PID_BITS + fl->cpu_bits;
	used = fl->zone.width + fl->lru_gen.width;
	fl->node.width = used + nodes_shift <= avail ? nodes_shift : 0;
	used += fl->node.width + fl->kasan_tag.width;
	fl->last_cpupid.width = used + cpupid_shift <= avail ? cpupid_shift : 0;
	used += fl->last_cpupid.width;
	fl->cpupid = !cpupid_shift ? PS_CPUPID_NONE
		     : fl->last_cpupid.width ? PS_CPUPID_FLAGS : PS_CPUPID_FIELD;
	if (fl->lru_gen_built && used <= avail) {
		unsigned left = avail - used;

		fl->lru_refs.width = fl->max_nr_tiers - 2 < left ? fl->max_nr_tiers - 2 : left;
	}
	used += fl->lru_refs.width;
	if (used > avail)
		ps_fl_unknown(fl, "%u bits of fields above %u flags do not fit in %u", used,
			      fl->nr_pageflags, fl->bits);
	else if (nodes_shift && !fl->node.width)
		ps_fl_unknown(fl, "the node is not in page->flags (NODE_NOT_IN_PAGE_FLAGS)");
}

void ps_flags_layout_derive(const struct ps_layout *L,
			    struct ps_flags_layout *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->known = true;
	ret->bits = 8 * (unsigned)L->page_flags.size;
	ps_fl_lru_gen(L, ret);
	if (!ps_fl_inputs(L, ret))
		return;
	ps_fl_fit(L, ret);
	if (!ret->known)
		return;
	/* The kernel adds page->_last_cpupid exactly when the rule says it must. */
	if (ret->cpupid != PS_CPUPID_NONE &&
	    (ret->cpupid == PS_CPUPID_FIELD) != L->page_last_cpupid.present)
		return ps_fl_unknown(ret, "the fitting rule puts last_cpupid %s, but struct page %s _last_cpupid",
				     ret->cpupid == PS_CPUPID_FIELD ? "outside page->flags" : "in page->flags",
				     L->page_last_cpupid.present ? "has" : "has no");
	ps_fl_place(ret);
}

static unsigned ps_fl_get(const struct ps_flags_field *f, uint64_t flags)
{
	return f->width ? (unsigned)((flags >> f->shift) & ((1ULL << f->width) - 1)) : 0;
}

void ps_flags_fields_decode(const struct ps_flags_layout *fl, uint64_t flags,
			    struct ps_flags_fields *ret)
{
	ret->node = ps_fl_get(&fl->node, flags);
	ret->zone = ps_fl_get(&fl->zone, flags);
	ret->gen_stored = ps_fl_get(&fl->lru_gen, flags);
	ret->refs = ps_fl_get(&fl->lru_refs, flags);
	ret->last_cpupid = ps_fl_get(&fl->last_cpupid, flags);
}

uint32_t ps_flags_cpupid_none(const struct ps_flags_layout *fl)
{
	unsigned w = fl->cpu_bits + PS_LAST_PID_BITS;

	return w >= 32 ? UINT32_MAX : (1u << w) - 1;
}

unsigned ps_flags_cpupid_cpu(const struct ps_flags_layout *fl, uint32_t cpupid)
{
	return (cpupid >> PS_LAST_PID_BITS) & ((1u << fl->cpu_bits) - 1);
}

unsigned ps_flags_cpupid_pid(const struct ps_flags_layout *fl, uint32_t cpupid)
{
	(void)fl;
	return cpupid & ((1u << PS_LAST_PID_BITS) - 1);
}

int ps_flags_tier(const struct ps_flags_layout *fl, unsigned refs,
		  bool referenced, bool workingset)
{
	switch (fl->tier_rule) {
	case PS_TIER_REFS_WORKINGSET:
		/* folio_lru_refs() adds PG_workingset; lru_tier_from_refs() is log2. */
		return (int)ps_fl_order_base_2((uint64_t)refs + workingset + 1);
	case PS_TIER_REFERENCED:
		/* PG_workingset marks the last tier; LRU_REFS counts only under PG_referenced. */
		if (workingset)
			return (int)fl->max_nr_tiers - 1;
		return referenced ? (int)ps_fl_order_base_2((uint64_t)refs + 1) : 0;
	default:
		return -1;
	}
}
