/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An ELF vmcore's memory straight from the file: the PT_LOAD holding a
 * physical range, read with one pread(2) into a buffer the view keeps,
 * instead of through libkdumpfile's translation and cache. Not mapped:
 * a mapping's first touch of each page costs more than the copy (a
 * hypervisor with shadow page tables traps it), and a file cut short
 * under a mapping raises SIGBUS where a read just comes up short.
 */
#ifndef PS_ELF_VIEW_H
#define PS_ELF_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_elf_view;

/*
 * Read the program headers of the ELF core open on @p fd, @p size bytes
 * (checked by ps_dump_check_fd() before). The view reads through a
 * duplicate of @p fd: the caller may close @p fd.
 * On success, free with ps_elf_view_destroy().
 */
struct ps_error *ps_elf_view_open(int fd, uint64_t size,
				  struct ps_elf_view **ret);

/*
 * Physical [@p phys, @p phys + @p len), or *@p ret NULL when no one
 * PT_LOAD holds all of it in the file or the file is now shorter (read
 * it through libkdumpfile instead). Valid until the next call on @p v or
 * its destruction.
 */
struct ps_error *ps_elf_view_get(struct ps_elf_view *v, uint64_t phys,
				 size_t len, const void **ret);

/*
 * @p err, a failed read at physical @p phys, or when @p phys lies past the
 * part of a PT_LOAD the file holds (p_filesz < p_memsz), a new error that
 * says so, @p err destroyed. NULL stays NULL.
 */
struct ps_error *ps_elf_view_explain(const struct ps_elf_view *v, uint64_t phys,
				     struct ps_error *err);

void ps_elf_view_destroy(struct ps_elf_view *v);

#endif
