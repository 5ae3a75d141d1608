// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel types from DWARF. A vmlinux holds ~2400 compilation units and
 * 200-300 MB of .debug_info; we need a few dozen types. So a unit is
 * indexed (names of its top-level types, variables and enumerators) only
 * when needed: first the units that hint() points at through
 * .debug_aranges, then, for what they lack, the others in order.
 */
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debuginfo/dwarf_obj.h"
#include "debuginfo/dwarf_types.h"
#include "base/name_index.h"

enum ps_dwarf_kind {
	PS_DK_STRUCT,
	PS_DK_UNION,
	PS_DK_ENUM,
	PS_DK_TYPEDEF,
	PS_DK_BASE,
	PS_DK_VAR,		/* a variable's definition */
	PS_DK_VAR_DECL,		/* an extern declaration; may lack bounds */
	PS_DK_ENUMERATOR,	/* value: the enumerator's value */
};

struct ps_dwarf {
	struct ps_elf_file *elf;
	Dwarf_Obj_Access_Interface iface;
	Dwarf_Debug dbg;
	struct ps_name_index index;
	Dwarf_Arange *aranges;
	Dwarf_Signed nr_aranges;
	bool aranges_loaded;
	bool scan_done;		/* every unit indexed */
	bool hinted_only;	/* do not scan beyond hinted units */
	Dwarf_Off *visited;	/* CU DIE offsets already indexed */
	size_t nr_visited;
	Dwarf_Off bad_sibling;	/* first DIE whose sibling link points back */
};

/* The one place a Dwarf_Error becomes a ps_error. */
static struct ps_error *ps_dwarf_error(struct ps_dwarf *d, Dwarf_Error derr,
				       const char *what)
{
	struct ps_error *err = ps_error_create(
		PS_ERR_BAD_INPUT, "%s: DWARF: %s: %s",
		ps_elf_file_path(d->elf), what,
		derr ? dwarf_errmsg(derr) : "malformed debug info");

	if (derr)
		dwarf_dealloc(d->dbg, derr, DW_DLA_ERROR);
	return err;
}

/* Not found: a kernel without it, unless the walk met a damaged DIE. */
static struct ps_error *ps_dwarf_missing(const struct ps_dwarf *d,
					 const char *what, const char *name)
{
	if (d->bad_sibling)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: DWARF: %s %s not found: the DIE at 0x%llx links to a sibling before it",
				       ps_elf_file_path(d->elf), what, name,
				       (unsigned long long)d->bad_sibling);
	return ps_error_create(PS_ERR_NO_TYPE, "%s %s not in the debug info",
			       what, name);
}

/* ------------------------------------------------------------------ */
/* DIE helpers                                                        */
/* ------------------------------------------------------------------ */

/*
 * DWARF 5 lets an abbreviation carry a constant shared by its DIEs
 * (GCC does so for enums' DW_AT_byte_size); libdwarf hands it out as
 * signed data only.
 */
static int ps_dwarf_implicit_const(Dwarf_Attribute attr, Dwarf_Unsigned *ret)
{
	Dwarf_Error derr = NULL;
	Dwarf_Half form = 0;
	Dwarf_Signed v;

	if (dwarf_whatform(attr, &form, &derr) != DW_DLV_OK ||
	    form != DW_FORM_implicit_const ||
	    dwarf_formsdata(attr, &v, &derr) != DW_DLV_OK || v < 0)
		return DW_DLV_ERROR;
	*ret = (Dwarf_Unsigned)v;
	return DW_DLV_OK;
}

static bool ps_dwarf_udata(Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *ret)
{
	Dwarf_Attribute attr;
	Dwarf_Error derr = NULL;
	int rc;

	if (dwarf_attr(die, at, &attr, &derr) != DW_DLV_OK)
		return false;
	rc = dwarf_formudata(attr, ret, &derr);
	if (rc != DW_DLV_OK)
		rc = ps_dwarf_implicit_const(attr, ret);
	dwarf_dealloc_attribute(attr);
	return rc == DW_DLV_OK;
}

static bool ps_dwarf_flag(Dwarf_Die die, Dwarf_Half at)
{
	Dwarf_Bool has = 0;
	Dwarf_Error derr = NULL;

	return dwarf_hasattr(die, at, &has, &derr) == DW_DLV_OK && has;
}

/* The DIE offset that attribute @at (a reference) points to. */
static bool ps_dwarf_ref(Dwarf_Die die, Dwarf_Half at, Dwarf_Off *ret)
{
	Dwarf_Attribute attr;
	Dwarf_Error derr = NULL;
	int rc;

	if (dwarf_attr(die, at, &attr, &derr) != DW_DLV_OK)
		return false;
	rc = dwarf_global_formref(attr, ret, &derr);
	dwarf_dealloc_attribute(attr);
	return rc == DW_DLV_OK;
}

static const char *ps_dwarf_name(Dwarf_Die die)
{
	char *name = NULL;
	Dwarf_Error derr = NULL;

	return dwarf_diename(die, &name, &derr) == DW_DLV_OK ? name : NULL;
}

static Dwarf_Half ps_dwarf_tag(Dwarf_Die die)
{
	Dwarf_Half tag = 0;
	Dwarf_Error derr = NULL;

	dwarf_tag(die, &tag, &derr);
	return tag;
}

static struct ps_error *ps_dwarf_die(struct ps_dwarf *d, Dwarf_Off off,
				     Dwarf_Die *ret)
{
	Dwarf_Error derr = NULL;

	if (dwarf_offdie_b(d->dbg, off, 1, ret, &derr) != DW_DLV_OK)
		return ps_dwarf_error(d, derr, "bad DIE reference");
	return NULL;
}

/* ps_dwarf_die() where a bad reference only means "no DIE there". */
static bool ps_dwarf_die_quietly(struct ps_dwarf *d, Dwarf_Off off,
				 Dwarf_Die *ret)
{
	struct ps_error *err = ps_dwarf_die(d, off, ret);
	bool found = !err;

	ps_error_destroy(err);
	return found;
}

static Dwarf_Die ps_dwarf_first_child(Dwarf_Die die)
{
	Dwarf_Die child = NULL;
	Dwarf_Error derr = NULL;

	return dwarf_child(die, &child, &derr) == DW_DLV_OK ? child : NULL;
}

static Dwarf_Off ps_dwarf_offset(Dwarf_Die die)
{
	Dwarf_Off off = 0;
	Dwarf_Error derr = NULL;

	dwarf_dieoffset(die, &off, &derr);
	return off;
}

/*
 * The next sibling of @die; @die is released. A sibling always follows its
 * DIE's subtree: a DW_AT_sibling pointing back would loop forever, so it
 * ends the walk and is remembered for the error a failed lookup gives.
 */
static Dwarf_Die ps_dwarf_next_sibling(struct ps_dwarf *d, Dwarf_Die die)
{
	Dwarf_Die sib = NULL;
	Dwarf_Error derr = NULL;

	if (dwarf_siblingof_b(d->dbg, die, 1, &sib, &derr) != DW_DLV_OK)
		sib = NULL;
	if (sib && ps_dwarf_offset(sib) <= ps_dwarf_offset(die)) {
		if (!d->bad_sibling)
			d->bad_sibling = ps_dwarf_offset(die);
		dwarf_dealloc_die(sib);
		sib = NULL;
	}
	dwarf_dealloc_die(die);
	return sib;
}

/* ------------------------------------------------------------------ */
/* Indexing compilation units                                         */
/* ------------------------------------------------------------------ */

static bool ps_dwarf_enum_is_signed(struct ps_dwarf *d, Dwarf_Die enum_die)
{
	Dwarf_Off base_off;
	Dwarf_Die base;
	Dwarf_Unsigned encoding = DW_ATE_unsigned;

	if (!ps_dwarf_ref(enum_die, DW_AT_type, &base_off) ||
	    !ps_dwarf_die_quietly(d, base_off, &base))
		return false;
	ps_dwarf_udata(base, DW_AT_encoding, &encoding);
	dwarf_dealloc_die(base);
	return encoding == DW_ATE_signed || encoding == DW_ATE_signed_char;
}

/*
 * An enumerator's value: DW_FORM_dataN has no sign of its own; the
 * enum's underlying type gives it.
 */
static bool ps_dwarf_enumerator_value(Dwarf_Die die, bool is_signed,
				      int64_t *ret)
{
	Dwarf_Attribute attr;
	Dwarf_Error derr = NULL;
	Dwarf_Half form = 0;
	Dwarf_Signed sval;
	Dwarf_Unsigned uval;
	int rc;

	if (dwarf_attr(die, DW_AT_const_value, &attr, &derr) != DW_DLV_OK)
		return false;
	dwarf_whatform(attr, &form, &derr);
	if (form == DW_FORM_sdata || (is_signed && form != DW_FORM_udata)) {
		rc = dwarf_formsdata(attr, &sval, &derr);
		*ret = sval;
	} else {
		rc = dwarf_formudata(attr, &uval, &derr);
		*ret = (int64_t)uval;
	}
	dwarf_dealloc_attribute(attr);
	return rc == DW_DLV_OK;
}

static struct ps_error *ps_dwarf_index_enumerator(struct ps_dwarf *d,
						  Dwarf_Die die, bool is_signed,
						  Dwarf_Off enum_off)
{
	const char *name = ps_dwarf_name(die);
	int64_t value;

	if (!name || ps_dwarf_tag(die) != DW_TAG_enumerator ||
	    !ps_dwarf_enumerator_value(die, is_signed, &value))
		return NULL;
	return ps_name_index_add(&d->index, PS_DK_ENUMERATOR, name,
				 (uint64_t)value, enum_off);
}

static struct ps_error *ps_dwarf_index_enumerators(struct ps_dwarf *d,
						   Dwarf_Die enum_die,
						   Dwarf_Off enum_off)
{
	bool is_signed = ps_dwarf_enum_is_signed(d, enum_die);
	Dwarf_Die child;
	struct ps_error *err;

	for (child = ps_dwarf_first_child(enum_die); child;
	     child = ps_dwarf_next_sibling(d, child)) {
		err = ps_dwarf_index_enumerator(d, child, is_signed, enum_off);
		if (err) {
			dwarf_dealloc_die(child);
			return err;
		}
	}
	return NULL;
}

static int ps_dwarf_kind_of(Dwarf_Die die, Dwarf_Half tag)
{
	switch (tag) {
	case DW_TAG_structure_type:
		return PS_DK_STRUCT;
	case DW_TAG_union_type:
		return PS_DK_UNION;
	case DW_TAG_enumeration_type:
		return PS_DK_ENUM;
	case DW_TAG_typedef:
		return PS_DK_TYPEDEF;
	case DW_TAG_base_type:
		return PS_DK_BASE;
	case DW_TAG_variable:
		return ps_dwarf_flag(die, DW_AT_declaration) ? PS_DK_VAR_DECL
							     : PS_DK_VAR;
	default:
		return -1;
	}
}

/*
 * A definition that completes an extern declaration names only that
 * declaration (DW_AT_specification); its own type may add the bounds.
 */
static const char *ps_dwarf_specified_name(struct ps_dwarf *d, Dwarf_Die die)
{
	Dwarf_Off off;
	Dwarf_Die decl;
	const char *name;

	if (!ps_dwarf_ref(die, DW_AT_specification, &off) ||
	    !ps_dwarf_die_quietly(d, off, &decl))
		return NULL;
	name = ps_dwarf_name(decl);	/* in the section data: outlives the DIE */
	dwarf_dealloc_die(decl);
	return name;
}

static struct ps_error *ps_dwarf_index_die(struct ps_dwarf *d, Dwarf_Die die)
{
	Dwarf_Half tag = ps_dwarf_tag(die);
	int kind = ps_dwarf_kind_of(die, tag);
	const char *name;
	Dwarf_Off off = 0;
	Dwarf_Error derr = NULL;
	struct ps_error *err;

	if (kind < 0)
		return NULL;
	dwarf_dieoffset(die, &off, &derr);
	if (tag == DW_TAG_enumeration_type) {
		err = ps_dwarf_index_enumerators(d, die, off);
		if (err)
			return err;
	}
	name = ps_dwarf_name(die);
	if (!name && tag == DW_TAG_variable)
		name = ps_dwarf_specified_name(d, die);
	/* A forward declaration has no size or members: wait for the real one. */
	if (!name || (kind != PS_DK_VAR_DECL &&
		      ps_dwarf_flag(die, DW_AT_declaration)))
		return NULL;
	return ps_name_index_add(&d->index, kind, name, off, 0);
}

static bool ps_dwarf_visited(const struct ps_dwarf *d, Dwarf_Off cu_off)
{
	for (size_t i = 0; i < d->nr_visited; i++) {
		if (d->visited[i] == cu_off)
			return true;
	}
	return false;
}

static struct ps_error *ps_dwarf_mark_visited(struct ps_dwarf *d,
					      Dwarf_Off cu_off)
{
	Dwarf_Off *v = realloc(d->visited, (d->nr_visited + 1) * sizeof(*v));

	if (!v)
		return ps_error_nomem();
	d->visited = v;
	d->visited[d->nr_visited++] = cu_off;
	return NULL;
}

static struct ps_error *ps_dwarf_index_cu(struct ps_dwarf *d, Dwarf_Die cu_die)
{
	Dwarf_Off cu_off = 0;
	Dwarf_Error derr = NULL;
	Dwarf_Die child;
	struct ps_error *err;

	dwarf_dieoffset(cu_die, &cu_off, &derr);
	if (ps_dwarf_visited(d, cu_off))
		return NULL;
	err = ps_dwarf_mark_visited(d, cu_off);
	if (err)
		return err;
	for (child = ps_dwarf_first_child(cu_die); child;
	     child = ps_dwarf_next_sibling(d, child)) {
		err = ps_dwarf_index_die(d, child);
		if (err) {
			dwarf_dealloc_die(child);
			return err;
		}
	}
	return NULL;
}

/* Index the next unit in file order; false when there is none. */
static struct ps_error *ps_dwarf_scan_next(struct ps_dwarf *d, bool *more)
{
	Dwarf_Unsigned next = 0;
	Dwarf_Half unit_type = 0;
	Dwarf_Error derr = NULL;
	Dwarf_Die cu_die = NULL;
	struct ps_error *err;
	int rc;

	rc = dwarf_next_cu_header_d(d->dbg, 1, NULL, NULL, NULL, NULL, NULL,
				    NULL, NULL, NULL, &next, &unit_type, &derr);
	if (rc == DW_DLV_NO_ENTRY) {
		d->scan_done = true;
		*more = false;
		return NULL;
	}
	if (rc != DW_DLV_OK)
		return ps_dwarf_error(d, derr, "bad compilation unit header");
	if (dwarf_siblingof_b(d->dbg, NULL, 1, &cu_die, &derr) != DW_DLV_OK)
		return ps_dwarf_error(d, derr, "compilation unit without DIE");
	err = ps_dwarf_index_cu(d, cu_die);
	dwarf_dealloc_die(cu_die);
	*more = true;
	return err;
}

/* Find (@kind, @name), indexing more units until it shows up. */
static struct ps_error *ps_dwarf_find(struct ps_dwarf *d, unsigned kind,
				      const char *name, uint64_t *value,
				      uint64_t *extra, bool *found)
{
	bool more = !d->scan_done && !d->hinted_only;

	*found = ps_name_index_find(&d->index, kind, name, value, extra);
	while (!*found && more) {
		struct ps_error *err = ps_dwarf_scan_next(d, &more);

		if (err)
			return err;
		*found = ps_name_index_find(&d->index, kind, name, value,
					    extra);
	}
	return NULL;
}

static void ps_dwarf_load_aranges(struct ps_dwarf *d)
{
	Dwarf_Error derr = NULL;

	d->aranges_loaded = true;
	if (dwarf_get_aranges(d->dbg, &d->aranges, &d->nr_aranges, &derr) !=
	    DW_DLV_OK) {
		d->aranges = NULL;
		d->nr_aranges = 0;
	}
}

/* Index the unit holding code address @addr, when aranges say which. */
static void ps_dwarf_hint(void *priv, uint64_t addr)
{
	struct ps_dwarf *d = priv;
	Dwarf_Arange arange;
	Dwarf_Off cu_off;
	Dwarf_Error derr = NULL;
	Dwarf_Die cu_die;

	if (!d->aranges_loaded)
		ps_dwarf_load_aranges(d);
	if (!d->nr_aranges ||
	    dwarf_get_arange(d->aranges, d->nr_aranges, addr, &arange,
			     &derr) != DW_DLV_OK ||
	    dwarf_get_cu_die_offset(arange, &cu_off, &derr) != DW_DLV_OK ||
	    !ps_dwarf_die_quietly(d, cu_off, &cu_die))
		return;
	/* A failure here only loses the shortcut; the scan still finds it. */
	ps_error_destroy(ps_dwarf_index_cu(d, cu_die));
	dwarf_dealloc_die(cu_die);
}

/* ------------------------------------------------------------------ */
/* Types                                                              */
/* ------------------------------------------------------------------ */

enum { PS_DWARF_MAX_DEPTH = 32 };

static bool ps_dwarf_is_qualifier(Dwarf_Half tag)
{
	return tag == DW_TAG_typedef || tag == DW_TAG_const_type ||
	       tag == DW_TAG_volatile_type || tag == DW_TAG_restrict_type ||
	       tag == DW_TAG_atomic_type;
}

/* Find the DIE of a named type: "struct x", "union x", "enum x" or "x". */
static struct ps_error *ps_dwarf_named_type(struct ps_dwarf *d,
					    const char *type, Dwarf_Off *ret)
{
	static const struct {
		const char *prefix;
		enum ps_dwarf_kind kind;
	} prefixes[] = {
		{ "struct ", PS_DK_STRUCT },
		{ "union ", PS_DK_UNION },
		{ "enum ", PS_DK_ENUM },
	};
	static const enum ps_dwarf_kind bare[] = {
		PS_DK_TYPEDEF, PS_DK_BASE, PS_DK_STRUCT, PS_DK_UNION,
	};
	uint64_t off;
	bool found = false;
	struct ps_error *err;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t len = strlen(prefixes[i].prefix);

		if (strncmp(type, prefixes[i].prefix, len))
			continue;
		err = ps_dwarf_find(d, prefixes[i].kind, type + len, &off,
				    NULL, &found);
		if (err)
			return err;
		if (!found)
			return ps_dwarf_missing(d, "type", type);
		*ret = off;
		return NULL;
	}
	for (size_t i = 0; i < sizeof(bare) / sizeof(bare[0]) && !found; i++) {
		err = ps_dwarf_find(d, bare[i], type, &off, NULL, &found);
		if (err)
			return err;
	}
	if (!found)
		return ps_dwarf_missing(d, "type", type);
	*ret = off;
	return NULL;
}

/* The full definition for a forward-declared struct/union/enum DIE. */
static struct ps_error *ps_dwarf_definition(struct ps_dwarf *d, Dwarf_Die die,
					    Dwarf_Half tag, Dwarf_Off *ret)
{
	const char *name = ps_dwarf_name(die);
	unsigned kind = tag == DW_TAG_structure_type ? PS_DK_STRUCT
			: tag == DW_TAG_union_type   ? PS_DK_UNION
						     : PS_DK_ENUM;
	uint64_t off;
	bool found = false;
	struct ps_error *err;

	if (!name)
		return ps_error_create(PS_ERR_NO_TYPE,
				       "anonymous type declared but not defined");
	err = ps_dwarf_find(d, kind, name, &off, NULL, &found);
	if (err)
		return err;
	if (!found)
		return ps_dwarf_missing(d, "definition of", name);
	*ret = off;
	return NULL;
}

/*
 * Strip typedefs and qualifiers from the type at @off, and replace a
 * declaration by its definition.
 */
static struct ps_error *ps_dwarf_strip(struct ps_dwarf *d, Dwarf_Off off,
				       Dwarf_Off *ret, Dwarf_Half *tag_ret)
{
	for (int depth = 0; depth < PS_DWARF_MAX_DEPTH; depth++) {
		Dwarf_Die die;
		Dwarf_Half tag;
		struct ps_error *err = ps_dwarf_die(d, off, &die);
		bool follow, decl;

		if (err)
			return err;
		tag = ps_dwarf_tag(die);
		follow = ps_dwarf_is_qualifier(tag);
		decl = !follow && ps_dwarf_flag(die, DW_AT_declaration);
		if (follow && !ps_dwarf_ref(die, DW_AT_type, &off))
			err = ps_error_create(PS_ERR_NO_TYPE,
					      "type is void");
		else if (decl)
			err = ps_dwarf_definition(d, die, tag, &off);
		dwarf_dealloc_die(die);
		if (err)
			return err;
		if (!follow && !decl) {
			*ret = off;
			*tag_ret = tag;
			return NULL;
		}
	}
	return ps_error_create(PS_ERR_BAD_INPUT, "type chain too deep");
}

/* Element count of one DW_TAG_subrange_type; 0 for a flexible array. */
static uint64_t ps_dwarf_subrange_count(Dwarf_Die sub)
{
	Dwarf_Unsigned v;

	if (ps_dwarf_udata(sub, DW_AT_count, &v))
		return v;
	if (ps_dwarf_udata(sub, DW_AT_upper_bound, &v))
		return v + 1;
	return 0;
}

static struct ps_error *ps_dwarf_sizeof(struct ps_dwarf *d, Dwarf_Off off,
					int depth, uint64_t *ret);

/*
 * Shape of an array type: the outermost dimension and the size of one of
 * its elements (the element type times the inner dimensions).
 */
static struct ps_error *ps_dwarf_array_shape(struct ps_dwarf *d, Dwarf_Die die,
					     int depth, uint64_t *outer_ret,
					     uint64_t *elem_size_ret)
{
	Dwarf_Off elem_off;
	uint64_t size, outer = 0;
	Dwarf_Die sub;
	bool first = true;
	struct ps_error *err;

	if (!ps_dwarf_ref(die, DW_AT_type, &elem_off))
		return ps_error_create(PS_ERR_BAD_INPUT, "array without type");
	err = ps_dwarf_sizeof(d, elem_off, depth + 1, &size);
	if (err)
		return err;
	for (sub = ps_dwarf_first_child(die); sub;
	     sub = ps_dwarf_next_sibling(d, sub)) {
		if (ps_dwarf_tag(sub) != DW_TAG_subrange_type)
			continue;
		if (first)
			outer = ps_dwarf_subrange_count(sub);
		else
			size *= ps_dwarf_subrange_count(sub);
		first = false;
	}
	*outer_ret = outer;
	*elem_size_ret = size;
	return NULL;
}

static struct ps_error *ps_dwarf_sizeof(struct ps_dwarf *d, Dwarf_Off off,
					int depth, uint64_t *ret)
{
	Dwarf_Half tag;
	Dwarf_Die die;
	Dwarf_Unsigned size;
	struct ps_error *err;

	if (depth > PS_DWARF_MAX_DEPTH)
		return ps_error_create(PS_ERR_BAD_INPUT, "type chain too deep");
	err = ps_dwarf_strip(d, off, &off, &tag);
	if (err)
		return err;
	err = ps_dwarf_die(d, off, &die);
	if (err)
		return err;
	if (tag == DW_TAG_array_type) {
		uint64_t n, elem_size;

		err = ps_dwarf_array_shape(d, die, depth, &n, &elem_size);
		*ret = n * elem_size;
	} else if (ps_dwarf_udata(die, DW_AT_byte_size, &size))
		*ret = size;
	else if (tag == DW_TAG_pointer_type)
		*ret = sizeof(uint64_t);
	else
		err = ps_error_create(PS_ERR_NO_TYPE, "type has no size");
	dwarf_dealloc_die(die);
	return err;
}

/* Fill size and array shape of a member or variable of type @off. */
static struct ps_error *ps_dwarf_shape(struct ps_dwarf *d, Dwarf_Off off,
				       struct ps_member_info *ret)
{
	Dwarf_Half tag;
	Dwarf_Die die;
	struct ps_error *err = ps_dwarf_strip(d, off, &off, &tag);

	if (err)
		return err;
	err = ps_dwarf_die(d, off, &die);
	if (err)
		return err;
	ret->is_array = tag == DW_TAG_array_type;
	if (ret->is_array) {
		err = ps_dwarf_array_shape(d, die, 0, &ret->nr_elems,
					   &ret->elem_size);
		ret->size = ret->nr_elems * ret->elem_size;
	} else {
		err = ps_dwarf_sizeof(d, off, 0, &ret->size);
	}
	dwarf_dealloc_die(die);
	return err;
}

/* ------------------------------------------------------------------ */
/* Members                                                            */
/* ------------------------------------------------------------------ */

struct ps_dwarf_member {
	uint64_t offset;
	uint64_t bit_offset;	/* from @offset */
	uint64_t bit_size;
	Dwarf_Off type;
};

static struct ps_error *ps_dwarf_find_member(struct ps_dwarf *d,
					     Dwarf_Off struct_off,
					     const char *name, size_t len,
					     uint64_t base,
					     struct ps_dwarf_member *ret,
					     bool *found);

/*
 * DWARF 2 and 3 (gcc's DWARF 4 too) place a bit-field by DW_AT_bit_offset:
 * the bits from the most significant end of its storage unit of
 * DW_AT_byte_size bytes. On a little-endian machine (x86) its first bit is
 * then byte_size * 8 - bit_offset - bit_size from the unit's start. Without
 * the unit's size the field cannot be placed: it is no bit-field then.
 */
static void ps_dwarf_storage_bit_offset(Dwarf_Die m, struct ps_dwarf_member *ret)
{
	Dwarf_Unsigned msb, unit;
	uint64_t bit;

	if (!ps_dwarf_udata(m, DW_AT_bit_offset, &msb))
		return;
	if (!ps_dwarf_udata(m, DW_AT_byte_size, &unit) || unit > 16 ||
	    msb + ret->bit_size > unit * 8) {
		ret->bit_size = 0;
		return;
	}
	bit = ret->offset * 8 + (unit * 8 - msb - ret->bit_size);
	ret->offset = bit / 8;
	ret->bit_offset = bit % 8;
}

/* Where member DIE @m starts, in bytes and bits. */
static void ps_dwarf_member_location(Dwarf_Die m, struct ps_dwarf_member *ret)
{
	Dwarf_Unsigned v;

	ret->offset = 0;
	ret->bit_offset = 0;
	ret->bit_size = 0;
	if (ps_dwarf_udata(m, DW_AT_data_member_location, &v)) {
		ret->offset = v;
	} else if (ps_dwarf_udata(m, DW_AT_data_bit_offset, &v)) {
		ret->offset = v / 8;
		ret->bit_offset = v % 8;
	}
	if (ps_dwarf_udata(m, DW_AT_bit_size, &v))
		ret->bit_size = v;
	if (ret->bit_size)
		ps_dwarf_storage_bit_offset(m, ret);
}

/* Look through the anonymous struct or union member @m for @name. */
static struct ps_error *ps_dwarf_find_in_anonymous(
	struct ps_dwarf *d, Dwarf_Die m, const char *name, size_t len,
	uint64_t base, struct ps_dwarf_member *ret, bool *found)
{
	struct ps_dwarf_member here;
	Dwarf_Off type;
	Dwarf_Half tag;
	struct ps_error *err;

	if (!ps_dwarf_ref(m, DW_AT_type, &type))
		return NULL;
	err = ps_dwarf_strip(d, type, &type, &tag);
	if (err || (tag != DW_TAG_structure_type && tag != DW_TAG_union_type))
		return err;
	ps_dwarf_member_location(m, &here);
	return ps_dwarf_find_member(d, type, name, len, base + here.offset, ret,
				    found);
}

static bool ps_dwarf_name_is(const char *name, const char *want, size_t len)
{
	return name && strlen(name) == len && !strncmp(name, want, len);
}

/* Is the child DIE @m of a struct the member @name, or does it hold it? */
static struct ps_error *ps_dwarf_match_member(struct ps_dwarf *d, Dwarf_Die m,
					      const char *name, size_t len,
					      uint64_t base,
					      struct ps_dwarf_member *ret,
					      bool *found)
{
	const char *mname;

	if (ps_dwarf_tag(m) != DW_TAG_member)
		return NULL;
	mname = ps_dwarf_name(m);
	if (!mname)
		return ps_dwarf_find_in_anonymous(d, m, name, len, base, ret,
						  found);
	if (!ps_dwarf_name_is(mname, name, len))
		return NULL;
	ps_dwarf_member_location(m, ret);
	ret->offset += base;
	*found = ps_dwarf_ref(m, DW_AT_type, &ret->type);
	return NULL;
}

static struct ps_error *ps_dwarf_find_member_in(struct ps_dwarf *d,
						Dwarf_Die die,
						const char *name, size_t len,
						uint64_t base,
						struct ps_dwarf_member *ret,
						bool *found)
{
	Dwarf_Die m;
	struct ps_error *err;

	for (m = ps_dwarf_first_child(die); m; m = ps_dwarf_next_sibling(d, m)) {
		err = ps_dwarf_match_member(d, m, name, len, base, ret, found);
		if (err || *found) {
			dwarf_dealloc_die(m);
			return err;
		}
	}
	return NULL;
}

static struct ps_error *ps_dwarf_find_member(struct ps_dwarf *d,
					     Dwarf_Off struct_off,
					     const char *name, size_t len,
					     uint64_t base,
					     struct ps_dwarf_member *ret,
					     bool *found)
{
	Dwarf_Die die;
	struct ps_error *err = ps_dwarf_die(d, struct_off, &die);

	if (err)
		return err;
	err = ps_dwarf_find_member_in(d, die, name, len, base, ret, found);
	dwarf_dealloc_die(die);
	return err;
}

/* Resolve a dotted member path, component by component. */
static struct ps_error *ps_dwarf_member_path(struct ps_dwarf *d,
					     Dwarf_Off type, const char *type_name,
					     const char *path,
					     struct ps_dwarf_member *ret)
{
	uint64_t base = 0;
	const char *comp = path;

	for (;;) {
		size_t len = strcspn(comp, ".");
		Dwarf_Half tag;
		bool found = false;
		struct ps_error *err = ps_dwarf_strip(d, type, &type, &tag);

		if (err)
			return err;
		if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type)
			return ps_error_create(PS_ERR_NO_TYPE,
					       "%s.%s: not a struct or union",
					       type_name, path);
		err = ps_dwarf_find_member(d, type, comp, len, base, ret,
					   &found);
		if (err)
			return err;
		if (!found)
			return ps_error_create(PS_ERR_NO_TYPE,
					       "%s has no member %s", type_name,
					       path);
		if (!comp[len])
			return NULL;
		base = ret->offset;
		type = ret->type;
		comp += len + 1;
	}
}

/* ------------------------------------------------------------------ */
/* The provider's operations                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_dwarf_named_sizeof(struct ps_dwarf *d,
					      const char *type, uint64_t *ret)
{
	Dwarf_Off off;
	struct ps_error *err = ps_dwarf_named_type(d, type, &off);

	if (err)
		return err;
	return ps_dwarf_sizeof(d, off, 0, ret);
}

static struct ps_error *ps_dwarf_type_size(void *priv, const char *type,
					   uint64_t *ret)
{
	return ps_error_prefix(ps_dwarf_named_sizeof(priv, type, ret),
			       "size of %s", type);
}

static struct ps_error *ps_dwarf_member(void *priv, const char *type,
					const char *path,
					struct ps_member_info *ret)
{
	struct ps_dwarf *d = priv;
	struct ps_dwarf_member m;
	Dwarf_Off off;
	struct ps_error *err = ps_dwarf_named_type(d, type, &off);

	if (err)
		return err;
	err = ps_dwarf_member_path(d, off, type, path, &m);
	if (err)
		return err;
	memset(ret, 0, sizeof(*ret));
	ret->offset = m.offset;
	ret->bit_offset = m.bit_offset;
	ret->bit_size = m.bit_size;
	return ps_dwarf_shape(d, m.type, ret);
}

/* Enumerator @name among the children of the enum at @enum_off. */
static struct ps_error *ps_dwarf_enumerator_in(struct ps_dwarf *d,
					       Dwarf_Off enum_off,
					       const char *name, int64_t *ret,
					       bool *found)
{
	Dwarf_Die die, child;
	bool is_signed;
	struct ps_error *err = ps_dwarf_die(d, enum_off, &die);

	if (err)
		return err;
	is_signed = ps_dwarf_enum_is_signed(d, die);
	for (child = ps_dwarf_first_child(die); child && !*found;
	     child = ps_dwarf_next_sibling(d, child)) {
		if (ps_dwarf_name_is(ps_dwarf_name(child), name, strlen(name)))
			*found = ps_dwarf_enumerator_value(child, is_signed,
							   ret);
	}
	if (child)
		dwarf_dealloc_die(child);
	dwarf_dealloc_die(die);
	return NULL;
}

/* Enumerator @name of the enum type named @enum_type. */
static struct ps_error *ps_dwarf_enumerator_of(struct ps_dwarf *d,
					       const char *enum_type,
					       const char *name, int64_t *ret,
					       bool *found)
{
	uint64_t off;
	struct ps_error *err = ps_dwarf_find(d, PS_DK_ENUM, enum_type, &off,
					     NULL, found);

	if (err || !*found)
		return err;
	*found = false;
	return ps_dwarf_enumerator_in(d, off, name, ret, found);
}

static struct ps_error *ps_dwarf_enumerator(void *priv, const char *enum_type,
					    const char *name, int64_t *ret)
{
	struct ps_dwarf *d = priv;
	uint64_t value;
	bool found = false;
	struct ps_error *err;

	if (!enum_type) {
		err = ps_dwarf_find(d, PS_DK_ENUMERATOR, name, &value, NULL,
				    &found);
		*ret = (int64_t)value;
	} else {
		err = ps_dwarf_enumerator_of(d, enum_type, name, ret, &found);
	}
	if (err)
		return err;
	if (!found)
		return ps_dwarf_missing(d, "enumerator", name);
	return NULL;
}

/* A definition's own type, else its declaration's. */
static bool ps_dwarf_variable_type(struct ps_dwarf *d, Dwarf_Die die,
				   Dwarf_Off *ret)
{
	Dwarf_Off off;
	Dwarf_Die decl;
	bool found;

	if (ps_dwarf_ref(die, DW_AT_type, ret))
		return true;
	if (!ps_dwarf_ref(die, DW_AT_specification, &off) ||
	    !ps_dwarf_die_quietly(d, off, &decl))
		return false;
	found = ps_dwarf_ref(decl, DW_AT_type, ret);
	dwarf_dealloc_die(decl);
	return found;
}

static struct ps_error *ps_dwarf_variable(void *priv, const char *name,
					  struct ps_member_info *ret)
{
	struct ps_dwarf *d = priv;
	uint64_t off;
	Dwarf_Off type;
	Dwarf_Die die;
	bool found = false, has_type;
	struct ps_error *err;

	err = ps_dwarf_find(d, PS_DK_VAR, name, &off, NULL, &found);
	if (err)
		return err;
	if (!found) {
		err = ps_dwarf_find(d, PS_DK_VAR_DECL, name, &off, NULL,
				    &found);
		if (err)
			return err;
	}
	if (!found)
		return ps_dwarf_missing(d, "variable", name);
	err = ps_dwarf_die(d, off, &die);
	if (err)
		return err;
	has_type = ps_dwarf_variable_type(d, die, &type);
	dwarf_dealloc_die(die);
	if (!has_type)
		return ps_dwarf_missing(d, "type of variable", name);
	memset(ret, 0, sizeof(*ret));
	return ps_dwarf_shape(d, type, ret);
}

static void ps_dwarf_set_hinted_only(void *priv, bool hinted_only)
{
	struct ps_dwarf *d = priv;

	d->hinted_only = hinted_only;
}

/* ps_dwarf_strip() for a lookup that may fail: true when it did. */
static bool ps_dwarf_strip_quietly(struct ps_dwarf *d, Dwarf_Off off,
				   Dwarf_Off *ret, Dwarf_Half *tag_ret)
{
	struct ps_error *err = ps_dwarf_strip(d, off, ret, tag_ret);
	bool failed = err != NULL;

	ps_error_destroy(err);
	return failed;
}

struct ps_dwarf_var_match {
	struct ps_dwarf *d;
	Dwarf_Half tag;		/* of the type sought */
	const char *name;	/* its name; each unit has its own copy of it */
	void (*fn)(const char *name, void *arg);
	void *arg;
	struct ps_error *err;
};

static void ps_dwarf_var_check(const char *name, uint64_t off, void *arg)
{
	struct ps_dwarf_var_match *vm = arg;
	Dwarf_Off type;
	Dwarf_Half tag = 0;
	Dwarf_Die die;
	const char *tname;
	bool has_type;

	if (vm->err || !ps_dwarf_die_quietly(vm->d, off, &die))
		return;
	has_type = ps_dwarf_variable_type(vm->d, die, &type);
	dwarf_dealloc_die(die);
	/* Arrays and pointers are not the struct itself. */
	if (!has_type || ps_dwarf_strip_quietly(vm->d, type, &type, &tag) ||
	    tag != vm->tag || !ps_dwarf_die_quietly(vm->d, type, &die))
		return;
	tname = ps_dwarf_name(die);
	if (tname && !strcmp(tname, vm->name))
		vm->fn(name, vm->arg);
	dwarf_dealloc_die(die);
}

/* Reads every unit once (seconds on a vmlinux): callers cache the result. */
static struct ps_error *ps_dwarf_variables_of_type(void *priv, const char *type,
						   void (*fn)(const char *name,
							      void *arg),
						   void *arg)
{
	struct ps_dwarf *d = priv;
	struct ps_dwarf_var_match vm = { .d = d, .fn = fn, .arg = arg };
	Dwarf_Off off;
	Dwarf_Die die;
	bool more = !d->scan_done;
	struct ps_error *err;

	while (more) {
		err = ps_dwarf_scan_next(d, &more);
		if (err)
			return err;
	}
	err = ps_dwarf_named_type(d, type, &off);
	if (err)
		return err;
	err = ps_dwarf_strip(d, off, &off, &vm.tag);
	if (err)
		return err;
	err = ps_dwarf_die(d, off, &die);
	if (err)
		return err;
	vm.name = ps_dwarf_name(die);
	dwarf_dealloc_die(die);
	if (!vm.name)
		return ps_error_create(PS_ERR_NO_TYPE, "%s has no name", type);
	/* Definitions, and declarations whose definition has no name. */
	ps_name_index_for_each(&d->index, PS_DK_VAR, ps_dwarf_var_check, &vm);
	ps_name_index_for_each(&d->index, PS_DK_VAR_DECL, ps_dwarf_var_check, &vm);
	return vm.err;
}

/* ------------------------------------------------------------------ */
/* Type names and member lists                                        */
/* ------------------------------------------------------------------ */

static void ps_dwarf_render(struct ps_dwarf *d, Dwarf_Off off, int depth,
			    char *buf, size_t len);

static const char *ps_dwarf_tag_word(Dwarf_Half tag)
{
	switch (tag) {
	case DW_TAG_structure_type:
		return "struct ";
	case DW_TAG_union_type:
		return "union ";
	case DW_TAG_enumeration_type:
		return "enum ";
	default:
		return "";
	}
}

/* The type @die refers to, rendered; "void" when it refers to none. */
static void ps_dwarf_render_target(struct ps_dwarf *d, Dwarf_Die die,
				   int depth, char *buf, size_t len)
{
	Dwarf_Off target;

	if (ps_dwarf_ref(die, DW_AT_type, &target))
		ps_dwarf_render(d, target, depth + 1, buf, len);
	else
		snprintf(buf, len, "void");
}

/* "T[2][4]": the element type, then each dimension. */
static void ps_dwarf_render_array(struct ps_dwarf *d, Dwarf_Die die, int depth,
				  char *buf, size_t len)
{
	size_t n;

	ps_dwarf_render_target(d, die, depth, buf, len);
	n = strlen(buf);
	for (Dwarf_Die sub = ps_dwarf_first_child(die); sub;
	     sub = ps_dwarf_next_sibling(d, sub)) {
		if (ps_dwarf_tag(sub) == DW_TAG_subrange_type && n < len)
			n += (size_t)snprintf(buf + n, len - n, "[%llu]",
					      (unsigned long long)ps_dwarf_subrange_count(sub));
	}
}

/* "T *", or "R (*)()" for a pointer to a function. */
static void ps_dwarf_render_pointer(struct ps_dwarf *d, Dwarf_Die die,
				    int depth, char *buf, size_t len)
{
	char inner[PS_TYPE_NAME_MAX] = "void";
	Dwarf_Off target;
	Dwarf_Die fn;
	size_t ilen;

	if (ps_dwarf_ref(die, DW_AT_type, &target) &&
	    ps_dwarf_die_quietly(d, target, &fn)) {
		bool is_fn = ps_dwarf_tag(fn) == DW_TAG_subroutine_type;

		if (is_fn)
			ps_dwarf_render_target(d, fn, depth, inner, sizeof(inner));
		else
			ps_dwarf_render(d, target, depth + 1, inner, sizeof(inner));
		dwarf_dealloc_die(fn);
		if (is_fn) {
			snprintf(buf, len, "%s (*)()", inner);
			return;
		}
	}
	ilen = strlen(inner);
	snprintf(buf, len, "%s%s*", inner,
		 ilen && inner[ilen - 1] == '*' ? "" : " ");
}

static void ps_dwarf_render_die(struct ps_dwarf *d, Dwarf_Die die, int depth,
				char *buf, size_t len)
{
	Dwarf_Half tag = ps_dwarf_tag(die);
	const char *name = ps_dwarf_name(die);
	size_t n;

	switch (tag) {
	case DW_TAG_pointer_type:
		ps_dwarf_render_pointer(d, die, depth, buf, len);
		return;
	case DW_TAG_array_type:
		ps_dwarf_render_array(d, die, depth, buf, len);
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
		n = (size_t)snprintf(buf, len, "%s ",
				     tag == DW_TAG_const_type ? "const" : "volatile");
		if (n < len)
			ps_dwarf_render_target(d, die, depth, buf + n, len - n);
		return;
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		ps_dwarf_render_target(d, die, depth, buf, len);
		return;
	default:
		snprintf(buf, len, "%s%s", ps_dwarf_tag_word(tag),
			 name ? name : "{...}");
	}
}

/* The C name of the type at @off, typedef names kept. */
static void ps_dwarf_render(struct ps_dwarf *d, Dwarf_Off off, int depth,
			    char *buf, size_t len)
{
	Dwarf_Die die;

	if (depth > PS_DWARF_MAX_DEPTH || !ps_dwarf_die_quietly(d, off, &die)) {
		snprintf(buf, len, "?");
		return;
	}
	ps_dwarf_render_die(d, die, depth, buf, len);
	dwarf_dealloc_die(die);
}

/* The type DIE of global variable @name. */
static struct ps_error *ps_dwarf_variable_type_of(struct ps_dwarf *d,
						  const char *name,
						  Dwarf_Off *ret)
{
	uint64_t off;
	Dwarf_Die die;
	bool found = false, has_type;
	struct ps_error *err;

	err = ps_dwarf_find(d, PS_DK_VAR, name, &off, NULL, &found);
	if (!err && !found)
		err = ps_dwarf_find(d, PS_DK_VAR_DECL, name, &off, NULL, &found);
	if (err)
		return err;
	if (!found)
		return ps_dwarf_missing(d, "variable", name);
	err = ps_dwarf_die(d, off, &die);
	if (err)
		return err;
	has_type = ps_dwarf_variable_type(d, die, ret);
	dwarf_dealloc_die(die);
	return has_type ? NULL : ps_dwarf_missing(d, "type of variable", name);
}

static struct ps_error *ps_dwarf_type_name(void *priv, const char *type,
					   const char *path, char *buf)
{
	struct ps_dwarf *d = priv;
	struct ps_dwarf_member m;
	Dwarf_Off off;
	struct ps_error *err;

	if (!type) {
		err = ps_dwarf_variable_type_of(d, path, &off);
		if (err)
			return err;
		ps_dwarf_render(d, off, 0, buf, PS_TYPE_NAME_MAX);
		return NULL;
	}
	err = ps_dwarf_named_type(d, type, &off);
	if (err)
		return err;
	err = ps_dwarf_member_path(d, off, type, path, &m);
	if (err)
		return err;
	ps_dwarf_render(d, m.type, 0, buf, PS_TYPE_NAME_MAX);
	return NULL;
}

struct ps_dwarf_walk {
	struct ps_dwarf *d;
	ps_member_fn *fn;
	void *arg;
};

static struct ps_error *ps_dwarf_members_of(struct ps_dwarf_walk *w,
					    Dwarf_Off type, uint64_t base,
					    unsigned int depth);

/* Member DIE @m at @base: tell it, then what an anonymous one holds. */
static struct ps_error *ps_dwarf_tell_member(struct ps_dwarf_walk *w,
					     Dwarf_Die m, uint64_t base,
					     unsigned int depth)
{
	char type_name[PS_TYPE_NAME_MAX] = "?";
	struct ps_member_desc desc = { .type_name = type_name, .depth = depth };
	struct ps_dwarf_member loc;
	Dwarf_Off type;
	Dwarf_Half tag = 0;
	struct ps_error *err;

	if (!ps_dwarf_ref(m, DW_AT_type, &type))
		return NULL;
	ps_dwarf_member_location(m, &loc);
	desc.name = ps_dwarf_name(m);
	desc.info.offset = base + loc.offset;
	desc.info.bit_offset = (uint32_t)loc.bit_offset;
	desc.info.bit_size = (uint32_t)loc.bit_size;
	ps_dwarf_render(w->d, type, 0, type_name, sizeof(type_name));
	err = ps_dwarf_shape(w->d, type, &desc.info);
	if (err)
		return err;
	w->fn(&desc, w->arg);
	if (desc.name || depth >= PS_DWARF_MAX_DEPTH ||
	    ps_dwarf_strip_quietly(w->d, type, &type, &tag) ||
	    (tag != DW_TAG_structure_type && tag != DW_TAG_union_type))
		return NULL;
	return ps_dwarf_members_of(w, type, desc.info.offset, depth + 1);
}

static struct ps_error *ps_dwarf_members_of(struct ps_dwarf_walk *w,
					    Dwarf_Off type, uint64_t base,
					    unsigned int depth)
{
	Dwarf_Die die, m;
	struct ps_error *err = ps_dwarf_die(w->d, type, &die);

	if (err)
		return err;
	for (m = ps_dwarf_first_child(die); m && !err;
	     m = ps_dwarf_next_sibling(w->d, m)) {
		if (ps_dwarf_tag(m) == DW_TAG_member)
			err = ps_dwarf_tell_member(w, m, base, depth);
	}
	if (m)
		dwarf_dealloc_die(m);
	dwarf_dealloc_die(die);
	return err;
}

static struct ps_error *ps_dwarf_members(void *priv, const char *type,
					 ps_member_fn *fn, void *arg)
{
	struct ps_dwarf_walk w = { .d = priv, .fn = fn, .arg = arg };
	Dwarf_Off off;
	Dwarf_Half tag;
	struct ps_error *err = ps_dwarf_named_type(w.d, type, &off);

	if (err)
		return err;
	err = ps_dwarf_strip(w.d, off, &off, &tag);
	if (err)
		return err;
	if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type)
		return ps_error_create(PS_ERR_NO_TYPE, "%s: not a struct or union",
				       type);
	return ps_dwarf_members_of(&w, off, 0, 0);
}

static void ps_dwarf_destroy(void *priv)
{
	struct ps_dwarf *d = priv;
	Dwarf_Error derr = NULL;

	if (!d)
		return;
	if (d->aranges) {
		for (Dwarf_Signed i = 0; i < d->nr_aranges; i++)
			dwarf_dealloc(d->dbg, d->aranges[i], DW_DLA_ARANGE);
		dwarf_dealloc(d->dbg, d->aranges, DW_DLA_LIST);
	}
	if (d->dbg)
		dwarf_object_finish(d->dbg, &derr);
	ps_name_index_deinit(&d->index);
	free(d->visited);
	free(d);
}

static const struct ps_type_ops ps_dwarf_ops = {
	.name = "DWARF",
	.type_size = ps_dwarf_type_size,
	.member = ps_dwarf_member,
	.enumerator = ps_dwarf_enumerator,
	.variable = ps_dwarf_variable,
	.variables_of_type = ps_dwarf_variables_of_type,
	.type_name = ps_dwarf_type_name,
	.members = ps_dwarf_members,
	.hint = ps_dwarf_hint,
	.set_hinted_only = ps_dwarf_set_hinted_only,
	.destroy = ps_dwarf_destroy,
};

/* Other .debug_* sections without .debug_info hold no types. */
static bool ps_dwarf_has_info(const struct ps_elf_file *elf)
{
	for (size_t i = 1; i < ps_elf_file_section_count(elf); i++) {
		const struct ps_elf_section *s = ps_elf_file_section(elf, i);

		if (!strcmp(s->name, ".debug_info") && s->size && s->data)
			return true;
	}
	return false;
}

struct ps_error *ps_dwarf_types_create(struct ps_elf_file *elf,
				       struct ps_types *ret)
{
	struct ps_dwarf *d;
	Dwarf_Error derr = NULL;
	int rc;

	if (!ps_dwarf_has_info(elf))
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: no DWARF debug info (no .debug_info section: a stripped vmlinux? install the -dbg package)",
				       ps_elf_file_path(elf));
	d = calloc(1, sizeof(*d));
	if (!d)
		return ps_error_nomem();
	d->elf = elf;
	ps_name_index_init(&d->index);
	ps_dwarf_obj_init(&d->iface, elf);
	rc = dwarf_object_init_b(&d->iface, NULL, NULL, DW_GROUPNUMBER_ANY,
				 &d->dbg, &derr);
	if (rc != DW_DLV_OK) {
		struct ps_error *err =
			rc == DW_DLV_NO_ENTRY
				? ps_error_create(PS_ERR_BAD_INPUT,
						  "%s: no DWARF debug info (a stripped vmlinux? install the -dbg package)",
						  ps_elf_file_path(elf))
				: ps_dwarf_error(d, derr, "cannot read");

		d->dbg = NULL;
		ps_dwarf_destroy(d);
		return err;
	}
	ret->ops = &ps_dwarf_ops;
	ret->priv = d;
	return NULL;
}
