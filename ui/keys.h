/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keys and actions: the one table. A key means an action in some screens;
 * key handlers see actions, and the help screen is printed from the same
 * table, so a binding cannot exist without its help line.
 */
#ifndef PS_UI_KEYS_H
#define PS_UI_KEYS_H

#include <stddef.h>

/* What a key handler did: only the manager redraws. */
enum ps_ui_result {
	PS_UI_HANDLED = 1 << 0,
	PS_UI_REDRAW = 1 << 1,
	PS_UI_QUIT = 1 << 2,
	PS_UI_REPAINT = 1 << 3,	/* the terminal's picture may be damaged: paint it all */
};

/* Where an action applies: bits of enum ps_ui_screen_id. */
enum {
	PS_UI_IN_MAP = 1 << 0,
	PS_UI_IN_GIGABLOCKS = 1 << 1,
	PS_UI_IN_LISTS = 1 << 2,
	PS_UI_IN_CHECK = 1 << 3,
	PS_UI_IN_PAGE = 1 << 4,
	PS_UI_IN_HELP = 1 << 5,
	PS_UI_IN_ALL = (1 << 6) - 1,
	PS_UI_IN_MOVE = PS_UI_IN_ALL,
	PS_UI_IN_TABLES = PS_UI_IN_GIGABLOCKS | PS_UI_IN_CHECK,
	PS_UI_IN_PAGES = PS_UI_IN_MAP | PS_UI_IN_PAGE,
};

/* X(name, where, help, keys...): keys are ncurses key codes. */
#define PS_UI_ACTIONS(X)                                                       \
	X(quit, ALL, "quit, restoring the terminal", 'q', 'Q')                \
	X(help, ALL, "this help (again, or Esc, to close it)", '?', KEY_F(1)) \
	X(next_screen, ALL, "next screen", '\t')                               \
	X(prev_screen, ALL, "previous screen", KEY_BTAB)                       \
	X(screen_map, ALL, "the map of physical memory", '1')                  \
	X(screen_gigablocks, ALL, "the gigablock table", '2')                  \
	X(screen_lists, ALL, "kernel lists: buddy, list_lru, split queues", '3') \
	X(screen_check, ALL, "counter checks and their verdicts", '4')         \
	X(screen_page, ALL, "the page inspector", '5')                         \
	X(up, MOVE, "move up", KEY_UP, 'k')                                    \
	X(down, MOVE, "move down", KEY_DOWN, 'j')                              \
	X(left, PAGES, "move left; in the inspector: the previous page", KEY_LEFT, 'h') \
	X(right, PAGES, "move right; in the inspector: the next page", KEY_RIGHT, 'l') \
	X(page_up, MOVE, "a screenful up", KEY_PPAGE)                          \
	X(page_down, MOVE, "a screenful down", KEY_NPAGE, ' ')                 \
	X(home, MOVE, "to the first", KEY_HOME)                                \
	X(end, MOVE, "to the last", KEY_END)                                   \
	X(enter, ALL, "zoom in, open: gigablock, pageblock, page, list entry", '\n', '\r', KEY_ENTER) \
	X(back, ALL, "zoom out, go back", KEY_BACKSPACE, 127, 27)              \
	X(goto_pfn, PAGES, "go to a PFN, phys:ADDR or a kernel address", 'g') \
	X(search, PAGES, "search: hwpoison, anon-exclusive, free, slab, lru, a flag...", '/') \
	X(search_next, PAGES, "search again for the same", 'n')                \
	X(mode_next, MAP, "next map mode", 'm')                                \
	X(mode_prev, MAP, "previous map mode", 'M')                            \
	X(dense, MAP, "half-block cells: twice as many rows (colour only)", 'd') \
	X(sort_next, TABLES, "sort by the next column", 's')                   \
	X(sort_reverse, TABLES, "reverse the sort order", 'r')                 \
	X(pause, ALL, "live: pause or resume refreshing", 'p')                 \
	X(reload, ALL, "read everything again (live: refresh now)", 'R', KEY_F(5)) \
	X(palette, ALL, "colour or monochrome", 'c')                          \
	X(repaint, ALL, "repaint the whole screen", 'L' & 0x1f)                \
	X(explain, PAGE, "how do we know: words as stored, pageblock, gigablock, structures read", 'e')

enum ps_ui_action {
	PS_ACT_none,
#define PS_UI_ACTION_ENUM(name, where, help, ...) PS_ACT_##name,
	PS_UI_ACTIONS(PS_UI_ACTION_ENUM)
#undef PS_UI_ACTION_ENUM
	PS_ACT_NR
};

enum { PS_UI_MAX_KEYS = 3 };

struct ps_ui_binding {
	enum ps_ui_action action;
	const char *name;
	unsigned where;		/* PS_UI_IN_* */
	const char *help;
	int keys[PS_UI_MAX_KEYS];	/* 0 ends the list */
};

/* The table, one row per action, in help order. */
extern const struct ps_ui_binding ps_ui_bindings[PS_ACT_NR - 1];

/* The action of @p key in screens @p where, or PS_ACT_none. */
enum ps_ui_action ps_ui_key_action(int key, unsigned where);
/* The binding of @p action, or NULL. */
const struct ps_ui_binding *ps_ui_binding_of(enum ps_ui_action action);
/* A key's name for help: "Up", "Tab", "^L", "g". */
const char *ps_ui_key_name(int key, char *buf, size_t len);
/* "Up k": every key of @p b. */
const char *ps_ui_binding_keys(const struct ps_ui_binding *b, char *buf,
			       size_t len);

#endif
