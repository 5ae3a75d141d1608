/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the kernel's own counters from a dump: vmstat items of a zone
 * or node with the per-cpu differentials not yet folded in and the drift
 * the kernel allows them (stat_threshold), per-cpu sums (the dentry and
 * inode unused counts, the mTHP stats) and plain atomic counters.
 */
#ifndef PS_COUNTERS_H
#define PS_COUNTERS_H

#include <stdint.h>

#include "base/error.h"

struct ps_target;
struct ps_lval;

/* A vmstat item of one zone or node. */
struct ps_vmstat_value {
	int64_t global;		/* zone->vm_stat[i] / pgdat->vm_stat[i] */
	int64_t diff;		/* sum of the online CPUs' vm_stat_diff[i] */
	/*
	 * How far @global may be from the truth: each online CPU holds at
	 * most its stat_threshold back (mm/vmstat.c __mod_zone_page_state).
	 */
	int64_t drift_bound;
	unsigned nr_cpus;	/* online CPUs summed */
	int max_threshold;	/* the largest per-cpu stat_threshold */
};

/* vm_stat item @p item (enum zone_stat_item) of the struct zone at @p zone. */
struct ps_error *ps_counter_zone(struct ps_target *t, uint64_t zone,
				 int64_t item, struct ps_vmstat_value *ret);

/*
 * vm_zone_stat[@p item]: the kernel's sum of every zone's vm_stat[item]
 * (include/linux/vmstat.h global_zone_page_state()).
 */
struct ps_error *ps_counter_zone_total(struct ps_target *t, int64_t item,
				       int64_t *ret);

/* vm_stat item @p item (enum node_stat_item) of the pglist_data @p pgdat. */
struct ps_error *ps_counter_node(struct ps_target *t, uint64_t pgdat,
				 int64_t item, struct ps_vmstat_value *ret);

/*
 * Pages per unit of the THP node counters (NR_ANON_THPS, NR_FILE_THPS,
 * NR_SHMEM_THPS): 1 since v5.13 counts them in pages, HPAGE_PMD_NR
 * before, as memory.stat's table memory_stats[] says at run time.
 */
struct ps_error *ps_counter_thp_unit(struct ps_target *t, uint64_t *pages_ret);

/*
 * The sum over possible CPUs of the per-cpu long @p sym (a per-cpu
 * symbol: its link address, not KASLR-shifted), of size @p var->size.
 */
struct ps_error *ps_counter_percpu_sum(struct ps_target *t,
				       const struct ps_lval *sym,
				       const struct ps_lval *var,
				       const char *name, int64_t *ret);

/*
 * sum_mthp_stat(@p order, @p item): the per-cpu mthp_stats summed over
 * possible CPUs. PS_ERR_UNSUPPORTED without mTHP stats.
 */
struct ps_error *ps_counter_mthp(struct ps_target *t, unsigned order,
				 int64_t item, int64_t *ret);

/* The number of orders mthp_stats has rows for (PMD_ORDER + 1), or 0. */
unsigned ps_counter_mthp_orders(const struct ps_target *t);

/*
 * An atomic_long_t global (KASLR-shifted symbol) of size @p var->size, or
 * of sizeof(atomic_long_t) when the type info has no variables (BTF).
 */
struct ps_error *ps_counter_global(struct ps_target *t,
				   const struct ps_lval *sym,
				   const struct ps_lval *var, const char *name,
				   int64_t *ret);

#endif
