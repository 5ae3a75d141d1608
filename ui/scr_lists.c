// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Lists screen: the kernel's lists as a folding tree. The buddy free
 * lists come from `free`; list_lrus and deferred split queues from `lru`
 * and `split` when this build has them. Broken lists and anomalies stand
 * out; a row with a pfn opens the page inspector.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tree.h"
#include "ui.h"

struct ps_ui_lists_state {
	struct ps_ui_tree *tree;
	unsigned generation;	/* of the data the tree was built from */
	unsigned adopted;	/* reports walked in the background by then */
	int cursor, top, visible_rows;
};

static struct ps_ui_lists_state *ps_ui_lists(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_LISTS);
}

/* The sections, in order: a report each. */
static const struct {
	enum ps_ui_report_id report;
	const char *title;
} ps_ui_list_sections[] = {
	{ PS_UI_REPORT_free, "Buddy free lists" },
	{ PS_UI_REPORT_lru, "list_lru: lru > node > memcg > entries" },
	{ PS_UI_REPORT_split, "Deferred split queues" },
};

/* ------------------------------------------------------------------ */
/* The free lists                                                     */
/* ------------------------------------------------------------------ */

static void ps_ui_free_order(struct ps_ui_node *zone, struct json_object *o)
{
	struct json_object *by_type = ps_ui_json(o, PS_KEY_BY_MIGRATETYPE);
	int64_t nr = ps_ui_json_int(o, PS_KEY_NR_FREE, 0), walked = ps_ui_json_int(o, PS_KEY_WALKED, 0);
	char types[256] = "";
	size_t used = 0;
	char name[16];

	if (by_type) {
		json_object_object_foreach(by_type, key, v) {
			if (json_object_get_int64(v) && used < sizeof(types))
				used += (size_t)snprintf(types + used, sizeof(types) - used,
							 " %s %" PRId64, key, json_object_get_int64(v));
		}
	}
	snprintf(name, sizeof(name), "%" PRId64, ps_ui_json_int(o, PS_KEY_ORDER, 0));
	ps_ui_node_add(zone, name, nr == walked ? PS_UI_normal : PS_UI_bad,
		       "order %2" PRId64 ": nr_free %" PRId64 ", %" PRId64 " on the lists%s%s",
		       ps_ui_json_int(o, PS_KEY_ORDER, 0), nr, walked,
		       nr == walked ? "" : " (differs)", types);
}

static void ps_ui_free_zone(struct ps_ui_node *section, struct json_object *z)
{
	struct json_object *orders = ps_ui_json(z, PS_KEY_ORDERS);
	struct json_object *broken = ps_ui_json(z, PS_KEY_BROKEN_LISTS);
	size_t nr_broken = broken ? json_object_array_length(broken) : 0;
	int64_t pcp_broken = ps_ui_json_int(z, PS_KEY_PCP_BROKEN_LISTS, 0);
	int64_t free = ps_ui_json_int(z, PS_KEY_FREE_PAGES, 0);
	int64_t counter = ps_ui_json_int(z, PS_KEY_NR_FREE_PAGES, -1);
	struct ps_ui_node *n;
	char name[48];

	snprintf(name, sizeof(name), "%" PRId64 " %s", ps_ui_json_int(z, PS_KEY_NID, 0),
		 ps_ui_json_str(z, PS_KEY_ZONE, "?"));
	n = ps_ui_node_add(section, name,
			   nr_broken || pcp_broken ? PS_UI_bad
			   : free != counter	    ? PS_UI_warn
						    : PS_UI_normal,
			   "node %s: %s%" PRId64 " free pages on the lists, NR_FREE_PAGES %" PRId64 "; per-cpu %" PRId64 " (pcp->count %" PRId64 ")",
			   name, nr_broken || pcp_broken ? "A LIST IS BROKEN; " : "", free,
			   counter, ps_ui_json_int(z, PS_KEY_PCP_PAGES, 0),
			   ps_ui_json_int(z, PS_KEY_PCP_COUNT, 0));
	if (!n)
		return;
	for (size_t i = 0; orders && i < json_object_array_length(orders); i++)
		ps_ui_free_order(n, json_object_array_get_idx(orders, i));
	for (size_t i = 0; i < nr_broken; i++) {
		char idx[32];

		snprintf(idx, sizeof(idx), "broken %zu", i);
		ps_ui_node_add_json(n, idx, json_object_array_get_idx(broken, i));
		n->children[n->nr_children - 1]->elem = PS_UI_bad;
	}
}

static void ps_ui_free_cross_check(struct ps_ui_node *section, struct json_object *x)
{
	struct json_object *anomalies = ps_ui_json(x, PS_KEY_ANOMALIES);
	struct json_object *first = ps_ui_json(x, PS_KEY_FIRST);
	int64_t total = 0;
	struct ps_ui_node *n;

	if (anomalies) {
		json_object_object_foreach(anomalies, key, v) {
			(void)key;
			total += json_object_get_int64(v);
		}
	}
	n = ps_ui_node_add(section, "cross-check", total ? PS_UI_bad : PS_UI_ok,
			   "cross-check of %" PRId64 " listed blocks against PageBuddy: %s",
			   ps_ui_json_int(x, PS_KEY_BLOCKS_LISTED, 0),
			   total ? "ANOMALIES" : "every PageBuddy head on exactly one list of its order");
	if (!n)
		return;
	if (anomalies) {
		json_object_object_foreach(anomalies, key, v) {
			ps_ui_node_add(n, key, json_object_get_int64(v) ? PS_UI_bad : PS_UI_normal,
				       "%-52s %" PRId64, key, json_object_get_int64(v));
		}
	}
	if (first && json_object_array_length(first))
		ps_ui_node_add_json(n, "first", first);
}

static void ps_ui_free_tree(struct ps_ui_node *section, struct json_object *f)
{
	struct json_object *zones = ps_ui_json(f, PS_KEY_ZONES);

	for (size_t i = 0; zones && i < json_object_array_length(zones); i++)
		ps_ui_free_zone(section, json_object_array_get_idx(zones, i));
	ps_ui_free_cross_check(section, ps_ui_json(f, PS_KEY_CROSS_CHECK));
}

/* ------------------------------------------------------------------ */
/* Sections                                                           */
/* ------------------------------------------------------------------ */

static void ps_ui_section_state(struct ps_ui_node *n, const struct ps_ui_report *r,
				bool live)
{
	char *label = n->label;

	if (r->transient) {
		n->elem = PS_UI_warn;
		if (asprintf(&n->label, "%s  [transient: broken in one walk of a live kernel, intact when walked again]", label) >= 0)
			free(label);
		else
			n->label = label;
	} else if (live && r->state == PS_UI_LOADED && r->walks > 1) {
		n->elem = PS_UI_bad;
		if (asprintf(&n->label, "%s  [broken in each of %u walks]", label, r->walks) >= 0)
			free(label);
		else
			n->label = label;
	}
}

static void ps_ui_section(struct ps_ui *ui, struct ps_ui_tree *t, size_t i)
{
	enum ps_ui_report_id id = ps_ui_list_sections[i].report;
	const char *title = ps_ui_list_sections[i].title;
	const char *cmd = ps_ui_report_names[id];
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, id);
	bool ok = r && r->state == PS_UI_LOADED && r->exit_status == PS_EXIT_OK &&
		  ps_ui_json_bool(r->json, PS_KEY_OK, true);
	struct ps_ui_node *n;

	if (!r) {
		n = ps_ui_node_add(&t->root, cmd, PS_UI_dim,
				   "%s (%s): walking memory... (fills in when it ends)", title, cmd);
		/* Unfolded, as the section it stands for will be. */
		if (n)
			n->expanded = true;
		return;
	}
	if (r->state == PS_UI_FAILED) {
		ps_ui_node_add(&t->root, cmd, PS_UI_bad, "%s: %s", title, r->error);
		return;
	}
	n = ps_ui_node_add(&t->root, cmd, ok ? PS_UI_header : PS_UI_bad, "%s (%s): %s",
			   title, cmd, ok ? "intact" : "BROKEN");
	if (!n)
		return;
	n->expanded = true;
	ps_ui_section_state(n, r, ui->data.live);
	if (id == PS_UI_REPORT_free) {
		ps_ui_free_tree(n, r->json);
		return;
	}
	json_object_object_foreach(r->json, key, v)
		ps_ui_node_add_json(n, key, v);
}

static struct ps_ui_tree *ps_ui_lists_tree(struct ps_ui *ui)
{
	struct ps_ui_lists_state *s = ps_ui_lists(ui);
	struct ps_ui_tree *t;

	if (s->tree && s->generation == ui->data.generation && s->adopted == ui->data.adopted)
		return s->tree;
	t = ps_ui_tree_create();
	if (!t)
		return s->tree;
	for (size_t i = 0; i < sizeof(ps_ui_list_sections) / sizeof(ps_ui_list_sections[0]); i++)
		ps_ui_section(ui, t, i);
	ps_ui_tree_keep_folding(t, s->tree);
	ps_ui_tree_layout(t);
	ps_ui_tree_destroy(s->tree);
	s->tree = t;
	s->generation = ui->data.generation;
	s->adopted = ui->data.adopted;
	return t;
}

static void ps_ui_lists_fini(struct ps_ui *ui)
{
	struct ps_ui_lists_state *s = ps_ui_lists(ui);

	ps_ui_tree_destroy(s->tree);
	s->tree = NULL;
}

/* ------------------------------------------------------------------ */
/* Drawing and keys                                                   */
/* ------------------------------------------------------------------ */

static void ps_ui_lists_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			     struct ps_ui_rect area)
{
	struct ps_ui_tree *t = ps_ui_lists_tree(ui);
	struct ps_ui_lists_state *s = ps_ui_lists(ui);
	const struct ps_ui_node *cur;

	ps_ui_text(c, area.y, 0, -1, PS_UI_header,
		   "Lists: walked and validated like CONFIG_DEBUG_LIST (next->prev == node, cycles, poison)");
	s->visible_rows = area.h - 3;
	if (!t || !t->nr_rows) {
		ps_ui_status(c, area, PS_UI_status, "no lists");
		return;
	}
	if (s->cursor >= (int)t->nr_rows)
		s->cursor = (int)t->nr_rows - 1;
	ps_ui_scroll_to(s->cursor, s->visible_rows, &s->top);
	for (int i = 0; i < s->visible_rows && s->top + i < (int)t->nr_rows; i++) {
		const struct ps_ui_node *n = t->rows[s->top + i];
		bool sel = s->top + i == s->cursor;
		int y = area.y + 2 + i, x = 2 * n->depth;

		x += ps_ui_text(c, y, x, -1, sel ? PS_UI_cursor : PS_UI_dim,
				n->nr_children ? (n->expanded ? "- " : "+ ") : "  ");
		ps_ui_text(c, y, x, -1, sel ? PS_UI_cursor : n->elem, n->label);
		if (sel)
			ps_ui_paint(c, y, 0, c->width, PS_UI_cursor);
	}
	cur = t->rows[s->cursor];
	if (cur->pfn != PS_UI_NO_PFN)
		ps_ui_status(c, area, PS_UI_status, "Enter: open pfn 0x%" PRIx64 " in the inspector",
			     (uint64_t)cur->pfn);
	else
		ps_ui_status(c, area, PS_UI_status, "%s | Enter: fold or unfold",
			     cur->nr_children ? (cur->expanded ? "unfolded" : "folded") : cur->key);
}

static unsigned ps_ui_lists_key(struct ps_ui *ui, enum ps_ui_action act)
{
	struct ps_ui_tree *t = ps_ui_lists_tree(ui);
	struct ps_ui_lists_state *s = ps_ui_lists(ui);
	struct ps_ui_table_state move = { .cursor = s->cursor, .visible_rows = s->visible_rows };
	struct ps_ui_node *n;
	unsigned flags;

	if (!t || !t->nr_rows)
		return 0;
	n = t->rows[s->cursor < (int)t->nr_rows ? s->cursor : 0];
	switch (act) {
	case PS_ACT_enter:
		/* Unfold first; then a row with a page opens it. */
		if ((!n->nr_children || n->expanded) && n->pfn != PS_UI_NO_PFN)
			return ps_ui_inspect(ui, (uint64_t)n->pfn);
		n->expanded = !n->expanded;
		ps_ui_tree_layout(t);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_back:
		if (n->parent && n->parent->depth >= 0) {
			n->parent->expanded = false;
			ps_ui_tree_layout(t);
			for (size_t i = 0; i < t->nr_rows; i++) {
				if (t->rows[i] == n->parent)
					s->cursor = (int)i;
			}
			return PS_UI_HANDLED | PS_UI_REDRAW;
		}
		return 0;
	default:
		flags = ps_ui_table_move(&move, act, (int)t->nr_rows);
		s->cursor = move.cursor;
		return flags;
	}
}

const struct ps_ui_screen_ops ps_ui_lists_screen = {
	.name = "Lists",
	.id = PS_UI_SCR_LISTS,
	.state_size = sizeof(struct ps_ui_lists_state),
	.fini = ps_ui_lists_fini,
	.draw = ps_ui_lists_draw,
	.key = ps_ui_lists_key,
};
