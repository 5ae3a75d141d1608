// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/cleanup.h"

#include "kernel/memmodel.h"
#include "walk/flags_check.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"
#include "target/target.h"

struct ps_fl_tally {
	uint64_t pages, bad;
	uint64_t first_pfn;
	struct ps_flags_fields first;
	const char *what;	/* which rule the first bad page broke */
};

/* Whether zone @p zid of node @p nid spans @p pfn. */
static bool ps_fl_zone_spans(const struct ps_memmodel *m, unsigned nid,
			     unsigned zid, uint64_t pfn)
{
	int i = ps_memmodel_zone_index(m, nid, zid);
	const struct ps_zone *z = i < 0 ? NULL : &m->zones[i];

	return z && pfn >= z->start_pfn && pfn - z->start_pfn < z->spanned;
}

static void ps_fl_check_page(const struct ps_flags_layout *fl,
			     const struct ps_memmodel *m, const struct ps_page *p,
			     struct ps_fl_tally *t)
{
	struct ps_flags_fields f;
	const char *what = NULL;

	/* Holes outside every zone, and poisoned (all-ones) struct pages, say nothing. */
	if ((p->state & PS_PAGE_UNREADABLE) || p->flags == UINT64_MAX ||
	    !ps_memmodel_zone_of_pfn(m, p->pfn))
		return;
	t->pages++;
	ps_flags_fields_decode(fl, p->flags, &f);
	if (!ps_fl_zone_spans(m, f.node, f.zone, p->pfn))
		what = "its node and zone fields name a zone that does not span it";
	else if (f.gen_stored > fl->max_nr_gens)
		what = "its generation field exceeds MAX_NR_GENS";
	if (!what)
		return;
	if (!t->bad++) {
		t->first_pfn = p->pfn;
		t->first = f;
		t->what = what;
	}
}

/* One part's walk; its tally is the part's arg. */
struct ps_fl_part {
	const struct ps_memmodel *m;
	const struct ps_flags_layout *fl;
	struct ps_fl_tally tally;
};

static struct ps_error *ps_fl_walk_part(struct ps_part *part)
{
	struct ps_fl_part *fp = part->arg;
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err = ps_page_iter_init_mem(&it, part->t, &part->mem,
						     part->start, part->end);

	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr; i++)
			ps_fl_check_page(fp->fl, fp->m, &pages[i], &fp->tally);
	}
	ps_page_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

/*
 * Pages checked at each end of every zone: a wrong shift or width shows on
 * any page, and the ends are where node and zone change. Bounded, so that
 * one page of a 32 TiB dump does not read its whole memory map.
 */
static const uint64_t ps_fl_edge_pages = 1ULL << 16;

static struct ps_error *ps_fl_walk_range(struct ps_target *t, struct ps_fl_part *fp,
					 uint64_t start, uint64_t end)
{
	struct ps_part part = {
		.t = t, .mem = t->mem, .start = start, .end = end, .arg = fp,
	};

	return ps_fl_walk_part(&part);
}

/* The first and the last pages of every zone, in this thread. */
static struct ps_error *ps_fl_walk(struct ps_target *t, const struct ps_memmodel *m,
				   const struct ps_flags_layout *fl, struct ps_fl_tally *ret)
{
	struct ps_fl_part fp = { .m = m, .fl = fl };
	struct ps_error *err;

	for (size_t i = 0; i < m->nr_zones; i++) {
		const struct ps_zone *z = &m->zones[i];
		uint64_t end = z->start_pfn + z->spanned;
		uint64_t head = z->spanned < 2 * ps_fl_edge_pages ? end
								   : z->start_pfn + ps_fl_edge_pages;

		if (!z->spanned)
			continue;
		err = ps_fl_walk_range(t, &fp, z->start_pfn, head);
		if (!err && head < end)
			err = ps_fl_walk_range(t, &fp, end - ps_fl_edge_pages, end);
		if (err)
			return err;
	}
	*ret = fp.tally;
	return NULL;
}

struct ps_error *ps_flags_layout_checked(struct ps_target *t,
					 struct ps_flags_layout *ret,
					 uint64_t *pages_ret)
{
	const struct ps_memmodel *m;
	struct ps_fl_tally tally = { 0 };
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	ps_flags_layout_derive(&t->layout, ret);
	if (!ret->known)
		return NULL;
	err = ps_fl_walk(t, m, ret, &tally);
	if (err)
		return ps_error_prefix(err, "checking page->flags fields");
	if (pages_ret)
		*pages_ret = tally.pages;
	if (!tally.bad)
		return NULL;
	ret->known = false;
	snprintf(ret->why, sizeof(ret->why),
		 "flags layout not derivable: %" PRIu64 " of %" PRIu64 " pages disagree, first pfn %#" PRIx64 " (node %u, zone %u, generation %u): %s",
		 tally.bad, tally.pages, tally.first_pfn, tally.first.node, tally.first.zone,
		 tally.first.gen_stored, tally.what);
	return NULL;
}
