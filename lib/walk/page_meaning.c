// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "walk/page_meaning.h"

/* Where a rule holds. */
enum ps_flag_cond {
	PS_FC_SLAB,		/* a slab: SLUB's own use of the bit */
	PS_FC_SLAB_PARTIAL,	/* a slab, and SLUB marks node-partial ones */
	PS_FC_MGLRU,		/* multi-gen LRU on, not a slab */
	PS_FC_MGLRU_MAYBE,	/* multi-gen LRU built in, state unknown */
	PS_FC_ANON,		/* anonymous, not KSM */
	PS_FC_FILE,		/* page cache */
	PS_FC_SWAPBACKED,	/* anon or shmem: PG_swapcache */
	PS_FC_READAHEAD,	/* clean, not under writeback: file or swap cache */
	PS_FC_READAHEAD_SWAP,	/* the same, in the swap cache */
	PS_FC_MOVABLE_OPS,	/* non-LRU movable */
	PS_FC_MOVABLE_TYPED,	/* a typed page movable_ops can migrate */
	PS_FC_FREE,		/* in the buddy allocator */
	PS_FC_PAT_WC,		/* x86 PAT: PG_arch_1 alone */
	PS_FC_PAT_UC,		/* x86 PAT: PG_uncached alone */
	PS_FC_PAT_WT,		/* x86 PAT: both */
};

/*
 * The rules, first match wins: bit @flag (by any name that resolves to
 * it), where @cond holds, is called @name and means @meaning (NULL: the
 * flag table's meaning of @name).
 */
static const struct ps_flag_rule {
	enum ps_pageflag flag;
	enum ps_flag_cond cond;
	enum ps_pageflag name;
	const char *meaning;
	const char *set_by;	/* NULL: ps_flag_setters[name] */
} ps_flag_rules[] = {
	{ PS_PG_locked, PS_FC_SLAB, PS_PG_locked,
	  "SLUB: slab_lock() held, the bit spinlock over the slab's freelist and counters",
	  "set by slab_lock(), cleared by slab_unlock() (mm/slub.c)" },
	{ PS_PG_active, PS_FC_SLAB, PS_PG_active,
	  "SLUB: the slab came from the pfmemalloc reserves (slab_set_pfmemalloc), not the LRU bit",
	  "set by slab_set_pfmemalloc()|SetPageSlabPfmemalloc() when the slab's pages came from the reserves (mm/slub.c)" },
	{ PS_PG_workingset, PS_FC_SLAB_PARTIAL, PS_PG_workingset,
	  "SLUB: the slab is on its node's partial list (slab_set_node_partial), not the LRU bit",
	  "set by slab_set_node_partial() as the slab joins its node's partial list, cleared by slab_clear_node_partial() (mm/slub.c)" },
	/* MGLRU has no active list to leave: it marks the folios it promotes or protects. */
	{ PS_PG_workingset, PS_FC_MGLRU, PS_PG_workingset,
	  "in the working set, by the multi-gen LRU's rule: set when the folio's access count saturates, or when it refaults, not as it leaves an active list; the folio's tier counts it",
	  "set by lru_gen_inc_refs()|folio_inc_refs() as the access count saturates, and by lru_gen_refault() on a refault" },
	{ PS_PG_active, PS_FC_MGLRU, PS_PG_active,
	  "multi-gen LRU on: clear while the folio is on a generation list; set only off the lists (isolated, migrating, being added) to ask for the youngest generation",
	  "cleared by lru_gen_add_folio(); set by lru_gen_del_folio() for a young folio leaving the lists, and by folio_activate()" },
	{ PS_PG_active, PS_FC_MGLRU_MAYBE, PS_PG_active,
	  "on the active LRU list; but if the multi-gen LRU runs (built in, its switch unread) only a folio off the lists carries it" },
	{ PS_PG_anon_exclusive, PS_FC_ANON, PS_PG_anon_exclusive, NULL },
	{ PS_PG_mappedtodisk, PS_FC_FILE, PS_PG_mappedtodisk, NULL },
	{ PS_PG_swapcache, PS_FC_SWAPBACKED, PS_PG_swapcache, NULL },
	{ PS_PG_readahead, PS_FC_READAHEAD_SWAP, PS_PG_readahead,
	  "the readahead mark: swap readahead marks every page it reads ahead; the first use of the page clears it and counts a readahead hit",
	  "set by swap_cluster_readahead() and swap_vma_readahead() on each page they read ahead, cleared at the first use by swap_update_readahead()|swap_cache_get_folio()|lookup_swap_cache()" },
	{ PS_PG_readahead, PS_FC_READAHEAD, PS_PG_readahead, NULL },
	{ PS_PG_isolated, PS_FC_MOVABLE_OPS, PS_PG_isolated, NULL },
	/* v6.17+: PG_movable_ops marks the page, PG_movable_ops_isolated its isolation */
	{ PS_PG_movable_ops_isolated, PS_FC_MOVABLE_TYPED, PS_PG_movable_ops_isolated, NULL },
	{ PS_PG_movable_ops, PS_FC_MOVABLE_TYPED, PS_PG_movable_ops, NULL },
	{ PS_PG_reported, PS_FC_FREE, PS_PG_reported, NULL },
	{ PS_PG_arch_1, PS_FC_PAT_WC, PS_PG_arch_1,
	  "x86 PAT: this RAM page is mapped write-combining (_PGMT_WC, set_memory_wc())" },
	{ PS_PG_arch_1, PS_FC_PAT_WT, PS_PG_arch_1,
	  "x86 PAT: with PG_uncached, this RAM page is mapped write-through (_PGMT_WT)" },
	{ PS_PG_uncached, PS_FC_PAT_WT, PS_PG_uncached,
	  "x86 PAT: with PG_arch_1, this RAM page is mapped write-through (_PGMT_WT)" },
	{ PS_PG_uncached, PS_FC_PAT_UC, PS_PG_uncached,
	  "x86 PAT: this RAM page is mapped uncached-minus (_PGMT_UC_MINUS, set_memory_uc())" },
};

static const char *const ps_flag_setters[PS_PG_NR];

static bool ps_has(const struct ps_page_decoder *d, uint64_t flags,
		   enum ps_pageflag f)
{
	return ps_page_flag(d, flags, f);
}

/*
 * PG_reclaim and PG_readahead share a bit. Reclaim sets it on dirty or
 * writeback folios only (pageout(), lru_deactivate_file()) and writeback's
 * end clears it; readahead sets it on clean page cache of a file
 * (page_cache_ra_unbounded()) or swap cache (swap_cluster_readahead()).
 */
static bool ps_flag_readahead(const struct ps_page_decoder *d,
			      const struct ps_page *p, uint64_t flags)
{
	bool swapbacked = ps_has(d, flags, PS_PG_swapbacked);

	if (ps_has(d, flags, PS_PG_writeback) || ps_has(d, flags, PS_PG_dirty))
		return false;
	if (swapbacked)
		return ps_has(d, flags, PS_PG_swapcache);
	return p->mapping_kind == PS_MAPPING_FILE;
}

static bool ps_flag_cond_holds(const struct ps_page_decoder *d,
			       const struct ps_page_context *c,
			       const struct ps_page *p, uint64_t flags,
			       enum ps_flag_cond cond)
{
	bool slab = p->type == PS_PT_slab;
	bool arch1 = ps_has(d, flags, PS_PG_arch_1);
	bool uc = ps_has(d, flags, PS_PG_uncached);

	switch (cond) {
	case PS_FC_SLAB:
		return slab;
	case PS_FC_SLAB_PARTIAL:
		return slab && c->slab_node_partial;
	case PS_FC_MGLRU:
		return !slab && c->lru_gen == PS_LRU_GEN_ON;
	case PS_FC_MGLRU_MAYBE:
		return !slab && c->lru_gen == PS_LRU_GEN_UNKNOWN;
	case PS_FC_ANON:
		return p->mapping_kind == PS_MAPPING_ANON;
	case PS_FC_FILE:
		return p->mapping_kind == PS_MAPPING_FILE;
	case PS_FC_SWAPBACKED:
		return !slab && ps_has(d, flags, PS_PG_swapbacked);
	case PS_FC_READAHEAD:
		return ps_flag_readahead(d, p, flags);
	case PS_FC_READAHEAD_SWAP:
		return ps_flag_readahead(d, p, flags) &&
		       ps_has(d, flags, PS_PG_swapbacked);
	case PS_FC_MOVABLE_OPS:
		return p->mapping_kind == PS_MAPPING_MOVABLE;
	case PS_FC_MOVABLE_TYPED:
		return p->type == PS_PT_zsmalloc || p->type == PS_PT_offline;
	case PS_FC_FREE:
		return p->state & PS_PAGE_FREE;
	case PS_FC_PAT_WC:
		return arch1 && !uc;
	case PS_FC_PAT_UC:
		return uc && !arch1;
	case PS_FC_PAT_WT:
		return arch1 && uc;
	}
	return false;
}

/*
 * The bit a rule's flag names. PG_readahead became an enumerator (an
 * alias of PG_reclaim) in v5.16; before, PAGEFLAG(Readahead, reclaim)
 * gave the same bit another name in a macro no type info carries.
 */
static uint64_t ps_rule_mask(const struct ps_page_decoder *d, enum ps_pageflag f)
{
	if (f == PS_PG_readahead && !d->mask[f])
		return d->mask[PS_PG_reclaim];
	return d->mask[f];
}

/* The first BIT name this kernel gives @p bit, or -1. */
static int ps_flag_of_bit(const struct ps_page_decoder *d, unsigned bit)
{
	for (int f = 0; f < PS_PG_NR; f++) {
		if (ps_pageflag_info[f].kind == PS_PGK_BIT &&
		    d->mask[f] == 1ULL << bit)
			return f;
	}
	return -1;
}

static void ps_flag_explain_bit(const struct ps_page_decoder *d,
				const struct ps_page_context *c,
				const struct ps_page *p, uint64_t flags,
				unsigned bit, int base, struct ps_flag_meaning *ret)
{
	ret->bit = bit;
	ret->name = (enum ps_pageflag)base;
	ret->meaning = ps_pageflag_info[base].meaning;
	ret->set_by = ps_pageflag_setters(ret->name);
	for (size_t i = 0; i < sizeof(ps_flag_rules) / sizeof(ps_flag_rules[0]); i++) {
		const struct ps_flag_rule *r = &ps_flag_rules[i];

		if (ps_rule_mask(d, r->flag) != 1ULL << bit ||
		    !ps_flag_cond_holds(d, c, p, flags, r->cond))
			continue;
		ret->name = r->name;
		ret->meaning = r->meaning ? r->meaning
					  : ps_pageflag_info[r->name].meaning;
		ret->set_by = r->set_by ? r->set_by : ps_pageflag_setters(r->name);
		return;
	}
}

size_t ps_page_flags_explain(const struct ps_page_decoder *d,
			     const struct ps_page_context *c,
			     const struct ps_page *p, uint64_t flags,
			     struct ps_flag_meaning *ret, size_t max)
{
	size_t n = 0;

	for (unsigned bit = 0; bit < 64 && n < max; bit++) {
		int base = (flags >> bit) & 1 ? ps_flag_of_bit(d, bit) : -1;

		if (base >= 0)
			ps_flag_explain_bit(d, c, p, flags, bit, base, &ret[n++]);
	}
	return n;
}

const char *ps_page_flags_names(const struct ps_page_decoder *d,
				const struct ps_page_context *c,
				const struct ps_page *p, uint64_t flags,
				char *buf, size_t len)
{
	struct ps_flag_meaning fm[64];
	size_t n = ps_page_flags_explain(d, c, p, flags, fm, 64), used = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", k ? "," : "",
					 ps_pageflag_info[fm[k].name].name);
	return buf;
}

/* Flags the kernel keeps in a folio's second page. */
static const enum ps_pageflag ps_folio_flags1[] = {
	PS_PG_has_hwpoisoned, PS_PG_large_rmappable, PS_PG_partially_mapped,
	PS_PG_double_map,
};

const char *ps_folio_flags1_names(const struct ps_page_decoder *d,
				  uint64_t flags1, char *buf, size_t len)
{
	uint64_t rest = flags1 & d->flag_bits;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(ps_folio_flags1) / sizeof(ps_folio_flags1[0]); i++) {
		uint64_t m = d->mask[ps_folio_flags1[i]];

		if (!(rest & m) || used >= len)
			continue;
		rest &= ~m;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? ", " : "",
					 ps_pageflag_info[ps_folio_flags1[i]].name);
	}
	if (rest && used < len)
		snprintf(buf + used, len - used, "%sother bits %#llx",
			 used ? "; " : "", (unsigned long long)rest);
	else if (!used)
		snprintf(buf, len, "no folio flags");
	return buf;
}

/*
 * Where the kernel sets and clears each flag: functions of mm/ and fs/.
 * A function renamed between kernels is written NEW()|OLD(): output keeps
 * the first name this kernel has (ps_explain_set_by()).
 */
static const char *const ps_flag_setters[PS_PG_NR] = {
	[PS_PG_locked] = "set by folio_lock()|lock_page(), cleared by folio_unlock()|unlock_page()",
	[PS_PG_writeback] = "set by __folio_start_writeback()|__test_set_page_writeback(), cleared by folio_end_writeback()|end_page_writeback()",
	[PS_PG_referenced] = "set by folio_mark_accessed()|mark_page_accessed(); reclaim tests and clears it (folio_check_references()|page_check_references())",
	[PS_PG_uptodate] = "set by folio_mark_uptodate()|SetPageUptodate() once the contents are read or written",
	[PS_PG_dirty] = "set by folio_mark_dirty()|set_page_dirty(), cleared by folio_clear_dirty_for_io()|clear_page_dirty_for_io() before writeback",
	[PS_PG_lru] = "set when added to an LRU list (folio_add_lru()|lru_cache_add()), cleared when isolated (folio_isolate_lru()|isolate_lru_page()) or freed",
	[PS_PG_head] = "set by prep_compound_page() when a large folio is allocated",
	[PS_PG_waiters] = "set by folio_wait_bit_common()|wait_on_page_bit_common() when a task sleeps on the page lock or writeback",
	[PS_PG_active] = "set by folio_activate()|activate_page() and folio_mark_accessed()|mark_page_accessed(), cleared by shrink_active_list()",
	[PS_PG_workingset] = "set by shrink_active_list() as a folio leaves the active list and by workingset_refault()",
	[PS_PG_error] = "set by folio_set_error() on a failed read or write",
	[PS_PG_slab] = "set by allocate_slab(), cleared by __free_slab()",
	[PS_PG_reserved] = "set by reserve_bootmem_region()|memmap_init_reserved_pages() for memblock reservations, or SetPageReserved() in drivers",
	[PS_PG_private] = "set by folio_attach_private()|attach_page_private(), cleared by folio_detach_private()|detach_page_private()",
	[PS_PG_reclaim] = "set on dirty or writeback folios by pageout() and lru_deactivate_file()|lru_deactivate_file_fn(), cleared when writeback ends (folio_end_writeback()|end_page_writeback())",
	[PS_PG_readahead] = "set by page_cache_ra_unbounded() on one page per window, cleared when that page is read (page_cache_async_ra())",
	[PS_PG_swapbacked] = "set for anon and shmem folios (folio_add_new_anon_rmap()|page_add_new_anon_rmap(), shmem_alloc_and_add_folio()|shmem_alloc_and_acct_folio()|shmem_alloc_and_acct_page())",
	[PS_PG_swapcache] = "set by add_to_swap_cache()|__swap_cache_do_add_folio(), cleared by __delete_from_swap_cache()|__swap_cache_do_del_folio()",
	[PS_PG_unevictable] = "set when added to an LRU list while mlocked or on an unevictable mapping (lru_add()|lru_add_fn()|__pagevec_lru_add_fn())",
	[PS_PG_dropbehind] = "set by folio_set_dropbehind() for RWF_DONTCACHE I/O, cleared by folio_end_dropbehind() as the folio is dropped",
	[PS_PG_mlocked] = "set by mlock_folio()|mlock_vma_page(), cleared by munlock_folio()|munlock_page()|munlock_vma_page()",
	[PS_PG_hwpoison] = "set by memory_failure() or soft_offline_page(); never cleared (unpoison_memory() is for tests)",
	[PS_PG_anon_exclusive] = "set by folio_add_new_anon_rmap()|page_add_new_anon_rmap(); cleared at fork and when unmapped for swap, migration or KSM",
	[PS_PG_mappedtodisk] = "set by block_read_full_folio()|block_read_full_page() and mpage reads when every block is mapped",
	[PS_PG_arch_1] = "x86: set_page_memtype() (arch/x86/mm/pat/memtype.c)",
	[PS_PG_uncached] = "x86: set_page_memtype() (arch/x86/mm/pat/memtype.c)",
	[PS_PG_young] = "set by page_idle_clear_pte_refs() when reading /sys/kernel/mm/page_idle/bitmap finds a young PTE; tested and cleared by folio_referenced()|page_referenced()",
	[PS_PG_idle] = "set by writing /sys/kernel/mm/page_idle/bitmap, cleared on access",
	[PS_PG_partially_mapped] = "set by deferred_split_folio() when a part of a mapped folio is unmapped",
	[PS_PG_reported] = "set by page_reporting_drain() once the hypervisor was told",
};

const char *ps_pageflag_setters(enum ps_pageflag f)
{
	return f < PS_PG_NR && ps_flag_setters[f] ? ps_flag_setters[f] : "";
}

void ps_pageflag_setters_each(void (*fn)(const char *set_by, void *arg), void *arg)
{
	for (size_t f = 0; f < PS_PG_NR; f++)
		if (ps_flag_setters[f])
			fn(ps_flag_setters[f], arg);
	for (size_t i = 0; i < sizeof(ps_flag_rules) / sizeof(ps_flag_rules[0]); i++)
		if (ps_flag_rules[i].set_by)
			fn(ps_flag_rules[i].set_by, arg);
}

/* alloc_slab_page() took alloc_frozen_pages() with the allocator's entry. */
bool ps_slab_pages_frozen(const struct ps_layout *L)
{
	return L->sym_alloc_frozen_pages.present;
}
