/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The map's owner mode: which owner kinds the map holds (its legend) and
 * the pane of one pageblock's largest owners, as `blocks` reports them.
 */
#ifndef PS_UI_OWNER_PANE_H
#define PS_UI_OWNER_PANE_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "pagescope_view.h"

/* Lines the pane takes at most: a heading, pinned and movable owners. */
enum { PS_UI_OWNER_PANE_LINES = 1 + 2 * PS_VIEW_BLOCK_OWNERS };

/* Set present[cls] for each class of @p mode some pageblock of @p m has. */
void ps_ui_classes_present(const struct ps_view_map *m, size_t mode,
			   bool present[], size_t nr);

/*
 * The owners of the pageblock at @p pfn, from line @p y, in at most
 * @p lines lines.
 */
void ps_ui_owner_pane(struct ps_ui_canvas *c, int y, int lines,
		      const struct ps_view_owners *o, uint64_t pfn);

#endif
