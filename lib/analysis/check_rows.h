/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside `pagescope check`: everything the rows compare, walked once, and
 * the functions that turn one part of it into rows. Private to
 * analysis/check_*.c.
 */
#ifndef PS_CHECK_ROWS_H
#define PS_CHECK_ROWS_H

#include <stddef.h>

#include "analysis/check.h"
#include "analysis/node_pages.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "lists/deferred_split.h"
#include "lists/list_lru.h"
#include "lists/memcg.h"
#include "walk/buddy.h"
#include "walk/pcp.h"

struct ps_target;

struct ps_check_data {
	const struct ps_memmodel *m;
	struct ps_buddy buddy;
	struct ps_pcp_zone *pcp;	/* per zone of the model */
	struct ps_node_page_counts pages;
	struct ps_memcgs memcgs;
	struct ps_list_lru_ids ids;
	size_t nr_lrus;
	struct ps_list_lru *lrus;
	struct ps_deferred_split split;
	struct ps_error *split_err;	/* why there are no split rows */
};

/* "list_del corruption ... ; 0x... is struct page of pfn ..." */
const char *ps_check_fault_why(struct ps_target *t,
			       const struct ps_list_fault *f, const char *what,
			       char *buf, size_t len);

/* NR_FREE_PAGES, pcp->count and nr_free against the free lists. */
struct ps_error *ps_check_free(struct ps_target *t, struct ps_check *c,
			       const struct ps_check_data *d);
/* Deferred split queues and nr_anon_partially_mapped. */
struct ps_error *ps_check_split(struct ps_target *t, struct ps_check *c,
				const struct ps_check_data *d);
/* list_lrus, and the dentry and inode unused counts. */
struct ps_error *ps_check_lrus(struct ps_target *t, struct ps_check *c,
			       const struct ps_check_data *d);
struct ps_error *ps_check_unused(struct ps_target *t, struct ps_check *c,
				 const struct ps_check_data *d);
/* HardwareCorrupted and the per-node THP counters. */
struct ps_error *ps_check_pages(struct ps_target *t, struct ps_check *c,
				const struct ps_check_data *d);

#endif
