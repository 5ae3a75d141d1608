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
#include <stdlib.h>
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

/* Every screen, the tabs and Help. */
static const struct ps_ui_screen_ops *const ps_ui_screens[PS_UI_NR_SCREENS] = {
	[PS_UI_SCR_MAP] = &ps_ui_map_screen,
	[PS_UI_SCR_GIGABLOCKS] = &ps_ui_gigablocks_screen,
	[PS_UI_SCR_LISTS] = &ps_ui_lists_screen,
	[PS_UI_SCR_CHECK] = &ps_ui_check_screen,
	[PS_UI_SCR_PAGE] = &ps_ui_page_screen,
	[PS_UI_SCR_HELP] = &ps_ui_help_screen,
};

bool ps_ui_screens_init(struct ps_ui *ui)
{
	for (size_t i = 0; i < PS_UI_NR_SCREENS; i++) {
		size_t size = ps_ui_screens[i]->state_size;

		ui->state[i] = calloc(1, size ? size : 1);
		if (!ui->state[i])
			return false;
	}
	return true;
}

void ps_ui_screens_deinit(struct ps_ui *ui)
{
	for (size_t i = 0; i < PS_UI_NR_SCREENS; i++) {
		if (ui->state[i] && ps_ui_screens[i]->fini)
			ps_ui_screens[i]->fini(ui);
		free(ui->state[i]);
		ui->state[i] = NULL;
	}
}

void *ps_ui_state(const struct ps_ui *ui, enum ps_ui_screen_id id)
{
	return ui->state[id];
}

bool ps_ui_init(struct ps_ui *ui, struct ps_target *t,
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
	if (!ps_ui_screens_init(ui))
		return false;
	if (ui->screen->enter)
		ui->screen->enter(ui);
	return true;
}

void ps_ui_deinit(struct ps_ui *ui)
{
	if (ui->screen && ui->screen->leave && ui->state[ui->screen->id])
		ui->screen->leave(ui);
	ps_ui_screens_deinit(ui);
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

unsigned ps_ui_show(struct ps_ui *ui, const struct ps_ui_screen_ops *to,
		    uint64_t pfn, enum ps_ui_zoom zoom)
{
	if (to->show && !to->show(ui, pfn, zoom))
		return PS_UI_HANDLED | PS_UI_REDRAW;
	ps_ui_switch(ui, to);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

unsigned ps_ui_inspect(struct ps_ui *ui, uint64_t pfn)
{
	return ps_ui_show(ui, &ps_ui_page_screen, pfn, PS_UI_ZOOM_PAGE);
}

bool ps_ui_cursor_pfn(struct ps_ui *ui, const struct ps_ui_screen_ops *s,
		      uint64_t *pfn_ret, bool *exact_ret)
{
	bool exact;

	if (!s->cursor_pfn)
		return false;
	return s->cursor_pfn(ui, pfn_ret, exact_ret ? exact_ret : &exact);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */
/* ------------------------------------------------------------------ */

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
	case PS_ACT_repaint:
		return PS_UI_HANDLED | PS_UI_REDRAW | PS_UI_REPAINT;
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
/* Between keys                                                       */
/* ------------------------------------------------------------------ */

unsigned ps_ui_background(struct ps_ui *ui, double seconds, bool *more_ret,
			  bool *scanning_ret)
{
	int percent;
	bool stepped = ps_ui_data_scan_step(&ui->data, seconds);
	bool owners = ps_ui_data_poll(&ui->data);
	bool was = ui->busy_before;

	*scanning_ret = ps_ui_data_scanning(&ui->data, &percent);
	*more_ret = ui->busy_before = *scanning_ret || owners;
	/* Progress while it runs, and once more for what it ended with. */
	return stepped || owners || was ? PS_UI_REDRAW : 0;
}

/* ------------------------------------------------------------------ */
/* Live                                                               */
/* ------------------------------------------------------------------ */

/* Tell every screen that memory was read again, or why not. */
static void ps_ui_refreshed(struct ps_ui *ui, const char *when, const char *err)
{
	for (size_t i = 0; i < PS_UI_NR_SCREENS; i++) {
		if (ps_ui_screens[i]->refreshed)
			ps_ui_screens[i]->refreshed(ui, when, err);
	}
}

unsigned ps_ui_refresh(struct ps_ui *ui)
{
	char err[PS_UI_MSG_LEN], when[32];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
	ps_ui_busy(ui, "reading memory again", -1);
	if (!ps_ui_data_refresh(&ui->data, err, sizeof(err)))
		ps_ui_refreshed(ui, when, err);
	else
		ps_ui_refreshed(ui, when, NULL);
	return PS_UI_HANDLED | PS_UI_REDRAW;
}
