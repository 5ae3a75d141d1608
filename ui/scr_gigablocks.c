// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Gigablocks screen: the frag report as a table, one row per 1 GiB
 * gigablock, sortable by column; Enter shows the gigablock on the map.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static struct ps_ui_table_state *ps_ui_gigablocks(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_GIGABLOCKS);
}

/* The verdicts of `frag` are declared best first: the order a sort uses. */
static int64_t ps_ui_verdict_rank(struct json_object *g)
{
	enum ps_gb_verdict v;

	return ps_gb_verdict_parse(ps_ui_json_str(g, PS_KEY_VERDICT, ""), &v) ? v : PS_GB_NR;
}

/* Free, or freeable by migration: it could become a 1 GiB page. */
static bool ps_ui_gb_chance(int64_t rank)
{
	return rank == PS_GB_FREE || rank == PS_GB_MIGRATABLE;
}

/* The same gigablock in the --before dump's report, or NULL. */
static struct json_object *ps_ui_gb_before(const struct ps_ui *ui, struct json_object *g)
{
	struct json_object *gbs = ps_ui_json(ui->data.before_frag, PS_KEY_GIGABLOCKS);
	int64_t index = ps_ui_json_int(g, PS_KEY_INDEX, -1);

	for (size_t i = 0; gbs && i < json_object_array_length(gbs); i++) {
		struct json_object *b = json_object_array_get_idx(gbs, i);

		if (ps_ui_json_int(b, PS_KEY_INDEX, -2) == index)
			return b;
	}
	return NULL;
}

/* "; before: migratable, its 1 GiB chance LOST" */
static const char *ps_ui_gb_since(const struct ps_ui *ui, struct json_object *g,
				  char *buf, size_t len)
{
	struct json_object *b = ui->data.before_frag ? ps_ui_gb_before(ui, g) : NULL;
	bool was, is = ps_ui_gb_chance(ps_ui_verdict_rank(g));

	if (!ui->data.before_frag)
		return "";
	if (!b) {
		snprintf(buf, len, "; not in %s", ui->data.before_name);
		return buf;
	}
	was = ps_ui_gb_chance(ps_ui_verdict_rank(b));
	snprintf(buf, len, "; in %s: %s%s", ui->data.before_name,
		 ps_ui_json_str(b, PS_KEY_VERDICT, "?"),
		 was == is ? "" : was ? ", its 1 GiB chance LOST" : ", a 1 GiB chance GAINED");
	return buf;
}

static int64_t ps_ui_gb_pages(struct json_object *g, const char *kind)
{
	return ps_ui_json_int(ps_ui_json(g, PS_KEY_BY_CLASS), kind, 0);
}

static int64_t ps_ui_col_index(struct json_object *g) { return ps_ui_json_int(g, PS_KEY_INDEX, 0); }
static int64_t ps_ui_col_free(struct json_object *g) { return ps_ui_gb_pages(g, PS_KEY_FREE); }
static int64_t ps_ui_col_movable(struct json_object *g)
{
	return ps_ui_gb_pages(g, PS_KEY_MOVABLE) + ps_ui_gb_pages(g, PS_KEY_IDLE);
}
static int64_t ps_ui_col_unmovable(struct json_object *g) { return ps_ui_gb_pages(g, PS_KEY_UNMOVABLE); }
static int64_t ps_ui_col_reserved(struct json_object *g) { return ps_ui_gb_pages(g, PS_KEY_RESERVED); }
static int64_t ps_ui_col_largest(struct json_object *g) { return ps_ui_json_int(g, PS_KEY_LARGEST_FREE_ORDER, -1); }
static int64_t ps_ui_col_tainted(struct json_object *g) { return ps_ui_json_bool(g, PS_KEY_TAINTED, false); }
static int64_t ps_ui_col_hwpoison(struct json_object *g) { return ps_ui_json_int(g, PS_KEY_HWPOISON, 0); }

enum ps_ui_gb_col {
	PS_UI_GB_COL_INDEX, PS_UI_GB_COL_RANGE, PS_UI_GB_COL_ZONE, PS_UI_GB_COL_FREE,
	PS_UI_GB_COL_MOVABLE, PS_UI_GB_COL_UNMOVABLE, PS_UI_GB_COL_RESERVED,
	PS_UI_GB_COL_LARGEST, PS_UI_GB_COL_TAINT, PS_UI_GB_COL_HWPOISON, PS_UI_GB_COL_VERDICT,
};

struct ps_ui_gb_column {
	const char *title;
	int width;
	int64_t (*value)(struct json_object *g);	/* NULL: not a number */
	bool descending;	/* the useful order comes first */
};

/* The table's columns; those with a value sort. */
static const struct ps_ui_gb_column ps_ui_gb_columns[] = {
	[PS_UI_GB_COL_INDEX] = { "gb", 4, ps_ui_col_index, false },
	[PS_UI_GB_COL_RANGE] = { "pfn range", 19, NULL, false },
	[PS_UI_GB_COL_ZONE] = { "zone", 9, NULL, false },
	[PS_UI_GB_COL_FREE] = { "free", 7, ps_ui_col_free, true },
	[PS_UI_GB_COL_MOVABLE] = { "movable", 8, ps_ui_col_movable, true },
	[PS_UI_GB_COL_UNMOVABLE] = { "unmov", 6, ps_ui_col_unmovable, true },
	[PS_UI_GB_COL_RESERVED] = { "reserved", 9, ps_ui_col_reserved, true },
	[PS_UI_GB_COL_LARGEST] = { "largest", 8, ps_ui_col_largest, true },
	[PS_UI_GB_COL_TAINT] = { "taint", 6, ps_ui_col_tainted, true },
	[PS_UI_GB_COL_HWPOISON] = { "hwp", 4, ps_ui_col_hwpoison, true },
	[PS_UI_GB_COL_VERDICT] = { "verdict", 10, ps_ui_verdict_rank, false },
};

enum { PS_UI_GB_NR_COLUMNS = sizeof(ps_ui_gb_columns) / sizeof(ps_ui_gb_columns[0]) };

/* The sort in effect, for qsort. */
static const struct ps_ui_gb_column *ps_ui_gb_sort_column;
static bool ps_ui_gb_sort_reverse;

static int ps_ui_gb_compare(const void *a, const void *b)
{
	struct json_object *ga = *(struct json_object *const *)a;
	struct json_object *gb = *(struct json_object *const *)b;
	int64_t va = ps_ui_gb_sort_column->value(ga), vb = ps_ui_gb_sort_column->value(gb);
	int cmp = va < vb ? -1 : va > vb;

	if (ps_ui_gb_sort_column->descending != ps_ui_gb_sort_reverse)
		cmp = -cmp;
	if (!cmp)	/* ties in gigablock order, always */
		cmp = ps_ui_col_index(ga) < ps_ui_col_index(gb) ? -1 : 1;
	return cmp;
}

/* The rows in sort order; free() the result. */
static struct json_object **ps_ui_gb_rows(struct ps_ui *ui, struct json_object *gbs,
					  size_t *nr)
{
	struct json_object **rows;

	*nr = gbs ? json_object_array_length(gbs) : 0;
	rows = calloc(*nr ? *nr : 1, sizeof(*rows));
	if (!rows) {
		*nr = 0;
		return NULL;
	}
	for (size_t i = 0; i < *nr; i++)
		rows[i] = json_object_array_get_idx(gbs, i);
	ps_ui_gb_sort_column = &ps_ui_gb_columns[ps_ui_gigablocks(ui)->sort];
	ps_ui_gb_sort_reverse = ps_ui_gigablocks(ui)->reverse;
	qsort(rows, *nr, sizeof(*rows), ps_ui_gb_compare);
	return rows;
}

static void ps_ui_gb_cell(struct json_object *g, int col, char *buf, size_t len)
{
	const struct ps_ui_gb_column *c = &ps_ui_gb_columns[col];

	switch (col) {
	case PS_UI_GB_COL_RANGE:
		snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64, ps_ui_json_u64(g, PS_KEY_START_PFN, 0),
			 ps_ui_json_u64(g, PS_KEY_END_PFN, 0));
		break;
	case PS_UI_GB_COL_ZONE:
		snprintf(buf, len, "%s", ps_ui_json_str(g, PS_KEY_ZONE, "?"));
		break;
	case PS_UI_GB_COL_LARGEST:
		if (c->value(g) < 0)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%" PRId64, c->value(g));
		break;
	case PS_UI_GB_COL_TAINT:
		snprintf(buf, len, "%s", c->value(g) ? "yes" : "no");
		break;
	case PS_UI_GB_COL_VERDICT:
		snprintf(buf, len, "%s", ps_ui_json_str(g, PS_KEY_VERDICT, "?"));
		break;
	default:
		snprintf(buf, len, "%" PRId64, c->value(g));
		break;
	}
}

static enum ps_ui_elem ps_ui_gb_elem(struct json_object *g, int col)
{
	if (col == PS_UI_GB_COL_VERDICT) {
		int64_t rank = ps_ui_verdict_rank(g);

		return rank == PS_GB_FREE ? PS_UI_ok : rank == PS_GB_MIGRATABLE ? PS_UI_normal
										: PS_UI_warn;
	}
	if (col == PS_UI_GB_COL_HWPOISON && ps_ui_col_hwpoison(g))
		return PS_UI_bad;
	if (col == PS_UI_GB_COL_TAINT && ps_ui_col_tainted(g))
		return PS_UI_warn;
	return PS_UI_normal;
}

static void ps_ui_gb_row(struct ps_ui_canvas *c, int y, struct json_object *g,
			 bool selected)
{
	int x = 0;

	for (int col = 0; col < PS_UI_GB_NR_COLUMNS; col++) {
		const struct ps_ui_gb_column *k = &ps_ui_gb_columns[col];
		char cell[64];
		int w;

		ps_ui_gb_cell(g, col, cell, sizeof(cell));
		w = (int)strlen(cell);
		ps_ui_text(c, y, x + (k->value && col != PS_UI_GB_COL_VERDICT ? k->width - w : 0), k->width,
			   selected ? PS_UI_cursor : ps_ui_gb_elem(g, col), cell);
		x += k->width + 1;
	}
	if (selected)
		ps_ui_paint(c, y, 0, c->width, PS_UI_cursor);
}

static void ps_ui_gb_header(struct ps_ui *ui, struct ps_ui_canvas *c, int y)
{
	int x = 0;

	for (int col = 0; col < PS_UI_GB_NR_COLUMNS; col++) {
		const struct ps_ui_gb_column *k = &ps_ui_gb_columns[col];
		char title[32];
		bool sorted = col == ps_ui_gigablocks(ui)->sort;
		int w;

		snprintf(title, sizeof(title), sorted ? "%s*" : "%s", k->title);
		w = (int)strlen(title);
		ps_ui_text(c, y, x + (k->value && col != PS_UI_GB_COL_VERDICT ? k->width - w : 0), k->width,
			   sorted ? PS_UI_key : PS_UI_header, title);
		x += k->width + 1;
	}
}

static void ps_ui_gb_summary(struct ps_ui_canvas *c, int y, struct json_object *gbs)
{
	size_t n = gbs ? json_object_array_length(gbs) : 0, counts[PS_GB_NR + 1] = { 0 };
	size_t tainted = 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(gbs, i);

		counts[ps_ui_verdict_rank(g)]++;
		tainted += ps_ui_col_tainted(g);
	}
	ps_ui_printf(c, y, 0, -1, PS_UI_header,
		     "Gigablocks: %zu with memory: %zu free now, %zu freeable by migration, %zu blocked, %zu partial; %zu tainted",
		     n, counts[PS_GB_FREE], counts[PS_GB_MIGRATABLE], counts[PS_GB_BLOCKED],
		     counts[PS_GB_PARTIAL], tainted);
}

/* Lines the owners panel takes under the table, when the screen has them. */
enum { PS_UI_GB_OWNER_LINES = 13 };

static int ps_ui_gb_owner_list(struct ps_ui_canvas *c, int y, int end,
			       struct json_object *list)
{
	size_t n = list ? json_object_array_length(list) : 0;

	for (size_t i = 0; i < n && y < end; i++, y++) {
		struct json_object *o = json_object_array_get_idx(list, i);

		ps_ui_printf(c, y, 2, -1, PS_UI_normal, "%8" PRId64 "  %-11s %-13s %s",
			     ps_ui_json_int(o, PS_KEY_PAGES, 0),
			     ps_ui_json_str(o, PS_KEY_MOVABILITY, "?"),
			     ps_ui_json_str(o, PS_KEY_OWNER_KIND, "?"),
			     ps_ui_json_str(o, PS_KEY_OWNER, "?"));
	}
	return y;
}

/* What holds gigablock @p g: pages by movability, its largest owners. */
static void ps_ui_gb_owners(struct ps_ui_canvas *c, int y, int end,
			    struct json_object *g)
{
	struct json_object *o = ps_ui_json(g, PS_KEY_OWNERS);
	struct json_object *mov = ps_ui_json(o, PS_KEY_BY_MOVABILITY);

	if (!o || y >= end)
		return;
	ps_ui_printf(c, y++, 0, -1, PS_UI_header,
		     "gb %" PRId64 " holds: free %" PRId64 ", movable %" PRId64 ", reclaimable %" PRId64 ", pinned %" PRId64,
		     ps_ui_col_index(g), ps_ui_json_int(mov, PS_KEY_FREE, 0),
		     ps_ui_json_int(mov, PS_KEY_MOVABLE, 0),
		     ps_ui_json_int(mov, PS_KEY_RECLAIMABLE, 0),
		     ps_ui_json_int(mov, PS_KEY_UNMOVABLE, 0));
	y = ps_ui_gb_owner_list(c, y, end, ps_ui_json(o, PS_KEY_PINNED));
	ps_ui_gb_owner_list(c, y, end, ps_ui_json(o, PS_KEY_MOVABLE));
}

static void ps_ui_gb_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			  struct ps_ui_rect area)
{
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, PS_UI_REPORT_frag);
	struct json_object *gbs = r ? ps_ui_json(r->json, PS_KEY_GIGABLOCKS) : NULL;
	struct ps_ui_table_state *s = ps_ui_gigablocks(ui);
	struct json_object **rows;
	char since[160];
	size_t nr;

	if (!r) {
		ps_ui_walking(c, area, "frag");
		return;
	}
	if (r->state != PS_UI_LOADED) {
		ps_ui_printf(c, area.y, 0, -1, PS_UI_bad, "frag: %s", r->error);
		ps_ui_status(c, area, PS_UI_status, "R: try again");
		return;
	}
	rows = ps_ui_gb_rows(ui, gbs, &nr);
	ps_ui_gb_summary(c, area.y, gbs);
	ps_ui_gb_header(ui, c, area.y + 2);
	s->visible_rows = area.h - 6;
	if (s->visible_rows - PS_UI_GB_OWNER_LINES >= 3)
		s->visible_rows -= PS_UI_GB_OWNER_LINES;
	if (s->cursor >= (int)nr)
		s->cursor = nr ? (int)nr - 1 : 0;
	ps_ui_scroll_to(s->cursor, s->visible_rows, &s->top);
	for (int i = 0; i < s->visible_rows && s->top + i < (int)nr; i++)
		ps_ui_gb_row(c, area.y + 3 + i, rows[s->top + i], s->top + i == s->cursor);
	if (nr)
		ps_ui_gb_owners(c, area.y + 4 + s->visible_rows, area.y + area.h - 2,
				rows[s->cursor]);
	if (nr)
		ps_ui_status(c, area, PS_UI_status, "gb %" PRId64 ": %s%s",
			     ps_ui_col_index(rows[s->cursor]),
			     ps_ui_json_str(rows[s->cursor], PS_KEY_EXPLANATION, ""),
			     ps_ui_gb_since(ui, rows[s->cursor], since, sizeof(since)));
	ps_ui_printf(c, area.y + area.h - 2, 0, -1, PS_UI_dim,
		     "sorted by %s, %s first | s: next column  r: reverse  Enter: the gigablock on the map",
		     ps_ui_gb_columns[s->sort].title,
		     (ps_ui_gb_columns[s->sort].descending != s->reverse) ? "largest" : "smallest");
	free(rows);
}

static unsigned ps_ui_gb_key(struct ps_ui *ui, enum ps_ui_action act)
{
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, PS_UI_REPORT_frag);
	struct json_object *gbs = r ? ps_ui_json(r->json, PS_KEY_GIGABLOCKS) : NULL;
	struct ps_ui_table_state *s = ps_ui_gigablocks(ui);
	struct json_object **rows;
	size_t nr = gbs ? json_object_array_length(gbs) : 0;
	uint64_t pfn;

	switch (act) {
	case PS_ACT_sort_next:
		do
			s->sort = (s->sort + 1) % PS_UI_GB_NR_COLUMNS;
		while (!ps_ui_gb_columns[s->sort].value);
		s->reverse = false;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_sort_reverse:
		s->reverse = !s->reverse;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_enter:
		rows = ps_ui_gb_rows(ui, gbs, &nr);
		if (!nr) {
			free(rows);
			return PS_UI_HANDLED;
		}
		pfn = ps_ui_json_u64(rows[s->cursor < (int)nr ? s->cursor : 0], PS_KEY_START_PFN, 0);
		free(rows);
		return ps_ui_show(ui, &ps_ui_map_screen, pfn, PS_UI_ZOOM_GIGABLOCK);
	default:
		return ps_ui_table_move(s, act, (int)nr);
	}
}

const struct ps_ui_screen_ops ps_ui_gigablocks_screen = {
	.name = "Gigablocks",
	.id = PS_UI_SCR_GIGABLOCKS,
	.state_size = sizeof(struct ps_ui_table_state),
	.draw = ps_ui_gb_draw,
	.key = ps_ui_gb_key,
};
