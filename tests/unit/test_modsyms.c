// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module symbols (kernel/modsyms.c) over hand-made struct modules: two
 * modules' mod_kallsyms, then a layout without them, a count that is
 * garbage, names that do not end, a list that loops; and where their
 * memory lies, by mem[] or by core_layout, and a region that is garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_target.h"
#include "kernel/modsyms.h"
#include "kernel/text_symbol.h"

/*
 * struct module { list @8; name[56] @24; kallsyms @96 }; struct
 * mod_kallsyms { symtab @0; num_symtab @8; strtab @16 }; Elf64_Sym of 24
 * bytes { st_name @0 (4); st_shndx @6 (2); st_value @8; st_size @16 }.
 */
enum {
	HEAD = 0x100, MOD_A = 0x1000, MOD_B = 0x4000,
	KALLSYMS = 0x200, SYMTAB = 0x300, STRTAB = 0x1000, SYM_SIZE = 24,
};
static const uint64_t TEXT_A = 0xffffffffc0001000ULL, TEXT_B = 0xffffffffc0010000ULL;

static uint64_t at(uint64_t off)
{
	return FAKE_BASE + off;
}

static void put_bytes(struct ps_target *t, uint64_t addr, const void *p, size_t len)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), p, len);
}

static void modsyms_layout(struct ps_layout *L)
{
	L->sym_modules = fake_lval((int64_t)at(HEAD), 0);
	L->module_list = fake_lval(8, 16);
	L->module_name = fake_array(24, 56, 1);
	L->module_kallsyms = fake_lval(96, 8);
	L->mod_kallsyms_symtab = fake_lval(0, 8);
	L->mod_kallsyms_num_symtab = fake_lval(8, 4);
	L->mod_kallsyms_strtab = fake_lval(16, 8);
	L->elf_sym_size = fake_lval(SYM_SIZE, 0);
	L->elf_sym_st_name = fake_lval(0, 4);
	L->elf_sym_st_shndx = fake_lval(6, 2);
	L->elf_sym_st_value = fake_lval(8, 8);
	L->elf_sym_st_size = fake_lval(16, 8);
}

struct sym {
	const char *name;	/* NULL: st_name 0, the empty name */
	uint16_t shndx;
	uint64_t value, size;
};

/* Module @p mod named @p name with symbols @p syms, its strtab built here. */
static void put_module(struct ps_target *t, uint64_t mod, const char *name,
		       const struct sym *syms, uint32_t nr)
{
	uint64_t ks = at(mod + KALLSYMS), tab = at(mod + SYMTAB), str = at(mod + STRTAB);
	uint32_t pos = 1;

	put_bytes(t, at(mod + 24), name, strlen(name) + 1);
	fake_put64(t, at(mod + 96), ks);
	fake_put64(t, ks, tab);
	fake_put32(t, ks + 8, nr);
	fake_put64(t, ks + 16, str);
	fake_put8(t, str, 0);
	for (uint32_t i = 0; i < nr; i++) {
		uint64_t s = tab + i * SYM_SIZE;
		uint16_t shndx = syms[i].shndx;

		fake_put32(t, s, syms[i].name ? pos : 0);
		put_bytes(t, s + 6, &shndx, 2);
		fake_put64(t, s + 8, syms[i].value);
		fake_put64(t, s + 16, syms[i].size);
		if (syms[i].name) {
			put_bytes(t, str + pos, syms[i].name, strlen(syms[i].name) + 1);
			pos += strlen(syms[i].name) + 1;
		}
	}
}

static const struct sym syms_a[] = {
	{ NULL, 0, 0, 0 },			/* the null symbol */
	{ "fn_a", 1, TEXT_A, 0x40 },
	{ "fn_b", 1, TEXT_A + 0x40, 0x20 },
	{ "printk", 0, 0, 0 },			/* undefined: another's */
	{ "marker", 1, TEXT_A + 0x80, 0 },	/* no size: contains nothing */
};

static const struct sym syms_b[] = {
	{ "fn_c", 1, TEXT_B, 0x100 },
	{ "beta_data", 3, TEXT_B + 0x2000, 0x18 },
};

/* modules -> alpha -> beta -> modules */
static struct ps_target *two_modules(void)
{
	struct ps_target *t = fake_target();

	modsyms_layout(&t->layout);
	fake_list_head(t, at(HEAD), at(MOD_A + 8), at(MOD_B + 8));
	fake_list_head(t, at(MOD_A + 8), at(MOD_B + 8), at(HEAD));
	fake_list_head(t, at(MOD_B + 8), at(HEAD), at(MOD_A + 8));
	put_module(t, MOD_A, "alpha", syms_a, 5);
	put_module(t, MOD_B, "beta", syms_b, 2);
	return t;
}

static const struct ps_modsyms *get(struct ps_target *t)
{
	const struct ps_modsyms *ms;

	assert_null(ps_modsyms_get(t, &ms));
	return ms;
}

static void test_resolve(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms = get(t);
	struct ps_modsym m;

	(void)state;
	assert_null(ps_modsyms_missing(ms));
	assert_null(ps_modsyms_note(ms));
	assert_int_equal(ps_modsyms_nr_modules(ms), 2);
	assert_int_equal(ps_modsyms_nr_symbols(ms), 4);	/* not undefined, not sizeless */
	assert_true(ps_modsyms_resolve(ms, TEXT_A + 0x14, &m));
	assert_string_equal(m.name, "fn_a");
	assert_string_equal(m.module, "alpha");
	assert_int_equal(m.offset, 0x14);
	assert_true(ps_modsyms_resolve(ms, TEXT_A + 0x5f, &m));
	assert_string_equal(m.name, "fn_b");
	assert_false(ps_modsyms_resolve(ms, TEXT_A + 0x60, &m));	/* past fn_b */
	assert_false(ps_modsyms_resolve(ms, TEXT_A - 1, &m));
	assert_true(ps_modsyms_resolve(ms, TEXT_B + 0x2010, &m));
	assert_string_equal(m.name, "beta_data");
	assert_string_equal(m.module, "beta");
	assert_true(ps_modsyms_lookup(ms, "fn_c", &m));
	assert_int_equal(m.addr, TEXT_B);
	assert_string_equal(m.module, "beta");
	assert_false(ps_modsyms_lookup(ms, "printk", &m));
	assert_ptr_equal(get(t), ms);	/* read once */
	ps_target_destroy(t);
}

static void test_text_symbol_names_module(void **state)
{
	struct ps_target *t = two_modules();
	struct ps_text_symbol s;
	char name[64];

	(void)state;
	assert_null(ps_text_symbol(t, TEXT_B + 0x20, &s));
	ps_text_symbol_format(&s, name, sizeof(name));
	assert_string_equal(name, "fn_c [beta]");
	assert_int_equal(s.offset, 0x20);
	ps_target_destroy(t);
}

static void test_layout_lacks_kallsyms(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;

	(void)state;
	t->layout.module_kallsyms.present = false;
	ms = get(t);
	assert_non_null(ps_modsyms_missing(ms));
	assert_non_null(strstr(ps_modsyms_missing(ms), "member struct module.kallsyms"));
	assert_int_equal(ps_modsyms_nr_symbols(ms), 0);
	ps_target_destroy(t);
}

/* An Elf_Sym member that does not fit the struct: not trusted. */
static void test_layout_bad_elf_sym(void **state)
{
	struct ps_target *t = two_modules();

	(void)state;
	t->layout.elf_sym_st_size = fake_lval(20, 8);
	assert_non_null(ps_modsyms_missing(get(t)));
	ps_target_destroy(t);
}

static void test_garbage_num_symtab(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;
	struct ps_modsym m;

	(void)state;
	fake_put32(t, at(MOD_B + KALLSYMS + 8), 0xffffffffu);
	ms = get(t);
	assert_int_equal(ps_modsyms_nr_modules(ms), 1);
	assert_non_null(strstr(ps_modsyms_note(ms), "module beta: num_symtab 4294967295"));
	assert_true(ps_modsyms_resolve(ms, TEXT_A, &m));	/* alpha still named */
	assert_false(ps_modsyms_resolve(ms, TEXT_B, &m));
	ps_target_destroy(t);
}

/* A symtab pointer into nowhere: that module left out, and said. */
static void test_symtab_fault(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;

	(void)state;
	fake_put64(t, at(MOD_A + KALLSYMS), 0xdead000000000000ULL);
	ms = get(t);
	assert_int_equal(ps_modsyms_nr_modules(ms), 1);
	assert_non_null(strstr(ps_modsyms_note(ms), "module alpha: symtab"));
	ps_target_destroy(t);
}

static void test_names_unreadable(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;
	struct ps_modsym m;

	(void)state;
	/* fn_c's name made unprintable, beta_data's at zeros past the table */
	fake_put8(t, at(MOD_B + STRTAB + 1), 0x07);
	fake_put32(t, at(MOD_B + SYMTAB + SYM_SIZE), 1000);
	ms = get(t);
	assert_int_equal(ps_modsyms_nr_modules(ms), 2);
	assert_false(ps_modsyms_resolve(ms, TEXT_B, &m));
	assert_non_null(strstr(ps_modsyms_note(ms), "beta"));
	ps_target_destroy(t);
}

static void test_module_name_unterminated(void **state)
{
	struct ps_target *t = two_modules();
	char junk[56];

	(void)state;
	memset(junk, 'x', sizeof(junk));
	put_bytes(t, at(MOD_A + 24), junk, sizeof(junk));
	assert_non_null(strstr(ps_modsyms_note(get(t)), "not a module name"));
	assert_int_equal(ps_modsyms_nr_modules(get(t)), 1);
	ps_target_destroy(t);
}

/* beta's next goes back to alpha: the walk ends, and says where. */
static void test_list_cycle(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;

	(void)state;
	fake_list_head(t, at(MOD_B + 8), at(MOD_A + 8), at(MOD_A + 8));
	ms = get(t);
	assert_non_null(ps_modsyms_note(ms));
	assert_non_null(strstr(ps_modsyms_note(ms), "the modules list"));
	ps_target_destroy(t);
}

/* The list head itself unreadable: no names, said, and no error. */
static void test_head_unreadable(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;

	(void)state;
	t->layout.sym_modules = fake_lval((int64_t)0xffffffff80000000ULL, 0);
	ms = get(t);
	assert_int_equal(ps_modsyms_nr_modules(ms), 0);
	assert_non_null(strstr(ps_modsyms_note(ms), "the modules list"));
	ps_target_destroy(t);
}

/* ------------------------------------------------------------------ */
/* Where modules' memory lies                                         */
/* ------------------------------------------------------------------ */

/* mem[3] of struct module_memory { base @0; size @8 (4) } at @160. */
enum { MEM = 160, MEM_ELEM = 16 };

static struct ps_target *two_modules_with_mem(void)
{
	struct ps_target *t = two_modules();

	t->layout.module_mem = fake_array(MEM, 3, MEM_ELEM);
	t->layout.module_memory_base = fake_lval(0, 8);
	t->layout.module_memory_size = fake_lval(8, 4);
	fake_put64(t, at(MOD_A + MEM), TEXT_A);
	fake_put32(t, at(MOD_A + MEM + 8), 0x2000);
	/* alpha's mem[1] is freed init memory: base and size 0 */
	fake_put64(t, at(MOD_B + MEM), TEXT_B);
	fake_put32(t, at(MOD_B + MEM + 8), 0x1000);
	fake_put64(t, at(MOD_B + MEM + 2 * MEM_ELEM), TEXT_B + 0x2000);
	fake_put32(t, at(MOD_B + MEM + 2 * MEM_ELEM + 8), 0x1000);
	return t;
}

static void test_regions_mem(void **state)
{
	struct ps_target *t = two_modules_with_mem();
	const struct ps_modsyms *ms = get(t);
	const char *mod = NULL;

	(void)state;
	assert_null(ps_modsyms_note(ms));
	assert_null(ps_modsyms_regions_missing(ms));
	assert_true(ps_modsyms_region(ms, TEXT_A + 0x1fff, &mod));
	assert_string_equal(mod, "alpha");
	assert_false(ps_modsyms_region(ms, TEXT_A + 0x2000, &mod));
	assert_true(ps_modsyms_region(ms, TEXT_B + 0x2000, &mod));
	assert_string_equal(mod, "beta");
	assert_false(ps_modsyms_region(ms, TEXT_B + 0x1000, &mod));	/* between */
	assert_true(ps_modsyms_overlaps(ms, TEXT_B + 0x1000, TEXT_B + 0x2001));
	assert_false(ps_modsyms_overlaps(ms, TEXT_B + 0x1000, TEXT_B + 0x2000));
	ps_target_destroy(t);
}

/* Before v6.4: struct module_layout core_layout @160, init_layout @176. */
static void test_regions_layouts(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms;
	const char *mod = NULL;

	(void)state;
	t->layout.module_core_layout = fake_lval(160, 16);
	t->layout.module_init_layout = fake_lval(176, 16);
	t->layout.module_layout_base = fake_lval(0, 8);
	t->layout.module_layout_size = fake_lval(8, 4);
	fake_put64(t, at(MOD_A + 160), TEXT_A);
	fake_put32(t, at(MOD_A + 168), 0x3000);
	fake_put64(t, at(MOD_B + 176), TEXT_B);	/* init memory not freed yet */
	fake_put32(t, at(MOD_B + 184), 0x1000);
	ms = get(t);
	assert_true(ps_modsyms_region(ms, TEXT_A + 0x2000, &mod));
	assert_string_equal(mod, "alpha");
	assert_true(ps_modsyms_region(ms, TEXT_B, &mod));
	assert_string_equal(mod, "beta");
	ps_target_destroy(t);
}

/* A layout with neither: symbols still, regions said to be unknown. */
static void test_regions_missing(void **state)
{
	struct ps_target *t = two_modules();
	const struct ps_modsyms *ms = get(t);
	const char *mod;

	(void)state;
	assert_int_equal(ps_modsyms_nr_modules(ms), 2);
	assert_non_null(ps_modsyms_regions_missing(ms));
	assert_false(ps_modsyms_region(ms, TEXT_A, &mod));
	ps_target_destroy(t);
}

/* A region larger than the module area: that module is not trusted. */
static void test_region_garbage(void **state)
{
	struct ps_target *t = two_modules_with_mem();
	const struct ps_modsyms *ms;
	const char *mod;
	struct ps_modsym m;

	(void)state;
	fake_put32(t, at(MOD_B + MEM + 8), 0xfffff000u);
	ms = get(t);
	assert_int_equal(ps_modsyms_nr_modules(ms), 1);
	assert_non_null(strstr(ps_modsyms_note(ms), "module beta: a memory region of 0xfffff000 bytes"));
	assert_false(ps_modsyms_resolve(ms, TEXT_B, &m));
	assert_true(ps_modsyms_region(ms, TEXT_A, &mod));
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_text_symbol_names_module),
		cmocka_unit_test(test_layout_lacks_kallsyms),
		cmocka_unit_test(test_layout_bad_elf_sym),
		cmocka_unit_test(test_garbage_num_symtab),
		cmocka_unit_test(test_symtab_fault),
		cmocka_unit_test(test_names_unreadable),
		cmocka_unit_test(test_module_name_unterminated),
		cmocka_unit_test(test_list_cycle),
		cmocka_unit_test(test_head_unreadable),
		cmocka_unit_test(test_regions_mem),
		cmocka_unit_test(test_regions_layouts),
		cmocka_unit_test(test_regions_missing),
		cmocka_unit_test(test_region_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
