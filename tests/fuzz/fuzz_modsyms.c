// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module symbols over fake memory: the input is the memory around the
 * modules list head, struct modules, their mod_kallsyms, Elf_Syms and
 * string tables alike. Every read must end with a table or a note.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/modsyms.h"
#include "../unit/fake_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The layout of tests/unit/test_modsyms.c; the head at the image's start. */
static void ps_fuzz_layout(struct ps_layout *L)
{
	L->sym_modules = fake_lval((int64_t)FAKE_BASE, 0);
	L->module_list = fake_lval(8, 16);
	L->module_name = fake_array(24, 56, 1);
	L->module_kallsyms = fake_lval(96, 8);
	L->mod_kallsyms_symtab = fake_lval(0, 8);
	L->mod_kallsyms_num_symtab = fake_lval(8, 4);
	L->mod_kallsyms_strtab = fake_lval(16, 8);
	L->elf_sym_size = fake_lval(24, 0);
	L->elf_sym_st_name = fake_lval(0, 4);
	L->elf_sym_st_shndx = fake_lval(6, 2);
	L->elf_sym_st_value = fake_lval(8, 8);
	L->elf_sym_st_size = fake_lval(16, 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ps_target *t = fake_target();
	const struct ps_modsyms *ms;
	struct ps_modsym m;

	fake_fill(t->mem.priv, data, size);
	ps_fuzz_layout(&t->layout);
	if (!ps_modsyms_get(t, &ms)) {
		for (size_t off = 0; off + 8 <= size && off < 4096; off += 64) {
			uint64_t addr;

			memcpy(&addr, data + off, 8);
			if (ps_modsyms_resolve(ms, addr, &m) && (!m.name[0] || !m.module[0]))
				abort();
		}
		ps_modsyms_lookup(ms, "fn", &m);
	}
	ps_target_destroy(t);
	return 0;
}
