/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A folio's lruvec (folio_lruvec(): its memcg's per-node lruvec, the
 * root memcg's for an uncharged folio, the node's own without memcgs)
 * and the multi-gen LRU's sequence numbers kept there.
 */
#ifndef PS_LRUVEC_H
#define PS_LRUVEC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "walk/flags_check.h"

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

/*
 * The multi-gen LRU state of a folio: the fields of its head's flags
 * @p folio_flags (decoded with @p fl, which must be known) into @p ff and,
 * when it is on a generation list (*@p on_list_ret), its lruvec's sequence
 * numbers into @p seq, as ps_lruvec_seq() reads them.
 */
struct ps_error *ps_lruvec_folio_gen(struct ps_target *t, const struct ps_flags_layout *fl,
				     uint64_t folio_flags, uint64_t memcg_data, int nid,
				     struct ps_flags_fields *ff, struct ps_lruvec_seq *seq,
				     bool *on_list_ret);

#endif
