// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

static const uint32_t ps_ui_upper_half = 0x2580;	/* ▀ */

bool ps_ui_canvas_init(struct ps_ui_canvas *c, int width, int height)
{
	memset(c, 0, sizeof(*c));
	return ps_ui_canvas_resize(c, width, height);
}

void ps_ui_canvas_deinit(struct ps_ui_canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->width = c->height = 0;
}

bool ps_ui_canvas_resize(struct ps_ui_canvas *c, int width, int height)
{
	struct ps_ui_cell *cells;

	if (width < 1)
		width = 1;
	if (height < 1)
		height = 1;
	cells = calloc((size_t)width * (size_t)height, sizeof(*cells));
	if (!cells)
		return false;
	free(c->cells);
	c->cells = cells;
	c->width = width;
	c->height = height;
	ps_ui_canvas_clear(c);
	return true;
}

void ps_ui_canvas_clear(struct ps_ui_canvas *c)
{
	size_t n = (size_t)c->width * (size_t)c->height;

	for (size_t i = 0; i < n; i++)
		c->cells[i] = (struct ps_ui_cell){ .ch = ' ', .elem = PS_UI_normal };
}

struct ps_ui_cell *ps_ui_canvas_at(struct ps_ui_canvas *c, int y, int x)
{
	if (y < 0 || x < 0 || y >= c->height || x >= c->width)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->width + (size_t)x];
}

/* The next code point of @p s; malformed bytes read as '?'. */
static uint32_t ps_ui_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int more;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0)
		cp = p[0] & 0x1f, more = 1;
	else if ((p[0] & 0xf0) == 0xe0)
		cp = p[0] & 0x0f, more = 2;
	else if ((p[0] & 0xf8) == 0xf0)
		cp = p[0] & 0x07, more = 3;
	else
		more = -1, cp = '?';
	for (int i = 1; i <= more; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += i;
			return '?';
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	*s += more < 0 ? 1 : more + 1;
	return more < 0 ? '?' : cp;
}

int ps_ui_text(struct ps_ui_canvas *c, int y, int x, int max,
	       enum ps_ui_elem elem, const char *text)
{
	int used = 0;

	if (max < 0)
		max = c->width - x;
	while (*text && used < max) {
		uint32_t cp = ps_ui_utf8_next(&text);
		struct ps_ui_cell *cell = ps_ui_canvas_at(c, y, x + used);

		if (!cell)
			break;
		if (cp == '\t' || cp == '\n' || cp < 0x20)
			cp = ' ';
		*cell = (struct ps_ui_cell){ .ch = cp, .elem = (uint8_t)elem };
		used++;
	}
	return used;
}

int ps_ui_printf(struct ps_ui_canvas *c, int y, int x, int max,
		 enum ps_ui_elem elem, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ps_ui_text(c, y, x, max, elem, buf);
}

void ps_ui_paint(struct ps_ui_canvas *c, int y, int x, int w,
		 enum ps_ui_elem elem)
{
	for (int i = 0; i < w; i++) {
		struct ps_ui_cell *cell = ps_ui_canvas_at(c, y, x + i);

		if (cell && !(cell->flags & (PS_UI_CELL_SWATCH | PS_UI_CELL_HALF)))
			cell->elem = (uint8_t)elem;
	}
}

void ps_ui_fill(struct ps_ui_canvas *c, int y, int x, int w,
		enum ps_ui_elem elem)
{
	for (int i = 0; i < w; i++) {
		struct ps_ui_cell *cell = ps_ui_canvas_at(c, y, x + i);

		if (cell)
			*cell = (struct ps_ui_cell){ .ch = ' ', .elem = (uint8_t)elem };
	}
}

void ps_ui_swatch(struct ps_ui_canvas *c, int y, int x, char glyph,
		  const uint8_t rgb[3], unsigned flags)
{
	struct ps_ui_cell *cell = ps_ui_canvas_at(c, y, x);

	if (!cell)
		return;
	*cell = (struct ps_ui_cell){
		.ch = (unsigned char)glyph,
		.elem = PS_UI_normal,
		.flags = (uint8_t)(flags | PS_UI_CELL_SWATCH),
	};
	memcpy(cell->rgb, rgb, 3);
}

void ps_ui_half(struct ps_ui_canvas *c, int y, int x, const uint8_t top[3],
		const uint8_t bottom[3], unsigned flags)
{
	struct ps_ui_cell *cell = ps_ui_canvas_at(c, y, x);

	if (!cell)
		return;
	*cell = (struct ps_ui_cell){
		.ch = ps_ui_upper_half,
		.elem = PS_UI_normal,
		.flags = (uint8_t)(flags | PS_UI_CELL_HALF),
	};
	memcpy(cell->rgb, top, 3);
	memcpy(cell->rgb2, bottom, 3);
}

size_t ps_ui_utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t ps_ui_canvas_line(const struct ps_ui_canvas *c, int y, char *buf,
			 size_t len)
{
	size_t used = 0, keep = 0;

	if (!len)
		return 0;
	for (int x = 0; y >= 0 && y < c->height && x < c->width; x++) {
		const struct ps_ui_cell *cell = &c->cells[(size_t)y * (size_t)c->width + (size_t)x];
		char enc[4];
		size_t n = ps_ui_utf8_encode(cell->flags & PS_UI_CELL_HALF ? '#' : cell->ch, enc);

		if (used + n >= len)
			break;
		memcpy(buf + used, enc, n);
		used += n;
		if (cell->ch != ' ' || cell->flags & PS_UI_CELL_HALF)
			keep = used;
	}
	buf[keep] = '\0';
	return keep;
}
