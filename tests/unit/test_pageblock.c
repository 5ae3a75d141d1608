// SPDX-License-Identifier: GPL-2.0-or-later
/* Pageblock bitmap decoding, in the 4-bit (v6.1-v6.12) and 8-bit layouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout/layout.h"
#include "walk/pageblock.h"

static struct ps_lval number(int64_t v)
{
	return (struct ps_lval){ .present = true, .value = v };
}

/* enum pageblock_bits { PB_migrate, PB_migrate_end = 2, PB_migrate_skip, NR_PAGEBLOCK_BITS } */
static void layout_4bit(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->pb_migrate = number(0);
	L->pb_migrate_end = number(2);
	L->pb_migrate_skip = number(3);
	L->nr_pageblock_bits = number(4);
	L->migrate_types = number(5);
	L->migrate_movable = number(1);
	L->migrate_isolate = number(4);
	L->usage_pageblock_flags = number(8);
}

/* Newer: 8 bits per block, isolation as a bit of its own. */
static void layout_8bit(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->pb_migrate = number(0);
	L->pb_migrate_end = number(2);
	L->pb_compact_skip = number(3);
	L->pb_migrate_isolate = number(7);
	L->nr_pageblock_bits = number(8);
	L->migrate_types = number(4);
	L->migrate_movable = number(1);
	L->usage_pageblock_flags = number(8);
}

/*
 * v6.17+ (7.2's DWARF): one enumerator per migratetype bit, the isolate
 * bit right after PB_compact_skip, and __NR_PAGEBLOCK_BITS = 5, which
 * NR_PAGEBLOCK_BITS rounds up to 8.
 */
static void layout_each_bit(struct ps_layout *L)
{
	memset(L, 0, sizeof(*L));
	L->pb_migrate_0 = number(0);
	L->pb_migrate_1 = number(1);
	L->pb_migrate_2 = number(2);
	L->pb_compact_skip = number(3);
	L->pb_migrate_isolate = number(4);
	L->nr_pageblock_bits_raw = number(5);
	L->migrate_types = number(6);
	L->migrate_movable = number(1);
	L->migrate_isolate = number(5);
	L->usage_pageblock_flags = number(8);
}

static void test_4bit(void **state)
{
	struct ps_layout L;
	struct ps_pageblock_bits b;
	struct ps_pageblock pb;
	uint64_t words[2] = { 0, 0 };

	(void)state;
	layout_4bit(&L);
	assert_null(ps_pageblock_bits_init(&b, &L, NULL));
	assert_int_equal(b.nr_bits, 4);
	assert_int_equal(b.mt_mask, 7);
	/* Block 0: Movable. Block 1: Reclaimable + skip. Block 17: Isolate. */
	words[0] = 0x1 | (0xaULL << 4);
	words[1] = 0x4ULL << 4;
	ps_pageblock_decode(&b, words, 0, &pb);
	assert_int_equal(pb.migratetype, 1);
	assert_false(pb.skip);
	ps_pageblock_decode(&b, words, 1, &pb);
	assert_int_equal(pb.migratetype, 2);
	assert_true(pb.skip);
	ps_pageblock_decode(&b, words, 17, &pb);
	assert_int_equal(pb.migratetype, 4);
	assert_true(pb.isolate);
	ps_pageblock_decode(&b, words, 16, &pb);
	assert_int_equal(pb.migratetype, 0);
	assert_false(pb.isolate);
	assert_string_equal(ps_migratetype_name(&b, 9), "invalid");
}

static void test_8bit_isolate_bit(void **state)
{
	struct ps_layout L;
	struct ps_pageblock_bits b;
	struct ps_pageblock pb;
	uint64_t words[1] = { 0 };

	(void)state;
	layout_8bit(&L);
	assert_null(ps_pageblock_bits_init(&b, &L, NULL));
	assert_int_equal(b.nr_bits, 8);
	/* Block 2: Movable, isolated by its own bit, compaction skip. */
	words[0] = (0x1ULL | 0x8 | 0x80) << 16;
	ps_pageblock_decode(&b, words, 2, &pb);
	assert_int_equal(pb.migratetype, 1);
	assert_true(pb.skip);
	assert_true(pb.isolate);
	assert_int_equal(pb.raw, 0x89);
	ps_pageblock_decode(&b, words, 1, &pb);
	assert_false(pb.isolate);
}

static void test_each_bit_enum(void **state)
{
	struct ps_layout L;
	struct ps_pageblock_bits b;
	struct ps_pageblock pb;
	uint64_t words[1] = { 0 };

	(void)state;
	layout_each_bit(&L);
	assert_null(ps_pageblock_bits_init(&b, &L, NULL));
	assert_int_equal(b.nr_bits, 8);
	assert_int_equal(b.mt_mask, 7);
	/* Block 3: Reclaimable, isolated by bit 4, compaction skip. */
	words[0] = (0x2ULL | 0x8 | 0x10) << 24;
	ps_pageblock_decode(&b, words, 3, &pb);
	assert_int_equal(pb.migratetype, 2);
	assert_true(pb.skip);
	assert_true(pb.isolate);
	ps_pageblock_decode(&b, words, 2, &pb);
	assert_int_equal(pb.migratetype, 0);
	assert_false(pb.isolate);
	/* Without CONFIG_MEMORY_ISOLATION: 4 bits, rounded up to 4. */
	L.pb_migrate_isolate.present = false;
	L.nr_pageblock_bits_raw = number(4);
	assert_null(ps_pageblock_bits_init(&b, &L, NULL));
	assert_int_equal(b.nr_bits, 4);
	/* Two bits of migratetype only. */
	L.pb_migrate_2.present = false;
	assert_null(ps_pageblock_bits_init(&b, &L, NULL));
	assert_int_equal(b.mt_mask, 3);
}

static void test_refuses_odd_layouts(void **state)
{
	struct ps_layout L;
	struct ps_pageblock_bits b;
	struct ps_error *err;

	(void)state;
	layout_4bit(&L);
	L.nr_pageblock_bits = number(3);	/* would straddle words */
	err = ps_pageblock_bits_init(&b, &L, NULL);
	assert_non_null(err);
	ps_error_destroy(err);
	layout_4bit(&L);
	L.pb_migrate_end.present = false;
	err = ps_pageblock_bits_init(&b, &L, NULL);
	assert_non_null(err);
	ps_error_destroy(err);
	/* Migratetype bits past the block's own bits. */
	layout_each_bit(&L);
	L.pb_migrate_0 = number(6);
	L.pb_migrate_1 = number(7);
	L.pb_migrate_2 = number(8);
	err = ps_pageblock_bits_init(&b, &L, NULL);
	assert_non_null(err);
	assert_non_null(strstr(err->message, "do not fit"));
	ps_error_destroy(err);
	/* No pageblock bits in the section usage: the error names the member. */
	layout_each_bit(&L);
	L.usage_pageblock_flags.present = false;
	err = ps_pageblock_bits_init(&b, &L, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_UNSUPPORTED);
	assert_non_null(strstr(err->message, "struct mem_section_usage.pageblock_flags"));
	ps_error_destroy(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_4bit),
		cmocka_unit_test(test_8bit_isolate_bit),
		cmocka_unit_test(test_each_bit_enum),
		cmocka_unit_test(test_refuses_odd_layouts),
	};

	return cmocka_run_group_tests_name("pageblock", tests, NULL, NULL);
}
