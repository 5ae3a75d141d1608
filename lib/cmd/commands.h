/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The subcommands, shared by the standalone tool and the crash extension. */
#ifndef PS_COMMANDS_H
#define PS_COMMANDS_H

#include "output/output.h"
#include "pagescope.h"
#include "pagescope_report.h"

struct ps_target;

struct ps_command {
	const char *name;
	const char *synopsis;	/* after the command name */
	const char *summary;	/* one line, for usage and help */
	int min_positional, max_positional;
	/* Run on @t; @args are parsed; a failure is returned, not printed. */
	struct ps_error *(*run)(struct ps_target *t, const struct ps_args *args,
				struct ps_out *out, int *exit_ret);
};

/* The command table; ends with a NULL name. */
extern const struct ps_command ps_commands[];

/* The command named @p name, or NULL. */
const struct ps_command *ps_command_find(const char *name);

/* Parse a number with a 0x, 0 or no prefix; false when malformed. */
bool ps_parse_u64(const char *s, uint64_t *ret);

struct ps_error *ps_cmd_summary(struct ps_target *t, const struct ps_args *a,
				struct ps_out *out, int *exit_ret);
/* "START-END" (END exclusive), "START+COUNT" or "PFN". */
struct ps_error *ps_parse_pfn_range(const char *arg, uint64_t *start,
				    uint64_t *end);

struct json_object;

/*
 * A command printing a row per item of an optional pfn range (its first
 * positional argument): @p walk adds a JSON row per item to @p rows, or
 * prints text when that is NULL; @p ctx is the command's. The JSON array
 * is named @p key.
 */
typedef struct ps_error *ps_range_walk_fn(struct ps_target *t, void *ctx,
					  struct ps_out *out, uint64_t start,
					  uint64_t end, struct ps_json_rows *rows);
struct ps_error *ps_cmd_range_rows(struct ps_target *t, const struct ps_args *a,
				   struct ps_out *out, const char *key,
				   ps_range_walk_fn *walk, void *ctx);

struct ps_error *ps_cmd_blocks(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_frag(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_gigablocks;
struct ps_gigablock;
/* Gigablock @p g's verdict in words, as `frag` prints it. */
void ps_cmd_gigablock_verdict_text(const struct ps_gigablocks *f,
				   const struct ps_gigablock *g, char *buf,
				   size_t len);
struct ps_error *ps_cmd_free(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_map(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_sym(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_save(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_diff(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_watch(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_layout(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_type(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_pages(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_page(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_owners(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret);

/* Kernel lists and counters (command_table.h PS_COMMANDS_LISTS). */
struct ps_error *ps_cmd_list(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_lru(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_split(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret);
struct ps_error *ps_cmd_check(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret);

struct ps_check;
/* The JSON document `check -j` prints for @p c. Release with json_object_put(). */
struct json_object *ps_cmd_check_json(const struct ps_check *c);
/*
 * The by_class object of `frag` and `blocks`: @p count pages of each
 * enum ps_movability, under the keys the viewer reads. Release with
 * json_object_put().
 */
struct json_object *ps_cmd_by_class_json(const uint64_t *count);

#endif
