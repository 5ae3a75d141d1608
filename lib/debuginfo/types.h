/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Type providers: where struct sizes, member offsets and enumerator values
 * come from. DWARF from a vmlinux is one provider; crash's own type tables
 * (ext/) and BTF are others. The layout (layout.h) asks them once at open.
 */
#ifndef PS_TYPES_H
#define PS_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

struct ps_member_info {
	uint64_t offset;	/* bytes from the start of the outer type */
	uint64_t size;		/* bytes; the whole array for an array */
	bool is_array;
	uint64_t nr_elems;	/* outermost array dimension */
	uint64_t elem_size;	/* size of one element of that dimension */
	uint32_t bit_offset;	/* bitfields only; from @offset */
	uint32_t bit_size;	/* 0 when not a bitfield */
};

/* A member as `pagescope type` shows it. */
struct ps_member_desc {
	const char *name;	/* NULL: an anonymous struct or union */
	const char *type_name;	/* "struct list_head", "unsigned long *" */
	unsigned int depth;	/* 0: the type's own; +1 inside an anonymous one */
	struct ps_member_info info;	/* offset from the start of the type */
};

typedef void ps_member_fn(const struct ps_member_desc *m, void *arg);

enum { PS_TYPE_NAME_MAX = 128 };

struct ps_type_ops {
	const char *name;	/* "DWARF", "crash", "BTF" */
	/*
	 * Size of @type: "struct page", "union x", "enum zone_type" or a
	 * typedef name such as "atomic_t". PS_ERR_NO_TYPE when absent.
	 */
	struct ps_error *(*type_size)(void *priv, const char *type,
				      uint64_t *ret);
	/*
	 * Member @path ("lru", "compound_head", "nodeinfo.shrinker_info") of
	 * @type; members of anonymous structs and unions are found by name.
	 * PS_ERR_NO_TYPE when the type or the member is absent.
	 */
	struct ps_error *(*member)(void *priv, const char *type,
				   const char *path,
				   struct ps_member_info *ret);
	/*
	 * Value of enumerator @name, in "enum @enum_type" when that is not
	 * NULL, else in any enum (anonymous ones included).
	 */
	struct ps_error *(*enumerator)(void *priv, const char *enum_type,
				       const char *name, int64_t *ret);
	/* Size and array shape of global variable @name (offset is 0). */
	struct ps_error *(*variable)(void *priv, const char *name,
				     struct ps_member_info *ret);
	/*
	 * Optional: call @fn with the name of every global variable of type
	 * @type ("struct list_lru"). May read all the type information.
	 */
	struct ps_error *(*variables_of_type)(void *priv, const char *type,
					      void (*fn)(const char *name,
							 void *arg),
					      void *arg);
	/*
	 * Optional: into @buf (PS_TYPE_NAME_MAX bytes), the C type of member
	 * @path of @type, or of global variable @path when @type is NULL:
	 * "struct list_head", "unsigned long *", typedef names kept.
	 */
	struct ps_error *(*type_name)(void *priv, const char *type,
				      const char *path, char *buf);
	/*
	 * Optional: @fn for each member of struct or union @type, in order;
	 * an anonymous struct or union is followed by its members, one
	 * level deeper.
	 */
	struct ps_error *(*members)(void *priv, const char *type,
				    ps_member_fn *fn, void *arg);
	/*
	 * Optional: the code at link-time address @addr was compiled with
	 * the types we need; a provider may look there first.
	 */
	void (*hint)(void *priv, uint64_t addr);
	/*
	 * Optional: when @hinted_only, lookups search only what hint()
	 * pointed at and report anything else as absent, so that probing
	 * for features a kernel lacks costs no full scan.
	 */
	void (*set_hinted_only)(void *priv, bool hinted_only);
	void (*destroy)(void *priv);
};

struct ps_types {
	const struct ps_type_ops *ops;
	void *priv;
};

#endif
