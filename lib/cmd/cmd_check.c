// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope check: every place where a kernel counter and a walk meet,
 * one row each: counter, kernel value, walked value, verdict, why.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "walk/buddy.h"
#include "analysis/check.h"
#include "cmd/commands.h"
#include "kernel/counters.h"
#include "lists/deferred_split.h"
#include "lists/list_lru.h"
#include "lists/memcg.h"
#include "kernel/memmodel.h"
#include "analysis/node_pages.h"
#include "walk/owner.h"
#include "walk/pcp.h"
#include "target/target.h"

/* Everything the rows compare, walked once. */
struct ps_check_data {
	const struct ps_memmodel *m;
	struct ps_buddy buddy;
	struct ps_pcp_zone *pcp;	/* per zone of the model */
	struct ps_node_page_counts pages;
	struct ps_memcgs memcgs;
	struct ps_lru_ids ids;
	size_t nr_lrus;
	struct ps_lru *lrus;
	struct ps_split split;
	struct ps_error *split_err;	/* why there are no split rows */
};

static void ps_check_data_deinit(struct ps_check_data *d)
{
	for (size_t i = 0; d->pcp && i < d->m->nr_zones; i++)
		ps_pcp_zone_deinit(&d->pcp[i]);
	free(d->pcp);
	for (size_t i = 0; i < d->nr_lrus; i++)
		ps_lru_deinit(&d->lrus[i]);
	free(d->lrus);
	ps_lru_ids_deinit(&d->ids);
	ps_split_deinit(&d->split);
	ps_error_destroy(d->split_err);
	ps_memcgs_deinit(&d->memcgs);
	ps_node_pages_deinit(&d->pages);
	ps_buddy_deinit(&d->buddy);
}

static struct ps_error *ps_check_collect_pcp(struct ps_target *t,
					     struct ps_check_data *d)
{
	struct ps_error *err = NULL;

	d->pcp = calloc(d->m->nr_zones ? d->m->nr_zones : 1, sizeof(*d->pcp));
	if (!d->pcp)
		return ps_error_nomem();
	for (size_t i = 0; i < d->m->nr_zones && !err; i++) {
		if (d->m->zones[i].present)
			err = ps_pcp_zone_read(t, &d->m->zones[i], &d->pcp[i]);
	}
	return err;
}

static struct ps_error *ps_check_collect_lrus(struct ps_target *t,
					      struct ps_check_data *d)
{
	struct ps_error *err = ps_lru_discover(t, &d->ids);

	if (!err && !(d->lrus = calloc(d->ids.nr ? d->ids.nr : 1,
				       sizeof(*d->lrus))))
		err = ps_error_nomem();
	for (size_t i = 0; !err && i < d->ids.nr; i++) {
		err = ps_lru_walk(t, &d->memcgs, &d->ids.ids[i], &d->lrus[i]);
		d->nr_lrus += !err;
	}
	return err;
}

static struct ps_error *ps_check_collect(struct ps_target *t,
					 struct ps_check_data *d)
{
	struct ps_error *err = ps_memmodel_get(t, &d->m);

	if (!err)
		err = ps_buddy_collect(t, false, &d->buddy);
	if (!err)
		err = ps_check_collect_pcp(t, d);
	if (!err)
		err = ps_node_pages_collect(t, &d->pages);
	if (!err)
		err = ps_memcgs_collect(t, &d->memcgs);
	if (!err)
		err = ps_check_collect_lrus(t, d);
	if (!err) {
		d->split_err = ps_split_collect(t, &d->memcgs, &d->split);
		if (d->split_err && d->split_err->code != PS_ERR_UNSUPPORTED) {
			err = d->split_err;
			d->split_err = NULL;
		}
	}
	return err;
}

/* "list_del corruption ... ; 0x... is struct page of pfn ..." */
static const char *ps_check_fault_why(struct ps_target *t,
				      const struct ps_list_fault *f,
				      const char *what, char *buf, size_t len)
{
	char fault[320], owner[320];
	struct ps_owner o;
	struct ps_error *err = ps_owner_find(t, f->node, &o);

	if (err)
		snprintf(owner, sizeof(owner), "?");
	else
		ps_owner_describe(t, &o, owner, sizeof(owner));
	ps_error_destroy(err);
	snprintf(buf, len, "%s broken: %s; %#" PRIx64 " is %s", what,
		 ps_list_fault_describe(f, fault, sizeof(fault)), f->node, owner);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Free pages                                                         */
/* ------------------------------------------------------------------ */

static const struct ps_buddy_zone *ps_check_buddy_zone(
	const struct ps_check_data *d, size_t zone)
{
	for (size_t i = 0; i < d->buddy.nr_zones; i++) {
		if (d->buddy.zones[i].zone == zone)
			return &d->buddy.zones[i];
	}
	return NULL;
}

/* The first broken free list of @bz, or NULL. */
static const struct ps_list_fault *ps_check_free_fault(
	const struct ps_check_data *d, const struct ps_buddy_zone *bz,
	unsigned *order_ret, unsigned *mt_ret)
{
	for (unsigned o = 0; o < bz->nr_orders; o++) {
		for (unsigned mt = 0; mt < d->buddy.bits.nr_types; mt++) {
			if (bz->areas[o].lists[mt].broken) {
				*order_ret = o;
				*mt_ret = mt;
				return &bz->areas[o].lists[mt].fault;
			}
		}
	}
	return NULL;
}

/*
 * Blocks of unaccepted memory (confidential VMs) are free pages to
 * NR_FREE_PAGES, MAX_ORDER_NR_PAGES each, kept on zone->unaccepted_pages
 * (v6.12 mm/page_alloc.c __free_unaccepted()).
 */
static struct ps_error *ps_check_unaccepted(struct ps_target *t,
					    const struct ps_zone *z,
					    uint64_t *pages_ret, char *why,
					    size_t len)
{
	const struct ps_layout *L = &t->layout;
	unsigned max_order = L->zone_free_area.nr_elems - 1;
	struct ps_list_fault fault;
	uint64_t blocks = 0;
	struct ps_error *err;

	*pages_ret = 0;
	if (!L->zone_unaccepted_pages.present || !L->zone_free_area.nr_elems)
		return NULL;
	err = ps_list_count(t, z->addr + ps_off(&L->zone_unaccepted_pages),
			    (size_t)(z->spanned >> max_order) + 16, &blocks,
			    &fault);
	if (err)
		return err;
	if (!ps_list_fault_is_corruption(&fault))
		*pages_ret = blocks << max_order;
	else
		ps_check_fault_why(t, &fault, "zone->unaccepted_pages", why, len);
	return NULL;
}

static struct ps_error *ps_check_zone_free(struct ps_target *t,
					   struct ps_check *c,
					   const struct ps_check_data *d,
					   size_t zi,
					   struct ps_vmstat_value *total,
					   uint64_t *unaccepted_total)
{
	const struct ps_zone *z = &d->m->zones[zi];
	const struct ps_buddy_zone *bz = ps_check_buddy_zone(d, zi);
	const struct ps_list_fault *f;
	struct ps_vmstat_value v;
	char name[96], why[640] = "", what[64];
	uint64_t unaccepted;
	unsigned o, mt;
	struct ps_error *err;

	err = ps_counter_zone(t, z->addr, t->layout.nr_free_pages.value, &v);
	if (!err && bz)
		err = ps_check_unaccepted(t, z, &unaccepted, why, sizeof(why));
	if (err || !bz)
		return err;
	*unaccepted_total += unaccepted;
	total->global += v.global;
	total->diff += v.diff;
	total->drift_bound += v.drift_bound;
	total->nr_cpus = v.nr_cpus;
	if (v.max_threshold > total->max_threshold)
		total->max_threshold = v.max_threshold;
	snprintf(name, sizeof(name), "NR_FREE_PAGES node %d %s", z->nid, z->name);
	if (why[0])
		return ps_check_fail(c, name, v.global, (int64_t)bz->free_pages, why);
	if (!(f = ps_check_free_fault(d, bz, &o, &mt)))
		return ps_check_vmstat(c, name, &v,
				       (int64_t)(bz->free_pages + unaccepted));
	snprintf(what, sizeof(what), "free_area[%u].free_list[%u]", o, mt);
	return ps_check_fail(c, name, v.global, (int64_t)bz->free_pages,
			     ps_check_fault_why(t, f, what, why, sizeof(why)));
}

static struct ps_error *ps_check_total_free(struct ps_target *t,
					    struct ps_check *c,
					    const struct ps_check_data *d,
					    struct ps_vmstat_value *total,
					    uint64_t unaccepted)
{
	const struct ps_layout *L = &t->layout;
	uint64_t walked = unaccepted, addr;
	int64_t global;
	struct ps_error *err;

	for (size_t i = 0; i < d->buddy.nr_zones; i++)
		walked += d->buddy.zones[i].free_pages;
	/* vm_zone_stat[] is the sum of every zone's vm_stat[] (vmstat.h). */
	err = ps_target_symbol_addr(t, &L->sym_vm_zone_stat, "vm_zone_stat",
				    &addr);
	if (!err)
		err = ps_target_read_u64(t, addr + (uint64_t)L->nr_free_pages.value *
							   L->zone_vm_stat.elem_size,
					 (uint64_t *)&global);
	if (err)
		return err;
	total->global = global;
	for (size_t i = 0; i < d->buddy.nr_zones; i++) {
		if (d->buddy.zones[i].nr_broken)
			return ps_check_fail(c, "NR_FREE_PAGES total (vm_zone_stat)",
					     global, (int64_t)walked,
					     "a free list is broken (see its zone's row): blocks past the break are not counted");
	}
	return ps_check_vmstat(c, "NR_FREE_PAGES total (vm_zone_stat)", total,
			       (int64_t)walked);
}

static struct ps_error *ps_check_pcp(struct ps_check *c,
				     const struct ps_check_data *d, size_t zi)
{
	const struct ps_zone *z = &d->m->zones[zi];
	const struct ps_pcp_zone *p = &d->pcp[zi];
	char name[96];

	snprintf(name, sizeof(name), "pcp->count node %d %s", z->nid, z->name);
	if (p->nr_broken)
		return ps_check_fail(c, name, p->count, (int64_t)p->pages,
				     "a per-cpu page list is broken (see pagescope summary)");
	return ps_check_exact(c, name, p->count, (int64_t)p->pages,
			      "pages on the per-cpu lists, summed over possible CPUs; not part of NR_FREE_PAGES",
			      "pcp->count does not match the pages on the per-cpu lists");
}

/* Sum of nr_free against list lengths, naming the orders that differ. */
static struct ps_error *ps_check_nr_free(struct ps_target *t,
					 struct ps_check *c,
					 const struct ps_check_data *d,
					 const struct ps_buddy_zone *bz)
{
	const struct ps_zone *z = &d->m->zones[bz->zone];
	const struct ps_list_fault *f;
	uint64_t nr_free = 0, walked = 0;
	char name[96], why[640], what[64];
	size_t used = 0;
	unsigned o, mt;

	snprintf(name, sizeof(name), "free_area[].nr_free node %d %s", z->nid,
		 z->name);
	for (unsigned i = 0; i < bz->nr_orders; i++) {
		nr_free += bz->areas[i].nr_free;
		walked += bz->areas[i].walked;
	}
	if ((f = ps_check_free_fault(d, bz, &o, &mt))) {
		snprintf(what, sizeof(what), "free_area[%u].free_list[%u]", o, mt);
		return ps_check_fail(c, name, (int64_t)nr_free, (int64_t)walked,
				     ps_check_fault_why(t, f, what, why, sizeof(why)));
	}
	used = (size_t)snprintf(why, sizeof(why), "orders differing:");
	for (unsigned i = 0; i < bz->nr_orders && used < sizeof(why); i++) {
		if (bz->areas[i].nr_free != bz->areas[i].walked)
			used += (size_t)snprintf(why + used, sizeof(why) - used,
						 " %u (%" PRIu64 " vs %" PRIu64 ")", i,
						 bz->areas[i].nr_free,
						 bz->areas[i].walked);
	}
	if (nr_free == walked && !strchr(why, '('))
		return ps_check_exact(c, name, (int64_t)nr_free, (int64_t)walked,
				      "blocks on the free lists of every order and migratetype = nr_free of each order", "");
	return ps_check_differ(c, name, (int64_t)nr_free, (int64_t)walked, why);
}

static struct ps_error *ps_check_free(struct ps_target *t, struct ps_check *c,
				      const struct ps_check_data *d)
{
	struct ps_vmstat_value total = { 0 };
	uint64_t unaccepted = 0;
	struct ps_error *err = NULL;

	for (size_t i = 0; i < d->m->nr_zones && !err; i++) {
		if (d->m->zones[i].present)
			err = ps_check_zone_free(t, c, d, i, &total, &unaccepted);
	}
	if (!err)
		err = ps_check_total_free(t, c, d, &total, unaccepted);
	for (size_t i = 0; i < d->m->nr_zones && !err; i++) {
		if (d->m->zones[i].present)
			err = ps_check_pcp(c, d, i);
	}
	for (size_t i = 0; i < d->buddy.nr_zones && !err; i++)
		err = ps_check_nr_free(t, c, d, &d->buddy.zones[i]);
	return err;
}

/* ------------------------------------------------------------------ */
/* THP split queues and mTHP stats                                    */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_check_partially_mapped(struct ps_target *t,
						  struct ps_check *c,
						  const struct ps_check_data *d)
{
	const struct ps_layout *L = &t->layout;
	unsigned orders = ps_counter_mthp_orders(t);
	int64_t kernel_total = 0, v;
	char name[96];
	struct ps_error *err = NULL;

	if (!orders || !L->mthp_stat_nr_anon_partially_mapped.present ||
	    d->split_err || !d->split.has_partially_mapped)
		return ps_check_na(c, "nr_anon_partially_mapped",
				   "this kernel has no PG_partially_mapped and no mTHP stat for it");
	if (d->split.nr_broken)
		return ps_check_na(c, "nr_anon_partially_mapped",
				   "not comparable: a split queue is broken, its folios past the break are not counted");
	for (unsigned o = 0; o < orders && o < PS_SPLIT_MAX_ORDER && !err; o++) {
		int64_t walked = (int64_t)d->split.total.partially_mapped_by_order[o];

		err = ps_counter_mthp(t, o, L->mthp_stat_nr_anon_partially_mapped.value,
				      &v);
		kernel_total += v;
		if (err || (!v && !walked))
			continue;
		snprintf(name, sizeof(name), "nr_anon_partially_mapped order %u", o);
		err = ps_check_exact(c, name, v, walked,
				     "mthp_stats summed over possible CPUs = PG_partially_mapped folios of this order on the split queues",
				     "only deferred_split_scan() holding folios off the queue (a split queue lock held) explains this; otherwise a folio was (un)flagged without the counter");
	}
	if (err)
		return err;
	return ps_check_exact(c, "nr_anon_partially_mapped (all orders)",
			      kernel_total,
			      (int64_t)d->split.total.partially_mapped,
			      "the per-order counters summed = partially mapped folios on every queue",
			      "see the per-order rows");
}

static struct ps_error *ps_check_split_queue(struct ps_target *t,
					     struct ps_check *c,
					     const struct ps_check_data *d,
					     const struct ps_split_queue *q)
{
	const struct ps_memcgs *mc = &d->memcgs;
	uint64_t walked = q->counts.folios + q->counts.not_large +
			  q->counts.unreadable;
	char name[96], why[640];

	if (q->owner == PS_SQ_NODE)
		snprintf(name, sizeof(name), "split_queue_len node %d", q->nid);
	else if (q->owner == PS_SQ_MEMCG)
		snprintf(name, sizeof(name), "split_queue_len memcg %.64s",
			 mc->memcgs[q->memcg].path);
	else
		snprintf(name, sizeof(name), "deferred_split_lru node %d kmemcg %d",
			 q->nid, q->kmemcg_id);
	if (q->broken)
		return ps_check_fail(c, name, (int64_t)q->len, (int64_t)walked,
				     ps_check_fault_why(t, &q->fault, "the queue is",
							why, sizeof(why)));
	if (q->counts.not_large) {
		snprintf(why, sizeof(why), "%" PRIu64 " entries are not the head of a large folio",
			 q->counts.not_large);
		return ps_check_differ(c, name, (int64_t)q->len, (int64_t)walked,
				       why);
	}
	return ps_check_exact(c, name, (int64_t)q->len, (int64_t)walked,
			      "folios on the queue = split_queue_len",
			      q->lock ? "the queue lock is held: deferred_split_scan() may hold folios on its stack"
				      : "the queue lock is free, so no shrinker holds folios off it: a count or list corruption");
}

static struct ps_error *ps_check_split(struct ps_target *t, struct ps_check *c,
				       const struct ps_check_data *d)
{
	struct ps_error *err = NULL;

	if (d->split_err)
		return ps_check_na(c, "split_queue_len", d->split_err->message);
	for (size_t i = 0; i < d->split.nr_queues && !err; i++)
		err = ps_check_split_queue(t, c, d, &d->split.queues[i]);
	return err ? err : ps_check_partially_mapped(t, c, d);
}

/* ------------------------------------------------------------------ */
/* list_lrus, dentries, inodes                                        */
/* ------------------------------------------------------------------ */

static const char *ps_check_lru_why(struct ps_target *t, const struct ps_lru *l,
				    char *buf, size_t len)
{
	for (size_t i = 0; i < l->nr_lists; i++) {
		const struct ps_lru_list *x = &l->lists[i];

		if (x->broken)
			return ps_check_fault_why(t, &x->fault, "a list is", buf, len);
	}
	if (l->unreached[0])
		snprintf(buf, len, "lists not all reached: %s", l->unreached);
	else
		snprintf(buf, len, "%zu lists whose nr_items is not their length, %zu nodes whose nr_items is not the sum of their lists, %zu non-empty memcg lists whose shrinker bit is clear",
			 l->nr_mismatch, l->nr_node_mismatch, l->nr_missing_bits);
	return buf;
}

static struct ps_error *ps_check_lrus(struct ps_target *t, struct ps_check *c,
				      const struct ps_check_data *d)
{
	size_t empty = 0;
	char name[128], why[640];
	struct ps_error *err = NULL;

	for (size_t i = 0; i < d->nr_lrus && !err; i++) {
		const struct ps_lru *l = &d->lrus[i];
		bool bad = l->nr_broken || l->nr_mismatch || l->nr_node_mismatch ||
			   l->nr_missing_bits || l->unreached[0];

		if (!bad && !l->nr_items && !l->walked) {
			empty++;
			continue;
		}
		snprintf(name, sizeof(name), "list_lru %.80s", l->id.name);
		if (l->nr_broken)
			err = ps_check_fail(c, name, l->nr_items, (int64_t)l->walked,
					    ps_check_lru_why(t, l, why, sizeof(why)));
		else if (bad)
			err = ps_check_differ(c, name, l->nr_items, (int64_t)l->walked,
					      ps_check_lru_why(t, l, why, sizeof(why)));
		else
			err = ps_check_exact(c, name, l->nr_items, (int64_t)l->walked,
					     "every list's nr_items = its length, node totals = their lists, shrinker bits set", "");
	}
	snprintf(name, sizeof(name), "%zu empty list_lrus", empty);
	return err ? err : ps_check_exact(c, name, 0, 0,
					  "empty and consistent", "");
}

static int64_t ps_check_lru_walked(const struct ps_check_data *d,
				   enum ps_lru_kind kind)
{
	int64_t n = 0;

	for (size_t i = 0; i < d->nr_lrus; i++)
		if (d->lrus[i].id.kind == kind)
			n += (int64_t)d->lrus[i].walked;
	return n;
}

/* Were all lrus of @kind walked to their end? */
static bool ps_check_lru_complete(const struct ps_check_data *d,
				  enum ps_lru_kind kind)
{
	for (size_t i = 0; i < d->nr_lrus; i++) {
		const struct ps_lru *l = &d->lrus[i];

		if (l->id.kind == kind && (l->nr_broken || l->unreached[0]))
			return false;
	}
	return !d->ids.nr_broken;
}

static struct ps_error *ps_check_unused(struct ps_target *t, struct ps_check *c,
					const struct ps_check_data *d)
{
	const struct ps_layout *L = &t->layout;
	static const char incomplete[] =
		"not comparable: an LRU of this kind, or the super block list, could not be walked to its end (see the list_lru rows)";
	int64_t dentries, inodes;
	struct ps_error *err;

	err = ps_counter_percpu_sum(t, &L->sym_nr_dentry_unused,
				    &L->var_nr_dentry_unused, "nr_dentry_unused",
				    &dentries);
	if (!err && !ps_check_lru_complete(d, PS_LRU_DENTRY))
		err = ps_check_na(c, "dentry-state nr_unused", incomplete);
	else if (!err)
		err = ps_check_exact(c, "dentry-state nr_unused", dentries,
				     ps_check_lru_walked(d, PS_LRU_DENTRY),
				     "per-cpu nr_dentry_unused summed over possible CPUs = dentries on the super blocks' dentry LRUs",
				     "the counter also counts dentries on private shrink lists (DCACHE_SHRINK_LIST) of a running shrink_dcache_*(); without one it is a leak or a corrupt LRU");
	if (!err)
		err = ps_counter_percpu_sum(t, &L->sym_nr_inodes_unused,
					    &L->var_nr_inodes_unused, "nr_unused",
					    &inodes);
	if (!err && !ps_check_lru_complete(d, PS_LRU_INODE))
		err = ps_check_na(c, "inode-state nr_unused", incomplete);
	else if (!err)
		err = ps_check_exact(c, "inode-state nr_unused", inodes,
				     ps_check_lru_walked(d, PS_LRU_INODE),
				     "per-cpu nr_unused summed over possible CPUs = inodes on the super blocks' inode LRUs",
				     "inode_lru_list_add()/del() keep both in step under the lru lock: a leak or a corrupt LRU");
	return err;
}

/* ------------------------------------------------------------------ */
/* hwpoison and node THP counters                                     */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_check_hwpoison(struct ps_target *t,
					  struct ps_check *c,
					  const struct ps_check_data *d)
{
	const struct ps_layout *L = &t->layout;
	int64_t poisoned;
	struct ps_error *err;

	if (!L->sym_num_poisoned_pages.present || !L->pg[PS_PG_hwpoison].present)
		return ps_check_na(c, "HardwareCorrupted (num_poisoned_pages)",
				   "this kernel has no CONFIG_MEMORY_FAILURE: no PG_hwpoison, no counter");
	err = ps_counter_global(t, &L->sym_num_poisoned_pages,
				&L->var_num_poisoned_pages, "num_poisoned_pages",
				&poisoned);
	return err ? err : ps_check_exact(c, "HardwareCorrupted (num_poisoned_pages)",
					  poisoned, (int64_t)d->pages.hwpoison,
					  "pages with PG_hwpoison in the memory map = num_poisoned_pages",
					  "a poisoned hugetlb folio flags its head only and lists its raw pages in _hugetlb_hwpoison; otherwise a page was poisoned or unpoisoned without the counter");
}

static struct ps_error *ps_check_node_thps(struct ps_target *t,
					   struct ps_check *c,
					   const struct ps_check_data *d,
					   size_t i)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_node_pages *n = &d->pages.nodes[i];
	const struct {
		const struct ps_lval *item;
		const char *name;
		uint64_t walked;
	} rows[] = {
		{ &L->nr_anon_thps, "NR_ANON_THPS", n->anon_thp },
		{ &L->nr_file_thps, "NR_FILE_THPS", n->file_thp },
		{ &L->nr_shmem_thps, "NR_SHMEM_THPS", n->shmem_thp },
	};
	struct ps_vmstat_value v;
	char name[96];
	struct ps_error *err = NULL;

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]) && !err; r++) {
		if (!rows[r].item->present)
			continue;
		err = ps_counter_node(t, d->m->nodes[i].pgdat, rows[r].item->value, &v);
		snprintf(name, sizeof(name), "%s node %d (pages)", rows[r].name,
			 n->nid);
		if (!err)
			err = ps_check_vmstat(c, name, &v, (int64_t)rows[r].walked);
	}
	return err;
}

static struct ps_error *ps_check_pages(struct ps_target *t, struct ps_check *c,
				       const struct ps_check_data *d)
{
	struct ps_error *err = ps_check_hwpoison(t, c, d);

	for (size_t i = 0; i < d->pages.nr_nodes && !err; i++)
		err = ps_check_node_thps(t, c, d, i);
	return err;
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_check_print_json(struct ps_out *out,
					    const struct ps_check *c)
{
	struct json_object *root = json_object_new_object();
	struct json_object *rows = json_object_new_array();

	for (size_t i = 0; i < c->nr; i++) {
		const struct ps_check_row *r = &c->rows[i];
		struct json_object *o = json_object_new_object();

		ps_json_add_str(o, "counter", r->counter);
		if (r->has_values) {
			ps_json_add_i64(o, "kernel", r->kernel);
			ps_json_add_i64(o, "walked", r->walked);
		}
		ps_json_add_str(o, "verdict", ps_verdict_name(r->verdict));
		ps_json_add_str(o, "why", r->why);
		json_object_array_add(rows, o);
	}
	ps_json_add(root, "rows", rows);
	ps_json_add_u64(root, "failed", c->nr_fail);
	ps_json_add_bool(root, "live", c->live);
	ps_json_add_bool(root, "ok", !c->nr_fail);
	return ps_out_json(out, root);
}

static void ps_check_print_text(FILE *fp, const struct ps_check *c)
{
	fprintf(fp, "%-44s %12s %12s  %-7s %s\n", "counter", "kernel", "walked",
		"verdict", "why");
	for (size_t i = 0; i < c->nr; i++) {
		const struct ps_check_row *r = &c->rows[i];

		if (r->has_values)
			fprintf(fp, "%-44s %12" PRId64 " %12" PRId64 "  %-7s %s\n",
				r->counter, r->kernel, r->walked,
				ps_verdict_name(r->verdict), r->why);
		else
			fprintf(fp, "%-44s %12s %12s  %-7s %s\n", r->counter, "-",
				"-", ps_verdict_name(r->verdict), r->why);
	}
	fprintf(fp, "\n%zu rows, %zu failed\n", c->nr, c->nr_fail);
	if (c->live)
		fprintf(fp, "live kernel: \"drift\" rows moved while they were counted; take a dump for a verdict\n");
}

struct ps_error *ps_cmd_check(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret)
{
	struct ps_check_data d = { 0 };
	struct ps_check c;
	struct ps_error *err = ps_check_collect(t, &d);

	(void)a;
	ps_check_init(&c, t->live);
	if (!err)
		err = ps_check_free(t, &c, &d);
	if (!err)
		err = ps_check_split(t, &c, &d);
	if (!err)
		err = ps_check_lrus(t, &c, &d);
	if (!err)
		err = ps_check_unused(t, &c, &d);
	if (!err)
		err = ps_check_pages(t, &c, &d);
	if (!err && out->json)
		err = ps_check_print_json(out, &c);
	else if (!err)
		ps_check_print_text(out->fp, &c);
	if (!err && c.nr_fail)
		*exit_ret = PS_EXIT_FAIL;
	ps_check_deinit(&c);
	ps_check_data_deinit(&d);
	return err;
}
