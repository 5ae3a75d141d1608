// SPDX-License-Identifier: GPL-2.0-or-later
/* Physical memory of an ELF core in place, on a hand-built file. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dump/elf_view.h"

enum { DATA = 0x1000, LOAD_LEN = 0x3000 };

/*
 * Two PT_LOADs: phys 0x100000 at DATA (0x3000 bytes) and phys 0x200000
 * right after it, of which the file holds 0x1000 bytes (p_filesz <
 * p_memsz). Byte i of the data is (i * 7) & 0xff.
 */
static int make_core(FILE **fp_ret)
{
	Elf64_Ehdr eh = { .e_phoff = sizeof(Elf64_Ehdr), .e_phnum = 2,
			  .e_phentsize = sizeof(Elf64_Phdr) };
	Elf64_Phdr ph[2] = {
		{ .p_type = PT_LOAD, .p_offset = DATA, .p_paddr = 0x100000,
		  .p_filesz = LOAD_LEN, .p_memsz = LOAD_LEN },
		{ .p_type = PT_LOAD, .p_offset = DATA + LOAD_LEN,
		  .p_paddr = 0x200000, .p_filesz = 0x1000, .p_memsz = 0x4000 },
	};
	unsigned char data[LOAD_LEN + 0x1000];
	FILE *fp = tmpfile();

	assert_non_null(fp);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7);
	assert_int_equal(fwrite(&eh, sizeof(eh), 1, fp), 1);
	assert_int_equal(fwrite(ph, sizeof(ph), 1, fp), 1);
	assert_int_equal(fseek(fp, DATA, SEEK_SET), 0);
	assert_int_equal(fwrite(data, sizeof(data), 1, fp), 1);
	assert_int_equal(fflush(fp), 0);
	*fp_ret = fp;
	return fileno(fp);
}

static struct ps_elf_view *open_view(FILE **fp)
{
	int fd = make_core(fp);
	struct ps_elf_view *v = NULL;

	assert_null(ps_elf_view_open(fd, DATA + LOAD_LEN + 0x1000, &v));
	return v;
}

static void test_in_place(void **state)
{
	FILE *fp;
	struct ps_elf_view *v = open_view(&fp);
	const unsigned char *p;

	(void)state;
	assert_null(ps_elf_view_get(v, 0x100000 + 0x1234, 64, (const void **)&p));
	assert_non_null(p);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(p[i], (unsigned char)((0x1234 + i) * 7));
	/* The second load, a new window. */
	assert_null(ps_elf_view_get(v, 0x200000 + 0x10, 16, (const void **)&p));
	assert_non_null(p);
	assert_int_equal(p[0], (unsigned char)((LOAD_LEN + 0x10) * 7));
	ps_elf_view_destroy(v);
	fclose(fp);
}

/* The view reads through a descriptor of its own: the caller's may go. */
static void test_own_descriptor(void **state)
{
	FILE *fp;
	struct ps_elf_view *v = open_view(&fp);
	const unsigned char *p;

	(void)state;
	fclose(fp);
	assert_null(ps_elf_view_get(v, 0x100000 + 0x10, 8, (const void **)&p));
	assert_non_null(p);
	assert_int_equal(p[0], (unsigned char)(0x10 * 7));
	ps_elf_view_destroy(v);
}

static void test_not_in_one_piece(void **state)
{
	FILE *fp;
	struct ps_elf_view *v = open_view(&fp);
	const void *p = (const void *)1;

	(void)state;
	/* Past the end of the first load (the file continues: still no). */
	assert_null(ps_elf_view_get(v, 0x100000 + LOAD_LEN - 8, 16, &p));
	assert_null(p);
	/* In p_memsz but not in p_filesz: zeros the file does not hold. */
	assert_null(ps_elf_view_get(v, 0x200000 + 0x1000, 8, &p));
	assert_null(p);
	/* No load at all. */
	assert_null(ps_elf_view_get(v, 0x50000, 8, &p));
	assert_null(p);
	ps_elf_view_destroy(v);
	fclose(fp);
}

static void test_load_past_the_file(void **state)
{
	FILE *fp;
	int fd = make_core(&fp);
	struct ps_elf_view *v = NULL;
	const void *p = (const void *)1;

	(void)state;
	/* A file said to be shorter: the second load is not trusted. */
	assert_null(ps_elf_view_open(fd, DATA + LOAD_LEN, &v));
	assert_null(ps_elf_view_get(v, 0x200000, 8, &p));
	assert_null(p);
	assert_null(ps_elf_view_get(v, 0x100000, 8, &p));
	assert_non_null(p);
	ps_elf_view_destroy(v);
	fclose(fp);
}

/* A file cut short after it was opened: no bytes but the file's. */
static void test_cut_short(void **state)
{
	FILE *fp;
	int fd = make_core(&fp);
	struct ps_elf_view *v = NULL;
	const void *p = (const void *)1;

	(void)state;
	assert_null(ps_elf_view_open(fd, DATA + LOAD_LEN + 0x1000, &v));
	assert_int_equal(ftruncate(fd, DATA + 0x800), 0);
	assert_null(ps_elf_view_get(v, 0x100000 + 0x700, 0x200, &p));
	assert_null(p);
	assert_null(ps_elf_view_get(v, 0x100000 + 0x10, 16, &p));
	assert_non_null(p);
	assert_int_equal(((const unsigned char *)p)[0], (unsigned char)(0x10 * 7));
	ps_elf_view_destroy(v);
	fclose(fp);
}

/* A read that failed in the zeros past p_filesz says why; others do not. */
static void test_tail_explained(void **state)
{
	static const uint64_t where[] = { 0x202000, 0x200010, 0x204000 };
	FILE *fp;
	struct ps_elf_view *v = open_view(&fp);
	struct ps_error *err;

	(void)state;
	assert_null(ps_elf_view_explain(v, 0x202000, NULL));
	for (size_t i = 0; i < 3; i++) {
		err = ps_error_at(PS_ERR_FAULT, where[i], "vmcore: Page not found");
		err = ps_elf_view_explain(v, where[i], err);
		assert_int_equal(err->code, PS_ERR_FAULT);
		assert_true(err->has_addr);
		assert_int_equal(err->addr, where[i]);
		assert_string_equal(err->message,
				    i ? "vmcore: Page not found"
				      : "vmcore: Page not found (the dump's PT_LOAD at 0x200000 holds only 4096 of 16384 bytes)");
		ps_error_destroy(err);
	}
	ps_elf_view_destroy(v);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tail_explained),
		cmocka_unit_test(test_in_place),
		cmocka_unit_test(test_own_descriptor),
		cmocka_unit_test(test_not_in_one_piece),
		cmocka_unit_test(test_load_past_the_file),
		cmocka_unit_test(test_cut_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
