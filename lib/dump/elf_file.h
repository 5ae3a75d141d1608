/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel ELF image (vmlinux or a separate debuginfo file), mapped
 * read-only. Sections are handed out as pointers into the mapping, so
 * the debug info is never copied.
 */
#ifndef PS_ELF_FILE_H
#define PS_ELF_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_elf_file;

struct ps_elf_section {
	const char *name;	/* valid until the file is destroyed */
	uint32_t type;		/* SHT_* */
	uint64_t flags;		/* SHF_* */
	uint64_t addr;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t entsize;
	const void *data;	/* NULL for SHT_NOBITS */
};

struct ps_elf_symbol {
	const char *name;	/* valid until the file is destroyed */
	uint64_t value;
	uint64_t size;
	unsigned char type;	/* STT_* */
	unsigned char bind;	/* STB_* */
};

/*
 * Open and map @p path; it must be a 64-bit ELF file. On success, must be
 * freed with ps_elf_file_destroy().
 */
struct ps_error *ps_elf_file_open(const char *path, struct ps_elf_file **ret);
void ps_elf_file_destroy(struct ps_elf_file *elf);

/*
 * The same for the @p len bytes at @p image (an ELF unpacked in memory),
 * named @p name in messages. The image is taken over, also on failure.
 */
struct ps_error *ps_elf_file_open_memory(const char *name, void *image,
					 size_t len, struct ps_elf_file **ret);

/* The path as given. Valid until @p elf is destroyed. */
const char *ps_elf_file_path(const struct ps_elf_file *elf);

size_t ps_elf_file_section_count(const struct ps_elf_file *elf);
/* Section @p index (0 is the null section). */
const struct ps_elf_section *ps_elf_file_section(const struct ps_elf_file *elf,
						 size_t index);

/*
 * The GNU build ID as lowercase hex, or an empty string when the file
 * has none. Valid until @p elf is destroyed.
 */
const char *ps_elf_file_build_id(const struct ps_elf_file *elf);

/*
 * The Linux release from the .notes "OPEN" note or from linux_banner, or
 * NULL when unknown. Valid until @p elf is destroyed.
 */
const char *ps_elf_file_release(const struct ps_elf_file *elf);

/* Number of entries in .symtab (0 when there is none). */
size_t ps_elf_file_symbol_count(const struct ps_elf_file *elf);
/* Decode symbol @p index of .symtab into @p ret. */
void ps_elf_file_symbol(const struct ps_elf_file *elf, size_t index,
			struct ps_elf_symbol *ret);

#endif
