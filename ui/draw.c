// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"

enum { PS_UI_MAX_PARTS = 16 };

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

/* The shown part that goes first, or -1 when none may go. */
static int ps_ui_part_to_drop(const struct ps_ui_part *parts, const bool *shown, size_t n)
{
	int worst = -1;

	for (size_t i = 0; i < n; i++)
		if (shown[i] && parts[i].drop && (worst < 0 || parts[i].drop > parts[worst].drop))
			worst = (int)i;
	return worst;
}

static size_t ps_ui_parts_width(const struct ps_ui_part *parts, const bool *shown, size_t n)
{
	size_t width = 0, count = 0;

	for (size_t i = 0; i < n; i++)
		if (shown[i]) {
			width += strlen(parts[i].text);
			count++;
		}
	return width + (count ? 3 * (count - 1) : 0);
}

/*
 * What identifies the thing stays; hints and details go, least useful
 * first, until the line fits (the text is cut only when nothing else may
 * go).
 */
void ps_ui_status_parts(struct ps_ui_canvas *c, struct ps_ui_rect area, enum ps_ui_elem elem,
			const struct ps_ui_part *parts, size_t n)
{
	bool shown[PS_UI_MAX_PARTS];
	char buf[512];
	size_t used = 0;
	int drop;

	n = n < PS_UI_MAX_PARTS ? n : PS_UI_MAX_PARTS;
	for (size_t i = 0; i < n; i++)
		shown[i] = true;
	while (area.w > 2 && ps_ui_parts_width(parts, shown, n) > (size_t)area.w - 2 &&
	       (drop = ps_ui_part_to_drop(parts, shown, n)) >= 0)
		shown[drop] = false;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(buf); i++)
		if (shown[i])
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
						 used ? " | " : "", parts[i].text);
	ps_ui_status(c, area, elem, "%s", buf);
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
