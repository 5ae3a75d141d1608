// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "draw.h"

const char *ps_ui_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v == (uint64_t)v ? "%.0f %s" : "%.1f %s", v, units[u]);
	return buf;
}

void ps_ui_status(struct ps_ui_canvas *c, struct ps_ui_rect area,
		  enum ps_ui_elem elem, const char *fmt, ...)
{
	char buf[512];
	int y = area.y + area.h - 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ps_ui_fill(c, y, area.x, area.w, elem);
	ps_ui_text(c, y, area.x + 1, area.w - 2, elem, buf);
}

void ps_ui_walking(struct ps_ui_canvas *c, struct ps_ui_rect area,
		   const char *command)
{
	ps_ui_printf(c, area.y, 0, -1, PS_UI_dim,
		     "%s: its walk runs in the background; this screen fills in when it ends",
		     command);
	ps_ui_status(c, area, PS_UI_status, "walking memory... (keys work)");
}

void ps_ui_scroll_to(int cursor, int visible, int *top)
{
	if (visible < 1)
		visible = 1;
	if (cursor < *top)
		*top = cursor;
	if (cursor >= *top + visible)
		*top = cursor - visible + 1;
	if (*top < 0)
		*top = 0;
}

unsigned ps_ui_table_move(struct ps_ui_table_state *s, enum ps_ui_action act,
			  int nr)
{
	int page = s->visible_rows > 1 ? s->visible_rows - 1 : 1;
	int to = s->cursor;

	switch (act) {
	case PS_ACT_up:
		to--;
		break;
	case PS_ACT_down:
		to++;
		break;
	case PS_ACT_page_up:
		to -= page;
		break;
	case PS_ACT_page_down:
		to += page;
		break;
	case PS_ACT_home:
		to = 0;
		break;
	case PS_ACT_end:
		to = nr - 1;
		break;
	default:
		return 0;
	}
	if (to >= nr)
		to = nr - 1;
	if (to < 0)
		to = 0;
	s->cursor = to;
	return PS_UI_HANDLED | PS_UI_REDRAW;
}
