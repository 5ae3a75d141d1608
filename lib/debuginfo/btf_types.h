/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BTF type provider: kernel types without debug info packages. */
#ifndef PS_BTF_TYPES_H
#define PS_BTF_TYPES_H

#include <stddef.h>

#include "debuginfo/types.h"

/* BTF from a raw file (/sys/kernel/btf/vmlinux). Free with ret->ops->destroy(). */
struct ps_error *ps_btf_types_from_file(const char *path, struct ps_types *ret);

/*
 * BTF from @p size bytes at @p data (the kernel image's .BTF section read
 * out of a dump); the bytes are copied. @p origin names it in messages.
 */
struct ps_error *ps_btf_types_from_memory(const void *data, size_t size,
					  const char *origin,
					  struct ps_types *ret);

#endif
