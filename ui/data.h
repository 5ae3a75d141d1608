/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the viewer shows, read through the library's public face: JSON
 * reports of commands (ps_report_json), the map and page classes
 * (pagescope_view.h). Loaded on first use, dropped on refresh. A live
 * kernel changes under a walk: a report that looks broken is walked again
 * before it is believed.
 */
#ifndef PS_UI_DATA_H
#define PS_UI_DATA_H

#include <json-c/json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "bg.h"
#include "pagescope.h"
#include "pagescope_view.h"
#include "pagescope_report.h"

/* X(name): reports of the command of the same name. */
#define PS_UI_REPORTS(X) X(summary) X(frag) X(free) X(lru) X(split) X(check)

enum ps_ui_report_id {
#define PS_UI_REPORT_ENUM(name) PS_UI_REPORT_##name,
	PS_UI_REPORTS(PS_UI_REPORT_ENUM)
#undef PS_UI_REPORT_ENUM
	PS_UI_NR_REPORTS
};

enum ps_ui_report_state {
	PS_UI_UNLOADED,
	PS_UI_LOADED,
	PS_UI_FAILED,		/* error holds the one line */
};

struct ps_ui_report {
	enum ps_ui_report_state state;
	struct json_object *json;	/* PS_UI_LOADED: owned */
	int exit_status;		/* the command's: 1 = a check failed */
	char error[256];
	/* Live: walks it took; transient: broken once, then not. */
	unsigned walks;
	bool transient;
	struct ps_ui_bg bg;		/* walked in the background (a dump) */
	struct ps_args args;		/* its command line, parsed here */
};

/* Walks of a report that looks broken on a live kernel, at most. */
enum { PS_UI_LIVE_WALKS = 3 };

struct ps_ui_data {
	struct ps_target *t;
	struct ps_open_args open;	/* to open again (live) */
	bool live;			/* /proc/kcore: memory changes */
	volatile sig_atomic_t *interrupt;	/* Ctrl-C stops long walks */
	struct ps_view_progress progress;	/* shown during long walks */
	unsigned generation;		/* bumped by every refresh */
	unsigned adopted;		/* bumped by every report walked in the background */

	struct ps_view_map *map, *old_map;	/* old: before the refresh */
	bool map_scanning;		/* map has the rows scanned so far */
	struct ps_ui_bg owners;		/* the owner pass, for the owner map */
	const struct ps_view_map *owners_map;	/* the map it was put on */
	/* --before: a dump or snapshot the changes are shown against. */
	struct ps_view_map *before;
	struct json_object *before_frag;	/* its frag report */
	char before_name[128];
	char map_error[256];
	struct ps_ui_report reports[PS_UI_NR_REPORTS];
	struct ps_view_pages *pages;	/* one pageblock's, for the map */
	struct json_object *page;	/* `page PFN`, for one pfn */
	uint64_t page_pfn;
};

extern const char *const ps_ui_report_names[PS_UI_NR_REPORTS];

/* Start with target @p t (owned from now on) opened with @p open. */
void ps_ui_data_init(struct ps_ui_data *d, struct ps_target *t,
		     const struct ps_open_args *open, bool live);
void ps_ui_data_deinit(struct ps_ui_data *d);

/* Report @p id, loaded on first use; never NULL. */
struct ps_ui_report *ps_ui_data_report(struct ps_ui_data *d,
				       enum ps_ui_report_id id);
/*
 * Report @p id if it is at hand; else (of a dump) its walk is started in
 * the background, and NULL until it ends.
 */
struct ps_ui_report *ps_ui_data_report_soon(struct ps_ui_data *d,
					    enum ps_ui_report_id id);
/*
 * The map, its scan begun on first use: while ps_ui_data_scanning() it
 * holds the rows scanned so far. NULL with d->map_error set.
 */
const struct ps_view_map *ps_ui_data_map(struct ps_ui_data *d);
/* The whole map: what the scan has left is scanned now (with progress). */
const struct ps_view_map *ps_ui_data_map_full(struct ps_ui_data *d);
/* Whether the map's scan still runs; *@p percent_ret: how far it came. */
bool ps_ui_data_scanning(const struct ps_ui_data *d, int *percent_ret);
/* Scan the map on for about @p seconds; true when it did something. */
bool ps_ui_data_scan_step(struct ps_ui_data *d, double seconds);
/*
 * The owner pass, started in the background on first use; NULL while it
 * runs (*@p percent_ret: how far) or when it failed (*@p err_ret: why).
 * Once the map is whole, its owner mode is filled from it.
 */
const struct ps_view_owners *ps_ui_data_owners(struct ps_ui_data *d,
					       int *percent_ret,
					       const char **err_ret);
/*
 * Between keys: end background walks that are done, and fill the map's
 * owner mode once the map is whole. True while one still runs.
 */
bool ps_ui_data_poll(struct ps_ui_data *d);
/* Classes of pages [@p start, @p start + @p count); NULL on failure. */
const struct ps_view_pages *ps_ui_data_pages(struct ps_ui_data *d,
					     uint64_t start, uint64_t count,
					     char *err, size_t len);
/* `page PFN` as JSON; NULL with @p err set. Valid until the next call. */
struct json_object *ps_ui_data_page(struct ps_ui_data *d, uint64_t pfn,
				    char *err, size_t len);
/* Resolve a PFN, phys:ADDR or kernel address to a pfn, as `page` does. */
bool ps_ui_data_resolve(struct ps_ui_data *d, const char *what,
			uint64_t *pfn_ret, char *err, size_t len);
/*
 * Read again: on a live kernel, open it anew (its reader caches) and keep
 * the previous map for ps_ui_data_changed(). False, with @p err set, when
 * the new read failed; the old data stays.
 */
bool ps_ui_data_refresh(struct ps_ui_data *d, char *err, size_t len);
/* Whether cell blocks [first, first + n) of the map row at @p row_pfn
 * changed class in @p mode at the last refresh. */
bool ps_ui_data_changed(const struct ps_ui_data *d, size_t mode,
			uint64_t row_pfn, size_t first, size_t n);

/*
 * Show changes since the dump or snapshot at @p path (opened as @p d's
 * own, with its vmlinux when of the same build): its map and gigablocks
 * are kept, the target is not. False with @p err set when it cannot be.
 */
bool ps_ui_data_set_before(struct ps_ui_data *d, const char *path, char *err,
			   size_t len);

/* JSON helpers: a missing member gives the default. */
struct json_object *ps_ui_json(struct json_object *o, const char *key);
int64_t ps_ui_json_int(struct json_object *o, const char *key, int64_t def);
/* Numbers and "0x..." strings. */
uint64_t ps_ui_json_u64(struct json_object *o, const char *key, uint64_t def);
const char *ps_ui_json_str(struct json_object *o, const char *key,
			   const char *def);
bool ps_ui_json_bool(struct json_object *o, const char *key, bool def);

#endif
