// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The screen manager: the top bar, the status line, the prompt, keys to
 * actions, switching screens, live refresh. Screens never redraw
 * themselves: they return flags and the manager draws.
 */
#include <inttypes.h>
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

/* The top bar's tabs, in Tab order. */
static const struct ps_ui_screen_ops *const ps_ui_tabs[] = {
	&ps_ui_map_screen,   &ps_ui_gigablocks_screen, &ps_ui_lists_screen,
	&ps_ui_check_screen, &ps_ui_page_screen,
};

enum { PS_UI_NR_TABS = sizeof(ps_ui_tabs) / sizeof(ps_ui_tabs[0]) };

/* Smaller than this, nothing fits. */
enum { PS_UI_MIN_WIDTH = 40, PS_UI_MIN_HEIGHT = 8 };

static void ps_ui_progress(void *arg, uint64_t done, uint64_t total)
{
	ps_ui_busy(arg, "scanning memory", total ? (int)(done * 100 / total) : -1);
}

void ps_ui_init(struct ps_ui *ui, struct ps_target *t,
		const struct ps_open_args *open, bool live, bool has_colour)
{
	memset(ui, 0, sizeof(*ui));
	ps_ui_data_init(&ui->data, t, open, live);
	ui->data.progress = (struct ps_view_progress){ ps_ui_progress, ui };
	ui->has_colour = has_colour;
	ui->palette = ps_ui_palette_choose(has_colour);
	ui->interval = 2.0;
	snprintf(ui->search, sizeof(ui->search), "hwpoison");
	ui->back = &ps_ui_map_screen;
	ui->screen = &ps_ui_map_screen;
	if (ui->screen->enter)
		ui->screen->enter(ui);
}

void ps_ui_deinit(struct ps_ui *ui)
{
	if (ui->screen && ui->screen->leave)
		ui->screen->leave(ui);
	ps_ui_lists_deinit(ui);
	ps_ui_data_deinit(&ui->data);
}

void ps_ui_busy(struct ps_ui *ui, const char *what, int percent)
{
	if (ui->busy)
		ui->busy(ui, what, percent);
}

void ps_ui_message(struct ps_ui *ui, enum ps_ui_elem elem, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_elem = elem;
}

void ps_ui_switch(struct ps_ui *ui, const struct ps_ui_screen_ops *to)
{
	if (ui->screen == to)
		return;
	if (ui->screen->leave)
		ui->screen->leave(ui);
	if (ui->screen != &ps_ui_help_screen && ui->screen != &ps_ui_page_screen)
		ui->back = ui->screen;
	ui->screen = to;
	if (to->enter)
		to->enter(ui);
}

void ps_ui_prompt_start(struct ps_ui *ui, const char *label, const char *text,
			unsigned (*done)(struct ps_ui *ui, const char *text))
{
	struct ps_ui_prompt *p = &ui->prompt;

	p->active = true;
	snprintf(p->label, sizeof(p->label), "%s", label);
	snprintf(p->text, sizeof(p->text), "%s", text ? text : "");
	p->len = strlen(p->text);
	p->done = done;
}

unsigned ps_ui_inspect(struct ps_ui *ui, uint64_t pfn)
{
	ui->page.pfn = pfn;
	ui->page.chosen = true;
	ui->page.top = 0;
	ps_ui_switch(ui, &ps_ui_page_screen);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */
/* ------------------------------------------------------------------ */

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

static const char *ps_ui_basename(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? slash + 1 : path ? path : "";
}

static const char *ps_ui_live_mark(const struct ps_ui *ui)
{
	if (!ui->data.live)
		return "";
	return ui->paused ? " [paused]" : " [live]";
}

static void ps_ui_draw_top(struct ps_ui *ui, struct ps_ui_canvas *c)
{
	char right[160];
	int x = 0, len;

	ps_ui_fill(c, 0, 0, c->width, PS_UI_title);
	x += ps_ui_text(c, 0, x, -1, PS_UI_title, " pagescope ");
	for (int i = 0; i < PS_UI_NR_TABS; i++) {
		const struct ps_ui_screen_ops *s = ps_ui_tabs[i];
		enum ps_ui_elem e = s == ui->screen ? PS_UI_tab_active : PS_UI_tab;

		x += ps_ui_printf(c, 0, x, -1, e, " %d %s ", i + 1, s->name);
	}
	if (ui->screen == &ps_ui_help_screen)
		x += ps_ui_text(c, 0, x, -1, PS_UI_tab_active, " Help ");
	len = snprintf(right, sizeof(right), "%s %s%s ",
		       ui->data.t ? ps_view_target_release(ui->data.t) : "",
		       ps_ui_basename(ui->data.open.dump), ps_ui_live_mark(ui));
	if (x + 2 + len > c->width)	/* the live state matters most */
		len = snprintf(right, sizeof(right), "%s ", ps_ui_live_mark(ui));
	if (len > 1 && x + 2 + len <= c->width)
		ps_ui_text(c, 0, c->width - len, -1, PS_UI_title, right);
}

static void ps_ui_draw_prompt(struct ps_ui *ui, struct ps_ui_canvas *c)
{
	int y = c->height - 1, x;

	ps_ui_fill(c, y, 0, c->width, PS_UI_prompt);
	x = ps_ui_text(c, y, 0, -1, PS_UI_prompt, ui->prompt.label);
	x += ps_ui_text(c, y, x, -1, PS_UI_prompt, ui->prompt.text);
	ps_ui_text(c, y, x, -1, PS_UI_cursor, " ");
}

void ps_ui_render(struct ps_ui *ui, struct ps_ui_canvas *c)
{
	struct ps_ui_rect area = { 1, 0, c->height - 1, c->width };

	ps_ui_canvas_clear(c);
	if (c->width < PS_UI_MIN_WIDTH || c->height < PS_UI_MIN_HEIGHT) {
		ps_ui_printf(c, 0, 0, -1, PS_UI_warn, "pagescope: the terminal is too small (%dx%d; at least %dx%d)",
			     c->width, c->height, PS_UI_MIN_WIDTH, PS_UI_MIN_HEIGHT);
		return;
	}
	ps_ui_draw_top(ui, c);
	ui->screen->draw(ui, c, area);
	if (ui->prompt.active)
		ps_ui_draw_prompt(ui, c);
	else if (ui->message[0])
		ps_ui_status(c, area, ui->message_elem, "%s", ui->message);
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

static unsigned ps_ui_prompt_key(struct ps_ui *ui, int key)
{
	struct ps_ui_prompt *p = &ui->prompt;

	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		p->active = false;
		return p->done(ui, p->text) | PS_UI_REDRAW;
	case 27:
		p->active = false;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (p->len)
			p->text[--p->len] = '\0';
		break;
	case 21:	/* ^U, as in readline: clear the line */
		p->len = 0;
		p->text[0] = '\0';
		break;
	default:
		if (key >= 32 && key < 127 && p->len + 1 < sizeof(p->text)) {
			p->text[p->len++] = (char)key;
			p->text[p->len] = '\0';
		}
		break;
	}
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_cycle(struct ps_ui *ui, int step)
{
	int at = 0;

	for (int i = 0; i < PS_UI_NR_TABS; i++) {
		if (ps_ui_tabs[i] == ui->screen)
			at = i;
	}
	if (ui->screen == &ps_ui_help_screen)
		at = step > 0 ? -1 : 0;
	ps_ui_switch(ui, ps_ui_tabs[(at + step + PS_UI_NR_TABS) % PS_UI_NR_TABS]);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_toggle_palette(struct ps_ui *ui)
{
	if (ui->palette == &ps_ui_palette_mono && ui->has_colour) {
		ui->palette = &ps_ui_palette_colour;
	} else {
		ui->palette = &ps_ui_palette_mono;
		ui->map.dense = false;
	}
	ps_ui_message(ui, PS_UI_normal, "palette: %s", ui->palette->name);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_global(struct ps_ui *ui, enum ps_ui_action act)
{
	switch (act) {
	case PS_ACT_quit:
		return PS_UI_QUIT;
	case PS_ACT_help:
		ps_ui_switch(ui, ui->screen == &ps_ui_help_screen ? ui->back
								   : &ps_ui_help_screen);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_next_screen:
		return ps_ui_cycle(ui, 1);
	case PS_ACT_prev_screen:
		return ps_ui_cycle(ui, -1);
	case PS_ACT_screen_map:
	case PS_ACT_screen_gigablocks:
	case PS_ACT_screen_lists:
	case PS_ACT_screen_check:
	case PS_ACT_screen_page:
		ps_ui_switch(ui, ps_ui_tabs[act - PS_ACT_screen_map]);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_pause:
		if (!ui->data.live) {
			ps_ui_message(ui, PS_UI_dim, "not live: a dump does not change");
			return PS_UI_HANDLED | PS_UI_REDRAW;
		}
		ui->paused = !ui->paused;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_reload:
		return ps_ui_refresh(ui);
	case PS_ACT_palette:
		return ps_ui_toggle_palette(ui);
	case PS_ACT_back:
		if (ui->screen == &ps_ui_help_screen || ui->screen == &ps_ui_page_screen) {
			ps_ui_switch(ui, ui->back);
			return PS_UI_HANDLED | PS_UI_REDRAW;
		}
		return 0;
	default:
		return 0;
	}
}

unsigned ps_ui_key(struct ps_ui *ui, int key)
{
	enum ps_ui_action act;
	unsigned flags;

	if (key == KEY_RESIZE)
		return PS_UI_REDRAW;
	if (ui->prompt.active)
		return ps_ui_prompt_key(ui, key);
	ui->message[0] = '\0';
	act = ps_ui_key_action(key, 1u << ui->screen->id);
	if (act == PS_ACT_none)
		return PS_UI_REDRAW;
	flags = ui->screen->key(ui, act);
	if (!flags)
		flags = ps_ui_global(ui, act);
	return flags | PS_UI_REDRAW;
}

/* ------------------------------------------------------------------ */
/* Live                                                               */
/* ------------------------------------------------------------------ */

static size_t ps_ui_count_changes(struct ps_ui *ui)
{
	const struct ps_view_map *m = ui->data.map;
	struct ps_view_map_shape s;
	size_t changed = 0;

	if (!m || !ui->data.old_map)
		return 0;
	ps_view_map_shape(m, &s);
	for (size_t r = 0; r < s.nr_rows; r++) {
		for (size_t b = 0; b < s.blocks_per_row; b++)
			changed += ps_ui_data_changed(&ui->data, ui->map.mode,
						      ps_view_map_row_pfn(m, r), b, 1);
	}
	return changed;
}

unsigned ps_ui_refresh(struct ps_ui *ui)
{
	char err[PS_UI_MSG_LEN], when[32];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
	ps_ui_busy(ui, "reading memory again", -1);
	if (!ps_ui_data_refresh(&ui->data, err, sizeof(err))) {
		snprintf(ui->live_status, sizeof(ui->live_status),
			 "%.10s: read failed, will retry: %.50s", when, err);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	}
	if (ui->data.live && ps_ui_data_map(&ui->data))
		snprintf(ui->live_status, sizeof(ui->live_status),
			 "%s: %zu pageblocks changed", when, ps_ui_count_changes(ui));
	else if (ui->data.live)
		snprintf(ui->live_status, sizeof(ui->live_status),
			 "%s: map read failed (transient), will retry", when);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}
