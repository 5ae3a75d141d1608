// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/counters.h"
#include "kernel/percpu.h"
#include "layout/buf.h"
#include "target/target.h"

/* A signed integer of @size bytes at @addr (s8 diffs, long counters). */
static struct ps_error *ps_read_signed(struct ps_target *t, uint64_t addr,
				       uint32_t size, int64_t *ret)
{
	unsigned char buf[8] = { 0 };
	struct ps_error *err;

	if (!size || size > sizeof(buf))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "a counter of %u bytes", size);
	err = ps_target_read(t, PS_KVADDR, addr, buf, size);
	if (err)
		return err;
	if (buf[size - 1] & 0x80)
		memset(buf + size, 0xff, sizeof(buf) - size);
	memcpy(ret, buf, sizeof(*ret));
	return NULL;
}

/* ------------------------------------------------------------------ */
/* vmstat: global part + per-cpu diffs                                */
/* ------------------------------------------------------------------ */

struct ps_vmstat_where {
	uint64_t obj;			/* struct zone or pglist_data */
	const struct ps_lval *vm_stat;	/* obj->vm_stat[] */
	const struct ps_lval *pcp;	/* obj->per_cpu_*stats */
	const struct ps_lval *diff;	/* per-cpu vm_*stat_diff[] */
	const struct ps_lval *threshold;	/* per-cpu stat_threshold */
};

static struct ps_error *ps_counter_cpu(struct ps_target *t, uint64_t base,
				       const struct ps_vmstat_where *w,
				       int64_t item,
				       struct ps_vmstat_value *ret)
{
	int64_t diff, threshold;
	struct ps_error *err;

	err = ps_read_signed(t, base + ps_off(w->diff) +
					(uint64_t)item * w->diff->elem_size,
			     w->diff->elem_size, &diff);
	if (err)
		return err;
	err = ps_read_signed(t, base + ps_off(w->threshold), w->threshold->size,
			     &threshold);
	if (err)
		return err;
	ret->diff += diff;
	ret->drift_bound += threshold;
	if (threshold > ret->max_threshold)
		ret->max_threshold = (int)threshold;
	ret->nr_cpus++;
	return NULL;
}

static struct ps_error *ps_counter_vmstat(struct ps_target *t,
					  const struct ps_vmstat_where *w,
					  int64_t item,
					  struct ps_vmstat_value *ret)
{
	const struct ps_percpu *pc = NULL;
	uint64_t pcp = 0;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!w->vm_stat->present || !w->pcp->present || !w->diff->present ||
	    !w->threshold->present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no vmstat counters in the debug info");
	if (item < 0 || (uint64_t)item >= w->vm_stat->nr_elems ||
	    (uint64_t)item >= w->diff->nr_elems)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "vmstat item %lld out of range", (long long)item);
	err = ps_read_signed(t, w->obj + ps_off(w->vm_stat) +
					(uint64_t)item * w->vm_stat->elem_size,
			     w->vm_stat->elem_size, &ret->global);
	if (err)
		return err;
	err = ps_target_read_u64(t, w->obj + ps_off(w->pcp), &pcp);
	if (err)
		return err;
	err = ps_percpu_get(t, &pc);
	if (err)
		return err;
	for (unsigned cpu = 0; cpu < pc->nr_cpu_ids; cpu++) {
		/* zone_page_state_snapshot() sums the online CPUs. */
		if (!pc->online[cpu])
			continue;
		err = ps_counter_cpu(t, ps_percpu_addr(pc, pcp, cpu), w, item,
				     ret);
		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_counter_zone(struct ps_target *t, uint64_t zone,
				 int64_t item, struct ps_vmstat_value *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_vmstat_where w = {
		.obj = zone, .vm_stat = &L->zone_vm_stat,
		.pcp = &L->zone_per_cpu_zonestats,
		.diff = &L->pzstats_vm_stat_diff,
		.threshold = &L->pzstats_stat_threshold,
	};

	/* Before v5.14 the diffs sit in zone->pageset, beside the pcp. */
	if (!L->zone_per_cpu_zonestats.present) {
		w.pcp = &L->zone_pageset;
		w.diff = &L->pageset_vm_stat_diff;
		w.threshold = &L->pcp_stat_threshold;
	}

	return ps_error_prefix(ps_counter_vmstat(t, &w, item, ret),
			       "zone %#llx vm_stat[%lld]",
			       (unsigned long long)zone, (long long)item);
}

struct ps_error *ps_counter_node(struct ps_target *t, uint64_t pgdat,
				 int64_t item, struct ps_vmstat_value *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_vmstat_where w = {
		.obj = pgdat, .vm_stat = &L->pgdat_vm_stat,
		.pcp = &L->pgdat_per_cpu_nodestats,
		.diff = &L->pnstats_vm_node_stat_diff,
		.threshold = &L->pnstats_stat_threshold,
	};

	return ps_error_prefix(ps_counter_vmstat(t, &w, item, ret),
			       "node %#llx vm_stat[%lld]",
			       (unsigned long long)pgdat, (long long)item);
}

/* ------------------------------------------------------------------ */
/* Per-cpu sums and globals                                           */
/* ------------------------------------------------------------------ */

/* Sum @size-byte words at per-cpu link address @ptr over possible CPUs. */
static struct ps_error *ps_percpu_sum(struct ps_target *t, uint64_t ptr,
				      uint32_t size, int64_t *ret)
{
	const struct ps_percpu *pc;
	uint64_t sum = 0;
	int64_t v;
	struct ps_error *err = ps_percpu_get(t, &pc);

	if (err)
		return err;
	for (unsigned cpu = 0; cpu < pc->nr_cpu_ids; cpu++) {
		if (!pc->possible[cpu])
			continue;
		err = ps_read_signed(t, ps_percpu_addr(pc, ptr, cpu), size, &v);
		if (err)
			return err;
		/* Unsigned counters wrap per CPU; the sum does not. */
		sum += (uint64_t)v;
	}
	*ret = (int64_t)sum;
	return NULL;
}

struct ps_error *ps_counter_percpu_sum(struct ps_target *t,
				       const struct ps_lval *sym,
				       const struct ps_lval *var,
				       const char *name, int64_t *ret)
{
	*ret = 0;
	if (!sym->present || !var->present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "this kernel has no per-cpu %s", name);
	/* Per-cpu symbols are not KASLR-shifted: the raw link address. */
	return ps_error_prefix(ps_percpu_sum(t, (uint64_t)sym->value, var->size,
					     ret),
			       "per-cpu %s", name);
}

/*
 * The shape of mthp_stat.stats[PMD_ORDER + 1][__MTHP_STAT_COUNT]: DWARF
 * gives rows of __MTHP_STAT_COUNT words; BTF flattens the array into
 * words. Returns the number of rows (orders), 0 without mTHP stats.
 */
static unsigned ps_mthp_shape(const struct ps_layout *L, uint64_t *word_ret)
{
	const struct ps_lval *stats = &L->mthp_stat_stats;
	uint64_t nr_items = (uint64_t)L->mthp_stat_count.value;

	if (!L->sym_mthp_stats.present || !stats->present ||
	    !L->mthp_stat_count.present || !nr_items || !stats->elem_size)
		return 0;
	if (stats->elem_size % nr_items == 0) {
		*word_ret = stats->elem_size / nr_items;
		return stats->nr_elems;
	}
	*word_ret = stats->elem_size;
	return (unsigned)(stats->nr_elems / nr_items);
}

unsigned ps_counter_mthp_orders(const struct ps_target *t)
{
	uint64_t word;

	return ps_mthp_shape(&t->layout, &word);
}

struct ps_error *ps_counter_mthp(struct ps_target *t, unsigned order,
				 int64_t item, int64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t nr_items = (uint64_t)L->mthp_stat_count.value;
	uint64_t word = 0, addr;
	unsigned orders = ps_mthp_shape(L, &word);

	*ret = 0;
	if (order >= orders || item < 0 || (uint64_t)item >= nr_items)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "no mTHP stat %lld for order %u",
				       (long long)item, order);
	addr = (uint64_t)L->sym_mthp_stats.value + ps_off(&L->mthp_stat_stats) +
	       (order * nr_items + (uint64_t)item) * word;
	return ps_error_prefix(ps_percpu_sum(t, addr, (uint32_t)word, ret),
			       "mthp_stats[%u][%lld]", order, (long long)item);
}

struct ps_error *ps_counter_global(struct ps_target *t,
				   const struct ps_lval *sym,
				   const struct ps_lval *var, const char *name,
				   int64_t *ret)
{
	/* BTF describes no global variables: then it is an atomic_long_t. */
	uint32_t size = var->present ? var->size
				     : (uint32_t)t->layout.atomic_long_size.value;
	uint64_t addr;
	struct ps_error *err;

	*ret = 0;
	err = ps_target_symbol_addr(t, sym, name, &addr);
	if (err)
		return ps_error_prefix(err, "%s", name);
	return ps_error_prefix(ps_read_signed(t, addr, size, ret), "%s", name);
}

struct ps_error *ps_counter_zone_total(struct ps_target *t, int64_t item,
				       int64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t addr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_vm_zone_stat, "vm_zone_stat",
				    &addr);
	if (err)
		return err;
	return ps_read_signed(t, addr + (uint64_t)item * L->zone_vm_stat.elem_size,
			      L->zone_vm_stat.elem_size, ret);
}

/* ------------------------------------------------------------------ */
/* Units                                                              */
/* ------------------------------------------------------------------ */

/* Without the array's bound (BTF), look this far for the entry. */
enum { PS_MEMORY_STATS_MAX = 128 };

/* The ratio of memory_stats[] entry "anon_thp", whose idx is @item. */
static struct ps_error *ps_memory_stats_ratio(struct ps_target *t,
					      int64_t item, uint32_t *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t size = (uint64_t)L->memory_stat_size.value;
	uint64_t nr = L->var_memory_stats.nr_elems ? L->var_memory_stats.nr_elems
						    : PS_MEMORY_STATS_MAX;
	_cleanup_free_ unsigned char *tab = NULL;
	uint64_t addr;
	char name[16];
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_memory_stats, "memory_stats",
				    &addr);
	if (err)
		return err;
	if (!size || size > 256 || nr > PS_MEMORY_STATS_MAX)
		return ps_error_create(PS_ERR_CORRUPT,
				       "memory_stats[%llu] of %llu-byte entries",
				       (unsigned long long)nr,
				       (unsigned long long)size);
	tab = malloc(nr * size);
	if (!tab)
		return ps_error_nomem();
	err = ps_target_read(t, PS_KVADDR, addr, tab, nr * size);
	if (err)
		return err;
	for (uint64_t i = 0; i < nr; i++) {
		const unsigned char *e = tab + i * size;

		if ((int64_t)ps_get_member(e, &L->memory_stat_idx) != item)
			continue;
		err = ps_target_read_string(
			t, ps_get_member(e, &L->memory_stat_name), name,
			sizeof(name));
		/* A bound guessed without the array's type: check the key. */
		if (err) {
			ps_error_destroy(err);
			continue;
		}
		if (strcmp(name, "anon_thp"))
			continue;
		*ret = (uint32_t)ps_get_member(e, &L->memory_stat_ratio);
		return NULL;
	}
	return ps_error_at(PS_ERR_CORRUPT, addr,
			   "memory_stats has no entry \"anon_thp\"");
}

struct ps_error *ps_counter_thp_unit(struct ps_target *t, uint64_t *pages_ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t page_size = 1ULL << t->paging.page_shift;
	uint32_t ratio = 0;
	struct ps_error *err;

	*pages_ret = 0;
	if (!L->memory_stat_size.present || !L->memory_stat_idx.present ||
	    !L->nr_anon_thps.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the unit of the THP counters is unknown: no struct memory_stat (CONFIG_MEMCG) in the debug info");
	/* memcg_page_state_unit() took over from the ratios after v5.13. */
	if (!L->memory_stat_ratio.present) {
		*pages_ret = 1;
		return NULL;
	}
	if (!L->memory_stat_name.present || !L->sym_memory_stats.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the unit of the THP counters is unknown: no symbol memory_stats");
	err = ps_memory_stats_ratio(t, L->nr_anon_thps.value, &ratio);
	if (err)
		return ps_error_prefix(err, "the unit of NR_ANON_THPS");
	if (ratio < page_size || ratio % page_size)
		return ps_error_create(PS_ERR_CORRUPT,
				       "the unit of NR_ANON_THPS: memory_stats says %u bytes, not a number of pages",
				       ratio);
	*pages_ret = ratio / page_size;
	return NULL;
}
