// SPDX-License-Identifier: GPL-2.0-or-later
/* Gigablock aggregation, taint and verdicts on hand-made pageblocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/gigablock.h"

enum { BLOCK = 512, BLOCKS = 512 };

static struct ps_pageblock_bits bits(void)
{
	struct ps_pageblock_bits b;

	memset(&b, 0, sizeof(b));
	b.nr_types = 5;
	b.movable_type = 1;
	b.cma_type = -1;
	b.isolate_type = 4;
	return b;
}

static struct ps_gigablock empty(void)
{
	struct ps_gigablock g;

	memset(&g, 0, sizeof(g));
	g.nr_pages = (uint64_t)BLOCK * BLOCKS;
	g.largest_free_order = -1;
	g.zone = -1;
	return g;
}

static struct ps_block_summary block(uint64_t i, int mt, enum ps_movability what)
{
	struct ps_block_summary b;

	memset(&b, 0, sizeof(b));
	b.pfn = i * BLOCK;
	b.pb.migratetype = (uint8_t)mt;
	b.zone = 2;
	b.pages = BLOCK;
	b.count[what] = BLOCK;
	for (int k = 0; k < PS_BLOCKERS; k++)
		b.first_blocker[k] = UINT64_MAX;
	if (what == PS_MOV_FREE)
		b.free_blocks[9] = 1;
	return b;
}

static void fill(struct ps_gigablock *g, const struct ps_pageblock_bits *pb,
		 enum ps_movability what)
{
	for (uint64_t i = 0; i < BLOCKS; i++) {
		struct ps_block_summary b = block(i, 1, what);

		ps_gigablock_add(g, pb, &b);
	}
}

static void test_all_free(void **state)
{
	struct ps_pageblock_bits pb = bits();
	struct ps_gigablock g = empty();

	(void)state;
	fill(&g, &pb, PS_MOV_FREE);
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_FREE);
	assert_false(g.tainted);
	assert_int_equal(g.largest_free_order, 9);
	assert_int_equal(g.free_blocks[9], BLOCKS);
	assert_int_equal(g.blocks_by_type[1], BLOCKS);
}

static void test_movable_is_migratable(void **state)
{
	struct ps_pageblock_bits pb = bits();
	struct ps_gigablock g = empty();
	struct ps_block_summary b;

	(void)state;
	for (uint64_t i = 0; i < BLOCKS; i++) {
		b = block(i, 1, i < 3 ? PS_MOV_MOVABLE : PS_MOV_FREE);
		ps_gigablock_add(&g, &pb, &b);
	}
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_MIGRATABLE);
	assert_int_equal(ps_gigablock_to_migrate(&g), 3 * BLOCK);
	assert_false(g.tainted);
}

static void test_unmovable_pageblock_taints(void **state)
{
	struct ps_pageblock_bits pb = bits();
	struct ps_gigablock g = empty();
	struct ps_block_summary b;

	(void)state;
	/* An Unmovable pageblock whose pages are all free: tainted, not blocked. */
	for (uint64_t i = 0; i < BLOCKS; i++) {
		b = block(i, i == 7 ? 0 : 1, PS_MOV_FREE);
		ps_gigablock_add(&g, &pb, &b);
	}
	assert_true(g.tainted);
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_FREE);
}

static void test_blockers_named(void **state)
{
	struct ps_pageblock_bits pb = bits();
	struct ps_gigablock g = empty();
	struct ps_block_summary b;

	(void)state;
	for (uint64_t i = 0; i < BLOCKS; i++) {
		b = block(i, 1, PS_MOV_FREE);
		if (i % 100 == 5) {
			b.count[PS_MOV_FREE]--;
			b.count[PS_MOV_UNMOVABLE]++;
			b.first_blocker[0] = b.pfn + 3;
		}
		ps_gigablock_add(&g, &pb, &b);
	}
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_BLOCKED);
	assert_true(g.tainted);
	assert_int_equal(g.count[PS_MOV_UNMOVABLE], 6);
	assert_int_equal(g.nr_blockers[0], PS_GB_BLOCKER_PFNS);
	assert_int_equal(g.blockers[0][0], 5 * BLOCK + 3);
	assert_int_equal(g.blockers[0][1], 105 * BLOCK + 3);
}

static void test_partial(void **state)
{
	struct ps_pageblock_bits pb = bits();
	struct ps_gigablock g = empty();
	struct ps_block_summary b;

	(void)state;
	/* Holes: the last pageblock has no memory. */
	for (uint64_t i = 0; i + 1 < BLOCKS; i++) {
		b = block(i, 1, PS_MOV_FREE);
		ps_gigablock_add(&g, &pb, &b);
	}
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_PARTIAL);
	/* Two zones in one gigablock never make one page either. */
	g = empty();
	for (uint64_t i = 0; i < BLOCKS; i++) {
		b = block(i, 1, PS_MOV_FREE);
		b.zone = i < 8 ? 1 : 2;
		ps_gigablock_add(&g, &pb, &b);
	}
	assert_true(g.multi_zone);
	assert_int_equal(ps_gigablock_verdict(&g), PS_GB_PARTIAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_free),
		cmocka_unit_test(test_movable_is_migratable),
		cmocka_unit_test(test_unmovable_pageblock_taints),
		cmocka_unit_test(test_blockers_named),
		cmocka_unit_test(test_partial),
	};

	return cmocka_run_group_tests_name("gigablock", tests, NULL, NULL);
}
