// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/owner_stats.h"
#include "base/cleanup.h"
#include "target/target.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"

/* Counts of the region being walked, by owner id, and which ids it has. */
struct ps_region_acc {
	uint64_t *count;
	uint32_t *touched;
	size_t nr_touched, cap;
	struct ps_region_owners cur;
	uint64_t by_kind[PS_POWN_NR];
	bool open;
};

static struct ps_error *ps_grow(void **v, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (want <= *cap)
		return NULL;
	while (n < want)
		n *= 2;
	p = realloc(*v, n * size);
	if (!p)
		return ps_error_nomem();
	memset((char *)p + *cap * size, 0, (n - *cap) * size);
	*v = p;
	*cap = n;
	return NULL;
}

/* Keep @p c among the largest of @p top. */
static void ps_top_insert(struct ps_owner_top *top, struct ps_owner_count c)
{
	size_t i = top->nr < PS_REGION_TOP ? top->nr++ : PS_REGION_TOP;

	if (i == PS_REGION_TOP) {
		if (c.pages <= top->v[PS_REGION_TOP - 1].pages)
			return;
		i = PS_REGION_TOP - 1;
	}
	for (; i > 0 && top->v[i - 1].pages < c.pages; i--)
		top->v[i] = top->v[i - 1];
	top->v[i] = c;
}

static struct ps_error *ps_region_close(struct ps_owner_stats *s,
					struct ps_region_acc *a, size_t *cap)
{
	struct ps_error *err;

	if (!a->open)
		return NULL;
	for (size_t i = 0; i < a->nr_touched; i++) {
		uint32_t id = a->touched[i];
		unsigned mov = ps_owners_entry(s->owners, id)->mov;
		struct ps_owner_count c = { id, a->count[id] };

		if (mov == PS_OWNER_MOV_unmovable || mov == PS_OWNER_MOV_reclaimable)
			ps_top_insert(&a->cur.pinned, c);
		else if (mov == PS_OWNER_MOV_movable)
			ps_top_insert(&a->cur.movable, c);
		a->count[id] = 0;
	}
	a->nr_touched = 0;
	a->open = false;
	/* Ties go to the first kind of the table, as one thread would. */
	for (unsigned k = 0; k < PS_POWN_NR; k++) {
		if (a->by_kind[k] > a->by_kind[a->cur.top_kind])
			a->cur.top_kind = (uint8_t)k;
	}
	memset(a->by_kind, 0, sizeof(a->by_kind));
	err = ps_grow((void **)&s->regions, cap, s->nr_regions + 1, sizeof(*s->regions));
	if (err)
		return err;
	s->regions[s->nr_regions++] = a->cur;
	return NULL;
}

static struct ps_error *ps_region_count(struct ps_owner_stats *s,
					struct ps_region_acc *a, size_t *cap,
					uint64_t pfn, uint32_t id)
{
	uint64_t base = pfn >> s->region_order << s->region_order;
	struct ps_error *err;

	if (a->open && a->cur.pfn != base) {
		err = ps_region_close(s, a, cap);
		if (err)
			return err;
	}
	if (!a->open) {
		memset(&a->cur, 0, sizeof(a->cur));
		a->cur.pfn = base;
		a->open = true;
	}
	a->cur.by_mov[ps_owners_entry(s->owners, id)->mov]++;
	a->by_kind[ps_owners_entry(s->owners, id)->kind]++;
	if (!a->count[id]++) {
		err = ps_grow((void **)&a->touched, &a->cap, a->nr_touched + 1,
			      sizeof(*a->touched));
		if (err)
			return err;
		a->touched[a->nr_touched++] = id;
	}
	return NULL;
}

/* Make the per-id arrays cover every id the owners have. */
static struct ps_error *ps_stats_ids(struct ps_owner_stats *s,
				     struct ps_region_acc *a, size_t *id_cap)
{
	size_t want = s->owners->table.nr, cap = *id_cap;
	struct ps_error *err;

	if (want <= s->nr_ids)
		return NULL;
	err = ps_grow((void **)&s->pages, id_cap, want, sizeof(*s->pages));
	if (err)
		return err;
	if (s->region_order) {
		err = ps_grow((void **)&a->count, &cap, want, sizeof(*a->count));
		if (err)
			return err;
	}
	s->nr_ids = want;
	return NULL;
}

struct ps_stats_walk {
	struct ps_owner_stats *s;
	struct ps_region_acc acc;
	size_t id_cap, region_cap;
	struct ps_owners_cursor cur;
	_Atomic uint64_t *done;		/* pfns walked past, or NULL */
};

/* A page of a CMA area counts for the area too, by its owner's kind. */
static void ps_stats_cma(struct ps_owner_stats *s, uint64_t pfn, unsigned kind)
{
	const struct ps_cma_area *a = ps_cma_area_find(&s->owners->cma, pfn);

	if (a)
		s->cma_by_kind[a - s->owners->cma.v][kind]++;
}

static struct ps_error *ps_stats_page(struct ps_stats_walk *w,
				      const struct ps_page *p)
{
	struct ps_owner_stats *s = w->s;
	uint32_t id;
	struct ps_error *err;

	err = ps_owners_classify_next(s->owners, &w->cur, p, &id);
	if (err)
		return err;
	err = ps_stats_ids(s, &w->acc, &w->id_cap);
	if (err)
		return err;
	s->present++;
	s->pages[id]++;
	s->by_kind[ps_owners_entry(s->owners, id)->kind]++;
	s->by_mov[ps_owners_entry(s->owners, id)->mov]++;
	if (s->owners->cma.nr)
		ps_stats_cma(s, p->pfn, ps_owners_entry(s->owners, id)->kind);
	if (!s->region_order)
		return NULL;
	return ps_region_count(s, &w->acc, &w->region_cap, p->pfn, id);
}

static struct ps_error *ps_stats_walk(struct ps_stats_walk *w, uint64_t start,
				      uint64_t end)
{
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	uint64_t behind = start;
	struct ps_error *err = ps_page_iter_init(&it, w->s->owners->t, start, end);

	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr && !err; i++)
			err = ps_stats_page(w, &pages[i]);
		if (err)
			break;
		if (w->done && nr && pages[nr - 1].pfn + 1 > behind) {
			atomic_fetch_add(w->done, pages[nr - 1].pfn + 1 - behind);
			behind = pages[nr - 1].pfn + 1;
		}
	}
	ps_page_iter_deinit(&it);
	if (err != &ps_stop)
		return err;
	return ps_region_close(w->s, &w->acc, &w->region_cap);
}

/* ------------------------------------------------------------------ */
/* On every core: a part per thread, merged in pfn order              */
/* ------------------------------------------------------------------ */

/* One part of the pass: its own owners (a fork), reader and counts. */
struct ps_stats_part {
	const struct ps_owners *base;
	uint64_t start, end;		/* the range asked for */
	_Atomic uint64_t *done;
	struct ps_target view;
	struct ps_owner_stats s;
};

static struct ps_error *ps_stats_part_run(struct ps_part *part)
{
	struct ps_stats_part *sp = part->arg;
	struct ps_stats_walk w = { .s = &sp->s, .cur = PS_OWNERS_CURSOR_INIT,
				   .done = sp->done };
	uint64_t start = sp->start > part->start ? sp->start : part->start;
	uint64_t end = sp->end < part->end ? sp->end : part->end;
	struct ps_error *err;

	ps_target_view(part->t, part->mem, &sp->view);
	err = ps_owners_fork(sp->base, &sp->view, &sp->s.owners);
	if (err)
		return err;
	sp->s.cma_by_kind = calloc(sp->base->cma.nr + 1, sizeof(*sp->s.cma_by_kind));
	if (!sp->s.cma_by_kind)
		return ps_error_nomem();
	if (start < end)
		err = ps_stats_walk(&w, start, end);
	free(w.acc.count);
	free(w.acc.touched);
	return err;
}

/* The merged owner id of each of @p from's, interned into @p to's table. */
static struct ps_error *ps_stats_ids_map(struct ps_owner_stats *to,
					 const struct ps_owner_stats *from,
					 uint32_t **ret)
{
	uint32_t *map = calloc(from->nr_ids + 1, sizeof(*map));
	struct ps_error *err;

	if (!map)
		return ps_error_nomem();
	for (uint32_t id = 0; id < from->nr_ids; id++) {
		const struct ps_owner_entry *e = ps_owners_entry(from->owners, id);

		err = ps_owner_table_intern(&to->owners->table, e->kind, e->mov, e->name,
					    &map[id]);
		if (err) {
			free(map);
			return err;
		}
	}
	*ret = map;
	return NULL;
}

static void ps_top_remap(struct ps_owner_top *top, const uint32_t *map)
{
	for (size_t i = 0; i < top->nr; i++)
		top->v[i].id = map[top->v[i].id];
}

/* Add part @p from to @p to; parts come in pfn order, so regions stay sorted. */
static struct ps_error *ps_stats_merge(struct ps_owner_stats *to,
				       const struct ps_owner_stats *from,
				       size_t *id_cap, size_t *region_cap)
{
	_cleanup_free_ uint32_t *map = NULL;
	struct ps_error *err = ps_stats_ids_map(to, from, &map);

	if (err)
		return err;
	err = ps_grow((void **)&to->pages, id_cap, to->owners->table.nr, sizeof(*to->pages));
	if (err)
		return err;
	to->nr_ids = to->owners->table.nr;
	for (uint32_t id = 0; id < from->nr_ids; id++)
		to->pages[map[id]] += from->pages[id];
	to->present += from->present;
	for (int k = 0; k < PS_POWN_NR; k++)
		to->by_kind[k] += from->by_kind[k];
	for (int m = 0; m < PS_OWNER_MOV_NR; m++)
		to->by_mov[m] += from->by_mov[m];
	for (size_t a = 0; a < to->owners->cma.nr; a++)
		for (int k = 0; k < PS_POWN_NR; k++)
			to->cma_by_kind[a][k] += from->cma_by_kind[a][k];
	err = ps_grow((void **)&to->regions, region_cap, to->nr_regions + from->nr_regions,
		      sizeof(*to->regions));
	if (err)
		return err;
	for (size_t i = 0; i < from->nr_regions; i++) {
		struct ps_region_owners *r = &to->regions[to->nr_regions++];

		*r = from->regions[i];
		ps_top_remap(&r->pinned, map);
		ps_top_remap(&r->movable, map);
	}
	return NULL;
}

static struct ps_error *ps_stats_gather(struct ps_owner_stats *ret,
					struct ps_stats_part *parts, unsigned max)
{
	size_t id_cap = 0, region_cap = 0;
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	for (unsigned i = 0; i < max; i++)
		args[i] = &parts[i];
	err = ps_parallel_walk(ret->owners->t, max, ps_stats_part_run, args, &nr);
	if (err)
		return err;
	for (unsigned i = 0; i < nr; i++) {
		if (!parts[i].s.owners)
			continue;	/* a part with no memory is not run */
		err = ps_stats_merge(ret, &parts[i].s, &id_cap, &region_cap);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_stats_parallel(struct ps_owner_stats *ret,
					  uint64_t start, uint64_t end,
					  _Atomic uint64_t *done)
{
	unsigned max = ps_parallel_parts();
	struct ps_stats_part *parts;
	struct ps_error *err;

	if (max > 64)
		max = 64;
	parts = calloc(max, sizeof(*parts));
	if (!parts)
		return ps_error_nomem();
	for (unsigned i = 0; i < max; i++) {
		parts[i].base = ret->owners;
		parts[i].start = start;
		parts[i].end = end;
		parts[i].done = done;
		parts[i].s.region_order = ret->region_order;
	}
	err = ps_stats_gather(ret, parts, max);
	for (unsigned i = 0; i < max; i++)
		ps_owner_stats_deinit(&parts[i].s);
	free(parts);
	return err;
}

struct ps_error *ps_owner_stats_collect(struct ps_target *t, uint64_t start,
					uint64_t end, unsigned region_order,
					struct ps_owner_stats *ret)
{
	return ps_owner_stats_collect_counted(t, start, end, region_order, NULL, ret);
}

struct ps_error *ps_owner_stats_collect_counted(struct ps_target *t,
						uint64_t start, uint64_t end,
						unsigned region_order,
						_Atomic uint64_t *done,
						struct ps_owner_stats *ret)
{
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->region_order = region_order;
	err = ps_owners_create(t, &ret->owners);
	if (err)
		return err;
	ret->cma_by_kind = calloc(ret->owners->cma.nr + 1, sizeof(*ret->cma_by_kind));
	if (!ret->cma_by_kind) {
		ps_owner_stats_deinit(ret);
		return ps_error_nomem();
	}
	err = ps_stats_parallel(ret, start, end, done);
	if (err)
		ps_owner_stats_deinit(ret);
	return err;
}

struct ps_error *ps_owner_stats_recollect(struct ps_owner_stats *s,
					  uint64_t start, uint64_t end)
{
	size_t nr_cma = s->owners->cma.nr + 1;

	free(s->pages);
	free(s->regions);
	s->pages = NULL;
	s->regions = NULL;
	s->nr_ids = s->nr_regions = 0;
	s->present = 0;
	memset(s->by_kind, 0, sizeof(s->by_kind));
	memset(s->by_mov, 0, sizeof(s->by_mov));
	memset(s->cma_by_kind, 0, nr_cma * sizeof(*s->cma_by_kind));
	return ps_stats_parallel(s, start, end, NULL);
}

void ps_owner_stats_deinit(struct ps_owner_stats *s)
{
	ps_owners_destroy(s->owners);
	free(s->pages);
	free(s->regions);
	free(s->cma_by_kind);
	memset(s, 0, sizeof(*s));
}

/* Most pages first; ties by kind and name, which do not depend on threads. */
static int ps_count_cmp(const void *a, const void *b, void *arg)
{
	const struct ps_owner_count *x = a, *y = b;
	const struct ps_owner_entry *ex = ps_owners_entry(arg, x->id);
	const struct ps_owner_entry *ey = ps_owners_entry(arg, y->id);

	if (x->pages != y->pages)
		return x->pages < y->pages ? 1 : -1;
	if (ex->kind != ey->kind)
		return ex->kind < ey->kind ? -1 : 1;
	return strcmp(ex->name, ey->name);
}

struct ps_error *ps_owner_stats_ranked(const struct ps_owner_stats *s,
				       bool (*keep)(const struct ps_owner_entry *e),
				       struct ps_owner_count **ret,
				       size_t *nr_ret)
{
	struct ps_owner_count *v = calloc(s->nr_ids ? s->nr_ids : 1, sizeof(*v));
	size_t nr = 0;

	if (!v)
		return ps_error_nomem();
	for (uint32_t id = 0; id < s->nr_ids; id++) {
		if (!s->pages[id] || (keep && !keep(ps_owners_entry(s->owners, id))))
			continue;
		v[nr++] = (struct ps_owner_count){ id, s->pages[id] };
	}
	qsort_r(v, nr, sizeof(*v), ps_count_cmp, s->owners);
	*ret = v;
	*nr_ret = nr;
	return NULL;
}

const struct ps_region_owners *
ps_owner_stats_region(const struct ps_owner_stats *s, uint64_t pfn)
{
	uint64_t base;
	size_t lo = 0, hi = s->nr_regions;

	if (!s->region_order)
		return NULL;
	base = pfn >> s->region_order << s->region_order;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->regions[mid].pfn == base)
			return &s->regions[mid];
		if (s->regions[mid].pfn < base)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
