// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <libdwarf/dwarf.h>

#include "debuginfo/dwarf_obj.h"

static int ps_dwarf_obj_section_info(void *obj, Dwarf_Half index,
				     Dwarf_Obj_Access_Section *ret, int *error)
{
	const struct ps_elf_section *s = ps_elf_file_section(obj, index);

	(void)error;
	if (!s)
		return DW_DLV_NO_ENTRY;
	ret->addr = s->addr;
	ret->type = s->type;
	ret->size = s->size;
	/*
	 * A vmlinux linked with --emit-relocs carries .rela.debug_*; the
	 * final link applied them already, and loading them costs seconds.
	 */
	ret->name = (s->type == SHT_RELA || s->type == SHT_REL) ? "" : s->name;
	ret->link = s->link;
	ret->info = s->info;
	ret->entrysize = s->entsize;
	return DW_DLV_OK;
}

static Dwarf_Endianness ps_dwarf_obj_byte_order(void *obj)
{
	(void)obj;
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? DW_OBJECT_LSB
							 : DW_OBJECT_MSB;
}

static Dwarf_Small ps_dwarf_obj_length_size(void *obj)
{
	(void)obj;
	return 4;
}

static Dwarf_Small ps_dwarf_obj_pointer_size(void *obj)
{
	(void)obj;
	return 8;
}

static Dwarf_Unsigned ps_dwarf_obj_section_count(void *obj)
{
	return ps_elf_file_section_count(obj);
}

static int ps_dwarf_obj_load_section(void *obj, Dwarf_Half index,
				     Dwarf_Small **ret, int *error)
{
	const struct ps_elf_section *s = ps_elf_file_section(obj, index);

	(void)error;
	if (!s || !s->data)
		return DW_DLV_NO_ENTRY;
	/* libdwarf only reads; the mapping is read-only anyway. */
	*ret = (Dwarf_Small *)s->data;
	return DW_DLV_OK;
}

static const Dwarf_Obj_Access_Methods ps_dwarf_obj_methods = {
	.get_section_info = ps_dwarf_obj_section_info,
	.get_byte_order = ps_dwarf_obj_byte_order,
	.get_length_size = ps_dwarf_obj_length_size,
	.get_pointer_size = ps_dwarf_obj_pointer_size,
	.get_section_count = ps_dwarf_obj_section_count,
	.load_section = ps_dwarf_obj_load_section,
	.relocate_a_section = NULL,
};

void ps_dwarf_obj_init(Dwarf_Obj_Access_Interface *iface,
		       struct ps_elf_file *elf)
{
	iface->object = elf;
	iface->methods = &ps_dwarf_obj_methods;
}
