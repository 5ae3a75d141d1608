// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "layout/buf.h"
#include "layout/features.h"
#include "kernel/memmodel.h"
#include "walk/page.h"

const char *const ps_page_type_names[PS_PT_NR] = {
#define PS_PT_NAME(name, meaning) [PS_PT_##name] = #name,
	PS_PAGE_TYPES(PS_PT_NAME)
#undef PS_PT_NAME
};

const char *const ps_page_type_meanings[PS_PT_NR] = {
#define PS_PT_MEANING(name, meaning) [PS_PT_##name] = meaning,
	PS_PAGE_TYPES(PS_PT_MEANING)
#undef PS_PT_MEANING
};

const char *const ps_mapping_kind_names[PS_MAPPING_NR] = {
	[PS_MAPPING_NONE] = "none", [PS_MAPPING_FILE] = "file", [PS_MAPPING_ANON] = "anon",
	[PS_MAPPING_KSM] = "ksm", [PS_MAPPING_MOVABLE] = "movable_ops",
};

/*
 * The low bits of page->mapping (PAGE_MAPPING_ANON = 1, _MOVABLE = 2,
 * both for KSM) are #defines that no debug info, BTF or VMCOREINFO
 * carries; they are unchanged since v2.6.19 and /proc/kpageflags's ABI
 * depends on them.
 */
enum {
	PS_PAGE_MAPPING_ANON = 0x1,
	PS_PAGE_MAPPING_MOVABLE = 0x2,
	PS_PAGE_MAPPING_FLAGS = PS_PAGE_MAPPING_ANON | PS_PAGE_MAPPING_MOVABLE,
};

/* ------------------------------------------------------------------ */
/* Preparing the decoder                                              */
/* ------------------------------------------------------------------ */

static int32_t ps_opt_off(const struct ps_lval *v, int64_t base)
{
	return v->present ? (int32_t)(v->value + base) : -1;
}

static void ps_decoder_flags(struct ps_page_decoder *d,
			     const struct ps_layout *L)
{
	unsigned nr = L->nr_pageflags.present && L->nr_pageflags.value < 64
			      ? (unsigned)L->nr_pageflags.value
			      : 64;

	d->flag_bits = nr < 64 ? (1ULL << nr) - 1 : ~0ULL;
	for (int f = 0; f < PS_PG_NR; f++) {
		d->mask[f] = L->pg[f].present && L->pg[f].value < 64
				     ? 1ULL << L->pg[f].value
				     : 0;
		if (ps_pageflag_info[f].kind == PS_PGK_BIT &&
		    ps_pageflag_info[f].policy == PS_PGP_ANY)
			d->per_page_bits |= d->mask[f];
	}
}

static void ps_type_byte(struct ps_page_decoder *d, const struct ps_lval *v,
			 enum ps_page_type type)
{
	if (v->present && v->value >= 0 && v->value < 256)
		d->type_by_byte[v->value] = (uint8_t)type;
}

/*
 * Since v6.11 the top byte of page_type holds an enum pagetype value.
 * VMCOREINFO's PAGE_BUDDY_MAPCOUNT_VALUE (PGTY_buddy << shift) confirms
 * where the byte sits.
 */
static struct ps_error *ps_decoder_types_top_byte(struct ps_page_decoder *d,
						  const struct ps_layout *L)
{
	d->type_in_top_byte = true;
	d->type_shift = 8 * L->page_page_type.size - 8;
	if (L->buddy_mapcount_value.present &&
	    (uint32_t)L->buddy_mapcount_value.value !=
		    (uint32_t)L->pgty_buddy.value << d->type_shift)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "page_type encoding not understood: PAGE_BUDDY_MAPCOUNT_VALUE is 0x%llx",
				       (unsigned long long)L->buddy_mapcount_value.value);
	ps_type_byte(d, &L->pgty_buddy, PS_PT_buddy);
	ps_type_byte(d, &L->pgty_offline, PS_PT_offline);
	ps_type_byte(d, &L->pgty_table, PS_PT_table);
	ps_type_byte(d, &L->pgty_guard, PS_PT_guard);
	ps_type_byte(d, &L->pgty_hugetlb, PS_PT_hugetlb);
	ps_type_byte(d, &L->pgty_slab, PS_PT_slab);
	ps_type_byte(d, &L->pgty_zsmalloc, PS_PT_zsmalloc);
	ps_type_byte(d, &L->pgty_unaccepted, PS_PT_unaccepted);
	ps_type_byte(d, &L->pgty_large_kmalloc, PS_PT_large_kmalloc);
	return NULL;
}

/*
 * Before v6.11 each page type is one bit cleared from an all-ones
 * page_type (#defines, in no type info): PG_buddy, PG_offline, then
 * PG_kmemcg while struct page had mem_cgroup (before v5.11), then PG_table
 * and PG_guard. VMCOREINFO gives the first two; when they are such bits,
 * one after the other, the rest follow them. A page may carry two types
 * (a page table charged to a memcg): each is a bit to test.
 * tests/dump/test_pages.py holds PG_table to /proc/kpageflags' KPF_PGTABLE.
 */
static void ps_decoder_types_derived(struct ps_page_decoder *d, const struct ps_layout *L)
{
	uint32_t buddy = ~d->buddy_value, offline = ~d->offline_value;
	unsigned next = L->page_mem_cgroup.present ? 2 : 1;

	if (!d->offline_value || !buddy || (buddy & (buddy - 1)) || offline != buddy << 1 ||
	    offline >= 1u << 27)
		return;
	d->table_bit = offline << next;
	d->guard_bit = offline << (next + 1);
}

/* Before v6.11: exact _mapcount values, as VMCOREINFO gives them. */
static struct ps_error *ps_decoder_types_exact(struct ps_page_decoder *d,
					       const struct ps_layout *L)
{
	if (!L->buddy_mapcount_value.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "cannot tell free pages: neither enum pagetype nor VMCOREINFO's PAGE_BUDDY_MAPCOUNT_VALUE");
	d->buddy_value = (uint32_t)L->buddy_mapcount_value.value;
	d->offline_value = L->offline_mapcount_value.present
				   ? (uint32_t)L->offline_mapcount_value.value
				   : 0;
	ps_decoder_types_derived(d, L);
	return NULL;
}

static void ps_decoder_folio(struct ps_page_decoder *d,
			     const struct ps_layout *L)
{
	int64_t page1 = (int64_t)d->page_size;
	const struct ps_lval *nr_pages;

	d->off_folio_flags_1 = L->folio_flags_1.present
				       ? (int32_t)L->folio_flags_1.value
				       : (int32_t)(page1 + L->page_flags.value);
	/* _folio_nr_pages became _nr_pages after 6.12. */
	nr_pages = L->folio_nr_pages.present ? &L->folio_nr_pages
					     : &L->folio__nr_pages;
	d->off_folio_nr_pages = ps_opt_off(nr_pages, 0);
	d->size_folio_nr_pages = nr_pages->size == 8 ? 8 : 4;
	d->off_compound_order = ps_opt_off(&L->page_compound_order, page1);
	/* _entire_mapcount (v6.2+) was page[1].compound_mapcount. */
	d->off_entire_mapcount =
		L->folio_entire_mapcount.present
			? (int32_t)L->folio_entire_mapcount.value
			: ps_opt_off(&L->page_compound_mapcount, page1);
	d->off_compound_dtor = ps_opt_off(&L->page_compound_dtor, page1);
	d->hugetlb_dtor = L->hugetlb_page_dtor.present
				  ? L->hugetlb_page_dtor.value
				  : L->hugetlb_page_dtor_enum.value;
	if (!L->hugetlb_page_dtor.present &&
	    !L->hugetlb_page_dtor_enum.present)
		d->off_compound_dtor = -1;
}

/*
 * A tail's first word after flags points at its head: compound_head
 * (head | 1), renamed compound_info in 7.x, which then holds the mask
 * that turns the tail's own address into its head's when the kernel
 * optimizes hugetlb vmemmap (HVO: mm/hugetlb_vmemmap.c is built in, with
 * vmemmap_optimize_enabled, or without CONFIG_KALLSYMS_ALL its
 * hugetlb_vmemmap_optimize_folio) and struct page is a power of two
 * (compound_info_has_mask()).
 */
static void ps_decoder_compound(struct ps_page_decoder *d,
				const struct ps_layout *L)
{
	bool pow2 = !(d->page_size & (d->page_size - 1));

	if (L->page_compound_head.present) {
		d->off_compound_head = (uint32_t)L->page_compound_head.value;
		return;
	}
	d->off_compound_head = (uint32_t)L->page_compound_info.value;
	d->head_by_mask = pow2 && (L->sym_vmemmap_optimize_enabled.present ||
				   L->sym_hugetlb_vmemmap_optimize_folio.present);
}

/* page->index was renamed __folio_index after 6.12. */
static void ps_decoder_index(struct ps_page_decoder *d,
			     const struct ps_layout *L)
{
	const struct ps_lval *index = L->page_index.present
					      ? &L->page_index
					      : &L->page_folio_index;

	d->has_index = index->present;
	d->off_index = index->present ? (uint32_t)index->value : 0;
}

struct ps_error *ps_page_decoder_init(struct ps_page_decoder *d,
				      const struct ps_layout *L,
				      const struct ps_memmodel *model)
{
	struct ps_error *err;

	memset(d, 0, sizeof(*d));
	err = ps_feature_require(L, PS_FEAT_page_decode);
	if (err)
		return err;
	err = ps_feature_require(L, PS_FEAT_compound);
	if (err)
		return err;
	d->model = model;
	if (model && model->flags_have_zone) {
		d->zone_from_flags = true;
		d->zone_shift = model->zones_shift;
		d->zone_mask = (1ULL << model->zones_width) - 1;
		d->node_shift = model->nodes_shift;
		d->node_mask = (1ULL << model->nodes_width) - 1;
	}
	d->page_size = (uint64_t)L->page_size.value;
	d->off_flags = (uint32_t)L->page_flags.value;
	d->off_mapping = (uint32_t)L->page_mapping.value;
	d->off_private = (uint32_t)L->page_private.value;
	d->off_page_type = (uint32_t)L->page_page_type.value;
	d->off_refcount = (uint32_t)L->page_refcount.value;
	ps_decoder_compound(d, L);
	ps_decoder_index(d, L);
	d->off_memcg_data = ps_opt_off(&L->page_memcg_data, 0);
	ps_decoder_flags(d, L);
	ps_decoder_folio(d, L);
	/* Before v5.11 the same word is page->mem_cgroup. */
	if (!L->page_memcg_data.present)
		d->off_memcg_data = ps_opt_off(&L->page_mem_cgroup, 0);
	if (L->pgty_buddy.present)
		return ps_decoder_types_top_byte(d, L);
	return ps_decoder_types_exact(d, L);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

/*
 * Inlined into the decode of a run of pages, where gcc left them calls:
 * a seventh of the decode's time.
 */
#define PS_HOT inline __attribute__((always_inline))

static PS_HOT enum ps_page_type ps_decode_type(const struct ps_page_decoder *d,
					       uint32_t page_type, uint64_t flags)
{
	if (d->type_in_top_byte)
		return d->type_by_byte[page_type >> d->type_shift];
	if (page_type == d->buddy_value)
		return PS_PT_buddy;
	if (d->offline_value && page_type == d->offline_value)
		return PS_PT_offline;
	if ((int32_t)page_type < -1 && d->table_bit && !(page_type & d->table_bit))
		return PS_PT_table;
	if ((int32_t)page_type < -1 && d->guard_bit && !(page_type & d->guard_bit))
		return PS_PT_guard;
	if (flags & d->mask[PS_PG_slab])
		return PS_PT_slab;
	/* Another type whose bit the derivation did not reach: typed, but which? */
	if ((int32_t)page_type < -1)
		return PS_PT_unknown;
	return PS_PT_none;
}

uint64_t ps_page_mapping_object(const struct ps_page *p)
{
	return p->mapping & ~(uint64_t)PS_PAGE_MAPPING_FLAGS;
}

static PS_HOT enum ps_mapping_kind ps_decode_mapping(uint64_t mapping)
{
	switch (mapping & PS_PAGE_MAPPING_FLAGS) {
	case PS_PAGE_MAPPING_ANON:
		return PS_MAPPING_ANON;
	case PS_PAGE_MAPPING_MOVABLE:
		return PS_MAPPING_MOVABLE;
	case PS_PAGE_MAPPING_FLAGS:
		return PS_MAPPING_KSM;
	default:
		return mapping ? PS_MAPPING_FILE : PS_MAPPING_NONE;
	}
}

static PS_HOT void ps_decode_zone(const struct ps_page_decoder *d, struct ps_page *p)
{
	const struct ps_zone *z;

	if (d->zone_from_flags) {
		p->zid = (uint8_t)((p->flags >> d->zone_shift) & d->zone_mask);
		p->nid = (uint16_t)((p->flags >> d->node_shift) & d->node_mask);
		return;
	}
	z = d->model ? ps_memmodel_zone_of_pfn(d->model, p->pfn) : NULL;
	if (z) {
		p->zid = (uint8_t)z->zid;
		p->nid = (uint16_t)z->nid;
	}
}

static unsigned ps_ilog2(uint64_t n)
{
	return n ? 63 - (unsigned)__builtin_clzll(n) : 0;
}

/* The order, mapcount and second-page flags a head keeps in page[1]. */
static void ps_decode_head(const struct ps_page_decoder *d, const char *raw,
			   struct ps_page *p)
{
	p->state |= PS_PAGE_HEAD;
	p->folio_flags_1 = ps_get_u64(raw, (uint64_t)d->off_folio_flags_1);
	if (d->off_folio_nr_pages >= 0)
		p->order = (uint8_t)ps_ilog2(
			d->size_folio_nr_pages == 8
				? ps_get_u64(raw, (uint64_t)d->off_folio_nr_pages)
				: ps_get_u32(raw, (uint64_t)d->off_folio_nr_pages));
	else if (d->off_compound_order >= 0)
		p->order = (uint8_t)raw[d->off_compound_order];
	if (d->off_entire_mapcount >= 0)
		p->entire_mapcount =
			(int32_t)(ps_get_u32(raw, (uint64_t)d->off_entire_mapcount) + 1u);
	if (p->entire_mapcount > 0)
		p->state |= PS_PAGE_PMD_MAPPED;
	if (p->folio_flags_1 & d->mask[PS_PG_partially_mapped])
		p->state |= PS_PAGE_PARTIALLY_MAPPED;
	if (d->off_compound_dtor >= 0 &&
	    (unsigned char)raw[d->off_compound_dtor] == d->hugetlb_dtor)
		p->type = PS_PT_hugetlb;
}

/* PG_anon_exclusive on an order-0 page or a head: the page's own bit. */
static PS_HOT void ps_decode_anon_exclusive(const struct ps_page_decoder *d,
					    struct ps_page *p)
{
	if (p->mapping_kind != PS_MAPPING_ANON) {
		p->ae_rule = PS_AE_NOT_ANON;
		return;
	}
	if (!d->mask[PS_PG_anon_exclusive]) {
		p->ae_rule = PS_AE_ABSENT;
		return;
	}
	p->ae_rule = p->type == PS_PT_hugetlb || (p->state & PS_PAGE_PMD_MAPPED)
			     ? PS_AE_HEAD_BIT
			     : PS_AE_OWN_BIT;
	if (p->flags & d->mask[PS_PG_anon_exclusive])
		p->state |= PS_PAGE_ANON_EXCLUSIVE;
}

/*
 * Every field of @p, stored one by one: a compound literal would zero
 * the struct first, and that memset (rep stos) cost a third of the walk.
 */
static PS_HOT void ps_page_store(const struct ps_page_decoder *d, const char *r,
				 uint64_t pfn, struct ps_page *p)
{
	uint64_t flags = ps_get_u64(r, d->off_flags);

	p->pfn = pfn;
	p->head_pfn = pfn;
	p->flags = flags;
	p->eflags = flags & d->flag_bits;
	p->folio_flags = flags;
	p->folio_flags_1 = 0;
	p->mapping = ps_get_u64(r, d->off_mapping);
	p->index = d->has_index ? ps_get_u64(r, d->off_index) : 0;
	p->private = ps_get_u64(r, d->off_private);
	p->memcg_data = d->off_memcg_data >= 0
				? ps_get_u64(r, (uint64_t)d->off_memcg_data)
				: 0;
	p->page_type = ps_get_u32(r, d->off_page_type);
	p->refcount = (int32_t)ps_get_u32(r, d->off_refcount);
	p->mapcount = 0;
	p->entire_mapcount = 0;
	p->state = (flags & d->mask[PS_PG_hwpoison]) ? PS_PAGE_HWPOISON : 0;
	p->nid = 0;
	p->zid = 0;
	p->order = 0;
	p->buddy_order = 0;
	p->type = PS_PT_none;
	p->mapping_kind = PS_MAPPING_NONE;
	p->ae_rule = PS_AE_NOT_ANON;
}

static PS_HOT void ps_page_decode_one(const struct ps_page_decoder *d,
				      const void *raw, unsigned nr_after,
				      uint64_t pfn, struct ps_page *p)
{
	const char *r = raw;
	uint64_t head = ps_get_u64(r, d->off_compound_head);

	ps_page_store(d, r, pfn, p);
	ps_decode_zone(d, p);
	/* Bit 0 of compound_head (compound_info) marks a tail. */
	if (head & 1) {
		/* v6.12 keeps the folio's order in page[1]'s low flag bits. */
		p->eflags &= d->per_page_bits;
		p->state |= PS_PAGE_TAIL;
		p->mapcount = (int32_t)(p->page_type + 1u);
		return;
	}
	p->type = (uint8_t)ps_decode_type(d, p->page_type, p->flags);
	if (p->type == PS_PT_none)
		p->mapcount = (int32_t)(p->page_type + 1u);
	if (p->type == PS_PT_buddy) {
		p->state |= PS_PAGE_FREE;
		p->buddy_order = (uint8_t)p->private;
	}
	/* Typed pages (slab, page tables, ...) reuse the mapping word. */
	if (p->type == PS_PT_none || p->type == PS_PT_hugetlb)
		p->mapping_kind = (uint8_t)ps_decode_mapping(p->mapping);
	if ((p->flags & d->mask[PS_PG_head]) && nr_after >= 2)
		ps_decode_head(d, r, p);
	else if (p->flags & d->mask[PS_PG_head])
		p->state |= PS_PAGE_HEAD;
	ps_decode_anon_exclusive(d, p);
}

void ps_page_decode(const struct ps_page_decoder *d, const void *raw,
		    unsigned nr_after, uint64_t pfn, struct ps_page *p)
{
	ps_page_decode_one(d, raw, nr_after, pfn, p);
}

/*
 * One loop for decoding and free blocks: each record is still in L1 when
 * its free block is marked, and the heads and tails are found without a
 * second pass over the chunk's records.
 */
size_t ps_page_decode_run(const struct ps_page_decoder *d, const void *raw,
			  size_t n, uint64_t pfn, struct ps_page *ret,
			  struct ps_free_span *free, uint32_t *folio_idx)
{
	const char *r = raw;
	size_t nr_folio = 0;

	for (size_t i = 0; i < n; i++) {
		struct ps_page *p = &ret[i];

		ps_page_decode_one(d, r + i * d->page_size, (unsigned)(n - i - 1),
				   pfn + i, p);
		ps_free_span_add(free, p);
		if (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL))
			folio_idx[nr_folio++] = (uint32_t)i;
	}
	return nr_folio;
}

void ps_page_inherit(const struct ps_page_decoder *d, struct ps_page *tail,
		     const struct ps_page *head)
{
	tail->head_pfn = head->pfn;
	tail->eflags = (tail->flags & d->per_page_bits) |
		       (head->eflags & ~d->per_page_bits);
	tail->folio_flags = head->flags;
	tail->folio_flags_1 = head->folio_flags_1;
	tail->mapping = head->mapping;
	tail->mapping_kind = head->mapping_kind;
	/* A tail keeps no index: page[1..2] hold the folio's fields there. */
	tail->index = head->type == PS_PT_slab ? head->index
					       : head->index + (tail->pfn - head->pfn);
	tail->order = head->order;
	tail->entire_mapcount = head->entire_mapcount;
	tail->memcg_data = head->memcg_data;
	tail->state |= head->state & (PS_PAGE_PARTIALLY_MAPPED |
				      PS_PAGE_PMD_MAPPED);
	if (head->type != PS_PT_buddy)
		tail->type = head->type;
	tail->ae_rule = head->ae_rule;
	if (head->ae_rule == PS_AE_OWN_BIT)
		tail->state |= (tail->flags & d->mask[PS_PG_anon_exclusive])
				       ? PS_PAGE_ANON_EXCLUSIVE
				       : 0;
	else if (head->ae_rule == PS_AE_HEAD_BIT)
		tail->state |= head->state & PS_PAGE_ANON_EXCLUSIVE;
}
