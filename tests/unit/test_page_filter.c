// SPDX-License-Identifier: GPL-2.0-or-later
/* pages --flags/--type/--order: parsing and matching, on hand-made pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout/layout.h"
#include "walk/page_filter.h"

static struct ps_layout layout;
static struct ps_page_decoder dec;

/* A kernel with PG_lru at bit 5 and PG_active at bit 6, no PG_hwpoison. */
static int setup(void **state)
{
	(void)state;
	memset(&layout, 0, sizeof(layout));
	memset(&dec, 0, sizeof(dec));
	layout.pg[PS_PG_lru] = (struct ps_lval){ .present = true, .value = 5 };
	layout.pg[PS_PG_active] = (struct ps_lval){ .present = true, .value = 6 };
	dec.mask[PS_PG_lru] = 1u << 5;
	dec.mask[PS_PG_active] = 1u << 6;
	return 0;
}

static struct ps_page page(uint64_t eflags, enum ps_page_type type,
			   enum ps_mapping_kind kind, uint8_t order, uint32_t state)
{
	struct ps_page p = { .eflags = eflags, .type = type, .mapping_kind = kind,
			     .order = order, .state = state };

	return p;
}

static void test_flags(void **state)
{
	struct ps_page_filter f;
	struct ps_page inactive = page(1u << 5, PS_PT_none, PS_MAPPING_ANON, 0, 0);
	struct ps_page active = page(3u << 5, PS_PT_none, PS_MAPPING_ANON, 0, 0);
	struct ps_page none = page(0, PS_PT_none, PS_MAPPING_FILE, 0, 0);

	(void)state;
	assert_null(ps_page_filter_parse(&layout, "lru,~active", NULL, NULL, &f));
	assert_true(ps_page_filter_match(&f, &dec, &inactive));
	assert_false(ps_page_filter_match(&f, &dec, &active));
	assert_false(ps_page_filter_match(&f, &dec, &none));
	assert_null(ps_page_filter_parse(&layout, "head,~free", NULL, NULL, &f));
	inactive.state = PS_PAGE_HEAD;
	assert_true(ps_page_filter_match(&f, &dec, &inactive));
	inactive.state = PS_PAGE_HEAD | PS_PAGE_FREE;
	assert_false(ps_page_filter_match(&f, &dec, &inactive));
}

static void test_type_order(void **state)
{
	struct ps_page_filter f;
	struct ps_page slab = page(0, PS_PT_slab, PS_MAPPING_NONE, 3, PS_PAGE_TAIL);
	struct ps_page thp = page(0, PS_PT_none, PS_MAPPING_ANON, 9, PS_PAGE_HEAD);

	(void)state;
	assert_null(ps_page_filter_parse(&layout, NULL, "slab", NULL, &f));
	assert_true(ps_page_filter_match(&f, &dec, &slab));
	assert_false(ps_page_filter_match(&f, &dec, &thp));
	assert_null(ps_page_filter_parse(&layout, NULL, "anon", "9", &f));
	assert_true(ps_page_filter_match(&f, &dec, &thp));
	thp.order = 4;
	assert_false(ps_page_filter_match(&f, &dec, &thp));
	/* Nothing asked: every page, unreadable ones too. */
	assert_null(ps_page_filter_parse(&layout, NULL, NULL, NULL, &f));
	assert_true(ps_page_filter_is_empty(&f));
	slab.state = PS_PAGE_UNREADABLE;
	assert_true(ps_page_filter_match(&f, &dec, &slab));
	assert_null(ps_page_filter_parse(&layout, NULL, "slab", NULL, &f));
	assert_false(ps_page_filter_match(&f, &dec, &slab));
}

static void assert_usage(struct ps_error *err, const char *words)
{
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_USAGE);
	if (!strstr(err->message, words))
		fail_msg("\"%s\" lacks \"%s\"", err->message, words);
	ps_error_destroy(err);
}

static void test_errors(void **state)
{
	struct ps_page_filter f;

	(void)state;
	assert_usage(ps_page_filter_parse(&layout, "hwpoison", NULL, NULL, &f),
		     "this kernel has no PG_hwpoison");
	assert_usage(ps_page_filter_parse(&layout, "lru,bogus", NULL, NULL, &f),
		     "--flags bogus: no such page flag");
	assert_usage(ps_page_filter_parse(&layout, NULL, "bogus", NULL, &f),
		     "--type bogus: neither a page type");
	assert_usage(ps_page_filter_parse(&layout, NULL, NULL, "64", &f), "--order 64");
	assert_usage(ps_page_filter_parse(&layout, NULL, NULL, "-1", &f), "--order -1");
	assert_usage(ps_page_filter_parse(&layout, NULL, NULL, "", &f), "--order ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_flags, setup),
		cmocka_unit_test_setup(test_type_order, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};

	return cmocka_run_group_tests_name("page_filter", tests, NULL, NULL);
}
