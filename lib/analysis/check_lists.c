// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check: the lists whose lengths the kernel counts — deferred split
 * queues and nr_anon_partially_mapped, list_lrus, unused dentries and
 * inodes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "analysis/check_rows.h"
#include "kernel/counters.h"
#include "target/target.h"

static struct ps_error *ps_check_partially_mapped(struct ps_target *t,
						  struct ps_check *c,
						  const struct ps_check_data *d)
{
	const struct ps_layout *L = &t->layout;
	unsigned orders = ps_counter_mthp_orders(t);
	int64_t kernel_total = 0, v;
	char name[96];
	struct ps_error *err;

	if (!orders || !L->mthp_stat_nr_anon_partially_mapped.present ||
	    d->split_err || !d->split.has_partially_mapped)
		return ps_check_na(c, "nr_anon_partially_mapped",
				   "this kernel has no PG_partially_mapped and no mTHP stat for it");
	if (d->split.nr_broken)
		return ps_check_na(c, "nr_anon_partially_mapped",
				   "not comparable: a split queue is broken, its folios past the break are not counted");
	for (unsigned o = 0; o < orders && o < PS_SPLIT_MAX_ORDER; o++) {
		int64_t walked = (int64_t)d->split.total.partially_mapped_by_order[o];

		err = ps_counter_mthp(t, o, L->mthp_stat_nr_anon_partially_mapped.value,
				      &v);
		if (err)
			return err;
		kernel_total += v;
		if (!v && !walked)
			continue;
		snprintf(name, sizeof(name), "nr_anon_partially_mapped order %u", o);
		ps_check_set_scope(c, -1, NULL, (int)o, NULL);
		err = ps_check_exact(c, name, v, walked,
				     "mthp_stats summed over possible CPUs = PG_partially_mapped folios of this order on the split queues",
				     "only deferred_split_scan() explains this: it moves folios to a list on its stack under the queue lock, then drops the lock while it splits them; otherwise a folio was (un)flagged without the counter");
		ps_check_clear_scope(c);
		if (err)
			return err;
	}
	return ps_check_exact(c, "nr_anon_partially_mapped (all orders)",
			      kernel_total,
			      (int64_t)d->split.total.partially_mapped,
			      "the per-order counters summed = partially mapped folios on every queue",
			      "see the per-order rows");
}

/*
 * deferred_split_scan() moves folios to a list on its stack under the
 * queue lock, drops the lock to split them and splices the rest back:
 * meanwhile split_queue_len counts them but the queue lacks them.
 */
static const char *ps_split_len_why(bool locked, bool fewer)
{
	if (locked)
		return "the queue lock is held: an update was in flight (list and count change together under it)";
	if (fewer)
		return "the queue lock is free: a running deferred_split_scan() holds folios on its stack, counted but off the queue; without one, a count or list corruption";
	return "more folios than split_queue_len counts: a count or list corruption";
}

static struct ps_error *ps_check_split_queue(struct ps_target *t,
					     struct ps_check *c,
					     const struct ps_check_data *d,
					     const struct ps_deferred_split_queue *q)
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
			      ps_split_len_why(q->lock != 0, walked < q->len));
}

struct ps_error *ps_check_split(struct ps_target *t, struct ps_check *c,
				const struct ps_check_data *d)
{
	struct ps_error *err;

	if (d->split_err)
		return ps_check_na(c, "split_queue_len", d->split_err->message);
	for (size_t i = 0; i < d->split.nr_queues; i++) {
		const struct ps_deferred_split_queue *q = &d->split.queues[i];

		ps_check_set_scope(c, q->owner == PS_SQ_MEMCG ? -1 : q->nid, NULL, -1,
				   q->owner == PS_SQ_MEMCG ? d->memcgs.memcgs[q->memcg].path : NULL);
		err = ps_check_split_queue(t, c, d, q);
		ps_check_clear_scope(c);
		if (err)
			return err;
	}
	return ps_check_partially_mapped(t, c, d);
}

static const char *ps_check_lru_why(struct ps_target *t, const struct ps_list_lru *l,
				    char *buf, size_t len)
{
	for (size_t i = 0; i < l->nr_lists; i++) {
		const struct ps_list_lru_one *x = &l->lists[i];

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

static bool ps_check_lru_bad(const struct ps_list_lru *l)
{
	return l->nr_broken || l->nr_mismatch || l->nr_node_mismatch ||
	       l->nr_missing_bits || l->unreached[0];
}

static struct ps_error *ps_check_lru(struct ps_target *t, struct ps_check *c,
				     const struct ps_list_lru *l)
{
	char name[128], why[640];

	snprintf(name, sizeof(name), "list_lru %.80s", l->id.name);
	if (l->nr_broken)
		return ps_check_fail(c, name, l->nr_items, (int64_t)l->walked,
				     ps_check_lru_why(t, l, why, sizeof(why)));
	if (ps_check_lru_bad(l))
		return ps_check_differ(c, name, l->nr_items, (int64_t)l->walked,
				       ps_check_lru_why(t, l, why, sizeof(why)));
	return ps_check_exact(c, name, l->nr_items, (int64_t)l->walked,
			      "every list's nr_items = its length, node totals = their lists, shrinker bits set", "");
}

struct ps_error *ps_check_lrus(struct ps_target *t, struct ps_check *c,
			       const struct ps_check_data *d)
{
	size_t empty = 0;
	char name[128];
	struct ps_error *err;

	for (size_t i = 0; i < d->nr_lrus; i++) {
		const struct ps_list_lru *l = &d->lrus[i];

		if (!ps_check_lru_bad(l) && !l->nr_items && !l->walked) {
			empty++;
			continue;
		}
		err = ps_check_lru(t, c, l);
		if (err)
			return err;
	}
	snprintf(name, sizeof(name), "%zu empty list_lrus", empty);
	return ps_check_exact(c, name, 0, 0, "empty and consistent", "");
}

static int64_t ps_check_lru_walked(const struct ps_check_data *d,
				   enum ps_list_lru_kind kind)
{
	int64_t n = 0;

	for (size_t i = 0; i < d->nr_lrus; i++)
		if (d->lrus[i].id.kind == kind)
			n += (int64_t)d->lrus[i].walked;
	return n;
}

/* Were all lrus of @kind walked to their end? */
static bool ps_check_lru_complete(const struct ps_check_data *d,
				  enum ps_list_lru_kind kind)
{
	for (size_t i = 0; i < d->nr_lrus; i++) {
		const struct ps_list_lru *l = &d->lrus[i];

		if (l->id.kind == kind && (l->nr_broken || l->unreached[0]))
			return false;
	}
	return !d->ids.nr_broken;
}

/* A per-cpu unused counter against the LRUs of @p kind, or n/a. */
static struct ps_error *ps_check_unused_kind(struct ps_check *c,
					     const struct ps_check_data *d,
					     enum ps_list_lru_kind kind,
					     const char *counter, int64_t kernel,
					     const char *why_ok,
					     const char *why_fail)
{
	static const char incomplete[] =
		"not comparable: an LRU of this kind, or the super block list, could not be walked to its end (see the list_lru rows)";

	if (!ps_check_lru_complete(d, kind))
		return ps_check_na(c, counter, incomplete);
	return ps_check_exact(c, counter, kernel, ps_check_lru_walked(d, kind),
			      why_ok, why_fail);
}

/*
 * A per-cpu counter: a symbol the type information does not size (5.10's
 * BTF, for one, has no VARs) is said as such.
 */
static struct ps_error *ps_check_unused_sum(struct ps_target *t,
					    const struct ps_lval *sym,
					    const struct ps_lval *var,
					    const char *name, int64_t *ret)
{
	if (sym->present && !var->present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the type information does not describe the per-cpu variable %s",
				       name);
	return ps_counter_percpu_sum(t, sym, var, name, ret);
}

/* A counter the type information cannot size is n/a, and says why. */
static struct ps_error *ps_check_unused_na(struct ps_check *c,
					   const char *counter,
					   struct ps_error *why)
{
	struct ps_error *err = ps_check_na(c, counter, why->message);

	ps_error_destroy(why);
	return err;
}

struct ps_error *ps_check_unused(struct ps_target *t, struct ps_check *c,
				 const struct ps_check_data *d)
{
	const struct ps_layout *L = &t->layout;
	int64_t dentries, inodes;
	struct ps_error *err;

	err = ps_check_unused_sum(t, &L->sym_nr_dentry_unused,
				  &L->var_nr_dentry_unused, "nr_dentry_unused",
				  &dentries);
	if (ps_error_is(err, PS_ERR_UNSUPPORTED))
		err = ps_check_unused_na(c, "dentry-state nr_unused", err);
	else if (!err)
		err = ps_check_unused_kind(c, d, PS_LRU_DENTRY, "dentry-state nr_unused",
					   dentries,
					   "per-cpu nr_dentry_unused summed over possible CPUs = dentries on the super blocks' dentry LRUs",
					   "the counter also counts dentries on private shrink lists (DCACHE_SHRINK_LIST) of a running shrink_dcache_*(); without one it is a leak or a corrupt LRU");
	if (err)
		return err;
	err = ps_check_unused_sum(t, &L->sym_nr_inodes_unused,
				  &L->var_nr_inodes_unused, "nr_unused",
				  &inodes);
	if (ps_error_is(err, PS_ERR_UNSUPPORTED))
		return ps_check_unused_na(c, "inode-state nr_unused", err);
	if (err)
		return err;
	return ps_check_unused_kind(c, d, PS_LRU_INODE, "inode-state nr_unused",
				    inodes,
				    "per-cpu nr_unused summed over possible CPUs = inodes on the super blocks' inode LRUs",
				    "inode_lru_list_add()/del() keep both in step under the lru lock: a leak or a corrupt LRU");
}
