// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Types from crash's debug info, asked of its embedded gdb through
 * structured requests (struct gnu_request), never by parsing printed
 * output. GNU_GET_DATATYPE finds a member by name, looking through
 * anonymous structs and unions; GNU_GET_SYMBOL_TYPE gives the type of an
 * expression, which is how array shapes and variables are measured.
 *
 * gdb searches every compilation unit for a name it does not find in
 * scope, which costs tens of milliseconds each; the hint (a function in
 * mm/page_alloc.c) becomes gdb's scope while we ask, so most names are
 * found in that unit first.
 *
 * gdb's requests cannot list a struct's members or name a member's type
 * without printing them for us to parse: for those two, `type T` and the
 * list heads, the DWARF of crash's own vmlinux is read directly, opened
 * on first use.
 */
#include <crash/defs.h>

#include "crash.h"
#include "debuginfo/dwarf_types.h"
#include "dump/elf_file.h"

enum { PS_CRASH_EXPR_MAX = 512 };

struct ps_crash_types {
	ulong scope;	/* runtime text address for gdb's lookups; 0: none */
	struct ps_elf_file *elf;	/* crash's vmlinux, once opened */
	struct ps_types dwarf;		/* .ops NULL until first needed */
	bool dwarf_failed;		/* tried once, not usable */
};

/* ------------------------------------------------------------------ */
/* Talking to gdb                                                     */
/* ------------------------------------------------------------------ */

/* crash's "set scope": the block gdb looks names up in first. */
static void ps_crash_set_scope(ulong text_addr)
{
	struct gnu_request req = {
		.command = GNU_SET_CRASH_BLOCK,
		.addr = text_addr,
		.flags = GNU_RETURN_ON_ERROR,
	};

	req.fp = pc->nullfp;
	gdb_interface(&req);
}

/*
 * One request. gdb_interface() installs crash's SIGINT handler when it
 * returns, and that handler longjmps to crash's prompt: keep the caller's
 * handler (pagescope's, during a command); a SIGINT waits until it is
 * back. The user's own scope (pc->scope) is put back too.
 */
static bool ps_crash_gdb(const struct ps_crash_types *ct,
			 struct gnu_request *req)
{
	sigset_t block, old;
	struct sigaction saved;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGINT, NULL, &saved);
	if (ct->scope)
		ps_crash_set_scope(ct->scope);
	req->flags |= GNU_RETURN_ON_ERROR;
	req->fp = pc->nullfp;
	gdb_interface(req);
	if (ct->scope)
		ps_crash_set_scope(pc->scope);
	sigaction(SIGINT, &saved, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return !(req->flags & GNU_COMMAND_FAILED);
}

/* "struct page" -> "page", and the type code the tag promises. */
static const char *ps_crash_untag(const char *name, int *code_ret)
{
	static const struct {
		const char *tag;
		int code;
	} tags[] = {
		{ "struct ", TYPE_CODE_STRUCT },
		{ "union ", TYPE_CODE_UNION },
		{ "enum ", TYPE_CODE_ENUM },
	};

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t len = strlen(tags[i].tag);

		if (!strncmp(name, tags[i].tag, len)) {
			*code_ret = tags[i].code;
			return name + len;
		}
	}
	*code_ret = TYPE_CODE_UNDEF;
	return name;
}

/*
 * The type @name ("struct page", "nodemask_t") or enumerator @name, and
 * @member in the type. gdb looks a name up among struct, union and enum
 * tags first, where a bare tag is found at once; "struct page" would miss
 * there, after a search of every unit, and only then parse as a type.
 */
static bool ps_crash_datatype(const struct ps_crash_types *ct,
			      const char *name, const char *member,
			      struct gnu_request *req)
{
	char name_buf[PS_CRASH_EXPR_MAX], member_buf[PS_CRASH_EXPR_MAX];
	int want;
	const char *bare = ps_crash_untag(name, &want);

	if (snprintf(name_buf, sizeof(name_buf), "%s", bare) >=
		    (int)sizeof(name_buf) ||
	    snprintf(member_buf, sizeof(member_buf), "%s",
		     member ? member : "") >= (int)sizeof(member_buf))
		return false;
	memset(req, 0, sizeof(*req));
	req->command = GNU_GET_DATATYPE;
	req->name = name_buf;
	req->member = member ? member_buf : NULL;
	if (!ps_crash_gdb(ct, req))
		return false;
	req->name = NULL;
	req->member = NULL;
	return req->typecode != TYPE_CODE_UNDEF &&
	       (want == TYPE_CODE_UNDEF || req->typecode == want);
}

/* The type of expression @expr, and @member in it when not NULL. */
static bool ps_crash_expr_type(const struct ps_crash_types *ct,
			       const char *expr, const char *member,
			       struct gnu_request *req)
{
	char expr_buf[PS_CRASH_EXPR_MAX], member_buf[PS_CRASH_EXPR_MAX];

	if (snprintf(expr_buf, sizeof(expr_buf), "%s", expr) >=
		    (int)sizeof(expr_buf) ||
	    snprintf(member_buf, sizeof(member_buf), "%s",
		     member ? member : "") >= (int)sizeof(member_buf))
		return false;
	memset(req, 0, sizeof(*req));
	req->command = GNU_GET_SYMBOL_TYPE;
	req->name = expr_buf;
	req->member = member ? member_buf : NULL;
	if (!ps_crash_gdb(ct, req))
		return false;
	req->name = NULL;
	req->member = NULL;
	return req->typecode != TYPE_CODE_UNDEF;
}

static struct ps_error *ps_crash_missing(const char *what, const char *name)
{
	return ps_error_create(PS_ERR_NO_TYPE, "%s %s not in crash's debug info",
			       what, name);
}

/* ------------------------------------------------------------------ */
/* Sizes and shapes                                                   */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_crash_type_size(void *priv, const char *type,
					   uint64_t *ret)
{
	struct gnu_request req;

	/* A declaration without a definition has no size. */
	if (!ps_crash_datatype(priv, type, NULL, &req) || req.length == 0)
		return ps_crash_missing("type", type);
	*ret = req.length;
	return NULL;
}

/*
 * Types that are surely not arrays. Anything else (arrays, and typedefs,
 * whose code defs.h does not name) is measured through an expression.
 */
static bool ps_crash_is_scalar(int code)
{
	switch (code) {
	case TYPE_CODE_PTR:
	case TYPE_CODE_STRUCT:
	case TYPE_CODE_UNION:
	case TYPE_CODE_ENUM:
	case TYPE_CODE_INT:
	case TYPE_CODE_BOOL:
		return true;
	default:
		return false;
	}
}

/*
 * The shape of expression @expr: its size and, for an array, the outer
 * dimension and the size of one element of it (which, for a
 * multi-dimensional array, is the whole inner array).
 */
static bool ps_crash_shape(const struct ps_crash_types *ct, const char *expr,
			   struct ps_member_info *ret)
{
	char elem[PS_CRASH_EXPR_MAX];
	struct gnu_request req;
	uint64_t whole;

	if (!ps_crash_expr_type(ct, expr, NULL, &req))
		return false;
	ret->size = req.length;
	if (req.typecode == TYPE_CODE_ARRAY) {
		ret->is_array = true;
		ret->elem_size = req.target_length;
	} else if (req.typecode != TYPE_CODE_PTR &&
		   req.target_typecode == TYPE_CODE_ARRAY) {
		/* A typedef of an array: measure one element of it. */
		whole = req.target_length;
		snprintf(elem, sizeof(elem), "(%s)[0]", expr);
		if (!ps_crash_expr_type(ct, elem, NULL, &req))
			return false;
		ret->is_array = true;
		ret->size = whole;
		ret->elem_size = req.length;
	}
	if (ret->is_array && ret->elem_size)
		ret->nr_elems = ret->size / ret->elem_size;
	return true;
}

/* ------------------------------------------------------------------ */
/* Members                                                            */
/* ------------------------------------------------------------------ */

/*
 * Where the next path component is looked up: the named type of the
 * member just found or, for a member of an anonymous struct type, the
 * expression that reaches it. gdb looks for members in whatever type it
 * is given, and dereferences a NULL name in an array's or an enum's
 * "fields": only structs and unions are ever searched.
 */
struct ps_crash_path {
	char type[PS_CRASH_EXPR_MAX];	/* "" when anonymous */
	char expr[PS_CRASH_EXPR_MAX];	/* "((struct page *)0)->a.b" */
	uint64_t bits;			/* offset so far, in bits */
	bool is_struct;			/* a struct or union: may be searched */
};

static bool ps_crash_is_struct(int code)
{
	return code == TYPE_CODE_STRUCT || code == TYPE_CODE_UNION;
}

/* Is the type named @name ("nodemask_t", "struct page") a struct or union? */
static bool ps_crash_names_struct(const struct ps_crash_types *ct,
				  const char *name)
{
	struct gnu_request req;
	int tag;

	ps_crash_untag(name, &tag);
	if (ps_crash_is_struct(tag))
		return true;
	return ps_crash_datatype(ct, name, NULL, &req) &&
	       ps_crash_is_struct(req.typecode);
}

/*
 * The type of the member in @req, for the next lookup: "struct x",
 * "union x" or a typedef's name, which gdb resolves; "" when anonymous.
 */
static void ps_crash_path_next_type(const struct ps_crash_types *ct,
				    struct ps_crash_path *p,
				    const struct gnu_request *req)
{
	const char *name = req->member_main_type_name;
	int code = req->member_typecode;
	const char *tag = code == TYPE_CODE_STRUCT  ? "struct "
			  : code == TYPE_CODE_UNION ? "union "
						    : "";

	snprintf(p->type, sizeof(p->type), "%s%s", tag, name ? name : "");
	if (!name)
		p->type[0] = '\0';
	p->is_struct = ps_crash_is_struct(code) ||
		       (name && !ps_crash_is_scalar(code) &&
			code != TYPE_CODE_ARRAY && ps_crash_names_struct(ct, name));
}

/* Find @comp in the type reached so far; false when it is not there. */
static bool ps_crash_path_step(const struct ps_crash_types *ct,
			       struct ps_crash_path *p, const char *comp,
			       bool first, bool last, struct gnu_request *req)
{
	bool found;

	if (!p->is_struct)
		return false;
	found = *p->type ? ps_crash_datatype(ct, p->type, comp, req)
			 : ps_crash_expr_type(ct, p->expr, comp, req);
	if (!found || req->member_offset < 0)
		return false;
	p->bits += (uint64_t)req->member_offset;
	if (strlen(p->expr) + strlen(comp) + 3 >= sizeof(p->expr))
		return false;
	strcat(p->expr, first ? "->" : ".");
	strcat(p->expr, comp);
	if (!last)
		ps_crash_path_next_type(ct, p, req);
	return true;
}

static struct ps_error *ps_crash_member(void *priv, const char *type,
					const char *path,
					struct ps_member_info *ret)
{
	const struct ps_crash_types *ct = priv;
	struct ps_crash_path p = { .bits = 0 };
	char comps[PS_CRASH_EXPR_MAX], *dot;
	struct gnu_request req;
	bool first = true;

	snprintf(p.type, sizeof(p.type), "%s", type);
	snprintf(p.expr, sizeof(p.expr), "((%s *)0)", type);
	p.is_struct = ps_crash_names_struct(ct, type);
	if (snprintf(comps, sizeof(comps), "%s", path) >= (int)sizeof(comps))
		return ps_crash_missing("member", path);
	for (char *c = comps; c; c = dot ? dot + 1 : NULL, first = false) {
		dot = strchr(c, '.');
		if (dot)
			*dot = '\0';
		if (!*c || !ps_crash_path_step(ct, &p, c, first, !dot, &req))
			return ps_error_create(PS_ERR_NO_TYPE,
					       "%s has no member %s in crash's debug info",
					       type, path);
	}
	memset(ret, 0, sizeof(*ret));
	ret->offset = p.bits / 8;
	ret->bit_offset = p.bits % 8;
	ret->size = (uint64_t)req.member_length;
	if (ps_crash_is_scalar(req.member_typecode))
		return NULL;
	if (!ps_crash_shape(ct, p.expr, ret))
		return ps_crash_missing("member", path);
	/* gdb sizes a typedef'd member only in the member request. */
	if (!ret->is_array)
		ret->size = (uint64_t)req.member_length;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Enumerators and variables                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_crash_enumerator(void *priv, const char *enum_type,
					    const char *name, int64_t *ret)
{
	struct gnu_request req;

	/* A variable of an enum type looks the same to gdb: rule it out. */
	if (symbol_search((char *)name) ||
	    !ps_crash_datatype(priv, name, NULL, &req) ||
	    req.typecode != TYPE_CODE_ENUM || !req.tagname)
		return ps_crash_missing("enumerator", name);
	if (enum_type && strcmp(req.tagname, enum_type))
		return ps_error_create(PS_ERR_NO_TYPE,
				       "enumerator %s is in enum %s, not enum %s",
				       name, req.tagname, enum_type);
	*ret = req.value;
	return NULL;
}

static struct ps_error *ps_crash_variable(void *priv, const char *name,
					  struct ps_member_info *ret)
{
	struct gnu_request req;

	memset(ret, 0, sizeof(*ret));
	if (!ps_crash_expr_type(priv, name, NULL, &req) ||
	    req.typecode == TYPE_CODE_FUNC || !ps_crash_shape(priv, name, ret))
		return ps_crash_missing("variable", name);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Member listings and type names, from the vmlinux's DWARF            */
/* ------------------------------------------------------------------ */

/* The file crash read the kernel's debug info from. */
static const char *ps_crash_debug_file(void)
{
	return pc->namelist_debug ? pc->namelist_debug : pc->namelist;
}

static struct ps_error *ps_crash_dwarf_open(struct ps_crash_types *ct)
{
	const char *path = ps_crash_debug_file();
	struct ps_error *err;

	if (!path)
		return ps_error_create(PS_ERR_UNSUPPORTED, "crash names no vmlinux");
	err = ps_elf_file_open(path, &ct->elf);
	if (err)
		return err;
	err = ps_dwarf_types_create(ct->elf, &ct->dwarf);
	if (err) {
		ps_elf_file_destroy(ct->elf);
		ct->elf = NULL;
	}
	return err;
}

/* The DWARF provider over crash's vmlinux; one try only. */
static struct ps_error *ps_crash_dwarf(struct ps_crash_types *ct,
				       struct ps_types **ret)
{
	struct ps_error *err;

	/* Unsupported, whatever the cause: callers then do without. */
	if (!ct->dwarf.ops && !ct->dwarf_failed) {
		err = ps_crash_dwarf_open(ct);
		ct->dwarf_failed = err != NULL;
		if (err) {
			struct ps_error *why = ps_error_create(
				PS_ERR_UNSUPPORTED, "listing members needs the DWARF of %s: %s",
				ps_crash_debug_file(), err->message);

			ps_error_destroy(err);
			return why;
		}
	}
	if (!ct->dwarf.ops)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s has no DWARF pagescope can read: crash's `struct -o` lists members",
				       ps_crash_debug_file());
	*ret = &ct->dwarf;
	return NULL;
}

static struct ps_error *ps_crash_members(void *priv, const char *type,
					 ps_member_fn *fn, void *arg)
{
	struct ps_types *d;
	struct ps_error *err = ps_crash_dwarf(priv, &d);

	if (err)
		return err;
	return d->ops->members(d->priv, type, fn, arg);
}

/* crash's tables cannot list variables by type; the vmlinux's DWARF can. */
static struct ps_error *ps_crash_variables_of_type(void *priv, const char *type,
						   void (*fn)(const char *name, void *arg),
						   void *arg)
{
	struct ps_types *d;
	struct ps_error *err = ps_crash_dwarf(priv, &d);

	if (err)
		return err;
	if (!d->ops->variables_of_type)
		return ps_error_create(PS_ERR_UNSUPPORTED, "%s: no listing of variables by type",
				       d->ops->name);
	return d->ops->variables_of_type(d->priv, type, fn, arg);
}

static struct ps_error *ps_crash_type_name(void *priv, const char *type,
					   const char *path, char *buf)
{
	struct ps_types *d;
	struct ps_error *err = ps_crash_dwarf(priv, &d);

	if (err)
		return err;
	return d->ops->type_name(d->priv, type, path, buf);
}

/* ------------------------------------------------------------------ */
/* The provider                                                       */
/* ------------------------------------------------------------------ */

/* Only the first hint (mm/page_alloc.c) becomes the scope: gdb has one. */
static void ps_crash_hint(void *priv, uint64_t link_addr)
{
	struct ps_crash_types *ct = priv;
	ulong addr = (ulong)link_addr - kt->relocate;

	if (!ct->scope && is_kernel_text(addr))
		ct->scope = addr;
}

static void ps_crash_types_destroy(void *priv)
{
	struct ps_crash_types *ct = priv;

	if (!ct)
		return;
	if (ct->dwarf.ops)
		ct->dwarf.ops->destroy(ct->dwarf.priv);
	ps_elf_file_destroy(ct->elf);
	free(ct);
}

static const struct ps_type_ops ps_crash_type_ops = {
	.name = "crash",
	.type_size = ps_crash_type_size,
	.member = ps_crash_member,
	.enumerator = ps_crash_enumerator,
	.variable = ps_crash_variable,
	.type_name = ps_crash_type_name,
	.members = ps_crash_members,
	.variables_of_type = ps_crash_variables_of_type,
	.hint = ps_crash_hint,
	.destroy = ps_crash_types_destroy,
};

struct ps_error *ps_crash_types_create(struct ps_types *ret)
{
	struct ps_crash_types *ct = calloc(1, sizeof(*ct));

	if (!ct)
		return ps_error_nomem();
	ret->ops = &ps_crash_type_ops;
	ret->priv = ct;
	return NULL;
}
