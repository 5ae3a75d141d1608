// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Go to a page and search for one: keys the map and the page inspector
 * share. A pfn found is shown by the inspector when it is the screen,
 * else on the map.
 */
#include <inttypes.h>
#include <stdio.h>

#include "ui.h"

/* The inspector shows the page in place; elsewhere the map shows it. */
static unsigned ps_ui_goto_show(struct ps_ui *ui, uint64_t pfn)
{
	if (ui->screen == &ps_ui_page_screen)
		return ps_ui_inspect(ui, pfn);
	return ps_ui_show(ui, &ps_ui_map_screen, pfn, PS_UI_ZOOM_PAGE);
}

static unsigned ps_ui_goto_done(struct ps_ui *ui, const char *text)
{
	char err[PS_UI_MSG_LEN];
	uint64_t pfn;

	if (!*text)
		return PS_UI_HANDLED;
	if (!ps_ui_data_resolve(&ui->data, text, &pfn, err, sizeof(err))) {
		ps_ui_message(ui, PS_UI_bad, "%s", err);
		return PS_UI_HANDLED;
	}
	return ps_ui_goto_show(ui, pfn);
}

/*
 * Search after the page under the cursor: the inspector's page, else the
 * map's; a cursor on a block starts at the block's first page.
 */
static uint64_t ps_ui_search_from(struct ps_ui *ui)
{
	uint64_t pfn;
	bool exact;

	if (!ps_ui_cursor_pfn(ui, ui->screen, &pfn, &exact) &&
	    !ps_ui_cursor_pfn(ui, &ps_ui_map_screen, &pfn, &exact))
		return 0;
	if (exact)
		return pfn;
	return pfn ? pfn - 1 : 0;
}

static unsigned ps_ui_search_done(struct ps_ui *ui, const char *text)
{
	struct ps_error *err;
	uint64_t from = ps_ui_search_from(ui), pfn = 0;
	bool found;

	if (*text)
		snprintf(ui->search, sizeof(ui->search), "%s", text);
	ps_ui_busy(ui, "searching", -1);
	err = ps_view_find_page(ui->data.t, ui->search, from, &ui->data.progress,
				&pfn, &found);
	if (err) {
		ps_ui_message(ui, PS_UI_bad, "%s", ps_error_message(err));
		ps_error_destroy(err);
		return PS_UI_HANDLED;
	}
	if (!found) {
		ps_ui_message(ui, PS_UI_warn, "no %s page", ui->search);
		return PS_UI_HANDLED;
	}
	ps_ui_message(ui, PS_UI_normal, "%s: pfn 0x%" PRIx64 " (%" PRIu64 ")%s", ui->search,
		      pfn, pfn, pfn <= from ? ", wrapped around" : "");
	return ps_ui_goto_show(ui, pfn);
}

unsigned ps_ui_goto_key(struct ps_ui *ui, enum ps_ui_action act)
{
	switch (act) {
	case PS_ACT_goto_pfn:
		ps_ui_prompt_start(ui, "go to (PFN, phys:ADDR, kernel address): ", NULL,
				   ps_ui_goto_done);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_search:
		ps_ui_prompt_start(ui, "search for: ", ui->search, ps_ui_search_done);
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_search_next:
		return ps_ui_search_done(ui, "") | PS_UI_REDRAW;
	default:
		return 0;
	}
}
