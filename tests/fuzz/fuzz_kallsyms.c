// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kallsyms: a /proc/kallsyms-like file, and the kernel's compressed tables
 * in a dump (the input is the memory that VMCOREINFO's kallsyms symbols
 * point into: the tables' fields at fixed places, the rest fuzzed).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "debuginfo/kallsyms.h"
#include "../unit/fake_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ps_fuzz_use(struct ps_symbols *s)
{
	const char *name;
	uint64_t addr, off;

	ps_error_destroy(s->ops->lookup(s->priv, "jiffies", &addr));
	ps_error_destroy(s->ops->resolve(s->priv, FAKE_BASE + 0x100, &name, &off));
	ps_error_destroy(s->ops->resolve(s->priv, 0xffffffff81000000ULL, &name, &off));
	s->ops->destroy(s->priv);
}

static void ps_fuzz_file(const uint8_t *data, size_t size)
{
	struct ps_symbols s;
	struct ps_error *err;
	char path[64];
	int fd = memfd_create("fuzz-kallsyms", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = ps_kallsyms_from_file(path, &s);
	if (!err)
		ps_fuzz_use(&s);
	ps_error_destroy(err);
	close(fd);
}

/* The tables, each at a fixed 128 KiB slot of the fake image. */
static const char ps_fuzz_vi[] =
	"OSRELEASE=6.12.0\n"
	"SYMBOL(kallsyms_num_syms)=ffff888000000000\n"
	"SYMBOL(kallsyms_names)=ffff888000020000\n"
	"SYMBOL(kallsyms_token_table)=ffff888000040000\n"
	"SYMBOL(kallsyms_token_index)=ffff888000060000\n"
	"SYMBOL(kallsyms_offsets)=ffff888000080000\n"
	"SYMBOL(kallsyms_markers)=ffff8880000c0000\n"
	"SYMBOL(kallsyms_addresses)=ffff8880000e0000\n"
	/* Last: without it, offsets are PC-relative (v6.15+). */
	"SYMBOL(kallsyms_relative_base)=ffff8880000a0000\n";
static const char ps_fuzz_vi_base[] = "SYMBOL(kallsyms_relative_base)";

static void ps_fuzz_tables(const uint8_t *data, size_t size, bool pc_relative)
{
	size_t vi_len = pc_relative ? (size_t)(strstr(ps_fuzz_vi, ps_fuzz_vi_base) - ps_fuzz_vi)
				    : sizeof(ps_fuzz_vi) - 1;
	struct ps_target *t = fake_target();
	struct fake_mem *m = t->mem.priv;
	struct ps_vmcoreinfo *vi;
	struct ps_symbols s;
	struct ps_error *err;

	/* Spread the input over the slots so every table gets bytes. */
	for (size_t i = 0; i < size; i++)
		m->image[(i % 8) * 0x20000 + i / 8] = data[i];
	if (ps_vmcoreinfo_parse(ps_fuzz_vi, vi_len, &vi))
		abort();
	err = ps_kallsyms_from_dump(&t->mem, vi, &s);
	if (!err)
		ps_fuzz_use(&s);
	ps_error_destroy(err);
	ps_vmcoreinfo_destroy(vi);
	ps_target_destroy(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		ps_fuzz_file(data + 1, size - 1);
	else if (size - 1 <= 8 * 0x20000)
		ps_fuzz_tables(data + 1, size - 1, data[0] & 2);
	return 0;
}
