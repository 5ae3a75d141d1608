/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The viewer's core, without a terminal: screens (each a const ops
 * table with a state of its own) and the screen manager that routes keys
 * and draws into a canvas. ui/term.c shows the canvas; tests read it.
 */
#ifndef PS_UI_H
#define PS_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "canvas.h"
#include "data.h"
#include "draw.h"
#include "keys.h"
#include "palette.h"

enum ps_ui_screen_id {
	PS_UI_SCR_MAP,
	PS_UI_SCR_GIGABLOCKS,
	PS_UI_SCR_LISTS,
	PS_UI_SCR_CHECK,
	PS_UI_SCR_PAGE,
	PS_UI_SCR_HELP,
	PS_UI_NR_SCREENS
};

/* How close a screen comes to a pfn it is asked to show. */
enum ps_ui_zoom {
	PS_UI_ZOOM_PAGE,	/* the page itself */
	PS_UI_ZOOM_GIGABLOCK,	/* the gigablock holding it */
};

struct ps_ui;

/*
 * A screen: its state is its own (a zeroed block of state_size bytes the
 * manager keeps for it); the manager and other screens reach it only
 * through these operations.
 */
struct ps_ui_screen_ops {
	const char *name;		/* in the top bar */
	enum ps_ui_screen_id id;	/* PS_UI_IN_* bit = 1 << id */
	size_t state_size;		/* of the screen's own state */
	/* Optional: free what the state points to. */
	void (*fini)(struct ps_ui *ui);
	void (*enter)(struct ps_ui *ui);
	void (*leave)(struct ps_ui *ui);
	/* Draw into @p area; its last row is the status line. */
	void (*draw)(struct ps_ui *ui, struct ps_ui_canvas *c,
		     struct ps_ui_rect area);
	/* Returns PS_UI_* flags; 0 when the action means nothing here. */
	unsigned (*key)(struct ps_ui *ui, enum ps_ui_action act);
	/*
	 * Optional: be ready to show @p pfn when entered; false (with a
	 * message) when the screen cannot.
	 */
	bool (*show)(struct ps_ui *ui, uint64_t pfn, enum ps_ui_zoom zoom);
	/*
	 * Optional: the pfn under the cursor, and whether the cursor is on
	 * that page (not on a block that starts there); false when none.
	 */
	bool (*cursor_pfn)(struct ps_ui *ui, uint64_t *pfn_ret, bool *exact_ret);
	/* Optional: memory was read again at @p when; @p err: why it failed. */
	void (*refreshed)(struct ps_ui *ui, const char *when, const char *err);
};

extern const struct ps_ui_screen_ops ps_ui_map_screen;
extern const struct ps_ui_screen_ops ps_ui_gigablocks_screen;
extern const struct ps_ui_screen_ops ps_ui_lists_screen;
extern const struct ps_ui_screen_ops ps_ui_check_screen;
extern const struct ps_ui_screen_ops ps_ui_page_screen;
extern const struct ps_ui_screen_ops ps_ui_help_screen;

/* ------------------------------------------------------------------ */
/* The manager                                                        */
/* ------------------------------------------------------------------ */

enum { PS_UI_MSG_LEN = 256, PS_UI_PROMPT_LEN = 128 };

struct ps_ui_prompt {
	bool active;
	char label[48];
	char text[PS_UI_PROMPT_LEN];
	size_t len;
	unsigned (*done)(struct ps_ui *ui, const char *text);
};

struct ps_ui {
	struct ps_ui_data data;
	const struct ps_ui_palette *palette;
	bool has_colour;		/* the terminal's */
	const struct ps_ui_screen_ops *screen;
	const struct ps_ui_screen_ops *back;	/* where Help and Page return */
	void *state[PS_UI_NR_SCREENS];	/* each screen's own */

	char message[PS_UI_MSG_LEN];
	enum ps_ui_elem message_elem;
	struct ps_ui_prompt prompt;
	char search[64];

	bool busy_before;		/* background work at the last look */

	/* Live: refresh every interval seconds unless paused. */
	double interval;
	bool paused;

	/* Called (when set) while a long walk runs, to show progress. */
	void (*busy)(struct ps_ui *ui, const char *what, int percent);
	void *busy_arg;
};

/*
 * Start on the map. @p t is owned by @p ui from now on, also when this
 * fails (out of memory); then @p ui must still be deinitialized.
 */
bool ps_ui_init(struct ps_ui *ui, struct ps_target *t,
		const struct ps_open_args *open, bool live, bool has_colour);
void ps_ui_deinit(struct ps_ui *ui);
/* The screens' states alone, without a target: for tests. */
bool ps_ui_screens_init(struct ps_ui *ui);
void ps_ui_screens_deinit(struct ps_ui *ui);

/* Draw everything: the top bar, the screen, the status line. */
void ps_ui_render(struct ps_ui *ui, struct ps_ui_canvas *c);
/* A key from the terminal; returns PS_UI_* flags. */
unsigned ps_ui_key(struct ps_ui *ui, int key);
/*
 * Work between keys: scan the map on for about @p seconds, look after the
 * owner pass. PS_UI_REDRAW when there is something new to show;
 * *@p more_ret: whether work remains, *@p scanning_ret: a scan to step.
 */
unsigned ps_ui_background(struct ps_ui *ui, double seconds, bool *more_ret,
			  bool *scanning_ret);
/* Refresh a live target now; returns PS_UI_REDRAW. */
unsigned ps_ui_refresh(struct ps_ui *ui);

/* For screens. */
void *ps_ui_state(const struct ps_ui *ui, enum ps_ui_screen_id id);
void ps_ui_switch(struct ps_ui *ui, const struct ps_ui_screen_ops *to);
void ps_ui_message(struct ps_ui *ui, enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ps_ui_prompt_start(struct ps_ui *ui, const char *label, const char *text,
			unsigned (*done)(struct ps_ui *ui, const char *text));
/* Switch to @p to, showing @p pfn there; PS_UI_* flags. */
unsigned ps_ui_show(struct ps_ui *ui, const struct ps_ui_screen_ops *to,
		    uint64_t pfn, enum ps_ui_zoom zoom);
/* Open the page inspector on @p pfn. */
unsigned ps_ui_inspect(struct ps_ui *ui, uint64_t pfn);
/* The pfn under @p s's cursor (see the op); false when there is none. */
bool ps_ui_cursor_pfn(struct ps_ui *ui, const struct ps_ui_screen_ops *s,
		      uint64_t *pfn_ret, bool *exact_ret);
/* Go to, search: keys the map and the inspector share (ui/goto.c). */
unsigned ps_ui_goto_key(struct ps_ui *ui, enum ps_ui_action act);
/* Tell the busy hook how far a walk has come. */
void ps_ui_busy(struct ps_ui *ui, const char *what, int percent);

#endif
