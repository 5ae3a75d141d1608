/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output shared by every command: text to a stream, or JSON via json-c. */
#ifndef PS_OUTPUT_H
#define PS_OUTPUT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"

struct ps_out {
	FILE *fp;
	bool json;
	/*
	 * A document for a user or a program starts with format_version and
	 * pagescope_version; a front end's report (ps_report_json()) does not.
	 */
	bool versioned;
	/* --explain -j: added to the root object ps_out_json() prints. */
	struct json_object *explain;
};

/* Print @p root, an object, as pretty JSON and release it. */
struct ps_error *ps_out_json(struct ps_out *out, struct json_object *root);

/*
 * A document whose one array under @p key is written row by row as the
 * walk yields them, so memory stays bounded on any size of dump:
 * ps_json_rows_begin(), ps_json_rows_add() per row, ps_json_rows_end().
 */
struct ps_json_rows {
	struct ps_out *out;
	size_t nr;
};
void ps_json_rows_begin(struct ps_out *out, const char *key,
			struct ps_json_rows *ret);
/* Write @p row (one line) and release it. */
void ps_json_rows_add(struct ps_json_rows *rows, struct json_object *row);
void ps_json_rows_end(struct ps_json_rows *rows);
/*
 * @p row as ps_json_rows_add() writes it after the first row, into @p fp,
 * and release it: rows made apart and joined in order later.
 */
void ps_json_row_print(FILE *fp, struct json_object *row);

/* JSON builders that never return NULL objects into a tree silently. */
struct json_object *ps_json_u64(uint64_t v);
/* Add @p value under @p key; a NULL @p value (out of memory) is dropped. */
void ps_json_add(struct json_object *obj, const char *key,
		 struct json_object *value);
void ps_json_add_u64(struct json_object *obj, const char *key, uint64_t v);
void ps_json_add_i64(struct json_object *obj, const char *key, int64_t v);
void ps_json_add_str(struct json_object *obj, const char *key, const char *s);
void ps_json_add_bool(struct json_object *obj, const char *key, bool v);
/* "0x..." for addresses, which JSON numbers cannot hold exactly. */
void ps_json_add_hex(struct json_object *obj, const char *key, uint64_t v);

/* "0x1f00": @p v in hex with its prefix, also for 0. */
const char *ps_hex(uint64_t v, char *buf, size_t len);

/* "1.5 GiB": a human size of @p bytes into @p buf. */
const char *ps_human_size(uint64_t bytes, char *buf, size_t len);

#endif
