/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What owns a kernel address: a struct page in the memory map (and so a
 * page or folio), a variable or function of the kernel image, mapped
 * memory of some page (the direct map, vmalloc, modules), or nothing we
 * know. Used to say whose list_head a broken list runs through.
 */
#ifndef PS_OWNER_H
#define PS_OWNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/page.h"

struct ps_target;
struct ps_memmodel;

enum ps_owner_kind {
	PS_OWNER_UNKNOWN,	/* memory outside any known object */
	PS_OWNER_STRUCT_PAGE,	/* inside the memory map */
	PS_OWNER_SYMBOL,	/* inside the kernel image */
	PS_OWNER_PAGE_DATA,	/* mapped memory of a page */
};

struct ps_owner {
	enum ps_owner_kind kind;
	uint64_t addr;
	uint64_t pfn;		/* STRUCT_PAGE: whose struct page; PAGE_DATA: whose memory */
	uint64_t offset;	/* into that struct page, page or symbol */
	uint64_t folio_offset;	/* STRUCT_PAGE: from the folio head's struct page */
	bool page_known;	/* @page was read */
	struct ps_page page;
	char symbol[128];	/* SYMBOL */
	char module_symbol[192];	/* PAGE_DATA in a module: "fm_lru+0x8 [faultmod]" */
	char slab_cache[64];	/* PAGE_DATA in a slab: its cache's name */
};

/*
 * Find what owns @p addr. Failing to identify it is not an error: the
 * owner is then PS_OWNER_UNKNOWN. Errors are only out-of-memory and the
 * like.
 */
struct ps_error *ps_owner_find(struct ps_target *t, uint64_t addr,
			       struct ps_owner *ret);


/* One line about @p o: "struct page of pfn 0x1000+0x10 (...)". */
const char *ps_owner_describe(const struct ps_target *t,
			      const struct ps_owner *o, char *buf, size_t len);

/* Short machine names: "struct_page", "symbol", "page_data", "unknown". */
const char *ps_owner_kind_name(enum ps_owner_kind kind);


#endif
