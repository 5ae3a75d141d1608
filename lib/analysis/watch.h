/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One sample of how fragmented memory is, for watching a running kernel
 * over time: free blocks per order, and gigablocks by verdict and taint.
 */
#ifndef PS_WATCH_H
#define PS_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

enum { PS_WATCH_MAX_ORDER = 16 };

struct ps_watch_sample {
	double seconds;			/* since the first sample */
	unsigned nr_orders;
	uint64_t free_blocks[PS_WATCH_MAX_ORDER];	/* all zones and types */
	uint64_t free_pages;
	size_t gigablocks;
	size_t tainted;			/* by unmovable memory */
	size_t chances;			/* free or freeable by migration: could be 1 GiB */
};

/* Read @p t as it is now into @p ret (seconds left to the caller). */
struct ps_error *ps_watch_sample(struct ps_target *t, struct ps_watch_sample *ret);

#endif
