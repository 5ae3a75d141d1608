// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The list walk's diagnosis of the corruptions faultmod builds: which
 * node, at which position, what the pointer should have been.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/list.h"

#define NODE(i) (FAKE_BASE + 0x1000 + 0x40 * (i))
#define HEAD FAKE_BASE

static void build(struct ps_target *t, int n)
{
	for (int i = 0; i < n; i++)
		fake_list_head(t, NODE(i), i + 1 < n ? NODE(i + 1) : HEAD,
			       i ? NODE(i - 1) : HEAD);
	fake_list_head(t, HEAD, n ? NODE(0) : HEAD, n ? NODE(n - 1) : HEAD);
}

static struct ps_error *walk(struct ps_target *t, struct ps_list_iter *it,
			     size_t *n_ret)
{
	uint64_t node;
	struct ps_error *err;

	*n_ret = 0;
	ps_list_iter_init(it, t, HEAD, 1000);
	while (!(err = ps_list_iter_next(it, &node)))
		(*n_ret)++;
	return err;
}

/* Node 1's next skips node 2, which still links 1 and 3: list_del(2) fails. */
static void test_prev_next_skips_intact_node(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	size_t n;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(1), NODE(3));
	err = walk(t, &it, &n);
	assert_int_equal(n, 2);
	assert_int_equal(it.fault.kind, PS_LF_PREV_NEXT);
	assert_int_equal(it.fault.node, NODE(2));
	assert_int_equal(it.fault.prev, NODE(1));
	assert_int_equal(it.fault.expected, NODE(2));
	assert_int_equal(it.fault.found, NODE(3));
	assert_int_equal(it.fault.index, 2);
	assert_non_null(strstr(err->message,
			       "list_del corruption. prev->next should be"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_null_next_knows_successor(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	size_t n;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(3), 0);
	err = walk(t, &it, &n);
	assert_int_equal(n, 4);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_NULL);
	assert_int_equal(it.fault.node, NODE(3));
	assert_int_equal(it.fault.index, 3);
	assert_int_equal(it.fault.expected, NODE(4));
	assert_int_equal(it.fault.found, 0);
	ps_error_destroy(err);
	/* The last node's successor is the head itself. */
	build(t, 5);
	fake_put64(t, NODE(4), 0);
	err = walk(t, &it, &n);
	assert_int_equal(it.fault.index, 4);
	assert_int_equal(it.fault.expected, HEAD);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_cycle_names_target_and_successor(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	size_t n;
	struct ps_error *err;

	(void)state;
	build(t, 6);
	fake_put64(t, NODE(3), NODE(1));
	err = walk(t, &it, &n);
	assert_int_equal(n, 4);
	assert_int_equal(it.fault.kind, PS_LF_CYCLE);
	assert_int_equal(it.fault.node, NODE(3));
	assert_int_equal(it.fault.index, 3);
	assert_int_equal(it.fault.found, NODE(1));
	assert_int_equal(it.fault.cycle_start, 1);
	assert_int_equal(it.fault.expected, NODE(4));
	assert_non_null(strstr(err->message, "points back to"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_poisoned_node_still_linked(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	size_t n;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	/* list_del(2), then node 1 points at it again. */
	fake_put64(t, NODE(1), NODE(3));
	fake_put64(t, NODE(3) + 8, NODE(1));
	fake_list_head(t, NODE(2), 0xdead000000000100ULL, 0xdead000000000122ULL);
	fake_put64(t, NODE(1), NODE(2));
	err = walk(t, &it, &n);
	assert_int_equal(n, 2);
	assert_int_equal(it.fault.kind, PS_LF_PREV_POISON);
	assert_int_equal(it.fault.node, NODE(2));
	assert_int_equal(it.fault.index, 2);
	assert_int_equal(it.fault.prev, NODE(1));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_head_fault_index(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	size_t n;
	struct ps_error *err;
	char buf[256];

	(void)state;
	build(t, 3);
	fake_put64(t, HEAD, 0);
	err = walk(t, &it, &n);
	assert_int_equal(n, 0);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_NULL);
	assert_int_equal(it.fault.index, PS_LIST_HEAD_INDEX);
	assert_non_null(strstr(ps_list_fault_describe(&it.fault, buf, sizeof(buf)),
			       "the head"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prev_next_skips_intact_node),
		cmocka_unit_test(test_null_next_knows_successor),
		cmocka_unit_test(test_cycle_names_target_and_successor),
		cmocka_unit_test(test_poisoned_node_still_linked),
		cmocka_unit_test(test_head_fault_index),
	};

	return cmocka_run_group_tests_name("list_diag", tests, NULL, NULL);
}
