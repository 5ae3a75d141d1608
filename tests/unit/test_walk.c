// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The struct page walk over a hand-made memory map: free blocks, folios
 * whose tails inherit from their head, and struct pages missing from a
 * filtered dump, which are counted while the walk goes on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/memmodel.h"
#include "walk/page_walk.h"
#include "analysis/pagestats.h"

enum { NR_PAGES = 4096, PAGE = 64 };
static const uint64_t MEMMAP = 0xffff888000010000ULL;
/* One 4 KiB page of the memory map: 64 struct pages, pfns 1024..1087. */
static const uint64_t EXCLUDED = 0xffff888000010000ULL + 1024 * 64;

static struct ps_error *excluding_read(void *priv, enum ps_addr_space space,
				       uint64_t addr, void *buf, size_t len,
				       size_t *done_ret)
{
	if (addr < EXCLUDED + 4096 && addr + len > EXCLUDED) {
		*done_ret = addr < EXCLUDED ? EXCLUDED - addr : 0;
		return ps_error_at(PS_ERR_EXCLUDED, EXCLUDED,
				   "page excluded from the dump");
	}
	return fake_read(priv, space, addr, buf, len, done_ret);
}

static const struct ps_mem_ops excluding_ops = {
	.name = "fake, filtered",
	.read = excluding_read,
	.vmcoreinfo = fake_vmcoreinfo,
	.destroy = fake_destroy,
};

static struct ps_lval lv(int64_t v, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = v, .size = size };
}

static void layout(struct ps_layout *L)
{
	L->page_size = lv(PAGE, 0);
	L->page_flags = lv(0, 8);
	L->page_compound_head = lv(8, 8);
	L->page_mapping = lv(24, 8);
	L->page_index = lv(32, 8);
	L->page_private = lv(40, 8);
	L->page_page_type = lv(48, 4);
	L->page_refcount = lv(52, 4);
	L->folio_nr_pages = lv(96, 4);
	L->folio_entire_mapcount = lv(84, 4);
	L->pg[PS_PG_head] = lv(6, 0);
	L->pg[PS_PG_lru] = lv(5, 0);
	L->pg[PS_PG_hwpoison] = lv(20, 0);
	L->pgty_buddy = lv(0xf0, 0);
}

static struct ps_memmodel *model(void)
{
	struct ps_memmodel *m = calloc(1, sizeof(*m));

	m->page_shift = 12;
	m->section_shift = 12;
	m->pages_per_section = NR_PAGES;
	m->pageblock_order = 9;
	m->pud_order = 18;
	m->max_pfn = NR_PAGES;
	m->nr_nodes = 1;
	m->nodes = calloc(1, sizeof(*m->nodes));
	m->nodes[0].nr_zones = 1;
	m->nr_zones = 1;
	m->zones = calloc(1, sizeof(*m->zones));
	m->zones[0] = (struct ps_zone){ .name = "Normal", .spanned = NR_PAGES,
					 .present = NR_PAGES };
	m->nr_sections = 1;
	m->sections = calloc(1, sizeof(*m->sections));
	m->sections[0] = (struct ps_section){ .memmap = MEMMAP, .online = true };
	return m;
}

static void page(struct ps_target *t, uint64_t pfn, uint64_t flags,
		 uint64_t compound_head, uint32_t page_type, uint64_t private)
{
	uint64_t a = MEMMAP + pfn * PAGE;

	fake_put64(t, a, flags);
	fake_put64(t, a + 8, compound_head);
	fake_put64(t, a + 40, private);
	fake_put32(t, a + 48, page_type);
}

/* A folio of @order at @pfn: its head, and tails pointing at it. */
static void folio(struct ps_target *t, uint64_t pfn, unsigned order)
{
	page(t, pfn, 1 << 6, 0, 0xffffffff, 0);
	fake_put32(t, MEMMAP + (pfn + 1) * PAGE + 32, 1u << order);
	for (uint64_t tail = pfn + 1; tail < pfn + (1u << order); tail++)
		page(t, tail, 0, (MEMMAP + pfn * PAGE) | 1, 0xffffffff, 0);
}

static void free_model(void *m)
{
	ps_memmodel_destroy(m);
}

static struct ps_target *target(void)
{
	struct ps_target *t = fake_target();

	t->mem.ops = &excluding_ops;
	layout(&t->layout);
	ps_target_slot_set(t, PS_SLOT_MEMMODEL, model(), free_model);
	for (uint64_t pfn = 0; pfn < NR_PAGES; pfn++)
		page(t, pfn, 0, 0, 0xffffffff, 0);
	/* A free block of order 3 at pfn 8. */
	page(t, 8, 0, 0, 0xf0u << 24, 3);
	/* An LRU THP of order 9 at pfn 512: 511 tails point at its head. */
	page(t, 512, (1 << 6) | (1 << 5), 0, 0xffffffff, 0);
	fake_put32(t, MEMMAP + 513 * PAGE + 32, 512);
	for (uint64_t pfn = 513; pfn < 1024; pfn++)
		page(t, pfn, 0, (MEMMAP + 512 * PAGE) | 1, 0xffffffff, 0);
	/* A poisoned page. */
	page(t, 100, 1 << 20, 0, 0xffffffff, 0);
	/* The second chunk, nothing missing: decoded in one run. */
	page(t, 2064, 0, 0, 0xf0u << 24, 4);
	folio(t, 3000, 2);
	return t;
}

static void test_walk_counts_and_goes_on(void **state)
{
	struct ps_target *t = target();
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr, seen = 0;
	struct ps_pagestats s;
	struct ps_error *err;

	(void)state;
	assert_null(ps_page_iter_init(&it, t, 0, UINT64_MAX));
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		for (size_t i = 0; i < nr; i++) {
			const struct ps_page *p = &pages[i];

			assert_int_equal(p->pfn, seen + i);
			if (p->pfn >= 1024 && p->pfn < 1088)
				assert_true(p->state & PS_PAGE_UNREADABLE);
			if (p->pfn >= 8 && p->pfn < 16)
				assert_true(p->state & PS_PAGE_FREE);
			if (p->pfn == 700) {
				assert_true(p->state & PS_PAGE_TAIL);
				assert_int_equal(p->head_pfn, 512);
				assert_int_equal(p->order, 9);
				/* The head's LRU flag, as PageLRU(tail) says. */
				assert_true(p->eflags & (1 << 5));
			}
		}
		seen += nr;
	}
	assert_ptr_equal(err, &ps_stop);
	assert_int_equal(seen, NR_PAGES);
	assert_int_equal(it.nr_unreadable, 64);
	ps_page_iter_deinit(&it);

	setenv("PAGESCOPE_THREADS", "1", 1);
	assert_null(ps_pagestats_collect(t, &s));
	assert_int_equal(s.pages, NR_PAGES);
	assert_int_equal(s.unreadable, 64);
	assert_int_equal(s.free, 8 + 16);
	assert_int_equal(s.heads, 2);
	assert_int_equal(s.tails, 511 + 3);
	assert_int_equal(s.nr_hwpoison, 1);
	assert_int_equal(s.hwpoison_pfns[0], 100);
	assert_int_equal(s.flag_bit[5], 512);
	ps_pagestats_deinit(&s);
	ps_target_destroy(t);
}

/* The pages of [@start, @end) as the walk gives them, into @ret. */
static void walk_range(struct ps_target *t, uint64_t start, uint64_t end,
		       struct ps_page *ret)
{
	struct ps_page_iter it;
	const struct ps_page *pages;
	size_t nr, seen = 0;
	struct ps_error *err;

	assert_null(ps_page_iter_init(&it, t, start, end));
	while (!(err = ps_page_iter_next(&it, &pages, &nr))) {
		memcpy(ret + seen, pages, nr * sizeof(*pages));
		seen += nr;
	}
	assert_ptr_equal(err, &ps_stop);
	assert_int_equal(seen, end - start);
	assert_int_equal(it.nr_unreadable, 0);
	ps_page_iter_deinit(&it);
}

/*
 * A chunk decoded in one run marks free blocks and completes folios as
 * page by page would: a block the walk starts inside, a head among the
 * last two pages of a batch (its order read past the batch's end).
 */
static void test_run_free_blocks_and_folios(void **state)
{
	struct ps_target *t = target();
	static struct ps_page p[NR_PAGES];

	(void)state;
	walk_range(t, 2070, 3002, p);
	for (uint64_t pfn = 2070; pfn < 2080; pfn++) {
		assert_true(p[pfn - 2070].state & PS_PAGE_FREE);
		assert_int_equal(p[pfn - 2070].buddy_order, 4);
	}
	assert_false(p[2080 - 2070].state & PS_PAGE_FREE);
	assert_true(p[3000 - 2070].state & PS_PAGE_HEAD);
	assert_int_equal(p[3000 - 2070].order, 2);
	assert_true(p[3001 - 2070].state & PS_PAGE_TAIL);
	assert_int_equal(p[3001 - 2070].head_pfn, 3000);
	assert_int_equal(p[3001 - 2070].order, 2);

	walk_range(t, 2048, NR_PAGES, p);
	assert_true(p[2064 - 2048].type == PS_PT_buddy);
	assert_true(p[2064 - 2048].state & PS_PAGE_FREE);
	assert_true(p[2079 - 2048].state & PS_PAGE_FREE);
	assert_false(p[2063 - 2048].state & PS_PAGE_FREE);
	assert_int_equal(p[3003 - 2048].head_pfn, 3000);
	assert_int_equal(p[3003 - 2048].order, 2);
	assert_false(p[3004 - 2048].state & (PS_PAGE_TAIL | PS_PAGE_HEAD));
	ps_target_destroy(t);
}

static void test_single_page_reads(void **state)
{
	struct ps_target *t = target();
	struct ps_page p;
	struct ps_error *err;

	(void)state;
	/* Inside the free block, though only its first page is PageBuddy. */
	assert_null(ps_page_read(t, 13, &p));
	assert_true(p.state & PS_PAGE_FREE);
	assert_int_equal(p.buddy_order, 3);
	assert_null(ps_page_read(t, 900, &p));
	assert_int_equal(p.head_pfn, 512);
	/* A struct page the dump does not hold is said so, with its pfn. */
	err = ps_page_read(t, 1030, &p);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_EXCLUDED);
	assert_non_null(strstr(err->message, "pfn 1030"));
	ps_error_destroy(err);
	err = ps_page_read(t, NR_PAGES + 5, &p);
	assert_non_null(err);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_counts_and_goes_on),
		cmocka_unit_test(test_run_free_blocks_and_folios),
		cmocka_unit_test(test_single_page_reads),
	};

	return cmocka_run_group_tests_name("walk", tests, NULL, NULL);
}
