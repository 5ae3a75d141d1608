// SPDX-License-Identifier: GPL-2.0-or-later
/* The figures of one kernel's state that a diff compares. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/check.h"
#include "analysis/diff.h"
#include "analysis/gigablock.h"
#include "analysis/owner_stats.h"
#include "analysis/pagestats.h"
#include "kernel/memmodel.h"
#include "walk/buddy.h"
#include "walk/pageblock.h"
#include "target/target.h"

static struct ps_error *ps_diff_add(struct ps_diff_state *s, enum ps_diff_section sec,
				    int64_t value, int64_t value2, int verdict,
				    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static struct ps_error *ps_diff_add(struct ps_diff_state *s, enum ps_diff_section sec,
				    int64_t value, int64_t value2, int verdict,
				    const char *fmt, ...)
{
	struct ps_diff_figure *f;
	va_list ap;

	if (s->nr[sec] == s->cap[sec]) {
		size_t cap = s->cap[sec] ? 2 * s->cap[sec] : 64;
		void *v = realloc(s->figures[sec], cap * sizeof(*s->figures[sec]));

		if (!v)
			return ps_error_nomem();
		s->figures[sec] = v;
		s->cap[sec] = cap;
	}
	f = &s->figures[sec][s->nr[sec]++];
	va_start(ap, fmt);
	vsnprintf(f->key, sizeof(f->key), fmt, ap);
	va_end(ap);
	f->value = value;
	f->value2 = value2;
	f->verdict = verdict;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Counters, free blocks, pages, gigablocks                           */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_diff_check_rows(struct ps_diff_state *s,
					   const struct ps_check *c)
{
	struct ps_error *err;

	for (size_t i = 0; i < c->nr; i++) {
		const struct ps_check_row *r = &c->rows[i];

		err = ps_diff_add(s, PS_DIFF_counter, r->kernel, r->walked, r->verdict,
				  "%s", r->counter);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_diff_counters(struct ps_target *t, struct ps_diff_state *s)
{
	struct ps_check c;
	struct ps_error *err;

	ps_check_init(&c, t->live);
	err = ps_check_run(t, &c);
	if (!err)
		err = ps_diff_check_rows(s, &c);
	ps_check_deinit(&c);
	return err;
}

static struct ps_error *ps_diff_zone_free(struct ps_diff_state *s, const struct ps_zone *z,
					  const struct ps_buddy *b, const struct ps_buddy_zone *bz)
{
	struct ps_error *err;

	for (unsigned o = 0; o < bz->nr_orders; o++) {
		for (unsigned mt = 0; mt < b->bits.nr_types; mt++) {
			uint64_t blocks = bz->areas[o].lists[mt].blocks;

			if (!blocks)
				continue;
			err = ps_diff_add(s, PS_DIFF_free, (int64_t)(blocks << o), (int64_t)blocks,
					  -1, "node %d %s order %2u %s", z->nid, z->name, o,
					  b->bits.names[mt]);
			if (err)
				return err;
		}
	}
	return NULL;
}

static struct ps_error *ps_diff_zones_free(struct ps_diff_state *s,
					   const struct ps_memmodel *m,
					   const struct ps_buddy *b)
{
	struct ps_error *err;

	for (size_t i = 0; i < b->nr_zones; i++) {
		err = ps_diff_zone_free(s, &m->zones[b->zones[i].zone], b, &b->zones[i]);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_diff_free(struct ps_target *t, struct ps_diff_state *s)
{
	const struct ps_memmodel *m;
	struct ps_buddy b;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_buddy_collect(t, false, &b);
	if (err)
		return err;
	err = ps_diff_zones_free(s, m, &b);
	ps_buddy_deinit(&b);
	return err;
}

static struct ps_error *ps_diff_page_flags(const struct ps_target *t, struct ps_diff_state *s,
					   const struct ps_pagestats *st)
{
	uint64_t done = 0;
	struct ps_error *err;

	for (int f = 0; f < PS_PG_NR; f++) {
		const struct ps_lval *bit = &t->layout.pg[f];

		if (ps_pageflag_info[f].kind != PS_PGK_BIT || !bit->present ||
		    bit->value >= 64 || (done & (1ULL << bit->value)))
			continue;
		done |= 1ULL << bit->value;
		err = ps_diff_add(s, PS_DIFF_pages, (int64_t)st->flag_bit[bit->value], 0, -1,
				  "flag %s", ps_pageflag_info[f].name);
		if (err)
			return err;
	}
	return NULL;
}

/* Counts of one table of names: page types, mapping kinds. */
static struct ps_error *ps_diff_counts(struct ps_diff_state *s, const char *what,
				       const uint64_t *counts, const char *const *names,
				       size_t nr)
{
	struct ps_error *err;

	for (size_t i = 0; i < nr; i++) {
		err = ps_diff_add(s, PS_DIFF_pages, (int64_t)counts[i], 0, -1, "%s %s",
				  what, names[i]);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_diff_page_states(struct ps_diff_state *s,
					    const struct ps_pagestats *st)
{
	const struct {
		const char *name;
		uint64_t value;
	} states[] = {
		{ "anon-exclusive", st->anon_exclusive },
		{ "hwpoison", st->nr_hwpoison },
		{ "partially mapped folios", st->partially_mapped_folios },
		{ "pmd-mapped folios", st->pmd_mapped_folios },
	};
	struct ps_error *err;

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		err = ps_diff_add(s, PS_DIFF_pages, (int64_t)states[i].value, 0, -1,
				  "state %s", states[i].name);
		if (err)
			return err;
	}
	for (int i = 0; i < PS_STATS_MAX_ORDER; i++) {
		if (!st->folios_by_order[i])
			continue;
		err = ps_diff_add(s, PS_DIFF_pages, (int64_t)st->folios_by_order[i], 0, -1,
				  "folios of order %d", i);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_diff_page_figures(const struct ps_target *t,
					     struct ps_diff_state *s,
					     const struct ps_pagestats *st)
{
	struct ps_error *err = ps_diff_page_flags(t, s, st);

	if (err)
		return err;
	err = ps_diff_counts(s, "type", st->type, ps_page_type_names, PS_PT_NR);
	if (err)
		return err;
	err = ps_diff_counts(s, "mapping", st->mapping_kind, ps_mapping_kind_names,
			     PS_MAPPING_NR);
	if (err)
		return err;
	return ps_diff_page_states(s, st);
}

static struct ps_error *ps_diff_pages(struct ps_target *t, struct ps_diff_state *s)
{
	struct ps_pagestats st;
	struct ps_error *err = ps_pagestats_collect(t, &st);

	if (err)
		return err;
	err = ps_diff_page_figures(t, s, &st);
	ps_pagestats_deinit(&st);
	return err;
}

static struct ps_error *ps_diff_gigablock_figures(struct ps_diff_state *s,
						  const struct ps_gigablocks *g)
{
	struct ps_error *err;

	for (size_t i = 0; i < g->nr_gigablocks; i++) {
		const struct ps_gigablock *b = &g->gigablocks[i];

		err = ps_diff_add(s, PS_DIFF_gigablock, (int64_t)b->count[PS_MOV_FREE],
				  (int64_t)b->count[PS_MOV_UNMOVABLE], ps_gigablock_verdict(b),
				  "gb %" PRIu64 " (pfn %#" PRIx64 ")", b->pfn >> g->pud_order,
				  b->pfn);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_diff_gigablocks(struct ps_target *t, struct ps_diff_state *s)
{
	struct ps_gigablocks g;
	struct ps_error *err = ps_gigablocks_collect(t, &g);

	if (err)
		return err;
	err = ps_diff_gigablock_figures(s, &g);
	ps_gigablocks_deinit(&g);
	return err;
}

/* ------------------------------------------------------------------ */
/* Owners                                                             */
/* ------------------------------------------------------------------ */

static int ps_diff_figure_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ps_diff_figure *)a)->key,
		      ((const struct ps_diff_figure *)b)->key);
}

/*
 * One figure per key: an owner name cut to the key's length, or one name
 * with two movabilities, would otherwise pair with the wrong one.
 */
static void ps_diff_coalesce(struct ps_diff_state *s, enum ps_diff_section sec)
{
	struct ps_diff_figure *f = s->figures[sec];
	size_t n = 0;

	if (!s->nr[sec])
		return;
	qsort(f, s->nr[sec], sizeof(*f), ps_diff_figure_key_cmp);
	for (size_t i = 1; i < s->nr[sec]; i++) {
		if (!strcmp(f[n].key, f[i].key))
			f[n].value += f[i].value;
		else
			f[++n] = f[i];
	}
	s->nr[sec] = n + 1;
}

static struct ps_error *ps_diff_owner_figures(struct ps_diff_state *s,
					      const struct ps_owner_stats *st)
{
	struct ps_error *err;

	for (int k = 0; k < PS_POWN_NR; k++) {
		if (!st->by_kind[k])
			continue;
		err = ps_diff_add(s, PS_DIFF_owner, (int64_t)st->by_kind[k], 0, -1, "kind %s",
				  ps_page_owner_kind_names[k]);
		if (err)
			return err;
	}
	for (uint32_t id = 0; id < st->nr_ids; id++) {
		const struct ps_owner_entry *e = ps_owners_entry(st->owners, id);

		if (!st->pages[id])
			continue;
		err = ps_diff_add(s, PS_DIFF_owner, (int64_t)st->pages[id], 0, -1, "%s %s",
				  ps_page_owner_kind_names[e->kind], e->name);
		if (err)
			return err;
	}
	ps_diff_coalesce(s, PS_DIFF_owner);
	return NULL;
}

/* What the kernel or the dump lacks leaves the owners out, and says why. */
static bool ps_diff_owners_missing(const struct ps_error *err)
{
	return ps_error_is(err, PS_ERR_NO_TYPE) || ps_error_is(err, PS_ERR_NO_SYMBOL) ||
	       ps_error_is(err, PS_ERR_UNSUPPORTED) || ps_error_is(err, PS_ERR_EXCLUDED) ||
	       ps_error_is(err, PS_ERR_FAULT) || ps_error_is(err, PS_ERR_CORRUPT);
}

static struct ps_error *ps_diff_owners(struct ps_target *t, struct ps_diff_state *s)
{
	const struct ps_memmodel *m;
	struct ps_owner_stats st;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_owner_stats_collect(t, 0, m->max_pfn, 0, &st);
	if (ps_diff_owners_missing(err)) {
		snprintf(s->owner_note, sizeof(s->owner_note), "%s", err->message);
		ps_error_destroy(err);
		return NULL;
	}
	if (err)
		return err;
	err = ps_diff_owner_figures(s, &st);
	ps_owner_stats_deinit(&st);
	return err;
}

/* ------------------------------------------------------------------ */
/* Pageblocks                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_diff_blocks_grow(struct ps_diff_state *s, size_t more)
{
	uint64_t *pfn = realloc(s->block_pfn, (s->nr_blocks + more) * sizeof(*pfn));
	uint8_t *type;

	if (!pfn)
		return ps_error_nomem();
	s->block_pfn = pfn;
	type = realloc(s->block_type, s->nr_blocks + more);
	if (!type)
		return ps_error_nomem();
	s->block_type = type;
	return NULL;
}

static struct ps_error *ps_diff_section_blocks(struct ps_target *t, struct ps_diff_state *s,
					       const struct ps_pageblock_bits *bits,
					       const struct ps_section *sec,
					       const struct ps_memmodel *m)
{
	struct ps_pageblock blocks[512];
	size_t nr;
	struct ps_error *err;

	if ((m->pages_per_section >> m->pageblock_order) > 512)
		return ps_error_create(PS_ERR_UNSUPPORTED, "more than 512 pageblocks per section");
	err = ps_pageblock_read_section(t, bits, sec->nr << m->section_shift, blocks, &nr);
	if (err)
		return err;
	err = ps_diff_blocks_grow(s, nr);
	if (err)
		return err;
	for (size_t i = 0; i < nr; i++) {
		s->block_pfn[s->nr_blocks] = blocks[i].pfn;
		s->block_type[s->nr_blocks++] = blocks[i].migratetype;
	}
	return NULL;
}

static struct ps_error *ps_diff_pageblocks(struct ps_target *t, struct ps_diff_state *s)
{
	struct ps_pageblock_bits bits;
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_pageblock_bits_init(&bits, &t->layout, t);
	if (err)
		return err;
	s->nr_types = bits.nr_types < 16 ? bits.nr_types : 16;
	for (unsigned i = 0; i < s->nr_types; i++)
		snprintf(s->type_names[i], sizeof(s->type_names[i]), "%s", bits.names[i]);
	for (size_t i = 0; i < m->nr_sections; i++) {
		if (!m->sections[i].usage)
			continue;
		err = ps_diff_section_blocks(t, s, &bits, &m->sections[i], m);
		if (err)
			return err;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */

struct ps_error *ps_diff_state_collect(struct ps_target *t, struct ps_diff_state *ret)
{
	static struct ps_error *(*const steps[])(struct ps_target *, struct ps_diff_state *) = {
		ps_diff_counters, ps_diff_free, ps_diff_pages, ps_diff_gigablocks,
		ps_diff_pageblocks, ps_diff_owners,
	};
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	snprintf(ret->release, sizeof(ret->release), "%s", t->release);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		err = steps[i](t, ret);
		if (err) {
			ps_diff_state_deinit(ret);
			return err;
		}
	}
	return NULL;
}

void ps_diff_state_deinit(struct ps_diff_state *s)
{
	for (int i = 0; i < PS_DIFF_NR; i++)
		free(s->figures[i]);
	free(s->block_pfn);
	free(s->block_type);
	memset(s, 0, sizeof(*s));
}
