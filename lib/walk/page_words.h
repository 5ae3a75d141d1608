/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The words of a struct page as this kind of page uses them: a slab keeps
 * its cache and freelist where a file page keeps its mapping and index,
 * page[1] of a folio keeps the folio's mapcounts and size there. Each
 * field is named from the kernel's own types (struct page, struct slab,
 * struct folio, struct ptdesc), at the offset the layout resolved.
 */
#ifndef PS_PAGE_WORDS_H
#define PS_PAGE_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "walk/page.h"

/* How a field's value reads. */
enum ps_field_decode {
	PS_FD_HEX,		/* bits, as stored */
	PS_FD_PTR,		/* a kernel address, 0 for none */
	PS_FD_COUNT,		/* a plain count */
	PS_FD_COUNT_M1,		/* an atomic count kept minus one (_mapcount) */
	PS_FD_TAIL,		/* compound_head: bit 0 set, the head's address */
	PS_FD_TAIL_MASK,	/* compound_info: bit 0 set, a mask giving the head */
};

struct ps_page_field {
	uint32_t offset;	/* in this struct page */
	uint32_t size;		/* bytes */
	const char *name;	/* the member this kind of page keeps there */
	const char *part;	/* ".next", ".prev" of a list_head, or "" */
	const char *meaning;
	enum ps_field_decode decode;
	uint64_t value;		/* as read, @size bytes */
};

enum { PS_PAGE_MAX_FIELDS = 24 };

struct ps_page_fields {
	const char *view;	/* "struct page", "struct slab", ... */
	size_t nr;
	struct ps_page_field f[PS_PAGE_MAX_FIELDS];	/* by offset */
};

/*
 * The fields of struct page [@p nth] of @p p's folio (0: @p p itself, or
 * its head's page[1], page[2] when @p nth is 1 or 2 and @p p heads a
 * folio), read from @p raw (one struct page). For a tail page @p nth is 0
 * and its place in the folio picks the view. Words no member covers get
 * no field.
 */
void ps_page_fields(const struct ps_layout *L, const struct ps_page *p,
		    unsigned nth, const void *raw, struct ps_page_fields *ret);

/* The decoded value of @p f in words, into @p buf: "0 (stored -1)". */
const char *ps_page_field_value(const struct ps_page_field *f, char *buf,
				size_t len);

#endif
