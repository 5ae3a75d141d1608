// SPDX-License-Identifier: GPL-2.0-or-later
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/memmodel.h"
#include "walk/parallel.h"
#include "walk/page_walk.h"
#include "analysis/pagestats.h"
#include "target/target.h"

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
	if (p->mapping_kind == PS_MAPPING_ANON) {
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

static struct ps_error *ps_pagestats_init(struct ps_pagestats *s,
					  size_t nr_zones)
{
	memset(s, 0, sizeof(*s));
	s->nr_zones = nr_zones;
	s->zones = calloc(nr_zones ? nr_zones : 1, sizeof(*s->zones));
	return s->zones ? NULL : ps_error_nomem();
}

static struct ps_error *ps_pagestats_walk(struct ps_pagestats *s,
					  struct ps_page_iter *it)
{
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err = ps_pagestats_init(s, it->m->nr_zones);

	if (err)
		return err;
	while (!(err = ps_page_iter_next(it, &pages, &nr))) {
		err = ps_pagestats_add(s, it->m, pages, nr);
		if (err)
			return err;
	}
	return err == &ps_stop ? NULL : err;
}

/* One part of memory, in one thread. */
static struct ps_error *ps_pagestats_part(struct ps_part *part)
{
	struct ps_page_iter it;
	struct ps_error *err;

	err = ps_page_iter_init_mem(&it, part->t, &part->mem, part->start,
				    part->end);
	if (err)
		return err;
	err = ps_pagestats_walk(part->arg, &it);
	ps_page_iter_deinit(&it);
	return err;
}

/* Between @pages and @hwpoison_pfns there are only uint64_t counters. */
_Static_assert(offsetof(struct ps_pagestats, hwpoison_pfns) -
			       offsetof(struct ps_pagestats, pages) ==
		       sizeof(uint64_t) * (2 + 64 + PS_PT_NR + 1 + PS_MAPPING_NR + 2 +
					   PS_STATS_MAX_ORDER + 4),
	       "ps_pagestats counters are not all uint64_t");

/* Add @p from to @p to; parts come in pfn order, so hwpoison pfns stay sorted. */
static struct ps_error *ps_pagestats_merge(struct ps_pagestats *to,
					   const struct ps_pagestats *from)
{
	uint64_t *a = (uint64_t *)to, *b = (uint64_t *)from;
	size_t first = offsetof(struct ps_pagestats, pages) / sizeof(uint64_t);
	size_t last = offsetof(struct ps_pagestats, hwpoison_pfns) / sizeof(uint64_t);

	/* Every counter between @pages and @hwpoison_pfns is a uint64_t. */
	for (size_t i = first; i < last; i++)
		a[i] += b[i];
	for (size_t z = 0; z < to->nr_zones && z < from->nr_zones; z++) {
		to->zones[z].pages += from->zones[z].pages;
		to->zones[z].free += from->zones[z].free;
		to->zones[z].hwpoison += from->zones[z].hwpoison;
	}
	for (size_t i = 0; i < from->nr_hwpoison; i++) {
		struct ps_error *err = ps_stats_add_hwpoison(to, from->hwpoison_pfns[i]);

		if (err)
			return err;
	}
	return NULL;
}

/* Walk memory in @max parts at once, then add them up into @ret. */
static struct ps_error *ps_pagestats_gather(struct ps_target *t,
					    struct ps_pagestats *parts,
					    unsigned max,
					    struct ps_pagestats *ret)
{
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	for (unsigned i = 0; i < max && i < 64; i++)
		args[i] = &parts[i];
	err = ps_parallel_walk(t, max, ps_pagestats_part, args, &nr);
	if (err)
		return err;
	err = ps_pagestats_init(ret, parts[0].nr_zones);
	if (err)
		return err;
	for (unsigned i = 0; i < nr; i++) {
		err = ps_pagestats_merge(ret, &parts[i]);
		if (err) {
			ps_pagestats_deinit(ret);
			return err;
		}
	}
	return NULL;
}

struct ps_error *ps_pagestats_collect(struct ps_target *t,
				      struct ps_pagestats *ret)
{
	unsigned max = ps_parallel_parts();
	struct ps_pagestats *parts = calloc(max, sizeof(*parts));
	struct ps_error *err;

	if (!parts)
		return ps_error_nomem();
	err = ps_pagestats_gather(t, parts, max, ret);
	for (unsigned i = 0; i < max; i++)
		ps_pagestats_deinit(&parts[i]);
	free(parts);
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
