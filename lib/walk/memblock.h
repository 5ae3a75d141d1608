/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot allocator's reserved regions (memblock.reserved), where the
 * kernel keeps them valid after boot: with CONFIG_ARCH_KEEP_MEMBLOCK
 * always; otherwise (no memblock_discard() ... x86) only while the array
 * is still the static one memblock_discard() leaves alone, and never when
 * memblock itself is init data freed after boot.
 */
#ifndef PS_MEMBLOCK_H
#define PS_MEMBLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_pfn_range {
	uint64_t start, end;	/* pfns, [start, end) */
};

struct ps_memblock_reserved {
	struct ps_pfn_range *v;	/* in memblock's order: by address */
	size_t nr;
};

/*
 * Read memblock.reserved of @p t, pages of @p page_bytes below
 * @p max_pfn. PS_ERR_UNSUPPORTED when the kernel did not keep it (the
 * message says why), PS_ERR_NO_TYPE when its layout lacks a member.
 * On success, ret->v must be freed with free().
 */
struct ps_error *ps_memblock_reserved_read(struct ps_target *t,
					   uint64_t page_bytes, uint64_t max_pfn,
					   struct ps_memblock_reserved *ret);

/* Whether @p pfn lies in a reserved region of @p r. */
bool ps_memblock_reserved_has(const struct ps_memblock_reserved *r,
			      uint64_t pfn);

#endif
