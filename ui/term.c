// SPDX-License-Identifier: GPL-2.0-or-later
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "term.h"

static bool ps_ui_term_active;
static bool ps_ui_term_colour;

/* Colour pairs on demand: (fg, bg) to pair number. */
enum { PS_UI_MAX_PAIRS = 1024 };
static struct {
	short fg, bg;
} ps_ui_pairs[PS_UI_MAX_PAIRS];
static int ps_ui_nr_pairs;

bool ps_ui_term_open(void)
{
	if (!newterm(NULL, stdout, stdin))
		return false;
	ps_ui_term_active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ps_ui_term_colour = has_colors() && start_color() == OK;
	if (ps_ui_term_colour)
		use_default_colors();
	ps_ui_nr_pairs = 0;
	return true;
}

void ps_ui_term_close(void)
{
	if (!ps_ui_term_active)
		return;
	ps_ui_term_active = false;
	curs_set(1);
	endwin();
}

bool ps_ui_term_has_colour(void)
{
	return ps_ui_term_colour;
}

void ps_ui_term_size(int *width, int *height)
{
	getmaxyx(stdscr, *height, *width);
}

static short ps_ui_term_pair(short fg, short bg)
{
	int limit = COLOR_PAIRS - 1 < PS_UI_MAX_PAIRS ? COLOR_PAIRS - 1 : PS_UI_MAX_PAIRS;

	if (!ps_ui_term_colour || (fg < 0 && bg < 0))
		return 0;
	for (int i = 0; i < ps_ui_nr_pairs; i++) {
		if (ps_ui_pairs[i].fg == fg && ps_ui_pairs[i].bg == bg)
			return (short)(i + 1);
	}
	if (ps_ui_nr_pairs >= limit)
		return 0;
	ps_ui_pairs[ps_ui_nr_pairs].fg = fg;
	ps_ui_pairs[ps_ui_nr_pairs].bg = bg;
	init_pair((short)(ps_ui_nr_pairs + 1), fg, bg);
	return (short)++ps_ui_nr_pairs;
}

static short ps_ui_term_rgb(const uint8_t rgb[3])
{
	return COLORS >= 256 ? ps_ui_rgb_to_256(rgb) : ps_ui_rgb_to_8(rgb);
}

static attr_t ps_ui_term_attr(unsigned a)
{
	return (a & PS_UI_BOLD ? A_BOLD : 0) | (a & PS_UI_REVERSE ? A_REVERSE : 0) |
	       (a & PS_UI_UNDERLINE ? A_UNDERLINE : 0) | (a & PS_UI_DIM ? A_DIM : 0);
}

/* A swatch: its glyph on its colour; marked cells show in reverse. */
static void ps_ui_term_swatch(const struct ps_ui_cell *cell, bool colour,
			      attr_t *attr, short *pair)
{
	*attr = cell->flags & PS_UI_CELL_CHANGED ? A_UNDERLINE | A_BOLD : 0;
	if (cell->flags & PS_UI_CELL_MARK)
		*attr |= A_REVERSE | A_BOLD;
	*pair = 0;
	if (!colour)
		return;
	if (cell->flags & PS_UI_CELL_HALF) {
		*pair = ps_ui_term_pair(ps_ui_term_rgb(cell->rgb), ps_ui_term_rgb(cell->rgb2));
		return;
	}
	*pair = ps_ui_term_pair(ps_ui_rgb_is_light(cell->rgb) ? COLOR_BLACK : COLOR_WHITE,
				ps_ui_term_rgb(cell->rgb));
}

static void ps_ui_term_cell(int y, int x, const struct ps_ui_cell *cell,
			    const struct ps_ui_palette *p)
{
	bool colour = p->colour && ps_ui_term_colour;
	wchar_t wch[2] = { (wchar_t)cell->ch, 0 };
	cchar_t cc;
	attr_t attr;
	short pair;

	if (cell->flags & (PS_UI_CELL_SWATCH | PS_UI_CELL_HALF)) {
		ps_ui_term_swatch(cell, colour, &attr, &pair);
		if ((cell->flags & PS_UI_CELL_HALF) && !colour)
			wch[0] = L'#';
	} else {
		const struct ps_ui_style *s = &p->styles[cell->elem];

		attr = ps_ui_term_attr(s->attr);
		pair = colour ? ps_ui_term_pair(s->fg, s->bg) : 0;
	}
	setcchar(&cc, wch, attr, pair, NULL);
	mvadd_wch(y, x, &cc);
}

void ps_ui_term_show(const struct ps_ui_canvas *c,
		     const struct ps_ui_palette *p)
{
	int h, w;

	getmaxyx(stdscr, h, w);
	for (int y = 0; y < c->height && y < h; y++) {
		for (int x = 0; x < c->width && x < w; x++) {
			/* The bottom-right cell would scroll some terminals. */
			if (y == h - 1 && x == w - 1)
				continue;
			ps_ui_term_cell(y, x, &c->cells[(size_t)y * (size_t)c->width + (size_t)x], p);
		}
	}
	refresh();
}

int ps_ui_term_key(int timeout_ms)
{
	int key;

	timeout(timeout_ms);
	key = getch();
	return key == ERR ? -1 : key;
}
