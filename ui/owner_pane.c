// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "owner_pane.h"

void ps_ui_classes_present(const struct ps_view_map *m, size_t mode,
			   bool present[], size_t nr)
{
	struct ps_view_map_shape s;

	memset(present, 0, nr * sizeof(*present));
	ps_view_map_shape(m, &s);
	for (size_t r = 0; r < s.nr_rows; r++) {
		for (size_t b = 0; b < s.blocks_per_row; b++) {
			unsigned cls = ps_view_map_cell(m, mode, r, b, 1);

			if (cls < nr)
				present[cls] = true;
		}
	}
}

/* "free 12  movable 300  reclaimable 0  unmovable 200" */
static void ps_ui_owner_movs(const struct ps_view_block_owners *b, char *buf,
			     size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < PS_VIEW_MOVABILITIES && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s %" PRIu64,
					 i ? "  " : "", ps_view_owner_movability_name(i),
					 b->by_movability[i]);
}

static int ps_ui_owner_lines(struct ps_ui_canvas *c, int y, int end,
			     const struct ps_view_owner *v, size_t nr)
{
	for (size_t i = 0; i < nr && y < end; i++, y++)
		ps_ui_printf(c, y, 2, -1, PS_UI_normal, "%8" PRIu64 " pages  %-11s %-13s %s",
			     v[i].pages, v[i].movability, v[i].kind, v[i].name);
	return y;
}

void ps_ui_owner_pane(struct ps_ui_canvas *c, int y, int lines,
		      const struct ps_view_owners *o, uint64_t pfn)
{
	struct ps_view_block_owners b;
	char movs[160];
	int end = y + lines;

	if (lines < 1)
		return;
	if (!ps_view_owners_block(o, pfn, &b)) {
		ps_ui_printf(c, y, 0, -1, PS_UI_dim, "pageblock 0x%" PRIx64 ": no pages", pfn);
		return;
	}
	ps_ui_owner_movs(&b, movs, sizeof(movs));
	ps_ui_printf(c, y++, 0, -1, PS_UI_header, "pageblock 0x%" PRIx64 " owners: %s",
		     pfn, movs);
	y = ps_ui_owner_lines(c, y, end, b.pinned, b.nr_pinned);
	ps_ui_owner_lines(c, y, end, b.movable, b.nr_movable);
}
