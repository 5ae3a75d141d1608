// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>

#include "debuginfo/symbols.h"
#include "kernel/modsyms.h"
#include "kernel/text_symbol.h"
#include "target/target.h"

/*
 * vmlinux's tables name the last symbol below any address, however far:
 * outside the image that name would be wrong, so there is none.
 */
static bool ps_text_in_image(struct ps_target *t, uint64_t addr)
{
	const struct ps_layout *L = &t->layout;
	uint64_t text, end;

	if (ps_target_symbol_addr(t, &L->sym_text, "_text", &text) ||
	    ps_target_symbol_addr(t, &L->sym_end, "_end", &end))
		return true;	/* unknown bounds: as before */
	return addr >= text && addr < end;
}

static struct ps_error *ps_text_no_symbol(const struct ps_modsyms *ms, uint64_t addr)
{
	const char *why = ps_modsyms_missing(ms) ? ps_modsyms_missing(ms)
						  : ps_modsyms_note(ms);

	return ps_error_at(PS_ERR_NO_SYMBOL, addr, "no symbol at %#" PRIx64 "%s%s",
			   addr, why ? "; " : "", why ? why : "");
}

struct ps_error *ps_text_symbol(struct ps_target *t, uint64_t addr,
				struct ps_text_symbol *ret)
{
	const struct ps_modsyms *ms;
	struct ps_modsym m;
	struct ps_symbols *syms;
	struct ps_error *err = ps_modsyms_get(t, &ms);

	if (err)
		return err;
	if (ps_modsyms_resolve(ms, addr, &m)) {
		*ret = (struct ps_text_symbol){ m.name, m.module, m.offset };
		return NULL;
	}
	if (!ps_symbol_is_percpu(addr) && !ps_text_in_image(t, addr))
		return ps_text_no_symbol(ms, addr);
	err = ps_target_symbols(t, &syms);
	if (err)
		return err;
	ret->module = NULL;
	return syms->ops->resolve(syms->priv, addr, &ret->name, &ret->offset);
}

struct ps_error *ps_text_symbol_addr(struct ps_target *t, const char *name,
				     uint64_t *addr_ret,
				     struct ps_text_symbol *ret)
{
	const struct ps_modsyms *ms;
	struct ps_modsym m;
	struct ps_symbols *syms;
	struct ps_error *mod_err, *err = ps_target_symbols(t, &syms);

	if (err)
		return err;
	*ret = (struct ps_text_symbol){ name, NULL, 0 };
	err = syms->ops->lookup(syms->priv, name, addr_ret);
	if (!ps_error_is(err, PS_ERR_NO_SYMBOL))
		return err;
	mod_err = ps_modsyms_get(t, &ms);
	if (mod_err) {
		ps_error_destroy(err);
		return mod_err;
	}
	if (!ps_modsyms_lookup(ms, name, &m))
		return err;	/* the image's own words */
	ps_error_destroy(err);
	*addr_ret = m.addr;
	*ret = (struct ps_text_symbol){ m.name, m.module, 0 };
	return NULL;
}

void ps_text_symbol_format(const struct ps_text_symbol *s, char *buf, size_t len)
{
	if (s->module)
		snprintf(buf, len, "%s [%s]", s->name, s->module);
	else
		snprintf(buf, len, "%s", s->name);
}
