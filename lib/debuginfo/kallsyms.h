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

/*
 * Where a kernel's compressed kallsyms tables are and how to read them:
 * in a dump at the addresses VMCOREINFO gives, or in a kernel image where
 * a scan found them.
 */
struct ps_ksym_source {
	void *priv;
	/* @p len bytes at @p addr, an address in the source's own terms. */
	struct ps_error *(*read)(void *priv, uint64_t addr, void *buf, size_t len);
	uint64_t num_syms, names, token_table, token_index, offsets;
	uint64_t relative_base;	/* 0: none (PC-relative offsets, v6.15+) */
	uint64_t offsets_vaddr;	/* kallsyms_offsets as the kernel linked it */
	uint64_t stext;		/* _stext as the tables encode it */
	uint64_t shift;		/* added to all but absolute per-cpu addresses */
};

/* Decode the tables of @p src into a symbol table; free with ret->ops->destroy(). */
struct ps_error *ps_kallsyms_decode(const struct ps_ksym_source *src,
				    struct ps_symbols *ret);

#endif
