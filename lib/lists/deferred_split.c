// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lists/deferred_split.h"
#include "lists/list_lru.h"
#include "lists/memcg.h"
#include "kernel/memmodel.h"
#include "walk/owner.h"
#include "walk/page_walk.h"
#include "target/target.h"

/* Far beyond any real queue; only a list that loops gets there. */
enum { PS_SPLIT_MAX_ENTRIES = 1 << 26 };

struct ps_error *ps_deferred_split_link_offset(const struct ps_target *t, uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;

	if (L->folio_deferred_list.present) {
		*ret = ps_off(&L->folio_deferred_list);
		return NULL;
	}
	/*
	 * Before v6.6 the link is in the third page:
	 * page_deferred_list() returns &page[2].deferred_list.
	 */
	if (L->page_deferred_list.present && L->page_size.present) {
		*ret = 2 * (uint64_t)L->page_size.value +
		       ps_off(&L->page_deferred_list);
		return NULL;
	}
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "no THP deferred split list in this kernel's folios");
}

/* ------------------------------------------------------------------ */
/* One queue                                                          */
/* ------------------------------------------------------------------ */

static void ps_split_count_folio(struct ps_deferred_split_counts *c,
				 const struct ps_page *p)
{
	unsigned order = p->order < PS_SPLIT_MAX_ORDER ? p->order
						       : PS_SPLIT_MAX_ORDER - 1;
	bool pm = p->state & PS_PAGE_PARTIALLY_MAPPED;

	c->folios++;
	c->by_order[order]++;
	c->partially_mapped += pm;
	c->partially_mapped_by_order[order] += pm;
}

static struct ps_deferred_split_folio *ps_split_keep(struct ps_deferred_split_queue *q,
					    uint64_t node)
{
	struct ps_deferred_split_folio *f;

	if (q->nr_folios == q->cap_folios) {
		size_t cap = q->cap_folios ? 2 * q->cap_folios : 16;
		struct ps_deferred_split_folio *v = realloc(q->folios, cap * sizeof(*v));

		if (!v)
			return NULL;
		q->folios = v;
		q->cap_folios = cap;
	}
	f = &q->folios[q->nr_folios++];
	*f = (struct ps_deferred_split_folio){ .node = node };
	return f;
}

/* Decode the folio whose deferred list_head is @node, and count it. */
static struct ps_error *ps_split_entry(struct ps_target *t,
				       const struct ps_memmodel *m,
				       uint64_t node, uint64_t link_offset,
				       struct ps_deferred_split_queue *q)
{
	uint64_t page_size = (uint64_t)t->layout.page_size.value;
	struct ps_deferred_split_counts *c = &q->counts;
	struct ps_deferred_split_folio *f = ps_split_keep(q, node);
	uint64_t pfn, off;
	struct ps_page p;
	struct ps_error *err;

	if (!f)
		return ps_error_nomem();
	if (!ps_memmodel_addr_pfn(m, page_size, node - link_offset, &pfn, &off) ||
	    off) {
		c->not_large++;
		return NULL;
	}
	f->pfn = pfn;
	err = ps_page_read(t, pfn, &p);
	if (err && err->code != PS_ERR_FAULT && err->code != PS_ERR_EXCLUDED)
		return err;
	if (err || (p.state & PS_PAGE_UNREADABLE)) {
		ps_error_destroy(err);
		c->unreadable++;
		return NULL;
	}
	if (!(p.state & PS_PAGE_HEAD)) {
		c->not_large++;
		return NULL;
	}
	f->large = true;
	f->order = p.order;
	f->partially_mapped = p.state & PS_PAGE_PARTIALLY_MAPPED;
	ps_split_count_folio(c, &p);
	return NULL;
}

struct ps_split_list_walk {
	struct ps_target *t;
	const struct ps_memmodel *m;
	const struct ps_deferred_split *s;
	struct ps_deferred_split_queue *q;
};

static struct ps_error *ps_split_list_entry(uint64_t node, void *arg)
{
	struct ps_split_list_walk *lw = arg;

	return ps_split_entry(lw->t, lw->m, node, lw->s->link_offset, lw->q);
}

static struct ps_error *ps_split_walk_list(struct ps_target *t,
					   const struct ps_deferred_split *s,
					   uint64_t head,
					   struct ps_deferred_split_queue *q)
{
	struct ps_split_list_walk lw = { .t = t, .s = s, .q = q };
	struct ps_error *err = ps_memmodel_get(t, &lw.m);

	if (err)
		return err;
	err = ps_list_for_each(t, head, PS_SPLIT_MAX_ENTRIES,
			       ps_split_list_entry, &lw, &q->fault);
	if (err)
		return err;
	q->broken = ps_list_fault_is_corruption(&q->fault);
	return NULL;
}

static struct ps_error *ps_split_read_queue(struct ps_target *t,
					    const struct ps_deferred_split *s,
					    struct ps_deferred_split_queue *q)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	err = ps_target_read_u64(t, q->addr + ps_off(&L->ds_split_queue_len),
				 &q->len);
	if (err)
		return err;
	if (L->ds_split_queue_lock.present) {
		err = ps_target_read_u32(t, q->addr +
						    ps_off(&L->ds_split_queue_lock),
					 &q->lock);
		if (err)
			return err;
	}
	return ps_split_walk_list(t, s, q->addr + ps_off(&L->ds_split_queue), q);
}

/* A struct deferred_split at q->addr. */
static struct ps_error *ps_split_walk_queue(struct ps_target *t,
					    const struct ps_deferred_split *s,
					    struct ps_deferred_split_queue *q)
{
	return ps_error_prefix(ps_split_read_queue(t, s, q),
			       "deferred split queue %#llx",
			       (unsigned long long)q->addr);
}

/* ------------------------------------------------------------------ */
/* All queues                                                         */
/* ------------------------------------------------------------------ */

static struct ps_deferred_split_queue *ps_split_new(struct ps_deferred_split *s, size_t *cap)
{
	if (s->nr_queues == *cap) {
		size_t n = *cap ? 2 * *cap : 16;
		struct ps_deferred_split_queue *v = realloc(s->queues, n * sizeof(*v));

		if (!v)
			return NULL;
		s->queues = v;
		*cap = n;
	}
	memset(&s->queues[s->nr_queues], 0, sizeof(s->queues[0]));
	s->queues[s->nr_queues].memcg = -1;
	s->queues[s->nr_queues].kmemcg_id = -1;
	return &s->queues[s->nr_queues++];
}

/* Each node's pglist_data.deferred_split_queue. */
static struct ps_error *ps_split_node_queues(struct ps_target *t,
					     const struct ps_memmodel *m,
					     struct ps_deferred_split *s, size_t *cap)
{
	const struct ps_layout *L = &t->layout;
	struct ps_deferred_split_queue *q;
	struct ps_error *err;

	if (!L->pgdat_deferred_split_queue.present)
		return NULL;
	for (size_t i = 0; i < m->nr_nodes; i++) {
		if (!(q = ps_split_new(s, cap)))
			return ps_error_nomem();
		q->owner = PS_SQ_NODE;
		q->nid = m->nodes[i].nid;
		q->addr = m->nodes[i].pgdat + ps_off(&L->pgdat_deferred_split_queue);
		err = ps_split_walk_queue(t, s, q);
		if (err)
			return err;
	}
	return NULL;
}

/* Each memcg's mem_cgroup.deferred_split_queue. */
static struct ps_error *ps_split_memcg_queues(struct ps_target *t,
					      const struct ps_memcgs *memcgs,
					      struct ps_deferred_split *s, size_t *cap)
{
	const struct ps_layout *L = &t->layout;
	struct ps_deferred_split_queue *q;
	struct ps_error *err;

	if (!L->memcg_deferred_split_queue.present)
		return NULL;
	for (size_t i = 0; i < memcgs->nr; i++) {
		if (!(q = ps_split_new(s, cap)))
			return ps_error_nomem();
		q->owner = PS_SQ_MEMCG;
		q->memcg = (long)i;
		q->addr = memcgs->memcgs[i].addr +
			  ps_off(&L->memcg_deferred_split_queue);
		err = ps_split_walk_queue(t, s, q);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_split_queues(struct ps_target *t,
					const struct ps_memcgs *memcgs,
					struct ps_deferred_split *s, size_t *cap)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_split_node_queues(t, m, s, cap);
	if (err)
		return err;
	return ps_split_memcg_queues(t, memcgs, s, cap);
}

/* A queue for each list of the deferred_split_lru, walked for its folios. */
static struct ps_error *ps_split_lru_queues(struct ps_target *t,
					    const struct ps_list_lru *lru,
					    struct ps_deferred_split *s, size_t *cap)
{
	const struct ps_layout *L = &t->layout;
	struct ps_deferred_split_queue *q;
	struct ps_error *err;

	for (size_t i = 0; i < lru->nr_lists; i++) {
		const struct ps_list_lru_one *l = &lru->lists[i];

		if (!(q = ps_split_new(s, cap)))
			return ps_error_nomem();
		*q = (struct ps_deferred_split_queue){
			.owner = PS_SQ_LRU, .nid = l->nid, .memcg = l->memcg,
			.kmemcg_id = l->kmemcg_id, .addr = l->addr,
			.len = (uint64_t)l->nr_items,
			.lock = lru->nodes[l->nid].lock,
		};
		err = ps_split_walk_list(t, s, l->addr + ps_off(&L->lru_one_list),
					 q);
		if (err)
			return err;
	}
	return NULL;
}

/* The list_lru form: its lists, each walked again for its folios. */
static struct ps_error *ps_split_lru(struct ps_target *t,
				     const struct ps_memcgs *memcgs,
				     struct ps_deferred_split *s, size_t *cap)
{
	struct ps_list_lru_id id = { .kind = PS_LRU_THP_SPLIT,
				.name = "deferred_split_lru" };
	struct ps_list_lru lru;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_deferred_split_lru,
				    "deferred_split_lru", &id.addr);
	if (err)
		return err;
	err = ps_list_lru_walk(t, memcgs, &id, &lru);
	if (err)
		return err;
	err = ps_split_lru_queues(t, &lru, s, cap);
	ps_list_lru_deinit(&lru);
	return err;
}

static void ps_split_add_counts(struct ps_deferred_split_counts *to,
				const struct ps_deferred_split_counts *c)
{
	to->folios += c->folios;
	to->partially_mapped += c->partially_mapped;
	to->not_large += c->not_large;
	to->unreadable += c->unreadable;
	for (int o = 0; o < PS_SPLIT_MAX_ORDER; o++) {
		to->by_order[o] += c->by_order[o];
		to->partially_mapped_by_order[o] += c->partially_mapped_by_order[o];
	}
}

static void ps_split_totals(struct ps_deferred_split *s)
{
	for (size_t i = 0; i < s->nr_queues; i++) {
		const struct ps_deferred_split_queue *q = &s->queues[i];
		uint64_t entries = q->counts.folios + q->counts.not_large +
				   q->counts.unreadable;

		ps_split_add_counts(&s->total, &q->counts);
		s->total_len += q->len;
		s->nr_broken += q->broken;
		s->nr_len_mismatch += !q->broken && entries != q->len;
	}
}

static struct ps_error *ps_split_walk(struct ps_target *t,
				      const struct ps_memcgs *memcgs,
				      struct ps_deferred_split *s)
{
	size_t cap = 0;
	struct ps_error *err = ps_deferred_split_link_offset(t, &s->link_offset);

	if (err)
		return err;
	if (s->via_lru)
		return ps_split_lru(t, memcgs, s, &cap);
	if (!t->layout.ds_split_queue.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "this kernel has no THP deferred split queues");
	return ps_split_queues(t, memcgs, s, &cap);
}

struct ps_error *ps_deferred_split_collect(struct ps_target *t,
				  const struct ps_memcgs *memcgs,
				  struct ps_deferred_split *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->has_partially_mapped = L->pg[PS_PG_partially_mapped].present;
	ret->via_lru = L->sym_deferred_split_lru.present;
	err = ps_split_walk(t, memcgs, ret);
	if (err) {
		ps_deferred_split_deinit(ret);
		return ps_error_prefix(err, "THP deferred split queues");
	}
	ps_split_totals(ret);
	return NULL;
}

void ps_deferred_split_deinit(struct ps_deferred_split *s)
{
	for (size_t i = 0; i < s->nr_queues; i++)
		free(s->queues[i].folios);
	free(s->queues);
	memset(s, 0, sizeof(*s));
}
