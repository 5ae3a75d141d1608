// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Help: every subcommand has a page, every line fits 80 columns, help and
 * version parse as words or options, a misspelt subcommand gets a hint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/error.h"
#include "cmd/command_help.h"
#include "cmd/commands.h"
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

/* The help of @name (NULL: the usage), as one string to free. */
static char *help_text(const char *name, bool standalone)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	assert_null(ps_help(fp, name, standalone));
	fclose(fp);
	return text;
}

static void assert_fits(const char *text, const char *what)
{
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");

		if (len > PS_HELP_WIDTH)
			fail_msg("%s: %zu columns: %.*s", what, len, (int)len, line);
		line += len + (line[len] == '\n');
	}
}

static void test_every_command_has_help(void **state)
{
	(void)state;
	for (const struct ps_command *c = ps_commands; c->name; c++) {
		const struct ps_command_help *h = ps_command_help_find(c->name);

		if (!h)
			fail_msg("%s: no entry in command_help.c", c->name);
		assert_non_null(h->about[0]);
		for (int i = 0; i < 2; i++) {
			assert_non_null(h->examples[i]);
			/* An example runs the command it documents. */
			assert_int_equal(strncmp(h->examples[i], c->name,
						 strlen(c->name)), 0);
		}
	}
}

static void test_help_fits_80_columns(void **state)
{
	(void)state;
	for (int standalone = 0; standalone < 2; standalone++) {
		char *text = help_text(NULL, standalone);

		assert_fits(text, "usage");
		free(text);
		for (const struct ps_command *c = ps_commands; c->name; c++) {
			text = help_text(c->name, standalone);
			assert_fits(text, c->name);
			assert_non_null(strstr(text, "examples:\n"));
			assert_int_equal(strncmp(text, "usage: pagescope ", 17), 0);
			free(text);
		}
	}
}

static void test_wrap(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	ps_help_wrap(fp, "  x  ", 5,
		     "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee "
		     "fffffffff ggggggggg hhhhhhhhh iiiiiiiii");
	fclose(fp);
	assert_string_equal(text,
			    "  x  aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd "
			    "eeeeeeeee fffffffff ggggggggg\n"
			    "     hhhhhhhhh iiiiiiiii\n");
	free(text);
}

static void test_help_and_version_parse(void **state)
{
	struct ps_args a;

	(void)state;
	assert_null(parse(true, &a, 2, "help", "page"));
	assert_true(a.help);
	assert_string_equal(a.command, "page");
	assert_null(parse(true, &a, 2, "page", "--help"));
	assert_true(a.help);
	assert_string_equal(a.command, "page");
	assert_null(parse(true, &a, 1, "help"));
	assert_true(a.help);
	assert_null(a.command);
	assert_null(parse(false, &a, 2, "help", "free"));
	assert_string_equal(a.command, "free");
	assert_null(parse(true, &a, 1, "--version"));
	assert_true(a.version);
	assert_null(parse(true, &a, 1, "version"));
	assert_true(a.version);
}

static void assert_usage_error(struct ps_error *err, const char *words)
{
	assert_non_null(err);
	assert_int_equal(err->code, PS_ERR_USAGE);
	if (!strstr(err->message, words))
		fail_msg("\"%s\" lacks \"%s\"", err->message, words);
	ps_error_destroy(err);
}

static void test_did_you_mean(void **state)
{
	struct ps_args a;

	(void)state;
	assert_string_equal(ps_command_suggest("summry"), "summary");
	assert_string_equal(ps_command_suggest("pgae"), "page");
	assert_string_equal(ps_command_suggest("chekc"), "check");
	assert_string_equal(ps_command_suggest("lsit"), "list");
	assert_string_equal(ps_command_suggest("summ"), "summary");
	assert_null(ps_command_suggest("frobnicate"));
	assert_null(ps_command_suggest("x"));
	assert_usage_error(parse(true, &a, 2, "summry", "/no/such/vmcore"),
			   "did you mean summary?");
	assert_usage_error(parse(true, &a, 1, "summry"), "did you mean summary?");
	assert_usage_error(parse(true, &a, 2, "help", "pgae"), "did you mean page?");
	assert_usage_error(parse(false, &a, 1, "chekc"), "did you mean check?");
	assert_usage_error(parse(true, &a, 1, "frobnicate"),
			   "neither a subcommand nor a file");
	assert_usage_error(parse(true, &a, 3, "help", "page", "free"),
			   "too many arguments");
	/* A path is the dump, whatever its name. */
	assert_null(parse(true, &a, 1, "/no/such/summry"));
	assert_string_equal(a.dump, "/no/such/summry");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_has_help),
		cmocka_unit_test(test_help_fits_80_columns),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_help_and_version_parse),
		cmocka_unit_test(test_did_you_mean),
	};

	return cmocka_run_group_tests_name("help", tests, NULL, NULL);
}
