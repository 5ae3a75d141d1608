// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner pass for the viewer: who holds the pages of each pageblock,
 * counted by the same pass as `blocks` and `map --by owner`, and read
 * back one pageblock at a time for the map's detail pane.
 */
#include <stdlib.h>

#include "api/view_owners.h"
#include "kernel/memmodel.h"
#include "target/target.h"

_Static_assert((int)PS_VIEW_MOVABILITIES == (int)PS_OWNER_MOV_NR,
	       "the view API names every movability of the owner pass");

struct ps_view_owners {
	struct ps_owner_stats s;
};

struct ps_error *ps_view_owners_create(struct ps_target *t,
				       struct ps_view_counter *progress,
				       struct ps_view_owners **ret)
{
	const struct ps_memmodel *m;
	struct ps_view_owners *o;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	o = calloc(1, sizeof(*o));
	if (!o)
		return ps_error_nomem();
	if (progress)
		progress->total = m->max_pfn;
	err = ps_owner_stats_collect_counted(t, 0, UINT64_MAX, m->pageblock_order,
					     progress ? &progress->done : NULL, &o->s);
	if (err) {
		free(o);
		return ps_error_prefix(err, "finding the owners of every page");
	}
	*ret = o;
	return NULL;
}

void ps_view_owners_destroy(struct ps_view_owners *o)
{
	if (!o)
		return;
	ps_owner_stats_deinit(&o->s);
	free(o);
}

const struct ps_owner_stats *ps_view_owners_stats(const struct ps_view_owners *o)
{
	return &o->s;
}

static void ps_view_owner_list(const struct ps_owner_stats *s,
			       const struct ps_owner_top *top,
			       struct ps_view_owner *v, size_t *nr_ret)
{
	size_t nr = top->nr < PS_VIEW_BLOCK_OWNERS ? top->nr : PS_VIEW_BLOCK_OWNERS;

	for (size_t i = 0; i < nr; i++) {
		const struct ps_owner_entry *e = ps_owners_entry(s->owners, top->v[i].id);

		v[i] = (struct ps_view_owner){
			.kind = ps_page_owner_kind_names[e->kind],
			.name = e->name,
			.movability = ps_owner_mov_names[e->mov],
			.pages = top->v[i].pages,
		};
	}
	*nr_ret = nr;
}

bool ps_view_owners_block(const struct ps_view_owners *o, uint64_t pfn,
			  struct ps_view_block_owners *ret)
{
	const struct ps_region_owners *r = ps_owner_stats_region(&o->s, pfn);

	if (!r)
		return false;
	ret->top_kind = ps_page_owner_kind_names[r->top_kind];
	for (size_t i = 0; i < PS_OWNER_MOV_NR && i < PS_VIEW_MOVABILITIES; i++)
		ret->by_movability[i] = r->by_mov[i];
	ps_view_owner_list(&o->s, &r->pinned, ret->pinned, &ret->nr_pinned);
	ps_view_owner_list(&o->s, &r->movable, ret->movable, &ret->nr_movable);
	return true;
}

const char *ps_view_owner_movability_name(size_t mov)
{
	return mov < PS_OWNER_MOV_NR ? ps_owner_mov_names[mov] : NULL;
}
