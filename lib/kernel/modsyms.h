/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The symbols of loaded modules, as the kernel keeps them for kallsyms:
 * each struct module on the `modules` list points to its mod_kallsyms
 * (symtab, num_symtab, strtab). vmlinux's symbol tables do not know module
 * code; this names it "function [module]", as crash and drgn do.
 */
#ifndef PS_MODSYMS_H
#define PS_MODSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;
struct ps_modsyms;

/* What the table says of one address. Strings are valid as the table. */
struct ps_modsym {
	const char *name;	/* the function or object */
	const char *module;	/* its module's name */
	uint64_t addr;		/* where the symbol starts */
	uint64_t offset;	/* how far into it the address lies */
};

/*
 * The target's module symbols, read on first use. A kernel whose layout
 * lacks what is needed, or a module that cannot be read, gives a table
 * that says why (ps_modsyms_missing(), ps_modsyms_note()), not an error:
 * only allocation failure and interruption are errors.
 * Valid until @p t is destroyed.
 */
struct ps_error *ps_modsyms_get(struct ps_target *t,
				const struct ps_modsyms **ret);
void ps_modsyms_destroy(struct ps_modsyms *ms);

/* The symbol of a module that contains @p addr; false when none does. */
bool ps_modsyms_resolve(const struct ps_modsyms *ms, uint64_t addr,
			struct ps_modsym *ret);

/*
 * The module whose memory (text, data, init sections not yet freed)
 * holds @p addr; false when none does.
 */
bool ps_modsyms_region(const struct ps_modsyms *ms, uint64_t addr,
		       const char **module_ret);
/* Why module memory cannot be told from other vmalloc areas, or NULL. */
const char *ps_modsyms_regions_missing(const struct ps_modsyms *ms);
/* Whether any module's memory overlaps [@p start, @p end). */
bool ps_modsyms_overlaps(const struct ps_modsyms *ms, uint64_t start,
			 uint64_t end);

/* The module symbol named @p name; false when no module has it. */
bool ps_modsyms_lookup(const struct ps_modsyms *ms, const char *name,
		       struct ps_modsym *ret);

/* How many modules were read, and how many symbols they gave. */
size_t ps_modsyms_nr_modules(const struct ps_modsyms *ms);
size_t ps_modsyms_nr_symbols(const struct ps_modsyms *ms);

/* Why module symbols were not read at all, or NULL. */
const char *ps_modsyms_missing(const struct ps_modsyms *ms);
/* What could not be read (the first damage found), or NULL. */
const char *ps_modsyms_note(const struct ps_modsyms *ms);

#endif
