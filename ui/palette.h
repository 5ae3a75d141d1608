/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Colours: semantic elements (what a piece of text is) times a palette
 * (how this terminal shows it). The monochrome palette uses attributes
 * only; it is chosen for NO_COLOR and terminals without colour.
 */
#ifndef PS_UI_PALETTE_H
#define PS_UI_PALETTE_H

#include <stdbool.h>
#include <stdint.h>

/* X(name): the elements a screen may draw with. */
#define PS_UI_ELEMS(X)                                                         \
	X(normal)	/* body text */                                        \
	X(title)	/* the top bar */                                      \
	X(tab)		/* a screen's name in the top bar */                   \
	X(tab_active)	/* the current screen's name */                        \
	X(header)	/* column titles, section heads */                     \
	X(status)	/* the bottom line */                                  \
	X(cursor)	/* the selected row */                                 \
	X(dim)		/* secondary text */                                   \
	X(key)		/* a key name in help and hints */                     \
	X(ok)		/* a verdict that holds */                             \
	X(warn)		/* transient, bounded, to look at */                   \
	X(bad)		/* corruption, failure, hwpoison */                    \
	X(prompt)	/* the line being typed */

enum ps_ui_elem {
#define PS_UI_ELEM_ENUM(name) PS_UI_##name,
	PS_UI_ELEMS(PS_UI_ELEM_ENUM)
#undef PS_UI_ELEM_ENUM
	PS_UI_NR_ELEMS
};

/* Attributes, as the terminal backend will map them. */
enum {
	PS_UI_BOLD = 1 << 0,
	PS_UI_REVERSE = 1 << 1,
	PS_UI_UNDERLINE = 1 << 2,
	PS_UI_DIM = 1 << 3,
};

/* Colours 0-7 are the ANSI ones; -1 is the terminal's default. */
enum { PS_UI_DEFAULT = -1 };

struct ps_ui_style {
	short fg, bg;
	unsigned attr;
};

struct ps_ui_palette {
	const char *name;
	bool colour;		/* swatches in colour, or glyphs only */
	struct ps_ui_style styles[PS_UI_NR_ELEMS];
};

extern const struct ps_ui_palette ps_ui_palette_colour;
extern const struct ps_ui_palette ps_ui_palette_mono;

/* The palette for a terminal: mono when NO_COLOR is set or no colours. */
const struct ps_ui_palette *ps_ui_palette_choose(bool terminal_has_colour);

/* The nearest colour of the xterm 256-colour cube / of the 8 ANSI ones. */
short ps_ui_rgb_to_256(const uint8_t rgb[3]);
short ps_ui_rgb_to_8(const uint8_t rgb[3]);
/* Black or white, whichever reads better on @p rgb. */
bool ps_ui_rgb_is_light(const uint8_t rgb[3]);

#endif
