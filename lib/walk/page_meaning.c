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
	PS_FC_FILE_NO_WB,	/* page cache, not under writeback */
	PS_FC_MOVABLE_OPS,	/* non-LRU movable */
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
} ps_flag_rules[] = {
	{ PS_PG_locked, PS_FC_SLAB, PS_PG_locked,
	  "SLUB: slab_lock() held, the bit spinlock over the slab's freelist and counters" },
	{ PS_PG_active, PS_FC_SLAB, PS_PG_active,
	  "SLUB: the slab came from the pfmemalloc reserves (slab_set_pfmemalloc), not the LRU bit" },
	{ PS_PG_workingset, PS_FC_SLAB_PARTIAL, PS_PG_workingset,
	  "SLUB: the slab is on its node's partial list (slab_set_node_partial), not the LRU bit" },
	{ PS_PG_active, PS_FC_MGLRU, PS_PG_active,
	  "multi-gen LRU on: clear while the folio is on a generation list; set only off the lists (isolated, migrating, being added) to ask for the youngest generation" },
	{ PS_PG_active, PS_FC_MGLRU_MAYBE, PS_PG_active,
	  "on the active LRU list; but if the multi-gen LRU runs (built in, its switch unread) only a folio off the lists carries it" },
	{ PS_PG_anon_exclusive, PS_FC_ANON, PS_PG_anon_exclusive, NULL },
	{ PS_PG_mappedtodisk, PS_FC_FILE, PS_PG_mappedtodisk, NULL },
	{ PS_PG_swapcache, PS_FC_SWAPBACKED, PS_PG_swapcache, NULL },
	{ PS_PG_readahead, PS_FC_FILE_NO_WB, PS_PG_readahead, NULL },
	{ PS_PG_isolated, PS_FC_MOVABLE_OPS, PS_PG_isolated, NULL },
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

static bool ps_has(const struct ps_page_decoder *d, uint64_t flags,
		   enum ps_pageflag f)
{
	return ps_page_flag(d, flags, f);
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
	case PS_FC_FILE_NO_WB:
		return p->mapping_kind == PS_MAPPING_FILE &&
		       !ps_has(d, flags, PS_PG_writeback);
	case PS_FC_MOVABLE_OPS:
		return p->mapping_kind == PS_MAPPING_MOVABLE;
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
	for (size_t i = 0; i < sizeof(ps_flag_rules) / sizeof(ps_flag_rules[0]); i++) {
		const struct ps_flag_rule *r = &ps_flag_rules[i];

		if (d->mask[r->flag] != 1ULL << bit ||
		    !ps_flag_cond_holds(d, c, p, flags, r->cond))
			continue;
		ret->name = r->name;
		ret->meaning = r->meaning ? r->meaning
					  : ps_pageflag_info[r->name].meaning;
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
