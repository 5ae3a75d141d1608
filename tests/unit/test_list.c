// SPDX-License-Identifier: GPL-2.0-or-later
/* The validated list walk on hand-built lists, broken in every known way. */
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

/* head <-> NODE(0) <-> ... <-> NODE(n - 1) <-> head */
static void build(struct ps_target *t, int n)
{
	for (int i = 0; i < n; i++)
		fake_list_head(t, NODE(i), i + 1 < n ? NODE(i + 1) : HEAD,
			       i ? NODE(i - 1) : HEAD);
	fake_list_head(t, HEAD, n ? NODE(0) : HEAD, n ? NODE(n - 1) : HEAD);
}

/* Walk; the number of entries before the end or the break. */
static size_t walk(struct ps_target *t, struct ps_list_iter *it,
		   struct ps_error **err_ret)
{
	uint64_t node;
	size_t n = 0;
	struct ps_error *err;

	ps_list_iter_init(it, t, HEAD, 1000);
	while (!(err = ps_list_iter_next(it, &node))) {
		assert_int_equal(node, NODE(n));
		n++;
	}
	*err_ret = err;
	return n;
}

static void test_intact_and_empty(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 7);
	assert_int_equal(walk(t, &it, &err), 7);
	assert_ptr_equal(err, &ps_stop);
	build(t, 0);
	assert_int_equal(walk(t, &it, &err), 0);
	assert_ptr_equal(err, &ps_stop);
	ps_target_destroy(t);
}

static void test_wrong_prev_next(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	/* NODE(2)->prev points elsewhere: NODE(1)->next and it disagree. */
	fake_put64(t, NODE(2) + 8, NODE(4));
	assert_int_equal(walk(t, &it, &err), 2);
	assert_int_equal(err->code, PS_ERR_CORRUPT);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_PREV);
	assert_int_equal(it.fault.node, NODE(2));
	assert_int_equal(it.fault.expected, NODE(1));
	assert_int_equal(it.fault.found, NODE(4));
	assert_int_equal(it.fault.index, 2);
	assert_non_null(strstr(err->message,
			       "list_del corruption. next->prev should be"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_deleted_node_reachable(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	/* list_del(NODE(3)) without unlinking it from NODE(2). */
	fake_list_head(t, NODE(3), 0xdead000000000100ULL, 0xdead000000000122ULL);
	assert_int_equal(walk(t, &it, &err), 3);
	assert_int_equal(it.fault.kind, PS_LF_PREV_POISON);
	assert_int_equal(it.fault.node, NODE(3));
	assert_non_null(strstr(err->message, "LIST_POISON2"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_poisoned_next(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 4);
	fake_put64(t, NODE(1), 0xdead000000000100ULL);
	assert_int_equal(walk(t, &it, &err), 2);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_POISON);
	assert_int_equal(it.fault.node, NODE(1));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_cycle_back_to_entry(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 6);
	/* The 4th node's next goes back to the 2nd. */
	fake_put64(t, NODE(3), NODE(1));
	assert_int_equal(walk(t, &it, &err), 4);
	assert_int_equal(it.fault.kind, PS_LF_CYCLE);
	assert_int_equal(it.fault.node, NODE(3));
	assert_int_equal(it.fault.cycle_start, 1);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_consistent_cycle_without_head(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 6);
	/* A ring of NODE(2..5) with consistent prev pointers: only Brent sees it. */
	fake_put64(t, NODE(5), NODE(2));
	fake_put64(t, NODE(2) + 8, NODE(5));
	fake_put64(t, NODE(1), NODE(2));
	walk(t, &it, &err);
	assert_int_equal(err->code, PS_ERR_CORRUPT);
	assert_true(it.fault.kind == PS_LF_CYCLE ||
		    it.fault.kind == PS_LF_NEXT_PREV);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_null_next(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(2), 0);
	assert_int_equal(walk(t, &it, &err), 3);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_NULL);
	assert_int_equal(it.fault.node, NODE(2));
	assert_non_null(strstr(err->message, "->next is NULL"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_unreadable_and_too_long(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_iter it;
	uint64_t node;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(1), 0xffffc90000001000ULL);
	assert_int_equal(walk(t, &it, &err), 2);
	assert_int_equal(it.fault.kind, PS_LF_UNREADABLE);
	ps_error_destroy(err);
	build(t, 5);
	ps_list_iter_init(&it, t, HEAD, 3);
	for (int i = 0; i < 3; i++)
		assert_null(ps_list_iter_next(&it, &node));
	err = ps_list_iter_next(&it, &node);
	assert_int_equal(it.fault.kind, PS_LF_TOO_LONG);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

/* A live kernel: the list changes between walks, as @walk_hook says. */
static void (*walk_hook)(struct ps_target *t, int walk);
static int walks;

static struct ps_error *live_read(void *priv, enum ps_addr_space space,
				  uint64_t addr, void *buf, size_t len,
				  size_t *done_ret)
{
	extern struct ps_target *live_target;

	/* Memory changes between walks (each starts at the head). */
	if (addr == HEAD && walk_hook)
		walk_hook(live_target, walks++);
	return fake_read(priv, space, addr, buf, len, done_ret);
}

struct ps_target *live_target;

static const struct ps_mem_ops live_ops = {
	.name = "fake, live",
	.read = live_read,
	.vmcoreinfo = fake_vmcoreinfo,
	.destroy = fake_destroy,
};

static struct ps_error *count_entry(uint64_t node, void *arg)
{
	(void)node;
	(*(size_t *)arg)++;
	return NULL;
}

/* Walk @t as a live kernel; the number of entries @fn saw. */
static size_t live_walk(struct ps_target *t, struct ps_list_fault *fault)
{
	size_t n = 0;

	t->live = true;
	t->mem.ops = &live_ops;
	live_target = t;
	walks = 0;
	assert_null(ps_list_for_each(t, HEAD, 1000, count_entry, &n, fault));
	return n;
}

/* The break moves between walks: never twice alike. */
static void moving_break(struct ps_target *t, int walk)
{
	build(t, 16);
	fake_put64(t, NODE(1 + walk % 15) + 8, NODE(15));
}

/* A break only in the first walk. */
static void healing_break(struct ps_target *t, int walk)
{
	build(t, 8);
	if (!walk)
		fake_put64(t, NODE(3) + 8, NODE(7));
}

static void test_live_changing_is_not_corruption(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_fault fault;

	(void)state;
	walk_hook = moving_break;
	live_walk(t, &fault);
	assert_int_equal(fault.kind, PS_LF_CHANGING);
	assert_false(ps_list_fault_is_corruption(&fault));
	/* A list that heals is simply whole, counted once. */
	walk_hook = healing_break;
	assert_int_equal(live_walk(t, &fault), 8);
	assert_int_equal(fault.kind, PS_LF_NONE);
	walk_hook = NULL;
	ps_target_destroy(t);
}

static void test_live_persistent_break_is_corruption(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_list_fault fault;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(2) + 8, NODE(4));
	walk_hook = NULL;
	assert_int_equal(live_walk(t, &fault), 2);
	assert_int_equal(fault.kind, PS_LF_NEXT_PREV);
	assert_int_equal(fault.node, NODE(2));
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact_and_empty),
		cmocka_unit_test(test_wrong_prev_next),
		cmocka_unit_test(test_deleted_node_reachable),
		cmocka_unit_test(test_poisoned_next),
		cmocka_unit_test(test_cycle_back_to_entry),
		cmocka_unit_test(test_consistent_cycle_without_head),
		cmocka_unit_test(test_null_next),
		cmocka_unit_test(test_unreadable_and_too_long),
		cmocka_unit_test(test_live_changing_is_not_corruption),
		cmocka_unit_test(test_live_persistent_break_is_corruption),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
