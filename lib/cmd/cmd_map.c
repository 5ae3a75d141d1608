// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope map: physical memory as a picture, in the terminal or a PNG. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "analysis/map.h"
#include "target/target.h"

/* Colour only for a terminal, and never when NO_COLOR is set. */
static bool ps_map_want_colour(FILE *fp)
{
	const char *no_color = getenv("NO_COLOR");

	return (!no_color || !*no_color) && isatty(fileno(fp));
}

static size_t ps_map_width(FILE *fp)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");

	if (isatty(fileno(fp)) && !ioctl(fileno(fp), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (columns && atoi(columns) > 20)
		return (size_t)atoi(columns);
	return 80;
}

static struct json_object *ps_json_map(const struct ps_map *m)
{
	struct json_object *root = json_object_new_object();
	struct json_object *legend = json_object_new_array();
	struct json_object *rows = json_object_new_array();

	ps_json_add_str(root, "mode", ps_map_mode_names[m->mode]);
	ps_json_add_u64(root, "pageblocks_per_row", m->blocks_per_row);
	for (size_t i = 0; i < m->legend.nr; i++)
		json_object_array_add(legend,
				      json_object_new_string(m->legend.classes[i].name));
	for (size_t r = 0; r < m->nr_rows; r++) {
		struct json_object *row = json_object_new_object();
		struct json_object *cls = json_object_new_array();

		ps_json_add_u64(row, "start_pfn", m->row_pfn[r]);
		for (size_t b = 0; b < m->blocks_per_row; b++)
			json_object_array_add(
				cls, json_object_new_int(m->cls[r * m->blocks_per_row + b]));
		ps_json_add(row, "classes", cls);
		json_object_array_add(rows, row);
	}
	ps_json_add(root, "legend", legend);
	ps_json_add(root, "rows", rows);
	return root;
}

/*
 * "pagescope map --by anon-exclusive: kernel 6.12.117, 2 GiB in 2
 * gigablocks": the option as typed, no local path.
 */
static void ps_map_title(const struct ps_target *t, const struct ps_map *m,
			 char *buf, size_t len)
{
	char mode[32];
	size_t i;

	for (i = 0; ps_map_mode_names[m->mode][i] && i + 1 < sizeof(mode); i++)
		mode[i] = ps_map_mode_names[m->mode][i] == '_' ? '-' : ps_map_mode_names[m->mode][i];
	mode[i] = '\0';
	snprintf(buf, len, "pagescope map --by %s: kernel %s, %zu gigablocks of %" PRIu64 " MiB",
		 mode, t->release, m->nr_rows,
		 (m->blocks_per_row << (m->pageblock_order + m->page_shift)) >> 20);
}

struct ps_error *ps_cmd_map(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret)
{
	enum ps_map_mode mode = PS_MAP_migratetype;
	struct ps_map m;
	char title[256];
	struct ps_error *err;

	(void)exit_ret;
	if (a->by && !ps_map_mode_parse(a->by, &mode))
		return ps_error_create(PS_ERR_USAGE,
				       "--by %s: migratetype, free, movability, hwpoison, anon-exclusive or owner",
				       a->by);
	if (a->palette && strcmp(a->palette, "safe") && strcmp(a->palette, "classic"))
		return ps_error_create(PS_ERR_USAGE,
				       "--palette %s: safe (colour-blind safe, the default) or classic",
				       a->palette);
	err = ps_map_collect(t, mode, &m);
	if (err)
		return err;
	ps_map_title(t, &m, title, sizeof(title));
	if (a->png)
		err = ps_map_write_png(&m, a->png, title,
				       a->palette && !strcmp(a->palette, "classic"));
	else if (out->json)
		err = ps_out_json(out, ps_json_map(&m));
	else
		ps_map_print(&m, out->fp, ps_map_width(out->fp),
			     ps_map_want_colour(out->fp));
	ps_map_deinit(&m);
	return err;
}
