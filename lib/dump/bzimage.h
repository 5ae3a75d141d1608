/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel ELF inside a compressed x86 kernel image (bzImage, the
 * vmlinuz in /boot): what a user without the -dbg package still has. Its
 * symbols are stripped, but its .BTF section describes the types.
 */
#ifndef PS_BZIMAGE_H
#define PS_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* Whether the @p len bytes at @p head start an x86 boot image ("HdrS"). */
bool ps_bzimage_is(const void *head, size_t len);

/* Whether the file at @p path is one (unreadable files are not). */
bool ps_bzimage_file_is(const char *path);

/*
 * Decompress the payload of the bzImage at @p path (LZ4 legacy frames,
 * gzip or zstd). On success, *@p elf_ret holds *@p len_ret bytes and must be
 * freed with free().
 */
struct ps_error *ps_bzimage_extract(const char *path, void **elf_ret,
				    size_t *len_ret);

/* The same from the @p len bytes of an image at @p image (fuzzing, tests). */
struct ps_error *ps_bzimage_extract_memory(const void *image, size_t len,
					   const char *name, void **elf_ret,
					   size_t *len_ret);

#endif
