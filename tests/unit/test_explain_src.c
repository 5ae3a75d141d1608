// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --explain's kernel source locations: of each group of names, the one
 * this kernel has as a symbol; inline functions and macros named without
 * one; a function tied to a feature only when the layout has it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "layout/layout.h"
#include "output/explain_src.h"

/* This kernel's symbols: the names below, at 0x1000, 0x2000, ... */
static const char *const fake_names[] = { "folio_mapping", "deferred_split_folio",
					  "alloc_contig_pages_noprof" };

static struct ps_error *fake_lookup(void *priv, const char *name, uint64_t *ret)
{
	(void)priv;
	for (size_t i = 0; i < sizeof(fake_names) / sizeof(fake_names[0]); i++) {
		if (!strcmp(name, fake_names[i])) {
			*ret = 0x1000 * (i + 1);
			return NULL;
		}
	}
	return ps_error_create(PS_ERR_NO_SYMBOL, "no symbol %s", name);
}

static const struct ps_symbol_ops fake_symbol_ops = { .name = "fake", .lookup = fake_lookup };

static struct ps_target *symbols_target(void)
{
	struct ps_target *t = fake_target();

	t->debuginfo.symbols.ops = &fake_symbol_ops;
	return t;
}

static void release(struct ps_target *t)
{
	t->debuginfo.symbols.ops = NULL;
	t->mem.ops->destroy(t->mem.priv);
	free((char *)t->release);
	free((char *)t->build_id);
	free(t);
}

static void test_first_of_each_group_this_kernel_has(void **state)
{
	static const struct ps_explain_src srcs[] = {
		{ "mm/util.c", "page_mapping" },
		{ "mm/util.c", "folio_mapping", PS_SRC_OR },
		{ "mm/huge_memory.c", "deferred_split_huge_page" },
		{ "mm/huge_memory.c", "deferred_split_folio", PS_SRC_OR },
		{ "mm/page_alloc.c", "alloc_contig_pages" },
		{ "mm/vmscan.c", "gone_everywhere" },
	};
	struct ps_explain_pick p;
	struct ps_explain_where *w = p.where;
	struct ps_target *t = symbols_target();
	char line[512];

	(void)state;
	ps_explain_src_pick(t, srcs, 6, &p);
	assert_int_equal(p.n, 3);
	assert_string_equal(w[0].src->func, "folio_mapping");
	assert_string_equal(w[0].where, "at 0x1000");
	assert_string_equal(w[1].src->func, "deferred_split_folio");
	assert_string_equal(w[2].src->func, "alloc_contig_pages");
	assert_non_null(strstr(w[2].where, "alloc_contig_pages_noprof"));
	ps_explain_src_line(&p, NULL, line, sizeof(line));
	assert_string_equal(line, "mm/util.c: folio_mapping(); mm/huge_memory.c: "
			    "deferred_split_folio(); mm/page_alloc.c: alloc_contig_pages()");
	release(t);
}

static void test_inline_macro_and_feature(void **state)
{
	static const struct ps_explain_src srcs[] = {
		{ "include/linux/page-flags.h", "PageAnon", PS_SRC_INLINE },
		{ "include/linux/page-flags.h", "PAGEFLAG", PS_SRC_MACRO },
		{ "mm/rmap.c", "folio_mapping", 0, "pg_anon_exclusive" },
	};
	struct ps_explain_pick p;
	struct ps_target *t = symbols_target();
	int i = ps_layout_item_index("pg_anon_exclusive");
	char line[512];

	(void)state;
	assert_true(i >= 0);
	ps_explain_src_pick(t, srcs, 3, &p);
	assert_int_equal(p.n, 2);	/* no PG_anon_exclusive: not named */
	ps_explain_src_line(&p, "a note", line, sizeof(line));
	assert_string_equal(line, "include/linux/page-flags.h: PageAnon() (inline), "
			    "PAGEFLAG() (macro); a note");
	ps_layout_item(&t->layout, (size_t)i)->present = true;
	ps_explain_src_pick(t, srcs, 3, &p);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.where[2].src->func, "folio_mapping");
	release(t);
}

static void test_none_found(void **state)
{
	static const struct ps_explain_src srcs[] = { { "mm/memory-failure.c", "memory_failure" } };
	static const struct ps_explain_src none[] = { { NULL } };
	struct ps_explain_pick p;
	struct ps_target *t = symbols_target();
	char line[256];

	(void)state;
	ps_explain_src_pick(t, srcs, 1, &p);
	assert_int_equal(p.n, 0);
	ps_explain_src_line(&p, NULL, line, sizeof(line));
	assert_string_equal(line, "none of this figure's functions is in this kernel");
	ps_explain_src_pick(t, none, 1, &p);
	ps_explain_src_line(&p, "headers only", line, sizeof(line));
	assert_string_equal(line, "headers only");
	release(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_of_each_group_this_kernel_has),
		cmocka_unit_test(test_inline_macro_and_feature),
		cmocka_unit_test(test_none_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
