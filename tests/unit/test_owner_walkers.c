// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owner walkers whose structures the test dumps do not hold (their
 * kernels are built without CMA and have no network page pools): each
 * over hand-made kernel objects, with a layout of its own, whole and
 * damaged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "walk/cma.h"
#include "kernel/memmodel.h"
#include "walk/memblock.h"
#include "walk/owners.h"

static uint64_t at(uint64_t off)
{
	return FAKE_BASE + off;
}

static void put_string(struct ps_target *t, uint64_t addr, const char *s)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), s, strlen(s) + 1);
}

/* ------------------------------------------------------------------ */
/* CMA areas                                                          */
/* ------------------------------------------------------------------ */

/* struct cma { base_pfn @0; count @8; name[64] @16 }, 96 bytes; 4 slots. */
enum { CMA_AREAS = 0x1000, CMA_COUNT = 0x2000, CMA_SIZE = 96, MAX_PFN = 0x100000 };

static void cma_layout(struct ps_layout *L)
{
	L->sym_cma_areas = fake_lval((int64_t)at(CMA_AREAS), 0);
	L->sym_cma_area_count = fake_lval((int64_t)at(CMA_COUNT), 0);
	L->var_cma_areas = fake_array(0, 4, CMA_SIZE);
	L->cma_size = fake_lval(CMA_SIZE, 0);
	L->cma_base_pfn = fake_lval(0, 8);
	L->cma_count = fake_lval(8, 8);
	L->cma_name = fake_array(16, 64, 1);
}

static void cma_area(struct ps_target *t, unsigned i, uint64_t base,
		     uint64_t count, const char *name)
{
	uint64_t a = at(CMA_AREAS) + i * CMA_SIZE;

	fake_put64(t, a, base);
	fake_put64(t, a + 8, count);
	put_string(t, a + 16, name);
}

static void test_cma_areas_single_range(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_cma_areas a;

	(void)state;
	cma_layout(&t->layout);
	cma_area(t, 0, 0x40000, 0x8000, "reserved");
	cma_area(t, 1, 0x80000, 0x1000, "hugetlb0");
	cma_area(t, 2, 0x90000, 0x1000, "not counted");
	fake_put32(t, at(CMA_COUNT), 2);
	assert_null(ps_cma_areas_read(t, MAX_PFN, &a));
	assert_int_equal(a.nr, 2);
	assert_string_equal(a.v[0].name, "reserved");
	assert_int_equal(a.v[1].start_pfn, 0x80000);
	assert_int_equal(a.v[1].nr_pages, 0x1000);
	assert_null(ps_cma_area_find(&a, 0x3ffff));
	assert_string_equal(ps_cma_area_find(&a, 0x40000)->name, "reserved");
	assert_string_equal(ps_cma_area_find(&a, 0x47fff)->name, "reserved");
	assert_null(ps_cma_area_find(&a, 0x48000));
	assert_string_equal(ps_cma_area_find(&a, 0x80fff)->name, "hugetlb0");
	assert_null(ps_cma_area_find(&a, 0x90000));
	free(a.v);
	ps_target_destroy(t);
}

/* v6.15+: struct cma { name @16; nranges @80; ranges[8] @88 of {base, count} }. */
static void test_cma_areas_multi_range(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_layout *L = &t->layout;
	struct ps_cma_areas a;
	uint64_t c = at(CMA_AREAS);

	(void)state;
	cma_layout(L);
	L->cma_size = fake_lval(256, 0);
	L->cma_base_pfn.present = L->cma_count.present = false;
	L->cma_nranges = fake_lval(80, 4);
	L->cma_ranges = fake_array(88, 8, 16);
	L->cma_memrange_base_pfn = fake_lval(0, 8);
	L->cma_memrange_count = fake_lval(8, 8);
	put_string(t, c + 16, "numa");
	fake_put32(t, c + 80, 2);
	fake_put64(t, c + 88, 0x1000);
	fake_put64(t, c + 96, 0x200);
	fake_put64(t, c + 104, 0x9000);
	fake_put64(t, c + 112, 0x400);
	fake_put32(t, at(CMA_COUNT), 1);
	assert_null(ps_cma_areas_read(t, MAX_PFN, &a));
	assert_int_equal(a.nr, 2);
	assert_string_equal(ps_cma_area_find(&a, 0x11ff)->name, "numa");
	assert_null(ps_cma_area_find(&a, 0x1200));
	assert_string_equal(ps_cma_area_find(&a, 0x93ff)->name, "numa");
	free(a.v);

	/* More ranges than the array holds: damage, named. */
	fake_put32(t, c + 80, 9);
	struct ps_error *err = ps_cma_areas_read(t, MAX_PFN, &a);
	assert_true(ps_error_is(err, PS_ERR_CORRUPT));
	assert_non_null(strstr(err->message, "nranges 9 of 8"));
	assert_int_equal(a.nr, 0);
	ps_error_destroy(err);
	ps_target_destroy(t);
}

static void test_cma_areas_damaged(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_cma_areas a;
	struct ps_error *err;

	(void)state;
	cma_layout(&t->layout);
	cma_area(t, 0, 0x40000, 0x8000, "reserved");
	/* A count past cma_areas[]: not trusted. */
	fake_put32(t, at(CMA_COUNT), 5);
	err = ps_cma_areas_read(t, MAX_PFN, &a);
	assert_true(ps_error_is(err, PS_ERR_CORRUPT));
	assert_non_null(strstr(err->message, "cma_area_count 5"));
	ps_error_destroy(err);
	/* A range beyond memory. */
	fake_put32(t, at(CMA_COUNT), 1);
	cma_area(t, 0, MAX_PFN - 1, 2, "big\x01");
	err = ps_cma_areas_read(t, MAX_PFN, &a);
	assert_true(ps_error_is(err, PS_ERR_CORRUPT));
	assert_non_null(strstr(err->message, "big?"));
	ps_error_destroy(err);
	/* No cma_areas: no CMA, not an error; a struct cma without name: one. */
	t->layout.sym_cma_areas.present = false;
	assert_null(ps_cma_areas_read(t, MAX_PFN, &a));
	assert_int_equal(a.nr, 0);
	cma_layout(&t->layout);
	t->layout.cma_name.present = false;
	err = ps_cma_areas_read(t, MAX_PFN, &a);
	assert_true(ps_error_is(err, PS_ERR_NO_TYPE));
	ps_error_destroy(err);
	ps_target_destroy(t);
}

/* ------------------------------------------------------------------ */
/* memblock.reserved                                                  */
/* ------------------------------------------------------------------ */

/* struct memblock { reserved @16 { cnt @0; regions @24 } }; regions of 24. */
enum { MEMBLOCK = 0x3000, INIT_REGIONS = 0x3100, OTHER_REGIONS = 0x3800,
       INIT_BEGIN = 0x8000, INIT_END = 0x9000 };

static void memblock_layout(struct ps_layout *L)
{
	L->sym_memblock = fake_lval((int64_t)at(MEMBLOCK), 0);
	L->sym_memblock_discard = fake_lval((int64_t)at(0x100), 0);
	L->sym_memblock_reserved_init_regions = fake_lval((int64_t)at(INIT_REGIONS), 0);
	L->sym_init_begin = fake_lval((int64_t)at(INIT_BEGIN), 0);
	L->sym_init_end = fake_lval((int64_t)at(INIT_END), 0);
	L->memblock_reserved = fake_lval(16, 40);
	L->memblock_type_cnt = fake_lval(0, 8);
	L->memblock_type_regions = fake_lval(24, 8);
	L->memblock_region_size = fake_lval(24, 0);
	L->memblock_region_base = fake_lval(0, 8);
	L->memblock_region_rsize = fake_lval(8, 8);
}

static void memblock_regions(struct ps_target *t, uint64_t regions, uint64_t cnt)
{
	fake_put64(t, at(MEMBLOCK) + 16, cnt);
	fake_put64(t, at(MEMBLOCK) + 16 + 24, regions);
	/* [0x1000, 0x3000) and [0x100000, 0x100800): pfns 1-2 and 0x100 */
	fake_put64(t, regions, 0x1000);
	fake_put64(t, regions + 8, 0x2000);
	fake_put64(t, regions + 24, 0x100000);
	fake_put64(t, regions + 32, 0x800);
}

static void test_memblock_kept(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_memblock_reserved r;

	(void)state;
	memblock_layout(&t->layout);
	memblock_regions(t, at(INIT_REGIONS), 2);
	/* memblock_discard() leaves the static array alone. */
	assert_null(ps_memblock_reserved_read(t, 4096, MAX_PFN, &r));
	assert_int_equal(r.nr, 2);
	assert_false(ps_memblock_reserved_has(&r, 0));
	assert_true(ps_memblock_reserved_has(&r, 1));
	assert_true(ps_memblock_reserved_has(&r, 2));
	assert_false(ps_memblock_reserved_has(&r, 3));
	assert_true(ps_memblock_reserved_has(&r, 0x100));
	assert_false(ps_memblock_reserved_has(&r, 0x101));
	free(r.v);
	/* With CONFIG_ARCH_KEEP_MEMBLOCK any array is valid. */
	memblock_regions(t, at(OTHER_REGIONS), 2);
	t->layout.sym_memblock_discard.present = false;
	assert_null(ps_memblock_reserved_read(t, 4096, MAX_PFN, &r));
	assert_int_equal(r.nr, 2);
	free(r.v);
	ps_target_destroy(t);
}

static void expect_memblock_error(struct ps_target *t, enum ps_error_code code,
				  const char *what)
{
	struct ps_memblock_reserved r;
	struct ps_error *err = ps_memblock_reserved_read(t, 4096, MAX_PFN, &r);

	assert_true(ps_error_is(err, code));
	assert_non_null(strstr(err->message, what));
	assert_int_equal(r.nr, 0);
	ps_error_destroy(err);
}

static void test_memblock_not_kept_or_damaged(void **state)
{
	struct ps_target *t = fake_target();

	(void)state;
	memblock_layout(&t->layout);
	/* Resized at boot, so freed by memblock_discard(). */
	memblock_regions(t, at(OTHER_REGIONS), 2);
	expect_memblock_error(t, PS_ERR_UNSUPPORTED, "freed after boot by memblock_discard()");
	/* memblock itself in init data. */
	t->layout.sym_memblock = fake_lval((int64_t)at(INIT_BEGIN + 0x10), 0);
	expect_memblock_error(t, PS_ERR_UNSUPPORTED, "init data");
	memblock_layout(&t->layout);
	/* Garbage: a huge count, a region beyond memory, regions out of order. */
	memblock_regions(t, at(INIT_REGIONS), 1ULL << 40);
	expect_memblock_error(t, PS_ERR_CORRUPT, "not a region count");
	memblock_regions(t, at(INIT_REGIONS), 2);
	fake_put64(t, at(INIT_REGIONS) + 24, (uint64_t)MAX_PFN * 4096);
	expect_memblock_error(t, PS_ERR_CORRUPT, "beyond memory");
	fake_put64(t, at(INIT_REGIONS) + 24, 0);
	expect_memblock_error(t, PS_ERR_CORRUPT, "below the region before");
	t->layout.memblock_region_rsize.present = false;
	expect_memblock_error(t, PS_ERR_NO_TYPE, "memblock_region");
	ps_target_destroy(t);
}

/* ------------------------------------------------------------------ */
/* page_pool pages                                                    */
/* ------------------------------------------------------------------ */

/*
 * A memory map of 64-byte struct pages at MEMMAP: pp_magic @8, pp @16.
 * struct page_pool: p.order @0, p.pool_size @4, p.nid @8, slow.netdev
 * @64; struct net_device: name @0.
 */
enum { MEMMAP = 0x10000, POOL = 0x40000, POOL2 = 0x40200, NETDEV = 0x41000,
       LIST = 0x42000, PP_PAGES = 64 };
/* What the kernel's PP_SIGNATURE looks like: not an address. */
static const uint64_t SIGNATURE = 0xdead000000000040ULL;

static struct ps_owners *pp_owners(struct ps_target *t)
{
	struct ps_owners *o = calloc(1, sizeof(*o));
	struct ps_memmodel *m = calloc(1, sizeof(*m));
	struct ps_layout *L = &t->layout;

	m->page_shift = 12;
	m->section_shift = 12;
	m->pages_per_section = PP_PAGES;
	m->max_pfn = PP_PAGES;
	m->nr_nodes = 1;
	m->nodes = calloc(1, sizeof(*m->nodes));
	m->nr_sections = 1;
	m->sections = calloc(1, sizeof(*m->sections));
	m->sections[0] = (struct ps_section){ .memmap = at(MEMMAP), .online = true };
	ps_target_slot_set(t, PS_SLOT_MEMMODEL, m, (void (*)(void *))ps_memmodel_destroy);
	o->t = t;
	o->dec.model = m;
	o->dec.page_size = 64;
	ps_owner_table_init(&o->table);
	ps_owner_table_init(&o->pools);
	L->page_pp_magic = fake_lval(8, 8);
	L->page_pp = fake_lval(16, 8);
	L->page_pool_order = fake_lval(0, 4);
	L->page_pool_pool_size = fake_lval(4, 4);
	L->page_pool_nid = fake_lval(8, 4);
	L->page_pool_netdev = fake_lval(64, 8);
	L->net_device_name = fake_array(0, 16, 1);
	return o;
}

static void pp_page(struct ps_target *t, uint64_t pfn, uint64_t magic, uint64_t pool)
{
	fake_put64(t, at(MEMMAP) + pfn * 64 + 8, magic);
	fake_put64(t, at(MEMMAP) + pfn * 64 + 16, pool);
}

static void pp_pool(struct ps_target *t, uint64_t pool, uint32_t order, uint32_t size,
		    int32_t nid, uint64_t netdev)
{
	fake_put32(t, at(pool), order);
	fake_put32(t, at(pool) + 4, size);
	fake_put32(t, at(pool) + 8, (uint32_t)nid);
	fake_put64(t, at(pool) + 64, netdev);
}

/* The owner name of page @p pfn of folio order @p order, or NULL. */
static const char *pp_owner(struct ps_owners *o, uint64_t pfn, unsigned order)
{
	struct ps_page p = { .pfn = pfn, .head_pfn = pfn, .order = order, .refcount = 1 };
	bool found;
	uint32_t id;

	assert_null(ps_owners_page_pool(o, &p, &found, &id));
	if (!found)
		return NULL;
	assert_int_equal(o->table.entries[id].kind, PS_POWN_page_pool);
	return o->table.entries[id].name;
}

static void test_page_pool_by_its_pool(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = pp_owners(t);

	(void)state;
	pp_pool(t, POOL, 0, 32, -1, at(NETDEV));
	put_string(t, at(NETDEV), "eth0");
	pp_pool(t, POOL2, 2, 16, 0, 0);
	pp_page(t, 1, SIGNATURE, at(POOL));
	pp_page(t, 2, SIGNATURE | 2, at(POOL2));
	assert_string_equal(pp_owner(o, 1, 0), "eth0");
	/* No net device: the pool's address. */
	assert_non_null(strstr(pp_owner(o, 2, 2), "pool 0xffff8880000402"));
	/* The same pool for a page of another order: not its page. */
	pp_page(t, 3, SIGNATURE, at(POOL2));
	assert_null(pp_owner(o, 3, 0));
	assert_non_null(pp_owner(o, 3, 2));
	/* A list link in pp_magic (readable): the page is on a list. */
	pp_page(t, 4, at(LIST), at(POOL));
	assert_null(pp_owner(o, 4, 0));
	/* pp leading nowhere, to no node, or to a pool bigger than memory. */
	pp_page(t, 5, SIGNATURE, 0xdead000000000100ULL);
	assert_null(pp_owner(o, 5, 0));
	pp_pool(t, 0x43000, 0, 16, 7, 0);
	pp_page(t, 6, SIGNATURE, at(0x43000));
	assert_null(pp_owner(o, 6, 0));
	pp_pool(t, 0x44000, 0, PP_PAGES + 1, 0, 0);
	pp_page(t, 7, SIGNATURE, at(0x44000));
	assert_null(pp_owner(o, 7, 0));
	/* Zeroed words: no pool. */
	assert_null(pp_owner(o, 8, 0));
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

/* ------------------------------------------------------------------ */
/* Balloon pages                                                      */
/* ------------------------------------------------------------------ */

static const char *kind_name(struct ps_owners *o, const struct ps_page *p)
{
	uint32_t id;

	assert_null(ps_owners_classify(o, p, NULL, &id));
	return ps_page_owner_kind_names[o->table.entries[id].kind];
}

static void test_balloon_by_its_mapping(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = pp_owners(t);
	const uint64_t mops = 0xffffffff82044d40ULL, other = 0xffffffff82000000ULL;
	struct ps_page p = { .pfn = 9, .head_pfn = 9, .refcount = 1,
			     .type = PS_PT_offline, .mapping_kind = PS_MAPPING_MOVABLE };

	(void)state;
	o->balloon_mops = mops;
	p.mapping = mops | 2;
	assert_string_equal(kind_name(o, &p), "balloon");
	/* Offline for another reason (memory hotplug, virtio-mem). */
	p.mapping = other | 2;
	assert_string_equal(kind_name(o, &p), "offline");
	p.mapping = 0;
	p.mapping_kind = PS_MAPPING_NONE;
	assert_string_equal(kind_name(o, &p), "offline");
	/* PageOffline no debug info names: the movable ops still tell. */
	p.type = PS_PT_none;
	p.mapping = mops | 2;
	p.mapping_kind = PS_MAPPING_MOVABLE;
	assert_string_equal(kind_name(o, &p), "balloon");
	p.mapping = other | 2;
	assert_string_equal(kind_name(o, &p), "movable_ops");

	/* Before v5.19: the balloon inode's address_space has balloon_aops. */
	o->balloon_mops = 0;
	o->balloon_aops = 0xffffffff81e38a60ULL;
	t->layout.mapping_a_ops = fake_lval(8, 8);
	fake_put64(t, at(0x50000) + 8, o->balloon_aops);
	fake_put64(t, at(0x50100) + 8, other);
	p = (struct ps_page){ .pfn = 10, .head_pfn = 10, .refcount = 1, .type = PS_PT_offline,
			      .mapping_kind = PS_MAPPING_FILE, .mapping = at(0x50000) };
	assert_string_equal(kind_name(o, &p), "balloon");
	p.mapping = at(0x50100);
	assert_string_equal(kind_name(o, &p), "offline");
	/* An unreadable mapping: not a balloon's, and no failure. */
	p.mapping = 0xffff000000000000ULL;
	assert_string_equal(kind_name(o, &p), "offline");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_areas_single_range),
		cmocka_unit_test(test_cma_areas_multi_range),
		cmocka_unit_test(test_cma_areas_damaged),
		cmocka_unit_test(test_memblock_kept),
		cmocka_unit_test(test_memblock_not_kept_or_damaged),
		cmocka_unit_test(test_page_pool_by_its_pool),
		cmocka_unit_test(test_balloon_by_its_mapping),
	};

	return cmocka_run_group_tests_name("owner walkers", tests, NULL, NULL);
}
