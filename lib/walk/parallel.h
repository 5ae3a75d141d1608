/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Walking memory on several cores: the pfn space is cut into contiguous
 * parts on gigablock boundaries with about as many memory sections each,
 * and each part is walked by a thread with its own clone of the reader.
 */
#ifndef PS_PARALLEL_H
#define PS_PARALLEL_H

#include <stdint.h>

#include "base/error.h"
#include "dump/mem.h"

struct ps_target;

struct ps_part {
	struct ps_target *t;
	struct ps_mem mem;	/* this thread's reader */
	unsigned index;		/* parts are in pfn order */
	uint64_t start, end;	/* pfns */
	void *arg;		/* the caller's, per part */
};

/*
 * Run @p fn on up to @p max_parts parts of the pfn space, each in a
 * thread (the first in the caller's), and return the first error. @p fn
 * must read memory only through part->mem, never the target's reader. Parts
 * that hold no memory are not run. PAGESCOPE_THREADS caps the number of
 * threads; a reader that cannot be cloned means one part.
 * @p args has @p max_parts entries handed to the parts in order.
 */
struct ps_error *ps_parallel_walk(struct ps_target *t, unsigned max_parts,
				  struct ps_error *(*fn)(struct ps_part *),
				  void **args, unsigned *nr_parts_ret);

/* How many parts ps_parallel_walk() would use: online CPUs, capped. */
unsigned ps_parallel_parts(void);

#endif
