// SPDX-License-Identifier: GPL-2.0-or-later
/* The Help screen, printed from the key table: no binding without its line. */
#include <stdio.h>

#include "doc.h"
#include "ui.h"

struct ps_ui_help_state {
	int top, visible;	/* first line shown, lines shown */
};

static struct ps_ui_help_state *ps_ui_help(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_HELP);
}

/* Help's sections: which actions each lists. */
static const struct {
	const char *title;
	unsigned where;
} ps_ui_help_sections[] = {
	{ "Everywhere", PS_UI_IN_ALL },
	{ "Map and page inspector", PS_UI_IN_PAGES },
	{ "Map", PS_UI_IN_MAP },
	{ "Tables (gigablocks, check)", PS_UI_IN_TABLES },
	{ "Page inspector", PS_UI_IN_PAGE },
};

static void ps_ui_help_section(struct ps_ui_doc *d, size_t s)
{
	bool any = false;

	for (size_t i = 0; i < PS_ACT_NR - 1; i++) {
		const struct ps_ui_binding *b = &ps_ui_bindings[i];
		char keys[48];

		if (b->where != ps_ui_help_sections[s].where)
			continue;
		if (!any)
			ps_ui_doc_line(d, PS_UI_header, "%s", ps_ui_help_sections[s].title);
		any = true;
		ps_ui_doc_pair(d, 2, 16, PS_UI_key, ps_ui_binding_keys(b, keys, sizeof(keys)),
			       PS_UI_normal, "%s", b->help);
	}
	if (any)
		ps_ui_doc_line(d, PS_UI_normal, "%s", "");
}

static void ps_ui_help_legend(struct ps_ui_doc *d)
{
	ps_ui_doc_line(d, PS_UI_header, "Reading the map");
	ps_ui_doc_para(d, 2, PS_UI_normal,
		       "A band is a gigablock (1 GiB of physical memory, PUD-sized); a cell is one "
		       "or more 2 MiB pageblocks. A cell of several pageblocks shows the one that "
		       "constrains most (Unmovable over Movable, hwpoison over clean). Enter zooms: "
		       "a gigablock shows one cell per pageblock, a pageblock one cell per page, a "
		       "page opens the inspector. Cells that changed at the last live refresh are "
		       "underlined. m and M cycle the modes; in owner mode a cell is the owner kind "
		       "holding most of its pageblock's pages, and a pane lists the largest owners "
		       "of the pageblock under the cursor. The map and the owners are walked in the "
		       "background: the status line says how far, and keys work meanwhile.");
	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Page cells (one letter per page)");
	for (size_t i = 1; i < ps_view_page_nr_classes(); i++) {
		const struct ps_view_class *k = ps_view_page_class((unsigned)i);
		int y = ps_ui_doc_pair(d, 4, 16, PS_UI_normal, k->name, PS_UI_normal, "%s",
				       k->meaning);

		if (y >= 0)
			ps_ui_swatch(d->c, y, d->area.x + 2, k->glyph, k->rgb, 0);
	}
}

static void ps_ui_help_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			    struct ps_ui_rect area)
{
	struct ps_ui_rect body = { area.y + 1, 1, area.h - 2, area.w - 1 };
	struct ps_ui_doc d;

	ps_ui_text(c, area.y, 0, -1, PS_UI_header, "Help: keys, from the one key table");
	ps_ui_help(ui)->visible = body.h;
	ps_ui_doc_init(&d, c, body, ps_ui_help(ui)->top);
	for (size_t s = 0; s < sizeof(ps_ui_help_sections) / sizeof(ps_ui_help_sections[0]); s++)
		ps_ui_help_section(&d, s);
	ps_ui_help_legend(&d);
	if (ps_ui_help(ui)->top > d.nr_lines - body.h)
		ps_ui_help(ui)->top = d.nr_lines > body.h ? d.nr_lines - body.h : 0;
	ps_ui_status(c, area, PS_UI_status, "? or Esc: close help | Up/Down: scroll");
}

static unsigned ps_ui_help_key(struct ps_ui *ui, enum ps_ui_action act)
{
	int page = ps_ui_help(ui)->visible > 1 ? ps_ui_help(ui)->visible - 1 : 1;

	switch (act) {
	case PS_ACT_up:
		ps_ui_help(ui)->top -= ps_ui_help(ui)->top > 0;
		break;
	case PS_ACT_down:
		ps_ui_help(ui)->top++;
		break;
	case PS_ACT_page_up:
		ps_ui_help(ui)->top = ps_ui_help(ui)->top > page ? ps_ui_help(ui)->top - page : 0;
		break;
	case PS_ACT_page_down:
		ps_ui_help(ui)->top += page;
		break;
	case PS_ACT_home:
		ps_ui_help(ui)->top = 0;
		break;
	default:
		return 0;
	}
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

const struct ps_ui_screen_ops ps_ui_help_screen = {
	.name = "Help",
	.id = PS_UI_SCR_HELP,
	.state_size = sizeof(struct ps_ui_help_state),
	.draw = ps_ui_help_draw,
	.key = ps_ui_help_key,
};
