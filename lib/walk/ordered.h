/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pfn range walked on every core and written in pfn order. The range
 * is cut into units; each thread takes the next unit, writes its text
 * into memory, then waits for the units before it to be handed on and
 * hands on its own. Memory is one unit's text per thread, whatever the
 * size of the range.
 */
#ifndef PS_ORDERED_H
#define PS_ORDERED_H

#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "walk/parallel.h"

struct ps_target;

struct ps_ordered_unit {
	uint64_t start, end;	/* pfns */
	FILE *fp;		/* where fill() writes the unit's text */
	size_t items;		/* what fill() counted, for emit() */
};

struct ps_ordered_ops {
	/* A thread's own state, over its own reader @p part->mem. */
	struct ps_error *(*worker_init)(void *ctx, struct ps_part *part, void **worker);
	void (*worker_fini)(void *worker);
	struct ps_error *(*fill)(void *worker, struct ps_part *part,
				 struct ps_ordered_unit *u);
	/* Called in pfn order, one unit at a time. */
	struct ps_error *(*emit)(void *ctx, const struct ps_ordered_unit *u,
				 const char *text, size_t len);
};

/* Walk pfns [@p start, @p end) in units of @p unit pfns. */
struct ps_error *ps_ordered_walk(struct ps_target *t, uint64_t start, uint64_t end,
				 uint64_t unit, const struct ps_ordered_ops *ops,
				 void *ctx);

#endif
