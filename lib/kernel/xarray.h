/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Walking a kernel xarray (include/linux/xarray.h): the entries present,
 * in index order, with every node checked against its parent (->parent,
 * ->offset, ->shift one chunk below, ->array naming this xarray, ->count
 * matching the slots in use). The entry encoding is code, not data: the
 * tags below are the kernel's, the chunk size is the bound of
 * xa_node.slots.
 */
#ifndef PS_XARRAY_H
#define PS_XARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

/* Deeper than any 64-bit index needs with chunks of 2 or more slots. */
enum { PS_XA_MAX_DEPTH = 64 };

struct ps_xa_frame {
	uint64_t node;		/* struct xa_node */
	uint64_t base;		/* index of slot 0 */
	unsigned shift;
	unsigned slot;		/* next slot to look at */
	unsigned char *buf;	/* the node as read */
};

struct ps_xa_iter {
	struct ps_target *t;
	uint64_t xa;		/* struct xarray */
	unsigned chunk_shift;	/* XA_CHUNK_SHIFT */
	unsigned nr_slots;	/* XA_CHUNK_SIZE */
	bool started, done;
	int depth;		/* frames in use */
	size_t nr_nodes;	/* nodes visited */
	struct ps_xa_frame frames[PS_XA_MAX_DEPTH];
};

/*
 * Walk the struct xarray at @p xa. PS_ERR_UNSUPPORTED when the layout
 * lacks the xarray types. On success, must be finished with
 * ps_xa_iter_deinit().
 */
struct ps_error *ps_xa_iter_init(struct ps_xa_iter *it, struct ps_target *t,
				 uint64_t xa);

/*
 * The next present entry and its index. Value entries (bit 0 set) come
 * back as they are; zero, retry and sibling entries are skipped. Returns
 * &ps_stop at the end; PS_ERR_CORRUPT (at the node's address) when a
 * node does not belong where it hangs.
 */
struct ps_error *ps_xa_iter_next(struct ps_xa_iter *it, uint64_t *index_ret,
				 uint64_t *entry_ret);

void ps_xa_iter_deinit(struct ps_xa_iter *it);

/* The kernel's tags: xa_is_internal(), xa_is_node(), xa_to_node(). */
static inline bool ps_xa_is_internal(uint64_t entry)
{
	return (entry & 3) == 2;
}

static inline bool ps_xa_is_node(uint64_t entry)
{
	return ps_xa_is_internal(entry) && entry > 4096;
}

static inline uint64_t ps_xa_to_node(uint64_t entry)
{
	return entry - 2;
}

#endif
