// SPDX-License-Identifier: GPL-2.0-or-later
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dump/vmcoreinfo.h"

static const char note[] =
	"OSRELEASE=6.12.117+deb12-cloud-amd64\n"
	"BUILD-ID=7f76f39faf07f34cfa9fadd801e131bfa8cb6dc3\n"
	"PAGESIZE=4096\n"
	"SYMBOL(mem_section)=ffff88807ffd2000\n"
	"LENGTH(mem_section)=131072\n"
	"SIZE(page)=64\n"
	"OFFSET(page.flags)=0\n"
	"OFFSET(page.lru)=8\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-268435456\n"
	"NUMBER(VMALLOC_START)=0xffa0000000000000\n"
	"NUMBER(PG_hwpoison)=20\n"
	"KERNELOFFSET=3a000000\n"
	"garbage line without equals\n"
	"CRASHTIME=1763769600\n";

static struct ps_vmcoreinfo *parse(void)
{
	struct ps_vmcoreinfo *vi = NULL;

	assert_null(ps_vmcoreinfo_parse(note, strlen(note), &vi));
	return vi;
}

static void test_typed_lookups(void **state)
{
	struct ps_vmcoreinfo *vi = parse();
	uint64_t u;
	int64_t n;

	(void)state;
	assert_string_equal(ps_vmcoreinfo_get(vi, "OSRELEASE"),
			    "6.12.117+deb12-cloud-amd64");
	assert_true(ps_vmcoreinfo_symbol(vi, "mem_section", &u));
	assert_int_equal(u, 0xffff88807ffd2000ULL);
	assert_true(ps_vmcoreinfo_length(vi, "mem_section", &u));
	assert_int_equal(u, 131072);
	assert_true(ps_vmcoreinfo_size(vi, "page", &u));
	assert_int_equal(u, 64);
	assert_true(ps_vmcoreinfo_offset(vi, "page.lru", &u));
	assert_int_equal(u, 8);
	assert_true(ps_vmcoreinfo_number(vi, "PAGE_BUDDY_MAPCOUNT_VALUE", &n));
	assert_int_equal(n, -268435456);
	assert_true(ps_vmcoreinfo_number(vi, "VMALLOC_START", &n));
	assert_int_equal((uint64_t)n, 0xffa0000000000000ULL);
	assert_true(ps_vmcoreinfo_kaslr_offset(vi, &u));
	assert_int_equal(u, 0x3a000000);
	ps_vmcoreinfo_destroy(vi);
}

static void test_absent_keys(void **state)
{
	struct ps_vmcoreinfo *vi = parse();
	uint64_t u;
	int64_t n;

	(void)state;
	assert_null(ps_vmcoreinfo_get(vi, "garbage line without equals"));
	assert_false(ps_vmcoreinfo_symbol(vi, "node_data", &u));
	assert_false(ps_vmcoreinfo_number(vi, "PG_slab", &n));
	assert_false(ps_vmcoreinfo_offset(vi, "page.nonexistent", &u));
	ps_vmcoreinfo_destroy(vi);
}

static void test_not_vmcoreinfo(void **state)
{
	struct ps_vmcoreinfo *vi = NULL;
	struct ps_error *err;
	const char text[] = "hello=world\n";

	(void)state;
	err = ps_vmcoreinfo_parse(text, strlen(text), &vi);
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_BAD_INPUT);
	assert_null(vi);
	ps_error_destroy(err);
}

/* The sound note passes; each damaged value is named in one short line. */
static void expect_impossible(const char *text, const char *words)
{
	struct ps_error *err = ps_vmcoreinfo_check_text(text, strlen(text));

	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_CORRUPT);
	assert_non_null(strstr(err->message, words));
	assert_true(strlen(err->message) < 300);
	assert_null(strpbrk(err->message, "\r\n\t"));
	ps_error_destroy(err);
}

static void test_check(void **state)
{
	static char long_line[600 << 10];

	(void)state;
	/* The parser skips the garbage line; the check refuses it. */
	assert_null(ps_vmcoreinfo_check_text(note, (size_t)(strstr(note, "garbage") - note)));
	expect_impossible(note, "line 13 is not KEY=VALUE: garbage line");
	expect_impossible("OSRELEASE=6.12\n.NUMBER(X)=1\n", "line 2 is not KEY=VALUE");
	expect_impossible("OFFSET(page.)=1\n", "is not KEY=VALUE");
	expect_impossible("OSRELEASE=6.12\nPAGESIZE=0\n", "PAGESIZE=0 is impossible");
	expect_impossible("PAGESIZE=4097\n", "PAGESIZE=4097 is impossible");
	expect_impossible("NUMBER(SECTION_SIZE_BITS)=63\n",
			  "NUMBER(SECTION_SIZE_BITS)=63 is impossible");
	expect_impossible("KERNELOFFSET=ffffffffffffffff\n", "KERNELOFFSET");
	expect_impossible("LENGTH(mem_section)=0\n", "LENGTH(mem_section)=0");
	expect_impossible("SYMBOL(mem_section)=1000\n", "SYMBOL(mem_section)=1000");
	expect_impossible("OSRELEASE=6.12\r\n", "control characters: OSRELEASE=6.12\\x0d");
	memset(long_line, 'A', sizeof(long_line) - 1);
	expect_impossible(long_line, "is 614399 bytes");
	/* Lines dump tools do not depend on may be garbled: left to their user. */
	assert_null(ps_vmcoreinfo_check_text("SIZE(page)=x\nNUMBER(foo)=bar\n", 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_lookups),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_absent_keys),
		cmocka_unit_test(test_not_vmcoreinfo),
	};

	return cmocka_run_group_tests_name("vmcoreinfo", tests, NULL, NULL);
}
