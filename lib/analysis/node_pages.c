// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "kernel/memmodel.h"
#include "analysis/node_pages.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"
#include "target/target.h"

struct ps_node_walk {
	struct ps_node_page_counts *c;
	unsigned pmd_order;
	uint64_t swapbacked;	/* mask of PG_swapbacked, 0 if unknown */
	int max_nid;
	int *index_of_nid;	/* [max_nid + 1]: index into c->nodes, or -1 */
};

static struct ps_error *ps_node_pages_init(struct ps_node_page_counts *c,
					   const struct ps_memmodel *m)
{
	memset(c, 0, sizeof(*c));
	c->nodes = calloc(m->nr_nodes ? m->nr_nodes : 1, sizeof(*c->nodes));
	if (!c->nodes)
		return ps_error_nomem();
	c->nr_nodes = m->nr_nodes;
	for (size_t i = 0; i < m->nr_nodes; i++)
		c->nodes[i].nid = m->nodes[i].nid;
	return NULL;
}

static struct ps_error *ps_node_walk_init(struct ps_node_walk *w,
					  struct ps_target *t,
					  const struct ps_memmodel *m)
{
	const struct ps_lval *sb = &t->layout.pg[PS_PG_swapbacked];
	struct ps_error *err = ps_node_pages_init(w->c, m);

	if (err)
		return err;
	w->pmd_order = t->paging.pmd_shift - t->paging.page_shift;
	w->swapbacked = sb->present && sb->value < 64 ? 1ULL << sb->value : 0;
	w->max_nid = 0;
	for (size_t i = 0; i < m->nr_nodes; i++)
		if (m->nodes[i].nid > w->max_nid)
			w->max_nid = m->nodes[i].nid;
	w->index_of_nid = malloc((size_t)(w->max_nid + 1) * sizeof(int));
	if (!w->index_of_nid)
		return ps_error_nomem();
	for (int nid = 0; nid <= w->max_nid; nid++)
		w->index_of_nid[nid] = -1;
	for (size_t i = 0; i < m->nr_nodes; i++)
		w->index_of_nid[m->nodes[i].nid] = (int)i;
	return NULL;
}

static void ps_node_walk_page(struct ps_node_walk *w, const struct ps_page *p)
{
	struct ps_node_pages *n;
	uint64_t pages;

	if (p->state & PS_PAGE_UNREADABLE) {
		w->c->unreadable++;
		return;
	}
	if (p->nid > w->max_nid || w->index_of_nid[p->nid] < 0)
		return;
	n = &w->c->nodes[w->index_of_nid[p->nid]];
	if (p->state & PS_PAGE_HWPOISON) {
		n->hwpoison++;
		w->c->hwpoison++;
	}
	if (p->state & (PS_PAGE_TAIL | PS_PAGE_FREE))
		return;
	pages = 1ULL << p->order;
	if (p->mapping_kind == PS_MAPPING_ANON && (p->state & PS_PAGE_PMD_MAPPED))
		n->anon_thp += pages;
	if (p->mapping_kind != PS_MAPPING_FILE || p->order < w->pmd_order ||
	    p->type == PS_PT_hugetlb)
		return;
	if (p->folio_flags & w->swapbacked)
		n->shmem_thp += pages;
	else
		n->file_thp += pages;
}

static struct ps_error *ps_node_walk_pages(struct ps_node_walk *w,
					   struct ps_page_iter *it)
{
	const struct ps_page *pages;
	size_t nr;
	struct ps_error *err;

	while (!(err = ps_page_iter_next(it, &pages, &nr))) {
		for (size_t i = 0; i < nr; i++)
			ps_node_walk_page(w, &pages[i]);
	}
	return err == &ps_stop ? NULL : err;
}

/* One part of memory, in one thread, into its own counts. */
static struct ps_error *ps_node_pages_part(struct ps_part *part)
{
	struct ps_node_page_counts *c = part->arg;
	struct ps_node_walk w = { .c = c };
	struct ps_page_iter it;
	struct ps_error *err;

	err = ps_page_iter_init_mem(&it, part->t, &part->mem, part->start,
				    part->end);
	if (err)
		return err;
	err = ps_node_walk_init(&w, part->t, it.m);
	if (!err)
		err = ps_node_walk_pages(&w, &it);
	free(w.index_of_nid);
	ps_page_iter_deinit(&it);
	return err;
}

/* Parts hold their nodes in the memory model's order: add them up. */
static void ps_node_pages_merge(struct ps_node_page_counts *to,
				const struct ps_node_page_counts *from)
{
	to->hwpoison += from->hwpoison;
	to->unreadable += from->unreadable;
	for (size_t i = 0; i < to->nr_nodes && i < from->nr_nodes; i++) {
		to->nodes[i].anon_thp += from->nodes[i].anon_thp;
		to->nodes[i].file_thp += from->nodes[i].file_thp;
		to->nodes[i].shmem_thp += from->nodes[i].shmem_thp;
		to->nodes[i].hwpoison += from->nodes[i].hwpoison;
	}
}

static struct ps_error *ps_node_pages_gather(struct ps_target *t,
					     struct ps_node_page_counts *parts,
					     unsigned max,
					     struct ps_node_page_counts *ret)
{
	const struct ps_memmodel *m;
	void *args[64];
	unsigned nr = 0;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	for (unsigned i = 0; i < max && i < 64; i++)
		args[i] = &parts[i];
	err = ps_parallel_walk(t, max, ps_node_pages_part, args, &nr);
	if (err)
		return err;
	err = ps_node_pages_init(ret, m);
	if (err)
		return err;
	for (unsigned i = 0; i < nr; i++)
		ps_node_pages_merge(ret, &parts[i]);
	return NULL;
}

struct ps_error *ps_node_pages_collect(struct ps_target *t,
				       struct ps_node_page_counts *ret)
{
	unsigned max = ps_parallel_parts();
	struct ps_node_page_counts *parts = calloc(max, sizeof(*parts));
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!parts)
		return ps_error_nomem();
	err = ps_node_pages_gather(t, parts, max, ret);
	for (unsigned i = 0; i < max; i++)
		ps_node_pages_deinit(&parts[i]);
	free(parts);
	return err;
}

void ps_node_pages_deinit(struct ps_node_page_counts *c)
{
	free(c->nodes);
	memset(c, 0, sizeof(*c));
}
