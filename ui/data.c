// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"

const char *const ps_ui_report_names[PS_UI_NR_REPORTS] = {
#define PS_UI_REPORT_NAME(name) [PS_UI_REPORT_##name] = #name,
	PS_UI_REPORTS(PS_UI_REPORT_NAME)
#undef PS_UI_REPORT_NAME
};

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

struct json_object *ps_ui_json(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

int64_t ps_ui_json_int(struct json_object *o, const char *key, int64_t def)
{
	struct json_object *v = ps_ui_json(o, key);

	return v && (json_object_is_type(v, json_type_int) ||
		     json_object_is_type(v, json_type_boolean))
		       ? json_object_get_int64(v)
		       : def;
}

uint64_t ps_ui_json_u64(struct json_object *o, const char *key, uint64_t def)
{
	struct json_object *v = ps_ui_json(o, key);

	if (v && json_object_is_type(v, json_type_string))
		return strtoull(json_object_get_string(v), NULL, 0);
	if (v && json_object_is_type(v, json_type_int))
		return json_object_get_uint64(v);
	return def;
}

const char *ps_ui_json_str(struct json_object *o, const char *key,
			   const char *def)
{
	struct json_object *v = ps_ui_json(o, key);

	return v && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : def;
}

bool ps_ui_json_bool(struct json_object *o, const char *key, bool def)
{
	struct json_object *v = ps_ui_json(o, key);

	return v && json_object_is_type(v, json_type_boolean)
		       ? json_object_get_boolean(v)
		       : def;
}

/* ------------------------------------------------------------------ */
/* Lifetime                                                           */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_ui_owners_run(struct ps_target *t,
					 struct ps_view_counter *progress,
					 void *arg, void **result_ret)
{
	(void)arg;
	return ps_view_owners_create(t, progress, (struct ps_view_owners **)result_ret);
}

static void ps_ui_owners_drop(void *owners)
{
	ps_view_owners_destroy(owners);
}

static void ps_ui_data_owners_init(struct ps_ui_data *d)
{
	d->owners.run = ps_ui_owners_run;
	d->owners.drop = ps_ui_owners_drop;
}

void ps_ui_data_init(struct ps_ui_data *d, struct ps_target *t,
		     const struct ps_open_args *open, bool live)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->open = *open;
	d->live = live;
	ps_ui_data_owners_init(d);
}

static void ps_ui_report_drop(struct ps_ui_report *r)
{
	ps_ui_bg_reset(&r->bg);
	json_object_put(r->json);
	memset(r, 0, sizeof(*r));
}

/* Everything read from the target, but the map kept for the diff. */
static void ps_ui_data_drop(struct ps_ui_data *d)
{
	for (int i = 0; i < PS_UI_NR_REPORTS; i++)
		ps_ui_report_drop(&d->reports[i]);
	ps_view_pages_destroy(d->pages);
	d->pages = NULL;
	json_object_put(d->page);
	d->page = NULL;
	d->map_error[0] = '\0';
	/*
	 * A live kernel is read again every few seconds: an owner pass that
	 * takes longer would never end. Its owners stay, on each new map.
	 */
	if (!d->live)
		ps_ui_bg_reset(&d->owners);
	d->owners_map = NULL;
}

void ps_ui_data_deinit(struct ps_ui_data *d)
{
	ps_ui_data_drop(d);
	ps_ui_bg_reset(&d->owners);
	ps_view_map_destroy(d->map);
	ps_view_map_destroy(d->old_map);
	ps_view_map_destroy(d->before);
	d->map = d->old_map = d->before = NULL;
	json_object_put(d->before_frag);
	ps_target_destroy(d->t);
	memset(d, 0, sizeof(*d));
}

/* ------------------------------------------------------------------ */
/* Reports                                                            */
/* ------------------------------------------------------------------ */

static void ps_ui_error(struct ps_error *err, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ps_error_message(err));
	ps_error_destroy(err);
}

static bool ps_ui_run(struct ps_ui_data *d, int argc, char **argv,
		      struct json_object **ret, int *status, char *err,
		      size_t len)
{
	struct ps_error *e = ps_report_json(d->t, argc, argv, ret, status);

	if (e) {
		ps_ui_error(e, err, len);
		return false;
	}
	return true;
}

/* A report that says something is broken: "ok": false or a failed check. */
static bool ps_ui_report_broken(const struct ps_ui_report *r)
{
	return r->exit_status != PS_EXIT_OK || !ps_ui_json_bool(r->json, PS_KEY_OK, true);
}

static void ps_ui_report_walk(struct ps_ui_data *d, enum ps_ui_report_id id,
			      struct ps_ui_report *r)
{
	char *argv[] = { "pagescope", (char *)ps_ui_report_names[id], NULL };

	json_object_put(r->json);
	r->json = NULL;
	r->walks++;
	if (ps_ui_run(d, 2, argv, &r->json, &r->exit_status, r->error,
		      sizeof(r->error)))
		r->state = PS_UI_LOADED;
	else
		r->state = PS_UI_FAILED;
}

/*
 * On a live kernel a list can change while it is walked: what looks like
 * corruption once is walked again, and shown as transient when it goes
 * away. What stays broken over every walk is shown as broken.
 */
static void ps_ui_report_load(struct ps_ui_data *d, enum ps_ui_report_id id,
			      struct ps_ui_report *r)
{
	bool was_broken = false;

	do {
		ps_ui_report_walk(d, id, r);
		if (r->state == PS_UI_LOADED && !ps_ui_report_broken(r)) {
			r->transient = was_broken;
			return;
		}
		was_broken = true;
	} while (d->live && r->walks < PS_UI_LIVE_WALKS &&
		 !(d->interrupt && *d->interrupt));
}

/* A report walked in a thread: its JSON and the command's exit status. */
struct ps_ui_bg_report {
	struct json_object *json;
	int status;
	char error[256];
};

/* The command's error line, without its "pagescope NAME: ". */
static void ps_ui_report_error(struct ps_ui_bg_report *r, const char *text)
{
	const char *at = text ? strstr(text, ": ") : NULL;

	snprintf(r->error, sizeof(r->error), "%s", at ? at + 2 : "no output");
	r->error[strcspn(r->error, "\n")] = '\0';
}

/*
 * In a thread: the command line was parsed on the main thread (getopt is
 * not thread-safe); the command writes its JSON to memory.
 */
static void ps_ui_report_capture(struct ps_target *t, const struct ps_args *args,
				 struct ps_ui_bg_report *r)
{
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *o = open_memstream(&out, &out_len), *e = open_memstream(&err, &err_len);

	if (o && e)
		r->status = ps_command_run(t, args, o, e);
	if (o)
		fclose(o);
	if (e)
		fclose(e);
	if (o && e && (r->status == PS_EXIT_OK || r->status == PS_EXIT_CHECK))
		r->json = json_tokener_parse(out);
	/* As ps_report_json() gives it: without the versions. */
	if (json_object_is_type(r->json, json_type_object)) {
		json_object_object_del(r->json, PS_KEY_FORMAT_VERSION);
		json_object_object_del(r->json, PS_KEY_PAGESCOPE_VERSION);
	}
	if (!r->json)
		ps_ui_report_error(r, o && e ? err : NULL);
	free(out);
	free(err);
}

static struct ps_error *ps_ui_report_run(struct ps_target *t,
					 struct ps_view_counter *progress,
					 void *arg, void **result_ret)
{
	struct ps_ui_bg_report *r = calloc(1, sizeof(*r));

	(void)progress;
	if (r)
		ps_ui_report_capture(t, arg, r);
	*result_ret = r;	/* NULL: out of memory */
	return NULL;
}

static void ps_ui_report_bg_drop(void *result)
{
	struct ps_ui_bg_report *r = result;

	json_object_put(r->json);
	free(r);
}

/* What the background walk of @p r gave becomes the report. */
static void ps_ui_report_adopt(struct ps_ui_data *d, struct ps_ui_report *r)
{
	struct ps_ui_bg_report *got = r->bg.result;

	d->adopted++;
	r->walks++;
	if (got && got->json) {
		r->json = got->json;
		r->exit_status = got->status;
		r->state = PS_UI_LOADED;
		got->json = NULL;
	} else {
		snprintf(r->error, sizeof(r->error), "%s",
			 got ? got->error : r->bg.error[0] ? r->bg.error : "out of memory");
		r->state = PS_UI_FAILED;
	}
	ps_ui_bg_reset(&r->bg);
}

static void ps_ui_report_tick(void *arg, int percent)
{
	struct ps_ui_data *d = arg;

	if (d->progress.fn)
		d->progress.fn(d->progress.arg, percent >= 0 ? (uint64_t)percent : 0, 100);
}

struct ps_ui_report *ps_ui_data_report(struct ps_ui_data *d,
				       enum ps_ui_report_id id)
{
	struct ps_ui_report *r = &d->reports[id];

	if (r->state == PS_UI_UNLOADED && r->bg.state != PS_UI_BG_IDLE) {
		ps_ui_bg_wait(&r->bg, ps_ui_report_tick, d, d->interrupt);
		ps_ui_report_adopt(d, r);
	}
	if (r->state == PS_UI_UNLOADED)
		ps_ui_report_load(d, id, r);
	return r;
}

struct ps_ui_report *ps_ui_data_report_soon(struct ps_ui_data *d,
					    enum ps_ui_report_id id)
{
	struct ps_ui_report *r = &d->reports[id];
	int percent;

	/* A live kernel's reports are walked again when broken: in the foreground. */
	if (r->state != PS_UI_UNLOADED || d->live)
		return ps_ui_data_report(d, id);
	if (r->bg.state == PS_UI_BG_IDLE) {
		char *argv[] = { "pagescope", (char *)ps_ui_report_names[id], NULL };
		struct ps_error *e = ps_args_parse(2, argv, false, &r->args);

		if (e) {
			ps_error_destroy(e);
			return ps_ui_data_report(d, id);
		}
		r->args.json = true;
		r->bg.run = ps_ui_report_run;
		r->bg.drop = ps_ui_report_bg_drop;
		r->bg.arg = &r->args;
		if (!ps_ui_bg_start(&r->bg, &d->open))
			return ps_ui_data_report(d, id);
	}
	if (!ps_ui_bg_poll(&r->bg, &percent))
		return NULL;
	ps_ui_report_adopt(d, r);
	return r;
}

/* ------------------------------------------------------------------ */
/* Map, pages, one page                                               */
/* ------------------------------------------------------------------ */

static double ps_ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ps_ui_map_failed(struct ps_ui_data *d, struct ps_error *err)
{
	ps_ui_error(err, d->map_error, sizeof(d->map_error));
	ps_view_map_destroy(d->map);
	d->map = NULL;
	d->owners_map = NULL;
	d->map_scanning = false;
}

const struct ps_view_map *ps_ui_data_map(struct ps_ui_data *d)
{
	struct ps_error *err;

	if (d->map || d->map_error[0])
		return d->map;
	err = ps_view_map_begin(d->t, &d->map);
	if (err)
		ps_ui_error(err, d->map_error, sizeof(d->map_error));
	d->map_scanning = !err;
	return d->map;
}

bool ps_ui_data_scanning(const struct ps_ui_data *d, int *percent_ret)
{
	uint64_t done = 0, max = 0;

	if (!d->map || !d->map_scanning)
		return false;
	ps_view_map_scanning(d->map, &done, &max);
	*percent_ret = max ? (int)(done * 100 / max) : 0;
	return true;
}

bool ps_ui_data_scan_step(struct ps_ui_data *d, double seconds)
{
	double until = ps_ui_now() + seconds;
	struct ps_error *err;
	bool done = false;

	if (!ps_ui_data_map(d) || !d->map_scanning)
		return false;
	do {
		err = ps_view_map_step(d->map, 8, &done);
		if (err) {
			ps_ui_map_failed(d, err);
			return true;
		}
	} while (!done && ps_ui_now() < until &&
		 !(d->interrupt && *d->interrupt));
	d->map_scanning = !done;
	return true;
}

const struct ps_view_map *ps_ui_data_map_full(struct ps_ui_data *d)
{
	int percent;

	while (ps_ui_data_scanning(d, &percent) && !(d->interrupt && *d->interrupt)) {
		if (d->progress.fn)
			d->progress.fn(d->progress.arg, (uint64_t)percent, 100);
		ps_ui_data_scan_step(d, 0.1);
	}
	return ps_ui_data_scanning(d, &percent) ? NULL : ps_ui_data_map(d);
}

/* Put the owners on the map once both are whole. */
static void ps_ui_owners_apply(struct ps_ui_data *d)
{
	if (d->owners.result && d->map && !d->map_scanning && d->owners_map != d->map) {
		ps_view_map_set_owners(d->map, d->owners.result);
		d->owners_map = d->map;
	}
}

const struct ps_view_owners *ps_ui_data_owners(struct ps_ui_data *d,
					       int *percent_ret,
					       const char **err_ret)
{
	struct ps_ui_bg *bg = &d->owners;

	*err_ret = NULL;
	if (bg->state == PS_UI_BG_IDLE)
		ps_ui_bg_start(bg, &d->open);
	if (!ps_ui_bg_poll(bg, percent_ret))
		return NULL;
	if (!bg->result) {
		*err_ret = bg->error[0] ? bg->error : "the owner pass gave nothing";
		return NULL;
	}
	ps_ui_owners_apply(d);
	return d->owners_map == d->map ? bg->result : NULL;
}

bool ps_ui_data_poll(struct ps_ui_data *d)
{
	bool running = false;
	int percent;

	for (int i = 0; i < PS_UI_NR_REPORTS; i++) {
		struct ps_ui_report *r = &d->reports[i];

		if (r->bg.state == PS_UI_BG_IDLE)
			continue;
		if (ps_ui_bg_poll(&r->bg, &percent))
			ps_ui_report_adopt(d, r);
		else
			running = true;
	}
	if (d->owners.state == PS_UI_BG_IDLE)
		return running;
	if (!ps_ui_bg_poll(&d->owners, &percent))
		return true;
	ps_ui_owners_apply(d);
	return running;
}

const struct ps_view_pages *ps_ui_data_pages(struct ps_ui_data *d,
					     uint64_t start, uint64_t count,
					     char *err, size_t len)
{
	struct ps_error *e;

	if (d->pages && ps_view_pages_start(d->pages) == start &&
	    ps_view_pages_count(d->pages) == count)
		return d->pages;
	ps_view_pages_destroy(d->pages);
	d->pages = NULL;
	e = ps_view_pages_create(d->t, start, count, &d->pages);
	if (e)
		ps_ui_error(e, err, len);
	return d->pages;
}

struct json_object *ps_ui_data_page(struct ps_ui_data *d, uint64_t pfn,
				    char *err, size_t len)
{
	char arg[32];
	/* --explain: the inspector's "how do we know" panel reads it. */
	char *argv[] = { "pagescope", "page", arg, "--explain", NULL };
	int status;

	if (d->page && d->page_pfn == pfn)
		return d->page;
	json_object_put(d->page);
	d->page = NULL;
	snprintf(arg, sizeof(arg), "pfn:%" PRIu64, pfn);
	if (ps_ui_run(d, 4, argv, &d->page, &status, err, len))
		d->page_pfn = pfn;
	return d->page;
}

bool ps_ui_data_resolve(struct ps_ui_data *d, const char *what,
			uint64_t *pfn_ret, char *err, size_t len)
{
	char *argv[] = { "pagescope", "page", (char *)what, NULL };
	struct json_object *page;
	int status;

	if (!ps_ui_run(d, 3, argv, &page, &status, err, len))
		return false;
	*pfn_ret = ps_ui_json_u64(page, PS_KEY_PFN, 0);
	json_object_put(d->page);
	d->page = page;
	d->page_pfn = *pfn_ret;
	return true;
}

/* ------------------------------------------------------------------ */
/* Refresh                                                            */
/* ------------------------------------------------------------------ */

bool ps_ui_data_refresh(struct ps_ui_data *d, char *err, size_t len)
{
	struct ps_target *t = NULL;
	struct ps_error *e;

	if (d->live) {
		e = ps_target_open(&d->open, &t);
		if (e) {
			ps_ui_error(e, err, len);
			return false;
		}
		ps_target_set_interrupt(t, d->interrupt);
	}
	ps_ui_data_drop(d);
	if (t) {
		ps_target_destroy(d->t);
		d->t = t;
	}
	/* A scan cut short reads a target no more: it is no map to diff with. */
	if (d->map_scanning) {
		ps_view_map_destroy(d->map);
		d->map = NULL;
		d->map_scanning = false;
	}
	if (d->map || !d->live) {
		ps_view_map_destroy(d->old_map);
		d->old_map = d->live ? d->map : NULL;
	}
	if (!d->live)
		ps_view_map_destroy(d->map);
	d->map = NULL;
	d->owners_map = NULL;
	d->generation++;
	return true;
}

bool ps_ui_data_changed(const struct ps_ui_data *d, size_t mode,
			uint64_t row_pfn, size_t first, size_t n)
{
	const struct ps_view_map *old = d->before ? d->before : d->old_map;
	size_t old_row, new_row;

	/* The owner pass is not run again on a refresh. */
	if (!old || !d->map || ps_view_map_mode_needs_owners(mode) ||
	    !ps_view_map_find_row(d->map, row_pfn, &new_row))
		return false;
	if (!ps_view_map_find_row(old, row_pfn, &old_row))
		return true;
	for (size_t b = first; b < first + n; b++) {
		if (ps_view_map_cell(old, mode, old_row, b, 1) !=
		    ps_view_map_cell(d->map, mode, new_row, b, 1))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Before                                                             */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_ui_open_before(const struct ps_ui_data *d, const char *path,
					  struct ps_target **ret)
{
	struct ps_open_args open = d->open;
	struct ps_error *e;

	open.dump = path;
	open.progress = NULL;
	e = ps_target_open(&open, ret);
	/* Another build than -k's, or a snapshot: its own debug info, if any. */
	if (e && open.vmlinux) {
		struct ps_error *again;

		open.vmlinux = NULL;
		again = ps_target_open(&open, ret);
		if (!again) {
			ps_error_destroy(e);
			return NULL;
		}
		ps_error_destroy(again);
	}
	return e;
}

static struct ps_error *ps_ui_read_before(struct ps_ui_data *d, struct ps_target *t)
{
	char *argv[] = { "pagescope", "frag", NULL };
	struct ps_error *e = ps_view_map_create(t, &d->progress, &d->before);

	if (e)
		return e;
	e = ps_report_json(t, 2, argv, &d->before_frag, NULL);
	if (e) {
		ps_view_map_destroy(d->before);
		d->before = NULL;
	}
	return e;
}

bool ps_ui_data_set_before(struct ps_ui_data *d, const char *path, char *err,
			   size_t len)
{
	const char *slash = strrchr(path, '/');
	struct ps_target *t;
	struct ps_error *e = ps_ui_open_before(d, path, &t);

	if (!e) {
		e = ps_ui_read_before(d, t);
		ps_target_destroy(t);
	}
	if (e) {
		snprintf(err, len, "%s: %s", path, ps_error_message(e));
		ps_error_destroy(e);
		return false;
	}
	snprintf(d->before_name, sizeof(d->before_name), "%s", slash ? slash + 1 : path);
	return true;
}
