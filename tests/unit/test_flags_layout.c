// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page->flags's fields above the flags, derived from type info by the
 * kernel's fitting rule. The 6.12 case is checked against the places its
 * own generated bounds.h and page-flags-layout.h give (Debian 6.12 cloud:
 * NR_PAGEFLAGS 24, MAX_NR_ZONES 5, NR_CPUS_BITS 13, NODES_SHIFT 10,
 * LRU_GEN_WIDTH 3, __LRU_REFS_WIDTH 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout/flags_layout.h"

static struct ps_lval here(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

static struct ps_lval array(uint32_t nr, uint32_t size)
{
	return (struct ps_lval){ .present = true, .nr_elems = nr, .size = size,
				 .elem_size = nr ? size / nr : 0 };
}

/* A 6.12-like layout: NUMA balancing, the multi-gen LRU. */
static void layout_612(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->page_flags = (struct ps_lval){ .present = true, .value = 0, .size = 8 };
	L->nr_pageflags = here(24);
	L->max_nr_zones = here(5);
	L->node_data_length = here(1024);
	L->var_per_cpu_offset = array(8192, 8192 * 8);
	L->task_numa_scan_seq = here(3768);
	L->lrugen_folios = array(4, 640);
	L->lrugen_avg_refaulted = array(2, 64);		/* [2][4] of 8 bytes */
	L->lrugen_protected = array(1, 48);		/* [1][2][3] */
}

static void test_612_as_its_bounds_h(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	ps_flags_layout_derive(&L, &fl);
	assert_true(fl.known);
	assert_int_equal(fl.node.shift, 54);
	assert_int_equal(fl.node.width, 10);
	assert_int_equal(fl.zone.shift, 51);
	assert_int_equal(fl.zone.width, 3);
	assert_int_equal(fl.last_cpupid.shift, 30);
	assert_int_equal(fl.last_cpupid.width, 21);
	assert_int_equal(fl.lru_gen.shift, 27);
	assert_int_equal(fl.lru_gen.width, 3);
	assert_int_equal(fl.lru_refs.shift, 25);
	assert_int_equal(fl.lru_refs.width, 2);
	assert_int_equal(fl.cpupid, PS_CPUPID_FLAGS);
	assert_int_equal(fl.max_nr_tiers, 4);
	assert_true(fl.tier_rule_known);
}

static void test_decode_and_tier(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;
	struct ps_flags_fields f;
	uint64_t flags = (1ULL << 54) | (2ULL << 51) | (0x1234ULL << 30) | (3ULL << 27) | (1ULL << 25) | 0x28;

	(void)state;
	layout_612(&L);
	ps_flags_layout_derive(&L, &fl);
	ps_flags_fields_decode(&fl, flags, &f);
	assert_int_equal(f.node, 1);
	assert_int_equal(f.zone, 2);
	assert_int_equal(f.last_cpupid, 0x1234);
	assert_int_equal(f.gen_stored, 3);
	assert_int_equal(f.refs, 1);
	assert_int_equal(ps_flags_cpupid_cpu(&fl, 0x1234), 0x12);
	assert_int_equal(ps_flags_cpupid_pid(&fl, 0x1234), 0x34);
	assert_int_equal(ps_flags_cpupid_none(&fl), 0x1fffff);
	/* order_base_2(refs + PG_workingset + 1) */
	assert_int_equal(fl.tier_rule, PS_TIER_REFS_WORKINGSET);
	assert_int_equal(ps_flags_tier(&fl, 0, false, false), 0);
	assert_int_equal(ps_flags_tier(&fl, 0, true, true), 1);
	assert_int_equal(ps_flags_tier(&fl, 1, false, true), 2);
	assert_int_equal(ps_flags_tier(&fl, 3, false, true), 3);
}

/* v6.14's rework: protected[..][..][MAX_NR_TIERS], PG_referenced gates LRU_REFS. */
static void test_tier_rule_of_the_workingset_rework(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	L.lrugen_protected = array(1, 64);	/* [1][2][4] */
	ps_flags_layout_derive(&L, &fl);
	assert_true(fl.known);
	assert_int_equal(fl.tier_rule, PS_TIER_REFERENCED);
	assert_int_equal(fl.lru_refs.width, 2);
	/* lru_tier_from_refs(folio_lru_refs(), workingset) */
	assert_int_equal(ps_flags_tier(&fl, 3, false, false), 0);
	assert_int_equal(ps_flags_tier(&fl, 0, true, false), 0);
	assert_int_equal(ps_flags_tier(&fl, 1, true, false), 1);
	assert_int_equal(ps_flags_tier(&fl, 2, true, false), 2);
	assert_int_equal(ps_flags_tier(&fl, 3, true, false), 2);
	assert_int_equal(ps_flags_tier(&fl, 0, false, true), 3);
	assert_int_equal(ps_flags_tier(&fl, 3, true, true), 3);
}

static void test_other_tier_rule_is_not_guessed(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	L.lrugen_protected = array(1, 80);	/* [1][2][5]: no rule known */
	ps_flags_layout_derive(&L, &fl);
	assert_true(fl.known);
	assert_false(fl.tier_rule_known);
	assert_int_equal(ps_flags_tier(&fl, 1, true, false), -1);
}

static void test_no_numa_balancing_no_lru_gen(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	L.task_numa_scan_seq.present = false;
	L.var_per_cpu_offset.present = false;	/* not needed then */
	L.lrugen_folios.present = false;
	ps_flags_layout_derive(&L, &fl);
	assert_true(fl.known);
	assert_int_equal(fl.cpupid, PS_CPUPID_NONE);
	assert_false(fl.lru_gen_built);
	assert_int_equal(fl.lru_gen.width, 0);
	assert_int_equal(fl.lru_refs.width, 0);
}

static void test_cpupid_out_of_flags(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	L.nr_pageflags = here(40);	/* 24 bits left: node, zone, gen fit; cpupid not */
	ps_flags_layout_derive(&L, &fl);
	assert_false(fl.known);
	assert_non_null(strstr(fl.why, "has no _last_cpupid"));
	L.page_last_cpupid = here(40);
	ps_flags_layout_derive(&L, &fl);
	assert_true(fl.known);
	assert_int_equal(fl.cpupid, PS_CPUPID_FIELD);
	assert_int_equal(fl.last_cpupid.width, 0);
	/* LRU_REFS takes what is left, up to MAX_NR_TIERS - 2. */
	assert_int_equal(fl.lru_refs.width, 2);
	assert_int_equal(fl.lru_gen.shift, 64 - 10 - 3 - 3);
}

static void test_refuses_what_it_cannot_derive(void **state)
{
	struct ps_layout L;
	struct ps_flags_layout fl;

	(void)state;
	layout_612(&L);
	L.var_per_cpu_offset = array(6000, 6000 * 8);
	ps_flags_layout_derive(&L, &fl);
	assert_false(fl.known);
	assert_non_null(strstr(fl.why, "flags layout not derivable: NR_CPUS 6000"));
	layout_612(&L);
	L.node_data_length.present = false;
	ps_flags_layout_derive(&L, &fl);
	assert_false(fl.known);
	assert_non_null(strstr(fl.why, "MAX_NUMNODES"));
	layout_612(&L);
	L.max_nr_zones = here(1000);
	ps_flags_layout_derive(&L, &fl);
	assert_false(fl.known);
	layout_612(&L);
	L.nr_pageflags = here(60);	/* nothing fits */
	ps_flags_layout_derive(&L, &fl);
	assert_false(fl.known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_612_as_its_bounds_h),
		cmocka_unit_test(test_decode_and_tier),
		cmocka_unit_test(test_tier_rule_of_the_workingset_rework),
		cmocka_unit_test(test_other_tier_rule_is_not_guessed),
		cmocka_unit_test(test_no_numa_balancing_no_lru_gen),
		cmocka_unit_test(test_cpupid_out_of_flags),
		cmocka_unit_test(test_refuses_what_it_cannot_derive),
	};

	return cmocka_run_group_tests_name("flags_layout", tests, NULL, NULL);
}
