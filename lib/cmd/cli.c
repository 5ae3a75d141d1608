// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line grammar: pagescope [SUBCOMMAND] [OPTIONS] [DUMP], with
 * options in any position, the same inside crash (without DUMP and -k).
 */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/command_table.h"
#include "cmd/command_help.h"
#include "cmd/commands.h"
#include "base/error.h"
#include "target/target.h"
#include "output/explain.h"

const struct ps_command ps_commands[] = {
#define PS_COMMAND_ENTRY(name, synopsis, summary, min, max, fn) \
	{ name, synopsis, summary, min, max, fn },
	PS_COMMANDS(PS_COMMAND_ENTRY)
	PS_COMMANDS_LISTS(PS_COMMAND_ENTRY)
#undef PS_COMMAND_ENTRY
	{ NULL, NULL, NULL, 0, 0, NULL },
};

const struct ps_command *ps_command_find(const char *name)
{
	for (const struct ps_command *c = ps_commands; c->name; c++) {
		if (!strcmp(c->name, name))
			return c;
	}
	return NULL;
}

bool ps_parse_u64(const char *s, uint64_t *ret)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*ret = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* ------------------------------------------------------------------ */
/* Options                                                            */
/* ------------------------------------------------------------------ */

enum ps_opt {
	PS_OPT_NO_CACHE = 256,
	PS_OPT_BTF,
	PS_OPT_SYSTEM_MAP,
	PS_OPT_BY,
	PS_OPT_PNG,
	PS_OPT_FORMAT,
	PS_OPT_TYPE,
	PS_OPT_MEMBER,
	PS_OPT_COUNT,
	PS_OPT_CHECK,
	PS_OPT_BEFORE,
	PS_OPT_VERSION,
	PS_OPT_FLAGS,
	PS_OPT_ORDER,
	PS_OPT_PALETTE,
	PS_OPT_EXPLAIN,
	PS_OPT_OWNER,
	PS_OPT_KPAGEFLAGS,
};

static const char ps_short_options[] = "jhk:i:o:";

static const struct option ps_long_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "vmlinux", required_argument, NULL, 'k' },
	{ "no-cache", no_argument, NULL, PS_OPT_NO_CACHE },
	{ "btf", no_argument, NULL, PS_OPT_BTF },
	{ "system-map", required_argument, NULL, PS_OPT_SYSTEM_MAP },
	{ "by", required_argument, NULL, PS_OPT_BY },
	{ "png", required_argument, NULL, PS_OPT_PNG },
	{ "format", required_argument, NULL, PS_OPT_FORMAT },
	{ "type", required_argument, NULL, PS_OPT_TYPE },
	{ "member", required_argument, NULL, PS_OPT_MEMBER },
	{ "interval", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "count", required_argument, NULL, PS_OPT_COUNT },
	{ "check", no_argument, NULL, PS_OPT_CHECK },
	{ "before", required_argument, NULL, PS_OPT_BEFORE },
	{ "version", no_argument, NULL, PS_OPT_VERSION },
	{ "flags", required_argument, NULL, PS_OPT_FLAGS },
	{ "order", required_argument, NULL, PS_OPT_ORDER },
	{ "palette", required_argument, NULL, PS_OPT_PALETTE },
	{ "explain", no_argument, NULL, PS_OPT_EXPLAIN },
	{ "owner", required_argument, NULL, PS_OPT_OWNER },
	{ "kpageflags", no_argument, NULL, PS_OPT_KPAGEFLAGS },
	{ NULL, 0, NULL, 0 },
};

/* The options of save, watch and diff. */
static struct ps_error *ps_args_option_change(int c, bool standalone,
					      struct ps_args *a)
{
	char *end;

	switch (c) {
	case 'o':
		a->output = optarg;
		return NULL;
	case PS_OPT_COUNT:
		a->count = strtoul(optarg, &end, 10);
		if (*end || !a->count)
			return ps_error_create(PS_ERR_USAGE, "--count %s: a number of samples", optarg);
		return NULL;
	case PS_OPT_CHECK:
		a->check = true;
		return NULL;
	case PS_OPT_VERSION:
		a->version = true;
		return NULL;
	case PS_OPT_FLAGS:
		a->flags = optarg;
		return NULL;
	case PS_OPT_ORDER:
		a->order = optarg;
		return NULL;
	case PS_OPT_PALETTE:
		a->palette = optarg;
		return NULL;
	case PS_OPT_EXPLAIN:
		a->explain = true;
		return NULL;
	case PS_OPT_KPAGEFLAGS:
		a->kpageflags = true;
		return NULL;
	case PS_OPT_BEFORE:
		if (!standalone)
			return ps_error_create(PS_ERR_USAGE,
					       "--before: the viewer's; inside crash use diff BEFORE");
		a->before = optarg;
		return NULL;
	default:
		return ps_error_create(PS_ERR_USAGE, "unknown option");
	}
}

/* The options that only keep their argument; false for any other. */
static bool ps_args_option_value(int c, struct ps_args *a)
{
	const char **slot = c == PS_OPT_BY ? &a->by : c == PS_OPT_PNG ? &a->png :
			    c == PS_OPT_FORMAT ? &a->format : c == PS_OPT_TYPE ? &a->type :
			    c == PS_OPT_OWNER ? &a->owner : c == PS_OPT_MEMBER ? &a->member : NULL;

	if (slot)
		*slot = optarg;
	return slot;
}

static struct ps_error *ps_args_option(int c, bool standalone,
				       struct ps_args *a)
{
	char *end;

	switch (c) {
	case 'j':
		a->json = true;
		return NULL;
	case 'h':
		a->help = true;
		return NULL;
	case 'k':
		if (!standalone)
			return ps_error_create(PS_ERR_USAGE,
					       "-k: crash already has the kernel's debug info");
		a->vmlinux = optarg;
		return NULL;
	case PS_OPT_NO_CACHE:
		a->no_cache = true;
		return NULL;
	case PS_OPT_BTF:
		if (!standalone)
			return ps_error_create(PS_ERR_USAGE,
					       "--btf: crash already has the kernel's types");
		a->btf = true;
		return NULL;
	case PS_OPT_SYSTEM_MAP:
		if (!standalone)
			return ps_error_create(PS_ERR_USAGE,
					       "--system-map: crash already has the kernel's symbols");
		a->system_map = optarg;
		return NULL;
	case 'i':
		a->interval = strtod(optarg, &end);
		if (*end || a->interval <= 0 || a->interval > 3600)
			return ps_error_create(PS_ERR_USAGE,
					       "-i %s: seconds between refreshes", optarg);
		return NULL;
	default:
		return ps_args_option_value(c, a) ? NULL
						   : ps_args_option_change(c, standalone, a);
	}
}

/* Does @s name a file (the dump) rather than a command's argument? */
static bool ps_looks_like_file(const char *s)
{
	struct stat st;
	uint64_t number;

	if (strchr(s, '/'))
		return true;
	/* A number is an argument (a PFN), even if a file has its name. */
	return !ps_parse_u64(s, &number) && !stat(s, &st);
}

/* Could @s be the dump, rather than a misspelt subcommand? */
static bool ps_may_be_dump(const char *s)
{
	struct stat st;

	return strchr(s, '/') || !stat(s, &st);
}

static struct ps_error *ps_unknown_subcommand(const char *name, bool standalone)
{
	const char *near = ps_command_suggest(name);
	char hint[64] = "";

	if (near)
		snprintf(hint, sizeof(hint), "; did you mean %s?", near);
	if (standalone)
		return ps_error_create(PS_ERR_USAGE,
				       "%s: neither a subcommand nor a file%s",
				       name, hint);
	return ps_error_create(PS_ERR_USAGE, "unknown subcommand %s%s", name,
			       hint);
}

static void ps_args_shift(struct ps_args *a)
{
	memmove(a->positional, a->positional + 1,
		--a->nr_positional * sizeof(*a->positional));
}

/* "help [SUBCOMMAND]" and "version" take nothing else. */
static struct ps_error *ps_args_builtin(const char *word, struct ps_args *a)
{
	const struct ps_command *cmd;

	if (!strcmp(word, "version")) {
		a->version = true;
	} else if (a->nr_positional) {
		cmd = ps_command_find(a->positional[0]);
		if (!cmd)
			return ps_unknown_subcommand(a->positional[0], false);
		a->command = cmd->name;
		ps_args_shift(a);
	}
	if (a->nr_positional)
		return ps_error_create(PS_ERR_USAGE, "%s: too many arguments", word);
	return NULL;
}

/* The first positional: a subcommand, help or version, or the dump. */
static struct ps_error *ps_args_subcommand(bool standalone, struct ps_args *a,
					   const struct ps_command **ret)
{
	const char *first = a->positional[0];

	*ret = ps_command_find(first);
	if (*ret) {
		a->command = (*ret)->name;
		ps_args_shift(a);
		return NULL;
	}
	if (!strcmp(first, "help") || !strcmp(first, "version")) {
		a->help = !strcmp(first, "help");
		ps_args_shift(a);
		return ps_args_builtin(first, a);
	}
	if (standalone && ps_may_be_dump(first))
		return NULL;
	return ps_unknown_subcommand(first, standalone);
}

/* Standalone: the positional the command does not take is the dump. */
static struct ps_error *ps_args_take_dump(const struct ps_command *cmd,
					  struct ps_args *a)
{
	int max = cmd ? cmd->max_positional : 0;

	if (a->nr_positional > max + 1)
		return ps_error_create(PS_ERR_USAGE, "too many arguments");
	if (a->nr_positional == max + 1 ||
	    (a->nr_positional &&
	     ps_looks_like_file(a->positional[a->nr_positional - 1])))
		a->dump = a->positional[--a->nr_positional];
	return NULL;
}

static struct ps_error *ps_args_check(const struct ps_command *cmd,
				      bool standalone, struct ps_args *a)
{
	struct ps_error *err = standalone ? ps_args_take_dump(cmd, a) : NULL;

	if (err || a->help)
		return err;
	if (cmd && a->nr_positional < cmd->min_positional)
		return ps_error_create(PS_ERR_USAGE, "%s: missing argument: %s %s",
				       cmd->name, cmd->name, cmd->synopsis);
	if (a->nr_positional > (cmd ? cmd->max_positional : 0))
		return ps_error_create(PS_ERR_USAGE, "%s: too many arguments",
				       cmd ? cmd->name : "pagescope");
	return NULL;
}

/*
 * Name the argument getopt stopped at. A short option inside a cluster
 * ("pages -5-10": '5') leaves optind on its argument, the last one of a
 * cluster and a long option move past it.
 */
static struct ps_error *ps_args_bad_option(int argc, char **argv)
{
	bool known = optopt > 255 || (optopt && strchr(ps_short_options, optopt));
	const char *arg = !known && optind < argc && argv[optind][0] == '-' &&
				  optopt && strchr(argv[optind], optopt)
				  ? argv[optind]
				  : argv[optind - 1];
	const char *what = known ? "needs a value" : "is not an option";

	if (optopt && optopt < 256 && strncmp(arg, "--", 2))
		return ps_error_create(PS_ERR_USAGE, "bad argument %s: -%c %s%s",
				       arg, optopt, what,
				       isdigit(optopt) ? " (a range of page frames starts with a number: 0x5-0x10)"
						       : "");
	return ps_error_create(PS_ERR_USAGE, "bad argument %s: %s", arg, what);
}

struct ps_error *ps_args_parse(int argc, char **argv, bool standalone,
			       struct ps_args *a)
{
	const struct ps_command *cmd = NULL;
	int c;

	memset(a, 0, sizeof(*a));
	optind = 0;	/* GNU: reinitialise; crash calls us many times */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ps_short_options, ps_long_options,
				NULL)) != -1) {
		struct ps_error *err;

		if (c == '?' || c == ':')
			return ps_args_bad_option(argc, argv);
		err = ps_args_option(c, standalone, a);
		if (err)
			return err;
	}
	for (int i = optind; i < argc; i++) {
		if (a->nr_positional == PS_MAX_POSITIONAL)
			return ps_error_create(PS_ERR_USAGE, "too many arguments");
		a->positional[a->nr_positional++] = argv[i];
	}
	if (a->nr_positional) {
		struct ps_error *err = ps_args_subcommand(standalone, a, &cmd);

		if (err || a->version || (a->help && !cmd))
			return err;
	}
	return ps_args_check(cmd, standalone, a);
}

/* ------------------------------------------------------------------ */
/* Running                                                            */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_report_parse(char *text, struct json_object **ret)
{
	enum json_tokener_error jerr;

	*ret = json_tokener_parse_verbose(text, &jerr);
	if (!*ret)
		return ps_error_create(PS_ERR_CORRUPT, "report is not JSON: %s",
				       json_tokener_error_desc(jerr));
	return NULL;
}

struct ps_error *ps_report_json(struct ps_target *t, int argc, char **argv,
				struct json_object **ret, int *exit_ret)
{
	const struct ps_command *cmd;
	struct ps_args args;
	struct ps_out o = { .json = true };
	char *text = NULL;
	size_t len = 0;
	int exit_code = PS_EXIT_OK;
	struct ps_error *err = ps_args_parse(argc, argv, false, &args);

	if (err)
		return err;
	cmd = ps_command_find(args.command ? args.command : "summary");
	args.json = true;
	o.fp = open_memstream(&text, &len);
	if (!o.fp)
		return ps_error_nomem();
	err = cmd->run(t, &args, &o, &exit_code);
	fclose(o.fp);
	if (!err)
		err = ps_report_parse(text, ret);
	free(text);
	if (exit_ret)
		*exit_ret = exit_code;
	return err;
}

bool ps_output_lost(FILE *out, FILE *errout, const char *command)
{
	if (!fflush(out) && !ferror(out))
		return false;
	fprintf(errout, "pagescope%s%s: writing the output: %s\n",
		command ? " " : "", command ? command : "",
		strerror(errno ? errno : EIO));
	return true;
}

int ps_command_run(struct ps_target *t, const struct ps_args *args, FILE *out,
		   FILE *errout)
{
	const struct ps_command *cmd =
		ps_command_find(args->command ? args->command : "summary");
	struct ps_out o = { .fp = out, .json = args->json, .versioned = true };
	int exit_code = PS_EXIT_OK;
	struct ps_error *err;

	if (args->explain && !ps_explain_has(cmd->name)) {
		fprintf(errout, "pagescope %s: --explain: only summary, page, check, frag and free explain their figures\n",
			cmd->name);
		return PS_EXIT_USAGE;
	}
	if (args->explain && args->json)
		o.explain = ps_explain_json(t, cmd->name);
	err = cmd->run(t, args, &o, &exit_code);
	json_object_put(o.explain);
	if (!err && args->explain && !args->json)
		ps_explain_print(out, t, cmd->name);
	if (err) {
		fprintf(errout, "pagescope %s: %s\n", cmd->name, err->message);
		exit_code = err->code == PS_ERR_USAGE ? PS_EXIT_USAGE
						      : PS_EXIT_FAIL;
		ps_error_destroy(err);
	}
	/* A full disk or a closed pipe: the output is lost, say so. */
	if (exit_code != PS_EXIT_USAGE && ps_output_lost(out, errout, cmd->name))
		exit_code = PS_EXIT_FAIL;
	return exit_code;
}
