// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/buf.h"
#include "walk/page_words.h"
#include "walk/slab.h"

/* ------------------------------------------------------------------ */
/* Collecting fields                                                  */
/* ------------------------------------------------------------------ */

struct ps_fields_ctx {
	const struct ps_layout *L;
	const unsigned char *raw;
	uint64_t page_size;
	int64_t base;		/* where this struct page starts in the type */
	bool head_by_mask;	/* compound_info holds a mask, not the head */
	struct ps_page_fields *ret;
};

static bool ps_field_taken(const struct ps_page_fields *r, uint64_t off)
{
	for (size_t i = 0; i < r->nr; i++) {
		if (off >= r->f[i].offset && off < r->f[i].offset + r->f[i].size)
			return true;
	}
	return false;
}

static struct ps_page_field *ps_field_put(struct ps_fields_ctx *c, uint64_t off,
					  uint32_t size, const char *name,
					  const char *meaning,
					  enum ps_field_decode decode)
{
	struct ps_page_field *f;

	if (c->ret->nr == PS_PAGE_MAX_FIELDS || !size || size > 8 ||
	    off + size > c->page_size || ps_field_taken(c->ret, off))
		return NULL;
	f = &c->ret->f[c->ret->nr++];
	f->offset = (uint32_t)off;
	f->size = size;
	f->name = name;
	f->meaning = meaning;
	f->decode = decode;
	f->part = "";
	f->value = 0;
	memcpy(&f->value, c->raw + off, size);
	return f;
}

/*
 * Member @p v of the type this struct page is a view of, if it lies in
 * this page. A list_head (16 bytes) becomes its two pointers.
 */
static void ps_field(struct ps_fields_ctx *c, const struct ps_lval *v,
		     const char *name, const char *meaning,
		     enum ps_field_decode decode)
{
	int64_t off;

	if (!v->present)
		return;
	off = v->value - c->base;
	if (off < 0 || (uint64_t)off >= c->page_size)
		return;
	if (v->size == 16) {
		struct ps_page_field *next, *prev;

		next = ps_field_put(c, (uint64_t)off, 8, name, meaning, PS_FD_PTR);
		prev = ps_field_put(c, (uint64_t)off + 8, 8, name, "", PS_FD_PTR);
		if (next)
			next->part = ".next";
		if (prev)
			prev->part = ".prev";
		return;
	}
	ps_field_put(c, (uint64_t)off, v->size ? v->size : 8, name, meaning,
		     decode);
}

static int ps_field_cmp(const void *a, const void *b)
{
	const struct ps_page_field *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* ------------------------------------------------------------------ */
/* What every struct page keeps                                       */
/* ------------------------------------------------------------------ */

static void ps_fields_counts(struct ps_fields_ctx *c, bool typed)
{
	const struct ps_layout *L = c->L;

	if (typed)
		ps_field(c, &L->page_page_type, "page_type",
			 "what kind of typed page this is (not a mapcount)", PS_FD_HEX);
	else
		ps_field(c, L->page_mapcount.present ? &L->page_mapcount : &L->page_page_type,
			 "_mapcount", "this page's own page table mappings, stored minus one",
			 PS_FD_COUNT_M1);
	ps_field(c, &L->page_refcount, "_refcount", "references held on this page",
		 PS_FD_COUNT);
}

static const char *ps_mapping_meaning(const struct ps_page *p)
{
	switch (p->mapping_kind) {
	case PS_MAPPING_FILE:
		return "the file's struct address_space";
	case PS_MAPPING_ANON:
		return "struct anon_vma + 1 (PAGE_MAPPING_ANON in bit 0)";
	case PS_MAPPING_KSM:
		return "struct ksm_stable_node + 3 (the ANON and MOVABLE bits)";
	case PS_MAPPING_MOVABLE:
		return "movable_ops owner + 2 (PAGE_MAPPING_MOVABLE)";
	default:
		return "none";
	}
}

static const char *ps_index_meaning(const struct ps_page *p)
{
	switch (p->mapping_kind) {
	case PS_MAPPING_FILE:
		return "offset in the file, in pages";
	case PS_MAPPING_ANON:
		return "page offset in the anon_vma's space: the virtual address >> PAGE_SHIFT where it was first mapped (mremap keeps it)";
	case PS_MAPPING_KSM:
		return "the rmap item's address >> PAGE_SHIFT";
	default:
		return "owner's word";
	}
}

static const char *ps_private_meaning(const struct ps_page *p,
				      const struct ps_page_decoder *d)
{
	if (p->type == PS_PT_buddy)
		return "order of the free block it heads (buddy_order)";
	if (ps_page_flag(d, p->eflags, PS_PG_swapbacked) &&
	    ps_page_flag(d, p->eflags, PS_PG_swapcache))
		return "the swap entry (swp_entry_t) of the swap cache";
	if (ps_page_flag(d, p->eflags, PS_PG_private))
		return "owner data, PG_private set (buffer heads of a file page)";
	return "owner's word, unused when 0";
}

/* Single pages and heads: the struct page of the textbook. */
static void ps_fields_plain(struct ps_fields_ctx *c, const struct ps_page *p,
			    const struct ps_page_decoder *d)
{
	const struct ps_layout *L = c->L;
	bool on_lru = ps_page_flag(d, p->eflags, PS_PG_lru);

	c->ret->view = "struct page";
	ps_field(c, &L->page_flags, "flags",
		 "page flags; zone, node and section in the high bits", PS_FD_HEX);
	ps_field(c, &L->page_lru, "lru",
		 on_lru ? "links on its LRU list (PG_lru)"
			: "list links of the owner (a per-cpu free list, a pool, ...)",
		 PS_FD_PTR);
	ps_field(c, &L->page_mapping, "mapping", ps_mapping_meaning(p), PS_FD_PTR);
	ps_field(c, &L->page_index, "index", ps_index_meaning(p), PS_FD_COUNT);
	/* struct page's index is __folio_index, read through the folio (v7.0). */
	ps_field(c, &L->page_folio_index, "__folio_index", ps_index_meaning(p), PS_FD_COUNT);
	ps_field(c, &L->page_private, "private", ps_private_meaning(p, d),
		 PS_FD_HEX);
	ps_fields_counts(c, p->type != PS_PT_none && p->type != PS_PT_hugetlb);
	ps_field(c, &L->page_memcg_data, "memcg_data",
		 "the struct mem_cgroup or obj_cgroup it is charged to, low bits flags",
		 PS_FD_PTR);
}

/* ------------------------------------------------------------------ */
/* Views of other kinds                                               */
/* ------------------------------------------------------------------ */

static void ps_fields_slab(struct ps_fields_ctx *c)
{
	const struct ps_layout *L = c->L;
	struct ps_slab_members m;
	bool in_page;

	ps_slab_members(L, &m);
	in_page = m.cache == &L->page_slab_cache;
	c->ret->view = m.view;
	/* struct page calls the word flags; struct slab, __page_flags. */
	ps_field(c, &L->page_flags, in_page ? "flags" : "__page_flags",
		 ps_slab_marks_node_partial(L)
			 ? "page flags (SLUB reuses PG_locked, PG_active, PG_workingset)"
			 : "page flags (SLUB reuses PG_locked, PG_active)",
		 PS_FD_HEX);
	ps_field(c, m.cache, "slab_cache",
		 "the struct kmem_cache its objects belong to", PS_FD_PTR);
	ps_field(c, m.list, "slab_list",
		 "links on a partial list (LIST_POISON after list_del)", PS_FD_PTR);
	ps_field(c, m.freelist, "freelist",
		 "first free object not handed to a CPU; 0 when none", PS_FD_PTR);
	ps_field(c, m.counters, "counters",
		 in_page ? "the inuse, objects and frozen bit-fields of struct page, in one word"
			 : "the inuse, objects and frozen bit-fields of struct slab, in one word",
		 PS_FD_HEX);
	/* Slabs became a page type when PG_slab went (v6.10). */
	ps_fields_counts(c, L->pgty_slab.present);
	ps_field(c, &L->slab_obj_exts, "obj_exts",
		 "vector of per-object extensions (memcg, allocation tags), low bits flags",
		 PS_FD_PTR);
	ps_field(c, &L->slab_memcg_data, "memcg_data",
		 "vector of per-object obj_cgroups, low bits flags", PS_FD_PTR);
}

static void ps_fields_buddy(struct ps_fields_ctx *c, const struct ps_page *p,
			    const struct ps_page_decoder *d)
{
	const struct ps_layout *L = c->L;

	c->ret->view = "struct page (free)";
	ps_field(c, &L->page_flags, "flags", "page flags", PS_FD_HEX);
	ps_field(c, L->page_buddy_list.present ? &L->page_buddy_list : &L->page_lru,
		 "buddy_list", "links on free_area[order].free_list[migratetype]",
		 PS_FD_PTR);
	ps_field(c, &L->page_private, "private", ps_private_meaning(p, d), PS_FD_COUNT);
	ps_fields_counts(c, true);
}

static void ps_fields_table(struct ps_fields_ctx *c)
{
	const struct ps_layout *L = c->L;

	c->ret->view = "struct ptdesc";
	/* __page_flags became pt_flags with memdesc_flags_t (v6.18). */
	ps_field(c, &L->page_flags, L->ptdesc_pt_flags.present ? "pt_flags" : "__page_flags",
		 "page flags", PS_FD_HEX);
	ps_field(c, &L->ptdesc_pt_list, "pt_list",
		 "union: links on x86's pgd_list (a PGD), the RCU head that frees the table, or _pt_pad_1 and pmd_huge_pte",
		 PS_FD_PTR);
	ps_field(c, &L->ptdesc_pmd_huge_pte, "pmd_huge_pte",
		 "a PMD table's deposited PTE tables for its huge PMDs", PS_FD_PTR);
	ps_field(c, &L->ptdesc_page_mapping, "__page_mapping",
		 "struct page's mapping word, unused by page tables", PS_FD_HEX);
	ps_field(c, &L->ptdesc_pt_mm, "pt_mm",
		 L->ptdesc_pt_index.present
			 ? "union of pt_index, pt_mm, pt_frag_refcount and pt_share_count: x86 keeps the mm of a PGD here"
			 : "union of pt_mm, pt_index and pt_frag_refcount: x86 keeps the mm of a PGD here",
		 PS_FD_PTR);
	ps_field(c, &L->ptdesc_ptl, "ptl",
		 "the split page table lock (0 when unlocked) or a pointer to it",
		 PS_FD_HEX);
	ps_fields_counts(c, true);
	ps_field(c, &L->ptdesc_pt_memcg_data, "pt_memcg_data",
		 "the memory cgroup the page table is charged to, low bits flags", PS_FD_PTR);
}

/* A page table before struct ptdesc (v6.6): struct page's own words. */
static void ps_fields_table_page(struct ps_fields_ctx *c)
{
	const struct ps_layout *L = c->L;

	c->ret->view = "struct page (page table)";
	ps_field(c, &L->page_flags, "flags", "page flags", PS_FD_HEX);
	ps_field(c, &L->page_pmd_huge_pte, "pmd_huge_pte",
		 "a PMD table's deposited PTE tables for its huge PMDs", PS_FD_PTR);
	ps_field(c, &L->page_lru, "lru", "list links: x86 keeps every PGD on pgd_list",
		 PS_FD_PTR);
	ps_field(c, &L->page_pt_mm, "pt_mm",
		 "union of pt_mm and pt_frag_refcount: x86 keeps the mm of a PGD here",
		 PS_FD_PTR);
	ps_field(c, &L->page_ptl, "ptl",
		 "the split page table lock (0 when unlocked) or a pointer to it", PS_FD_HEX);
	ps_fields_counts(c, true);
	ps_field(c, &L->page_memcg_data, "memcg_data",
		 "the memory cgroup the page table is charged to, low bits flags", PS_FD_PTR);
}

/* Page [1] and [2] of a folio: the folio's fields beside the page's own. */
/* Older kernels name some of page[1]'s and page[2]'s words in struct page. */
static void ps_fields_compound_page(struct ps_fields_ctx *c, unsigned nth)
{
	const struct ps_layout *L = c->L;

	if (nth == 1) {
		ps_field(c, &L->page_compound_dtor, "compound_dtor",
			 "which destructor frees the folio (compound page kind)", PS_FD_COUNT);
		ps_field(c, &L->page_compound_order, "compound_order",
			 "the folio's order", PS_FD_COUNT);
		ps_field(c, &L->page_compound_mapcount, "compound_mapcount",
			 "mappings of the whole folio by one PMD, stored minus one",
			 PS_FD_COUNT_M1);
	} else {
		ps_field(c, &L->page_deferred_list, "deferred_list",
			 "links on a THP deferred split queue", PS_FD_PTR);
	}
}

static void ps_fields_folio_page(struct ps_fields_ctx *c, unsigned nth)
{
	const struct ps_layout *L = c->L;

	c->ret->view = nth == 1 ? "struct folio, page[1]" : "struct folio, page[2]";
	ps_fields_compound_page(c, nth);
	c->base = (int64_t)(nth * c->page_size);
	ps_field(c, &L->folio_flags_1, "_flags_1",
		 "the folio's second flags word (PG_has_hwpoisoned, PG_large_rmappable, PG_partially_mapped, ...)",
		 PS_FD_HEX);
	ps_field(c, &L->folio_flags_2, "_flags_2", "the folio's third flags word", PS_FD_HEX);
	ps_field(c, &L->folio_large_mapcount, "_large_mapcount",
		 "all page table mappings of the folio, PMD and PTE, stored minus one",
		 PS_FD_COUNT_M1);
	ps_field(c, &L->folio_entire_mapcount, "_entire_mapcount",
		 "mappings of the whole folio by one PMD (or PUD), stored minus one",
		 PS_FD_COUNT_M1);
	/* FOLIO_MATCH(compound_mapcount, _total_mapcount): PMD mappings. */
	ps_field(c, &L->folio_total_mapcount, "_total_mapcount",
		 "mappings of the whole folio by one PMD, stored minus one", PS_FD_COUNT_M1);
	ps_field(c, &L->folio_nr_pages_mapped, "_nr_pages_mapped",
		 "pages mapped by PTEs, plus a large ENTIRELY_MAPPED bias while PMD-mapped",
		 PS_FD_COUNT);
	ps_field(c, &L->folio_pincount, "_pincount",
		 "FOLL_PIN pins of the folio (pin_user_pages)", PS_FD_COUNT);
	/* hugetlb_page_subpool() read page[1].private before _hugetlb_subpool. */
	ps_field(c, &L->folio_private_1, "_private_1",
		 "page[1]'s private word: a hugetlb folio's subpool, unused otherwise",
		 PS_FD_PTR);
	/* Per-mm mapcounts, when the folio tracks whether one mm maps it all (v6.15+). */
	ps_field(c, &L->folio_mm_id_mapcount, "_mm_id_mapcount",
		 "two int mapcounts, of the mms in _mm_id[0] and [1], stored minus one", PS_FD_HEX);
	ps_field(c, &L->folio_mm_ids, "_mm_ids",
		 "_mm_id[2]: the ids of up to two mms mapping it; bit 31 of _mm_id[0] is FOLIO_MM_IDS_SHARED_BIT (maybe mapped shared)",
		 PS_FD_HEX);
	ps_field(c, &L->folio_nr_pages, "_folio_nr_pages", "pages in the folio",
		 PS_FD_COUNT);
	/* _folio_nr_pages became _nr_pages after 6.12. */
	ps_field(c, &L->folio__nr_pages, "_nr_pages", "pages in the folio",
		 PS_FD_COUNT);
	ps_field(c, &L->folio_folio_dtor, "_folio_dtor",
		 "which destructor frees the folio (compound page kind)", PS_FD_COUNT);
	ps_field(c, &L->folio_folio_order, "_folio_order", "the folio's order", PS_FD_COUNT);
	ps_field(c, &L->folio_deferred_list, "_deferred_list",
		 "links on a THP deferred split queue", PS_FD_PTR);
	/* Without a folio member there, page[1] counted in compound_nr (v5.9). */
	c->base = 0;
	if (nth == 1)
		ps_field(c, &L->page_compound_nr, "compound_nr",
			 "pages in the compound page (1 << compound_order)", PS_FD_COUNT);
}

static void ps_fields_tail(struct ps_fields_ctx *c, unsigned nth)
{
	const struct ps_layout *L = c->L;

	/* compound_head became compound_info (v7.0). */
	ps_field(c, &L->page_compound_head, "compound_head",
		 "the head's struct page + 1 (bit 0 marks a tail)", PS_FD_TAIL);
	ps_field(c, &L->page_compound_info, "compound_info",
		 c->head_by_mask ? "a mask and bit 0 (a tail): the head's struct page is this one's address AND the mask"
				 : "the head's struct page + 1 (bit 0 marks a tail)",
		 c->head_by_mask ? PS_FD_TAIL_MASK : PS_FD_TAIL);
	if (nth == 1 || nth == 2)
		ps_fields_folio_page(c, nth);
	else
		c->ret->view = "struct page (tail)";
	c->base = 0;
	ps_field(c, &L->page_flags, "flags",
		 nth == 1 ? "page[1]'s flags: the folio's second flags word"
			  : "the tail's own flags (only per-page ones mean anything)",
		 PS_FD_HEX);
	ps_field(c, &L->page_mapping, "mapping",
		 "a tail's own word: the folio's mapping is the head's", PS_FD_PTR);
	ps_fields_counts(c, false);
	/* A tail's _refcount is always 0: the folio counts on its head. */
	for (size_t i = 0; i < c->ret->nr; i++) {
		if (!strcmp(c->ret->f[i].name, "_refcount"))
			c->ret->f[i].meaning = "always 0 on a tail: the folio's references are counted on the head";
	}
}

/* ------------------------------------------------------------------ */

void ps_page_fields(const struct ps_layout *L, const struct ps_page *p,
		    unsigned nth, const void *raw, struct ps_page_fields *ret)
{
	struct ps_page_decoder d;
	struct ps_fields_ctx c = {
		.L = L, .raw = raw, .page_size = (uint64_t)L->page_size.value,
		.ret = ret,
	};

	memset(ret, 0, sizeof(*ret));
	ret->view = "struct page";
	if (c.page_size > 256 || ps_page_decoder_init(&d, L, NULL))
		return;
	c.head_by_mask = d.head_by_mask;
	if (p->state & PS_PAGE_TAIL)
		ps_fields_tail(&c, (unsigned)(p->pfn - p->head_pfn));
	else if (nth)
		ps_fields_tail(&c, nth);
	else if (p->type == PS_PT_slab &&
		 (L->slab_slab_cache.present || L->page_slab_cache.present))
		ps_fields_slab(&c);
	else if (p->type == PS_PT_buddy)
		ps_fields_buddy(&c, p, &d);
	else if (p->type == PS_PT_table && L->ptdesc_pt_mm.present)
		ps_fields_table(&c);
	else if (p->type == PS_PT_table && L->page_pt_mm.present)
		ps_fields_table_page(&c);
	else
		ps_fields_plain(&c, p, &d);
	qsort(ret->f, ret->nr, sizeof(ret->f[0]), ps_field_cmp);
}

const char *ps_page_field_value(const struct ps_page_field *f, char *buf,
				size_t len)
{
	int64_t sv = f->size == 4 ? (int32_t)f->value : (int64_t)f->value;

	switch (f->decode) {
	case PS_FD_COUNT:
		snprintf(buf, len, "%" PRId64, sv);
		break;
	case PS_FD_COUNT_M1:
		snprintf(buf, len, "%" PRId64 " (stored %" PRId64 ")", sv + 1, sv);
		break;
	case PS_FD_TAIL:
		if (f->value & 1)
			snprintf(buf, len, "tail of the page at %#" PRIx64, f->value - 1);
		else
			snprintf(buf, len, "%#" PRIx64 " (not a tail)", f->value);
		break;
	case PS_FD_TAIL_MASK:
		if (f->value & 1)
			snprintf(buf, len, "tail, head mask %#" PRIx64, f->value - 1);
		else
			snprintf(buf, len, "%#" PRIx64 " (not a tail)", f->value);
		break;
	case PS_FD_PTR:
		snprintf(buf, len, f->value ? "%#" PRIx64 : "0 (none)", f->value);
		break;
	default:
		snprintf(buf, len, "%#" PRIx64, f->value);
		break;
	}
	return buf;
}
