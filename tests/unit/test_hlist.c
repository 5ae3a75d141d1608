// SPDX-License-Identifier: GPL-2.0-or-later
/* The validated hlist walk on hand-built hlists, broken in every known way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/hlist.h"

/* pprev at +0 and next at +8: not the kernel's order, so no code assumes it. */
enum { PPREV = 0, NEXT = 8 };
#define NODE(i) (FAKE_BASE + 0x1000 + 0x40 * (i))
#define HEAD (FAKE_BASE + 0x10)
static const uint64_t poison1 = 0xdead000000000100ULL;
static const uint64_t poison2 = 0xdead000000000122ULL;

static struct ps_target *hlist_target(void)
{
	struct ps_target *t = fake_target();

	t->layout.hlist_head_first = fake_lval(0, 8);
	t->layout.hlist_node_next = fake_lval(NEXT, 8);
	t->layout.hlist_node_pprev = fake_lval(PPREV, 8);
	return t;
}

/* head -> NODE(0) -> ... -> NODE(n - 1) -> NULL */
static void build(struct ps_target *t, int n)
{
	fake_put64(t, HEAD, n ? NODE(0) : 0);
	for (int i = 0; i < n; i++) {
		fake_put64(t, NODE(i) + NEXT, i + 1 < n ? NODE(i + 1) : 0);
		fake_put64(t, NODE(i) + PPREV, i ? NODE(i - 1) + NEXT : HEAD);
	}
}

/* Walk; the number of entries before the end or the break. */
static size_t walk(struct ps_target *t, struct ps_hlist_iter *it,
		   size_t max, struct ps_error **err_ret)
{
	uint64_t node;
	size_t n = 0;
	struct ps_error *err;

	ps_hlist_iter_init(it, t, HEAD, max);
	while (!(err = ps_hlist_iter_next(it, &node))) {
		assert_int_equal(node, NODE(n));
		n++;
	}
	*err_ret = err;
	return n;
}

static void test_intact_and_empty(void **state)
{
	struct ps_target *t = hlist_target();
	struct ps_hlist_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 6);
	assert_int_equal(walk(t, &it, 100, &err), 6);
	assert_ptr_equal(err, &ps_stop);
	build(t, 0);
	assert_int_equal(walk(t, &it, 100, &err), 0);
	assert_ptr_equal(err, &ps_stop);
	ps_target_destroy(t);
}

/* A pprev that is not &prev->next: wrong, NULL (unhashed), LIST_POISON2. */
static void test_bad_pprev(void **state)
{
	const uint64_t found[] = { NODE(0) + NEXT, 0, poison2 };
	const char *words[] = { "", "an unhashed node", "a deleted node" };
	struct ps_target *t = hlist_target();
	struct ps_hlist_iter it;
	struct ps_error *err;

	(void)state;
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		build(t, 5);
		fake_put64(t, NODE(2) + PPREV, found[i]);
		assert_int_equal(walk(t, &it, 100, &err), 2);
		assert_int_equal(err->code, PS_ERR_CORRUPT);
		assert_int_equal(it.fault.kind, PS_LF_PPREV);
		assert_true(it.fault.hlist);
		assert_int_equal(it.fault.node, NODE(2));
		assert_int_equal(it.fault.prev, NODE(1));
		assert_int_equal(it.fault.expected, NODE(1) + NEXT);
		assert_int_equal(it.fault.found, found[i]);
		assert_int_equal(it.fault.index, 2);
		assert_non_null(strstr(err->message, "hlist corruption. node->pprev should be"));
		assert_non_null(strstr(err->message, words[i]));
		ps_error_destroy(err);
	}
	/* The first node's pprev must be &head->first. */
	build(t, 3);
	fake_put64(t, NODE(0) + PPREV, HEAD + 8);
	assert_int_equal(walk(t, &it, 100, &err), 0);
	assert_int_equal(it.fault.kind, PS_LF_PPREV);
	assert_int_equal(it.fault.expected, HEAD);
	assert_int_equal(it.fault.index, 0);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_cycle_and_poison(void **state)
{
	struct ps_target *t = hlist_target();
	struct ps_hlist_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 6);
	fake_put64(t, NODE(4) + NEXT, NODE(1));
	assert_int_equal(walk(t, &it, 100, &err), 5);
	assert_int_equal(it.fault.kind, PS_LF_CYCLE);
	assert_int_equal(it.fault.node, NODE(4));
	assert_int_equal(it.fault.found, NODE(1));
	assert_int_equal(it.fault.cycle_start, 1);
	assert_non_null(strstr(err->message, "never to NULL"));
	ps_error_destroy(err);
	/* A node pointing at itself. */
	build(t, 3);
	fake_put64(t, NODE(2) + NEXT, NODE(2));
	assert_int_equal(walk(t, &it, 100, &err), 3);
	assert_int_equal(it.fault.kind, PS_LF_CYCLE);
	assert_int_equal(it.fault.cycle_start, 2);
	ps_error_destroy(err);
	build(t, 4);
	fake_put64(t, NODE(1) + NEXT, poison1);
	assert_int_equal(walk(t, &it, 100, &err), 2);
	assert_int_equal(it.fault.kind, PS_LF_NEXT_POISON);
	assert_int_equal(it.fault.node, NODE(1));
	assert_int_equal(it.fault.index, 1);
	assert_non_null(strstr(err->message, "LIST_POISON1"));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_unreadable_and_too_long(void **state)
{
	struct ps_target *t = hlist_target();
	struct ps_hlist_iter it;
	struct ps_error *err;

	(void)state;
	build(t, 4);
	fake_put64(t, NODE(2) + NEXT, 0x1234);
	assert_int_equal(walk(t, &it, 100, &err), 3);
	assert_int_equal(it.fault.kind, PS_LF_UNREADABLE);
	assert_int_equal(it.fault.node, 0x1234);
	assert_int_equal(it.fault.index, 3);
	ps_error_destroy(err);
	build(t, 10);
	assert_int_equal(walk(t, &it, 4, &err), 4);
	assert_int_equal(it.fault.kind, PS_LF_TOO_LONG);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_nodes_and_absent_layout(void **state)
{
	struct ps_target *t = hlist_target();
	struct ps_list_fault fault;
	uint64_t *nodes = NULL;
	size_t nr = 0;
	struct ps_error *err;

	(void)state;
	build(t, 5);
	fake_put64(t, NODE(3) + PPREV, 0);
	assert_null(ps_hlist_nodes(t, HEAD, 100, &nodes, &nr, &fault));
	assert_int_equal(nr, 3);
	assert_int_equal(nodes[2], NODE(2));
	assert_int_equal(fault.kind, PS_LF_PPREV);
	assert_string_equal(ps_list_fault_name(fault.kind), "pprev");
	free(nodes);
	t->layout.hlist_node_pprev.present = false;
	err = ps_hlist_nodes(t, HEAD, 100, &nodes, &nr, &fault);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_NO_TYPE);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intact_and_empty),
		cmocka_unit_test(test_bad_pprev),
		cmocka_unit_test(test_cycle_and_poison),
		cmocka_unit_test(test_unreadable_and_too_long),
		cmocka_unit_test(test_nodes_and_absent_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
