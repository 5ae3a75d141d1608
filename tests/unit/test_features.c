// SPDX-License-Identifier: GPL-2.0-or-later
/* Features and the layout items they need: any one of a need's items will do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout/features.h"

static struct ps_lval here(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

static void test_any_alternative_will_do(void **state)
{
	struct ps_layout L;
	char buf[512];

	(void)state;
	memset(&L, 0, sizeof(L));
	assert_false(ps_feature_has(&L, PS_FEAT_compound));
	L.pg[PS_PG_head] = here(6);
	L.page_compound_head = here(8);		/* 6.12 */
	assert_true(ps_feature_has(&L, PS_FEAT_compound));
	L.page_compound_head.present = false;
	L.page_compound_info = here(8);		/* 7.2 */
	assert_true(ps_feature_has(&L, PS_FEAT_compound));
	assert_string_equal(ps_feature_missing(&L, PS_FEAT_compound, buf, sizeof(buf)), "");
}

static void test_missing_names_every_unmet_need(void **state)
{
	struct ps_layout L;
	char buf[512];

	(void)state;
	memset(&L, 0, sizeof(L));
	L.migrate_types = here(6);
	ps_feature_missing(&L, PS_FEAT_pageblocks, buf, sizeof(buf));
	assert_string_equal(buf,
			    "enum pageblock_bits.NR_PAGEBLOCK_BITS or enum pageblock_bits.__NR_PAGEBLOCK_BITS, "
			    "enum pageblock_bits.PB_migrate or enum pageblock_bits.PB_migrate_0, "
			    "member struct mem_section_usage.pageblock_flags");
}

static void test_require(void **state)
{
	struct ps_layout L;
	struct ps_error *err;

	(void)state;
	memset(&L, 0, sizeof(L));
	err = ps_feature_require(&L, PS_FEAT_anon_exclusive);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	assert_string_equal(err->message,
			    "anon-exclusive: this kernel's layout has no enum pageflags.PG_anon_exclusive (not tracked by this kernel)");
	ps_error_destroy(err);
	L.pg[PS_PG_anon_exclusive] = here(11);
	assert_null(ps_feature_require(&L, PS_FEAT_anon_exclusive));
}

/* Every feature has a name, a cost and at least one need. */
static void test_table_complete(void **state)
{
	struct ps_layout L;
	char buf[1024];

	(void)state;
	memset(&L, 0, sizeof(L));
	for (int f = 0; f < PS_FEAT_NR; f++) {
		assert_true(ps_feature_name(f)[0]);
		assert_true(ps_feature_cost(f)[0]);
		assert_false(ps_feature_has(&L, f));
		assert_true(ps_feature_missing(&L, f, buf, sizeof(buf))[0]);
		assert_null(strstr(buf, "item at"));
	}
}

/* Keys are snake_case and each names one feature: JSON readers match on them. */
static void test_keys_snake_case_unique(void **state)
{
	(void)state;
	for (int f = 0; f < PS_FEAT_NR; f++) {
		const char *k = ps_feature_key(f);

		assert_true(k[0] >= 'a' && k[0] <= 'z');
		assert_int_equal(strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_"), strlen(k));
		for (int g = 0; g < f; g++)
			assert_string_not_equal(k, ps_feature_key(g));
	}
	assert_string_equal(ps_feature_key(PS_FEAT_partially_mapped_folios),
			    "partially_mapped_folios");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_alternative_will_do),
		cmocka_unit_test(test_missing_names_every_unmet_need),
		cmocka_unit_test(test_require),
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_keys_snake_case_unique),
	};

	return cmocka_run_group_tests_name("features", tests, NULL, NULL);
}
