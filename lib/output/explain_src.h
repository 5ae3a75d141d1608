/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --explain's kernel source locations, chosen for the kernel at hand: a
 * figure lists the files and functions of its rule, with alternatives for
 * the names the function had in other kernels; each is looked up in this
 * kernel's symbols (kallsyms, System.map or the vmlinux), and only what
 * this kernel has is named. A function that is inline (or a macro) in
 * every kernel is named without a symbol, marked so; one tied to a
 * feature is named only when the layout has that feature's item.
 */
#ifndef PS_EXPLAIN_SRC_H
#define PS_EXPLAIN_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ps_symbols;
struct ps_target;

enum { PS_EXPLAIN_SRC_MAX = 6 };	/* entries of one figure */

enum {
	PS_SRC_OR = 1,		/* an alternative to the entry before it */
	PS_SRC_INLINE = 2,	/* may have no symbol: inline */
	PS_SRC_MACRO = 4,	/* never a symbol: a macro */
};

struct ps_explain_src {
	const char *file;
	const char *func;
	unsigned flags;
	const char *needs;	/* a layout item this kernel must have, or NULL */
};

/* One chosen location and what this kernel says of it. */
struct ps_explain_where {
	const struct ps_explain_src *src;
	char where[160];	/* "at 0x...", "no symbol: inline in this kernel" */
};

/* The chosen locations of one figure. */
struct ps_explain_pick {
	struct ps_explain_where where[PS_EXPLAIN_SRC_MAX];
	size_t n;
	bool declared;		/* the figure names functions at all */
	bool looked_up;		/* there were symbols to look them up in */
};

/*
 * Whether this kernel has function @p name (its first @p n characters) as
 * a symbol: its address into @p addr_ret. With memory allocation profiling
 * (v6.10+) an allocator is built as NAME_noprof() and NAME() is a macro
 * around it: that counts too, and @p noprof_ret says it was the one found.
 */
bool ps_explain_src_symbol(struct ps_symbols *syms, const char *name, size_t n,
			   uint64_t *addr_ret, bool *noprof_ret);

/*
 * Of @p n (at most PS_EXPLAIN_SRC_MAX) entries of @p srcs (a group is an entry and the
 * PS_SRC_OR entries after it), the first of each group this kernel has,
 * into @p ret.
 */
void ps_explain_src_pick(struct ps_target *t, const struct ps_explain_src *srcs, size_t n,
			 struct ps_explain_pick *ret);

/*
 * "file: f(), g(); file2: h() (inline)" and @p note, into @p buf; says so
 * when this kernel has none of the figure's functions, or when there were
 * no symbols to look them up in (a snapshot).
 */
void ps_explain_src_line(const struct ps_explain_pick *p, const char *note, char *buf,
			 size_t len);

#endif
