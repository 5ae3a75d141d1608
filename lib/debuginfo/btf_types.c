// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel types from BTF, through libbpf: /sys/kernel/btf/vmlinux of the
 * running kernel, or the .BTF section of the kernel image read out of a
 * dump. BTF is small (a few MB) and indexed: no cache is needed. It has
 * no types for most global variables; the layout needs none from it.
 */
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/btf_types.h"
#include "base/name_index.h"

struct ps_btf {
	struct btf *btf;
	char *origin;		/* for messages */
	/*
	 * Built on first use: (BTF kind, name) -> type id, and
	 * (PS_BTF_ENUMERATOR, name) -> value. libbpf looks names up by a
	 * scan of every type, and the layout asks a few hundred times.
	 */
	struct ps_name_index index;
	bool indexed;
	__u32 too_deep;		/* a struct a lookup gave up in: damaged BTF */
};

/* Above every BTF_KIND_*. */
enum { PS_BTF_ENUMERATOR = 0x100 };

/* The one place a libbpf failure becomes a ps_error. */
static struct ps_error *ps_btf_error(const char *origin, long code)
{
	return ps_error_create(PS_ERR_BAD_INPUT, "%s: not usable BTF: %s",
			       origin, strerror(code < 0 ? (int)-code : (int)code));
}

static struct ps_error *ps_btf_missing(const char *what, const char *name)
{
	return ps_error_create(PS_ERR_NO_TYPE, "%s %s not in BTF", what, name);
}

/* Name and value of enumerator @i of the enum type @t. */
static const char *ps_btf_enum_entry(const struct btf *btf,
				     const struct btf_type *t, __u16 i,
				     int64_t *value)
{
	if (btf_is_enum64(t)) {
		*value = (int64_t)btf_enum64_value(&btf_enum64(t)[i]);
		return btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
	}
	/* kflag marks a signed enum. */
	*value = btf_kflag(t) ? (int64_t)btf_enum(t)[i].val
			      : (int64_t)(uint32_t)btf_enum(t)[i].val;
	return btf__name_by_offset(btf, btf_enum(t)[i].name_off);
}

static struct ps_error *ps_btf_index_enum(struct ps_btf *b,
					  const struct btf_type *t)
{
	struct ps_error *err;

	for (__u16 i = 0; i < btf_vlen(t); i++) {
		int64_t v;
		const char *name = ps_btf_enum_entry(b->btf, t, i, &v);

		if (!name)
			continue;
		err = ps_name_index_add(&b->index, PS_BTF_ENUMERATOR, name,
					(uint64_t)v, 0);
		if (err)
			return err;
	}
	return NULL;
}

/* Functions, the bulk of BTF, are never asked for. */
static bool ps_btf_kind_looked_up(unsigned kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
		return true;
	default:
		return false;
	}
}

static struct ps_error *ps_btf_index_type(struct ps_btf *b, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(b->btf, id);
	const char *name = btf__name_by_offset(b->btf, t->name_off);
	struct ps_error *err;

	if (name && *name && ps_btf_kind_looked_up(btf_kind(t))) {
		err = ps_name_index_add(&b->index, btf_kind(t), name, id, 0);
		if (err)
			return err;
	}
	if (btf_is_any_enum(t))
		return ps_btf_index_enum(b, t);
	return NULL;
}

/* One pass over every type; names point into the BTF's string section. */
static struct ps_error *ps_btf_build_index(struct ps_btf *b)
{
	__u32 n = btf__type_cnt(b->btf);
	struct ps_error *err;

	for (__u32 id = 1; id < n; id++) {
		err = ps_btf_index_type(b, id);
		if (err)
			return err;
	}
	b->indexed = true;
	return NULL;
}

/* The first type of @kind named @name, or -1. */
static __s32 ps_btf_find(struct ps_btf *b, const char *name, int kind)
{
	uint64_t id;
	struct ps_error *err = b->indexed ? NULL : ps_btf_build_index(b);

	if (err) {	/* out of memory: libbpf's scan still answers */
		ps_error_destroy(err);
		return btf__find_by_name_kind(b->btf, name, (__u32)kind);
	}
	return ps_name_index_find(&b->index, (unsigned)kind, name, &id, NULL)
		       ? (__s32)id
		       : -1;
}

/* "struct page" / "union x" / "enum x" / a typedef or base type name. */
static struct ps_error *ps_btf_named(struct ps_btf *b, const char *type,
				     __s32 *ret)
{
	static const struct {
		const char *prefix;
		int kinds[2];
	} tags[] = {
		{ "struct ", { BTF_KIND_STRUCT, -1 } },
		{ "union ", { BTF_KIND_UNION, -1 } },
		{ "enum ", { BTF_KIND_ENUM, BTF_KIND_ENUM64 } },
	};
	static const int bare[] = { BTF_KIND_TYPEDEF, BTF_KIND_INT,
				    BTF_KIND_STRUCT, BTF_KIND_UNION };
	__s32 id = -1;

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t len = strlen(tags[i].prefix);

		if (strncmp(type, tags[i].prefix, len))
			continue;
		for (int k = 0; k < 2 && id < 0 && tags[i].kinds[k] >= 0; k++)
			id = ps_btf_find(b, type + len, tags[i].kinds[k]);
		break;
	}
	if (!strchr(type, ' ')) {
		for (size_t i = 0; i < sizeof(bare) / sizeof(bare[0]) && id < 0; i++)
			id = ps_btf_find(b, type, bare[i]);
	}
	if (id < 0)
		return ps_btf_missing("type", type);
	*ret = id;
	return NULL;
}

static struct ps_error *ps_btf_type_size(void *priv, const char *type,
					 uint64_t *ret)
{
	struct ps_btf *b = priv;
	__s32 id;
	__s64 size;
	struct ps_error *err = ps_btf_named(b, type, &id);

	if (err)
		return err;
	size = btf__resolve_size(b->btf, (__u32)id);
	if (size < 0)
		return ps_btf_missing("size of", type);
	*ret = (uint64_t)size;
	return NULL;
}

/* Strip typedefs and qualifiers. */
static __u32 ps_btf_strip(const struct btf *btf, __u32 id)
{
	return (__u32)btf__resolve_type(btf, id);
}

struct ps_btf_member {
	uint64_t bit_offset;
	uint32_t bit_size;
	__u32 type;
};

/*
 * The kernel nests anonymous structs and unions a few levels deep, a few
 * dozen members in all; BTF from a damaged dump can make one contain
 * itself, or nest them exponentially. Members looked at are counted.
 */
enum {
	PS_BTF_MEMBER_BUDGET = 1 << 16,	/* a listing: every member, nested */
	PS_BTF_SEARCH_BUDGET = 1 << 10,	/* one lookup: task_struct.stack_vm_area takes 247 */
	PS_BTF_MAX_NESTING = 16,
};

struct ps_btf_search {
	unsigned budget;	/* members still to look at */
	unsigned depth;		/* anonymous levels entered */
	bool too_deep;		/* an anonymous member nested past any kernel's */
};

static bool ps_btf_find_member(const struct btf *btf, __u32 id,
			       const char *name, size_t len, uint64_t base,
			       struct ps_btf_search *s, struct ps_btf_member *ret);

static bool ps_btf_in_anonymous(const struct btf *btf, const struct btf_member *m,
				uint64_t at, const char *name, size_t len,
				struct ps_btf_search *s, struct ps_btf_member *ret)
{
	__u32 id = ps_btf_strip(btf, m->type);
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool found;

	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return false;
	if (s->depth == PS_BTF_MAX_NESTING) {
		s->too_deep = true;
		return false;
	}
	s->depth++;
	found = ps_btf_find_member(btf, id, name, len, at, s, ret);
	s->depth--;
	return found;
}

static bool ps_btf_find_member(const struct btf *btf, __u32 id,
			       const char *name, size_t len, uint64_t base,
			       struct ps_btf_search *s, struct ps_btf_member *ret)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);

	for (__u16 i = 0; i < btf_vlen(t) && s->budget; i++, m++, s->budget--) {
		const char *mname = btf__name_by_offset(btf, m->name_off);
		uint64_t at = base + btf_member_bit_offset(t, i);

		if (!mname || !*mname) {
			if (ps_btf_in_anonymous(btf, m, at, name, len, s, ret))
				return true;
			continue;
		}
		if (strlen(mname) != len || strncmp(mname, name, len))
			continue;
		*ret = (struct ps_btf_member){
			.bit_offset = at,
			.bit_size = btf_member_bitfield_size(t, i),
			.type = m->type,
		};
		return true;
	}
	return false;
}

/* Size and array shape of type @id into @ret. */
static struct ps_error *ps_btf_shape(const struct btf *btf, __u32 id,
				     struct ps_member_info *ret)
{
	const struct btf_type *t = btf__type_by_id(btf, ps_btf_strip(btf, id));
	__s64 size = btf__resolve_size(btf, id);

	if (size < 0)
		return ps_error_create(PS_ERR_NO_TYPE, "type without a size");
	ret->size = (uint64_t)size;
	ret->is_array = t && btf_is_array(t);
	if (ret->is_array) {
		__s64 elem = btf__resolve_size(btf, btf_array(t)->type);

		ret->nr_elems = btf_array(t)->nelems;
		ret->elem_size = elem > 0 ? (uint64_t)elem : 0;
	}
	return NULL;
}

/* One component of a member path, in struct or union @p sid. */
static struct ps_error *ps_btf_component(struct ps_btf *b, __u32 sid, const char *comp,
					 size_t len, uint64_t base, const char *type,
					 const char *path, struct ps_btf_member *ret)
{
	const struct btf_type *t = btf__type_by_id(b->btf, sid);
	struct ps_btf_search search = { .budget = PS_BTF_SEARCH_BUDGET };

	/* Searched to the end of the budget once: every lookup would be. */
	if (sid == b->too_deep)
		search.budget = 0;
	else if (t && (btf_is_struct(t) || btf_is_union(t)) &&
		 ps_btf_find_member(b->btf, sid, comp, len, base, &search, ret))
		return NULL;
	if (search.budget && !search.too_deep)
		return ps_error_create(PS_ERR_NO_TYPE, "%s has no member %s", type, path);
	b->too_deep = sid;
	return ps_error_create(PS_ERR_BAD_INPUT,
			       "BTF: %s nests more members than any kernel's: looking for %s gave up",
			       type, path);
}

/* Member @path of @type: where it is and its type. */
static struct ps_error *ps_btf_member_path(struct ps_btf *b, const char *type,
					   const char *path,
					   struct ps_btf_member *ret)
{
	uint64_t base = 0;
	__s32 id;
	struct ps_error *err = ps_btf_named(b, type, &id);

	if (err)
		return err;
	for (const char *comp = path;; comp += strcspn(comp, ".") + 1) {
		size_t len = strcspn(comp, ".");

		err = ps_btf_component(b, ps_btf_strip(b->btf, (__u32)id), comp, len,
				       base, type, path, ret);
		if (err || !comp[len])
			return err;
		base = ret->bit_offset;
		id = (__s32)ret->type;
	}
}

static struct ps_error *ps_btf_member(void *priv, const char *type,
				      const char *path,
				      struct ps_member_info *ret)
{
	struct ps_btf *b = priv;
	struct ps_btf_member m = { 0 };
	struct ps_error *err = ps_btf_member_path(b, type, path, &m);

	if (err)
		return err;
	memset(ret, 0, sizeof(*ret));
	ret->offset = m.bit_offset / 8;
	ret->bit_offset = (uint32_t)(m.bit_offset % 8);
	ret->bit_size = m.bit_size;
	return ps_btf_shape(b->btf, m.type, ret);
}

/* ------------------------------------------------------------------ */
/* C names of types and member listings, as the DWARF provider gives  */
/* ------------------------------------------------------------------ */

/* Deeper than any kernel type; damaged BTF may loop. */
enum { PS_BTF_MAX_RENDER = 32 };

static void ps_btf_render(const struct btf *btf, __u32 id, int depth,
			  char *buf, size_t len);

static const char *ps_btf_tag_word(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		return "struct ";
	case BTF_KIND_UNION:
		return "union ";
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return "enum ";
	case BTF_KIND_FWD:
		return btf_kflag(t) ? "union " : "struct ";
	default:
		return "";
	}
}

/* "T *", or "R (*)()" for a pointer to a function. */
static void ps_btf_render_pointer(const struct btf *btf, __u32 target,
				  int depth, char *buf, size_t len)
{
	const struct btf_type *t = target ? btf__type_by_id(btf, target) : NULL;
	char inner[PS_TYPE_NAME_MAX];

	if (t && btf_is_func_proto(t)) {
		ps_btf_render(btf, t->type, depth + 1, inner, sizeof(inner));
		snprintf(buf, len, "%s (*)()", inner);
		return;
	}
	ps_btf_render(btf, target, depth + 1, inner, sizeof(inner));
	snprintf(buf, len, "%s%s*", inner, inner[strlen(inner) - 1] == '*' ? "" : " ");
}

/* "T[2][4]": BTF nests the dimensions, C writes them after the element. */
static void ps_btf_render_array(const struct btf *btf, __u32 id, int depth,
				char *buf, size_t len)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	char dims[96] = "";
	size_t n = 0, at;

	for (int level = 0; t && btf_is_array(t) && level < PS_BTF_MAX_RENDER; level++) {
		if (n < sizeof(dims))
			n += (size_t)snprintf(dims + n, sizeof(dims) - n, "[%u]",
					      btf_array(t)->nelems);
		id = btf_array(t)->type;
		t = btf__type_by_id(btf, id);
	}
	ps_btf_render(btf, id, depth + 1, buf, len);
	at = strlen(buf);
	snprintf(buf + at, len - at, "%s", dims);
}

/* The C name of type @id, typedef names kept. */
static void ps_btf_render(const struct btf *btf, __u32 id, int depth,
			  char *buf, size_t len)
{
	const struct btf_type *t = id ? btf__type_by_id(btf, id) : NULL;
	const char *name;
	size_t n;

	if (!id || !t || depth > PS_BTF_MAX_RENDER) {
		snprintf(buf, len, "%s", id ? "?" : "void");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		ps_btf_render_pointer(btf, t->type, depth, buf, len);
		return;
	case BTF_KIND_ARRAY:
		ps_btf_render_array(btf, id, depth, buf, len);
		return;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		n = (size_t)snprintf(buf, len, "%s ", btf_is_const(t) ? "const" : "volatile");
		if (n < len)
			ps_btf_render(btf, t->type, depth + 1, buf + n, len - n);
		return;
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		ps_btf_render(btf, t->type, depth + 1, buf, len);
		return;
	default:
		name = btf__name_by_offset(btf, t->name_off);
		snprintf(buf, len, "%s%s", ps_btf_tag_word(t),
			 name && *name ? name : "{...}");
	}
}

static struct ps_error *ps_btf_type_name(void *priv, const char *type,
					 const char *path, char *buf)
{
	struct ps_btf *b = priv;
	struct ps_btf_member m;
	__s32 id;
	struct ps_error *err;

	if (!type) {
		/* BTF has variables only where pahole encoded them. */
		id = ps_btf_find(b, path, BTF_KIND_VAR);
		if (id < 0)
			return ps_btf_missing("variable", path);
		ps_btf_render(b->btf, btf__type_by_id(b->btf, (__u32)id)->type, 0,
			      buf, PS_TYPE_NAME_MAX);
		return NULL;
	}
	err = ps_btf_member_path(b, type, path, &m);
	if (err)
		return err;
	ps_btf_render(b->btf, m.type, 0, buf, PS_TYPE_NAME_MAX);
	return NULL;
}

struct ps_btf_walk {
	const struct btf *btf;
	ps_member_fn *fn;
	void *arg;
	unsigned budget;	/* members still to tell */
};

static void ps_btf_members_of(struct ps_btf_walk *w, __u32 id, uint64_t bits,
			      unsigned int depth);

/* Member @i of @t at @base bits: tell it, then what an anonymous one holds. */
static void ps_btf_tell_member(struct ps_btf_walk *w, const struct btf_type *t,
			       __u16 i, uint64_t base, unsigned int depth)
{
	const struct btf_member *m = &btf_members(t)[i];
	const char *name = btf__name_by_offset(w->btf, m->name_off);
	uint64_t bits = base + btf_member_bit_offset(t, i);
	char type_name[PS_TYPE_NAME_MAX];
	struct ps_member_desc d = {
		.name = name && *name ? name : NULL, .type_name = type_name,
		.depth = depth,
		.info = { .offset = bits / 8, .bit_offset = (uint32_t)(bits % 8),
			  .bit_size = btf_member_bitfield_size(t, i) },
	};
	const struct btf_type *inner;
	__u32 sid;

	ps_btf_render(w->btf, m->type, 0, type_name, sizeof(type_name));
	ps_error_destroy(ps_btf_shape(w->btf, m->type, &d.info));
	w->fn(&d, w->arg);
	sid = ps_btf_strip(w->btf, m->type);
	inner = btf__type_by_id(w->btf, sid);
	if (!d.name && depth < PS_BTF_MAX_NESTING && inner &&
	    (btf_is_struct(inner) || btf_is_union(inner)))
		ps_btf_members_of(w, sid, bits, depth + 1);
}

static void ps_btf_members_of(struct ps_btf_walk *w, __u32 id, uint64_t bits,
			      unsigned int depth)
{
	const struct btf_type *t = btf__type_by_id(w->btf, id);

	for (__u16 i = 0; i < btf_vlen(t) && w->budget; i++, w->budget--)
		ps_btf_tell_member(w, t, i, bits, depth);
}

static struct ps_error *ps_btf_members(void *priv, const char *type,
				       ps_member_fn *fn, void *arg)
{
	struct ps_btf *b = priv;
	struct ps_btf_walk w = { .btf = b->btf, .fn = fn, .arg = arg,
				 .budget = PS_BTF_MEMBER_BUDGET };
	const struct btf_type *t;
	__u32 sid;
	__s32 id;
	struct ps_error *err = ps_btf_named(b, type, &id);

	if (err)
		return err;
	sid = ps_btf_strip(b->btf, (__u32)id);
	t = btf__type_by_id(b->btf, sid);
	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return ps_error_create(PS_ERR_NO_TYPE, "%s: not a struct or union",
				       type);
	ps_btf_members_of(&w, sid, 0, 0);
	return NULL;
}

/* Enumerator @name in the enum type @t, if there. */
static bool ps_btf_enum_value(const struct btf *btf, const struct btf_type *t,
			      const char *name, int64_t *ret)
{
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const char *n = ps_btf_enum_entry(btf, t, i, ret);

		if (n && !strcmp(n, name))
			return true;
	}
	return false;
}

static struct ps_error *ps_btf_enumerator(void *priv, const char *enum_type,
					  const char *name, int64_t *ret)
{
	struct ps_btf *b = priv;
	__s32 id = -1;
	uint64_t v;

	if (!enum_type) {
		struct ps_error *err = b->indexed ? NULL : ps_btf_build_index(b);

		if (err)
			return err;
		if (!ps_name_index_find(&b->index, PS_BTF_ENUMERATOR, name, &v,
					NULL))
			return ps_btf_missing("enumerator", name);
		*ret = (int64_t)v;
		return NULL;
	}
	id = ps_btf_find(b, enum_type, BTF_KIND_ENUM);
	if (id < 0)
		id = ps_btf_find(b, enum_type, BTF_KIND_ENUM64);
	if (id < 0 ||
	    !ps_btf_enum_value(b->btf, btf__type_by_id(b->btf, (__u32)id), name, ret))
		return ps_btf_missing("enumerator", name);
	return NULL;
}

/* BTF describes only per-cpu variables (BTF_KIND_VAR). */
static struct ps_error *ps_btf_variable(void *priv, const char *name,
					struct ps_member_info *ret)
{
	struct ps_btf *b = priv;
	__s32 id = ps_btf_find(b, name, BTF_KIND_VAR);

	if (id < 0)
		return ps_btf_missing("variable", name);
	memset(ret, 0, sizeof(*ret));
	return ps_btf_shape(b->btf, btf__type_by_id(b->btf, (__u32)id)->type, ret);
}

static void ps_btf_destroy(void *priv)
{
	struct ps_btf *b = priv;

	if (!b)
		return;
	ps_name_index_deinit(&b->index);
	btf__free(b->btf);
	free(b->origin);
	free(b);
}

static const struct ps_type_ops ps_btf_ops = {
	.name = "BTF",
	.type_size = ps_btf_type_size,
	.member = ps_btf_member,
	.enumerator = ps_btf_enumerator,
	.variable = ps_btf_variable,
	.type_name = ps_btf_type_name,
	.members = ps_btf_members,
	.destroy = ps_btf_destroy,
};

static struct ps_error *ps_btf_wrap(struct btf *btf, const char *origin,
				    struct ps_types *ret)
{
	struct ps_btf *b;

	/* libbpf 1.x: NULL and errno on failure. */
	if (!btf)
		return ps_btf_error(origin, errno ? errno : EINVAL);
	b = calloc(1, sizeof(*b));
	if (!b || !(b->origin = strdup(origin))) {
		free(b);
		btf__free(btf);
		return ps_error_nomem();
	}
	b->btf = btf;
	ret->ops = &ps_btf_ops;
	ret->priv = b;
	return NULL;
}

struct ps_error *ps_btf_types_from_file(const char *path, struct ps_types *ret)
{
	return ps_btf_wrap(btf__parse_raw(path), path, ret);
}

struct ps_error *ps_btf_types_from_memory(const void *data, size_t size,
					  const char *origin,
					  struct ps_types *ret)
{
	return ps_btf_wrap(btf__new(data, (__u32)size), origin, ret);
}
