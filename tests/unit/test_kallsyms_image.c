// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kallsyms found by their shape in hand-built .rodata: the tables in the
 * order before v6.4 (offsets, base, count, names, markers, tokens) and
 * since (count, names, markers, tokens, offsets, base), markers of 4 and
 * 8 bytes, then decoded; and rodata whose tables do not hold together.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "debuginfo/kallsyms.h"
#include "debuginfo/kallsyms_image.h"

enum { NR = 300, SIZE = 1 << 16 };
static const uint64_t VADDR = 0xffffffff82000000ULL;	/* the section's link address */
static const uint64_t TEXT = 0xffffffff81000000ULL;	/* _text: the relative base */

struct img {
	unsigned char b[SIZE];
	size_t pos;
	struct ps_ksym_found want;
};

static void put(struct img *m, const void *p, size_t n)
{
	memcpy(m->b + m->pos, p, n);
	m->pos += n;
}

static void align8(struct img *m)
{
	m->pos = (m->pos + 7) & ~(size_t)7;
}

/* Symbol i: "_stext" first, then "sym<i>", at _text + 16 i. */
static void name_of(int i, char *buf)
{
	if (!i)
		strcpy(buf, "T_stext");
	else
		sprintf(buf, "Tsym%d", i);
}

static void put_offsets(struct img *m)
{
	align8(m);
	m->want.offsets = m->pos;
	for (uint32_t i = 0; i < NR; i++) {
		uint32_t off = 16 * i;

		put(m, &off, 4);
	}
	align8(m);
	m->want.relative_base = m->pos;
	put(m, &TEXT, 8);
}

/* Names with token 0x80 for "sym", every other byte its own character. */
static void put_names(struct img *m, size_t width)
{
	uint64_t markers[(NR + 255) / 256];
	uint32_t nr = NR;
	size_t start;

	align8(m);
	m->want.num_syms = m->pos;
	put(m, &nr, 4);
	align8(m);
	m->want.names = start = m->pos;
	for (int i = 0; i < NR; i++) {
		char name[32], enc[32];
		size_t n = 0;

		if (!(i % 256))
			markers[i / 256] = m->pos - start;
		name_of(i, name);
		for (const char *c = name; *c; c++) {
			if (!strncmp(c, "sym", 3)) {
				enc[n++] = (char)0x80;
				c += 2;
			} else {
				enc[n++] = *c;
			}
		}
		m->b[m->pos++] = (unsigned char)n;
		put(m, enc, n);
	}
	align8(m);
	m->want.markers = m->pos;
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		put(m, &markers[i], width);
}

static void put_tokens(struct img *m)
{
	uint16_t index[256];
	size_t start;

	align8(m);
	m->want.token_table = start = m->pos;
	for (int i = 0; i < 256; i++) {
		index[i] = (uint16_t)(m->pos - start);
		if (i == 0x80) {
			put(m, "sym", 4);
		} else {
			m->b[m->pos++] = (unsigned char)(i ? i : 'z');
			m->b[m->pos++] = 0;
		}
	}
	align8(m);
	m->want.token_index = m->pos;
	put(m, index, sizeof(index));
}

/* Junk before and after, so nothing is found by position alone. */
static struct img *build(bool new_order, size_t width)
{
	struct img *m = calloc(1, sizeof(*m));

	srand(7);
	for (size_t i = 0; i < SIZE; i++)
		m->b[i] = (unsigned char)rand();
	m->pos = 4096 + 3;
	m->want.nr = NR;
	if (!new_order)
		put_offsets(m);
	put_names(m, width);
	put_tokens(m);
	if (new_order)
		put_offsets(m);
	return m;
}

static struct ps_error *read_img(void *priv, uint64_t addr, void *buf, size_t len)
{
	const struct img *m = priv;

	memset(buf, 0, len);
	if (addr - VADDR < SIZE)
		memcpy(buf, m->b + (addr - VADDR),
		       SIZE - (addr - VADDR) < len ? SIZE - (addr - VADDR) : len);
	return NULL;
}

static void expect_found(const struct img *m)
{
	struct ps_ksym_found f;

	assert_null(ps_kallsyms_scan(m->b, SIZE, VADDR, &f));
	assert_int_equal(f.nr, NR);
	assert_int_equal(f.num_syms, m->want.num_syms);
	assert_int_equal(f.names, m->want.names);
	assert_int_equal(f.markers, m->want.markers);
	assert_int_equal(f.token_table, m->want.token_table);
	assert_int_equal(f.token_index, m->want.token_index);
	assert_int_equal(f.offsets, m->want.offsets);
	assert_int_equal(f.relative_base, m->want.relative_base);
}

/* Decoded and moved by a KASLR offset, every symbol lands where it should. */
static void expect_symbols(struct img *m)
{
	const uint64_t kaslr = 0x1e00000;
	struct ps_ksym_found f;
	struct ps_ksym_source src = { .priv = m, .read = read_img, .shift = kaslr,
				      .stext = TEXT };
	struct ps_symbols syms;
	uint64_t addr;

	assert_null(ps_kallsyms_scan(m->b, SIZE, VADDR, &f));
	src.num_syms = VADDR + f.num_syms;
	src.names = VADDR + f.names;
	src.token_table = VADDR + f.token_table;
	src.token_index = VADDR + f.token_index;
	src.offsets = src.offsets_vaddr = VADDR + f.offsets;
	src.relative_base = VADDR + f.relative_base;
	assert_null(ps_kallsyms_decode(&src, &syms));
	for (int i = 0; i < NR; i += 37) {
		char name[32];

		name_of(i, name);
		assert_null(syms.ops->lookup(syms.priv, name + 1, &addr));
		assert_int_equal(addr, TEXT + 16 * (uint64_t)i + kaslr);
	}
	syms.ops->destroy(syms.priv);
}

static void test_old_order(void **state)
{
	struct img *m = build(false, 4);

	(void)state;
	expect_found(m);
	expect_symbols(m);
	free(m);
}

static void test_new_order(void **state)
{
	struct img *m = build(true, 4);

	(void)state;
	expect_found(m);
	expect_symbols(m);
	free(m);
}

static void test_wide_markers(void **state)
{
	struct img *m = build(false, 8);

	(void)state;
	expect_found(m);
	free(m);
}

static void expect_not_found(const struct img *m, size_t len)
{
	struct ps_ksym_found f;
	struct ps_error *err = ps_kallsyms_scan(m->b, len, VADDR, &f);

	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_NO_SYMBOL);
	ps_error_destroy(err);
}

/* A marker that misses its name, a count one too many, a cut image. */
static void test_damaged(void **state)
{
	struct img *m = build(false, 4);
	uint32_t v;

	(void)state;
	memcpy(&v, m->b + m->want.markers + 4, 4);
	v++;
	memcpy(m->b + m->want.markers + 4, &v, 4);
	expect_not_found(m, SIZE);
	free(m);
	m = build(false, 4);
	v = NR + 1;
	memcpy(m->b + m->want.num_syms, &v, 4);
	expect_not_found(m, SIZE);
	expect_not_found(m, m->want.token_table + 100);
	expect_not_found(m, 0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_order),
		cmocka_unit_test(test_new_order),
		cmocka_unit_test(test_wide_markers),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests_name("kallsyms_image", tests, NULL, NULL);
}
