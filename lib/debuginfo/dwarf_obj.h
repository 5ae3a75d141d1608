/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libdwarf's object access interface over a mapped ELF file: libdwarf
 * reads sections straight from the mapping, never copies them, and never
 * sees relocation sections.
 */
#ifndef PS_DWARF_OBJ_H
#define PS_DWARF_OBJ_H

#include <libdwarf/libdwarf.h>

#include "dump/elf_file.h"

/* Fill @p iface so that libdwarf reads @p elf; @p elf must outlive it. */
void ps_dwarf_obj_init(Dwarf_Obj_Access_Interface *iface,
		       struct ps_elf_file *elf);

#endif
