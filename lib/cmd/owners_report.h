/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The owners of a region (a gigablock for frag, a pageblock for blocks),
 * in text and JSON, with the keys of pagescope_report.h.
 */
#ifndef PS_OWNERS_REPORT_H
#define PS_OWNERS_REPORT_H

#include <stdio.h>

#include "analysis/owner_stats.h"
#include "output/output.h"

/*
 * What would have to move or be freed to empty @p r: pages per
 * movability, then its largest pinned and movable owners, a line each.
 */
void ps_owners_text_region(FILE *fp, const struct ps_owner_stats *s,
			   const struct ps_region_owners *r, const char *indent);

/* "kind owner (N)" of the region's largest pinned owner, or "-". */
const char *ps_owners_region_top(const struct ps_owner_stats *s,
				 const struct ps_region_owners *r, char *buf,
				 size_t len);

/* {"free": N, "movable": N, "reclaimable": N, "unmovable": N} */
struct json_object *ps_owners_json_movs(const uint64_t *by_mov);

/* {"by_movability": {...}, "pinned": [...], "movable": [...]}. */
struct json_object *ps_owners_json_region(const struct ps_owner_stats *s,
					  const struct ps_region_owners *r);

/* One owner of @p s: {"owner_kind", "owner", "movability", "pages"}. */
struct json_object *ps_owners_json_count(const struct ps_owner_stats *s,
					 const struct ps_owner_count *c);

#endif
