// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What `page` reads for a folio on a multi-gen LRU list beyond the memory
 * map: its lruvec's sequence numbers. save reads them for every such folio
 * once, so that page answers from the snapshot as from the dump. A page
 * walk of its own: it needs the folio flags' generation, which the walkers
 * below do not count.
 */
#include "lists/lruvec_all.h"
#include "lists/lruvec.h"
#include "target/target.h"
#include "walk/flags_check.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"

/* The (memcg_data, node) pairs read lately: folios of one memcg come in runs. */
enum { PS_LRUVEC_ALL_SEEN = 64 };

struct ps_lruvec_all {
	struct ps_target *t;
	struct ps_flags_layout fl;
	uint64_t seen[PS_LRUVEC_ALL_SEEN][2];
	unsigned next;
};

static bool ps_lruvec_all_seen(struct ps_lruvec_all *s, uint64_t memcg_data, int nid)
{
	for (unsigned k = 0; k < PS_LRUVEC_ALL_SEEN; k++) {
		if (s->seen[k][0] == memcg_data && s->seen[k][1] == (uint64_t)nid + 1)
			return true;
	}
	s->seen[s->next][0] = memcg_data;
	s->seen[s->next][1] = (uint64_t)nid + 1;
	s->next = (s->next + 1) % PS_LRUVEC_ALL_SEEN;
	return false;
}

static void ps_lruvec_all_page(struct ps_lruvec_all *s, const struct ps_page *p)
{
	struct ps_flags_fields ff;
	struct ps_lruvec_seq seq;

	if (p->state & (PS_PAGE_TAIL | PS_PAGE_UNREADABLE))
		return;
	ps_flags_fields_decode(&s->fl, p->folio_flags, &ff);
	if (!ff.gen_stored || ps_lruvec_all_seen(s, p->memcg_data, p->nid))
		return;
	/* An unreadable lruvec is recorded as such: page says so from both. */
	ps_error_destroy(ps_lruvec_seq(s->t, p->memcg_data, p->nid, &seq));
}

/* One part of the pfn space, on its thread: reads through its own reader. */
static struct ps_error *ps_lruvec_all_part(struct ps_part *part)
{
	const struct ps_lruvec_all *base = part->arg;
	struct ps_lruvec_all s = { .fl = base->fl };
	struct ps_target view;
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	ps_target_view(part->t, part->mem, &view);
	s.t = &view;
	err = ps_page_iter_init_mem(&it, part->t, &part->mem, part->start, part->end);
	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr; i++)
			ps_lruvec_all_page(&s, &pages[i]);
	}
	ps_page_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

void ps_lruvec_read_all(struct ps_target *t)
{
	struct ps_lruvec_all s = { .t = t };
	void *args[64];
	unsigned max = ps_parallel_parts(), nr;
	struct ps_error *err = ps_flags_layout_checked(t, &s.fl, NULL);

	if (err || !s.fl.known) {
		ps_error_destroy(err);
		return;
	}
	max = max < 64 ? max : 64;
	for (unsigned i = 0; i < max; i++)
		args[i] = &s;
	ps_error_destroy(ps_parallel_walk(t, max, ps_lruvec_all_part, args, &nr));
}
