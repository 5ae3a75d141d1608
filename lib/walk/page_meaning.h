/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a flag bit means on this page of this kernel. A bit has several
 * names (PG_mappedtodisk is PG_anon_exclusive on an anonymous page,
 * PG_reclaim is PG_readahead on a file page), and some kinds of page
 * reuse bits for their own ends (SLUB's PG_workingset marks a slab on a
 * partial list). One rule table says which name and meaning hold where;
 * `page`, the viewer and the docs read it.
 */
#ifndef PS_PAGE_MEANING_H
#define PS_PAGE_MEANING_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/lru_gen.h"
#include "layout/layout.h"
#include "walk/page.h"

/* What the kernel at hand does, beyond its layout, that changes meanings. */
struct ps_page_context {
	enum ps_lru_gen_state lru_gen;
	bool slab_node_partial;	/* SLUB marks node-partial slabs PG_workingset */
	bool slab_frozen;	/* slab pages are allocated frozen: refcount 0 */
};

/*
 * Whether SLUB allocates its pages frozen, with a refcount of 0 they keep
 * while in use (alloc_frozen_pages(), v6.14), as the symbols show it.
 */
bool ps_slab_pages_frozen(const struct ps_layout *L);

struct ps_flag_meaning {
	unsigned bit;
	enum ps_pageflag name;	/* the name the bit has on this page */
	const char *meaning;
	const char *set_by;	/* where the kernel sets and clears it; may be "" */
};

/*
 * The set bits of @p flags (as PageFoo() sees them on @p p: the page's
 * own bits and its folio's) named and explained for @p p; at most @p max
 * into @p ret. Returns how many.
 */
size_t ps_page_flags_explain(const struct ps_page_decoder *d,
			     const struct ps_page_context *c,
			     const struct ps_page *p, uint64_t flags,
			     struct ps_flag_meaning *ret, size_t max);

/*
 * Comma-separated names of the set bits of @p flags, each by the name
 * ps_page_flags_explain() gives it on @p p (PG_anon_exclusive, not
 * PG_mappedtodisk, on an anon page); "" when none. Returns @p buf.
 */
const char *ps_page_flags_names(const struct ps_page_decoder *d,
				const struct ps_page_context *c,
				const struct ps_page *p, uint64_t flags,
				char *buf, size_t len);

/*
 * Names of the folio flags set in @p flags1, the second flags word of a
 * folio (page[1]), into @p buf; the flag bits no folio flag names are
 * given as one hex number ("other bits 0x9": some kernels keep the
 * folio's order there). Returns @p buf.
 */
const char *ps_folio_flags1_names(const struct ps_page_decoder *d,
				  uint64_t flags1, char *buf, size_t len);

/* Where the kernel sets and clears flag @p f, in words; "" when not said. */
const char *ps_pageflag_setters(enum ps_pageflag f);
/* @p fn with every set_by text of the flags and of their rules. */
void ps_pageflag_setters_each(void (*fn)(const char *set_by, void *arg), void *arg);

#endif
