// SPDX-License-Identifier: GPL-2.0-or-later
/* The command-line grammar: options anywhere, the dump found, usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/error.h"
#include "pagescope.h"

static struct ps_error *parse(bool standalone, struct ps_args *a, int argc,
			      ...)
{
	static char *argv[16];
	va_list ap;

	va_start(ap, argc);
	argv[0] = (char *)"pagescope";
	for (int i = 1; i <= argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc + 1] = NULL;
	return ps_args_parse(argc + 1, argv, standalone, a);
}

static void test_options_anywhere(void **state)
{
	struct ps_args a;

	(void)state;
	assert_null(parse(true, &a, 4, "-j", "page", "0x1000", "/tmp/vmcore"));
	assert_string_equal(a.command, "page");
	assert_true(a.json);
	assert_int_equal(a.nr_positional, 1);
	assert_string_equal(a.positional[0], "0x1000");
	assert_string_equal(a.dump, "/tmp/vmcore");
	assert_null(parse(true, &a, 5, "page", "/tmp/vmcore", "1234", "-k",
			  "/x/vmlinux"));
	assert_string_equal(a.vmlinux, "/x/vmlinux");
	assert_string_equal(a.dump, "1234");
}

static void test_default_command_and_dump(void **state)
{
	struct ps_args a;

	(void)state;
	assert_null(parse(true, &a, 0));
	assert_null(a.command);
	assert_null(a.dump);
	assert_null(parse(true, &a, 1, "/some/vmcore"));
	assert_null(a.command);
	assert_string_equal(a.dump, "/some/vmcore");
	assert_null(parse(true, &a, 2, "summary", "--json"));
	assert_string_equal(a.command, "summary");
	assert_null(a.dump);
}

static void test_usage_errors(void **state)
{
	struct ps_args a;
	struct ps_error *err;

	(void)state;
	err = parse(true, &a, 1, "page");
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_USAGE);
	ps_error_destroy(err);
	err = parse(true, &a, 2, "summary", "--bogus");
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_USAGE);
	ps_error_destroy(err);
	err = parse(true, &a, 4, "page", "1", "2", "3");
	assert_non_null(err);
	ps_error_destroy(err);
}

static void test_inside_crash(void **state)
{
	struct ps_args a;
	struct ps_error *err;

	(void)state;
	assert_null(parse(false, &a, 3, "page", "-j", "42"));
	assert_string_equal(a.positional[0], "42");
	assert_null(a.dump);
	err = parse(false, &a, 3, "-k", "vmlinux", "summary");
	assert_non_null(err);
	ps_error_destroy(err);
	err = parse(false, &a, 1, "frobnicate");
	assert_non_null(err);
	ps_error_destroy(err);
	/* Called again and again in one crash session: getopt state resets. */
	assert_null(parse(false, &a, 2, "summary", "-j"));
	assert_true(a.json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_anywhere),
		cmocka_unit_test(test_default_command_and_dump),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_inside_crash),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
