/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The struct page walk: decoded pages of a PFN range, in batches read a
 * chunk of the memory map at a time. Pages whose struct page is not in
 * the dump come back marked PS_PAGE_UNREADABLE; the walk goes on.
 */
#ifndef PS_PAGE_WALK_H
#define PS_PAGE_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "dump/mem.h"
#include "walk/page.h"

struct ps_target;
struct ps_memmodel;

struct ps_page_iter {
	struct ps_target *t;
	struct ps_mem mem;	/* the target's, or a clone for a thread */
	const struct ps_memmodel *m;
	struct ps_page_decoder dec;
	uint64_t pfn;		/* next pfn to read */
	uint64_t end;		/* one past the last pfn */
	size_t section;		/* index into the model's sections */
	unsigned char *raw;	/* a chunk's copy, unless decoded in place */
	struct ps_page *pages;	/* the decoded batch */
	uint32_t *folio_idx;	/* the batch's heads and tails */
	struct ps_page head;	/* the current folio's head */
	struct ps_free_span free;	/* the current free buddy block */
	uint64_t nr_unreadable;	/* pages whose struct page was not read */
};

/*
 * Pages per batch: a chunk of the memory map read in one go. 2048 keeps
 * the raw chunk and its decoded pages (about 350 KiB) in L2 cache.
 */
enum { PS_PAGE_CHUNK = 2048 };

/*
 * Walk pfns [@p start, @p end) of @p t that have a memory map. On success,
 * must be finished with ps_page_iter_deinit().
 */
struct ps_error *ps_page_iter_init(struct ps_page_iter *it,
				   struct ps_target *t, uint64_t start,
				   uint64_t end);

/* The same through @p mem, a clone of the target's reader (threads). */
struct ps_error *ps_page_iter_init_mem(struct ps_page_iter *it,
				       struct ps_target *t,
				       const struct ps_mem *mem, uint64_t start,
				       uint64_t end);

/*
 * The next batch of decoded pages, in pfn order; valid until the next
 * call. Returns &ps_stop after the last batch; PS_ERR_INTERRUPTED when
 * the user asked to stop.
 */
struct ps_error *ps_page_iter_next(struct ps_page_iter *it,
				   const struct ps_page **pages_ret,
				   size_t *nr_ret);

void ps_page_iter_deinit(struct ps_page_iter *it);

/* Decode the single page @p pfn (and complete it from its folio's head). */
struct ps_error *ps_page_read(struct ps_target *t, uint64_t pfn,
			      struct ps_page *ret);

/*
 * The struct pages of pfns [@p pfn, @p pfn + @p nr) as stored, into
 * @p buf (@p nr times the size of struct page), and the address of the
 * first in @p addr_ret.
 */
struct ps_error *ps_page_read_raw(struct ps_target *t, uint64_t pfn,
				  unsigned nr, void *buf, uint64_t *addr_ret);

#endif
