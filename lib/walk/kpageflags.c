// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/target.h"
#include "walk/page_walk.h"
#include "walk/kpageflags.h"

static const char *const ps_kpf_bit_names[64] = {
#define PS_KPF_NAME(name, bit) [bit] = #name,
	PS_KPF_BITS(PS_KPF_NAME)
#undef PS_KPF_NAME
};

static const uint64_t ps_kpf_none = ~0ULL;

/* ------------------------------------------------------------------ */
/* The rules of this kernel                                           */
/* ------------------------------------------------------------------ */

/* A pfn the kernel keeps in an unsigned long variable; ~0 when unknown. */
static uint64_t ps_kpf_read_pfn(struct ps_target *t, const struct ps_lval *sym,
				const char *name)
{
	uint64_t addr, v;
	struct ps_error *err = ps_target_symbol_addr(t, sym, name, &addr);

	if (!err)
		err = ps_target_read_u64(t, addr, &v);
	if (err) {
		ps_error_destroy(err);
		return ps_kpf_none;
	}
	return v;
}

void ps_kpf_rules_init(struct ps_target *t, struct ps_kpf_rules *r)
{
	const struct ps_layout *L = &t->layout;

	memset(r, 0, sizeof(*r));
	/*
	 * v6.9 rewrote stable_page_flags() on folios: flags from the folio,
	 * KPF_THP from PG_large_rmappable (v6.6), which is the feature read
	 * here; a v6.6-v6.8 kernel still reported each page's own word.
	 */
	r->folio_flags = L->pg[PS_PG_large_rmappable].present;
	/*
	 * The rewrite tested mapping & PAGE_MAPPING_KSM (3): true on any anon
	 * page (still so when v6.17 renamed it FOLIO_MAPPING_KSM). 7.x has the
	 * exact test; struct page_snapshot (v6.17) is the sign taken for it,
	 * the nearest feature: a kernel between the two may differ on KSM.
	 */
	r->ksm_exact = !r->folio_flags || L->page_snapshot_size.present;
	/* Hugh Dickins' v6.2 rework stopped counting a file THP's PMD mappings
	 * in each page: the folio got _nr_pages_mapped (later _large_mapcount). */
	r->file_thp_own_count = !L->folio_nr_pages_mapped.present &&
				!L->folio_large_mapcount.present &&
				!L->folio_subpages_mapcount.present;
	/* zero_pfn became zero_page_pfn in v7.x. */
	r->zero_pfn = L->sym_zero_pfn.present
			      ? ps_kpf_read_pfn(t, &L->sym_zero_pfn, "zero_pfn")
			      : ps_kpf_read_pfn(t, &L->sym_zero_page_pfn, "zero_page_pfn");
	r->huge_zero_pfn = ps_kpf_read_pfn(t, &L->sym_huge_zero_pfn, "huge_zero_pfn");
	if (r->zero_pfn == ps_kpf_none || !L->sym_huge_zero_pfn.present)
		snprintf(r->why, sizeof(r->why),
			 "zero_page not derived for the %s: its pfn could not be read",
			 r->zero_pfn == ps_kpf_none ? "zero page" : "huge zero page");
}

/* ------------------------------------------------------------------ */
/* One page                                                           */
/* ------------------------------------------------------------------ */

static uint64_t ps_kpf_bit(bool set, enum ps_kpf bit)
{
	return set ? 1ULL << bit : 0;
}

/* kpf_copy_bit(): page flag @p f of @p k to KPF bit @p bit, if the kernel has it. */
static uint64_t ps_kpf_copy(const struct ps_page_decoder *d, uint64_t k,
			    enum ps_pageflag f, enum ps_kpf bit)
{
	return ps_kpf_bit(ps_page_flag(d, k, f), bit);
}

static const struct {
	enum ps_pageflag pg;
	enum ps_kpf kpf;
} ps_kpf_copied[] = {
	{ PS_PG_locked, PS_KPF_locked },	 { PS_PG_error, PS_KPF_error },
	{ PS_PG_dirty, PS_KPF_dirty },		 { PS_PG_uptodate, PS_KPF_uptodate },
	{ PS_PG_writeback, PS_KPF_writeback },	 { PS_PG_lru, PS_KPF_lru },
	{ PS_PG_referenced, PS_KPF_referenced }, { PS_PG_active, PS_KPF_active },
	{ PS_PG_reclaim, PS_KPF_reclaim },	 { PS_PG_swapbacked, PS_KPF_swapbacked },
	{ PS_PG_unevictable, PS_KPF_unevictable }, { PS_PG_mlocked, PS_KPF_mlocked },
	{ PS_PG_reserved, PS_KPF_reserved },	 { PS_PG_owner_2, PS_KPF_owner_2 },
	{ PS_PG_mappedtodisk, PS_KPF_owner_2 },	 { PS_PG_private, PS_KPF_private },
	{ PS_PG_private_2, PS_KPF_private_2 },	 { PS_PG_owner_priv_1, PS_KPF_owner_private },
	{ PS_PG_arch_1, PS_KPF_arch },		 { PS_PG_arch_2, PS_KPF_arch_2 },
	{ PS_PG_arch_3, PS_KPF_arch_3 },	 { PS_PG_uncached, PS_KPF_uncached },
	/* With CONFIG_PAGE_IDLE_FLAG on 64-bit, PG_idle; else page_ext (not read). */
	{ PS_PG_idle, PS_KPF_idle },
};

/* A slab, a page table, a free page ...: _mapcount holds a type, not a count. */
static bool ps_kpf_typed(const struct ps_page *p)
{
	return p->type != PS_PT_none && p->type != PS_PT_hugetlb;
}

static bool ps_kpf_large(const struct ps_page *p)
{
	return p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL);
}

bool ps_kpf_page_mapped(const struct ps_page *p)
{
	return !ps_kpf_typed(p) && !(p->state & PS_PAGE_FREE) &&
	       (p->mapcount > 0 || p->entire_mapcount > 0);
}

bool ps_kpf_folio_mapped(const struct ps_page *pages, size_t n)
{
	if (!n || ps_kpf_typed(&pages[0]))
		return false;
	/* A hugetlb folio is mapped whole or not at all. */
	if (pages[0].type == PS_PT_hugetlb)
		return pages[0].entire_mapcount > 0;
	for (size_t i = 0; i < n; i++)
		if (ps_kpf_page_mapped(&pages[i]))
			return true;
	return false;
}

/* KPF_HUGE, KPF_THP, KPF_ZERO_PAGE: which big or special page it is. */
static uint64_t ps_kpf_kind(const struct ps_kpf_rules *r, const struct ps_page_decoder *d,
			    const struct ps_page *p, bool anon)
{
	bool large = ps_kpf_large(p);

	if (p->type == PS_PT_hugetlb)
		return 1ULL << PS_KPF_huge;
	if (r->folio_flags && large && ps_page_flag(d, p->folio_flags_1, PS_PG_large_rmappable))
		return 1ULL << PS_KPF_thp;
	/* Before v6.9: any compound page on an LRU list or anonymous. */
	if (!r->folio_flags && large && (ps_page_flag(d, p->folio_flags, PS_PG_lru) || anon))
		return 1ULL << PS_KPF_thp;
	if (large && p->head_pfn == r->huge_zero_pfn)
		return 1ULL << PS_KPF_zero_page | 1ULL << PS_KPF_thp;
	if (!large && p->pfn == r->zero_pfn)
		return 1ULL << PS_KPF_zero_page;
	return 0;
}

/* KPF_MMAP, KPF_ANON, KPF_KSM: from the folio's mapping word. */
static uint64_t ps_kpf_mapped(const struct ps_kpf_rules *r, const struct ps_page *p,
			      bool folio_mapped)
{
	uint64_t u = 0;
	unsigned low = (unsigned)(p->mapping & 3);

	/* Before v6.9 a slab page was never KPF_MMAP (_mapcount overloaded). */
	if (folio_mapped && !(!r->folio_flags && p->type == PS_PT_slab))
		u |= 1ULL << PS_KPF_mmap;
	if (low & 1) {
		u |= 1ULL << PS_KPF_anon;
		if (!r->ksm_exact || low == 3)
			u |= 1ULL << PS_KPF_ksm;
	}
	return u;
}

uint64_t ps_kpf_flags(const struct ps_kpf_rules *r, const struct ps_page_decoder *d,
		      const struct ps_page *p, bool folio_mapped)
{
	uint64_t k = r->folio_flags ? p->folio_flags : p->flags;
	uint64_t swapcache = d->mask[PS_PG_swapbacked] | d->mask[PS_PG_swapcache];
	uint64_t u = ps_kpf_mapped(r, p, folio_mapped);

	u |= ps_kpf_bit(p->state & PS_PAGE_HEAD, PS_KPF_compound_head);
	u |= ps_kpf_bit(p->state & PS_PAGE_TAIL, PS_KPF_compound_tail);
	u |= ps_kpf_kind(r, d, p, u & (1ULL << PS_KPF_anon));
	u |= ps_kpf_bit(p->state & PS_PAGE_FREE, PS_KPF_buddy);
	u |= ps_kpf_bit(p->type == PS_PT_offline, PS_KPF_offline);
	u |= ps_kpf_bit(p->type == PS_PT_table, PS_KPF_pgtable);
	u |= ps_kpf_bit(p->type == PS_PT_slab, PS_KPF_slab);
	for (size_t i = 0; i < sizeof(ps_kpf_copied) / sizeof(ps_kpf_copied[0]); i++)
		u |= ps_kpf_copy(d, k, ps_kpf_copied[i].pg, ps_kpf_copied[i].kpf);
	/* PageSwapCache() has always read the head's PG_swapbacked and PG_swapcache. */
	u |= ps_kpf_bit(swapcache && (p->folio_flags & swapcache) == swapcache,
			PS_KPF_swapcache);
	/* PG_hwpoison is per page, but a hugetlb folio's is on its head. */
	u |= ps_kpf_copy(d, (u & (1ULL << PS_KPF_huge)) ? k : p->flags, PS_PG_hwpoison,
			 PS_KPF_hwpoison);
	return u;
}

int64_t ps_kpf_count(const struct ps_kpf_rules *r, const struct ps_page_decoder *d,
		     const struct ps_page *p)
{
	bool anon = p->mapping & 1;
	int64_t n;

	if (ps_kpf_typed(p) || (p->state & PS_PAGE_FREE))
		return 0;
	n = p->mapcount > 0 ? p->mapcount : 0;
	if (!ps_kpf_large(p))
		return n;
	if (r->file_thp_own_count && !anon && p->type != PS_PT_hugetlb)
		return n;
	n += p->entire_mapcount > 0 ? p->entire_mapcount : 0;
	if (r->file_thp_own_count && ps_page_flag(d, p->folio_flags_1, PS_PG_double_map))
		n--;
	return n;
}

const char *ps_kpf_names(uint64_t flags, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (unsigned b = 0; b < 64 && n < len; b++) {
		if (!(flags >> b & 1))
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      ps_kpf_bit_names[b] ? ps_kpf_bit_names[b] : "?");
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* A pfn-ordered stream                                               */
/* ------------------------------------------------------------------ */

struct ps_error *ps_kpf_stream_init(struct ps_kpf_stream *s, const struct ps_kpf_rules *r,
				    const struct ps_page_decoder *d, ps_kpf_emit_fn *emit,
				    void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->rules = r;
	s->dec = d;
	s->emit = emit;
	s->ctx = ctx;
	s->folio = calloc(PS_KPF_FOLIO_MAX, sizeof(*s->folio));
	return s->folio ? NULL : ps_error_nomem();
}

void ps_kpf_stream_deinit(struct ps_kpf_stream *s)
{
	free(s->folio);
	s->folio = NULL;
}

static struct ps_error *ps_kpf_emit(struct ps_kpf_stream *s, const struct ps_page *p,
				    bool folio_mapped)
{
	struct ps_kpf_entry e = {
		.pfn = p->pfn,
		.flags = ps_kpf_flags(s->rules, s->dec, p, folio_mapped),
		.count = ps_kpf_count(s->rules, s->dec, p),
	};

	return s->emit(s->ctx, &e);
}

struct ps_error *ps_kpf_stream_flush(struct ps_kpf_stream *s)
{
	bool mapped = ps_kpf_folio_mapped(s->folio, s->nr);
	struct ps_error *err = NULL;

	for (size_t i = 0; i < s->nr && !err; i++)
		err = ps_kpf_emit(s, &s->folio[i], mapped);
	s->nr = 0;
	return err;
}

/* Whether @p p's folio must be seen whole: large, untyped, not hugetlb. */
static bool ps_kpf_waits(const struct ps_page *p)
{
	return ps_kpf_large(p) && !ps_kpf_typed(p) && p->type != PS_PT_hugetlb &&
	       !(p->state & PS_PAGE_UNREADABLE) && (1ULL << p->order) <= PS_KPF_FOLIO_MAX &&
	       p->pfn >= p->head_pfn && p->pfn - p->head_pfn < (1ULL << p->order);
}

struct ps_error *ps_kpf_stream_push(struct ps_kpf_stream *s, const struct ps_page *p)
{
	struct ps_error *err;

	/* Another folio begins: the waiting one is complete. */
	if (s->nr && (p->pfn >= s->folio_end || p->head_pfn != s->folio[0].head_pfn)) {
		err = ps_kpf_stream_flush(s);
		if (err)
			return err;
	}
	if (!ps_kpf_waits(p))
		return ps_kpf_emit(s, p, ps_kpf_folio_mapped(p, 1));
	if (!s->nr)
		s->folio_end = p->head_pfn + (1ULL << p->order);
	s->folio[s->nr++] = *p;
	if (p->pfn + 1 == s->folio_end || s->nr == PS_KPF_FOLIO_MAX)
		return ps_kpf_stream_flush(s);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* One page of a target                                               */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_kpf_keep(void *ctx, const struct ps_kpf_entry *e)
{
	struct ps_kpf_entry *want = ctx;

	if (e->pfn == want->pfn)
		*want = *e;
	return NULL;
}

/* Push the pages of @p p's folio through @p s, read in one walk. */
static struct ps_error *ps_kpf_folio_walk(struct ps_target *t, struct ps_kpf_stream *s,
					  const struct ps_page *p)
{
	uint64_t end = p->head_pfn + (1ULL << p->order);
	const struct ps_page *pages;
	struct ps_page_iter it;
	size_t nr;
	struct ps_error *err = ps_page_iter_init(&it, t, p->head_pfn, end);

	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr)))
		for (size_t i = 0; i < nr && !err; i++)
			err = ps_kpf_stream_push(s, &pages[i]);
	ps_page_iter_deinit(&it);
	if (err != &ps_stop)
		return err;
	return ps_kpf_stream_flush(s);
}

struct ps_error *ps_kpf_of_page(struct ps_target *t, const struct ps_kpf_rules *r,
				const struct ps_page_decoder *d, const struct ps_page *p,
				struct ps_kpf_entry *ret)
{
	struct ps_kpf_stream s;
	struct ps_error *err;

	ret->pfn = p->pfn;
	ret->flags = ps_kpf_flags(r, d, p, ps_kpf_folio_mapped(p, 1));
	ret->count = ps_kpf_count(r, d, p);
	if (!ps_kpf_waits(p))
		return NULL;
	err = ps_kpf_stream_init(&s, r, d, ps_kpf_keep, ret);
	if (err)
		return err;
	err = ps_kpf_folio_walk(t, &s, p);
	ps_kpf_stream_deinit(&s);
	return err;
}

/* ------------------------------------------------------------------ */
/* A range                                                            */
/* ------------------------------------------------------------------ */

/* Only the range's pfns go on; readable ones (the kernel's NOPAGE aside). */
struct ps_kpf_range {
	uint64_t start, end;
	ps_kpf_emit_fn *emit;
	void *ctx;
};

static struct ps_error *ps_kpf_range_emit(void *ctx, const struct ps_kpf_entry *e)
{
	const struct ps_kpf_range *rg = ctx;

	if (e->pfn < rg->start || e->pfn >= rg->end)
		return NULL;
	return rg->emit(rg->ctx, e);
}

static struct ps_error *ps_kpf_walk_pages(struct ps_kpf_stream *s, struct ps_page_iter *it)
{
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	while (!(err = ps_page_iter_next(it, &pages, &nr)))
		for (size_t i = 0; i < nr && !err; i++)
			if (!(pages[i].state & PS_PAGE_UNREADABLE))
				err = ps_kpf_stream_push(s, &pages[i]);
	if (err != &ps_stop)
		return err;
	return ps_kpf_stream_flush(s);
}

struct ps_error *ps_kpf_walk(struct ps_target *t, const struct ps_mem *mem,
			     const struct ps_kpf_rules *r, uint64_t start, uint64_t end,
			     ps_kpf_emit_fn *emit, void *ctx)
{
	/* Folios that wait are aligned to their size, at most this. */
	const uint64_t align = PS_KPF_FOLIO_MAX;
	struct ps_kpf_range rg = { .start = start, .end = end, .emit = emit, .ctx = ctx };
	struct ps_kpf_stream s;
	struct ps_page_iter it;
	struct ps_error *err;

	if (end <= start)
		return NULL;
	if (end > UINT64_MAX - align)
		return ps_error_create(PS_ERR_USAGE, "pfns %#" PRIx64 "-%#" PRIx64 ": not a range",
				       start, end);
	err = ps_page_iter_init_mem(&it, t, mem, start & ~(align - 1),
				    (end + align - 1) & ~(align - 1));
	if (err)
		return err;
	err = ps_kpf_stream_init(&s, r, &it.dec, ps_kpf_range_emit, &rg);
	if (err) {
		ps_page_iter_deinit(&it);
		return err;
	}
	err = ps_kpf_walk_pages(&s, &it);
	ps_kpf_stream_deinit(&s);
	ps_page_iter_deinit(&it);
	return err;
}
