// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope watch: sample a running kernel every -i seconds (--count
 * times, or until Ctrl-C): free blocks per order, gigablocks tainted by
 * unmovable memory and those that could still be a 1 GiB page. A line per
 * sample as it comes; -j all of them at the end; --png a plot of them;
 * -o DIR a snapshot of each.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis/watch.h"
#include "base/cache_dir.h"
#include "cmd/commands.h"
#include "output/watch_png.h"
#include "target/target.h"

/* Default seconds between samples; a dump does not change, one is enough. */
static const double ps_watch_interval = 5.0;

struct ps_watch {
	struct ps_target *t;
	const struct ps_args *a;
	struct ps_out *out;
	size_t nr, cap;
	struct ps_watch_sample *samples;
	double start;
};

static double ps_watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep @p seconds in short steps, so that Ctrl-C ends the watch at once. */
static void ps_watch_sleep(struct ps_target *t, double seconds)
{
	double until = ps_watch_now() + seconds;

	while (!ps_target_interrupted(t) && ps_watch_now() < until) {
		struct timespec step = { 0, 100 * 1000 * 1000 };

		nanosleep(&step, NULL);
	}
}

static void ps_watch_text(FILE *fp, const struct ps_watch_sample *s, size_t n)
{
	if (!n) {
		fprintf(fp, "%8s  %-48s  %s\n", "seconds", "free blocks of order 0, 1, ...",
			"gigablocks: tainted, could be 1 GiB");
	}
	fprintf(fp, "%8.1f ", s->seconds);
	for (unsigned o = 0; o < s->nr_orders; o++)
		fprintf(fp, " %" PRIu64, s->free_blocks[o]);
	fprintf(fp, "  | %zu of %zu tainted, %zu could be 1 GiB\n", s->tainted, s->gigablocks,
		s->chances);
	fflush(fp);
}

/* A snapshot per sample, as `save` writes it. */
static struct ps_error *ps_watch_save(struct ps_watch *w)
{
	struct ps_args a = { .output = NULL };
	struct ps_out null = { .json = false };
	char *path;
	int status = 0;
	struct ps_error *err;

	if (asprintf(&path, "%s/sample-%04zu.pss", w->a->output, w->nr) < 0)
		return ps_error_nomem();
	null.fp = fopen("/dev/null", "we");
	if (!null.fp) {
		free(path);
		return ps_error_os("opening /dev/null");
	}
	a.output = path;
	err = ps_cmd_save(w->t, &a, &null, &status);
	fclose(null.fp);
	free(path);
	return err;
}

static struct ps_error *ps_watch_one(struct ps_watch *w)
{
	struct ps_watch_sample *s;
	struct ps_error *err;

	if (w->nr == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		void *v = realloc(w->samples, cap * sizeof(*w->samples));

		if (!v)
			return ps_error_nomem();
		w->samples = v;
		w->cap = cap;
	}
	/* A running kernel moved since: read it anew. */
	err = ps_target_forget(w->t);
	if (err)
		return err;
	ps_target_reset_slots(w->t);
	s = &w->samples[w->nr];
	err = ps_watch_sample(w->t, s);
	if (err)
		return err;
	s->seconds = ps_watch_now() - w->start;
	if (w->a->output) {
		err = ps_watch_save(w);
		if (err)
			return err;
	}
	if (!w->out->json)
		ps_watch_text(w->out->fp, s, w->nr);
	w->nr++;
	return NULL;
}

static struct ps_error *ps_watch_loop(struct ps_watch *w)
{
	double interval = w->a->interval > 0 ? w->a->interval : ps_watch_interval;
	unsigned long count = w->a->count ? w->a->count : w->t->live ? 0 : 1;
	struct ps_error *err;

	w->start = ps_watch_now();
	for (unsigned long n = 0; !count || n < count; n++) {
		if (n)
			ps_watch_sleep(w->t, interval);
		/* Ctrl-C ends the watch; what was sampled is still reported. */
		if (ps_target_interrupted(w->t))
			break;
		err = ps_watch_one(w);
		if (ps_error_is(err, PS_ERR_INTERRUPTED)) {
			ps_error_destroy(err);
			break;
		}
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_watch_json(struct ps_watch *w)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < w->nr; i++) {
		const struct ps_watch_sample *s = &w->samples[i];
		struct json_object *o = json_object_new_object();
		struct json_object *orders = json_object_new_array();

		json_object_object_add(o, "seconds", json_object_new_double(s->seconds));
		for (unsigned k = 0; k < s->nr_orders; k++)
			json_object_array_add(orders, ps_json_u64(s->free_blocks[k]));
		ps_json_add(o, "free_blocks_by_order", orders);
		ps_json_add_u64(o, "free_pages", s->free_pages);
		ps_json_add_u64(o, "gigablocks", s->gigablocks);
		ps_json_add_u64(o, "tainted", s->tainted);
		ps_json_add_u64(o, "could_be_1gib", s->chances);
		json_object_array_add(arr, o);
	}
	ps_json_add_str(root, "kernel", w->t->release);
	ps_json_add_bool(root, "live", w->t->live);
	ps_json_add(root, "samples", arr);
	return ps_out_json(w->out, root);
}

/* -o DIR: made with its parents, as mkdir -p would, before the first sample. */
static struct ps_error *ps_watch_dir(const char *dir)
{
	struct stat st;
	char *inside;
	struct ps_error *err;

	if (asprintf(&inside, "%s/sample", dir) < 0)
		return ps_error_nomem();
	err = ps_cache_dir_mkdirs(inside);
	free(inside);
	if (err)
		return ps_error_prefix(err, "watch -o %s", dir);
	if (stat(dir, &st))
		return ps_error_os("watch -o %s", dir);
	if (!S_ISDIR(st.st_mode))
		return ps_error_create(PS_ERR_USAGE, "watch -o %s: not a directory", dir);
	return NULL;
}

struct ps_error *ps_cmd_watch(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret)
{
	struct ps_watch w = { .t = t, .a = a, .out = out };
	char title[160];
	struct ps_error *err;

	(void)exit_ret;
	if (a->output) {
		err = ps_watch_dir(a->output);
		if (err)
			return err;
	}
	err = ps_watch_loop(&w);
	if (!err && out->json)
		err = ps_watch_json(&w);
	if (!err && a->png && w.nr) {
		snprintf(title, sizeof(title), "pagescope watch: %s, %zu samples", t->release, w.nr);
		err = ps_watch_png(w.samples, w.nr, title, a->png);
	}
	free(w.samples);
	return err;
}
