/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Naming a kernel address by the symbol it lies in: the kernel image's
 * own symbols, or a loaded module's (kernel/modsyms.h), as crash and
 * drgn do: "fm_plant_vmalloc [faultmod]".
 */
#ifndef PS_TEXT_SYMBOL_H
#define PS_TEXT_SYMBOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_text_symbol {
	const char *name;	/* valid until the target is destroyed */
	const char *module;	/* the module's name; NULL: the kernel image */
	uint64_t offset;	/* how far into the symbol the address lies */
};

/*
 * The symbol @p addr lies in: a module's, else the image's when @p addr is
 * inside it ([_text, _end) where the layout has both). PS_ERR_NO_SYMBOL
 * when neither knows @p addr.
 */
struct ps_error *ps_text_symbol(struct ps_target *t, uint64_t addr,
				struct ps_text_symbol *ret);

/* The address of symbol @p name: the image's, else a module's. */
struct ps_error *ps_text_symbol_addr(struct ps_target *t, const char *name,
				     uint64_t *addr_ret,
				     struct ps_text_symbol *ret);

/* "name" or "name [module]" into @p buf. */
void ps_text_symbol_format(const struct ps_text_symbol *s, char *buf,
			   size_t len);

#endif
