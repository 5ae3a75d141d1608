/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a kernel's types and symbols come from, in order of preference:
 * a vmlinux with DWARF (given with -k, or found where distributions put
 * it), else BTF and kallsyms: the running kernel's for /proc/kcore, the
 * kernel image's .BTF section and kallsyms tables read out of a dump.
 * A vmlinuz given with -k gives the BTF of the kernel unpacked from it,
 * and a System.map (beside it or --system-map) the symbols.
 * Needs only the memory reader and what VMCOREINFO said of the kernel.
 */
#ifndef PS_DEBUGINFO_H
#define PS_DEBUGINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "pagescope.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "dump/elf_file.h"
#include "dump/mem.h"
#include "dump/vmcoreinfo.h"

/* The kernel the types and symbols must describe, as the dump says. */
struct ps_debuginfo_kernel {
	const struct ps_mem *mem;
	const struct ps_vmcoreinfo *vmcoreinfo;	/* NULL: none in the source */
	const char *dump_path;
	const char *release;
	const char *build_id;			/* "" when unknown */
	uint64_t kaslr_offset;
	bool live;				/* /proc/kcore */
};

struct ps_debuginfo {
	struct ps_debuginfo_kernel kernel;
	struct ps_elf_file *vmlinux;	/* NULL with BTF or inside crash */
	struct ps_elf_file *image;	/* the ELF unpacked from a vmlinuz */
	bool use_btf;			/* BTF and kallsyms, not a vmlinux */
	char *system_map;		/* symbols from here; NULL: kallsyms */
	bool kallsyms_image;		/* symbols from @image's kallsyms tables */
	char *source;			/* for messages; NULL inside crash */
	struct ps_symbols symbols;	/* .ops NULL until first needed */
	struct ps_types types;		/* .ops NULL until first needed */
};

/*
 * Choose where types and symbols come from for @p kernel (the strings it
 * and @p args point at must outlive @p d) and check a vmlinux against the dump's
 * build ID and release. Release with ps_debuginfo_deinit(), also on
 * failure.
 */
struct ps_error *ps_debuginfo_open(struct ps_debuginfo *d,
				   const struct ps_debuginfo_kernel *kernel,
				   const struct ps_open_args *args);

/*
 * Take providers made by the caller (the crash extension). Ownership of
 * @p types and @p symbols passes to @p d.
 */
void ps_debuginfo_init_with(struct ps_debuginfo *d, struct ps_types types,
			    struct ps_symbols symbols);

void ps_debuginfo_deinit(struct ps_debuginfo *d);

/* The symbols and types, made on first use. Owned by @p d. */
struct ps_error *ps_debuginfo_symbols(struct ps_debuginfo *d,
				      struct ps_symbols **ret);
struct ps_error *ps_debuginfo_types(struct ps_debuginfo *d,
				    struct ps_types **ret);

#endif
