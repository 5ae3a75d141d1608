// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page-table walk over garbage tables: the input's first byte picks
 * the format (4 or 5 levels, an SME bit or not), the rest is physical
 * memory, 4 KiB a page; pfns past it up to twice as many exist but cannot
 * be read. The walk starts at pfn 0 and, as the owner pass does, reads
 * each table once. Every table it names must be in the memory map, and
 * the walk must end: at most one read per pfn, whatever the entries say.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/pgtable.h"
#include "target/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { PAGE = 4096, MAX_PAGES = 16 };

struct fuzz_mem {
	const uint8_t *bytes;
	size_t len;
};

static struct ps_error *fuzz_read(void *priv, enum ps_addr_space space, uint64_t addr,
				  void *buf, size_t len, size_t *done_ret)
{
	const struct fuzz_mem *m = priv;

	*done_ret = 0;
	if (space != PS_PHYS || addr >= m->len || len > m->len - addr)
		return ps_error_at(PS_ERR_FAULT, addr, "fault at %#llx", (unsigned long long)addr);
	memcpy(buf, m->bytes + addr, len);
	*done_ret = len;
	return NULL;
}

static const struct ps_mem_ops fuzz_ops = { .name = "fuzz", .read = fuzz_read };

struct fuzz_seen {
	uint64_t max_pfn;
	unsigned char level[2 * (MAX_PAGES + 1)];
};

static struct ps_error *fuzz_table(void *arg, uint64_t pfn, unsigned level, bool *descend)
{
	struct fuzz_seen *s = arg;

	if (pfn >= s->max_pfn || level >= PS_PGTABLE_MAX_LEVELS)
		abort();	/* the walk named what it was told is not memory */
	if (s->level[pfn]) {
		*descend = false;
		return NULL;
	}
	s->level[pfn] = (unsigned char)(level + 1);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_pgtable_format f = { .entries = 512, .page_shift = 12,
				       .addr_mask = 0x000ffffffffff000ULL };
	struct fuzz_mem m;
	struct ps_target t = { .mem = { &fuzz_ops, &m } };
	struct ps_pgtable_walk *w;
	struct fuzz_seen s = { 0 };
	struct ps_error *err;
	size_t pages;

	if (size < 1 + 8)
		return 0;
	f.levels = data[0] & 1 ? 5 : 4;
	if (data[0] & 2)
		f.addr_mask &= ~(1ULL << 47);	/* an SME C-bit cut out */
	m.bytes = data + 1;
	pages = (size - 1) / PAGE;
	m.len = (pages > MAX_PAGES ? MAX_PAGES : pages) * PAGE;
	if (!m.len)
		m.len = size - 1;	/* part of one table: the rest cannot be read */
	s.max_pfn = 2 * (m.len / PAGE + 1);
	w = calloc(1, sizeof(*w));
	if (!w)
		return 0;
	*w = (struct ps_pgtable_walk){ .t = &t, .f = &f, .max_pfn = s.max_pfn,
				       .table = fuzz_table, .arg = &s };
	err = ps_pgtable_walk(w, 0, data[0] >> 4, 512);
	ps_error_destroy(err);
	if (w->nr_read > s.max_pfn)
		abort();	/* a table read twice */
	free(w);
	return 0;
}
