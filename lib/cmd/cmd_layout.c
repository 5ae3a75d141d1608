// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope layout: every offset, size, enumerator and symbol pagescope
 * resolved for this kernel, and where they came from. For the curious
 * and for checking pagescope itself.
 */
#include <inttypes.h>
#include <string.h>

#include "cmd/commands.h"
#include "target/target.h"

/* {"kind": "member", "name": "struct page.flags", "present": true, ...} */
static struct json_object *ps_json_lval(const char *key, const struct ps_lval *v)
{
	struct json_object *o = json_object_new_object();
	size_t kind = strcspn(key, " ");

	ps_json_add(o, "kind", json_object_new_string_len(key, (int)kind));
	ps_json_add_str(o, "name", key[kind] ? key + kind + 1 : "");
	ps_json_add_bool(o, "present", v->present);
	if (!v->present)
		return o;
	ps_json_add_i64(o, "value", v->value);
	if (v->size)
		ps_json_add_u64(o, "size", v->size);
	if (v->nr_elems)
		ps_json_add_u64(o, "nr_elems", v->nr_elems);
	return o;
}

struct ps_error *ps_cmd_layout(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret)
{
	struct json_object *root = out->json ? json_object_new_object() : NULL;
	struct json_object *items = out->json ? json_object_new_array() : NULL;
	char key[256];

	(void)a;
	(void)exit_ret;
	if (!out->json)
		fprintf(out->fp, "# kernel %s, layout from %s; absent items are what this kernel lacks\n",
			t->release, t->layout.source);
	for (size_t i = 0; i < ps_layout_nr_items(); i++) {
		const struct ps_lval *v = ps_layout_item(&t->layout, i);

		ps_layout_item_key(i, key, sizeof(key));
		if (items)
			json_object_array_add(items, ps_json_lval(key, v));
		else if (v->present)
			fprintf(out->fp, "%-60s %" PRId64 " (%#" PRIx64 ")%s\n", key,
				v->value, (uint64_t)v->value,
				v->nr_elems ? " array" : "");
		else
			fprintf(out->fp, "%-60s absent\n", key);
	}
	if (!root)
		return NULL;
	ps_json_add_str(root, "source", t->layout.source);
	ps_json_add(root, "items", items);
	return ps_out_json(out, root);
}
