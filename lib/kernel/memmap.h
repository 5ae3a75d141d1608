/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The memory map itself: every section's struct pages, as bytes. */
#ifndef PS_MEMMAP_H
#define PS_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "dump/mem.h"

struct ps_target;

/*
 * Called with each section's struct pages, read at kernel address @p addr,
 * @p stride bytes each (sizeof(struct page)). @p err is the read's failure
 * (then @p pages is NULL): the caller decides whether it matters.
 */
typedef struct ps_error *ps_memmap_fn(uint64_t addr, const void *pages, size_t len,
				      uint32_t stride, const struct ps_error *err,
				      void *arg);

/*
 * Read the memory map of @p t section by section through @p mem (the
 * target's reader when NULL), one section's worth of memory at a time.
 */
struct ps_error *ps_memmap_for_each_section(struct ps_target *t, const struct ps_mem *mem,
					    ps_memmap_fn *fn, void *arg);

#endif
