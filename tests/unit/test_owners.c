// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner pass over hand-made kernel objects: the owner table interns
 * each owner once, pfn maps find ranges, and a kmem_cache, an anon_vma
 * chain to a task, and an address_space to a dentry path are named; a
 * page goes to the first kind that claims it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "walk/owners.h"

static void put_string(struct ps_target *t, uint64_t addr, const char *s)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), s, strlen(s) + 1);
}

/* Owners over a fake target, without the maps a real one reads first. */
static struct ps_owners *owners(struct ps_target *t)
{
	struct ps_owners *o = calloc(1, sizeof(*o));

	o->t = t;
	ps_owner_table_init(&o->table);
	return o;
}

static const struct ps_owner_entry *entry_of(struct ps_owners *o, uint32_t id)
{
	assert_true(id < o->table.nr);
	return ps_owners_entry(o, id);
}

/* ------------------------------------------------------------------ */
/* The table and the maps                                             */
/* ------------------------------------------------------------------ */

static void test_table_interns_once(void **state)
{
	struct ps_owner_table tbl;
	uint32_t a, b, c, id;
	char name[32];

	(void)state;
	ps_owner_table_init(&tbl);
	assert_null(ps_owner_table_intern(&tbl, PS_POWN_slab, PS_OWNER_MOV_unmovable, "dentry", &a));
	assert_null(ps_owner_table_intern(&tbl, PS_POWN_slab, PS_OWNER_MOV_unmovable, "dentry", &b));
	assert_null(ps_owner_table_intern(&tbl, PS_POWN_vmalloc, PS_OWNER_MOV_unmovable, "dentry", &c));
	assert_int_equal(a, b);
	assert_int_not_equal(a, c);
	/* Past the first sizes of both indexes, every id still found. */
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "cache-%d", i);
		assert_null(ps_owner_table_intern(&tbl, PS_POWN_slab, PS_OWNER_MOV_unmovable, name, &id));
		assert_int_equal(id, (uint32_t)i + 2);
		assert_null(ps_owner_table_ptr_add(&tbl, 0x1000 + 64 * (uint64_t)i, id));
	}
	assert_null(ps_owner_table_intern(&tbl, PS_POWN_slab, PS_OWNER_MOV_unmovable, "cache-4321", &id));
	assert_int_equal(id, 4323);
	assert_true(ps_owner_table_ptr_find(&tbl, 0x1000 + 64 * 4321, &id));
	assert_int_equal(id, 4323);
	assert_false(ps_owner_table_ptr_find(&tbl, 0x1001, &id));
	assert_int_equal(tbl.nr, 5002);
	ps_owner_table_deinit(&tbl);
}

/* A name read from a dump is kept printable: \xNN for what is not. */
static void test_table_names_printable(void **state)
{
	struct ps_owner_table tbl;
	uint32_t id;

	(void)state;
	ps_owner_table_init(&tbl);
	assert_null(ps_owner_table_intern(&tbl, PS_POWN_slab, PS_OWNER_MOV_unmovable,
					  "S\xff\rx", &id));
	assert_string_equal(tbl.entries[id].name, "S\\xff\\x0dx");
	ps_owner_table_deinit(&tbl);
}

static void test_pfn_map_ranges(void **state)
{
	struct ps_pfn_map map = { 0 };
	uint32_t id;

	(void)state;
	assert_false(ps_pfn_map_find(&map, 0, &id));
	assert_null(ps_pfn_map_add(&map, 100, 8, 7));
	assert_null(ps_pfn_map_add(&map, 10, 1, 5));
	assert_null(ps_pfn_map_add(&map, 512, 512, 9));
	ps_pfn_map_sort(&map);
	assert_false(ps_pfn_map_find(&map, 9, &id));
	assert_true(ps_pfn_map_find(&map, 10, &id));
	assert_int_equal(id, 5);
	assert_false(ps_pfn_map_find(&map, 11, &id));
	assert_true(ps_pfn_map_find(&map, 107, &id));
	assert_int_equal(id, 7);
	assert_false(ps_pfn_map_find(&map, 108, &id));
	assert_true(ps_pfn_map_find(&map, 1023, &id));
	assert_int_equal(id, 9);
	assert_false(ps_pfn_map_find(&map, 1024, &id));
	free(map.v);
}

/* ------------------------------------------------------------------ */
/* Naming kernel objects                                              */
/* ------------------------------------------------------------------ */

enum {
	CACHE = 0x1000, CACHE_NAME = 0x1100,
	ANON_VMA = 0x2000, AVC = 0x2100, VMA = 0x2200, MM = 0x2300, TASK = 0x3000,
	LONELY_ANON_VMA = 0x2800,
	MAPPING = 0x4000, INODE = 0x4100, SB = 0x4400, DENTRY = 0x4600,
	ROOT = 0x4800, DNAME = 0x4a00, DISK = 0x5000,
};

static uint64_t at(uint64_t off)
{
	return FAKE_BASE + off;
}

static void slab_layout(struct ps_layout *L)
{
	L->kmem_cache_name = fake_lval(96, 8);
	L->kmem_cache_flags = fake_lval(8, 8);
	L->slab_reclaim_account_bit = fake_lval(17, 0);
}

static void test_slab_cache_named(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = owners(t);
	uint32_t id, again;

	(void)state;
	slab_layout(&t->layout);
	fake_put64(t, at(CACHE) + 96, at(CACHE_NAME));
	fake_put64(t, at(CACHE) + 8, 1ULL << 17);
	put_string(t, at(CACHE_NAME), "test_cache");
	assert_null(ps_owners_slab(o, at(CACHE), &id));
	assert_string_equal(entry_of(o, id)->name, "test_cache");
	assert_int_equal(entry_of(o, id)->kind, PS_POWN_slab);
	assert_int_equal(entry_of(o, id)->mov, PS_OWNER_MOV_reclaimable);
	/* Read once: changed memory does not change the answer. */
	put_string(t, at(CACHE_NAME), "renamed");
	assert_null(ps_owners_slab(o, at(CACHE), &again));
	assert_int_equal(again, id);
	/* A cache outside memory is an owner that says so, not a failure. */
	assert_null(ps_owners_slab(o, 0xdead000000000000ULL, &id));
	assert_string_equal(entry_of(o, id)->name, "kmem_cache 0xdead000000000000 unreadable");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

static void anon_layout(struct ps_layout *L)
{
	L->anon_vma_rb_root = fake_lval(80, 16);
	L->rb_root_cached_leftmost = fake_lval(8, 8);
	L->avc_vma = fake_lval(0, 8);
	L->avc_rb = fake_lval(32, 24);
	L->vma_vm_mm = fake_lval(16, 8);
	L->mm_owner = fake_lval(64, 8);
	L->task_pid = fake_lval(100, 4);
	L->task_comm = fake_array(200, 16, 1);
}

static void test_anon_named_after_task(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = owners(t);
	uint32_t id;

	(void)state;
	anon_layout(&t->layout);
	fake_put64(t, at(ANON_VMA) + 80 + 8, at(AVC) + 32);
	fake_put64(t, at(AVC), at(VMA));
	fake_put64(t, at(VMA) + 16, at(MM));
	fake_put64(t, at(MM) + 64, at(TASK));
	fake_put32(t, at(TASK) + 100, 42);
	put_string(t, at(TASK) + 200, "worker");
	assert_null(ps_owners_anon(o, at(ANON_VMA), &id));
	assert_string_equal(entry_of(o, id)->name, "pid 42 worker");
	assert_int_equal(entry_of(o, id)->kind, PS_POWN_anon);
	assert_int_equal(entry_of(o, id)->mov, PS_OWNER_MOV_movable);
	assert_null(ps_owners_anon(o, at(LONELY_ANON_VMA), &id));
	assert_string_equal(entry_of(o, id)->name, "no VMA left");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

static void file_layout(struct ps_layout *L)
{
	L->mapping_host = fake_lval(0, 8);
	L->inode_i_sb = fake_lval(40, 8);
	L->inode_i_ino = fake_lval(64, 8);
	L->inode_i_dentry = fake_lval(304, 8);
	L->hlist_head_first = fake_lval(0, 8);
	L->sb_id = fake_array(32, 32, 1);
	L->dentry_d_alias = fake_lval(176, 16);
	L->dentry_d_parent = fake_lval(24, 8);
	L->dentry_d_name = fake_lval(32, 16);
	L->qstr_name = fake_lval(8, 8);
}

static void test_file_named_by_path(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = owners(t);
	uint32_t id;

	(void)state;
	file_layout(&t->layout);
	fake_put64(t, at(MAPPING), at(INODE));
	fake_put64(t, at(INODE) + 40, at(SB));
	put_string(t, at(SB) + 32, "vdb");
	fake_put64(t, at(INODE) + 304, at(DENTRY) + 176);
	fake_put64(t, at(DENTRY) + 24, at(ROOT));
	fake_put64(t, at(DENTRY) + 32 + 8, at(DNAME));
	put_string(t, at(DNAME), "data");
	fake_put64(t, at(ROOT) + 24, at(ROOT));
	assert_null(ps_owners_file(o, at(MAPPING), &id));
	assert_string_equal(entry_of(o, id)->name, "vdb:/data");
	assert_int_equal(entry_of(o, id)->kind, PS_POWN_file);
	/* An inode no dentry names: its number. */
	fake_put64(t, at(INODE) + 304, 0);
	fake_put64(t, at(INODE) + 64, 1234);
	fake_put64(t, at(MAPPING) + 0x80, at(INODE));
	assert_null(ps_owners_file(o, at(MAPPING) + 0x80, &id));
	assert_string_equal(entry_of(o, id)->name, "vdb: inode 1234");
	/* The bdev file system's inodes are named after their disk. */
	t->layout.bdev_inode_bdev = fake_lval(0, 8);
	t->layout.bdev_inode_vfs_inode = fake_lval(0x100, 8);
	t->layout.bdev_bd_disk = fake_lval(16, 8);
	t->layout.gendisk_disk_name = fake_array(12, 32, 1);
	o->blockdev_sb = at(SB);
	fake_put64(t, at(INODE) - 0x100 + 16, at(DISK));
	put_string(t, at(DISK) + 12, "vdb");
	put_string(t, at(SB) + 32, "bdev");
	fake_put64(t, at(MAPPING) + 0x100, at(INODE));
	assert_null(ps_owners_file(o, at(MAPPING) + 0x100, &id));
	assert_string_equal(entry_of(o, id)->name, "bdev:vdb");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

/* ------------------------------------------------------------------ */
/* One page: the first kind that claims it                            */
/* ------------------------------------------------------------------ */

static const char *kind_of(struct ps_owners *o, const struct ps_page *p,
			   const void *head_raw)
{
	uint32_t id;

	assert_null(ps_owners_classify(o, p, head_raw, &id));
	return ps_page_owner_kind_names[entry_of(o, id)->kind];
}

static void test_classify_order(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = owners(t);
	unsigned char raw[64] = { 0 };
	uint64_t cache = at(CACHE);
	struct ps_page p = { .pfn = 500, .head_pfn = 500, .refcount = 1 };
	uint32_t id;

	(void)state;
	slab_layout(&t->layout);
	fake_put64(t, at(CACHE) + 96, at(CACHE_NAME));
	put_string(t, at(CACHE_NAME), "kmalloc-96");
	o->dec.mask[PS_PG_reserved] = 1ULL << 10;
	o->image_start = 400;
	o->image_end = 600;
	o->slab_cache_known = true;
	o->slab_cache_off = 8;
	memcpy(raw + 8, &cache, sizeof(cache));
	assert_null(ps_pfn_map_add(&o->vmalloc, 500, 1, 0));
	assert_null(ps_owner_table_intern(&o->table, PS_POWN_vmalloc, PS_OWNER_MOV_unmovable,
					  "alloc_large_system_hash", &id));

	assert_string_equal(kind_of(o, &p, NULL), "vmalloc");
	p.eflags = 1ULL << 10;		/* reserved inside the image */
	assert_string_equal(kind_of(o, &p, NULL), "kernel_image");
	p.pfn = 700;
	assert_string_equal(kind_of(o, &p, NULL), "reserved");
	p.type = PS_PT_slab;
	assert_string_equal(kind_of(o, &p, raw), "slab");
	assert_null(ps_owners_classify(o, &p, raw, &id));
	assert_string_equal(entry_of(o, id)->name, "kmalloc-96");
	p.state = PS_PAGE_FREE;
	assert_string_equal(kind_of(o, &p, raw), "free");
	p.state |= PS_PAGE_HWPOISON;
	assert_string_equal(kind_of(o, &p, raw), "hwpoison");
	p.state = PS_PAGE_UNREADABLE;
	assert_string_equal(kind_of(o, &p, raw), "unreadable");

	p = (struct ps_page){ .pfn = 800, .head_pfn = 800, .refcount = 3 };
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "refcount 3");
	p.order = 2;
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "folio of order 2");
	p.type = PS_PT_table;
	assert_string_equal(kind_of(o, &p, NULL), "page_table");
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "page tables");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

/* A table the page-table walk reached: its mm and level, typed or not. */
static void test_classify_page_table(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_owners *o = owners(t);
	struct ps_page p = { .pfn = 900, .head_pfn = 900, .refcount = 1, .type = PS_PT_table };
	uint32_t id, pmd;

	(void)state;
	assert_null(ps_owner_table_intern(&o->table, PS_POWN_page_table, PS_OWNER_MOV_unmovable,
					  "pid 7 cat: PMD", &pmd));
	assert_null(ps_pfn_map_add(&o->pgtables, 900, 1, pmd));
	assert_null(ps_pfn_map_add(&o->pgtables, 901, 1, pmd));
	ps_pfn_map_sort(&o->pgtables);
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_int_equal(id, pmd);
	/* Untyped, or a page_type bit no debug info names: named apart. */
	p.pfn = p.head_pfn = 901;
	p.type = PS_PT_none;
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "pid 7 cat: PMD (not counted in PageTables)");
	assert_int_equal(entry_of(o, id)->kind, PS_POWN_page_table);
	p.type = PS_PT_unknown;
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "pid 7 cat: PMD (not counted in PageTables)");
	/* Not reached: a typed table stays "page tables", an untyped page unknown. */
	p.pfn = p.head_pfn = 902;
	assert_string_equal(kind_of(o, &p, NULL), "unknown");
	p.type = PS_PT_table;
	assert_null(ps_owners_classify(o, &p, NULL, &id));
	assert_string_equal(entry_of(o, id)->name, "page tables");
	ps_owners_destroy(o);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_interns_once),
		cmocka_unit_test(test_table_names_printable),
		cmocka_unit_test(test_pfn_map_ranges),
		cmocka_unit_test(test_slab_cache_named),
		cmocka_unit_test(test_anon_named_after_task),
		cmocka_unit_test(test_file_named_by_path),
		cmocka_unit_test(test_classify_order),
		cmocka_unit_test(test_classify_page_table),
	};

	return cmocka_run_group_tests_name("owners", tests, NULL, NULL);
}
