// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stack depot lookups over fake memory: the input is the depot (pools_num,
 * stack_pools[], the pools and their records) and, in its first 4 bytes,
 * the handle looked up. Every lookup must end in a stack of at most the
 * record's entries or a named error.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/stackdepot.h"
#include "../unit/fake_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* As tests/unit/test_stackdepot.c lays it out (6.12's handle_parts). */
static void depot_layout(struct ps_layout *L)
{
	L->sym_stack_pools = fake_lval((int64_t)(FAKE_BASE + 0x100), 0);
	L->var_stack_pools = (struct ps_lval){ .present = true, .size = 8 * 8191,
					       .nr_elems = 8191, .elem_size = 8 };
	L->sym_pools_num = fake_lval((int64_t)(FAKE_BASE + 0x10), 0);
	L->depot_pool_index_plus_1 = fake_lval(0, 17);
	L->depot_offset = fake_lval(17, 10);
	L->stack_record_size = fake_lval(20, 4);
	L->stack_record_handle = fake_lval(24, 4);
	L->stack_record_entries = (struct ps_lval){ .present = true, .value = 32, .size = 8 * 64,
						    .nr_elems = 64, .elem_size = 8 };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_target *t = fake_target();
	struct ps_stack *stack = malloc(sizeof(*stack));
	struct ps_error *err;
	uint32_t handle = 0;

	if (size >= 4)
		memcpy(&handle, data, 4);
	fake_fill(t->mem.priv, data, size);
	depot_layout(&t->layout);
	err = ps_stackdepot_fetch(t, handle, stack);
	if (!err && stack->nr > 64)
		abort();
	ps_error_destroy(err);
	free(stack);
	ps_target_destroy(t);
	return 0;
}
