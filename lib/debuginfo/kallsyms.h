/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Symbols without a vmlinux: /proc/kallsyms, or kallsyms out of a dump. */
#ifndef PS_KALLSYMS_H
#define PS_KALLSYMS_H

#include "dump/mem.h"
#include "debuginfo/symbols.h"
#include "dump/vmcoreinfo.h"

/*
 * Symbols of the running kernel from @p path (/proc/kallsyms; addresses
 * are zero unless root). On success, free with ret->ops->destroy().
 */
struct ps_error *ps_kallsyms_from_file(const char *path, struct ps_symbols *ret);

/*
 * Symbols of a kernel from its System.map at @p path (link-time
 * addresses, shifted by @p kaslr_offset but for per-cpu ones). On
 * success, free with ret->ops->destroy().
 */
struct ps_error *ps_kallsyms_from_system_map(const char *path,
					     uint64_t kaslr_offset,
					     struct ps_symbols *ret);

/*
 * Symbols decoded from the kernel's own kallsyms tables in a dump, found
 * through VMCOREINFO (kernels since v6.0). On success, free with
 * ret->ops->destroy().
 */
struct ps_error *ps_kallsyms_from_dump(const struct ps_mem *mem,
				       const struct ps_vmcoreinfo *vi,
				       struct ps_symbols *ret);

#endif
