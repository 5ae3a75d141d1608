/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kallsyms found in a kernel image by their shape, for kernels whose
 * VMCOREINFO does not say where the tables are (before v6.0) and whose
 * System.map is not at hand: Debian's image packages put a one-line
 * placeholder in /boot that points at the -dbg package.
 */
#ifndef PS_KALLSYMS_IMAGE_H
#define PS_KALLSYMS_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "debuginfo/symbols.h"

struct ps_elf_file;

/* Where the scan found each table, as offsets into the bytes scanned. */
struct ps_ksym_found {
	uint32_t nr;			/* kallsyms_num_syms */
	size_t num_syms, names, markers, token_table, token_index, offsets;
	size_t relative_base;		/* SIZE_MAX: none, offsets are PC-relative */
};

/*
 * Find the tables in the @p len bytes at @p data, which the kernel links
 * at @p vaddr (alignment is the kernel's, 8 bytes from there).
 */
struct ps_error *ps_kallsyms_scan(const unsigned char *data, size_t len,
				  uint64_t vaddr, struct ps_ksym_found *ret);

/*
 * The symbols of the kernel in @p image (unpacked from a vmlinuz), whose
 * _stext VMCOREINFO puts at @p stext, moved by @p kaslr_offset from where
 * it was linked. On success, free with ret->ops->destroy().
 */
struct ps_error *ps_kallsyms_from_image(const struct ps_elf_file *image,
					uint64_t stext, uint64_t kaslr_offset,
					struct ps_symbols *ret);

#endif
