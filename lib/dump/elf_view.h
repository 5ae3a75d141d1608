/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An ELF vmcore's memory in place: the PT_LOAD holding a physical range,
 * mapped read-only a window at a time, so a walk decodes struct pages
 * where the file has them instead of copying them out first. Only the
 * current window is mapped, so what the process keeps resident does not
 * grow with the dump.
 */
#ifndef PS_ELF_VIEW_H
#define PS_ELF_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_elf_view;

/*
 * Read the program headers of the ELF core open on @p fd, @p size bytes
 * (checked by ps_dump_check_fd() before). The descriptor is not taken.
 * On success, free with ps_elf_view_destroy().
 */
struct ps_error *ps_elf_view_open(int fd, uint64_t size,
				  struct ps_elf_view **ret);

/*
 * Physical [@p phys, @p phys + @p len) in place, or *@p ret NULL when no
 * one PT_LOAD holds all of it in the file (read it instead). Valid until
 * the next call on @p v or its destruction.
 */
struct ps_error *ps_elf_view_get(struct ps_elf_view *v, uint64_t phys,
				 size_t len, const void **ret);

void ps_elf_view_destroy(struct ps_elf_view *v);

#endif
