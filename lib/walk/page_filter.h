/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which pages a listing shows, as page-types selects them: flags that
 * must be set or clear (--flags lru,~active), a page type or a mapping
 * kind (--type slab, --type anon), a folio order (--order 9).
 */
#ifndef PS_PAGE_FILTER_H
#define PS_PAGE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "layout/pageflags.h"
#include "walk/page.h"

struct ps_layout;

enum { PS_FILTER_MAX_FLAGS = 16 };

struct ps_page_filter {
	struct {
		enum ps_pageflag flag;
		bool clear;		/* "~name": must not be set */
	} flags[PS_FILTER_MAX_FLAGS];
	unsigned int nr_flags;
	uint32_t state_set, state_clear;	/* PS_PAGE_* */
	int type;		/* enum ps_page_type, -1: any */
	int mapping_kind;	/* enum ps_mapping_kind, -1: any */
	int order;		/* folio order, -1: any */
};

/*
 * Parse the filter options; NULL ones select everything. @p flags is a
 * comma-separated list of flag or state names (hwpoison, anon_exclusive,
 * free, head, tail, pmd_mapped, partially_mapped), each may start with
 * '~'. Unknown names and flags this kernel lacks are usage errors.
 */
struct ps_error *ps_page_filter_parse(const struct ps_layout *layout,
				      const char *flags, const char *type,
				      const char *order,
				      struct ps_page_filter *ret);

/* Does page @p p pass? Unreadable pages pass only a filter of nothing. */
bool ps_page_filter_match(const struct ps_page_filter *f,
			  const struct ps_page_decoder *d,
			  const struct ps_page *p);

/* Does @p f select every page? */
bool ps_page_filter_is_empty(const struct ps_page_filter *f);

#endif
