// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of what a flag bit and a struct page word mean on a given
 * page of a given kernel: the rule table of walk/page_meaning.c and the
 * views of walk/page_words.c, on 6.1-like and 6.12-like layouts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "walk/page_meaning.h"
#include "walk/page_words.h"

enum { PAGE = 64 };

static struct ps_lval member(int64_t off, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = off, .size = size };
}

static struct ps_lval number(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

static void common_layout(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->page_size = number(PAGE);
	L->page_flags = member(0, 8);
	L->page_lru = member(8, 16);
	L->page_compound_head = member(8, 8);
	L->page_mapping = member(24, 8);
	L->page_index = member(32, 8);
	L->page_private = member(40, 8);
	L->page_mapcount = member(48, 4);
	L->page_page_type = member(48, 4);
	L->page_refcount = member(52, 4);
	L->page_memcg_data = member(56, 8);
	L->nr_pageflags = number(24);
	L->pg[PS_PG_locked] = number(0);
	L->pg[PS_PG_writeback] = number(1);
	L->pg[PS_PG_uptodate] = number(3);
	L->pg[PS_PG_dirty] = number(4);
	L->pg[PS_PG_lru] = number(5);
	L->pg[PS_PG_reported] = number(3);
	L->pg[PS_PG_active] = number(7);
	L->pg[PS_PG_workingset] = number(8);
	L->pg[PS_PG_owner_priv_1] = number(9);
	L->pg[PS_PG_swapcache] = number(9);
	L->pg[PS_PG_arch_1] = number(13);
	L->pg[PS_PG_reserved] = number(14);
	L->pg[PS_PG_reclaim] = number(18);
	L->pg[PS_PG_readahead] = number(18);
	L->pg[PS_PG_swapbacked] = number(19);
	L->pg[PS_PG_uncached] = number(21);
	L->buddy_mapcount_value = number((int32_t)~0x80);
}

/* 6.12: PG_owner_2 is bit 11, PG_anon_exclusive and PG_mappedtodisk alias it. */
static void layout_612(struct ps_layout *L)
{
	common_layout(L);
	L->pg[PS_PG_head] = number(6);
	L->pg[PS_PG_owner_2] = number(11);
	L->pg[PS_PG_anon_exclusive] = number(11);
	L->pg[PS_PG_mappedtodisk] = number(11);
	L->pg[PS_PG_large_rmappable] = number(8);
	L->pg[PS_PG_partially_mapped] = number(18);
	L->pgty_buddy = number(0xf0);
	L->pgty_slab = number(0xf5);
	L->buddy_mapcount_value = number(0xf0u << 24);
	L->slab_slab_cache = member(8, 8);
	L->slab_slab_list = member(16, 16);
	L->slab_freelist = member(32, 8);
	L->slab_counters = member(40, 8);
	L->folio_flags_1 = member(64, 8);
	L->folio_large_mapcount = member(80, 4);
	L->folio_entire_mapcount = member(84, 4);
	L->folio_nr_pages_mapped = member(88, 4);
	L->folio_pincount = member(92, 4);
	L->folio_nr_pages = member(96, 4);
	L->folio_deferred_list = member(144, 16);
}

/* 6.1: PG_mappedtodisk is bit 17, PG_anon_exclusive aliases it; PG_slab. */
static void layout_61(struct ps_layout *L)
{
	common_layout(L);
	L->pg[PS_PG_head] = number(16);
	L->pg[PS_PG_slab] = number(10);
	L->pg[PS_PG_mappedtodisk] = number(17);
	L->pg[PS_PG_anon_exclusive] = number(17);
}

struct fixture {
	struct ps_layout L;
	struct ps_page_decoder d;
	struct ps_page_context c;
	struct ps_page p;
};

static void setup(struct fixture *f, bool v612)
{
	if (v612)
		layout_612(&f->L);
	else
		layout_61(&f->L);
	assert_null(ps_page_decoder_init(&f->d, &f->L, NULL));
	memset(&f->p, 0, sizeof(f->p));
	f->c = (struct ps_page_context){ .lru_gen = PS_LRU_GEN_ABSENT };
}

/* The name and meaning of @p bit on f->p, with @p flags set. */
static const struct ps_flag_meaning *explain(struct fixture *f, uint64_t flags,
					     unsigned bit)
{
	static struct ps_flag_meaning fm[64];
	size_t n = ps_page_flags_explain(&f->d, &f->c, &f->p, flags, fm, 64);

	for (size_t i = 0; i < n; i++) {
		if (fm[i].bit == bit)
			return &fm[i];
	}
	fail_msg("bit %u not explained", bit);
	return NULL;
}

static const char *name_of(const struct ps_flag_meaning *m)
{
	return ps_pageflag_info[m->name].name;
}

static void test_slab_reuses_bits(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, true);
	f.p.type = PS_PT_slab;
	/* Before v6.8 SLUB gives PG_workingset no meaning of its own. */
	assert_null(strstr(explain(&f, 1 << 8, 8)->meaning, "partial list"));
	f.c.slab_node_partial = true;
	assert_non_null(strstr(explain(&f, 1 << 8, 8)->meaning, "partial list"));
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->meaning, "pfmemalloc"));
	assert_non_null(strstr(explain(&f, 1 << 0, 0)->meaning, "slab_lock"));
	/* Where the kernel sets it follows the page too. */
	assert_non_null(strstr(explain(&f, 1 << 8, 8)->set_by, "slab_set_node_partial"));
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->set_by, "slab_set_pfmemalloc"));
	/* The same bits on an LRU page keep their LRU meaning. */
	f.p.type = PS_PT_none;
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_non_null(strstr(explain(&f, 1 << 8, 8)->meaning, "active list"));
	assert_null(strstr(explain(&f, 1 << 8, 8)->meaning, "refault seen"));
	assert_non_null(strstr(explain(&f, 1 << 8, 8)->set_by, "shrink_active_list"));
}

static void test_anon_exclusive_by_layout(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, false);	/* 6.1: bit 17 */
	f.p.mapping_kind = PS_MAPPING_ANON;
	assert_string_equal(name_of(explain(&f, 1 << 17, 17)), "anon_exclusive");
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_string_equal(name_of(explain(&f, 1 << 17, 17)), "mappedtodisk");
	setup(&f, true);	/* 6.12: bit 11 */
	f.p.mapping_kind = PS_MAPPING_ANON;
	assert_string_equal(name_of(explain(&f, 1 << 11, 11)), "anon_exclusive");
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_string_equal(name_of(explain(&f, 1 << 11, 11)), "mappedtodisk");
	f.p.mapping_kind = PS_MAPPING_NONE;
	assert_string_equal(name_of(explain(&f, 1 << 11, 11)), "owner_2");
}

static void test_active_under_mglru(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, true);
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->meaning, "active LRU list"));
	f.c.lru_gen = PS_LRU_GEN_OFF;
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->meaning, "active LRU list"));
	f.c.lru_gen = PS_LRU_GEN_ON;
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->meaning, "generation"));
	f.c.lru_gen = PS_LRU_GEN_UNKNOWN;
	assert_non_null(strstr(explain(&f, 1 << 7, 7)->meaning, "multi-gen LRU"));
}

static void test_shared_bits(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, false);
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_string_equal(name_of(explain(&f, 1 << 18, 18)), "readahead");
	assert_string_equal(name_of(explain(&f, 1 << 18 | 1 << 1, 18)), "reclaim");
	/* A dirty folio: lru_deactivate_file() asked for reclaim after writeback. */
	assert_string_equal(name_of(explain(&f, 1 << 18 | 1 << 4, 18)), "reclaim");
	/* shmem (swapbacked page cache): readahead only from the swap cache. */
	assert_string_equal(name_of(explain(&f, 1 << 18 | 1 << 19, 18)), "reclaim");
	assert_string_equal(name_of(explain(&f, 1 << 18 | 1 << 19 | 1 << 9, 18)), "readahead");
	f.p.mapping_kind = PS_MAPPING_ANON;
	assert_string_equal(name_of(explain(&f, 1 << 18, 18)), "reclaim");
	assert_string_equal(name_of(explain(&f, 1 << 9 | 1 << 19, 9)), "swapcache");
	assert_string_equal(name_of(explain(&f, 1 << 9, 9)), "owner_priv_1");
	f.p.state = PS_PAGE_FREE;
	assert_string_equal(name_of(explain(&f, 1 << 3, 3)), "reported");
	f.p.state = 0;
	assert_string_equal(name_of(explain(&f, 1 << 3, 3)), "uptodate");
}

/*
 * 5.10: no PG_readahead enumerator (PAGEFLAG(Readahead, reclaim) was a
 * macro), the same bit is still readahead on a clean file page.
 */
static void test_readahead_without_enumerator(void **state)
{
	struct fixture f;

	(void)state;
	layout_61(&f.L);
	f.L.pg[PS_PG_readahead] = (struct ps_lval){ 0 };
	assert_null(ps_page_decoder_init(&f.d, &f.L, NULL));
	memset(&f.p, 0, sizeof(f.p));
	f.c = (struct ps_page_context){ .lru_gen = PS_LRU_GEN_ABSENT };
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_string_equal(name_of(explain(&f, 1 << 18, 18)), "readahead");
	assert_null(strstr(explain(&f, 1 << 18, 18)->meaning, "writeback ends"));
	assert_string_equal(name_of(explain(&f, 1 << 18 | 1 << 1, 18)), "reclaim");
}

/* Swap readahead marks every page it reads ahead, not one per window. */
static void test_swap_readahead(void **state)
{
	struct fixture f;
	const struct ps_flag_meaning *m;

	(void)state;
	setup(&f, true);
	f.p.mapping_kind = PS_MAPPING_ANON;
	m = explain(&f, 1 << 18 | 1 << 19 | 1 << 9, 18);
	assert_string_equal(name_of(m), "readahead");
	assert_null(strstr(m->meaning, "one page per window"));
	assert_non_null(strstr(m->meaning, "every page it reads ahead"));
	assert_non_null(strstr(m->set_by, "swap_cluster_readahead"));
	f.p.mapping_kind = PS_MAPPING_FILE;
	assert_non_null(strstr(explain(&f, 1 << 18, 18)->meaning, "one page per window"));
}

/* v6.14 SLUB allocates frozen pages: told by the allocator's symbol. */
static void test_slab_frozen(void **state)
{
	struct ps_layout L;

	(void)state;
	layout_612(&L);
	assert_false(ps_slab_pages_frozen(&L));
	L.sym_alloc_frozen_pages = number(0xffffffff81000000);
	assert_true(ps_slab_pages_frozen(&L));
}

/* arch/x86/mm/pat/memtype.c: _PGMT_WC, _PGMT_UC_MINUS, _PGMT_WT. */
static void test_pat_memtype(void **state)
{
	struct fixture f;

	(void)state;
	setup(&f, true);
	assert_non_null(strstr(explain(&f, 1 << 13, 13)->meaning, "write-combining"));
	assert_non_null(strstr(explain(&f, 1 << 21, 21)->meaning, "uncached-minus"));
	assert_non_null(strstr(explain(&f, 1 << 13 | 1 << 21, 13)->meaning, "write-through"));
	assert_non_null(strstr(explain(&f, 1 << 13 | 1 << 21, 21)->meaning, "write-through"));
}

static void test_table_says_no_wrong_thing(void **state)
{
	(void)state;
	for (int f = 0; f < PS_PG_NR; f++) {
		assert_null(strstr(ps_pageflag_info[f].meaning, "x86: unused"));
		assert_null(strstr(ps_pageflag_info[f].meaning, "never allocated"));
		assert_null(strstr(ps_pageflag_info[f].meaning, "refault seen"));
	}
}

static void test_folio_flags1(void **state)
{
	struct fixture f;
	char buf[128];

	(void)state;
	setup(&f, true);
	assert_string_equal(ps_folio_flags1_names(&f.d, 1 << 8 | 1 << 18 | 9, buf, sizeof(buf)),
			    "large_rmappable, partially_mapped; other bits 0x9");
	assert_string_equal(ps_folio_flags1_names(&f.d, 0, buf, sizeof(buf)),
			    "no folio flags");
}

/* ------------------------------------------------------------------ */
/* Words                                                              */
/* ------------------------------------------------------------------ */

static const struct ps_page_field *field(const struct ps_page_fields *pf,
					 const char *name, const char *part)
{
	for (size_t i = 0; i < pf->nr; i++) {
		if (!strcmp(pf->f[i].name, name) && !strcmp(pf->f[i].part, part))
			return &pf->f[i];
	}
	return NULL;
}

static void test_words_slab(void **state)
{
	struct fixture f;
	struct ps_page_fields pf;
	unsigned char raw[PAGE] = { 0 };
	uint64_t cache = 0xffff888001234500ULL, poison = 0xdead000000000122ULL;

	(void)state;
	setup(&f, true);
	memcpy(raw + 8, &cache, 8);
	memcpy(raw + 24, &poison, 8);
	f.p.type = PS_PT_slab;
	ps_page_fields(&f.L, &f.p, 0, raw, &pf);
	assert_string_equal(pf.view, "struct slab");
	assert_int_equal(field(&pf, "slab_cache", "")->value, cache);
	assert_int_equal(field(&pf, "slab_list", ".prev")->value, poison);
	assert_int_equal(field(&pf, "freelist", "")->offset, 32);
	assert_null(field(&pf, "mapping", ""));
	assert_null(field(&pf, "index", ""));
}

static void test_words_page1(void **state)
{
	struct fixture f;
	struct ps_page_fields pf;
	unsigned char raw[PAGE] = { 0 };
	uint32_t nr = 512, mapcount = 0;

	(void)state;
	setup(&f, true);
	memcpy(raw + 32, &nr, 4);
	memcpy(raw + 16, &mapcount, 4);
	f.p.pfn = 0x4801;
	f.p.head_pfn = 0x4800;
	f.p.state = PS_PAGE_TAIL;
	ps_page_fields(&f.L, &f.p, 0, raw, &pf);
	assert_string_equal(pf.view, "struct folio, page[1]");
	/* page[1]'s index word is the folio's size, not an index. */
	assert_int_equal(field(&pf, "_folio_nr_pages", "")->value, 512);
	assert_int_equal(field(&pf, "_folio_nr_pages", "")->offset, 32);
	assert_null(field(&pf, "index", ""));
	assert_non_null(strstr(field(&pf, "_refcount", "")->meaning, "always 0"));
	assert_non_null(field(&pf, "_large_mapcount", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slab_reuses_bits),
		cmocka_unit_test(test_anon_exclusive_by_layout),
		cmocka_unit_test(test_active_under_mglru),
		cmocka_unit_test(test_shared_bits),
		cmocka_unit_test(test_readahead_without_enumerator),
		cmocka_unit_test(test_swap_readahead),
		cmocka_unit_test(test_slab_frozen),
		cmocka_unit_test(test_pat_memtype),
		cmocka_unit_test(test_table_says_no_wrong_thing),
		cmocka_unit_test(test_folio_flags1),
		cmocka_unit_test(test_words_slab),
		cmocka_unit_test(test_words_page1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
