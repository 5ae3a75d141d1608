/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DWARF type provider: kernel types from a vmlinux's debug info. */
#ifndef PS_DWARF_TYPES_H
#define PS_DWARF_TYPES_H

#include "dump/elf_file.h"
#include "debuginfo/types.h"

/*
 * Create a DWARF provider over @p elf, which must outlive it. Only the
 * compilation units a lookup needs are read; the .rela.debug_* sections
 * of a vmlinux linked with --emit-relocs are ignored, as the final link
 * already applied them. On success, free with ret->ops->destroy().
 */
struct ps_error *ps_dwarf_types_create(struct ps_elf_file *elf,
				       struct ps_types *ret);

#endif
