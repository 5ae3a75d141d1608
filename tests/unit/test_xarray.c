// SPDX-License-Identifier: GPL-2.0-or-later
/* The xarray walk on hand-built trees, intact and with misplaced nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/xarray.h"

#define XA (FAKE_BASE + 0x100)
#define NODE(i) (FAKE_BASE + 0x1000 + 0x400 * (i))
#define ITEM(i) (FAKE_BASE + 0x80000 + 0x40 * (i))

/* The kernel's struct xarray and struct xa_node (x86_64, 64 slots). */
static struct ps_target *xa_target(void)
{
	struct ps_target *t = fake_target();
	struct ps_layout *L = &t->layout;

	L->xarray_head = fake_lval(8, 8);
	L->xa_node_size = fake_lval(576, 0);
	L->xa_node_shift = fake_lval(0, 1);
	L->xa_node_offset = fake_lval(1, 1);
	L->xa_node_count = fake_lval(2, 1);
	L->xa_node_parent = fake_lval(8, 8);
	L->xa_node_array = fake_lval(16, 8);
	L->xa_node_slots = fake_array(40, 64, 8);
	return t;
}

static void node(struct ps_target *t, uint64_t n, unsigned shift,
		 unsigned offset, unsigned count, uint64_t parent)
{
	fake_put8(t, n, (uint8_t)shift);
	fake_put8(t, n + 1, (uint8_t)offset);
	fake_put8(t, n + 2, (uint8_t)count);
	fake_put64(t, n + 8, parent);
	fake_put64(t, n + 16, XA);
}

static void slot(struct ps_target *t, uint64_t n, unsigned i, uint64_t v)
{
	fake_put64(t, n + 40 + 8 * i, v);
}

/* Walk into @idx/@ent; returns the count and the final error. */
static size_t walk(struct ps_target *t, uint64_t *idx, uint64_t *ent,
		   struct ps_error **err_ret)
{
	struct ps_xa_iter it;
	size_t n = 0;
	struct ps_error *err = ps_xa_iter_init(&it, t, XA);

	while (!err && !(err = ps_xa_iter_next(&it, &idx[n], &ent[n])))
		n++;
	ps_xa_iter_deinit(&it);
	*err_ret = err;
	return n;
}

static void test_empty_and_single(void **state)
{
	struct ps_target *t = xa_target();
	uint64_t idx[4], ent[4];
	struct ps_error *err;

	(void)state;
	assert_int_equal(walk(t, idx, ent, &err), 0);
	assert_ptr_equal(err, &ps_stop);
	fake_put64(t, XA + 8, ITEM(1));
	assert_int_equal(walk(t, idx, ent, &err), 1);
	assert_ptr_equal(err, &ps_stop);
	assert_int_equal(idx[0], 0);
	assert_int_equal(ent[0], ITEM(1));
	ps_target_destroy(t);
}

static void test_two_levels_in_order(void **state)
{
	struct ps_target *t = xa_target();
	uint64_t idx[8], ent[8];
	struct ps_error *err;

	(void)state;
	node(t, NODE(0), 6, 0, 2, 0);
	node(t, NODE(1), 0, 0, 1, NODE(0));
	node(t, NODE(2), 0, 1, 2, NODE(0));
	slot(t, NODE(0), 0, NODE(1) | 2);
	slot(t, NODE(0), 1, NODE(2) | 2);
	slot(t, NODE(1), 63, ITEM(1));
	slot(t, NODE(2), 3, ITEM(2));
	slot(t, NODE(2), 7, ITEM(3));
	fake_put64(t, XA + 8, NODE(0) | 2);
	assert_int_equal(walk(t, idx, ent, &err), 3);
	assert_ptr_equal(err, &ps_stop);
	assert_int_equal(idx[0], 63);
	assert_int_equal(ent[0], ITEM(1));
	assert_int_equal(idx[1], 64 + 3);
	assert_int_equal(idx[2], 64 + 7);
	assert_int_equal(ent[2], ITEM(3));
	ps_target_destroy(t);
}

static void test_internal_entries_skipped(void **state)
{
	struct ps_target *t = xa_target();
	uint64_t idx[8], ent[8];
	struct ps_error *err;

	(void)state;
	node(t, NODE(0), 0, 0, 5, 0);
	slot(t, NODE(0), 1, ITEM(1));
	slot(t, NODE(0), 2, (1 << 2) | 2);	/* sibling of slot 1 */
	slot(t, NODE(0), 4, (256 << 2) | 2);	/* XA_RETRY_ENTRY */
	slot(t, NODE(0), 5, (257 << 2) | 2);	/* XA_ZERO_ENTRY */
	slot(t, NODE(0), 9, (42 << 1) | 1);	/* a value entry */
	fake_put64(t, XA + 8, NODE(0) | 2);
	assert_int_equal(walk(t, idx, ent, &err), 2);
	assert_ptr_equal(err, &ps_stop);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 9);
	assert_int_equal(ent[1], (42 << 1) | 1);
	ps_target_destroy(t);
}

/* Build the two-level tree with one child broken by @breaker. */
static void broken_tree(struct ps_target *t)
{
	node(t, NODE(0), 6, 0, 1, 0);
	node(t, NODE(1), 0, 2, 1, NODE(0));
	slot(t, NODE(0), 2, NODE(1) | 2);
	slot(t, NODE(1), 0, ITEM(1));
	fake_put64(t, XA + 8, NODE(0) | 2);
}

static void expect_corrupt(struct ps_target *t, const char *what)
{
	uint64_t idx[4], ent[4];
	struct ps_error *err;

	assert_int_equal(walk(t, idx, ent, &err), 0);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_CORRUPT);
	assert_true(err->has_addr);
	assert_int_equal(err->addr, NODE(1));
	assert_non_null(strstr(err->message, what));
	ps_error_destroy(err);
}

static void test_misplaced_nodes(void **state)
{
	struct ps_target *t = xa_target();
	uint64_t idx[4], ent[4];
	struct ps_error *err;

	(void)state;
	broken_tree(t);
	assert_int_equal(walk(t, idx, ent, &err), 1);
	assert_int_equal(idx[0], 2 * 64);
	fake_put64(t, NODE(1) + 16, XA + 0x40);	/* ->array */
	expect_corrupt(t, "->array");
	broken_tree(t);
	fake_put64(t, NODE(1) + 8, NODE(3));	/* ->parent */
	expect_corrupt(t, "->parent");
	broken_tree(t);
	fake_put8(t, NODE(1) + 1, 5);		/* ->offset */
	expect_corrupt(t, "->offset");
	broken_tree(t);
	fake_put8(t, NODE(1) + 2, 9);		/* ->count */
	expect_corrupt(t, "->count");
	broken_tree(t);
	fake_put8(t, NODE(1), 12);		/* ->shift */
	expect_corrupt(t, "->shift");
	ps_target_destroy(t);
}

static void test_unreadable_node(void **state)
{
	struct ps_target *t = xa_target();
	uint64_t idx[4], ent[4];
	struct ps_error *err;

	(void)state;
	fake_put64(t, XA + 8, 0xffffc90000001000ULL | 2);
	assert_int_equal(walk(t, idx, ent, &err), 0);
	assert_int_equal(err->code, PS_ERR_FAULT);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_single),
		cmocka_unit_test(test_two_levels_in_order),
		cmocka_unit_test(test_internal_entries_skipped),
		cmocka_unit_test(test_misplaced_nodes),
		cmocka_unit_test(test_unreadable_node),
	};

	return cmocka_run_group_tests_name("xarray", tests, NULL, NULL);
}
