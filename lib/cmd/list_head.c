// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The head of `pagescope list`, written as crash users write it. Taking a
 * struct for a list_head reads its first two words as next and prev and
 * reports a corruption that is not there: where the type information can
 * say what the head is, anything but a struct list_head is refused, with
 * the list_heads it holds named.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/list_head.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "target/target.h"

enum { PS_HEAD_ARG_MAX = 256, PS_HEAD_MAX_NESTING = 8 };

struct ps_head_ctx {
	struct ps_types *types;
	struct ps_symbols *syms;
	enum ps_head_kind *kind;	/* what the type information says */
};

static bool ps_head_kind_of(const char *type_name, enum ps_head_kind *ret)
{
	if (!strcmp(type_name, "struct list_head"))
		*ret = PS_HEAD_LIST;
	else if (!strcmp(type_name, "struct hlist_head"))
		*ret = PS_HEAD_HLIST;
	else
		return false;
	return true;
}

static bool ps_is_list_head(const char *type_name)
{
	enum ps_head_kind kind;

	return ps_head_kind_of(type_name, &kind);
}

/* @type_name is a list head: say which kind to the caller. */
static bool ps_head_found(const struct ps_head_ctx *c, const char *type_name)
{
	return ps_head_kind_of(type_name, c->kind);
}

/* A struct or union, not a pointer to one or an array of them. */
static bool ps_is_aggregate(const char *type_name)
{
	return (!strncmp(type_name, "struct ", 7) || !strncmp(type_name, "union ", 6)) &&
	       !strpbrk(type_name, "*[({");
}

/* ------------------------------------------------------------------ */
/* Saying what a head that is no list_head is                         */
/* ------------------------------------------------------------------ */

struct ps_heads {
	char names[256];
	size_t nr;
};

static void ps_heads_add(const struct ps_member_desc *m, void *arg)
{
	struct ps_heads *h = arg;
	size_t len = strlen(h->names);

	if (!m->name || !ps_is_list_head(m->type_name))
		return;
	if (++h->nr > 8) {
		if (h->nr == 9 && len + 5 < sizeof(h->names))
			strcat(h->names, ", ...");
		return;
	}
	snprintf(h->names + len, sizeof(h->names) - len, "%s%s",
		 len ? ", " : "", m->name);
}

static struct ps_error *ps_not_a_head(const struct ps_head_ctx *c,
				      const char *what, const char *type_name)
{
	struct ps_heads h = { .names = "" };
	struct ps_error *err;

	if (!strcmp(type_name, "struct hlist_bl_head") ||
	    !strcmp(type_name, "struct hlist_nulls_head"))
		return ps_error_create(PS_ERR_USAGE,
				       "%s is a %s, which list does not walk: only struct list_head and struct hlist_head",
				       what, type_name);
	if (ps_is_aggregate(type_name) && c->types->ops->members) {
		err = c->types->ops->members(c->types->priv, type_name,
					     ps_heads_add, &h);
		ps_error_destroy(err);
	}
	if (!h.nr)
		return ps_error_create(PS_ERR_USAGE,
				       "%s is a %s, not a struct list_head or hlist_head",
				       what, type_name);
	return ps_error_create(PS_ERR_USAGE,
			       "%s is a %s, not a struct list_head or hlist_head; its list heads: %s (write %s.MEMBER)",
			       what, type_name, h.names, what);
}

/* ------------------------------------------------------------------ */
/* The forms                                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_head_symbol(const struct ps_head_ctx *c,
				       const char *name, uint64_t *ret)
{
	struct ps_error *err = c->syms->ops->lookup(c->syms->priv, name, ret);

	if (ps_error_is(err, PS_ERR_NO_SYMBOL)) {
		ps_error_destroy(err);
		return ps_error_create(PS_ERR_USAGE,
				       "%s: neither an address nor a symbol", name);
	}
	return err;
}

/* The C type of variable @name; PS_ERR_UNSUPPORTED when none can say. */
static struct ps_error *ps_head_var_type(const struct ps_head_ctx *c,
					 const char *name, char *buf)
{
	if (!c->types->ops->type_name)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s: the %s type information cannot name a variable's type: give the address",
				       name, c->types->ops->name);
	return c->types->ops->type_name(c->types->priv, NULL, name, buf);
}

static bool ps_head_is_symbol(const struct ps_head_ctx *c, const char *name)
{
	uint64_t addr;
	struct ps_error *err = c->syms->ops->lookup(c->syms->priv, name, &addr);
	bool found = !err;

	ps_error_destroy(err);
	return found;
}

/* SYM: the variable must be a list_head, if its type is known. */
static struct ps_error *ps_head_sym(const struct ps_head_ctx *c,
				    const char *name, uint64_t *ret)
{
	char type_name[PS_TYPE_NAME_MAX];
	struct ps_error *err = ps_head_symbol(c, name, ret);

	if (err)
		return err;
	err = ps_head_var_type(c, name, type_name);
	/* A symbol the type information does not know: crash takes it too. */
	if (ps_error_is(err, PS_ERR_UNSUPPORTED) || ps_error_is(err, PS_ERR_NO_TYPE)) {
		ps_error_destroy(err);
		return NULL;
	}
	if (err)
		return err;
	return ps_head_found(c, type_name) ? NULL : ps_not_a_head(c, name, type_name);
}

/* ------------------------------------------------------------------ */
/* Members, with an index into an array member: tasks[2], tasks[ENUM]  */
/* ------------------------------------------------------------------ */

struct ps_head_path {
	char member[PS_HEAD_ARG_MAX];	/* the path without its index */
	bool indexed;
	uint64_t index;
};

/* N of a trailing [N]: a number or an enumerator's name. */
static struct ps_error *ps_head_index(struct ps_types *types, const char *what,
				      const char *text, uint64_t *ret)
{
	int64_t value;
	struct ps_error *err;

	if (ps_parse_u64(text, ret))
		return NULL;
	err = types->ops->enumerator(types->priv, NULL, text, &value);
	if (ps_error_is(err, PS_ERR_NO_TYPE)) {
		ps_error_destroy(err);
		return ps_error_create(PS_ERR_USAGE,
				       "%s: [%s] is neither a number nor an enumerator",
				       what, text);
	}
	if (err)
		return err;
	if (value < 0)
		return ps_error_create(PS_ERR_USAGE, "%s: [%s] is negative",
				       what, text);
	*ret = (uint64_t)value;
	return NULL;
}

static struct ps_error *ps_head_path_parse(struct ps_types *types,
					   const char *what, const char *path,
					   struct ps_head_path *ret)
{
	const char *open = strrchr(path, '[');
	size_t len = strlen(path);
	char index[PS_HEAD_ARG_MAX];

	ret->indexed = open && len && path[len - 1] == ']';
	if (!ret->indexed) {
		snprintf(ret->member, sizeof(ret->member), "%s", path);
		return NULL;
	}
	snprintf(ret->member, sizeof(ret->member), "%.*s", (int)(open - path), path);
	snprintf(index, sizeof(index), "%.*s", (int)(path + len - 1 - open - 1), open + 1);
	return ps_head_index(types, what, index, &ret->index);
}

/* Member @path of @type, an index into it included: its offset. */
static struct ps_error *ps_head_member_at(struct ps_types *types,
					  const char *what, const char *type,
					  const struct ps_head_path *p,
					  uint64_t *ret)
{
	struct ps_member_info m;
	struct ps_error *err = types->ops->member(types->priv, type, p->member, &m);

	if (ps_error_is(err, PS_ERR_NO_TYPE)) {
		struct ps_error *usage = ps_error_create(PS_ERR_USAGE, "%s: %s", what,
							 ps_error_message(err));

		ps_error_destroy(err);
		return usage;
	}
	if (err)
		return err;
	*ret = m.offset;
	if (!p->indexed)
		return NULL;
	if (!m.is_array)
		return ps_error_create(PS_ERR_USAGE, "%s: %s is not an array", what,
				       p->member);
	if (p->index >= m.nr_elems)
		return ps_error_create(PS_ERR_USAGE,
				       "%s: index %" PRIu64 " past the %" PRIu64 " elements of %s",
				       what, p->index, m.nr_elems, p->member);
	*ret += p->index * m.elem_size;
	return NULL;
}

/* "struct hlist_head[4]" -> "struct hlist_head": one element's type. */
static void ps_head_drop_dimension(char *type_name)
{
	char *open = strchr(type_name, '['), *close = open ? strchr(open, ']') : NULL;

	if (close)
		memmove(open, close + 1, strlen(close + 1) + 1);
}

/* Member @path of @type at @base: it must be a list head. */
static struct ps_error *ps_head_member(const struct ps_head_ctx *c,
				       const char *what, const char *type,
				       const char *path, uint64_t base,
				       uint64_t *ret)
{
	char type_name[PS_TYPE_NAME_MAX];
	struct ps_head_path p;
	uint64_t off;
	struct ps_error *err = ps_head_path_parse(c->types, what, path, &p);

	if (err)
		return err;
	err = ps_head_member_at(c->types, what, type, &p, &off);
	if (err)
		return err;
	*ret = base + off;
	if (!c->types->ops->type_name)
		return NULL;
	err = c->types->ops->type_name(c->types->priv, type, p.member, type_name);
	if (err)
		return err;
	if (p.indexed)
		ps_head_drop_dimension(type_name);
	return ps_head_found(c, type_name) ? NULL : ps_not_a_head(c, what, type_name);
}

struct ps_error *ps_list_member_offset(struct ps_target *t, const char *type,
				       const char *member, uint64_t *ret)
{
	char what[PS_HEAD_ARG_MAX], tagged[PS_TYPE_NAME_MAX];
	struct ps_types *types;
	struct ps_head_path p;
	uint64_t size;
	struct ps_error *err = ps_target_types(t, &types);

	if (err)
		return err;
	snprintf(what, sizeof(what), "--type %s --member %s", type, member);
	err = ps_head_path_parse(types, what, member, &p);
	if (err)
		return err;
	/* "page" means "struct page"; a typedef's name is taken as it is. */
	if (!strchr(type, ' ')) {
		snprintf(tagged, sizeof(tagged), "struct %s", type);
		err = types->ops->type_size(types->priv, tagged, &size);
		if (!err)
			type = tagged;
		else if (!ps_error_is(err, PS_ERR_NO_TYPE))
			return err;
		ps_error_destroy(err);
	}
	return ps_head_member_at(types, what, type, &p, ret);
}

/*
 * The type information has no type for @sym (BTF describes per-cpu
 * variables only): the cast form names the type instead.
 */
static struct ps_error *ps_head_untyped(const struct ps_head_ctx *c,
					const char *arg, const char *sym,
					struct ps_error *err)
{
	struct ps_error *usage = ps_error_create(
		PS_ERR_USAGE, "%s: the %s type information has no type for %s: write (struct T *)%s.%s",
		arg, c->types->ops->name, sym, sym, strchr(arg, '.') + 1);

	ps_error_destroy(err);
	return usage;
}

/* SYM.MEMBER[.MEMBER] */
static struct ps_error *ps_head_sym_member(const struct ps_head_ctx *c,
					   const char *arg, uint64_t *ret)
{
	char sym[PS_HEAD_ARG_MAX], type_name[PS_TYPE_NAME_MAX];
	const char *path = strchr(arg, '.') + 1;
	uint64_t addr;
	struct ps_error *err;

	snprintf(sym, sizeof(sym), "%.*s", (int)(path - 1 - arg), arg);
	err = ps_head_symbol(c, sym, &addr);
	if (err)
		return err;
	err = ps_head_var_type(c, sym, type_name);
	if (ps_error_is(err, PS_ERR_NO_TYPE) || ps_error_is(err, PS_ERR_UNSUPPORTED))
		return ps_head_untyped(c, arg, sym, err);
	if (err)
		return err;
	if (!ps_is_aggregate(type_name))
		return ps_error_create(PS_ERR_USAGE,
				       "%s: %s is a %s, which has no members%s", arg,
				       sym, type_name,
				       strchr(type_name, '*') ? " (through a pointer: (struct T *)ADDR.MEMBER)" : "");
	return ps_head_member(c, arg, type_name, path, addr, ret);
}

struct ps_head_at {
	uint64_t off;
	char name[PS_HEAD_ARG_MAX];
	char type_name[PS_TYPE_NAME_MAX];
	uint64_t start;
	bool found;
};

/* The innermost named member that holds byte @off. */
static void ps_head_at_find(const struct ps_member_desc *m, void *arg)
{
	struct ps_head_at *at = arg;

	if (!m->name || m->info.offset > at->off ||
	    at->off >= m->info.offset + (m->info.size ? m->info.size : 1))
		return;
	at->found = true;
	at->start = m->info.offset;
	snprintf(at->name, sizeof(at->name), "%s", m->name);
	snprintf(at->type_name, sizeof(at->type_name), "%s", m->type_name);
}

/* SYM+OFF: the member of SYM's type that starts at OFF is a list_head. */
static struct ps_error *ps_head_check_offset(const struct ps_head_ctx *c,
					     const char *arg, const char *sym,
					     uint64_t off)
{
	char type[PS_TYPE_NAME_MAX];
	struct ps_head_at at = { .off = off };
	struct ps_error *err = ps_head_var_type(c, sym, type);

	if (err || !c->types->ops->members) {
		ps_error_destroy(err);
		return NULL;	/* nothing to check against: crash takes it too */
	}
	for (int depth = 0; depth < PS_HEAD_MAX_NESTING; depth++) {
		if (at.off == 0 && ps_head_found(c, type))
			return NULL;
		if (!ps_is_aggregate(type))
			break;
		at.found = false;
		err = c->types->ops->members(c->types->priv, type, ps_head_at_find, &at);
		if (err || !at.found)
			break;
		at.off -= at.start;
		snprintf(type, sizeof(type), "%s", at.type_name);
	}
	ps_error_destroy(err);
	if (!at.found)
		return ps_error_create(PS_ERR_USAGE, "%s: no member of %s starts there",
				       arg, sym);
	return ps_error_create(PS_ERR_USAGE,
			       "%s is inside %s.%s, a %s, not at a struct list_head or hlist_head",
			       arg, sym, at.name, at.type_name);
}

static struct ps_error *ps_head_sym_off(const struct ps_head_ctx *c,
					const char *arg, uint64_t *ret)
{
	char sym[PS_HEAD_ARG_MAX];
	const char *plus = strchr(arg, '+');
	uint64_t addr, off;
	struct ps_error *err;

	snprintf(sym, sizeof(sym), "%.*s", (int)(plus - arg), arg);
	if (!ps_parse_u64(plus + 1, &off))
		return ps_error_create(PS_ERR_USAGE, "%s: SYM+OFFSET wants a number after +",
				       arg);
	err = ps_head_symbol(c, sym, &addr);
	if (err)
		return err;
	*ret = addr + off;
	return ps_head_check_offset(c, arg, sym, off);
}

/* (struct T *)ADDR.MEMBER[.MEMBER]; ADDR may be a symbol */
static struct ps_error *ps_head_cast(const struct ps_head_ctx *c,
				     const char *arg, uint64_t *ret)
{
	char type[PS_HEAD_ARG_MAX], addr_text[PS_HEAD_ARG_MAX];
	const char *close = strchr(arg, ')'), *dot;
	uint64_t addr;
	size_t len;

	if (!close || !(dot = strchr(close, '.')))
		return ps_error_create(PS_ERR_USAGE,
				       "%s: write (struct T *)ADDR.MEMBER", arg);
	len = (size_t)(close - arg - 1);
	while (len && (arg[len] == ' ' || arg[len] == '*'))
		len--;
	if (arg[len + 1] != ' ' && arg[len + 1] != '*')
		return ps_error_create(PS_ERR_USAGE,
				       "%s: write (struct T *)ADDR.MEMBER", arg);
	snprintf(type, sizeof(type), "%.*s", (int)len, arg + 1);
	snprintf(addr_text, sizeof(addr_text), "%.*s", (int)(dot - close - 1), close + 1);
	if (!ps_parse_u64(addr_text, &addr)) {
		struct ps_error *err = ps_head_symbol(c, addr_text, &addr);

		if (err)
			return err;
	}
	return ps_head_member(c, arg, type, dot + 1, addr, ret);
}

struct ps_error *ps_list_head_resolve(struct ps_target *t, const char *arg,
				      uint64_t *ret, enum ps_head_kind *kind_ret)
{
	struct ps_head_ctx c = { .kind = kind_ret };
	struct ps_error *err;

	*kind_ret = PS_HEAD_LIST;	/* when the type information cannot tell */
	/* 64-bit kernels live in the upper half of the address space. */
	if (ps_parse_u64(arg, ret))
		return *ret >> 63 ? NULL
				  : ps_error_create(PS_ERR_USAGE,
						    "%s: not a kernel address", arg);
	if (strlen(arg) >= PS_HEAD_ARG_MAX)
		return ps_error_create(PS_ERR_USAGE, "%.40s...: too long", arg);
	err = ps_target_symbols(t, &c.syms);
	if (err)
		return err;
	err = ps_target_types(t, &c.types);
	if (err)
		return err;
	if (arg[0] == '(')
		return ps_head_cast(&c, arg, ret);
	if (strchr(arg, '+'))
		return ps_head_sym_off(&c, arg, ret);
	/* Some symbols have a dot in their name ("foo.0"). */
	if (strchr(arg, '.') && !ps_head_is_symbol(&c, arg))
		return ps_head_sym_member(&c, arg, ret);
	return ps_head_sym(&c, arg, ret);
}
