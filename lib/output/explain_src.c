// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "output/explain_src.h"
#include "target/target.h"

/* @p name's address, or a failure; no error is kept. */
static bool ps_src_lookup(struct ps_symbols *syms, const char *name, uint64_t *addr)
{
	struct ps_error *err = syms->ops->lookup(syms->priv, name, addr);

	ps_error_destroy(err);
	return !err;
}

bool ps_explain_src_symbol(struct ps_symbols *syms, const char *name, size_t n,
			   uint64_t *addr_ret, bool *noprof_ret)
{
	char sym[128];

	if (n >= sizeof(sym) - sizeof("_noprof"))
		return false;
	snprintf(sym, sizeof(sym), "%.*s", (int)n, name);
	*noprof_ret = false;
	if (ps_src_lookup(syms, sym, addr_ret))
		return true;
	snprintf(sym, sizeof(sym), "%.*s_noprof", (int)n, name);
	*noprof_ret = true;
	return ps_src_lookup(syms, sym, addr_ret);
}

/* Whether this kernel has @p name as a symbol, and where, in @p buf. */
static bool ps_src_symbol(struct ps_symbols *syms, const char *name, char *buf, size_t len)
{
	uint64_t addr;
	bool noprof;

	if (!ps_explain_src_symbol(syms, name, strlen(name), &addr, &noprof))
		return false;
	if (noprof)
		snprintf(buf, len, "at %#" PRIx64 " as %.80s_noprof(), its allocation-profiling name",
			 addr, name);
	else
		snprintf(buf, len, "at %#" PRIx64, addr);
	return true;
}

/* Whether the layout has the feature @p s is tied to. */
static bool ps_src_feature(struct ps_target *t, const struct ps_explain_src *s)
{
	int i;

	if (!s->needs)
		return true;
	i = ps_layout_item_index(s->needs);
	return i >= 0 && ps_layout_item(&t->layout, (size_t)i)->present;
}

/* Whether this kernel has @p s: a symbol, or an inline or a macro. */
static bool ps_src_has(struct ps_target *t, struct ps_symbols *syms,
		       const struct ps_explain_src *s, char *buf, size_t len)
{
	if (!ps_src_feature(t, s))
		return false;
	if (s->flags & PS_SRC_MACRO) {
		snprintf(buf, len, "no symbol: a macro");
		return true;
	}
	if (syms && ps_src_symbol(syms, s->func, buf, len))
		return true;
	if (!(s->flags & PS_SRC_INLINE))
		return false;
	snprintf(buf, len, "no symbol: inline in this kernel");
	return true;
}

/*
 * A snapshot answers only the lookups made while it was saved: a symbol
 * it lacks may still be in the kernel, so none is said to be absent.
 */
static bool ps_src_replayed(const struct ps_symbols *syms)
{
	return !strcmp(syms->ops->name, "snapshot");
}

/* The end of the group that starts at @p i. */
static size_t ps_src_group_end(const struct ps_explain_src *srcs, size_t n, size_t i)
{
	for (i++; i < n && (srcs[i].flags & PS_SRC_OR); i++)
		;
	return i;
}

void ps_explain_src_pick(struct ps_target *t, const struct ps_explain_src *srcs, size_t n,
			 struct ps_explain_pick *ret)
{
	struct ps_symbols *syms = NULL;
	struct ps_error *err = ps_target_symbols(t, &syms);

	ret->n = 0;
	if (n > PS_EXPLAIN_SRC_MAX)
		n = PS_EXPLAIN_SRC_MAX;
	ret->declared = n && srcs[0].func;
	ret->looked_up = !err && !ps_src_replayed(syms);
	if (err) {
		ps_error_destroy(err);
		syms = NULL;	/* then only inline functions and macros are named */
	}
	for (size_t i = 0; i < n && srcs[i].func; i = ps_src_group_end(srcs, n, i)) {
		for (size_t k = i; k < ps_src_group_end(srcs, n, i); k++) {
			struct ps_explain_where *w = &ret->where[ret->n];

			if (ps_src_has(t, syms, &srcs[k], w->where, sizeof(w->where))) {
				w->src = &srcs[k];
				ret->n++;
				break;
			}
		}
	}
}

static void ps_src_append(char *buf, size_t len, const char *text)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s", text);
}

void ps_explain_src_line(const struct ps_explain_pick *p, const char *note, char *buf,
			 size_t len)
{
	const struct ps_explain_where *w = p->where;
	char one[256];

	buf[0] = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct ps_explain_src *s = w[i].src;
		bool same_file = i && !strcmp(w[i - 1].src->file, s->file);

		snprintf(one, sizeof(one), "%s%s%s%s()", i ? (same_file ? ", " : "; ") : "",
			 same_file ? "" : s->file, same_file ? "" : ": ", s->func);
		ps_src_append(buf, len, one);
		if (!strncmp(w[i].where, "no symbol", 9))
			ps_src_append(buf, len, s->flags & PS_SRC_MACRO ? " (macro)" : " (inline)");
	}
	if (p->declared && !p->looked_up)
		ps_src_append(buf, len, p->n ? "; no symbols to look its other functions up in"
					     : "no symbols to look its functions up in");
	else if (p->declared && !p->n)
		ps_src_append(buf, len, "none of this figure's functions is in this kernel");
	if (note) {
		ps_src_append(buf, len, buf[0] ? "; " : "");
		ps_src_append(buf, len, note);
	}
}
