// SPDX-License-Identifier: GPL-2.0-or-later
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/name_index.h"

static void test_first_wins_and_kinds(void **state)
{
	struct ps_name_index ix;
	uint64_t v, e;

	(void)state;
	ps_name_index_init(&ix);
	assert_false(ps_name_index_find(&ix, 0, "page", &v, &e));
	assert_null(ps_name_index_add(&ix, 0, "page", 1, 10));
	assert_null(ps_name_index_add(&ix, 0, "page", 2, 20));
	assert_null(ps_name_index_add(&ix, 1, "page", 3, 30));
	assert_true(ps_name_index_find(&ix, 0, "page", &v, &e));
	assert_int_equal(v, 1);
	assert_int_equal(e, 10);
	assert_true(ps_name_index_find(&ix, 1, "page", &v, NULL));
	assert_int_equal(v, 3);
	ps_name_index_deinit(&ix);
}

static void test_growth(void **state)
{
	enum { N = 5000 };
	static char names[N][16];
	struct ps_name_index ix;
	uint64_t v;

	(void)state;
	ps_name_index_init(&ix);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "sym%d", i);
		assert_null(ps_name_index_add(&ix, 0, names[i], (uint64_t)i, 0));
	}
	for (int i = 0; i < N; i++) {
		assert_true(ps_name_index_find(&ix, 0, names[i], &v, NULL));
		assert_int_equal(v, i);
	}
	assert_false(ps_name_index_find(&ix, 0, "sym5000", &v, NULL));
	ps_name_index_deinit(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_wins_and_kinds),
		cmocka_unit_test(test_growth),
	};

	return cmocka_run_group_tests_name("name_index", tests, NULL, NULL);
}
