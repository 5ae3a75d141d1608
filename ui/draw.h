/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drawing helpers the screens share: the status line, sizes in words, and
 * a table's cursor and scrolling. Nothing here knows a screen.
 */
#ifndef PS_UI_DRAW_H
#define PS_UI_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "canvas.h"
#include "keys.h"
#include "palette.h"

/* A table: a sort column, a cursor, a scroll position. */
struct ps_ui_table_state {
	int sort;
	bool reverse;
	int cursor, top, visible_rows;
};

/* The last row of @p area, filled with @p elem, with the text. */
void ps_ui_status(struct ps_ui_canvas *c, struct ps_ui_rect area,
		  enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* One part of a status line; parts with a higher @p drop go first when
 * the line is too wide (0: never). */
struct ps_ui_part {
	const char *text;
	int drop;
};

/* The last row of @p area: the @p n parts joined by " | ", fitted. */
void ps_ui_status_parts(struct ps_ui_canvas *c, struct ps_ui_rect area, enum ps_ui_elem elem,
			const struct ps_ui_part *parts, size_t n);
/* What a screen shows while the report @p command it needs is walked. */
void ps_ui_walking(struct ps_ui_canvas *c, struct ps_ui_rect area,
		   const char *command);
/* Keep @p cursor visible in @p visible rows starting at *@p top. */
void ps_ui_scroll_to(int cursor, int visible, int *top);
/* Move a table cursor by @p act over @p nr rows; PS_UI_* flags, 0 if not a move. */
unsigned ps_ui_table_move(struct ps_ui_table_state *s, enum ps_ui_action act,
			  int nr);
/* "2.0 GiB" */
const char *ps_ui_size(uint64_t bytes, char *buf, size_t len);

#endif
