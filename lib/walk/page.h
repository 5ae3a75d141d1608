/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding struct page: the raw words of one page (and, for a folio's
 * head, of the folio's next pages) into what they mean, with offsets,
 * masks and encodings resolved once from the layout.
 */
#ifndef PS_PAGE_H
#define PS_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "layout/pageflags.h"

struct ps_memmodel;

/* X(name, meaning): what page_type (or, before v6.11, _mapcount) says. */
#define PS_PAGE_TYPES(X)                                                       \
	X(none, "no type: _mapcount counts page table mappings")              \
	X(buddy, "free: heads a block on a buddy free list")                   \
	X(offline, "offline: logically removed (balloon, memory hotplug)")    \
	X(table, "page table")                                                 \
	X(guard, "guard page (debug_guardpage_minorder)")                      \
	X(hugetlb, "hugetlbfs folio")                                          \
	X(slab, "slab: holds kernel objects of a kmem_cache")                  \
	X(zsmalloc, "zsmalloc (zram, zswap) storage")                          \
	X(unaccepted, "unaccepted memory (confidential VMs)")                  \
	X(large_kmalloc, "large kmalloc() allocation")                         \
	X(unknown, "typed (page_type is not -1) by a #define no debug info carries and pagescope could not place: kmemcg (before v5.11), or hugetlb, slab, zsmalloc (v6.9, v6.10)")

enum ps_page_type {
#define PS_PT_ENUM(name, meaning) PS_PT_##name,
	PS_PAGE_TYPES(PS_PT_ENUM)
#undef PS_PT_ENUM
	PS_PT_NR
};

extern const char *const ps_page_type_names[PS_PT_NR];
extern const char *const ps_page_type_meanings[PS_PT_NR];

/* The folio's mapping, from the low bits of page->mapping. */
enum ps_mapping_kind {
	PS_MAPPING_NONE,		/* NULL mapping */
	PS_MAPPING_FILE,		/* page cache: struct address_space */
	PS_MAPPING_ANON,		/* anonymous: struct anon_vma */
	PS_MAPPING_KSM,		/* KSM: struct ksm_stable_node */
	PS_MAPPING_MOVABLE,		/* movable_ops (non-LRU movable, e.g. zsmalloc) */
	PS_MAPPING_NR
};

extern const char *const ps_mapping_kind_names[PS_MAPPING_NR];

/* Decoded state bits of a page. */
enum {
	PS_PAGE_HEAD = 1u << 0,		/* first page of a large folio */
	PS_PAGE_TAIL = 1u << 1,		/* other page of a large folio */
	PS_PAGE_FREE = 1u << 2,		/* inside a free buddy block */
	PS_PAGE_ANON_EXCLUSIVE = 1u << 3,	/* by the rule in @ae_rule */
	PS_PAGE_HWPOISON = 1u << 4,
	PS_PAGE_PARTIALLY_MAPPED = 1u << 5,	/* its folio is */
	PS_PAGE_PMD_MAPPED = 1u << 6,	/* its folio has an entire mapping */
	PS_PAGE_UNREADABLE = 1u << 7,	/* struct page not in the dump */
};

/* Which rule decided PS_PAGE_ANON_EXCLUSIVE. */
enum ps_ae_rule {
	PS_AE_NOT_ANON,		/* not an anonymous page: the bit means else */
	PS_AE_OWN_BIT,		/* order-0 page or PTE-mapped subpage */
	PS_AE_HEAD_BIT,		/* PMD-mapped THP or hugetlb: head's bit */
	PS_AE_ABSENT,		/* anonymous, but no PG_anon_exclusive (v5.19) */
};

struct ps_page {
	uint64_t pfn;
	uint64_t flags;		/* page->flags as stored */
	/*
	 * The flags as the kernel's PageFoo() tests see them: per-page bits
	 * from the page, folio bits from the head; no zone/node fields.
	 */
	uint64_t eflags;
	uint64_t folio_flags;	/* the head's flags (own for non-tails) */
	uint64_t folio_flags_1;	/* the folio's second page flags, or 0 */
	uint64_t mapping;	/* the folio's, low bits included */
	uint64_t index;
	uint64_t private;
	uint64_t memcg_data;
	uint64_t head_pfn;	/* own pfn when not a tail */
	uint32_t page_type;	/* the raw page_type / _mapcount word */
	int32_t refcount;
	int32_t mapcount;	/* own PTE mappings; 0 when typed */
	int32_t entire_mapcount;	/* folio's PMD mappings, heads and tails */
	uint32_t state;		/* PS_PAGE_* */
	uint16_t nid;
	uint8_t zid;
	uint8_t order;		/* of the folio; 0 for single pages */
	uint8_t buddy_order;	/* of the free block; PS_PAGE_FREE only */
	uint8_t type;		/* enum ps_page_type, of the folio */
	uint8_t mapping_kind;	/* enum ps_mapping_kind */
	uint8_t ae_rule;	/* enum ps_ae_rule */
};

/* Everything the decoder needs, resolved from the layout once. */
struct ps_page_decoder {
	uint64_t page_size;
	uint32_t off_flags, off_mapping, off_index, off_private;
	uint32_t off_page_type, off_refcount;
	uint32_t off_compound_head;	/* compound_head or compound_info */
	/* compound_info holds a mask of the tail's address, not the head's. */
	bool head_by_mask;
	bool has_index;			/* index or __folio_index */
	int32_t off_memcg_data;		/* -1: no CONFIG_MEMCG */
	/* Relative to the head page: */
	int32_t off_folio_flags_1;	/* page[1].flags */
	int32_t off_folio_nr_pages;	/* -1: use off_compound_order */
	uint32_t size_folio_nr_pages;	/* 4 or 8 bytes */
	int32_t off_compound_order;	/* page[1].compound_order (older) */
	int32_t off_entire_mapcount;	/* -1: unknown */
	int32_t off_compound_dtor;	/* page[1].compound_dtor (older) */
	int64_t hugetlb_dtor;		/* with off_compound_dtor */
	uint64_t mask[PS_PG_NR];	/* 0: this kernel lacks the flag */
	uint64_t flag_bits;		/* (1 << __NR_PAGEFLAGS) - 1 */
	uint64_t per_page_bits;		/* flags kept per page (PF_ANY) */
	/* Page types: the top byte (v6.11+) or exact values (older). */
	bool type_in_top_byte;
	unsigned type_shift;
	uint8_t type_by_byte[256];	/* enum ps_page_type */
	uint32_t buddy_value, offline_value;	/* older kernels */
	uint32_t table_bit, guard_bit;	/* derived from those two; 0: unknown */
	/* Zone and node from page->flags, or from the pfn. */
	const struct ps_memmodel *model;
	bool zone_from_flags;
	unsigned zone_shift, node_shift;
	uint64_t zone_mask, node_mask;
};

/* Prepare @p d from a resolved layout and memory model. */
struct ps_error *ps_page_decoder_init(struct ps_page_decoder *d,
				      const struct ps_layout *layout,
				      const struct ps_memmodel *model);

/*
 * Decode the struct page at @p raw (of pfn @p pfn). For a folio's head,
 * @p raw must be followed by the folio's next @p nr_after struct pages
 * (at least 2 to see the order, mapcount and second-page flags); with
 * fewer, those stay unknown. Tail pages are completed by the walker from
 * their head (ps_page_inherit()).
 */
void ps_page_decode(const struct ps_page_decoder *d, const void *raw,
		    unsigned nr_after, uint64_t pfn, struct ps_page *ret);

/* No folio or free block is larger than this many pages (a 1 GiB page). */
enum { PS_MAX_ORDER_SANE = 20 };

/*
 * The free buddy block a walk is inside: only its first page is
 * PageBuddy, the others are free by lying below @end.
 */
struct ps_free_span {
	uint64_t end;		/* pfn after the block */
	uint8_t order;
};

/* A buddy head opens a span; a page inside the open span is free. */
static inline void ps_free_span_add(struct ps_free_span *f, struct ps_page *p)
{
	if (p->type == PS_PT_buddy && p->buddy_order <= PS_MAX_ORDER_SANE) {
		f->end = p->pfn + (1ULL << p->buddy_order);
		f->order = p->buddy_order;
	} else if (p->pfn < f->end) {
		p->state |= PS_PAGE_FREE;
		p->buddy_order = f->order;
	}
}

/*
 * Decode the @p n struct pages at @p raw, of pfns from @p pfn on, into
 * @p ret: ps_page_decode() of each, the rest of the run following it,
 * the pages of free blocks marked through @p free. What a page needs
 * from beyond the run is left to the caller: the index of each head and
 * tail goes to @p folio_idx, in order; returns how many.
 */
size_t ps_page_decode_run(const struct ps_page_decoder *d, const void *raw,
			  size_t n, uint64_t pfn, struct ps_page *ret,
			  struct ps_free_span *free, uint32_t *folio_idx);

/*
 * The address of the head of the tail page at @p addr, whose
 * compound_head (or compound_info) word is @p info.
 */
static inline uint64_t ps_page_head_addr(const struct ps_page_decoder *d,
					 uint64_t addr, uint64_t info)
{
	return d->head_by_mask ? addr & info : info & ~1ULL;
}

/* The object page->mapping points to (address_space, anon_vma, ...), or 0. */
uint64_t ps_page_mapping_object(const struct ps_page *p);

/* Give tail page @p tail what it shares with its folio's head @p head. */
void ps_page_inherit(const struct ps_page_decoder *d, struct ps_page *tail,
		     const struct ps_page *head);

/*
 * PG_anon_exclusive set on a page of its own that no page table maps: the
 * bit is left over (it means something only while the page is mapped),
 * as on an unmapped hwpoison page or a THP subpage unmapped after a split.
 */
static inline bool ps_page_ae_stale(const struct ps_page *p)
{
	return (p->state & PS_PAGE_ANON_EXCLUSIVE) && p->ae_rule == PS_AE_OWN_BIT &&
	       p->mapcount <= 0 && p->entire_mapcount <= 0;
}

/* Whether flag @p f is set in @p flags (false when the kernel lacks it). */
static inline bool ps_page_flag(const struct ps_page_decoder *d,
				uint64_t flags, enum ps_pageflag f)
{
	return flags & d->mask[f];
}

#endif
