// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kallsyms decoded from hand-built kernel tables in a fake dump: offsets
 * relative to kallsyms_relative_base (before v6.15) and relative to their
 * own slot (7.2: VMCOREINFO names no base).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "debuginfo/kallsyms.h"
#include "fake_target.h"

/* Where the tables sit in the fake image. */
static const uint64_t NUM = FAKE_BASE + 0x0;
static const uint64_t BASE = FAKE_BASE + 0x8;
static const uint64_t TOKIDX = FAKE_BASE + 0x100;
static const uint64_t TOKTAB = FAKE_BASE + 0x400;
static const uint64_t NAMES = FAKE_BASE + 0x1000;
static const uint64_t OFFSETS = FAKE_BASE + 0x40000;

/* Symbols, sorted by address as the kernel emits them. */
static const char *const names[] = { "T_stext", "Tfoo", "Dbar" };
static const uint64_t addrs[] = { FAKE_BASE + 0x80000, FAKE_BASE + 0x80040,
				  FAKE_BASE + 0x90000 };
enum { NR = 3 };

static void put(struct ps_target *t, uint64_t addr, const void *p, size_t n)
{
	struct fake_mem *m = t->mem.priv;

	memcpy(m->image + (addr - FAKE_BASE), p, n);
}

/* Token i is the one character i: names are stored uncompressed. */
static void put_tables(struct ps_target *t)
{
	uint64_t pos = NAMES;

	fake_put32(t, NUM, NR);
	for (unsigned i = 0; i < 256; i++) {
		uint16_t idx = (uint16_t)(2 * i);
		unsigned char tok[2] = { (unsigned char)i, 0 };

		put(t, TOKIDX + 2 * i, &idx, 2);
		put(t, TOKTAB + 2 * i, tok, 2);
	}
	for (int i = 0; i < NR; i++) {
		unsigned char len = (unsigned char)strlen(names[i]);

		put(t, pos, &len, 1);
		put(t, pos + 1, names[i], len);
		pos += 1 + len;
	}
}

static struct ps_vmcoreinfo *note(bool with_base)
{
	char text[1024];
	struct ps_vmcoreinfo *vi = NULL;
	int n = snprintf(text, sizeof(text),
			 "OSRELEASE=7.2.13+deb14-cloud-amd64\n"
			 "SYMBOL(_stext)=%llx\nSYMBOL(kallsyms_num_syms)=%llx\n"
			 "SYMBOL(kallsyms_names)=%llx\nSYMBOL(kallsyms_token_table)=%llx\n"
			 "SYMBOL(kallsyms_token_index)=%llx\nSYMBOL(kallsyms_offsets)=%llx\n",
			 (unsigned long long)addrs[0], (unsigned long long)NUM,
			 (unsigned long long)NAMES, (unsigned long long)TOKTAB,
			 (unsigned long long)TOKIDX, (unsigned long long)OFFSETS);

	if (with_base)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "SYMBOL(kallsyms_relative_base)=%llx\n",
			      (unsigned long long)BASE);
	assert_null(ps_vmcoreinfo_parse(text, (size_t)n, &vi));
	return vi;
}

static void expect_symbols(struct ps_target *t, const struct ps_vmcoreinfo *vi)
{
	struct ps_symbols syms;
	uint64_t addr;

	assert_null(ps_kallsyms_from_dump(&t->mem, vi, &syms));
	for (int i = 0; i < NR; i++) {
		assert_null(syms.ops->lookup(syms.priv, names[i] + 1, &addr));
		assert_int_equal(addr, addrs[i]);
	}
	syms.ops->destroy(syms.priv);
}

static void test_relative_base(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_vmcoreinfo *vi = note(true);
	uint64_t base = FAKE_BASE + 0x70000;

	(void)state;
	put_tables(t);
	fake_put64(t, BASE, base);
	for (int i = 0; i < NR; i++)
		fake_put32(t, OFFSETS + 4 * i, (uint32_t)(addrs[i] - base));
	expect_symbols(t, vi);
	ps_vmcoreinfo_destroy(vi);
	ps_target_destroy(t);
}

/* 7.2: address = &kallsyms_offsets[i] + kallsyms_offsets[i], signed. */
static void test_pc_relative(void **state)
{
	struct ps_target *t = fake_target();
	struct ps_vmcoreinfo *vi = note(false);

	(void)state;
	put_tables(t);
	for (int i = 0; i < NR; i++)
		fake_put32(t, OFFSETS + 4 * i,
			   (uint32_t)(int32_t)(addrs[i] - (OFFSETS + 4 * i)));
	expect_symbols(t, vi);
	/* An offset that misses _stext: the tables are not what they say. */
	fake_put32(t, OFFSETS, 0x1234);
	{
		struct ps_symbols syms;
		struct ps_error *err = ps_kallsyms_from_dump(&t->mem, vi, &syms);

		assert_non_null(err);
		assert_int_equal(err->code, PS_ERR_CORRUPT);
		assert_non_null(strstr(err->message, "_stext"));
		ps_error_destroy(err);
	}
	ps_vmcoreinfo_destroy(vi);
	ps_target_destroy(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_base),
		cmocka_unit_test(test_pc_relative),
	};

	return cmocka_run_group_tests_name("kallsyms", tests, NULL, NULL);
}
