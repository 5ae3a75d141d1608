// SPDX-License-Identifier: GPL-2.0-or-later
/* check: counters of pages — HardwareCorrupted, THPs per node. */
#include <stdio.h>

#include "analysis/check_rows.h"
#include "kernel/counters.h"
#include "target/target.h"

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
	if (err)
		return err;
	return ps_check_exact(c, "HardwareCorrupted (num_poisoned_pages)",
			      poisoned, (int64_t)d->pages.hwpoison,
			      "pages with PG_hwpoison in the memory map = num_poisoned_pages",
			      "a poisoned hugetlb folio flags its head only and lists its raw pages in _hugetlb_hwpoison; otherwise a page was poisoned or unpoisoned without the counter");
}

/* Before v5.13 the THP counters count THPs: the row says so. */
static void ps_thp_row_name(char *buf, size_t len, const char *counter,
			    int nid, uint64_t unit)
{
	if (unit == 1)
		snprintf(buf, len, "%s node %d (pages)", counter, nid);
	else
		snprintf(buf, len, "%s node %d (pages: THPs x %llu)", counter,
			 nid, (unsigned long long)unit);
}

static void ps_vmstat_scale(struct ps_vmstat_value *v, int64_t unit)
{
	v->global *= unit;
	v->diff *= unit;
	v->drift_bound *= unit;
}

static struct ps_error *ps_check_thps_na(struct ps_check *c, int nid,
					 struct ps_error *why)
{
	char name[64];
	struct ps_error *err;

	snprintf(name, sizeof(name), "NR_ANON_THPS node %d", nid);
	err = ps_check_na(c, name, why->message);
	ps_error_destroy(why);
	return err;
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
	uint64_t unit;
	char name[96];
	struct ps_error *err = ps_counter_thp_unit(t, &unit);

	if (ps_error_is(err, PS_ERR_UNSUPPORTED))
		return ps_check_thps_na(c, n->nid, err);
	if (err)
		return err;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (!rows[r].item->present)
			continue;
		err = ps_counter_node(t, d->m->nodes[i].pgdat, rows[r].item->value, &v);
		if (err)
			return err;
		ps_thp_row_name(name, sizeof(name), rows[r].name, n->nid, unit);
		ps_vmstat_scale(&v, (int64_t)unit);
		err = ps_check_vmstat(c, name, &v, (int64_t)rows[r].walked);
		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_check_pages(struct ps_target *t, struct ps_check *c,
				const struct ps_check_data *d)
{
	struct ps_error *err = ps_check_hwpoison(t, c, d);

	for (size_t i = 0; i < d->pages.nr_nodes && !err; i++) {
		ps_check_set_scope(c, d->pages.nodes[i].nid, NULL, -1, NULL);
		err = ps_check_node_thps(t, c, d, i);
		ps_check_clear_scope(c);
	}
	return err;
}
