// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "memmodel.h"
#include "page_walk.h"
#include "pagestats.h"
#include "target.h"

static struct ps_error *ps_stats_add_hwpoison(struct ps_pagestats *s,
					      uint64_t pfn)
{
	if (s->nr_hwpoison == s->cap_hwpoison) {
		size_t cap = s->cap_hwpoison ? 2 * s->cap_hwpoison : 16;
		uint64_t *v = realloc(s->hwpoison_pfns, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		s->hwpoison_pfns = v;
		s->cap_hwpoison = cap;
	}
	s->hwpoison_pfns[s->nr_hwpoison++] = pfn;
	return NULL;
}

static void ps_stats_add_flags(struct ps_pagestats *s, uint64_t flags)
{
	while (flags) {
		unsigned bit = (unsigned)__builtin_ctzll(flags);

		s->flag_bit[bit]++;
		flags &= flags - 1;
	}
}

static void ps_stats_add_folio(struct ps_pagestats *s, const struct ps_page *p)
{
	if (p->state & PS_PAGE_TAIL) {
		s->tails++;
		return;
	}
	if (p->state & PS_PAGE_HEAD)
		s->heads++;
	if (p->type != PS_PT_buddy && !(p->state & PS_PAGE_FREE) &&
	    p->order < PS_STATS_MAX_ORDER)
		s->folios_by_order[p->order]++;
	if (p->state & PS_PAGE_PARTIALLY_MAPPED)
		s->partially_mapped_folios++;
	if (p->state & PS_PAGE_PMD_MAPPED)
		s->pmd_mapped_folios++;
}

static void ps_stats_add_zone(struct ps_pagestats *s,
			      const struct ps_memmodel *m,
			      const struct ps_page *p)
{
	int z = m ? ps_memmodel_zone_index(m, p->nid, p->zid) : -1;

	if (z < 0 || (size_t)z >= s->nr_zones)
		return;
	s->zones[z].pages++;
	s->zones[z].free += !!(p->state & PS_PAGE_FREE);
	s->zones[z].hwpoison += !!(p->state & PS_PAGE_HWPOISON);
}

static struct ps_error *ps_stats_add_page(struct ps_pagestats *s,
					  const struct ps_memmodel *m,
					  const struct ps_page *p)
{
	s->pages++;
	if (p->state & PS_PAGE_UNREADABLE) {
		s->unreadable++;
		return NULL;
	}
	ps_stats_add_flags(s, p->eflags);
	ps_stats_add_zone(s, m, p);
	s->type[p->type]++;
	s->free += !!(p->state & PS_PAGE_FREE);
	s->mapping_kind[p->mapping_kind]++;
	ps_stats_add_folio(s, p);
	if (p->mapping_kind == PS_MAP_ANON) {
		s->anon_pages++;
		s->anon_exclusive += !!(p->state & PS_PAGE_ANON_EXCLUSIVE);
	}
	if (p->state & PS_PAGE_HWPOISON)
		return ps_stats_add_hwpoison(s, p->pfn);
	return NULL;
}

struct ps_error *ps_pagestats_add(struct ps_pagestats *s,
				  const struct ps_memmodel *m,
				  const struct ps_page *pages, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct ps_error *err = ps_stats_add_page(s, m, &pages[i]);

		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_pagestats_collect(struct ps_target *t,
				      struct ps_pagestats *ret)
{
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	err = ps_page_iter_init(&it, t, 0, UINT64_MAX);
	if (err)
		return err;
	ret->nr_zones = it.m->nr_zones;
	ret->zones = calloc(ret->nr_zones ? ret->nr_zones : 1,
			    sizeof(*ret->zones));
	if (!ret->zones) {
		ps_page_iter_deinit(&it);
		return ps_error_nomem();
	}
	while (!(err = ps_page_iter_next(&it, &pages, &nr)))
		if ((err = ps_pagestats_add(ret, it.m, pages, nr)))
			break;
	ps_page_iter_deinit(&it);
	if (err == &ps_stop)
		return NULL;
	ps_pagestats_deinit(ret);
	return err;
}

void ps_pagestats_deinit(struct ps_pagestats *s)
{
	free(s->hwpoison_pfns);
	free(s->zones);
	s->zones = NULL;
	s->hwpoison_pfns = NULL;
	s->nr_hwpoison = s->cap_hwpoison = 0;
}
