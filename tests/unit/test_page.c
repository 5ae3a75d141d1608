// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the struct page decoder on hand-built struct pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "walk/page.h"

enum { PAGE = 64 };

static struct ps_lval member(int64_t off, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = off, .size = size };
}

static struct ps_lval number(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

/* The members every kernel we know shares (v6.1 and v6.12 agree). */
static void common_layout(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->page_size = number(PAGE);
	L->page_flags = member(0, 8);
	L->page_compound_head = member(8, 8);
	L->page_mapping = member(24, 8);
	L->page_index = member(32, 8);
	L->page_private = member(40, 8);
	L->page_mapcount = member(48, 4);
	L->page_page_type = member(48, 4);
	L->page_refcount = member(52, 4);
	L->page_memcg_data = member(56, 8);
}

/* A v6.12-like layout: enum pagetype, folio members. */
static void layout_612(struct ps_layout *L)
{
	common_layout(L);
	L->folio_flags_1 = member(64, 8);
	L->folio_nr_pages = member(96, 4);
	L->folio_entire_mapcount = member(84, 4);
	L->pg[PS_PG_head] = number(6);
	L->pg[PS_PG_lru] = number(5);
	L->pg[PS_PG_anon_exclusive] = number(11);
	L->pg[PS_PG_hwpoison] = number(20);
	L->pg[PS_PG_partially_mapped] = number(16);
	L->pgty_buddy = number(0xf0);
	L->pgty_table = number(0xf2);
	L->pgty_slab = number(0xf5);
	L->pgty_hugetlb = number(0xf4);
	L->buddy_mapcount_value = number(0xf0u << 24);
}

/* A v6.1-like layout: exact _mapcount values, PG_slab, compound_mapcount. */
static void layout_61(struct ps_layout *L)
{
	common_layout(L);
	L->folio_nr_pages = member(92, 4);
	L->page_compound_mapcount = member(20, 4);
	L->page_compound_dtor = member(16, 1);
	L->hugetlb_page_dtor_enum = number(2);
	L->pg[PS_PG_head] = number(16);
	L->pg[PS_PG_slab] = number(9);
	L->pg[PS_PG_anon_exclusive] = number(17);
	L->buddy_mapcount_value = number((int32_t)~0x80);
	L->offline_mapcount_value = number((int32_t)~0x100);
}

/*
 * 7.2's: compound_info instead of compound_head, __folio_index instead of
 * index, folio->_nr_pages at page[1] + 56, a kernel with HVO.
 */
static void layout_72(struct ps_layout *L)
{
	layout_612(L);
	L->page_compound_head.present = false;
	L->page_compound_info = member(8, 8);
	L->page_index.present = false;
	L->page_folio_index = member(32, 8);
	L->folio_nr_pages.present = false;
	L->folio__nr_pages = member(120, 4);
	L->sym_vmemmap_optimize_enabled = number(0x1000);
}

struct raw {
	unsigned char b[4 * PAGE];
};

static void put64(struct raw *r, int page, int off, uint64_t v)
{
	memcpy(r->b + page * PAGE + off, &v, sizeof(v));
}

static void put32(struct raw *r, int page, int off, uint32_t v)
{
	memcpy(r->b + page * PAGE + off, &v, sizeof(v));
}

/* An unmapped, untyped page: _mapcount -1, page_type all ones. */
static void blank(struct raw *r)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 4; i++)
		put32(r, i, 48, 0xffffffff);
}

static void decode(const struct ps_layout *L, const struct raw *r,
		   struct ps_page *p)
{
	struct ps_page_decoder d;

	assert_null(ps_page_decoder_init(&d, L, NULL));
	ps_page_decode(&d, r->b, 3, 1000, p);
}

static void test_buddy_612(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	blank(&r);
	put32(&r, 0, 48, 0xf0u << 24);
	put64(&r, 0, 40, 3);	/* order in page->private */
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_buddy);
	assert_true(p.state & PS_PAGE_FREE);
	assert_int_equal(p.buddy_order, 3);
	assert_int_equal(p.mapcount, 0);
}

static void test_slab_and_table_612(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	blank(&r);
	put32(&r, 0, 48, 0xf5u << 24);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_slab);
	/* The low 24 bits are the owner's; the type is the top byte. */
	put32(&r, 0, 48, (0xf2u << 24) | 0x1234);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_table);
}

static void test_mapcount(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	blank(&r);
	put32(&r, 0, 48, 2);	/* _mapcount 2: three mappings */
	put64(&r, 0, 24, 0xffff888012345679ULL);	/* anon_vma | 1 */
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_none);
	assert_int_equal(p.mapcount, 3);
	assert_int_equal(p.mapping_kind, PS_MAPPING_ANON);
	put64(&r, 0, 24, 0xffff888012345678ULL);
	decode(&L, &r, &p);
	assert_int_equal(p.mapping_kind, PS_MAPPING_FILE);
	put64(&r, 0, 24, 0xffff88801234567bULL);
	decode(&L, &r, &p);
	assert_int_equal(p.mapping_kind, PS_MAPPING_KSM);
	put64(&r, 0, 24, 0xffff88801234567aULL);
	decode(&L, &r, &p);
	assert_int_equal(p.mapping_kind, PS_MAPPING_MOVABLE);
}

/* A PMD-mapped THP: the head's bit decides for the whole folio. */
static void test_thp_head_612(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page head, tail;
	struct ps_page_decoder d;

	(void)state;
	layout_612(&L);
	blank(&r);
	put64(&r, 0, 0, (1ULL << 6) | (1ULL << 11));	/* head, anon_excl */
	put64(&r, 0, 24, 0xffff888000001001ULL);
	put64(&r, 1, 8, 0xffffea0000001000ULL | 1);	/* compound_head */
	put64(&r, 1, 0, 1ULL << 16);			/* partially mapped */
	put32(&r, 1, 32, 512);				/* _folio_nr_pages */
	put32(&r, 1, 20, 0);				/* _entire_mapcount 0: 1 */
	decode(&L, &r, &head);
	assert_true(head.state & PS_PAGE_HEAD);
	assert_int_equal(head.order, 9);
	assert_true(head.state & PS_PAGE_PMD_MAPPED);
	assert_true(head.state & PS_PAGE_PARTIALLY_MAPPED);
	assert_true(head.state & PS_PAGE_ANON_EXCLUSIVE);
	assert_int_equal(head.ae_rule, PS_AE_HEAD_BIT);

	assert_null(ps_page_decoder_init(&d, &L, NULL));
	ps_page_decode(&d, r.b + PAGE, 0, 1001, &tail);
	assert_true(tail.state & PS_PAGE_TAIL);
	ps_page_inherit(&d, &tail, &head);
	assert_int_equal(tail.head_pfn, 1000);
	assert_true(tail.state & PS_PAGE_ANON_EXCLUSIVE);
	assert_int_equal(tail.order, 9);
	assert_int_equal(tail.mapping_kind, PS_MAPPING_ANON);
}

/* A PTE-mapped large folio: each subpage has its own bit. */
static void test_pte_mapped_subpages_612(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page head, tail;
	struct ps_page_decoder d;

	(void)state;
	layout_612(&L);
	blank(&r);
	put64(&r, 0, 0, 1ULL << 6);
	put64(&r, 0, 24, 0xffff888000001001ULL);
	put64(&r, 1, 8, 0xffffea0000001000ULL | 1);
	put32(&r, 1, 32, 16);
	put32(&r, 1, 20, 0xffffffff);	/* no entire mapping */
	put64(&r, 2, 8, 0xffffea0000001000ULL | 1);
	put64(&r, 2, 0, 1ULL << 11);	/* this subpage is exclusive */
	decode(&L, &r, &head);
	assert_false(head.state & PS_PAGE_PMD_MAPPED);
	assert_false(head.state & PS_PAGE_ANON_EXCLUSIVE);
	assert_int_equal(head.order, 4);
	assert_null(ps_page_decoder_init(&d, &L, NULL));
	ps_page_decode(&d, r.b + 2 * PAGE, 0, 1002, &tail);
	ps_page_inherit(&d, &tail, &head);
	assert_int_equal(tail.ae_rule, PS_AE_OWN_BIT);
	assert_true(tail.state & PS_PAGE_ANON_EXCLUSIVE);
}

static void test_anon_exclusive_bit_on_file_page(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	blank(&r);
	put64(&r, 0, 0, 1ULL << 11);	/* PG_owner_2: mappedtodisk here */
	put64(&r, 0, 24, 0xffff888000002000ULL);
	decode(&L, &r, &p);
	assert_int_equal(p.ae_rule, PS_AE_NOT_ANON);
	assert_false(p.state & PS_PAGE_ANON_EXCLUSIVE);
}

/* Before v5.19 no bit says an anon page is exclusive: no rule applies. */
static void test_anon_exclusive_absent(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	L.pg[PS_PG_anon_exclusive].present = false;
	blank(&r);
	put64(&r, 0, 0, 1ULL << 11);
	put64(&r, 0, 24, 0xffff888000002001ULL);	/* anon_vma + 1 */
	decode(&L, &r, &p);
	assert_int_equal(p.ae_rule, PS_AE_ABSENT);
	assert_false(p.state & PS_PAGE_ANON_EXCLUSIVE);
}

static void test_hwpoison(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_612(&L);
	blank(&r);
	put64(&r, 0, 0, 1ULL << 20);
	decode(&L, &r, &p);
	assert_true(p.state & PS_PAGE_HWPOISON);
	/* A kernel without CONFIG_MEMORY_FAILURE has no such bit. */
	layout_61(&L);
	decode(&L, &r, &p);
	assert_false(p.state & PS_PAGE_HWPOISON);
}

static void test_types_61(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_61(&L);
	blank(&r);
	put32(&r, 0, 48, ~0x80u);
	put64(&r, 0, 40, 10);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_buddy);
	assert_int_equal(p.buddy_order, 10);
	put32(&r, 0, 48, ~0x100u);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_offline);
	/* PG_table and PG_guard: #defines, the bits after PG_offline. */
	put32(&r, 0, 48, ~0x200u);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_table);
	put32(&r, 0, 48, ~0x400u);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_guard);
	/* With page->mem_cgroup (before v5.11) PG_kmemcg comes first. */
	L.page_mem_cgroup = (struct ps_lval){ .present = true, .value = 56, .size = 8 };
	put32(&r, 0, 48, ~0x200u);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_unknown);
	put32(&r, 0, 48, ~0x600u);	/* a page table charged to a memcg */
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_table);
	L.page_mem_cgroup.present = false;
	put32(&r, 0, 48, 0xffffffff);
	put64(&r, 0, 0, 1ULL << 9);
	decode(&L, &r, &p);
	assert_int_equal(p.type, PS_PT_slab);
}

static void test_head_61_hugetlb_and_order(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page p;

	(void)state;
	layout_61(&L);
	blank(&r);
	put64(&r, 0, 0, 1ULL << 16);
	put64(&r, 1, 8, 0xffffea0000001000ULL | 1);
	put32(&r, 1, 28, 512);		/* compound_nr == _folio_nr_pages */
	r.b[PAGE + 16] = 2;		/* compound_dtor: HUGETLB_PAGE_DTOR */
	put32(&r, 1, 20, 0);		/* compound_mapcount 0: one PMD */
	decode(&L, &r, &p);
	assert_int_equal(p.order, 9);
	assert_int_equal(p.type, PS_PT_hugetlb);
	assert_int_equal(p.entire_mapcount, 1);
}

/* 7.2: a THP's tails hold a mask of their own address, not a pointer. */
static void test_compound_info_72(void **state)
{
	struct ps_layout L;
	struct raw r;
	struct ps_page head;
	struct ps_page_decoder d;
	uint64_t head_addr = 0xffffea0000040000ULL;	/* 2 MiB folio, aligned */
	uint64_t mask = ~((1ULL << (9 + 6)) - 1);	/* order 9, 64-byte pages */

	(void)state;
	layout_72(&L);
	blank(&r);
	put64(&r, 0, 0, 1ULL << 6);			/* PG_head */
	put64(&r, 0, 32, 0x1234);			/* __folio_index */
	put64(&r, 1, 8, mask | 1);			/* compound_info */
	put32(&r, 1, 56, 512);				/* _nr_pages */
	decode(&L, &r, &head);
	assert_true(head.state & PS_PAGE_HEAD);
	assert_int_equal(head.order, 9);
	assert_int_equal(head.index, 0x1234);
	assert_null(ps_page_decoder_init(&d, &L, NULL));
	assert_true(d.head_by_mask);
	assert_int_equal(ps_page_head_addr(&d, head_addr + 300 * PAGE, mask | 1),
			 head_addr);
	/* Without data symbols in kallsyms, HVO's code still tells. */
	L.sym_vmemmap_optimize_enabled.present = false;
	L.sym_hugetlb_vmemmap_optimize_folio = number(0x2000);
	assert_null(ps_page_decoder_init(&d, &L, NULL));
	assert_true(d.head_by_mask);
	/* Without HVO the same member holds head | 1, as compound_head did. */
	L.sym_hugetlb_vmemmap_optimize_folio.present = false;
	assert_null(ps_page_decoder_init(&d, &L, NULL));
	assert_false(d.head_by_mask);
	assert_int_equal(ps_page_head_addr(&d, head_addr + 300 * PAGE, head_addr | 1),
			 head_addr);
	/* No index at all: the page still decodes, index unknown (0). */
	L.page_folio_index.present = false;
	decode(&L, &r, &head);
	assert_int_equal(head.index, 0);
}

static void test_decoder_refuses_incomplete_layout(void **state)
{
	struct ps_layout L;
	struct ps_page_decoder d;
	struct ps_error *err;

	(void)state;
	layout_612(&L);
	L.page_compound_head.present = false;
	err = ps_page_decoder_init(&d, &L, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	/* The error names the feature and both members that would do. */
	assert_non_null(strstr(err->message, "compound pages"));
	assert_non_null(strstr(err->message, "struct page.compound_head or member struct page.compound_info"));
	ps_error_destroy(err);
	/* Neither enum pagetype nor VMCOREINFO: free pages are unknowable. */
	layout_61(&L);
	L.buddy_mapcount_value.present = false;
	err = ps_page_decoder_init(&d, &L, NULL);
	assert_non_null(err);
	ps_error_destroy(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buddy_612),
		cmocka_unit_test(test_slab_and_table_612),
		cmocka_unit_test(test_mapcount),
		cmocka_unit_test(test_thp_head_612),
		cmocka_unit_test(test_pte_mapped_subpages_612),
		cmocka_unit_test(test_anon_exclusive_bit_on_file_page),
		cmocka_unit_test(test_anon_exclusive_absent),
		cmocka_unit_test(test_hwpoison),
		cmocka_unit_test(test_types_61),
		cmocka_unit_test(test_head_61_hugetlb_and_order),
		cmocka_unit_test(test_compound_info_72),
		cmocka_unit_test(test_decoder_refuses_incomplete_layout),
	};

	return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
