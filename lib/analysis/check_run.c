// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope check: walk once everything a row compares, then the rows:
 * free pages, split queues, list_lrus, dentries and inodes, page counters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/check_rows.h"
#include "walk/owner.h"
#include "target/target.h"

static void ps_check_data_deinit(struct ps_check_data *d)
{
	for (size_t i = 0; d->pcp && i < d->m->nr_zones; i++)
		ps_pcp_zone_deinit(&d->pcp[i]);
	free(d->pcp);
	for (size_t i = 0; i < d->nr_lrus; i++)
		ps_list_lru_deinit(&d->lrus[i]);
	free(d->lrus);
	ps_list_lru_ids_deinit(&d->ids);
	ps_deferred_split_deinit(&d->split);
	ps_error_destroy(d->split_err);
	ps_memcgs_deinit(&d->memcgs);
	ps_node_pages_deinit(&d->pages);
	ps_buddy_deinit(&d->buddy);
}

static struct ps_error *ps_check_collect_pcp(struct ps_target *t,
					     struct ps_check_data *d)
{
	struct ps_error *err;

	d->pcp = calloc(d->m->nr_zones ? d->m->nr_zones : 1, sizeof(*d->pcp));
	if (!d->pcp)
		return ps_error_nomem();
	for (size_t i = 0; i < d->m->nr_zones; i++) {
		if (!d->m->zones[i].present)
			continue;
		err = ps_pcp_zone_read(t, &d->m->zones[i], &d->pcp[i]);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_check_collect_lrus(struct ps_target *t,
					      struct ps_check_data *d)
{
	struct ps_error *err = ps_list_lru_discover(t, &d->ids);

	if (err)
		return err;
	d->lrus = calloc(d->ids.nr ? d->ids.nr : 1, sizeof(*d->lrus));
	if (!d->lrus)
		return ps_error_nomem();
	for (size_t i = 0; i < d->ids.nr; i++) {
		err = ps_list_lru_walk(t, &d->memcgs, &d->ids.ids[i], &d->lrus[i]);
		if (err)
			return err;
		d->nr_lrus++;
	}
	return NULL;
}

/* A kernel without split queues has no split rows; other errors stop. */
static struct ps_error *ps_check_collect_split(struct ps_target *t,
					       struct ps_check_data *d)
{
	struct ps_error *err;

	d->split_err = ps_deferred_split_collect(t, &d->memcgs, &d->split);
	if (!d->split_err || d->split_err->code == PS_ERR_UNSUPPORTED)
		return NULL;
	err = d->split_err;
	d->split_err = NULL;
	return err;
}

static struct ps_error *ps_check_collect(struct ps_target *t,
					 struct ps_check_data *d)
{
	struct ps_error *err = ps_memmodel_get(t, &d->m);

	if (err)
		return err;
	err = ps_buddy_collect(t, false, &d->buddy);
	if (err)
		return err;
	err = ps_check_collect_pcp(t, d);
	if (err)
		return err;
	err = ps_node_pages_collect(t, &d->pages);
	if (err)
		return err;
	err = ps_memcgs_collect(t, &d->memcgs);
	if (err)
		return err;
	err = ps_check_collect_lrus(t, d);
	if (err)
		return err;
	return ps_check_collect_split(t, d);
}

const char *ps_check_fault_why(struct ps_target *t,
			       const struct ps_list_fault *f, const char *what,
			       char *buf, size_t len)
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

static struct ps_error *ps_check_rows(struct ps_target *t, struct ps_check *c,
				      const struct ps_check_data *d)
{
	struct ps_error *err = ps_check_free(t, c, d);

	if (err)
		return err;
	err = ps_check_split(t, c, d);
	if (err)
		return err;
	err = ps_check_lrus(t, c, d);
	if (err)
		return err;
	err = ps_check_unused(t, c, d);
	if (err)
		return err;
	return ps_check_pages(t, c, d);
}

struct ps_error *ps_check_run(struct ps_target *t, struct ps_check *c)
{
	struct ps_check_data d = { 0 };
	struct ps_error *err = ps_check_collect(t, &d);

	if (!err)
		err = ps_check_rows(t, c, &d);
	ps_check_data_deinit(&d);
	return err;
}
