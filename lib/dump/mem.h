/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory readers: a vmcore or /proc/kcore through libkdumpfile, or crash's
 * readmem() inside the crash utility (ext/). Walkers see only this table.
 */
#ifndef PS_MEM_H
#define PS_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_mem;

/* Page-table geometry: where PMD- and PUD-sized regions begin. */
struct ps_paging {
	unsigned page_shift;	/* 12 on x86_64 */
	unsigned pmd_shift;	/* 21 */
	unsigned pud_shift;	/* 30: one "gigablock" */
};

enum ps_addr_space {
	PS_PHYS,	/* physical address */
	PS_KVADDR,	/* kernel virtual address */
};

struct ps_mem_ops {
	const char *name;	/* "libkdumpfile", "crash" */
	/*
	 * Read @len bytes at @addr into @buf. On failure the error says
	 * where and why (PS_ERR_FAULT: not mapped or not in the dump;
	 * PS_ERR_EXCLUDED: filtered out of the dump) and *@done_ret how
	 * many leading bytes were read anyway.
	 */
	struct ps_error *(*read)(void *priv, enum ps_addr_space space,
				 uint64_t addr, void *buf, size_t len,
				 size_t *done_ret);
	/*
	 * The VMCOREINFO note text, or NULL when the source has none.
	 * Valid until the reader is destroyed.
	 */
	const char *(*vmcoreinfo)(void *priv);
	/* Optional: translate kernel virtual address @vaddr to physical. */
	struct ps_error *(*virt_to_phys)(void *priv, uint64_t vaddr,
					 uint64_t *ret);
	/* The page-table geometry of the dumped machine. */
	struct ps_error *(*paging)(void *priv, struct ps_paging *ret);
	/*
	 * Optional: a second reader of the same source for another thread;
	 * it shares caches but not per-call state. Free with its destroy.
	 */
	struct ps_error *(*clone)(void *priv, struct ps_mem *ret);
	/*
	 * Optional: [@addr, @addr + @len) without libkdumpfile's copies: an
	 * ELF vmcore's bytes read in one piece from the file, a kdump
	 * file's run decompressed straight from the file. *@ret is NULL
	 * when the source cannot show it as one piece: read it. When not
	 * NULL, the bytes are valid until view_end(), which must follow and
	 * fails when they turned out not to be the file's (it was cut
	 * short, or the disk failed, while they were read).
	 */
	struct ps_error *(*view)(void *priv, enum ps_addr_space space,
				 uint64_t addr, size_t len, const void **ret);
	struct ps_error *(*view_end)(void *priv);
	/*
	 * Optional: drop every cached byte of the source, which a running
	 * kernel changes under the reader, so the next reads are fresh.
	 */
	struct ps_error *(*forget)(void *priv);
	void (*destroy)(void *priv);
};

struct ps_mem {
	const struct ps_mem_ops *ops;
	void *priv;
};

/* Read exactly @p len bytes or fail with the address and the reason. */
static inline struct ps_error *ps_mem_read(const struct ps_mem *m,
					   enum ps_addr_space space,
					   uint64_t addr, void *buf, size_t len)
{
	size_t done;

	return m->ops->read(m->priv, space, addr, buf, len, &done);
}

#endif
