/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The viewer's core, without a terminal: screens (each a const ops
 * table), the screen manager that routes keys and draws into a canvas,
 * and the state each screen keeps. ui/term.c shows the canvas; tests
 * read it.
 */
#ifndef PS_UI_H
#define PS_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "canvas.h"
#include "data.h"
#include "keys.h"
#include "palette.h"

/* What a key handler did: only the manager redraws. */
enum ps_ui_result {
	PS_UI_HANDLED = 1 << 0,
	PS_UI_REDRAW = 1 << 1,
	PS_UI_QUIT = 1 << 2,
};

enum ps_ui_screen_id {
	PS_UI_SCR_MAP,
	PS_UI_SCR_GIGABLOCKS,
	PS_UI_SCR_LISTS,
	PS_UI_SCR_CHECK,
	PS_UI_SCR_PAGE,
	PS_UI_SCR_HELP,
	PS_UI_NR_SCREENS
};

struct ps_ui;

struct ps_ui_screen_ops {
	const char *name;		/* in the top bar */
	enum ps_ui_screen_id id;	/* PS_UI_IN_* bit = 1 << id */
	void (*enter)(struct ps_ui *ui);
	void (*leave)(struct ps_ui *ui);
	/* Draw into @p area; its last row is the status line. */
	void (*draw)(struct ps_ui *ui, struct ps_ui_canvas *c,
		     struct ps_ui_rect area);
	/* Returns PS_UI_* flags; 0 when the action means nothing here. */
	unsigned (*key)(struct ps_ui *ui, enum ps_ui_action act);
};

extern const struct ps_ui_screen_ops ps_ui_map_screen;
extern const struct ps_ui_screen_ops ps_ui_gigablocks_screen;
extern const struct ps_ui_screen_ops ps_ui_lists_screen;
extern const struct ps_ui_screen_ops ps_ui_check_screen;
extern const struct ps_ui_screen_ops ps_ui_page_screen;
extern const struct ps_ui_screen_ops ps_ui_help_screen;

/* ------------------------------------------------------------------ */
/* Screen state                                                       */
/* ------------------------------------------------------------------ */

enum ps_ui_map_level {
	PS_UI_LEVEL_MEMORY,	/* gigablocks as bands of cells */
	PS_UI_LEVEL_GIGABLOCK,	/* one gigablock: a cell per pageblock */
	PS_UI_LEVEL_PAGEBLOCK,	/* one pageblock: a cell per page */
};

struct ps_ui_map_state {
	size_t mode;
	enum ps_ui_map_level level;
	size_t row;		/* gigablock row of the map */
	size_t block;		/* pageblock in the row */
	uint64_t page;		/* page in the pageblock */
	bool dense;		/* half-block cells */
	int top;		/* first line shown */
	/* From the last draw: moves follow what is on the screen. */
	int width, visible_lines;
};

struct ps_ui_page_state {
	uint64_t pfn;
	bool chosen;		/* a page was asked for */
	int top, visible_lines, nr_lines;
};

/* A table screen: a sort column, a cursor, a scroll position. */
struct ps_ui_table_state {
	int sort;
	bool reverse;
	int cursor, top, visible_rows;
};

struct ps_ui_tree;	/* the Lists screen's rows (scr_lists.c) */

struct ps_ui_lists_state {
	struct ps_ui_tree *tree;
	unsigned generation;	/* of the data the tree was built from */
	int cursor, top, visible_rows;
};

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

	struct ps_ui_map_state map;
	struct ps_ui_page_state page;
	struct ps_ui_table_state gigablocks, check;
	struct ps_ui_lists_state lists;
	int help_top, help_visible;

	char message[PS_UI_MSG_LEN];
	enum ps_ui_elem message_elem;
	struct ps_ui_prompt prompt;
	char search[64];

	/* Live: refresh every interval seconds unless paused. */
	double interval;
	bool paused;
	char live_status[96];

	/* Called (when set) while a long walk runs, to show progress. */
	void (*busy)(struct ps_ui *ui, const char *what, int percent);
	void *busy_arg;
};

/* Start on the map. @p data's target is owned by @p ui from now on. */
void ps_ui_init(struct ps_ui *ui, struct ps_target *t,
		const struct ps_open_args *open, bool live, bool has_colour);
void ps_ui_deinit(struct ps_ui *ui);

/* Draw everything: the top bar, the screen, the status line. */
void ps_ui_render(struct ps_ui *ui, struct ps_ui_canvas *c);
/* A key from the terminal; returns PS_UI_* flags. */
unsigned ps_ui_key(struct ps_ui *ui, int key);
/* Refresh a live target now; returns PS_UI_REDRAW. */
unsigned ps_ui_refresh(struct ps_ui *ui);

/* For screens. */
void ps_ui_switch(struct ps_ui *ui, const struct ps_ui_screen_ops *to);
void ps_ui_message(struct ps_ui *ui, enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ps_ui_prompt_start(struct ps_ui *ui, const char *label, const char *text,
			unsigned (*done)(struct ps_ui *ui, const char *text));
/* Open the page inspector on @p pfn. */
unsigned ps_ui_inspect(struct ps_ui *ui, uint64_t pfn);
/* Show @p pfn on the map, zoomed to its pageblock. */
unsigned ps_ui_map_show_pfn(struct ps_ui *ui, uint64_t pfn);
/* Show gigablock at @p pfn on the map, zoomed to its pageblocks. */
unsigned ps_ui_map_show_gigablock(struct ps_ui *ui, uint64_t pfn);
/* Go to, search: keys the map and the inspector share. */
unsigned ps_ui_pages_key(struct ps_ui *ui, enum ps_ui_action act);
/* Free the Lists screen's tree. */
void ps_ui_lists_deinit(struct ps_ui *ui);
/* Tell the busy hook how far a walk has come. */
void ps_ui_busy(struct ps_ui *ui, const char *what, int percent);

/* Drawing helpers shared by screens. */
void ps_ui_status(struct ps_ui_canvas *c, struct ps_ui_rect area,
		  enum ps_ui_elem elem, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Keep @p cursor visible in @p visible rows starting at *@p top. */
void ps_ui_scroll_to(int cursor, int visible, int *top);
/* Move a table cursor by @p act over @p nr rows; PS_UI_* flags. */
unsigned ps_ui_table_move(struct ps_ui_table_state *s, enum ps_ui_action act,
			  int nr);
/* "2.0 GiB" */
const char *ps_ui_size(uint64_t bytes, char *buf, size_t len);

#endif
