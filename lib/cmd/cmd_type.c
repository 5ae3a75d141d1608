// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope type: a struct's or union's members with their types,
 * offsets and sizes, pahole-style, from the kernel's own type information.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "debuginfo/types.h"
#include "target/target.h"

/* Column of the offset comment, as pahole lays it out. */
enum { PS_TYPE_COMMENT_COL = 56 };

struct ps_type_listing {
	struct ps_out *out;
	struct json_object *members;	/* JSON, or NULL for text */
	unsigned int depth;		/* of the member printed last */
};

/*
 * "struct page * lru" as C declares it: a name goes before array
 * dimensions and inside a function pointer's "(*)".
 */
static void ps_type_declaration(const struct ps_member_desc *m, char *buf,
				size_t len)
{
	const char *t = m->type_name, *name = m->name ? m->name : "";
	const char *fn = strstr(t, "(*)");
	const char *dims = strchr(t, '[');

	if (!m->name)
		snprintf(buf, len, "%.*s{", (int)strcspn(t, "{"), t);
	else if (fn)
		snprintf(buf, len, "%.*s(*%s)%s", (int)(fn - t), t, name, fn + 3);
	else if (dims)
		snprintf(buf, len, "%.*s %s%s", (int)(dims - t), t, name, dims);
	else
		snprintf(buf, len, "%s%s%s", t, t[strlen(t) - 1] == '*' ? "" : " ", name);
	if (m->name && m->info.bit_size)
		snprintf(buf + strlen(buf), len - strlen(buf), ":%u", m->info.bit_size);
}

static void ps_type_text_member(FILE *fp, const struct ps_member_desc *m)
{
	char decl[2 * PS_TYPE_NAME_MAX + 16];
	int col;

	ps_type_declaration(m, decl, sizeof(decl));
	col = fprintf(fp, "%*s%s%s", 8 * ((int)m->depth + 1), "", decl,
		      m->name ? ";" : "");
	fprintf(fp, "%*s/* %5" PRIu64, col < PS_TYPE_COMMENT_COL ? PS_TYPE_COMMENT_COL - col : 1,
		"", m->info.offset);
	if (m->info.bit_size)
		fprintf(fp, ":%-2u", m->info.bit_offset);
	fprintf(fp, " %5" PRIu64 " */\n", m->info.size);
}

static struct json_object *ps_type_json_member(const struct ps_member_desc *m)
{
	struct json_object *o = json_object_new_object();

	/* An anonymous struct or union: null. */
	json_object_object_add(o, "name", m->name ? json_object_new_string(m->name) : NULL);
	ps_json_add_str(o, "type", m->type_name);
	ps_json_add_u64(o, "offset", m->info.offset);
	ps_json_add_u64(o, "size", m->info.size);
	ps_json_add_u64(o, "bit_offset", m->info.bit_offset);
	ps_json_add_u64(o, "bit_size", m->info.bit_size);
	ps_json_add_u64(o, "depth", m->depth);
	return o;
}

/* Close the anonymous structs and unions deeper than @depth. */
static void ps_type_text_close(struct ps_type_listing *l, unsigned int depth)
{
	for (; l->depth > depth; l->depth--)
		fprintf(l->out->fp, "%*s};\n", 8 * (int)l->depth, "");
}

/*
 * A bitfield at the start of its storage unit, as pahole shows it: DWARF 5
 * says only the bit where the field starts.
 */
static void ps_type_bitfield_unit(struct ps_member_desc *m)
{
	uint64_t bit = m->info.offset * 8 + m->info.bit_offset;
	uint64_t unit = m->info.size * 8;

	if (!m->info.bit_size || !unit)
		return;
	m->info.offset = bit / unit * unit / 8;
	m->info.bit_offset = (uint32_t)(bit % unit);
}

static void ps_type_member(const struct ps_member_desc *desc, void *arg)
{
	struct ps_type_listing *l = arg;
	struct ps_member_desc unit = *desc;
	const struct ps_member_desc *m = &unit;

	ps_type_bitfield_unit(&unit);
	if (l->members) {
		json_object_array_add(l->members, ps_type_json_member(m));
		return;
	}
	ps_type_text_close(l, m->depth);
	ps_type_text_member(l->out->fp, m);
	l->depth = m->name ? m->depth : m->depth + 1;
}

/* "task_struct" is "struct task_struct", else a typedef's name. */
static struct ps_error *ps_type_resolve(struct ps_types *types, const char *arg,
					char *name, size_t len, uint64_t *size)
{
	struct ps_error *err = NULL;

	if (!strchr(arg, ' ')) {
		snprintf(name, len, "struct %s", arg);
		err = types->ops->type_size(types->priv, name, size);
		if (!ps_error_is(err, PS_ERR_NO_TYPE))
			return err;
		ps_error_destroy(err);
	}
	snprintf(name, len, "%s", arg);
	err = types->ops->type_size(types->priv, name, size);
	if (ps_error_is(err, PS_ERR_NO_TYPE)) {
		ps_error_destroy(err);
		return ps_error_create(PS_ERR_USAGE, "%s: no such struct, union or typedef in the %s type information",
				       arg, types->ops->name);
	}
	return err;
}

static struct ps_error *ps_type_print(struct ps_types *types, const char *name,
				      uint64_t size, struct ps_out *out)
{
	struct ps_type_listing l = { .out = out };
	struct json_object *root;
	struct ps_error *err;

	if (!out->json) {
		fprintf(out->fp, "%s {\n", name);
		err = types->ops->members(types->priv, name, ps_type_member, &l);
		ps_type_text_close(&l, 0);
		if (!err)
			fprintf(out->fp, "};%*s/* size: %" PRIu64 " */\n",
				PS_TYPE_COMMENT_COL - 2, "", size);
		return err;
	}
	root = json_object_new_object();
	l.members = json_object_new_array();
	ps_json_add_str(root, "type", name);
	ps_json_add_u64(root, "size", size);
	ps_json_add_str(root, "from", types->ops->name);
	ps_json_add(root, "members", l.members);
	err = types->ops->members(types->priv, name, ps_type_member, &l);
	if (err) {
		json_object_put(root);
		return err;
	}
	return ps_out_json(out, root);
}

struct ps_error *ps_cmd_type(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	char name[PS_TYPE_NAME_MAX];
	struct ps_types *types;
	uint64_t size;
	struct ps_error *err = ps_target_types(t, &types);

	(void)exit_ret;
	if (err)
		return err;
	if (!types->ops->members)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "the %s type information cannot list members (DWARF can: give the vmlinux with -k)",
				       types->ops->name);
	err = ps_type_resolve(types, a->positional[0], name, sizeof(name), &size);
	if (err)
		return err;
	if (!strncmp(name, "enum ", 5))
		return ps_error_create(PS_ERR_USAGE,
				       "%s: an enum has no members; type lists structs and unions (layout prints the enumerators pagescope reads)",
				       a->positional[0]);
	err = ps_type_print(types, name, size, out);
	if (ps_error_is(err, PS_ERR_NO_TYPE)) {
		struct ps_error *usage = ps_error_create(PS_ERR_USAGE, "%s: %s",
							 a->positional[0],
							 ps_error_message(err));

		ps_error_destroy(err);
		return usage;
	}
	return err;
}
