// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope list: walk any list_head or hlist_head, validated, and say
 * where it breaks.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/list_head.h"
#include "kernel/hlist.h"
#include "output/list_report.h"
#include "walk/owner.h"
#include "target/target.h"

/* Entries walked before the list is called a loop. */
enum { PS_LIST_CMD_MAX = 1 << 24 };

struct ps_list_walk {
	uint64_t head;
	enum ps_head_kind kind;
	const char *type;	/* container type, or NULL */
	uint64_t member_off;	/* offsetof(type, member) */
	size_t nr;
	uint64_t *nodes;
	bool broken;
	struct ps_list_fault fault;
};

static struct ps_error *ps_list_collect(struct ps_target *t,
					struct ps_list_walk *w)
{
	struct ps_error *err;

	if (w->kind == PS_HEAD_HLIST)
		err = ps_hlist_nodes(t, w->head, PS_LIST_CMD_MAX, &w->nodes,
				     &w->nr, &w->fault);
	else
		err = ps_list_nodes(t, w->head, PS_LIST_CMD_MAX, &w->nodes,
				    &w->nr, &w->fault);
	w->broken = !err && ps_list_fault_is_corruption(&w->fault);
	return err;
}

/* The C type of the head walked. */
static const char *ps_list_head_type(const struct ps_list_walk *w)
{
	return w->kind == PS_HEAD_HLIST ? "struct hlist_head" : "struct list_head";
}

static struct ps_error *ps_list_print_json(struct ps_target *t,
					   struct ps_out *out,
					   const struct ps_list_walk *w)
{
	struct json_object *root = json_object_new_object();
	struct json_object *entries = json_object_new_array();

	ps_json_add_hex(root, "head", w->head);
	ps_json_add_str(root, "head_type", ps_list_head_type(w));
	if (w->type) {
		ps_json_add_str(root, "type", w->type);
		ps_json_add_u64(root, "member_offset", w->member_off);
	}
	for (size_t i = 0; i < w->nr; i++) {
		struct json_object *e = json_object_new_object();

		ps_json_add_u64(e, "index", i);
		ps_json_add_hex(e, "node", w->nodes[i]);
		if (w->type)
			ps_json_add_hex(e, "container", w->nodes[i] - w->member_off);
		json_object_array_add(entries, e);
	}
	ps_json_add_u64(root, "count", w->nr);
	ps_json_add_bool(root, "intact", !w->broken);
	ps_json_add(root, "entries", entries);
	if (w->broken)
		ps_json_add(root, PS_KEY_FAULT, ps_list_report_json(t, &w->fault));
	return ps_out_json(out, root);
}

static void ps_list_print_text(struct ps_target *t, FILE *fp,
			       const struct ps_list_walk *w)
{
	char buf[512];
	struct ps_owner o;
	struct ps_error *err = ps_owner_find(t, w->head, &o);

	fprintf(fp, "list head %#" PRIx64 " (%s)\n", w->head,
		err ? "?" : ps_owner_describe(t, &o, buf, sizeof(buf)));
	ps_error_destroy(err);
	fprintf(fp, "%8s  %-18s%s\n", "entry",
		w->kind == PS_HEAD_HLIST ? "hlist_node" : "list_head",
		w->type ? "  container" : "");
	for (size_t i = 0; i < w->nr; i++) {
		fprintf(fp, "%8zu  %#-18" PRIx64, i, w->nodes[i]);
		if (w->type)
			fprintf(fp, "  %#" PRIx64, w->nodes[i] - w->member_off);
		fprintf(fp, "\n");
	}
	if (!w->broken) {
		fprintf(fp, "%zu entries, intact\n", w->nr);
		return;
	}
	fprintf(fp, "%zu entries before the list breaks:\n", w->nr);
	ps_list_report_print(t, fp, "  ", &w->fault);
}

struct ps_error *ps_cmd_list(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	struct ps_list_walk w = { .type = a->type };
	struct ps_error *err;

	if (!a->type != !a->member)
		return ps_error_create(PS_ERR_USAGE,
				       "list: --type and --member go together");
	err = ps_list_head_resolve(t, a->positional[0], &w.head, &w.kind);
	if (err)
		return err;
	if (a->type) {
		err = ps_list_member_offset(t, a->type, a->member,
					    &w.member_off);
		if (err)
			return err;
	}
	err = ps_list_collect(t, &w);
	if (err)
		return err;
	if (out->json)
		err = ps_list_print_json(t, out, &w);
	else
		ps_list_print_text(t, out->fp, &w);
	if (!err && w.broken)
		*exit_ret = PS_EXIT_CHECK;
	free(w.nodes);
	return err;
}
