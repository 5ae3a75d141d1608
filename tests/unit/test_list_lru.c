// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * list_lru walks over a hand-built memcg-aware lru with two nodes: counts,
 * node totals, broken lists, and the shrinker-bit rule in both map
 * layouts (one bitmap before v6.7, shrinker_info_unit since); before
 * v5.18 the per-memcg lists in per-node arrays and the shrinker bits in
 * mem_cgroup_per_node.shrinker_map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "lists/list_lru.h"
#include "lists/memcg.h"

#define LRU (FAKE_BASE + 0x100)
#define NODES (FAKE_BASE + 0x200)
#define NR_NODE_IDS (FAKE_BASE + 0x300)
#define SHRINKER_NR_MAX (FAKE_BASE + 0x308)
#define XA (LRU + 32)
#define XA_NODE (FAKE_BASE + 0x1000)
#define MLRU (FAKE_BASE + 0x2000)
#define ITEM(i) (FAKE_BASE + 0x10000 + 0x40 * (i))
#define MEMCG1 (FAKE_BASE + 0x20000)
#define PN(nid) (FAKE_BASE + 0x30000 + 0x100 * (nid))
#define INFO(nid) (FAKE_BASE + 0x40000 + 0x100 * (nid))
#define UNIT(nid) (FAKE_BASE + 0x50000 + 0x400 * (nid))
#define FLATMAP(nid) (FAKE_BASE + 0x60000 + 0x100 * (nid))
#define NR_CACHE_IDS (FAKE_BASE + 0x310)
#define MEMCG_LRUS(nid) (FAKE_BASE + 0x70000 + 0x100 * (nid))
#define EMPTY_ONE(nid) (FAKE_BASE + 0x78000 + 0x100 * (nid))
#define OLDMAP(nid) (FAKE_BASE + 0x7c000 + 0x100 * (nid))

enum { SHRINKER_ID = 70, KMEMCG_ID = 2 };

static void layout_lru(struct ps_layout *L)
{
	L->list_lru_size = fake_lval(48, 0);
	L->list_lru_node = fake_lval(0, 8);
	L->list_lru_list = fake_lval(8, 16);
	L->list_lru_shrinker_id = fake_lval(24, 4);
	L->list_lru_memcg_aware = fake_lval(28, 1);
	L->list_lru_xa = fake_lval(32, 16);
	L->list_lru_node_size = fake_lval(64, 0);
	L->lru_node_lock = fake_lval(0, 4);
	L->lru_node_lru = fake_lval(8, 24);
	L->lru_node_nr_items = fake_lval(32, 8);
	L->list_lru_one_size = fake_lval(24, 0);
	L->lru_one_list = fake_lval(0, 16);
	L->lru_one_nr_items = fake_lval(16, 8);
	L->lru_memcg_node = fake_array(16, 0, 24);
	L->sym_nr_node_ids = fake_lval((int64_t)NR_NODE_IDS, 0);
	L->xarray_head = fake_lval(8, 8);
	L->xa_node_size = fake_lval(576, 0);
	L->xa_node_shift = fake_lval(0, 1);
	L->xa_node_offset = fake_lval(1, 1);
	L->xa_node_count = fake_lval(2, 1);
	L->xa_node_parent = fake_lval(8, 8);
	L->xa_node_array = fake_lval(16, 8);
	L->xa_node_slots = fake_array(40, 64, 8);
	L->memcg_nodeinfo = fake_array(1696, 0, 8);
	L->memcg_pn_shrinker_info = fake_lval(24, 8);
}

/* Since v6.7: info->map_nr_max, info->unit[], unit->map[]. */
static void layout_units(struct ps_layout *L)
{
	L->shrinker_info_map_nr_max = fake_lval(16, 4);
	L->shrinker_info_unit = fake_array(24, 0, 8);
	L->shrinker_unit_map = fake_array(512, 1, 8);
	L->shrinker_unit_nr_deferred = fake_array(0, 64, 8);
}

/* @n entries hanging off the list_head at @head, from ITEM(@first). */
static void list_of(struct ps_target *t, uint64_t head, int first, int n)
{
	for (int i = 0; i < n; i++)
		fake_list_head(t, ITEM(first + i),
			       i + 1 < n ? ITEM(first + i + 1) : head,
			       i ? ITEM(first + i - 1) : head);
	fake_list_head(t, head, n ? ITEM(first) : head,
		       n ? ITEM(first + n - 1) : head);
}

static uint64_t one(int nid, bool memcg)
{
	return memcg ? MLRU + 16 + 24 * (uint64_t)nid : NODES + 64 * (uint64_t)nid + 8;
}

static void set_one(struct ps_target *t, int nid, bool memcg, int first,
		    int n, int64_t nr_items)
{
	list_of(t, one(nid, memcg), first, n);
	fake_put64(t, one(nid, memcg) + 16, (uint64_t)nr_items);
}

/*
 * Node 0: 3 root items, 2 of memcg KMEMCG_ID; node 1: 0 root items and 1
 * of the memcg. Shrinker bits set on both nodes.
 */
static struct ps_target *lru_target(void)
{
	struct ps_target *t = fake_target();

	layout_lru(&t->layout);
	layout_units(&t->layout);
	fake_put64(t, LRU, NODES);
	fake_put32(t, LRU + 24, SHRINKER_ID);
	fake_put8(t, LRU + 28, 1);
	fake_put32(t, NR_NODE_IDS, 2);
	set_one(t, 0, false, 0, 3, 3);
	set_one(t, 1, false, 10, 0, 0);
	set_one(t, 0, true, 20, 2, 2);
	set_one(t, 1, true, 30, 1, 1);
	fake_put64(t, NODES + 32, 5);
	fake_put64(t, NODES + 64 + 32, 1);
	/* The xarray: one leaf node with MLRU at index KMEMCG_ID. */
	fake_put64(t, XA + 8, XA_NODE | 2);
	fake_put8(t, XA_NODE + 2, 1);
	fake_put64(t, XA_NODE + 16, XA);
	fake_put64(t, XA_NODE + 40 + 8 * KMEMCG_ID, MLRU);
	for (int nid = 0; nid < 2; nid++) {
		fake_put64(t, MEMCG1 + 1696 + 8 * nid, PN(nid));
		fake_put64(t, PN(nid) + 24, INFO(nid));
		fake_put32(t, INFO(nid) + 16, 128);	/* map_nr_max */
		fake_put64(t, INFO(nid) + 24 + 8 * (SHRINKER_ID / 64), UNIT(nid));
		fake_put64(t, UNIT(nid) + 512, 1ULL << (SHRINKER_ID % 64));
	}
	return t;
}

static struct ps_memcg fake_memcgs_v[3] = {
	{ .addr = FAKE_BASE + 0x90000, .depth = 0, .id = 0, .kmemcg_id = -1,
	  .online = true, .path = "/" },
	{ .addr = MEMCG1, .depth = 1, .id = KMEMCG_ID, .kmemcg_id = KMEMCG_ID,
	  .online = true, .path = "/a" },
	/* offline, reparented: shares its parent's id */
	{ .addr = FAKE_BASE + 0x98000, .depth = 2, .id = 9,
	  .kmemcg_id = KMEMCG_ID, .online = false, .path = "/a/gone" },
};
static const struct ps_memcgs fake_memcgs = {
	.enabled = true, .nr = 3, .memcgs = fake_memcgs_v,
};

static void walk(struct ps_target *t, const struct ps_memcgs *mc,
		 struct ps_list_lru *lru)
{
	struct ps_list_lru_id id = { .addr = LRU, .kind = PS_LRU_OTHER,
				.name = "test" };

	assert_null(ps_list_lru_walk(t, mc, &id, lru));
}

static const struct ps_list_lru_one *find(const struct ps_list_lru *lru, int nid,
				      int kmemcg_id)
{
	for (size_t i = 0; i < lru->nr_lists; i++)
		if (lru->lists[i].nid == nid &&
		    lru->lists[i].kmemcg_id == kmemcg_id)
			return &lru->lists[i];
	fail_msg("no list for node %d memcg %d", nid, kmemcg_id);
	return NULL;
}

static void test_intact(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	walk(t, &fake_memcgs, &lru);
	assert_true(lru.memcg_aware);
	assert_int_equal(lru.shrinker_id, SHRINKER_ID);
	assert_int_equal(lru.nr_nodes, 2);
	assert_int_equal(lru.nr_lists, 4);
	assert_int_equal(lru.nr_items, 6);
	assert_int_equal(lru.walked, 6);
	assert_int_equal(lru.nodes[0].lists_nr_items, 5);
	assert_int_equal(lru.nodes[1].walked, 1);
	assert_int_equal(lru.nr_broken + lru.nr_mismatch + lru.nr_node_mismatch +
				 lru.nr_missing_bits, 0);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->walked, 2);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->memcg, 1);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->bit, PS_LRU_BIT_SET);
	assert_int_equal(find(&lru, 0, -1)->bit, PS_LRU_BIT_NA);
	assert_int_equal(find(&lru, 1, -1)->walked, 0);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

/* zswap's list_lru while zswap was never enabled: node is NULL. */
static void test_uninitialised(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	fake_put64(t, LRU, 0);
	fake_put8(t, LRU + 28, 0);
	walk(t, &fake_memcgs, &lru);
	assert_true(lru.uninitialised);
	assert_int_equal(lru.nr_lists, 0);
	assert_int_equal(lru.nr_items + (int64_t)lru.walked, 0);
	assert_int_equal(lru.nr_broken + lru.nr_mismatch + lru.nr_node_mismatch +
				 lru.nr_missing_bits, 0);
	assert_string_equal(lru.unreached, "");
	ps_list_lru_deinit(&lru);
	/* An initialised one is not. */
	fake_put64(t, LRU, NODES);
	walk(t, &fake_memcgs, &lru);
	assert_false(lru.uninitialised);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_count_mismatch(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	/* As faultmod's "corrupt": one memcg list's nr_items grows by 3. */
	fake_put64(t, one(1, true) + 16, 4);
	walk(t, &fake_memcgs, &lru);
	assert_int_equal(lru.nr_mismatch, 1);
	assert_int_equal(lru.nr_node_mismatch, 1);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->nr_items, 4);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->walked, 1);
	assert_int_equal(lru.nodes[1].nr_items, 1);
	assert_int_equal(lru.nodes[1].lists_nr_items, 4);
	assert_int_equal(lru.nodes[0].lists_nr_items, lru.nodes[0].nr_items);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_broken_memcg_list(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;
	const struct ps_list_lru_one *l;

	(void)state;
	fake_put64(t, ITEM(21) + 8, ITEM(5));	/* 2nd entry's prev */
	walk(t, &fake_memcgs, &lru);
	l = find(&lru, 0, KMEMCG_ID);
	assert_true(l->broken);
	assert_int_equal(l->fault.kind, PS_LF_NEXT_PREV);
	assert_int_equal(l->fault.node, ITEM(21));
	assert_int_equal(l->fault.index, 1);
	assert_int_equal(lru.nr_broken, 1);
	assert_int_equal(lru.nr_mismatch, 0);	/* broken lists are not counted */
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_bit_clear_units(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	fake_put64(t, UNIT(1) + 512, ~(1ULL << (SHRINKER_ID % 64)));
	walk(t, &fake_memcgs, &lru);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->bit, PS_LRU_BIT_SET);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->bit, PS_LRU_BIT_CLEAR);
	assert_int_equal(lru.nr_missing_bits, 1);
	ps_list_lru_deinit(&lru);
	/* An id beyond map_nr_max can have no bit. */
	fake_put64(t, UNIT(1) + 512, 1ULL << (SHRINKER_ID % 64));
	fake_put32(t, INFO(0) + 16, 64);
	walk(t, &fake_memcgs, &lru);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->bit, PS_LRU_BIT_CLEAR);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->bit, PS_LRU_BIT_SET);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_bit_flat_map(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_layout *L = &t->layout;
	struct ps_list_lru lru;

	(void)state;
	/* Before v6.7: info->map is one bitmap of shrinker_nr_max bits. */
	L->shrinker_info_map_nr_max = (struct ps_lval){ 0 };
	L->shrinker_info_unit = (struct ps_lval){ 0 };
	L->shrinker_info_map = fake_lval(24, 8);
	L->sym_shrinker_nr_max = fake_lval((int64_t)SHRINKER_NR_MAX, 0);
	fake_put32(t, SHRINKER_NR_MAX, 128);
	for (int nid = 0; nid < 2; nid++)
		fake_put64(t, INFO(nid) + 24, FLATMAP(nid));
	fake_put64(t, FLATMAP(0) + 8 * (SHRINKER_ID / 64),
		   1ULL << (SHRINKER_ID % 64));
	walk(t, &fake_memcgs, &lru);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->bit, PS_LRU_BIT_SET);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->bit, PS_LRU_BIT_CLEAR);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_no_online_owner(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_memcgs only_root = { .enabled = true, .nr = 1,
				       .memcgs = fake_memcgs_v };
	struct ps_list_lru lru;

	(void)state;
	walk(t, &only_root, &lru);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->bit, PS_LRU_BIT_NO_OWNER);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->memcg, -1);
	assert_int_equal(lru.nr_missing_bits, 2);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

static void test_needs_bit_rule(void **state)
{
	struct ps_list_lru lru = { .memcg_aware = true, .shrinker_id = 3 };
	struct ps_list_lru_one l = { .kmemcg_id = 2, .walked = 1 };
	struct ps_memcg child = { .depth = 1 }, root = { .depth = 0 };

	(void)state;
	assert_true(ps_list_lru_needs_bit(&lru, &l, &child));
	assert_true(ps_list_lru_needs_bit(&lru, &l, NULL));
	/* set_shrinker_bit() never sets the root's bits. */
	assert_false(ps_list_lru_needs_bit(&lru, &l, &root));
	/* An empty list needs nothing; nr_items alone is enough to need it. */
	l.walked = 0;
	assert_false(ps_list_lru_needs_bit(&lru, &l, &child));
	l.nr_items = 1;
	assert_true(ps_list_lru_needs_bit(&lru, &l, &child));
	/* The node's own list, no shrinker, not memcg-aware (nokmem). */
	l.kmemcg_id = -1;
	assert_false(ps_list_lru_needs_bit(&lru, &l, &child));
	l.kmemcg_id = 2;
	lru.shrinker_id = -1;
	assert_false(ps_list_lru_needs_bit(&lru, &l, &child));
	lru.shrinker_id = 3;
	lru.memcg_aware = false;
	assert_false(ps_list_lru_needs_bit(&lru, &l, &child));
}

static void test_not_memcg_aware(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	/* Without kmem accounting the lru falls back to the node lists. */
	fake_put8(t, LRU + 28, 0);
	fake_put64(t, XA + 8, 0);
	walk(t, &fake_memcgs, &lru);
	assert_false(lru.memcg_aware);
	assert_int_equal(lru.nr_lists, 2);
	assert_int_equal(lru.walked, 3);
	/* The node totals still count the memcg items: they disagree. */
	assert_int_equal(lru.nr_node_mismatch, 2);
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

/*
 * Before v5.18: list_lru_node.memcg_lrus->lru[memcg_nr_cache_ids], each
 * slot a struct list_lru_one *; before v5.13 the bits in
 * nodeinfo->shrinker_map->map[]. Slot 1 belongs to no memcg any more.
 */
static void to_memcg_arrays(struct ps_target *t)
{
	struct ps_layout *L = &t->layout;

	L->list_lru_xa = (struct ps_lval){ 0 };
	L->lru_memcg_node = (struct ps_lval){ 0 };
	L->lru_node_memcg_lrus = fake_lval(40, 8);
	L->lru_memcg_lru = fake_array(16, 0, 8);
	L->sym_memcg_nr_cache_ids = fake_lval((int64_t)NR_CACHE_IDS, 0);
	L->memcg_pn_shrinker_info = (struct ps_lval){ 0 };
	L->memcg_pn_shrinker_map = fake_lval(16, 8);
	L->shrinker_map_map = fake_array(16, 0, 8);
	L->sym_shrinker_nr_max = fake_lval((int64_t)SHRINKER_NR_MAX, 0);
	fake_put32(t, SHRINKER_NR_MAX, 128);
	fake_put32(t, NR_CACHE_IDS, 4);
	for (int nid = 0; nid < 2; nid++) {
		fake_put64(t, NODES + 64 * (uint64_t)nid + 40, MEMCG_LRUS(nid));
		fake_put64(t, MEMCG_LRUS(nid) + 16 + 8 * 1, EMPTY_ONE(nid));
		fake_put64(t, MEMCG_LRUS(nid) + 16 + 8 * KMEMCG_ID, one(nid, true));
		fake_list_head(t, EMPTY_ONE(nid), EMPTY_ONE(nid), EMPTY_ONE(nid));
		fake_put64(t, PN(nid) + 16, OLDMAP(nid));
	}
	fake_put64(t, OLDMAP(0) + 16 + 8 * (SHRINKER_ID / 64),
		   1ULL << (SHRINKER_ID % 64));
}

static void test_memcg_arrays(void **state)
{
	struct ps_target *t = lru_target();
	struct ps_list_lru lru;

	(void)state;
	to_memcg_arrays(t);
	walk(t, &fake_memcgs, &lru);
	assert_int_equal(lru.nr_lists, 6);
	assert_int_equal(lru.walked, 6);
	assert_int_equal(lru.nr_broken + lru.nr_mismatch + lru.nr_node_mismatch, 0);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->walked, 2);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->walked, 1);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->memcg, 1);
	assert_int_equal(find(&lru, 0, KMEMCG_ID)->bit, PS_LRU_BIT_SET);
	assert_int_equal(find(&lru, 1, KMEMCG_ID)->bit, PS_LRU_BIT_CLEAR);
	/* A slot no memcg holds: an empty list, no owner, no bit needed. */
	assert_int_equal(find(&lru, 1, 1)->walked, 0);
	assert_int_equal(find(&lru, 1, 1)->memcg, -1);
	assert_int_equal(find(&lru, 1, 1)->bit, PS_LRU_BIT_NA);
	assert_int_equal(lru.nr_missing_bits, 1);
	ps_list_lru_deinit(&lru);
	/* Slot 3 was never allocated; a bound past MEM_CGROUP_ID_MAX is damage. */
	fake_put32(t, NR_CACHE_IDS, 1u << 20);
	walk(t, &fake_memcgs, &lru);
	assert_non_null(strstr(lru.unreached, "memcg_nr_cache_ids"));
	ps_list_lru_deinit(&lru);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact),
		cmocka_unit_test(test_uninitialised),
		cmocka_unit_test(test_count_mismatch),
		cmocka_unit_test(test_broken_memcg_list),
		cmocka_unit_test(test_bit_clear_units),
		cmocka_unit_test(test_bit_flat_map),
		cmocka_unit_test(test_no_online_owner),
		cmocka_unit_test(test_needs_bit_rule),
		cmocka_unit_test(test_not_memcg_aware),
		cmocka_unit_test(test_memcg_arrays),
	};

	return cmocka_run_group_tests_name("list_lru", tests, NULL, NULL);
}
