/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-memcg shrinker bits: memcg reclaim (shrink_slab_memcg()) calls only
 * the shrinkers whose bit is set in memcg->nodeinfo[nid]->shrinker_info.
 * The map is one bitmap of shrinker_nr_max bits before v6.7 and an array
 * of shrinker_info_unit pointers, SHRINKER_UNIT_BITS each, since.
 */
#ifndef PS_SHRINKER_H
#define PS_SHRINKER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

/*
 * Whether bit @p id is set in the shrinker map of node @p nid of the
 * mem_cgroup_per_node @p nodeinfo. A missing map (no shrinker_info yet,
 * an id beyond the map) reads as clear.
 */
struct ps_error *ps_shrinker_bit(struct ps_target *t, uint64_t nodeinfo,
				 int id, bool *set_ret);

#endif
