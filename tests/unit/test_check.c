// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope check's verdicts: vmstat counters read with their per-cpu
 * diffs and thresholds from fake memory, per-cpu sums over possible CPUs,
 * and the rules that turn kernel and walked values into ok or FAIL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/check.h"
#include "kernel/counters.h"
#include "fake_target.h"
#include "kernel/percpu.h"

#define ZONE (FAKE_BASE + 0x100)
#define PCP_PTR 0x10000ULL	/* a __percpu pointer: offsets added per CPU */
#define CPU_OFF(c) (FAKE_BASE + 0x20000 + 0x1000 * (c))
#define PERCPU_VAR 0x40ULL	/* a per-cpu symbol's link address */

/* Three possible CPUs; CPU 2 is offline. */
static void free_percpu(void *p)
{
	ps_percpu_destroy(p);
}

static struct ps_target *counter_target(void)
{
	struct ps_target *t = fake_target();
	struct ps_layout *L = &t->layout;
	struct ps_percpu *pc = calloc(1, sizeof(*pc));

	pc->nr_cpu_ids = 3;
	pc->offset = calloc(3, sizeof(*pc->offset));
	pc->possible = calloc(3, sizeof(*pc->possible));
	pc->online = calloc(3, sizeof(*pc->online));
	for (unsigned c = 0; c < 3; c++) {
		pc->offset[c] = CPU_OFF(c);
		pc->possible[c] = true;
		pc->online[c] = c < 2;
	}
	ps_target_slot_set(t, PS_SLOT_PERCPU, pc, free_percpu);
	L->zone_vm_stat = fake_array(1344, 12, 8);
	L->zone_per_cpu_zonestats = fake_lval(120, 8);
	L->pzstats_vm_stat_diff = fake_array(0, 12, 1);
	L->pzstats_stat_threshold = fake_lval(12, 1);
	fake_put64(t, ZONE + 1344, 1000);	/* vm_stat[NR_FREE_PAGES] */
	fake_put64(t, ZONE + 120, PCP_PTR);
	fake_put8(t, CPU_OFF(0) + PCP_PTR, 5);
	fake_put8(t, CPU_OFF(1) + PCP_PTR, (uint8_t)-3);
	fake_put8(t, CPU_OFF(2) + PCP_PTR, 100);	/* offline: not summed */
	for (unsigned c = 0; c < 3; c++)
		fake_put8(t, CPU_OFF(c) + PCP_PTR + 12, 16);
	return t;
}

static void test_zone_counter(void **state)
{
	struct ps_target *t = counter_target();
	struct ps_vmstat_value v;

	(void)state;
	assert_null(ps_counter_zone(t, ZONE, 0, &v));
	assert_int_equal(v.global, 1000);
	assert_int_equal(v.diff, 2);
	assert_int_equal(v.nr_cpus, 2);
	assert_int_equal(v.drift_bound, 32);
	assert_int_equal(v.max_threshold, 16);
	ps_target_destroy(t);
}

/* Before v5.14 the diffs sit in zone->pageset, a struct per_cpu_pageset. */
static void test_zone_counter_in_pageset(void **state)
{
	struct ps_target *t = counter_target();
	struct ps_layout *L = &t->layout;
	struct ps_vmstat_value v;

	(void)state;
	L->zone_per_cpu_zonestats = (struct ps_lval){ 0 };
	L->pzstats_vm_stat_diff = (struct ps_lval){ 0 };
	L->pzstats_stat_threshold = (struct ps_lval){ 0 };
	L->zone_pageset = fake_lval(120, 8);
	L->pageset_vm_stat_diff = fake_array(0, 12, 1);
	L->pcp_stat_threshold = fake_lval(12, 1);
	assert_null(ps_counter_zone(t, ZONE, 0, &v));
	assert_int_equal(v.global, 1000);
	assert_int_equal(v.diff, 2);
	assert_int_equal(v.drift_bound, 32);
	ps_target_destroy(t);
}

#define MEMORY_STATS (FAKE_BASE + 0x60000)
#define STAT_NAME(i) (FAKE_BASE + 0x61000 + 0x20 * (i))

static void put_string(struct ps_target *t, uint64_t addr, const char *s)
{
	do
		fake_put8(t, addr++, (uint8_t)*s);
	while (*s++);
}

/* memory_stats[i] = { name, ratio, idx } as struct memory_stat has it. */
static void put_stat(struct ps_target *t, int i, const char *name,
		     uint32_t ratio, uint32_t idx)
{
	put_string(t, STAT_NAME(i), name);
	fake_put64(t, MEMORY_STATS + 16 * (uint64_t)i, STAT_NAME(i));
	fake_put32(t, MEMORY_STATS + 16 * (uint64_t)i + 8, ratio);
	fake_put32(t, MEMORY_STATS + 16 * (uint64_t)i + 12, idx);
}

static void expect_unit_error(struct ps_target *t, enum ps_error_code code)
{
	uint64_t unit;
	struct ps_error *err = ps_counter_thp_unit(t, &unit);

	assert_non_null(err);
	assert_int_equal(err->code, code);
	ps_error_destroy(err);
}

/* NR_ANON_THPS counts THPs before v5.13: memory.stat's ratio says so. */
static void test_thp_unit(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_layout *L = &t->layout;
	uint64_t unit;

	(void)state;
	t->paging.page_shift = 12;
	expect_unit_error(t, PS_ERR_UNSUPPORTED);	/* no struct memory_stat */
	L->nr_anon_thps = fake_lval(20, 0);
	L->memory_stat_size = fake_lval(16, 0);
	L->memory_stat_name = fake_lval(0, 8);
	L->memory_stat_ratio = fake_lval(8, 4);
	L->memory_stat_idx = fake_lval(12, 4);
	L->sym_memory_stats = fake_lval((int64_t)MEMORY_STATS, 0);
	L->var_memory_stats = fake_array(0, 3, 16);
	put_stat(t, 0, "anon", 4096, 5);
	put_stat(t, 1, "anon_thp", 2 << 20, 20);
	put_stat(t, 2, "file", 4096, 6);
	assert_null(ps_counter_thp_unit(t, &unit));
	assert_int_equal(unit, 512);
	/* BTF gives no bound: the key is checked, a stray idx is passed. */
	L->var_memory_stats = (struct ps_lval){ 0 };
	put_stat(t, 0, "other", 4096, 20);
	assert_null(ps_counter_thp_unit(t, &unit));
	assert_int_equal(unit, 512);
	/* After the conversion to pages the ratio is PAGE_SIZE... */
	put_stat(t, 1, "anon_thp", 4096, 20);
	assert_null(ps_counter_thp_unit(t, &unit));
	assert_int_equal(unit, 1);
	/* ... and then the member went (memcg_page_state_unit()). */
	L->memory_stat_ratio = (struct ps_lval){ 0 };
	assert_null(ps_counter_thp_unit(t, &unit));
	assert_int_equal(unit, 1);
	L->memory_stat_ratio = fake_lval(8, 4);
	put_stat(t, 1, "anon_thp", 1000, 20);
	expect_unit_error(t, PS_ERR_CORRUPT);
	put_stat(t, 1, "anon_tip", 4096, 20);
	expect_unit_error(t, PS_ERR_CORRUPT);
	ps_target_destroy(t);
}

static void test_percpu_sum_over_possible(void **state)
{
	struct ps_target *t = counter_target();
	struct ps_lval sym = fake_lval((int64_t)PERCPU_VAR, 0);
	struct ps_lval var = fake_lval(0, 8);
	int64_t sum;

	(void)state;
	/* A dentry freed on another CPU than it was added: -1 and +3. */
	fake_put64(t, CPU_OFF(0) + PERCPU_VAR, (uint64_t)-1);
	fake_put64(t, CPU_OFF(1) + PERCPU_VAR, 3);
	fake_put64(t, CPU_OFF(2) + PERCPU_VAR, 10);
	assert_null(ps_counter_percpu_sum(t, &sym, &var, "x", &sum));
	assert_int_equal(sum, 12);
	ps_target_destroy(t);
}

/* mthp_stats[order][item] as DWARF shapes it, and flattened as in BTF. */
static void test_mthp_both_shapes(void **state)
{
	struct ps_target *t = counter_target();
	struct ps_layout *L = &t->layout;
	uint64_t at = PERCPU_VAR + (4 * 13 + 12) * 8;
	struct ps_error *err;
	int64_t v;

	(void)state;
	L->sym_mthp_stats = fake_lval((int64_t)PERCPU_VAR, 0);
	L->mthp_stat_count = fake_lval(13, 0);
	fake_put64(t, CPU_OFF(0) + at, 7);
	fake_put64(t, CPU_OFF(1) + at, (uint64_t)-2);
	fake_put64(t, CPU_OFF(2) + at, 1);
	L->mthp_stat_stats = fake_array(0, 10, 13 * 8);
	assert_int_equal(ps_counter_mthp_orders(t), 10);
	assert_null(ps_counter_mthp(t, 4, 12, &v));
	assert_int_equal(v, 6);
	L->mthp_stat_stats = fake_array(0, 130, 8);
	assert_int_equal(ps_counter_mthp_orders(t), 10);
	assert_null(ps_counter_mthp(t, 4, 12, &v));
	assert_int_equal(v, 6);
	err = ps_counter_mthp(t, 10, 12, &v);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_vmstat_verdicts(void **state)
{
	struct ps_vmstat_value v = { .global = 1000, .diff = 2,
				     .drift_bound = 32, .nr_cpus = 2,
				     .max_threshold = 16 };
	struct ps_check c;

	(void)state;
	ps_check_init(&c, false);
	assert_null(ps_check_vmstat(&c, "exact with diffs", &v, 1002));
	assert_null(ps_check_vmstat(&c, "within drift", &v, 1032));
	assert_null(ps_check_vmstat(&c, "beyond drift", &v, 1033));
	assert_null(ps_check_vmstat(&c, "below, within", &v, 968));
	assert_null(ps_check_vmstat(&c, "below, beyond", &v, 967));
	assert_int_equal(c.nr, 5);
	assert_int_equal(c.rows[0].verdict, PS_VERDICT_OK);
	assert_non_null(strstr(c.rows[0].why, "exact once the per-cpu diffs"));
	assert_int_equal(c.rows[0].kernel, 1000);
	assert_int_equal(c.rows[0].walked, 1002);
	assert_int_equal(c.rows[1].verdict, PS_VERDICT_OK);
	assert_non_null(strstr(c.rows[1].why, "within"));
	assert_non_null(strstr(c.rows[1].why, "drift bound 32"));
	assert_int_equal(c.rows[2].verdict, PS_VERDICT_FAIL);
	assert_non_null(strstr(c.rows[2].why, "beyond"));
	assert_int_equal(c.rows[3].verdict, PS_VERDICT_OK);
	assert_int_equal(c.rows[4].verdict, PS_VERDICT_FAIL);
	assert_int_equal(c.nr_fail, 2);
	ps_check_deinit(&c);
}

static void test_exact_fail_na(void **state)
{
	struct ps_check c;

	(void)state;
	ps_check_init(&c, false);
	assert_null(ps_check_exact(&c, "a", 6188, 6188, "same", "differs"));
	assert_null(ps_check_exact(&c, "b", 9, 6, "same", "nr_items lies"));
	assert_null(ps_check_fail(&c, "c", 3, 3, "list broken"));
	assert_null(ps_check_na(&c, "d", "no such counter"));
	assert_null(ps_check_differ(&c, "e", 3, 4, "orders differing"));
	assert_int_equal(c.rows[4].verdict, PS_VERDICT_FAIL);
	assert_int_equal(c.rows[0].verdict, PS_VERDICT_OK);
	assert_int_equal(c.rows[1].verdict, PS_VERDICT_FAIL);
	assert_non_null(strstr(c.rows[1].why, "differs by -3"));
	assert_non_null(strstr(c.rows[1].why, "nr_items lies"));
	assert_int_equal(c.rows[2].verdict, PS_VERDICT_FAIL);
	assert_int_equal(c.rows[3].verdict, PS_VERDICT_NA);
	assert_false(c.rows[3].has_values);
	assert_int_equal(c.nr_fail, 3);
	assert_string_equal(ps_verdict_name(c.rows[1].verdict), "FAIL");
	ps_check_deinit(&c);
}

static void test_live_mismatch_is_drift(void **state)
{
	struct ps_vmstat_value v = { .global = 1000, .drift_bound = 32,
				     .nr_cpus = 2, .max_threshold = 16 };
	struct ps_check c;

	(void)state;
	ps_check_init(&c, true);
	assert_null(ps_check_exact(&c, "a", 5, 5, "same", "differs"));
	assert_null(ps_check_exact(&c, "b", 9, 6, "same", "differs"));
	assert_null(ps_check_vmstat(&c, "c", &v, 2000));
	assert_null(ps_check_fail(&c, "d", 3, 3, "list broken twice alike"));
	assert_null(ps_check_differ(&c, "e", 3, 4, "orders differing"));
	assert_int_equal(c.rows[4].verdict, PS_VERDICT_DRIFT);
	assert_int_equal(c.rows[0].verdict, PS_VERDICT_OK);
	assert_int_equal(c.rows[1].verdict, PS_VERDICT_DRIFT);
	assert_non_null(strstr(c.rows[1].why, "live kernel"));
	assert_int_equal(c.rows[2].verdict, PS_VERDICT_DRIFT);
	assert_int_equal(c.rows[3].verdict, PS_VERDICT_FAIL);
	assert_int_equal(c.nr_fail, 1);
	assert_string_equal(ps_verdict_name(PS_VERDICT_DRIFT), "drift");
	ps_check_deinit(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_counter),
		cmocka_unit_test(test_zone_counter_in_pageset),
		cmocka_unit_test(test_thp_unit),
		cmocka_unit_test(test_percpu_sum_over_possible),
		cmocka_unit_test(test_mthp_both_shapes),
		cmocka_unit_test(test_vmstat_verdicts),
		cmocka_unit_test(test_exact_fail_na),
		cmocka_unit_test(test_live_mismatch_is_drift),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
