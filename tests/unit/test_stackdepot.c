// SPDX-License-Identifier: GPL-2.0-or-later
/* Stack depot handles on a hand-built depot: decoding, the checks on
 * every number read from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/stackdepot.h"

/* handle_parts as 6.12 lays it out: index+1 in bits 0..16, offset in
 * 17..26, extra in 27..31; records aligned to 1 << 4. */
enum { IDX_BITS = 17, OFF_BITS = 10, ALIGN = 4, NR_POOLS = 4 };
/* stack_record: handle at 24, size at 20, 64 entries at 32 */
enum { R_SIZE = 20, R_HANDLE = 24, R_ENTRIES = 32, MAX_FRAMES = 64 };
#define POOLS_NUM (FAKE_BASE + 0x10)
#define STACK_POOLS (FAKE_BASE + 0x100)
#define POOL(i) (FAKE_BASE + 0x10000 + 0x4000 * (i))

static struct ps_lval lv(int64_t value, uint32_t size)
{
	return (struct ps_lval){ .present = true, .value = value, .size = size };
}

static uint32_t handle(uint32_t pool, uint32_t off)
{
	return (pool + 1) | off << IDX_BITS;
}

static struct ps_target *depot_target(void)
{
	struct ps_target *t = fake_target();
	struct ps_layout *L = &t->layout;

	L->sym_stack_pools = lv((int64_t)STACK_POOLS, 0);
	L->var_stack_pools = (struct ps_lval){ .present = true, .size = 8 * 8191,
					       .nr_elems = 8191, .elem_size = 8 };
	L->sym_pools_num = lv((int64_t)POOLS_NUM, 0);
	L->depot_pool_index_plus_1 = lv(0, IDX_BITS);
	L->depot_offset = lv(IDX_BITS, OFF_BITS);
	L->stack_record_size = lv(R_SIZE, 4);
	L->stack_record_handle = lv(R_HANDLE, 4);
	L->stack_record_entries = (struct ps_lval){ .present = true, .value = R_ENTRIES,
						    .size = 8 * MAX_FRAMES,
						    .nr_elems = MAX_FRAMES, .elem_size = 8 };
	fake_put64(t, POOLS_NUM, NR_POOLS);
	for (int i = 0; i < NR_POOLS; i++)
		fake_put64(t, STACK_POOLS + 8 * i, POOL(i));
	return t;
}

static void put32(struct ps_target *t, uint64_t addr, uint32_t v)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), &v, 4);
}

/* A record of @nr frames 0xffffffff81000000 + i at @off in pool @pool. */
static uint32_t put_record(struct ps_target *t, uint32_t pool, uint32_t off,
			   uint32_t nr)
{
	uint64_t rec = POOL(pool) + ((uint64_t)off << ALIGN);
	uint32_t h = handle(pool, off);

	put32(t, rec + R_HANDLE, h);
	put32(t, rec + R_SIZE, nr);
	for (uint32_t i = 0; i < nr && i < MAX_FRAMES; i++)
		fake_put64(t, rec + R_ENTRIES + 8 * i, 0xffffffff81000000ULL + i);
	return h;
}

static void destroy(struct ps_target *t)
{
	ps_target_destroy(t);
}

static void expect_error(struct ps_target *t, uint32_t h, enum ps_error_code code,
			 const char *words)
{
	struct ps_stack *s = malloc(sizeof(*s));
	struct ps_error *err = ps_stackdepot_fetch(t, h, s);

	assert_non_null(err);
	assert_int_equal(err->code, code);
	assert_non_null(strstr(err->message, words));
	ps_error_destroy(err);
	free(s);
}

static void test_decode(void **state)
{
	struct ps_target *t = depot_target();
	struct ps_depot_ref ref;

	(void)state;
	assert_null(ps_stackdepot_decode(&t->layout, handle(2, 0x155) | 3u << 27, &ref));
	assert_int_equal(ref.pool, 2);
	assert_int_equal(ref.offset, 0x155);
	/* before v6.8: pool_index, no plus one */
	t->layout.depot_pool_index_plus_1.present = false;
	t->layout.depot_pool_index = lv(0, 21);
	assert_null(ps_stackdepot_decode(&t->layout, 3 | 7u << 21, &ref));
	assert_int_equal(ref.pool, 3);
	destroy(t);
}

static void test_fetch(void **state)
{
	struct ps_target *t = depot_target();
	struct ps_stack *s = malloc(sizeof(*s));
	uint32_t h;

	(void)state;
	put_record(t, 0, 0, 3);		/* a neighbour at offset 0 */
	h = put_record(t, 1, 0x31, 12);
	assert_null(ps_stackdepot_fetch(t, h, s));
	assert_int_equal(s->nr, 12);
	assert_int_equal(s->entries[0], 0xffffffff81000000ULL);
	assert_int_equal(s->entries[11], 0xffffffff8100000bULL);
	free(s);
	destroy(t);
}

static void test_bad_handles(void **state)
{
	struct ps_target *t = depot_target();

	(void)state;
	expect_error(t, 0, PS_ERR_CORRUPT, "handle 0");
	expect_error(t, 0x40u << IDX_BITS, PS_ERR_CORRUPT, "pool index 0");
	expect_error(t, handle(NR_POOLS, 1), PS_ERR_CORRUPT, "out of range");
	/* a handle no record carries */
	expect_error(t, handle(1, 0x22), PS_ERR_CORRUPT, "no stack record");
	destroy(t);
}

static void test_bad_depot(void **state)
{
	struct ps_target *t = depot_target();
	uint32_t h = put_record(t, 2, 5, MAX_FRAMES + 1);

	(void)state;
	expect_error(t, h, PS_ERR_CORRUPT, "frames");
	fake_put64(t, STACK_POOLS + 8 * 2, 0);
	expect_error(t, h, PS_ERR_CORRUPT, "NULL");
	fake_put64(t, POOLS_NUM, 9000);
	expect_error(t, h, PS_ERR_CORRUPT, "exceeds");
	destroy(t);
}

/* v6.15: void **stack_pools, stack_max_pools of them allocated at boot */
static void test_pool_pointer(void **state)
{
	struct ps_target *t = depot_target();
	struct ps_stack *s = malloc(sizeof(*s));
	uint64_t max = FAKE_BASE + 0x20, ptr = FAKE_BASE + 0x8000;
	uint32_t h;

	(void)state;
	t->layout.var_stack_pools = (struct ps_lval){ .present = true, .size = 8 };
	t->layout.sym_stack_max_pools = lv((int64_t)max, 0);
	fake_put64(t, STACK_POOLS, ptr);
	for (int i = 0; i < NR_POOLS; i++)
		fake_put64(t, ptr + 8 * i, POOL(i));
	fake_put64(t, max, 16);
	h = put_record(t, 3, 0x7, 5);
	assert_null(ps_stackdepot_fetch(t, h, s));
	assert_int_equal(s->nr, 5);
	fake_put64(t, max, 2);
	expect_error(t, h, PS_ERR_CORRUPT, "exceeds");
	t->layout.sym_stack_max_pools.present = false;
	expect_error(t, h, PS_ERR_UNSUPPORTED, "stack_max_pools");
	free(s);
	destroy(t);
}

static void test_no_depot(void **state)
{
	struct ps_target *t = depot_target();

	(void)state;
	t->layout.stack_record_entries.present = false;
	expect_error(t, handle(0, 0), PS_ERR_UNSUPPORTED, "CONFIG_STACKDEPOT");
	destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_fetch),
		cmocka_unit_test(test_bad_handles),
		cmocka_unit_test(test_bad_depot),
		cmocka_unit_test(test_pool_pointer),
		cmocka_unit_test(test_no_depot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
