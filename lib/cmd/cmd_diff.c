// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope diff BEFORE [AFTER]: what changed from BEFORE (a dump or a
 * snapshot) to AFTER (the dump, snapshot or kernel pagescope was opened
 * on): counters, free blocks, pages, gigablocks, pageblock migratetypes,
 * owners, each section sorted by the size of its changes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/diff.h"
#include "cmd/commands.h"
#include "target/target.h"

/* Lines per section in text; -j gives them all. */
enum { PS_DIFF_TEXT_LINES = 20 };

static const char *ps_diff_verdict(const struct ps_diff_change *c, int v)
{
	if (v < 0)
		return "-";
	return c->section == PS_DIFF_counter ? ps_verdict_name((enum ps_verdict)v)
					     : ps_gb_verdict_name((enum ps_gb_verdict)v);
}

/* Open BEFORE as AFTER was opened: its vmlinux when it is the same kernel. */
static struct ps_error *ps_diff_open(const struct ps_args *a, struct ps_target **ret)
{
	struct ps_open_args open = {
		.dump = a->positional[0], .vmlinux = a->vmlinux, .btf = a->btf,
		.no_cache = a->no_cache,
	};
	struct ps_error *err = ps_target_open(&open, ret);

	if (ps_error_is(err, PS_ERR_MISMATCH) && open.vmlinux) {
		ps_error_destroy(err);
		open.vmlinux = NULL;
		err = ps_target_open(&open, ret);
	}
	return err ? ps_error_prefix(err, "opening %s", open.dump) : NULL;
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_diff_text_change(FILE *fp, const struct ps_diff_change *c)
{
	int64_t delta = c->b - c->a;

	if (c->section == PS_DIFF_pageblock) {
		fprintf(fp, "  %-48s %8" PRId64 " pageblocks (first at pfn %#" PRIx64 ")\n",
			c->key, c->b, c->first_pfn);
		return;
	}
	fprintf(fp, "  %-48s %10" PRId64 " (%" PRId64 ") -> %10" PRId64 " (%" PRId64 ") %+9" PRId64,
		c->key, c->a, c->a2, c->b, c->b2, delta);
	if (!c->in_a || !c->in_b)
		fprintf(fp, "  %s", c->in_a ? "gone" : "new");
	if (c->verdict_a != c->verdict_b)
		fprintf(fp, "  %s -> %s", ps_diff_verdict(c, c->verdict_a),
			ps_diff_verdict(c, c->verdict_b));
	fprintf(fp, "\n");
}

static void ps_diff_text_sections(FILE *fp, const struct ps_diff *d)
{
	for (int sec = 0; sec < PS_DIFF_NR; sec++) {
		size_t shown = 0, nr = 0;

		for (size_t i = 0; i < d->nr; i++)
			nr += (int)d->changes[i].section == sec;
		if (!nr)
			continue;
		fprintf(fp, "\n%s:\n", ps_diff_section_meanings[sec]);
		for (size_t i = 0; i < d->nr; i++) {
			if ((int)d->changes[i].section != sec)
				continue;
			if (shown++ < PS_DIFF_TEXT_LINES)
				ps_diff_text_change(fp, &d->changes[i]);
		}
		if (nr > PS_DIFF_TEXT_LINES)
			fprintf(fp, "  ... and %zu more (-j lists them all)\n", nr - PS_DIFF_TEXT_LINES);
	}
}

static void ps_diff_text(FILE *fp, const struct ps_target *before,
			 const struct ps_target *after, const struct ps_diff *d)
{
	fprintf(fp, "before  %s (%s)\nafter   %s (%s)\n", before->dump_path, before->release,
		after->dump_path ? after->dump_path : "crash", after->release);
	ps_diff_text_sections(fp, d);
	if (!d->owners_compared)
		fprintf(fp, "\nowners not compared: %s\n", d->owner_note);
	fprintf(fp, "\n%zu changes; check rows: %zu broke, %zu mended; gigablocks: %zu lost and %zu gained a 1 GiB chance; %zu pageblocks compared\n",
		d->nr, d->nr_broke, d->nr_mended, d->nr_chances_lost, d->nr_chances_gained,
		d->nr_blocks_compared);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_diff_json_change(const struct ps_diff_change *c)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_str(o, "section", ps_diff_section_names[c->section]);
	ps_json_add_str(o, "key", c->key);
	ps_json_add_bool(o, "before_present", c->in_a);
	ps_json_add_bool(o, "after_present", c->in_b);
	ps_json_add_i64(o, "before", c->a);
	ps_json_add_i64(o, "after", c->b);
	ps_json_add_i64(o, "before_second", c->a2);
	ps_json_add_i64(o, "after_second", c->b2);
	ps_json_add_i64(o, "delta", c->b - c->a);
	if (c->verdict_a >= 0 || c->verdict_b >= 0) {
		ps_json_add_str(o, "verdict_before", ps_diff_verdict(c, c->verdict_a));
		ps_json_add_str(o, "verdict_after", ps_diff_verdict(c, c->verdict_b));
	}
	if (c->section == PS_DIFF_pageblock)
		ps_json_add_u64(o, "first_pfn", c->first_pfn);
	return o;
}

static struct ps_error *ps_diff_json(struct ps_out *out, const struct ps_target *before,
				     const struct ps_target *after, const struct ps_diff *d)
{
	struct json_object *root = json_object_new_object();
	struct json_object *changes = json_object_new_array();

	ps_json_add_str(root, "before", before->dump_path);
	ps_json_add_str(root, "before_release", before->release);
	ps_json_add_str(root, "after", after->dump_path ? after->dump_path : "crash");
	ps_json_add_str(root, "after_release", after->release);
	for (size_t i = 0; i < d->nr; i++)
		json_object_array_add(changes, ps_diff_json_change(&d->changes[i]));
	ps_json_add(root, "changes", changes);
	ps_json_add_u64(root, "checks_broke", d->nr_broke);
	ps_json_add_u64(root, "checks_mended", d->nr_mended);
	ps_json_add_u64(root, "gigablocks_lost_chance", d->nr_chances_lost);
	ps_json_add_u64(root, "gigablocks_gained_chance", d->nr_chances_gained);
	ps_json_add_u64(root, "pageblocks_compared", d->nr_blocks_compared);
	ps_json_add_bool(root, "owners_compared", d->owners_compared);
	ps_json_add_str(root, "owners_note", d->owner_note);
	return ps_out_json(out, root);
}

/* ------------------------------------------------------------------ */

static struct ps_error *ps_diff_run(struct ps_target *before, struct ps_target *after,
				    const struct ps_args *a, struct ps_out *out,
				    int *exit_ret)
{
	struct ps_diff_state sa, sb;
	struct ps_diff d;
	struct ps_error *err = ps_diff_state_collect(before, &sa);

	if (err)
		return ps_error_prefix(err, "%s", before->dump_path);
	err = ps_diff_state_collect(after, &sb);
	if (err) {
		ps_diff_state_deinit(&sa);
		return err;
	}
	err = ps_diff_compute(&sa, &sb, &d);
	if (err)
		goto out;
	if (out->json)
		err = ps_diff_json(out, before, after, &d);
	else
		ps_diff_text(out->fp, before, after, &d);
	if (!err && a->check && d.nr_broke)
		*exit_ret = PS_EXIT_CHECK;
	ps_diff_deinit(&d);
out:
	ps_diff_state_deinit(&sa);
	ps_diff_state_deinit(&sb);
	return err;
}

struct ps_error *ps_cmd_diff(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	struct ps_target *before;
	struct ps_error *err = ps_diff_open(a, &before);

	if (err)
		return err;
	ps_target_set_interrupt(before, t->interrupted);
	err = ps_diff_run(before, t, a, out, exit_ret);
	ps_target_destroy(before);
	return err;
}
