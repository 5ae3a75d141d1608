// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resolving the layout. VMCOREINFO answers first where it has the item;
 * the type provider answers the rest and, where both know an item, must
 * agree with VMCOREINFO, or the vmlinux is not the dump's kernel.
 */
#include <stdio.h>
#include <string.h>

#include "layout/layout.h"

struct ps_layout_item {
	enum ps_item_kind kind;
	const char *type;
	const char *name;
	const char *hint;
	const char *fname;	/* its field in struct ps_layout */
	size_t offset;		/* of the struct ps_lval in struct ps_layout */
};

static const struct ps_layout_item ps_layout_items[] = {
#define PS_ITEM(k, field, t, n, h)                                             \
	{ .kind = PS_ITEM_##k, .type = t, .name = n, .hint = h,                \
	  .fname = #field, .offset = offsetof(struct ps_layout, field) },
	PS_LAYOUT_ITEMS(PS_ITEM)
	PS_LAYOUT_ITEMS_LISTS(PS_ITEM)
	PS_LAYOUT_ITEMS_OWNERS(PS_ITEM)
	PS_LAYOUT_ITEMS_PGOWNER(PS_ITEM)
#undef PS_ITEM
#define PS_PG_ITEM(n, k, p, m)                                                    \
	{ .kind = PS_ITEM_ENUM, .type = "pageflags", .name = "PG_" #n,         \
	  .fname = "pg_" #n, .offset = offsetof(struct ps_layout, pg[PS_PG_##n]) },
	PS_PAGEFLAGS(PS_PG_ITEM)
#undef PS_PG_ITEM
};

enum { PS_NR_ITEMS = sizeof(ps_layout_items) / sizeof(ps_layout_items[0]) };

/* Functions whose compilation units define what the items need. */
static const char *const ps_layout_default_hints[] = {
	"__free_pages",		/* mm/page_alloc.c */
	"vmstat_start",		/* mm/vmstat.c */
	"sparse_init",		/* mm/sparse.c */
};

size_t ps_layout_nr_items(void)
{
	return PS_NR_ITEMS;
}

struct ps_lval *ps_layout_item(struct ps_layout *layout, size_t i)
{
	return (struct ps_lval *)((char *)layout + ps_layout_items[i].offset);
}

static const char *const ps_item_kind_names[] = {
	[PS_ITEM_SIZE] = "size",	 [PS_ITEM_MEMBER] = "member",
	[PS_ITEM_ENUM] = "enum",	 [PS_ITEM_NUMBER] = "number",
	[PS_ITEM_SYMBOL] = "symbol",	 [PS_ITEM_VARIABLE] = "variable",
	[PS_ITEM_LENGTH] = "length",	 [PS_ITEM_BITFIELD] = "bitfield",
};

const char *ps_layout_item_key(size_t i, char *buf, size_t len)
{
	const struct ps_layout_item *it = &ps_layout_items[i];

	snprintf(buf, len, "%s %s%s%s", ps_item_kind_names[it->kind],
		 it->type ? it->type : "", it->type && it->name ? "." : "",
		 it->name ? it->name : "");
	return buf;
}

int ps_layout_item_index(const char *field)
{
	for (size_t i = 0; i < PS_NR_ITEMS; i++) {
		if (!strcmp(ps_layout_items[i].fname, field))
			return (int)i;
	}
	return -1;
}

/*
 * Bumped when a type provider resolves an item differently, so that layout
 * caches written before are not read again: 2, DWARF 2/3 bit-field offsets
 * (DW_AT_bit_offset) placed from the storage unit's most significant end.
 */
static const unsigned ps_layout_resolver_revision = 2;

uint64_t ps_layout_items_hash(void)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ ps_layout_resolver_revision;
	char key[256];

	for (size_t i = 0; i < PS_NR_ITEMS; i++) {
		for (const char *p = ps_layout_item_key(i, key, sizeof(key));
		     *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
		h = (h ^ '\n') * 0x100000001b3ULL;
	}
	return h;
}

/* ------------------------------------------------------------------ */
/* VMCOREINFO                                                         */
/* ------------------------------------------------------------------ */

/* "struct page" -> "page": VMCOREINFO names structs without the tag. */
static const char *ps_bare_type(const char *type)
{
	static const char *const tags[] = { "struct ", "union ", "enum " };

	for (size_t i = 0; i < 3; i++) {
		size_t len = strlen(tags[i]);

		if (!strncmp(type, tags[i], len))
			return type + len;
	}
	return type;
}

/* What VMCOREINFO says about item @it, if anything. */
static bool ps_layout_from_vmcoreinfo(const struct ps_layout_sources *src,
				      const struct ps_layout_item *it,
				      int64_t *ret)
{
	const struct ps_vmcoreinfo *vi = src->vmcoreinfo;
	char key[192];
	uint64_t u;

	if (!vi)
		return false;
	switch (it->kind) {
	case PS_ITEM_SIZE:
		if (!ps_vmcoreinfo_size(vi, ps_bare_type(it->type), &u))
			return false;
		*ret = (int64_t)u;
		return true;
	case PS_ITEM_MEMBER:
		snprintf(key, sizeof(key), "%s.%s", ps_bare_type(it->type),
			 it->name);
		if (!ps_vmcoreinfo_offset(vi, key, &u))
			return false;
		*ret = (int64_t)u;
		return true;
	case PS_ITEM_ENUM:
	case PS_ITEM_NUMBER:
		return ps_vmcoreinfo_number(vi, it->name, ret);
	case PS_ITEM_SYMBOL:
		/*
		 * VMCOREINFO_SYMBOL_ARRAY(mem_section) prints the pointer's
		 * value, not the variable's address.
		 */
		if (!strcmp(it->name, "mem_section") ||
		    !ps_vmcoreinfo_symbol(vi, it->name, &u))
			return false;
		*ret = (int64_t)(ps_symbol_is_percpu(u) ? u : u - src->kaslr_offset);
		return true;
	case PS_ITEM_LENGTH:
		if (!ps_vmcoreinfo_length(vi, it->name, &u))
			return false;
		*ret = (int64_t)u;
		return true;
	case PS_ITEM_VARIABLE:
	case PS_ITEM_BITFIELD:
		return false;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Type provider and symbols                                          */
/* ------------------------------------------------------------------ */

/* A member that is no bit-field is absent as one. */
static struct ps_error *ps_layout_bitfield(struct ps_types *types,
					   const struct ps_layout_item *it,
					   struct ps_lval *v)
{
	struct ps_member_info m;
	struct ps_error *err = types->ops->member(types->priv, it->type, it->name, &m);

	if (err)
		return err;
	if (!m.bit_size)
		return ps_error_create(PS_ERR_NO_TYPE, "%s.%s is not a bit-field",
				       it->type, it->name);
	v->value = (int64_t)(m.offset * 8 + m.bit_offset);
	v->size = (uint32_t)m.bit_size;
	return NULL;
}

static struct ps_error *ps_layout_from_types(struct ps_types *types,
					     const struct ps_layout_item *it,
					     struct ps_lval *v)
{
	struct ps_member_info m;
	uint64_t size;
	struct ps_error *err = NULL;

	switch (it->kind) {
	case PS_ITEM_SIZE:
		err = types->ops->type_size(types->priv, it->type, &size);
		v->value = (int64_t)size;
		break;
	case PS_ITEM_MEMBER:
		err = types->ops->member(types->priv, it->type, it->name, &m);
		v->value = (int64_t)m.offset;
		v->size = (uint32_t)m.size;
		v->nr_elems = (uint32_t)m.nr_elems;
		v->elem_size = (uint32_t)m.elem_size;
		break;
	case PS_ITEM_BITFIELD:
		err = ps_layout_bitfield(types, it, v);
		break;
	case PS_ITEM_ENUM:
		err = types->ops->enumerator(types->priv, it->type, it->name,
					     &v->value);
		break;
	case PS_ITEM_VARIABLE:
		err = types->ops->variable(types->priv, it->name, &m);
		v->size = (uint32_t)m.size;
		v->nr_elems = (uint32_t)m.nr_elems;
		v->elem_size = (uint32_t)m.elem_size;
		break;
	default:
		return NULL;
	}
	if (err) {
		memset(v, 0, sizeof(*v));
		if (!ps_error_is(err, PS_ERR_NO_TYPE))
			return err;
		ps_error_destroy(err);
		return NULL;
	}
	v->present = true;
	return NULL;
}

static struct ps_error *ps_layout_from_symbols(const struct ps_layout_sources *src,
					       const struct ps_layout_item *it,
					       struct ps_lval *v)
{
	uint64_t addr;
	struct ps_error *err;

	if (it->kind != PS_ITEM_SYMBOL || !src->symbols)
		return NULL;
	err = src->symbols->ops->lookup(src->symbols->priv, it->name, &addr);
	if (ps_error_is(err, PS_ERR_NO_SYMBOL)) {
		ps_error_destroy(err);
		return NULL;
	}
	if (err)
		return err;
	v->present = true;
	v->value = (int64_t)(ps_symbol_is_percpu(addr) ? addr
						       : addr - src->kaslr_offset);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Resolution                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_layout_mismatch(const struct ps_layout_item *it,
					   int64_t vmcoreinfo, int64_t types)
{
	char key[256];

	ps_layout_item_key((size_t)(it - ps_layout_items), key, sizeof(key));
	return ps_error_create(PS_ERR_MISMATCH,
			       "the vmlinux does not match the dump: %s is %lld in VMCOREINFO but %lld in the debug info",
			       key, (long long)vmcoreinfo, (long long)types);
}

static struct ps_error *ps_layout_resolve_item(const struct ps_layout_sources *src,
					       const struct ps_layout_item *it,
					       struct ps_lval *v)
{
	int64_t vi_value;
	bool in_vi = ps_layout_from_vmcoreinfo(src, it, &vi_value);
	struct ps_error *err;

	memset(v, 0, sizeof(*v));
	if (src->types) {
		err = ps_layout_from_types(src->types, it, v);
		if (err)
			return err;
	}
	if (!v->present) {
		err = ps_layout_from_symbols(src, it, v);
		if (err)
			return err;
	}
	if (in_vi && v->present && it->kind != PS_ITEM_SYMBOL &&
	    v->value != vi_value)
		return ps_layout_mismatch(it, vi_value, v->value);
	if (in_vi && !v->present) {
		v->present = true;
		v->value = vi_value;
	}
	return NULL;
}

/* The address of hint function @p symbol, or false when the kernel has none. */
static bool ps_layout_hint_addr(const struct ps_layout_sources *src,
				const char *symbol, uint64_t *ret)
{
	struct ps_error *err;

	if (!src->symbols)
		return false;
	err = src->symbols->ops->lookup(src->symbols->priv, symbol, ret);
	ps_error_destroy(err);
	return !err;
}

static void ps_layout_hint(const struct ps_layout_sources *src,
			   const char *symbol)
{
	uint64_t addr;

	if (!src->types->ops->hint || !ps_layout_hint_addr(src, symbol, &addr))
		return;
	src->types->ops->hint(src->types->priv, addr - src->kaslr_offset);
}

static void ps_layout_give_hints(const struct ps_layout_sources *src)
{
	size_t n = sizeof(ps_layout_default_hints) /
		   sizeof(ps_layout_default_hints[0]);

	if (!src->types)
		return;
	for (size_t i = 0; i < n; i++)
		ps_layout_hint(src, ps_layout_default_hints[i]);
	for (size_t i = 0; i < PS_NR_ITEMS; i++) {
		if (ps_layout_items[i].hint)
			ps_layout_hint(src, ps_layout_items[i].hint);
	}
}

static void ps_layout_set_hinted_only(const struct ps_layout_sources *src,
				      bool on)
{
	if (src->types && src->types->ops->set_hinted_only)
		src->types->ops->set_hinted_only(src->types->priv, on);
}

/*
 * A hint only saves time: an item whose hint function this kernel lacks
 * (renamed, as pipe_write became anon_pipe_write in v6.15) is looked for
 * in every unit rather than reported absent.
 */
static bool ps_layout_hint_lost(const struct ps_layout_sources *src,
				const struct ps_layout_item *it)
{
	uint64_t addr;

	return !src->full_scan && it->hint && src->types &&
	       !ps_layout_hint_addr(src, it->hint, &addr);
}

static struct ps_error *ps_layout_resolve_items(const struct ps_layout_sources *src,
						struct ps_layout *ret)
{
	struct ps_error *err;

	for (size_t i = 0; i < PS_NR_ITEMS; i++) {
		bool lost = ps_layout_hint_lost(src, &ps_layout_items[i]);

		if (lost)
			ps_layout_set_hinted_only(src, false);
		err = ps_layout_resolve_item(src, &ps_layout_items[i],
					     ps_layout_item(ret, i));
		if (lost)
			ps_layout_set_hinted_only(src, true);
		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_layout_resolve(const struct ps_layout_sources *src,
				   struct ps_layout *ret)
{
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->source = src->types ? src->types->ops->name : "VMCOREINFO";
	ps_layout_give_hints(src);
	ps_layout_set_hinted_only(src, !src->full_scan);
	err = ps_layout_resolve_items(src, ret);
	ps_layout_set_hinted_only(src, false);
	return err;
}

bool ps_layout_item_in_vmcoreinfo(const struct ps_vmcoreinfo *vi, size_t i)
{
	const struct ps_layout_sources src = { .vmcoreinfo = vi };
	int64_t v;

	return i < PS_NR_ITEMS && ps_layout_from_vmcoreinfo(&src, &ps_layout_items[i], &v);
}
