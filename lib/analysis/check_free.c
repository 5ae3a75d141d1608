// SPDX-License-Identifier: GPL-2.0-or-later
/* check: free pages against NR_FREE_PAGES, pcp->count and nr_free. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "analysis/check_rows.h"
#include "kernel/counters.h"
#include "target/target.h"

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

/* Unaccepted blocks, or the fault of their broken list in @p why. */
static struct ps_error *ps_check_unaccepted(struct ps_target *t,
					    const struct ps_zone *z,
					    uint64_t *pages_ret, char *why,
					    size_t len)
{
	struct ps_list_fault fault;
	struct ps_error *err = ps_buddy_unaccepted(t, z, pages_ret, &fault);

	if (err)
		return err;
	if (ps_list_fault_is_corruption(&fault))
		ps_check_fault_why(t, &fault, "zone->unaccepted_pages", why, len);
	return NULL;
}

/* The zones' counters add up to the total, drift bounds too. */
static void ps_check_add_vmstat(struct ps_vmstat_value *total,
				const struct ps_vmstat_value *v)
{
	total->global += v->global;
	total->diff += v->diff;
	total->drift_bound += v->drift_bound;
	total->nr_cpus = v->nr_cpus;
	if (v->max_threshold > total->max_threshold)
		total->max_threshold = v->max_threshold;
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
	if (err || !bz)
		return err;
	err = ps_check_unaccepted(t, z, &unaccepted, why, sizeof(why));
	if (err)
		return err;
	*unaccepted_total += unaccepted;
	ps_check_add_vmstat(total, &v);
	snprintf(name, sizeof(name), "NR_FREE_PAGES node %d %s", z->nid, z->name);
	if (v.global > (int64_t)z->spanned || v.global < -(int64_t)z->spanned)
		snprintf(why, sizeof(why),
			 "damaged dump: NR_FREE_PAGES=%" PRId64 " is impossible (the zone spans %" PRIu64 " pages)",
			 v.global, z->spanned);
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
	uint64_t walked = unaccepted;
	int64_t global;
	struct ps_error *err;

	for (size_t i = 0; i < d->buddy.nr_zones; i++)
		walked += d->buddy.zones[i].free_pages;
	err = ps_counter_zone_total(t, t->layout.nr_free_pages.value, &global);
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

/*
 * nr_free is unsigned: a damaged one of 2^63 or more must print as the
 * number the dump holds, not as a negative one.
 */
static struct ps_error *ps_check_mark_counts(struct ps_check *c,
					     struct ps_error *err)
{
	if (!err && c->nr)
		c->rows[c->nr - 1].counts = true;
	return err;
}

/* Sum of nr_free against list lengths, naming the orders that differ. */
static struct ps_error *ps_check_nr_free_row(struct ps_target *t,
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
	for (unsigned i = 0; i < bz->nr_orders; i++) {
		if (!bz->areas[i].impossible)
			continue;
		snprintf(why, sizeof(why),
			 "damaged dump: free_area[%u].nr_free=%" PRIu64 " is impossible (more blocks than the zone's %" PRIu64 " pages hold)",
			 i, bz->areas[i].nr_free, z->spanned);
		return ps_check_fail(c, name, (int64_t)bz->areas[i].nr_free,
				     (int64_t)bz->areas[i].walked, why);
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

static struct ps_error *ps_check_nr_free(struct ps_target *t,
					 struct ps_check *c,
					 const struct ps_check_data *d,
					 const struct ps_buddy_zone *bz)
{
	return ps_check_mark_counts(c, ps_check_nr_free_row(t, c, d, bz));
}

static struct ps_error *ps_check_zones_free(struct ps_target *t,
					    struct ps_check *c,
					    const struct ps_check_data *d)
{
	struct ps_vmstat_value total = { 0 };
	uint64_t unaccepted = 0;
	struct ps_error *err;

	for (size_t i = 0; i < d->m->nr_zones; i++) {
		if (!d->m->zones[i].present)
			continue;
		ps_check_set_scope(c, d->m->zones[i].nid, d->m->zones[i].name, -1, NULL);
		err = ps_check_zone_free(t, c, d, i, &total, &unaccepted);
		ps_check_clear_scope(c);
		if (err)
			return err;
	}
	return ps_check_total_free(t, c, d, &total, unaccepted);
}

struct ps_error *ps_check_free(struct ps_target *t, struct ps_check *c,
			       const struct ps_check_data *d)
{
	struct ps_error *err = ps_check_zones_free(t, c, d);

	if (err)
		return err;
	for (size_t i = 0; i < d->m->nr_zones; i++) {
		if (!d->m->zones[i].present)
			continue;
		ps_check_set_scope(c, d->m->zones[i].nid, d->m->zones[i].name, -1, NULL);
		err = ps_check_pcp(c, d, i);
		ps_check_clear_scope(c);
		if (err)
			return err;
	}
	for (size_t i = 0; i < d->buddy.nr_zones; i++) {
		const struct ps_zone *z = &d->m->zones[d->buddy.zones[i].zone];

		ps_check_set_scope(c, z->nid, z->name, -1, NULL);
		err = ps_check_nr_free(t, c, d, &d->buddy.zones[i]);
		ps_check_clear_scope(c);
		if (err)
			return err;
	}
	return NULL;
}
