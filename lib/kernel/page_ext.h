/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Page extensions (mm/page_ext.c): per-pfn records beside the memory map
 * that page_owner and allocation profiling keep their data in, each
 * client at the offset its page_ext_operations got at boot.
 */
#ifndef PS_PAGE_EXT_H
#define PS_PAGE_EXT_H

#include <stdint.h>

#include "base/error.h"
#include "layout/layout.h"
#include "target/target.h"

/*
 * The address of @p pfn's struct page_ext. PS_ERR_UNSUPPORTED when the
 * kernel has no page extensions, PS_ERR_NO_SYMBOL when @p pfn's section
 * has none (PAGE_EXT_INVALID, or never allocated).
 */
struct ps_error *ps_page_ext_entry(struct ps_target *t, uint64_t pfn,
				   uint64_t *ret);

/*
 * The page_ext of the first pfn of section @p s (a memmodel section) and
 * the bytes from one pfn's to the next: the whole section's records are
 * pages_per_section of them from there. Errors as ps_page_ext_entry().
 */
struct ps_section;
struct ps_error *ps_page_ext_section(struct ps_target *t, const struct ps_section *s,
				     uint64_t first_pfn, uint64_t *addr_ret,
				     uint64_t *stride_ret);

/*
 * Where client @p ops (page_owner_ops, page_alloc_tagging_ops) keeps its
 * data in a page_ext. PS_ERR_UNSUPPORTED naming @p config when the kernel
 * lacks the client, or when the client was not wanted at boot (its offset
 * was never assigned).
 */
struct ps_error *ps_page_ext_client(struct ps_target *t, const struct ps_lval *ops,
				    const char *name, const char *config,
				    uint64_t *offset_ret);

#endif
