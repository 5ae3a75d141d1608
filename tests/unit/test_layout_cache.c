// SPDX-License-Identifier: GPL-2.0-or-later
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "layout/layout_cache.h"

static char dir[] = "/tmp/ps-cache-test-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_CACHE_HOME", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void fill(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->source = "DWARF";
	L->page_size = (struct ps_lval){ .present = true, .value = 64 };
	L->zone_free_area = (struct ps_lval){ .present = true, .value = 256,
					      .size = 968, .nr_elems = 11,
					      .elem_size = 88 };
	L->pg[PS_PG_hwpoison] = (struct ps_lval){ .present = true, .value = 20 };
	L->sym_mem_section = (struct ps_lval){ .present = true,
					       .value = (int64_t)0xffffffff83a5c000ULL };
}

static void test_roundtrip(void **state)
{
	struct ps_layout in, out;

	(void)state;
	fill(&in);
	assert_false(ps_layout_cache_load("abc123", &out));
	assert_null(ps_layout_cache_store("abc123", &in));
	assert_true(ps_layout_cache_load("abc123", &out));
	assert_string_equal(out.source, "cache of DWARF");
	assert_int_equal(out.zone_free_area.nr_elems, 11);
	assert_int_equal(out.zone_free_area.elem_size, 88);
	assert_true(out.pg[PS_PG_hwpoison].present);
	assert_false(out.pg[PS_PG_slab].present);
	assert_int_equal((uint64_t)out.sym_mem_section.value,
			 0xffffffff83a5c000ULL);
	/* Another kernel's build ID finds nothing. */
	assert_false(ps_layout_cache_load("def456", &out));
}

static void test_damaged_file_is_ignored(void **state)
{
	struct ps_layout in, out;
	char *path;
	FILE *f;

	(void)state;
	fill(&in);
	assert_null(ps_layout_cache_store("cafe", &in));
	path = ps_layout_cache_path("cafe");
	assert_non_null(path);
	assert_int_equal(truncate(path, 200), 0);
	assert_false(ps_layout_cache_load("cafe", &out));
	f = fopen(path, "w");
	fputs("not a cache\n", f);
	fclose(f);
	assert_false(ps_layout_cache_load("cafe", &out));
	free(path);
}

static void test_no_path_for_odd_ids(void **state)
{
	(void)state;
	assert_null(ps_layout_cache_path(""));
	assert_null(ps_layout_cache_path("../../etc/passwd"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damaged_file_is_ignored),
		cmocka_unit_test(test_no_path_for_odd_ids),
	};

	return cmocka_run_group_tests_name("layout_cache", tests, setup,
					   teardown);
}
