/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stack depot (lib/stackdepot.c): a 32-bit handle names a stored
 * stack, a struct stack_record in one of the stack_pools. page_owner keeps
 * one handle per allocated page.
 */
#ifndef PS_STACKDEPOT_H
#define PS_STACKDEPOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "layout/layout.h"
#include "target/target.h"

/* More frames than any kernel stores (CONFIG_STACKDEPOT_MAX_FRAMES <= 256). */
enum { PS_STACK_MAX_FRAMES = 256 };

struct ps_stack {
	uint64_t entries[PS_STACK_MAX_FRAMES];	/* return addresses */
	size_t nr;
};

/* A handle's parts: which pool, and the record's place in it. */
struct ps_depot_ref {
	uint32_t pool;		/* index into stack_pools */
	uint32_t offset;	/* in units of the depot's record alignment */
};

/* Whether the layout has what a handle lookup needs. */
bool ps_stackdepot_present(const struct ps_layout *L);

/*
 * Split @p handle by the layout's union handle_parts bit-fields.
 * PS_ERR_CORRUPT for the null handle (no stack was saved).
 */
struct ps_error *ps_stackdepot_decode(const struct ps_layout *L,
				      uint32_t handle,
				      struct ps_depot_ref *ret);

/*
 * The stack stored under @p handle: the pool index checked against
 * pools_num, the record checked to carry @p handle, its frame count
 * against the record's entries array. PS_ERR_UNSUPPORTED when the kernel
 * has no stack depot.
 */
struct ps_error *ps_stackdepot_fetch(struct ps_target *t, uint32_t handle,
				     struct ps_stack *ret);

#endif
