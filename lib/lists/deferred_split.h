/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * THP deferred split queues: the per-node queue in pglist_data and the
 * per-memcg queues (every memcg, zombies included: before
 * reparent_deferred_split_queue() an offline memcg kept its queue), or, on
 * kernels that moved to it, the deferred_split_lru list_lru. Each queue is walked and validated, its folios decoded and
 * counted by order and by PG_partially_mapped, and its length compared
 * with split_queue_len.
 */
#ifndef PS_DEFERRED_SPLIT_H
#define PS_DEFERRED_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/list.h"

struct ps_target;
struct ps_memcgs;

enum { PS_SPLIT_MAX_ORDER = 21 };

enum ps_deferred_split_owner {
	PS_SQ_NODE,	/* pglist_data.deferred_split_queue */
	PS_SQ_MEMCG,	/* mem_cgroup.deferred_split_queue */
	PS_SQ_LRU,	/* one list of deferred_split_lru */
};

/* Folio counts of one queue (or of all of them). */
struct ps_deferred_split_counts {
	uint64_t folios;
	uint64_t by_order[PS_SPLIT_MAX_ORDER];
	uint64_t partially_mapped;	/* folios with PG_partially_mapped */
	uint64_t partially_mapped_by_order[PS_SPLIT_MAX_ORDER];
	uint64_t not_large;	/* entries that are no large folio's head */
	uint64_t unreadable;	/* folios not in the dump */
};

/* One folio on a queue, in queue order. */
struct ps_deferred_split_folio {
	uint64_t node;		/* its list_head */
	uint64_t pfn;		/* the head page's; 0 when none */
	uint8_t order;
	bool partially_mapped;
	bool large;		/* the head of a large folio */
};

struct ps_deferred_split_queue {
	enum ps_deferred_split_owner owner;
	int nid;		/* NODE, LRU */
	long memcg;		/* MEMCG, LRU: index into the memcgs, or -1 */
	int kmemcg_id;		/* LRU */
	uint64_t addr;		/* struct deferred_split / list_lru_one */
	uint64_t len;		/* split_queue_len / nr_items */
	uint32_t lock;		/* non-zero: held at the time of the dump */
	bool broken;
	struct ps_list_fault fault;
	struct ps_deferred_split_counts counts;
	size_t nr_folios, cap_folios;
	struct ps_deferred_split_folio *folios;	/* the entries walked, in order */
};

struct ps_deferred_split {
	bool via_lru;		/* the queue is deferred_split_lru */
	bool has_partially_mapped;	/* the kernel has PG_partially_mapped */
	uint64_t link_offset;	/* from a folio to its deferred list_head */
	size_t nr_queues;
	struct ps_deferred_split_queue *queues;
	struct ps_deferred_split_counts total;
	uint64_t total_len;
	size_t nr_broken, nr_len_mismatch;
};

/*
 * Walk every deferred split queue. PS_ERR_UNSUPPORTED when the kernel
 * has none (no THP). On success, must be freed with ps_deferred_split_deinit().
 */
struct ps_error *ps_deferred_split_collect(struct ps_target *t,
				  const struct ps_memcgs *memcgs,
				  struct ps_deferred_split *ret);
void ps_deferred_split_deinit(struct ps_deferred_split *s);

/*
 * offsetof the deferred-list link in a folio: folio->_deferred_list, or
 * before v6.6 page[2].deferred_list. PS_ERR_UNSUPPORTED when neither.
 */
struct ps_error *ps_deferred_split_link_offset(const struct ps_target *t,
				      uint64_t *ret);

#endif
