// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Check screen: the counter verification table of `check` (each
 * counter, the kernel's value, ours, the verdict), sortable. The report's
 * rows are found by shape, so new checks show without a change here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui.h"

enum { PS_UI_CHECK_MAX_COLUMNS = 8 };

/* Verdict words and how they look. */
static const struct {
	const char *word;
	enum ps_ui_elem elem;
} ps_ui_verdict_words[] = {
	{ "ok", PS_UI_ok },	   { "pass", PS_UI_ok },   { "holds", PS_UI_ok },
	{ "equal", PS_UI_ok },	   { "match", PS_UI_ok },  { "true", PS_UI_ok },
	{ "bounded", PS_UI_warn }, { "drift", PS_UI_warn }, { "transient", PS_UI_warn },
	{ "skip", PS_UI_warn },	   { "unknown", PS_UI_warn }, { "fail", PS_UI_bad },
	{ "mismatch", PS_UI_bad }, { "broken", PS_UI_bad }, { "false", PS_UI_bad },
};

static enum ps_ui_elem ps_ui_verdict_elem(const char *value)
{
	for (size_t i = 0; i < sizeof(ps_ui_verdict_words) / sizeof(ps_ui_verdict_words[0]); i++) {
		if (!strncasecmp(value, ps_ui_verdict_words[i].word,
				 strlen(ps_ui_verdict_words[i].word)))
			return ps_ui_verdict_words[i].elem;
	}
	return PS_UI_normal;
}

static bool ps_ui_is_rows(struct json_object *a)
{
	return a && json_object_is_type(a, json_type_array) &&
	       json_object_array_length(a) &&
	       json_object_is_type(json_object_array_get_idx(a, 0), json_type_object);
}

/* The table: "checks", or the first array of objects, or the root. */
static struct json_object *ps_ui_check_rows(struct json_object *root)
{
	struct json_object *checks = ps_ui_json(root, "checks");

	if (ps_ui_is_rows(checks))
		return checks;
	if (ps_ui_is_rows(root))
		return root;
	if (json_object_is_type(root, json_type_object)) {
		json_object_object_foreach(root, key, v) {
			(void)key;
			if (ps_ui_is_rows(v))
				return v;
		}
	}
	return NULL;
}

struct ps_ui_check_table {
	struct json_object *rows;
	size_t nr_rows;
	size_t nr_columns;
	const char *columns[PS_UI_CHECK_MAX_COLUMNS];
	int widths[PS_UI_CHECK_MAX_COLUMNS];
	int verdict;		/* column, or -1 */
	size_t *order;		/* rows, sorted */
};

static const char *ps_ui_check_cell(const struct ps_ui_check_table *t, size_t row,
				    size_t col)
{
	struct json_object *v = ps_ui_json(json_object_array_get_idx(t->rows, row),
					   t->columns[col]);

	return v ? json_object_get_string(v) : "";
}

static void ps_ui_check_columns(struct ps_ui_check_table *t)
{
	struct json_object *first = json_object_array_get_idx(t->rows, 0);

	t->verdict = -1;
	json_object_object_foreach(first, key, v) {
		if (t->nr_columns == PS_UI_CHECK_MAX_COLUMNS ||
		    json_object_is_type(v, json_type_object) ||
		    json_object_is_type(v, json_type_array))
			continue;
		if (!strcmp(key, "verdict") || !strcmp(key, "result") || !strcmp(key, "status"))
			t->verdict = (int)t->nr_columns;
		t->columns[t->nr_columns++] = key;
	}
	for (size_t c = 0; c < t->nr_columns; c++) {
		t->widths[c] = (int)strlen(t->columns[c]);
		for (size_t r = 0; r < t->nr_rows; r++) {
			int w = (int)strlen(ps_ui_check_cell(t, r, c));

			if (w > t->widths[c])
				t->widths[c] = w > 40 ? 40 : w;
		}
	}
}

static const struct ps_ui_check_table *ps_ui_check_sorting;
static int ps_ui_check_sort_col;
static bool ps_ui_check_sort_reverse;

static int ps_ui_check_compare(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const char *va = ps_ui_check_cell(ps_ui_check_sorting, ra, (size_t)ps_ui_check_sort_col);
	const char *vb = ps_ui_check_cell(ps_ui_check_sorting, rb, (size_t)ps_ui_check_sort_col);
	char *ea, *eb;
	double na = strtod(va, &ea), nb = strtod(vb, &eb);
	int cmp = *va && *vb && !*ea && !*eb ? (na < nb ? -1 : na > nb) : strcmp(va, vb);

	if (ps_ui_check_sort_reverse)
		cmp = -cmp;
	return cmp ? cmp : (ra < rb ? -1 : 1);
}

static bool ps_ui_check_table(struct ps_ui *ui, struct json_object *root,
			      struct ps_ui_check_table *t)
{
	memset(t, 0, sizeof(*t));
	t->rows = ps_ui_check_rows(root);
	if (!t->rows)
		return false;
	t->nr_rows = json_object_array_length(t->rows);
	ps_ui_check_columns(t);
	t->order = calloc(t->nr_rows, sizeof(*t->order));
	if (!t->order)
		return false;
	for (size_t i = 0; i < t->nr_rows; i++)
		t->order[i] = i;
	if (ui->check.sort >= (int)t->nr_columns)
		ui->check.sort = 0;
	ps_ui_check_sorting = t;
	ps_ui_check_sort_col = ui->check.sort;
	ps_ui_check_sort_reverse = ui->check.reverse;
	qsort(t->order, t->nr_rows, sizeof(*t->order), ps_ui_check_compare);
	return true;
}

static void ps_ui_check_row(struct ps_ui_canvas *c, int y,
			    const struct ps_ui_check_table *t, size_t row, bool sel)
{
	int x = 0;

	for (size_t col = 0; col < t->nr_columns; col++) {
		const char *v = ps_ui_check_cell(t, row, col);
		enum ps_ui_elem e = (int)col == t->verdict ? ps_ui_verdict_elem(v) : PS_UI_normal;

		ps_ui_text(c, y, x, t->widths[col], sel ? PS_UI_cursor : e, v);
		x += t->widths[col] + 2;
	}
	if (sel)
		ps_ui_paint(c, y, 0, c->width, PS_UI_cursor);
}

static void ps_ui_check_unavailable(struct ps_ui_canvas *c, struct ps_ui_rect area,
				    const struct ps_ui_report *r)
{
	ps_ui_text(c, area.y, 0, -1, PS_UI_header, "Check: counters against what the kernel's structures hold");
	if (r->state == PS_UI_FAILED)
		ps_ui_printf(c, area.y + 2, 2, -1, PS_UI_bad, "check: %s", r->error);
	else
		ps_ui_text(c, area.y + 2, 2, -1, PS_UI_dim,
			   "not available: this build has no `check` command.");
	ps_ui_text(c, area.y + 4, 2, -1, PS_UI_dim,
		   "When it is there, this screen shows its table: nr_free_pages against the buddy");
	ps_ui_text(c, area.y + 5, 2, -1, PS_UI_dim,
		   "lists, nr_anon_partially_mapped against the split queues, list_lru nr_items,");
	ps_ui_text(c, area.y + 6, 2, -1, PS_UI_dim,
		   "HardwareCorrupted against PG_hwpoison pages, each with its verdict.");
	ps_ui_status(c, area, PS_UI_status, "Check");
}

static void ps_ui_check_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			     struct ps_ui_rect area)
{
	struct ps_ui_report *r = ps_ui_data_report(&ui->data, PS_UI_REPORT_check);
	struct ps_ui_table_state *s = &ui->check;
	struct ps_ui_check_table t;
	int x = 0;

	if (r->state != PS_UI_LOADED) {
		ps_ui_check_unavailable(c, area, r);
		return;
	}
	if (!ps_ui_check_table(ui, r->json, &t)) {
		ps_ui_text(c, area.y, 0, -1, PS_UI_bad, "check: a report without a table");
		free(t.order);
		return;
	}
	ps_ui_printf(c, area.y, 0, -1, r->exit_status ? PS_UI_bad : PS_UI_ok,
		     "Check: %zu checks, %s", t.nr_rows,
		     r->exit_status ? "SOME DO NOT HOLD" : "all hold");
	for (size_t col = 0; col < t.nr_columns; col++) {
		ps_ui_text(c, area.y + 2, x, t.widths[col],
			   (int)col == s->sort ? PS_UI_key : PS_UI_header, t.columns[col]);
		x += t.widths[col] + 2;
	}
	s->visible_rows = area.h - 5;
	if (s->cursor >= (int)t.nr_rows)
		s->cursor = (int)t.nr_rows - 1;
	ps_ui_scroll_to(s->cursor, s->visible_rows, &s->top);
	for (int i = 0; i < s->visible_rows && s->top + i < (int)t.nr_rows; i++)
		ps_ui_check_row(c, area.y + 3 + i, &t, t.order[s->top + i], s->top + i == s->cursor);
	ps_ui_status(c, area, PS_UI_status, "s: sort by %s | r: reverse",
		     t.nr_columns ? t.columns[s->sort] : "-");
	free(t.order);
}

static unsigned ps_ui_check_key(struct ps_ui *ui, enum ps_ui_action act)
{
	struct ps_ui_report *r = ps_ui_data_report(&ui->data, PS_UI_REPORT_check);
	struct json_object *rows = r->state == PS_UI_LOADED ? ps_ui_check_rows(r->json) : NULL;
	int nr = rows ? (int)json_object_array_length(rows) : 0;

	switch (act) {
	case PS_ACT_sort_next:
		ui->check.sort++;	/* wraps when drawn */
		ui->check.reverse = false;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_sort_reverse:
		ui->check.reverse = !ui->check.reverse;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	default:
		return ps_ui_table_move(&ui->check, act, nr);
	}
}

const struct ps_ui_screen_ops ps_ui_check_screen = {
	.name = "Check",
	.id = PS_UI_SCR_CHECK,
	.draw = ps_ui_check_draw,
	.key = ps_ui_check_key,
};
