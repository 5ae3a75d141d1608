// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>

#include "base/version.h"
#include "output/output.h"
#include "pagescope_report.h"

/* @p root with the format and tool versions first. */
static struct json_object *ps_out_versioned(struct json_object *root)
{
	struct json_object *doc = json_object_new_object();

	if (!doc)
		return root;
	ps_json_add_u64(doc, PS_KEY_FORMAT_VERSION, PS_JSON_FORMAT_VERSION);
	ps_json_add_str(doc, PS_KEY_PAGESCOPE_VERSION, ps_version_string());
	json_object_object_foreach(root, key, value)
		json_object_object_add(doc, key, json_object_get(value));
	json_object_put(root);
	return doc;
}

struct ps_error *ps_out_json(struct ps_out *out, struct json_object *root)
{
	const char *text;

	if (!root)
		return ps_error_nomem();
	if (out->explain && json_object_is_type(root, json_type_object)) {
		json_object_object_add(root, PS_KEY_EXPLAIN, out->explain);
		out->explain = NULL;
	}
	if (out->versioned && json_object_is_type(root, json_type_object))
		root = ps_out_versioned(root);
	text = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text)
		fprintf(out->fp, "%s\n", text);
	json_object_put(root);
	return text ? NULL : ps_error_nomem();
}

void ps_json_rows_begin(struct ps_out *out, const char *key,
			struct ps_json_rows *ret)
{
	ret->out = out;
	ret->nr = 0;
	fprintf(out->fp, "{\n");
	if (out->versioned)
		fprintf(out->fp, "  \"%s\": %d,\n  \"%s\": \"%s\",\n",
			PS_KEY_FORMAT_VERSION, PS_JSON_FORMAT_VERSION,
			PS_KEY_PAGESCOPE_VERSION, ps_version_string());
	fprintf(out->fp, "  \"%s\": [", key);
}

void ps_json_rows_add(struct ps_json_rows *rows, struct json_object *row)
{
	const char *text = json_object_to_json_string_ext(
		row, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

	fprintf(rows->out->fp, "%s\n    %s", rows->nr++ ? "," : "", text);
	json_object_put(row);
}

void ps_json_row_print(FILE *fp, struct json_object *row)
{
	const char *text = json_object_to_json_string_ext(
		row, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);

	fprintf(fp, ",\n    %s", text);
	json_object_put(row);
}

void ps_json_rows_end(struct ps_json_rows *rows)
{
	fprintf(rows->out->fp, "%s]\n}\n", rows->nr ? "\n  " : "");
}

struct json_object *ps_json_u64(uint64_t v)
{
	/* json-c has no unsigned 64-bit type before 0.14's uint64. */
	return json_object_new_uint64(v);
}

void ps_json_add(struct json_object *obj, const char *key,
		 struct json_object *value)
{
	if (obj && value)
		json_object_object_add(obj, key, value);
}

void ps_json_add_u64(struct json_object *obj, const char *key, uint64_t v)
{
	ps_json_add(obj, key, ps_json_u64(v));
}

void ps_json_add_i64(struct json_object *obj, const char *key, int64_t v)
{
	ps_json_add(obj, key, json_object_new_int64(v));
}

void ps_json_add_str(struct json_object *obj, const char *key, const char *s)
{
	ps_json_add(obj, key, s ? json_object_new_string(s) : NULL);
}

void ps_json_add_bool(struct json_object *obj, const char *key, bool v)
{
	ps_json_add(obj, key, json_object_new_boolean(v));
}

void ps_json_add_hex(struct json_object *obj, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	ps_json_add_str(obj, key, buf);
}

const char *ps_human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
					     "PiB" };
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0 || v >= 100 || v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f %s", v, units[u]);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

const char *ps_hex(uint64_t v, char *buf, size_t len)
{
	snprintf(buf, len, "0x%" PRIx64, v);
	return buf;
}
