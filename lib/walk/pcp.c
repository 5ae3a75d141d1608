// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "layout/buf.h"
#include "kernel/memmodel.h"
#include "walk/pcp.h"
#include "kernel/percpu.h"
#include "target/target.h"

/*
 * Lists 0 .. NR_LOWORDER_PCP_LISTS-1 hold order (pindex / MIGRATE_PCPTYPES);
 * the NR_PCP_THP lists after them hold PMD-sized pages. NR_PCP_LISTS is
 * the array's bound, and NR_PCP_THP what it has beyond a multiple of
 * MIGRATE_PCPTYPES (mm/page_alloc.c order_to_pindex()).
 */
unsigned ps_pcp_list_order(const struct ps_target *t, size_t pindex,
			   unsigned pageblock_order)
{
	size_t nr_lists = t->layout.pcp_lists.nr_elems;
	size_t types = (size_t)t->layout.migrate_pcptypes.value;
	size_t low = types ? nr_lists - nr_lists % types : nr_lists;

	if (pindex < low && types)
		return (unsigned)(pindex / types);
	return pageblock_order;
}

/* Who else wants each page of the lists, and how to find its pfn. */
struct ps_pcp_visit {
	ps_pcp_page_fn *fn;
	void *arg;
	const struct ps_memmodel *m;
	uint64_t page_size, list_off;
};

struct ps_pcp_list_walk {
	struct ps_pcp_cpu *c;
	unsigned order;
	const struct ps_pcp_visit *v;
};

static struct ps_error *ps_pcp_visit_node(const struct ps_pcp_visit *v,
					  uint64_t node, unsigned order)
{
	uint64_t pfn;

	if (!ps_memmodel_page_pfn(v->m, v->page_size, node - v->list_off, &pfn))
		return NULL;	/* not a struct page: the list check reports it */
	return v->fn(pfn, order, v->arg);
}

static struct ps_error *ps_pcp_entry(uint64_t node, void *arg)
{
	struct ps_pcp_list_walk *lw = arg;

	lw->c->entries++;
	lw->c->pages += 1ULL << lw->order;
	return lw->v ? ps_pcp_visit_node(lw->v, node, lw->order) : NULL;
}

static struct ps_error *ps_pcp_walk_list(struct ps_target *t,
					 const struct ps_pcp_visit *v,
					 struct ps_pcp_cpu *c, uint64_t head,
					 size_t pindex, unsigned order)
{
	struct ps_pcp_list_walk lw = { .c = c, .order = order, .v = v };
	/* pcp->high bounds a list; allow far more before calling it a loop. */
	size_t bound = (size_t)(c->count > 0 ? c->count : 0) + 100000;
	struct ps_list_fault fault;
	struct ps_error *err = ps_list_for_each(t, head, bound, ps_pcp_entry,
						&lw, &fault);

	c->changing |= fault.kind == PS_LF_CHANGING;
	if (err)
		return err;
	if (ps_list_fault_is_corruption(&fault) && !c->broken) {
		c->broken = true;
		c->fault = fault;
		c->fault_list = pindex;
	}
	return NULL;
}

static struct ps_error *ps_pcp_read_cpu(struct ps_target *t,
					const struct ps_pcp_visit *v, uint64_t addr,
					unsigned pageblock_order,
					struct ps_pcp_cpu *c)
{
	const struct ps_layout *L = &t->layout;
	uint32_t count;
	struct ps_error *err;

	err = ps_target_read_u32(t, addr + ps_off(&L->pcp_count), &count);
	if (err)
		return err;
	c->count = (int32_t)count;
	for (size_t i = 0; i < L->pcp_lists.nr_elems; i++) {
		uint64_t head = addr + ps_off(&L->pcp_lists) +
				i * L->pcp_lists.elem_size;

		err = ps_pcp_walk_list(t, v, c, head, i,
				       ps_pcp_list_order(t, i, pageblock_order));
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_pcp_read_cpus(struct ps_target *t,
					 const struct ps_pcp_visit *v,
					 const struct ps_zone *zone,
					 const struct ps_percpu *pc,
					 unsigned pageblock_order,
					 struct ps_pcp_zone *ret)
{
	struct ps_error *err;

	ret->cpus = calloc(pc->nr_cpu_ids, sizeof(*ret->cpus));
	if (!ret->cpus)
		return ps_error_nomem();
	for (unsigned cpu = 0; cpu < pc->nr_cpu_ids; cpu++) {
		struct ps_pcp_cpu *c = &ret->cpus[ret->nr_cpus];

		if (!pc->possible[cpu])
			continue;
		c->cpu = cpu;
		c->online = pc->online[cpu];
		ret->nr_cpus++;
		err = ps_pcp_read_cpu(t, v, ps_percpu_addr(pc, zone->pcp, cpu),
				      pageblock_order, c);
		ret->count += c->count;
		ret->pages += c->pages;
		ret->nr_broken += c->broken;
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_pcp_zone_walk(struct ps_target *t,
					 const struct ps_zone *zone,
					 struct ps_pcp_visit *v,
					 struct ps_pcp_zone *ret)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_percpu *pc;
	const struct ps_memmodel *m;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!zone->pcp || !L->pcp_count.present || !L->pcp_lists.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no per-cpu page lists in this kernel's layout");
	err = ps_percpu_get(t, &pc);
	if (err)
		return err;
	err = ps_memmodel_get(t, &m);
	if (err)
		return err;
	if (v)
		v->m = m;
	err = ps_pcp_read_cpus(t, v, zone, pc, m->pageblock_order, ret);
	if (err)
		ps_pcp_zone_deinit(ret);
	return ps_error_prefix(err, "per-cpu lists of zone %s", zone->name);
}

struct ps_error *ps_pcp_zone_read(struct ps_target *t,
				  const struct ps_zone *zone,
				  struct ps_pcp_zone *ret)
{
	return ps_pcp_zone_walk(t, zone, NULL, ret);
}

struct ps_error *ps_pcp_zone_pages(struct ps_target *t,
				   const struct ps_zone *zone,
				   ps_pcp_page_fn *fn, void *arg)
{
	const struct ps_lval *list = t->layout.page_pcp_list.present
					     ? &t->layout.page_pcp_list
					     : &t->layout.page_lru;
	struct ps_pcp_visit v = {
		.fn = fn, .arg = arg,
		.page_size = (uint64_t)t->layout.page_size.value,
		.list_off = ps_off(list),
	};
	struct ps_pcp_zone z;
	struct ps_error *err;

	if (!list->present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no struct page.pcp_list or lru in this kernel's layout");
	err = ps_pcp_zone_walk(t, zone, &v, &z);
	if (err)
		return err;
	ps_pcp_zone_deinit(&z);
	return NULL;
}

void ps_pcp_zone_deinit(struct ps_pcp_zone *z)
{
	free(z->cpus);
	memset(z, 0, sizeof(*z));
}
