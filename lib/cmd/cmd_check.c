// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope check: every place where a kernel counter and a walk meet,
 * one row each: counter, kernel value, walked value, verdict, why. The
 * rows come from analysis/check_*.c; this prints them.
 */
#include <inttypes.h>

#include "analysis/check.h"
#include "cmd/commands.h"
#include "target/target.h"

/* The node, zone, order and memcg a row is about, as fields of their own. */
static void ps_json_check_scope(struct json_object *o,
				const struct ps_check_scope *s)
{
	if (s->nid >= 0)
		ps_json_add_i64(o, PS_KEY_NID, s->nid);
	if (*s->zone)
		ps_json_add_str(o, PS_KEY_ZONE, s->zone);
	if (s->order >= 0)
		ps_json_add_i64(o, PS_KEY_ORDER, s->order);
	if (*s->memcg)
		ps_json_add_str(o, "memcg", s->memcg);
}

struct json_object *ps_cmd_check_json(const struct ps_check *c)
{
	struct json_object *root = json_object_new_object();
	struct json_object *rows = json_object_new_array();

	for (size_t i = 0; i < c->nr; i++) {
		const struct ps_check_row *r = &c->rows[i];
		struct json_object *o = json_object_new_object();

		ps_json_add_str(o, PS_KEY_COUNTER, r->counter);
		ps_json_check_scope(o, &r->scope);
		if (r->has_values && r->counts) {
			ps_json_add_u64(o, PS_KEY_KERNEL, (uint64_t)r->kernel);
			ps_json_add_u64(o, PS_KEY_WALKED, (uint64_t)r->walked);
		} else if (r->has_values) {
			ps_json_add_i64(o, PS_KEY_KERNEL, r->kernel);
			ps_json_add_i64(o, PS_KEY_WALKED, r->walked);
		}
		ps_json_add_str(o, PS_KEY_VERDICT, ps_verdict_name(r->verdict));
		ps_json_add_str(o, PS_KEY_WHY, r->why);
		json_object_array_add(rows, o);
	}
	ps_json_add(root, PS_KEY_ROWS, rows);
	ps_json_add_u64(root, PS_KEY_FAILED, c->nr_fail);
	ps_json_add_bool(root, "live", c->live);
	ps_json_add_bool(root, PS_KEY_OK, !c->nr_fail);
	return root;
}

static void ps_check_print_text(FILE *fp, const struct ps_check *c)
{
	fprintf(fp, "%-44s %12s %12s  %-7s %s\n", "counter", "kernel", "walked",
		"verdict", "why");
	for (size_t i = 0; i < c->nr; i++) {
		const struct ps_check_row *r = &c->rows[i];

		if (r->has_values && r->counts)
			fprintf(fp, "%-44s %12" PRIu64 " %12" PRIu64 "  %-7s %s\n",
				r->counter, (uint64_t)r->kernel, (uint64_t)r->walked,
				ps_verdict_name(r->verdict), r->why);
		else if (r->has_values)
			fprintf(fp, "%-44s %12" PRId64 " %12" PRId64 "  %-7s %s\n",
				r->counter, r->kernel, r->walked,
				ps_verdict_name(r->verdict), r->why);
		else
			fprintf(fp, "%-44s %12s %12s  %-7s %s\n", r->counter, "-",
				"-", ps_verdict_name(r->verdict), r->why);
	}
	fprintf(fp, "\n%zu rows, %zu failed\n", c->nr, c->nr_fail);
	if (c->live)
		fprintf(fp, "live kernel: \"drift\" rows moved while they were counted; take a dump for a verdict\n");
}

struct ps_error *ps_cmd_check(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret)
{
	struct ps_check c;
	struct ps_error *err;

	(void)a;
	ps_check_init(&c, t->live);
	err = ps_check_run(t, &c);
	if (err)
		goto out;
	if (out->json)
		err = ps_out_json(out, ps_cmd_check_json(&c));
	else
		ps_check_print_text(out->fp, &c);
	if (!err && c.nr_fail)
		*exit_ret = PS_EXIT_CHECK;
out:
	ps_check_deinit(&c);
	return err;
}
