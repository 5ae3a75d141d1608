/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A folio's lruvec (folio_lruvec(): its memcg's per-node lruvec, the
 * root memcg's for an uncharged folio, the node's own without memcgs)
 * and the multi-gen LRU's sequence numbers kept there.
 */
#ifndef PS_LRUVEC_H
#define PS_LRUVEC_H

#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_lruvec_seq {
	uint64_t lruvec;	/* struct lruvec */
	uint64_t max_seq;	/* the youngest generation */
	uint64_t min_seq[2];	/* the oldest: [0] anon, [1] file */
};

/*
 * The lruvec of a folio on node @p nid whose memcg_data is @p memcg_data,
 * and its lrugen's max_seq and min_seq[].
 */
struct ps_error *ps_lruvec_seq(struct ps_target *t, uint64_t memcg_data,
			       int nid, struct ps_lruvec_seq *ret);

#endif
