/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The canvas: screens draw rows of cells here, never on the terminal.
 * A cell is a character with a semantic element, or a swatch (a map or
 * page class: glyph and colour). The terminal backend shows a canvas;
 * tests read it back as text.
 */
#ifndef PS_UI_CANVAS_H
#define PS_UI_CANVAS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "palette.h"

enum {
	PS_UI_CELL_SWATCH = 1 << 0,	/* coloured by rgb, glyph without colour */
	PS_UI_CELL_HALF = 1 << 1,	/* two swatches: rgb above, rgb2 below */
	PS_UI_CELL_MARK = 1 << 2,	/* under the cursor */
	PS_UI_CELL_MARK_LOW = 1 << 3,	/* half cells: the lower one is */
	PS_UI_CELL_CHANGED = 1 << 4,	/* changed since the last refresh */
};

struct ps_ui_cell {
	uint32_t ch;		/* a Unicode code point, one column wide */
	uint8_t elem;		/* enum ps_ui_elem */
	uint8_t flags;		/* PS_UI_CELL_* */
	uint8_t rgb[3], rgb2[3];
};

struct ps_ui_canvas {
	int width, height;
	struct ps_ui_cell *cells;
};

/* A rectangle of the canvas a screen draws in. */
struct ps_ui_rect {
	int y, x, h, w;
};

/* Returns false when out of memory. Must be freed with _deinit(). */
bool ps_ui_canvas_init(struct ps_ui_canvas *c, int width, int height);
void ps_ui_canvas_deinit(struct ps_ui_canvas *c);
/* Resize and clear; false when out of memory (the canvas is unchanged). */
bool ps_ui_canvas_resize(struct ps_ui_canvas *c, int width, int height);
void ps_ui_canvas_clear(struct ps_ui_canvas *c);

/* The cell at (@p y, @p x), or NULL outside the canvas. */
struct ps_ui_cell *ps_ui_canvas_at(struct ps_ui_canvas *c, int y, int x);

/*
 * Draw UTF-8 @p text at (@p y, @p x), at most @p max columns (-1: to the
 * edge). Returns the columns used.
 */
int ps_ui_text(struct ps_ui_canvas *c, int y, int x, int max,
	       enum ps_ui_elem elem, const char *text);
int ps_ui_printf(struct ps_ui_canvas *c, int y, int x, int max,
		 enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Paint @p w cells of row @p y from @p x with @p elem (text kept). */
void ps_ui_paint(struct ps_ui_canvas *c, int y, int x, int w,
		 enum ps_ui_elem elem);
/* Fill @p w cells with blanks of @p elem. */
void ps_ui_fill(struct ps_ui_canvas *c, int y, int x, int w,
		enum ps_ui_elem elem);
/* A swatch: @p glyph, in colour @p rgb when the palette has colour. */
void ps_ui_swatch(struct ps_ui_canvas *c, int y, int x, char glyph,
		  const uint8_t rgb[3], unsigned flags);
/* Two swatches stacked in one cell (▀): colour only. */
void ps_ui_half(struct ps_ui_canvas *c, int y, int x, const uint8_t top[3],
		const uint8_t bottom[3], unsigned flags);

/*
 * Row @p y as UTF-8 without trailing blanks, into @p buf of @p len bytes.
 * Half cells read as '#' (a text capture cannot show them).
 */
size_t ps_ui_canvas_line(const struct ps_ui_canvas *c, int y, char *buf,
			 size_t len);
/* Encode @p cp as UTF-8 into @p out (4 bytes); returns its length. */
size_t ps_ui_utf8_encode(uint32_t cp, char *out);

#endif
