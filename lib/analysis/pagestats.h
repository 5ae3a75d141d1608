/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counting pages: per flag bit, per page type, per folio kind, per zone. */
#ifndef PS_PAGESTATS_H
#define PS_PAGESTATS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/page.h"

struct ps_target;
struct ps_memmodel;

enum { PS_STATS_MAX_ORDER = 21 };

/* Per zone, by the zone each page's flags name. */
struct ps_zone_stats {
	uint64_t pages;
	uint64_t free;		/* in free buddy blocks */
	uint64_t hwpoison;
};

struct ps_pagestats {
	size_t nr_zones;
	struct ps_zone_stats *zones;	/* indexed like the memory model's */
	uint64_t pages;			/* pfns with a memory map */
	uint64_t unreadable;		/* struct page not in the dump */
	uint64_t flag_bit[64];		/* pages with page->flags bit set */
	uint64_t type[PS_PT_NR];	/* by the folio's type */
	uint64_t free;			/* in free buddy blocks */
	uint64_t mapping_kind[PS_MAPPING_NR];
	uint64_t heads, tails;
	uint64_t folios_by_order[PS_STATS_MAX_ORDER];	/* heads and singles */
	uint64_t anon_exclusive;	/* anon pages, by the decoding rules */
	uint64_t anon_pages;		/* pages of anonymous folios */
	uint64_t partially_mapped_folios;
	uint64_t pmd_mapped_folios;
	uint64_t *hwpoison_pfns;	/* every PG_hwpoison pfn, ascending */
	size_t nr_hwpoison;
	size_t cap_hwpoison;
};

/* Count every page of @p t. On success, free with ps_pagestats_deinit(). */
struct ps_error *ps_pagestats_collect(struct ps_target *t,
				      struct ps_pagestats *ret);
/* Count one batch (exposed for tests and other walkers). */
struct ps_error *ps_pagestats_add(struct ps_pagestats *s,
				  const struct ps_memmodel *m,
				  const struct ps_page *pages, size_t nr);
void ps_pagestats_deinit(struct ps_pagestats *s);

#endif
