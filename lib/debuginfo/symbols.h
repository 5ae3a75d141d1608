/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel symbols: name to address and back. Providers: the vmlinux
 * symbol table, crash's symbol table (ext/), kallsyms.
 * Addresses are runtime addresses (KASLR offset applied), except those of
 * per-cpu variables: their section is linked at 0 and their "address" is
 * an offset into each CPU's area, never relocated (ps_symbol_is_percpu()).
 */
#ifndef PS_SYMBOLS_H
#define PS_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump/elf_file.h"
#include "base/error.h"

/* Per-cpu offsets are small; kernel addresses live in the upper half. */
static inline bool ps_symbol_is_percpu(uint64_t addr)
{
	return !(addr >> 63);
}

struct ps_symbol_ops {
	const char *name;	/* "vmlinux", "crash", "kallsyms" */
	/* Address of @name; PS_ERR_NO_SYMBOL when absent. */
	struct ps_error *(*lookup)(void *priv, const char *name,
				   uint64_t *ret);
	/*
	 * The symbol containing @addr: its name (valid until the provider is
	 * destroyed) and @addr's offset into it. PS_ERR_NO_SYMBOL when none.
	 */
	struct ps_error *(*resolve)(void *priv, uint64_t addr,
				    const char **name_ret,
				    uint64_t *offset_ret);
	void (*destroy)(void *priv);
};

struct ps_symbols {
	const struct ps_symbol_ops *ops;
	void *priv;
};

/*
 * Symbols from the .symtab of @p elf (which must outlive them), shifted by
 * @p kaslr_offset. On success, free with ret->ops->destroy().
 */
struct ps_error *ps_elf_symbols_create(struct ps_elf_file *elf,
				       uint64_t kaslr_offset,
				       struct ps_symbols *ret);

#endif
