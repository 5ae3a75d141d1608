// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Check screen: the rows of `check` (each counter, the kernel's value,
 * the walked value, the verdict, why), sortable. Its columns and verdicts
 * are those pagescope_report.h declares for the command.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static struct ps_ui_table_state *ps_ui_check(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_CHECK);
}

/* The sort column; -1 for the report's own order (sort 0, the start). */
static int ps_ui_check_sort_col(const struct ps_ui *ui)
{
	return ps_ui_check(ui)->sort - 1;
}

struct ps_ui_check_column {
	const char *key;	/* in a row of the report */
	int width;		/* at most; the widest cell when narrower */
	bool number;		/* right-aligned, sorted by value */
};

enum ps_ui_check_col {
	PS_UI_CHECK_COL_COUNTER,
	PS_UI_CHECK_COL_KERNEL,
	PS_UI_CHECK_COL_WALKED,
	PS_UI_CHECK_COL_VERDICT,
	PS_UI_CHECK_COL_WHY,
	PS_UI_CHECK_NR_COLUMNS
};

static const struct ps_ui_check_column ps_ui_check_columns[PS_UI_CHECK_NR_COLUMNS] = {
	[PS_UI_CHECK_COL_COUNTER] = { PS_KEY_COUNTER, 44, false },
	[PS_UI_CHECK_COL_KERNEL] = { PS_KEY_KERNEL, 12, true },
	[PS_UI_CHECK_COL_WALKED] = { PS_KEY_WALKED, 12, true },
	[PS_UI_CHECK_COL_VERDICT] = { PS_KEY_VERDICT, 7, false },
	[PS_UI_CHECK_COL_WHY] = { PS_KEY_WHY, -1, false },
};

/* How each verdict looks. */
static const enum ps_ui_elem ps_ui_verdict_elems[PS_NR_VERDICTS] = {
	[PS_VERDICT_OK] = PS_UI_ok,
	[PS_VERDICT_FAIL] = PS_UI_bad,
	[PS_VERDICT_NA] = PS_UI_dim,
	[PS_VERDICT_DRIFT] = PS_UI_warn,
};

/* A verdict the contract does not know is shown as a failure. */
static enum ps_ui_elem ps_ui_verdict_elem(struct json_object *row)
{
	enum ps_verdict v;

	if (!ps_verdict_parse(ps_ui_json_str(row, PS_KEY_VERDICT, ""), &v))
		return PS_UI_bad;
	return ps_ui_verdict_elems[v];
}

/* A cell's text; "-" where a row has no value (n/a rows). */
static const char *ps_ui_check_cell(struct json_object *row, int col)
{
	struct json_object *v = ps_ui_json(row, ps_ui_check_columns[col].key);

	return v ? json_object_get_string(v) : "-";
}

struct ps_ui_check_sort {
	int col;
	bool reverse;
};

static int ps_ui_check_compare(const void *a, const void *b, void *arg)
{
	struct json_object *ra = *(struct json_object *const *)a;
	struct json_object *rb = *(struct json_object *const *)b;
	const struct ps_ui_check_sort *s = arg;
	int cmp;

	if (ps_ui_check_columns[s->col].number) {
		int64_t va = ps_ui_json_int(ra, ps_ui_check_columns[s->col].key, INT64_MIN);
		int64_t vb = ps_ui_json_int(rb, ps_ui_check_columns[s->col].key, INT64_MIN);

		cmp = va < vb ? -1 : va > vb;
	} else {
		cmp = strcmp(ps_ui_check_cell(ra, s->col), ps_ui_check_cell(rb, s->col));
	}
	if (s->reverse)
		cmp = -cmp;
	return cmp ? cmp : (ra < rb ? -1 : ra > rb);
}

/* The rows in sort order; NULL (and 0) when there are none. free() it. */
static struct json_object **ps_ui_check_rows(struct ps_ui *ui, struct json_object *rows,
					     size_t *nr_ret)
{
	struct ps_ui_check_sort sort = { ps_ui_check_sort_col(ui), ps_ui_check(ui)->reverse };
	size_t nr = rows ? json_object_array_length(rows) : 0;
	struct json_object **v = calloc(nr ? nr : 1, sizeof(*v));

	*nr_ret = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < nr; i++)
		v[i] = json_object_array_get_idx(rows, i);
	if (sort.col >= 0)
		qsort_r(v, nr, sizeof(*v), ps_ui_check_compare, &sort);
	*nr_ret = nr;
	return v;
}

/* Narrow columns to what their cells need. */
static void ps_ui_check_widths(struct json_object **rows, size_t nr,
			       int widths[PS_UI_CHECK_NR_COLUMNS])
{
	for (int col = 0; col < PS_UI_CHECK_NR_COLUMNS; col++) {
		int max = ps_ui_check_columns[col].width;

		widths[col] = max < 0 ? -1 : (int)strlen(ps_ui_check_columns[col].key);
		for (size_t r = 0; r < nr && max > 0; r++) {
			int w = (int)strlen(ps_ui_check_cell(rows[r], col));

			if (w > widths[col])
				widths[col] = w > max ? max : w;
		}
	}
}

static void ps_ui_check_header(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			       const int widths[PS_UI_CHECK_NR_COLUMNS])
{
	int x = 0;

	for (int col = 0; col < PS_UI_CHECK_NR_COLUMNS; col++) {
		const char *title = ps_ui_check_columns[col].key;
		int pad = ps_ui_check_columns[col].number ? widths[col] - (int)strlen(title) : 0;

		ps_ui_text(c, y, x + pad, widths[col],
			   col == ps_ui_check_sort_col(ui) ? PS_UI_key : PS_UI_header, title);
		x += widths[col] + 2;
	}
}

static void ps_ui_check_row(struct ps_ui_canvas *c, int y, struct json_object *row,
			    const int widths[PS_UI_CHECK_NR_COLUMNS], bool sel)
{
	int x = 0;

	for (int col = 0; col < PS_UI_CHECK_NR_COLUMNS; col++) {
		const char *v = ps_ui_check_cell(row, col);
		int pad = ps_ui_check_columns[col].number ? widths[col] - (int)strlen(v) : 0;
		enum ps_ui_elem e = col == PS_UI_CHECK_COL_VERDICT ? ps_ui_verdict_elem(row)
								   : PS_UI_normal;

		ps_ui_text(c, y, x + (pad > 0 ? pad : 0), widths[col] < 0 ? -1 : widths[col],
			   sel ? PS_UI_cursor : e, v);
		x += widths[col] + 2;
	}
	if (sel)
		ps_ui_paint(c, y, 0, c->width, PS_UI_cursor);
}

static void ps_ui_check_title(struct ps_ui_canvas *c, int y, const struct ps_ui_report *r,
			      size_t nr)
{
	int64_t failed = ps_ui_json_int(r->json, PS_KEY_FAILED, 0);

	ps_ui_printf(c, y, 0, -1, failed ? PS_UI_bad : PS_UI_ok,
		     "Check: %zu rows, %" PRId64 " failed%s", nr, failed,
		     failed ? ": SOME COUNTERS DO NOT HOLD" : "");
}

static void ps_ui_check_body(struct ps_ui *ui, struct ps_ui_canvas *c,
			     struct ps_ui_rect area, const struct ps_ui_report *r)
{
	struct ps_ui_table_state *s = ps_ui_check(ui);
	int widths[PS_UI_CHECK_NR_COLUMNS];
	size_t nr;
	struct json_object **rows = ps_ui_check_rows(ui, ps_ui_json(r->json, PS_KEY_ROWS), &nr);

	ps_ui_check_title(c, area.y, r, nr);
	ps_ui_check_widths(rows, nr, widths);
	ps_ui_check_header(ui, c, area.y + 2, widths);
	s->visible_rows = area.h - 5;
	if (s->cursor >= (int)nr)
		s->cursor = nr ? (int)nr - 1 : 0;
	ps_ui_scroll_to(s->cursor, s->visible_rows, &s->top);
	for (int i = 0; i < s->visible_rows && s->top + i < (int)nr; i++)
		ps_ui_check_row(c, area.y + 3 + i, rows[s->top + i], widths,
				s->top + i == s->cursor);
	if (nr)
		ps_ui_status(c, area, PS_UI_status, "%s: %s",
			     ps_ui_check_cell(rows[s->cursor], PS_UI_CHECK_COL_VERDICT),
			     ps_ui_check_cell(rows[s->cursor], PS_UI_CHECK_COL_WHY));
	else
		ps_ui_status(c, area, PS_UI_status, "no rows");
	free(rows);
}

static void ps_ui_check_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			     struct ps_ui_rect area)
{
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, PS_UI_REPORT_check);

	if (!r) {
		ps_ui_walking(c, area, "check");
		return;
	}
	if (r->state != PS_UI_LOADED) {
		ps_ui_printf(c, area.y, 0, -1, PS_UI_bad, "check: %s", r->error);
		ps_ui_status(c, area, PS_UI_status, "R: try again");
		return;
	}
	ps_ui_check_body(ui, c, area, r);
	ps_ui_printf(c, area.y + area.h - 2, 0, -1, PS_UI_dim,
		     "sorted by %s | s: next column  r: reverse",
		     ps_ui_check_sort_col(ui) >= 0 ? ps_ui_check_columns[ps_ui_check_sort_col(ui)].key
						   : "the report's order");
}

static unsigned ps_ui_check_key(struct ps_ui *ui, enum ps_ui_action act)
{
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, PS_UI_REPORT_check);
	struct json_object *rows = r && r->state == PS_UI_LOADED ? ps_ui_json(r->json, PS_KEY_ROWS)
								 : NULL;
	struct ps_ui_table_state *s = ps_ui_check(ui);

	switch (act) {
	case PS_ACT_sort_next:
		s->sort = (s->sort + 1) % (PS_UI_CHECK_NR_COLUMNS + 1);
		s->reverse = false;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_sort_reverse:
		s->reverse = !s->reverse;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	default:
		return ps_ui_table_move(s, act, rows ? (int)json_object_array_length(rows) : 0);
	}
}

const struct ps_ui_screen_ops ps_ui_check_screen = {
	.name = "Check",
	.id = PS_UI_SCR_CHECK,
	.state_size = sizeof(struct ps_ui_table_state),
	.draw = ps_ui_check_draw,
	.key = ps_ui_check_key,
};
