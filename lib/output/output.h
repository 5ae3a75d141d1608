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
	/* --explain -j: added to the root object ps_out_json() prints. */
	struct json_object *explain;
};

/* Print @p root as pretty JSON and release it. */
struct ps_error *ps_out_json(struct ps_out *out, struct json_object *root);

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
