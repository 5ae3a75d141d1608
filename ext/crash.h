/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The crash utility as a pagescope target: memory through readmem(),
 * types through crash's gdb, symbols through crash's symbol table. Only
 * the .c files that implement these include crash's defs.h; this header
 * does not, so lib/ headers and defs.h never meet.
 */
#ifndef PS_CRASH_H
#define PS_CRASH_H

#include "base/error.h"
#include "dump/mem.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"

struct ps_target;

/* Memory of crash's current session. On success, free with ret->ops->destroy(). */
struct ps_error *ps_crash_mem_create(struct ps_mem *ret);

/* Types from crash's debug info (its gdb). Free with ret->ops->destroy(). */
struct ps_error *ps_crash_types_create(struct ps_types *ret);

/* Symbols from crash's symbol table, KASLR applied. Free with ret->ops->destroy(). */
struct ps_error *ps_crash_symbols_create(struct ps_symbols *ret);

/*
 * A target over crash's session, its layout resolved. On success, must be
 * freed with ps_target_destroy().
 */
struct ps_error *ps_crash_target_create(struct ps_target **ret);

#endif
