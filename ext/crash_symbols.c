// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Symbols from crash's own symbol table. crash has already applied the
 * KASLR offset, so these are runtime addresses, as the ops table wants.
 */
#include <crash/defs.h>

#include "crash.h"

static struct ps_error *ps_crash_lookup(void *priv, const char *name,
					uint64_t *ret)
{
	struct syment *sp = symbol_search((char *)name);

	(void)priv;
	if (!sp)
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "no symbol %s in crash's symbol table",
				       name);
	*ret = sp->value;
	return NULL;
}

static struct ps_error *ps_crash_resolve(void *priv, uint64_t addr,
					 const char **name_ret,
					 uint64_t *offset_ret)
{
	ulong offset = 0;
	struct syment *sp = value_search(addr, &offset);

	(void)priv;
	if (!sp)
		return ps_error_at(PS_ERR_NO_SYMBOL, addr,
				   "0x%llx: not in any symbol",
				   (unsigned long long)addr);
	*name_ret = sp->name;
	*offset_ret = offset;
	return NULL;
}

static void ps_crash_symbols_destroy(void *priv)
{
	(void)priv;
}

static const struct ps_symbol_ops ps_crash_symbol_ops = {
	.name = "crash",
	.lookup = ps_crash_lookup,
	.resolve = ps_crash_resolve,
	.destroy = ps_crash_symbols_destroy,
};

struct ps_error *ps_crash_symbols_create(struct ps_symbols *ret)
{
	ret->ops = &ps_crash_symbol_ops;
	ret->priv = NULL;
	return NULL;
}
