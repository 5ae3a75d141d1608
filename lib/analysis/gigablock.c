// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "analysis/gigablock.h"
#include "kernel/memmodel.h"
#include "walk/parallel.h"
#include "target/target.h"

static const char *const ps_gb_verdict_names[PS_GB_NR] = {
#define PS_GB_VERDICT_NAME(e, name) [e] = name,
	PS_GB_VERDICTS(PS_GB_VERDICT_NAME)
#undef PS_GB_VERDICT_NAME
};

const char *ps_gb_verdict_name(enum ps_gb_verdict v)
{
	return v < PS_GB_NR ? ps_gb_verdict_names[v] : "?";
}

bool ps_gb_verdict_parse(const char *name, enum ps_gb_verdict *ret)
{
	for (unsigned v = 0; v < PS_GB_NR; v++) {
		if (!strcmp(name, ps_gb_verdict_names[v])) {
			*ret = (enum ps_gb_verdict)v;
			return true;
		}
	}
	return false;
}

/* A pageblock that takes only movable allocations (or CMA's). */
static bool ps_block_is_movable(const struct ps_pageblock_bits *bits,
				const struct ps_block_summary *b)
{
	int mt = b->pb.migratetype;

	return mt == bits->movable_type || (bits->cma_type >= 0 && mt == bits->cma_type);
}

static void ps_gb_add_blockers(struct ps_gigablock *g,
			       const struct ps_block_summary *b)
{
	for (int k = 0; k < PS_BLOCKERS; k++) {
		if (b->first_blocker[k] != UINT64_MAX &&
		    g->nr_blockers[k] < PS_GB_BLOCKER_PFNS)
			g->blockers[k][g->nr_blockers[k]++] = b->first_blocker[k];
	}
}

void ps_gigablock_add(struct ps_gigablock *g,
		      const struct ps_pageblock_bits *bits,
		      const struct ps_block_summary *b)
{
	g->present += b->pages;
	for (int k = 0; k < PS_MOV_NR; k++)
		g->count[k] += b->count[k];
	g->hwpoison += b->hwpoison;
	g->anon_exclusive += b->anon_exclusive;
	if (b->pages && b->pb.migratetype < PS_MAX_MIGRATETYPES)
		g->blocks_by_type[b->pb.migratetype]++;
	for (int o = 0; o < PS_BLOCK_MAX_ORDER; o++) {
		g->free_blocks[o] += b->free_blocks[o];
		if (b->free_blocks[o] && o > g->largest_free_order)
			g->largest_free_order = o;
	}
	if (b->zone >= 0 && g->zone < 0)
		g->zone = b->zone;
	else if (b->zone >= 0 && b->zone != g->zone)
		g->multi_zone = true;
	g->multi_zone |= b->mixed_zones;
	if (b->pages && (!ps_block_is_movable(bits, b) ||
			 b->count[PS_MOV_UNMOVABLE]))
		g->tainted = true;
	ps_gb_add_blockers(g, b);
}

enum ps_gb_verdict ps_gigablock_verdict(const struct ps_gigablock *g)
{
	if (g->present < g->nr_pages || g->multi_zone)
		return PS_GB_PARTIAL;
	if (g->count[PS_MOV_UNMOVABLE] || g->count[PS_MOV_RESERVED] ||
	    g->count[PS_MOV_POISONED])
		return PS_GB_BLOCKED;
	if (g->count[PS_MOV_FREE] == g->nr_pages)
		return PS_GB_FREE;
	return PS_GB_MIGRATABLE;
}

uint64_t ps_gigablock_to_migrate(const struct ps_gigablock *g)
{
	return g->count[PS_MOV_MOVABLE] + g->count[PS_MOV_IDLE];
}

/* ------------------------------------------------------------------ */
/* Collecting                                                         */
/* ------------------------------------------------------------------ */

static void ps_totals_add(struct ps_zone_totals *z,
			  const struct ps_block_summary *b)
{
	z->present += b->pages;
	for (int k = 0; k < PS_MOV_NR; k++)
		z->count[k] += b->count[k];
	z->hwpoison += b->hwpoison;
	if (b->pages && b->pb.migratetype < PS_MAX_MIGRATETYPES)
		z->blocks_by_type[b->pb.migratetype]++;
	for (int o = 0; o < PS_BLOCK_MAX_ORDER; o++)
		z->free_blocks[o] += b->free_blocks[o];
}

static struct ps_gigablock *ps_frag_gigablock(struct ps_gigablocks *f,
					      uint64_t pfn, size_t *cap)
{
	uint64_t first = pfn >> f->pud_order << f->pud_order;
	struct ps_gigablock *g;

	if (f->nr_gigablocks && f->gigablocks[f->nr_gigablocks - 1].pfn == first)
		return &f->gigablocks[f->nr_gigablocks - 1];
	if (f->nr_gigablocks == *cap) {
		size_t n = *cap ? 2 * *cap : 16;

		g = realloc(f->gigablocks, n * sizeof(*g));
		if (!g)
			return NULL;
		f->gigablocks = g;
		*cap = n;
	}
	g = &f->gigablocks[f->nr_gigablocks++];
	memset(g, 0, sizeof(*g));
	g->pfn = first;
	g->nr_pages = 1ULL << f->pud_order;
	g->largest_free_order = -1;
	g->zone = -1;
	return g;
}

static struct ps_error *ps_frag_add(struct ps_gigablocks *f,
				    const struct ps_block_summary *b,
				    size_t *cap)
{
	struct ps_gigablock *g = ps_frag_gigablock(f, b->pfn, cap);

	if (!g)
		return ps_error_nomem();
	ps_gigablock_add(g, &f->bits, b);
	ps_totals_add(&f->total, b);
	if (b->zone >= 0 && (size_t)b->zone < f->nr_zones)
		ps_totals_add(&f->zones[b->zone], b);
	return NULL;
}

static struct ps_error *ps_frag_add_blocks(struct ps_gigablocks *f,
					   const struct ps_block_summary *blocks,
					   size_t nr, size_t *cap)
{
	struct ps_error *err;

	for (size_t i = 0; i < nr; i++) {
		err = ps_frag_add(f, &blocks[i], cap);
		if (err)
			return err;
	}
	return NULL;
}

/* One part of memory, in one thread, into its own ps_frag. */
static struct ps_error *ps_frag_part(struct ps_part *part)
{
	struct ps_gigablocks *f = part->arg;
	struct ps_block_iter it;
	const struct ps_block_summary *blocks;
	size_t nr, cap = 0;
	struct ps_error *err;

	err = ps_block_iter_init_mem(&it, part->t, &part->mem, &f->bits,
				     part->start, part->end);
	if (err)
		return err;
	while (!(err = ps_block_iter_next(&it, &blocks, &nr))) {
		err = ps_frag_add_blocks(f, blocks, nr, &cap);
		if (err)
			break;
	}
	ps_block_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

static void ps_totals_merge(struct ps_zone_totals *to,
			    const struct ps_zone_totals *from)
{
	to->present += from->present;
	to->hwpoison += from->hwpoison;
	for (int k = 0; k < PS_MOV_NR; k++)
		to->count[k] += from->count[k];
	for (int mt = 0; mt < PS_MAX_MIGRATETYPES; mt++)
		to->blocks_by_type[mt] += from->blocks_by_type[mt];
	for (int o = 0; o < PS_GB_MAX_ORDER; o++)
		to->free_blocks[o] += from->free_blocks[o];
}

/* Parts split on gigablock edges: their gigablocks simply follow. */
static struct ps_error *ps_frag_merge(struct ps_gigablocks *to,
				      const struct ps_gigablocks *from)
{
	size_t n = to->nr_gigablocks + from->nr_gigablocks;
	struct ps_gigablock *g = realloc(to->gigablocks, (n ? n : 1) * sizeof(*g));

	if (!g)
		return ps_error_nomem();
	memcpy(g + to->nr_gigablocks, from->gigablocks,
	       from->nr_gigablocks * sizeof(*g));
	to->gigablocks = g;
	to->nr_gigablocks = n;
	to->bits = from->bits;
	ps_totals_merge(&to->total, &from->total);
	for (size_t z = 0; z < to->nr_zones; z++)
		ps_totals_merge(&to->zones[z], &from->zones[z]);
	return NULL;
}

/* Each part starts as a copy of @f with zone totals of its own. */
static struct ps_error *ps_frag_parts_init(const struct ps_gigablocks *f,
					   struct ps_gigablocks *parts, unsigned max,
					   void **args)
{
	for (unsigned i = 0; i < max && i < 64; i++) {
		parts[i] = *f;
		parts[i].zones = calloc(f->nr_zones ? f->nr_zones : 1,
					sizeof(*parts[i].zones));
		args[i] = &parts[i];
		if (!parts[i].zones)
			return ps_error_nomem();
	}
	return NULL;
}

/* Walk memory in @max parts at once, then append them to @f. */
static struct ps_error *ps_frag_gather(struct ps_target *t, struct ps_gigablocks *f,
				       struct ps_gigablocks *parts, unsigned max)
{
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err;

	err = ps_pageblock_bits_init(&f->bits, &t->layout, t);
	if (err)
		return err;
	err = ps_frag_parts_init(f, parts, max, args);
	if (err)
		return err;
	err = ps_parallel_walk(t, max, ps_frag_part, args, &nr);
	if (err)
		return err;
	for (unsigned i = 0; i < nr; i++) {
		err = ps_frag_merge(f, &parts[i]);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_frag_scan(struct ps_target *t, struct ps_gigablocks *f)
{
	unsigned max = ps_parallel_parts();
	struct ps_gigablocks *parts = calloc(max, sizeof(*parts));
	struct ps_error *err;

	if (!parts)
		return ps_error_nomem();
	err = ps_frag_gather(t, f, parts, max);
	for (unsigned i = 0; i < max; i++)
		ps_gigablocks_deinit(&parts[i]);
	free(parts);
	return err;
}

/* The gigablocks of [@start, @end) in this thread, with the target's reader. */
static struct ps_error *ps_frag_scan_range(struct ps_target *t, struct ps_gigablocks *f,
					   uint64_t start, uint64_t end)
{
	struct ps_part part = {
		.t = t, .mem = t->mem, .start = start, .end = end, .arg = f,
	};
	struct ps_error *err = ps_pageblock_bits_init(&f->bits, &t->layout, t);

	if (err)
		return err;
	return ps_frag_part(&part);
}

static struct ps_error *ps_gigablocks_setup(struct ps_target *t, struct ps_gigablocks *f)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	memset(f, 0, sizeof(*f));
	if (err)
		return err;
	f->pud_order = m->pud_order;
	f->pageblock_order = m->pageblock_order;
	f->nr_orders = t->layout.zone_free_area.nr_elems;
	if (f->nr_orders > PS_BLOCK_MAX_ORDER)
		f->nr_orders = PS_BLOCK_MAX_ORDER;
	f->nr_zones = m->nr_zones;
	f->zones = calloc(f->nr_zones ? f->nr_zones : 1, sizeof(*f->zones));
	return f->zones ? NULL : ps_error_nomem();
}

/* A hole is any pfn of the gigablock without a struct page. */
static void ps_gigablocks_count_holes(struct ps_gigablocks *f)
{
	for (size_t i = 0; i < f->nr_gigablocks; i++)
		f->gigablocks[i].count[PS_MOV_HOLE] =
			f->gigablocks[i].nr_pages - f->gigablocks[i].present;
}

struct ps_error *ps_gigablocks_collect(struct ps_target *t, struct ps_gigablocks *f)
{
	struct ps_error *err = ps_gigablocks_setup(t, f);

	if (!err)
		err = ps_frag_scan(t, f);
	if (err) {
		ps_gigablocks_deinit(f);
		return err;
	}
	ps_gigablocks_count_holes(f);
	return NULL;
}

struct ps_error *ps_gigablocks_collect_at(struct ps_target *t, uint64_t pfn,
					  struct ps_gigablocks *f)
{
	struct ps_error *err = ps_gigablocks_setup(t, f);
	uint64_t start;

	if (err) {
		ps_gigablocks_deinit(f);
		return err;
	}
	start = pfn >> f->pud_order << f->pud_order;
	err = ps_frag_scan_range(t, f, start, start + (1ULL << f->pud_order));
	if (err) {
		ps_gigablocks_deinit(f);
		return err;
	}
	ps_gigablocks_count_holes(f);
	return NULL;
}

void ps_gigablocks_deinit(struct ps_gigablocks *f)
{
	free(f->gigablocks);
	free(f->zones);
	memset(f, 0, sizeof(*f));
}
