// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A vmlinux whose .strtab is damaged: with no NUL at all, or one name
 * running on for a megabyte. Opening it and looking symbols up must stay
 * quick and find nothing rather than read names to the end of the table.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "debuginfo/symbols.h"
#include "dump/elf_file.h"

enum { NR_SYMS = 100000, STRTAB_SIZE = 1 << 20 };

static const char shstrtab[] = "\0.symtab\0.strtab\0.shstrtab";

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void section(Elf64_Shdr *sh, uint32_t name, uint32_t type,
		    size_t off, size_t size)
{
	sh->sh_name = name;
	sh->sh_type = type;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_addralign = 1;
}

/*
 * Symbol i is a global object at 0xffffffff81000000 + 16 i, named at 8 i;
 * the last is named 40 bytes before the end of the table.
 */
static void fill_symtab(Elf64_Sym *sym)
{
	for (size_t i = 1; i <= NR_SYMS; i++) {
		sym[i].st_name = i < NR_SYMS ? (uint32_t)(8 * i) : STRTAB_SIZE - 40;
		sym[i].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
		sym[i].st_value = 0xffffffff81000000ull + 16 * i;
		sym[i].st_size = 16;
		sym[i].st_shndx = SHN_ABS;
	}
}

/*
 * An ELF image: sections .symtab (NR_SYMS symbols), .strtab (@strtab,
 * STRTAB_SIZE bytes), .shstrtab. Taken over by ps_elf_file_open_memory().
 */
static void *build_image(const char *strtab, size_t *len_ret)
{
	size_t symtab_len = (NR_SYMS + 1) * sizeof(Elf64_Sym);
	size_t shstr_off = sizeof(Elf64_Ehdr);
	size_t str_off = shstr_off + sizeof(shstrtab);
	size_t sym_off = align8(str_off + STRTAB_SIZE);
	size_t sh_off = align8(sym_off + symtab_len);
	size_t len = sh_off + 4 * sizeof(Elf64_Shdr);
	char *img = calloc(1, len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + sh_off);

	assert_non_null(img);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shoff = sh_off;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 4;
	eh->e_shstrndx = 3;
	memcpy(img + shstr_off, shstrtab, sizeof(shstrtab));
	memcpy(img + str_off, strtab, STRTAB_SIZE);
	fill_symtab((Elf64_Sym *)(img + sym_off));
	section(&sh[1], 1, SHT_SYMTAB, sym_off, symtab_len);
	sh[1].sh_link = 2;
	sh[1].sh_entsize = sizeof(Elf64_Sym);
	sh[1].sh_addralign = 8;
	section(&sh[2], 9, SHT_STRTAB, str_off, STRTAB_SIZE);
	section(&sh[3], 17, SHT_STRTAB, shstr_off, sizeof(shstrtab));
	*len_ret = len;
	return img;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct ps_elf_file *open_with(const char *strtab)
{
	struct ps_elf_file *elf = NULL;
	size_t len;
	void *img = build_image(strtab, &len);

	assert_null(ps_elf_file_open_memory("damaged-vmlinux", img, len, &elf));
	return elf;
}

/* Look a name up and an address up; both must miss, and quickly. */
static void assert_lookups_miss(struct ps_elf_file *elf, const char *name)
{
	struct ps_symbols syms;
	struct ps_error *err;
	const char *found;
	uint64_t addr, off;
	double t0 = now();

	assert_null(ps_elf_symbols_create(elf, 0, &syms));
	err = syms.ops->lookup(syms.priv, name, &addr);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_NO_SYMBOL);
	ps_error_destroy(err);
	err = syms.ops->resolve(syms.priv, 0xffffffff81000000ull + 16 * 7, &found, &off);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_NO_SYMBOL);
	ps_error_destroy(err);
	syms.ops->destroy(syms.priv);
	assert_true(now() - t0 < 1.0);
}

/* No NUL anywhere: the table is refused, so there are no symbols. */
static void test_strtab_without_nul(void **state)
{
	char *strtab = malloc(STRTAB_SIZE);
	struct ps_elf_file *elf;
	struct ps_symbols syms;
	struct ps_error *err;
	double t0 = now();

	(void)state;
	assert_non_null(strtab);
	memset(strtab, 'a', STRTAB_SIZE);
	elf = open_with(strtab);
	assert_int_equal(ps_elf_file_symbol_count(elf), 0);
	assert_null(ps_elf_file_release(elf));
	err = ps_elf_symbols_create(elf, 0, &syms);
	assert_non_null(err);
	assert_string_equal(err->message, "damaged-vmlinux has no symbol table");
	ps_error_destroy(err);
	assert_true(now() - t0 < 2.0);
	ps_elf_file_destroy(elf);
	free(strtab);
}

/* One NUL, at the end: every name longer than KSYM_NAME_LEN reads as "". */
static void test_strtab_one_long_name(void **state)
{
	char *strtab = malloc(STRTAB_SIZE);
	struct ps_elf_file *elf;
	struct ps_elf_symbol sym;
	double t0 = now();

	(void)state;
	assert_non_null(strtab);
	memset(strtab, 'a', STRTAB_SIZE);
	strtab[STRTAB_SIZE - 1] = '\0';
	elf = open_with(strtab);
	assert_int_equal(ps_elf_file_symbol_count(elf), NR_SYMS + 1);
	ps_elf_file_symbol(elf, 1, &sym);
	assert_string_equal(sym.name, "");
	/* 40 bytes before the end: a name as short as a real one. */
	ps_elf_file_symbol(elf, NR_SYMS, &sym);
	assert_int_equal(strlen(sym.name), 39);
	assert_lookups_miss(elf, "aaaaaaaa");
	assert_true(now() - t0 < 2.0);
	ps_elf_file_destroy(elf);
	free(strtab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtab_without_nul),
		cmocka_unit_test(test_strtab_one_long_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
