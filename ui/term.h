/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The terminal, through ncurses: the only file that draws on it. Shows a
 * canvas with a palette, reads keys, and gives the terminal back as it
 * found it on every way out (quit, error, signal).
 */
#ifndef PS_UI_TERM_H
#define PS_UI_TERM_H

#include <stdbool.h>

#include "canvas.h"
#include "palette.h"

/* Take the terminal; false when it cannot be used. */
bool ps_ui_term_open(void);
/* Give it back; safe to call twice and from a signal handler. */
void ps_ui_term_close(void);
bool ps_ui_term_has_colour(void);
void ps_ui_term_size(int *width, int *height);
/* Show @p c; only what changed goes out. */
void ps_ui_term_show(const struct ps_ui_canvas *c,
		     const struct ps_ui_palette *p);
/* The next key, or -1 after @p timeout_ms (-1: wait). KEY_RESIZE on resize. */
int ps_ui_term_key(int timeout_ms);

#endif
