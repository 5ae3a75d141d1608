// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "pagescope_report.h"
#include "analysis/gigablock.h"
#include "analysis/watch.h"
#include "walk/buddy.h"
#include "target/target.h"

static void ps_watch_free(const struct ps_buddy *b, struct ps_watch_sample *s)
{
	for (size_t z = 0; z < b->nr_zones; z++) {
		const struct ps_buddy_zone *bz = &b->zones[z];

		for (unsigned o = 0; o < bz->nr_orders && o < PS_WATCH_MAX_ORDER; o++) {
			s->free_blocks[o] += bz->areas[o].walked;
			s->free_pages += bz->areas[o].walked << o;
		}
		if (bz->nr_orders > s->nr_orders)
			s->nr_orders = bz->nr_orders < PS_WATCH_MAX_ORDER ? bz->nr_orders
									   : PS_WATCH_MAX_ORDER;
	}
}

static void ps_watch_gigablocks(const struct ps_gigablocks *g, struct ps_watch_sample *s)
{
	for (size_t i = 0; i < g->nr_gigablocks; i++) {
		enum ps_gb_verdict v = ps_gigablock_verdict(&g->gigablocks[i]);

		s->tainted += g->gigablocks[i].tainted;
		s->chances += v == PS_GB_FREE || v == PS_GB_MIGRATABLE;
	}
	s->gigablocks = g->nr_gigablocks;
}

struct ps_error *ps_watch_sample(struct ps_target *t, struct ps_watch_sample *ret)
{
	struct ps_buddy b;
	struct ps_gigablocks g;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	err = ps_buddy_collect(t, false, &b);
	if (err)
		return err;
	ps_watch_free(&b, ret);
	ps_buddy_deinit(&b);
	err = ps_gigablocks_collect(t, &g);
	if (err)
		return err;
	ps_watch_gigablocks(&g, ret);
	ps_gigablocks_deinit(&g);
	return NULL;
}
