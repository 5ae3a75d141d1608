// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Map screen: physical memory as cells, at three zoom levels: every
 * gigablock as a band of cells (a cell is one or more pageblocks), one
 * gigablock (a cell per pageblock), one pageblock (a cell per page).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "owner_pane.h"
#include "ui.h"

/*
 * A gigablock band takes the lines the screen can give it, between these,
 * before cells merge pageblocks.
 */
enum {
	PS_UI_MIN_LINES_PER_BAND = 1,
	PS_UI_MAX_LINES_PER_BAND = 16,
	PS_UI_MAX_CELLS_PER_LINE = 128,
};

enum ps_ui_map_level {
	PS_UI_LEVEL_MEMORY,	/* gigablocks as bands of cells */
	PS_UI_LEVEL_GIGABLOCK,	/* one gigablock: a cell per pageblock */
	PS_UI_LEVEL_PAGEBLOCK,	/* one pageblock: a cell per page */
};

struct ps_ui_map_state {
	size_t mode;
	enum ps_ui_map_level level;
	size_t row;		/* gigablock row of the map */
	size_t block;		/* pageblock in the row */
	uint64_t page;		/* page in the pageblock */
	bool dense;		/* half-block cells */
	int top;		/* first line shown */
	/* From the last draw: moves follow what is on the screen. */
	int width, visible_lines;
	char live_status[96];	/* what the last live refresh changed */
	char live_when[16];	/* a refresh whose map is still being walked */
};

static struct ps_ui_map_state *ps_ui_map(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_MAP);
}

/* How cells sit on lines at the current level and width. */
struct ps_ui_grid {
	int label_width;
	size_t per_cell;	/* pageblocks (or pages) per cell */
	size_t band_cells;	/* cells of one band */
	size_t cells_per_line;
	size_t sublines;	/* lines of cells per band */
	size_t lines;		/* text lines per band (dense: half) */
	size_t nr_bands;
	uint64_t unit_pages;	/* pages one cell-unit stands for */
};

static size_t ps_ui_div_up(size_t a, size_t b)
{
	return (a + b - 1) / b;
}

static size_t ps_ui_pow2_below(size_t n)
{
	size_t p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

/* Lines a band may take: a share of the screen. */
static size_t ps_ui_band_lines(size_t nr_rows, int height)
{
	size_t lines = nr_rows && height > 0 ? (size_t)height / nr_rows : 0;

	if (lines < PS_UI_MIN_LINES_PER_BAND)
		lines = PS_UI_MIN_LINES_PER_BAND;
	return lines > PS_UI_MAX_LINES_PER_BAND ? PS_UI_MAX_LINES_PER_BAND : lines;
}

static void ps_ui_grid_memory(const struct ps_view_map_shape *s, int width,
			      int height, bool dense, struct ps_ui_grid *g)
{
	size_t avail, max_sub = ps_ui_band_lines(s->nr_rows, height) * (dense ? 2 : 1);

	g->label_width = 16;
	avail = width > g->label_width + 8 ? (size_t)(width - g->label_width - 1) : 8;
	/* Lines of a power of two cells line up on round pfns. */
	if (avail > PS_UI_MAX_CELLS_PER_LINE)
		avail = PS_UI_MAX_CELLS_PER_LINE;
	avail = ps_ui_pow2_below(avail);
	g->per_cell = 1;
	for (;;) {
		g->band_cells = ps_ui_div_up(s->blocks_per_row, g->per_cell);
		g->sublines = ps_ui_div_up(g->band_cells, avail);
		if (g->sublines <= max_sub)
			break;
		g->per_cell *= 2;
	}
	g->cells_per_line = ps_ui_div_up(g->band_cells, g->sublines);
	g->lines = dense ? ps_ui_div_up(g->sublines, 2) : g->sublines;
	g->nr_bands = s->nr_rows;
	g->unit_pages = 1ULL << s->pageblock_order;
}

/* One band of @p cells single cells, labelled by pfn. */
static void ps_ui_grid_flat(size_t cells, uint64_t unit_pages, int width,
			    struct ps_ui_grid *g)
{
	size_t avail;

	g->label_width = 12;
	avail = width > g->label_width + 8 ? (size_t)(width - g->label_width - 1) : 8;
	if (avail > PS_UI_MAX_CELLS_PER_LINE)
		avail = PS_UI_MAX_CELLS_PER_LINE;
	g->per_cell = 1;
	g->band_cells = cells;
	g->cells_per_line = ps_ui_pow2_below(avail);
	if (g->cells_per_line > cells)
		g->cells_per_line = cells;
	g->sublines = ps_ui_div_up(cells, g->cells_per_line);
	g->lines = g->sublines;
	g->nr_bands = 1;
	g->unit_pages = unit_pages;
}

static void ps_ui_grid(const struct ps_ui *ui, const struct ps_view_map_shape *s,
		       int width, int height, struct ps_ui_grid *g)
{
	switch (ps_ui_map(ui)->level) {
	case PS_UI_LEVEL_MEMORY:
		ps_ui_grid_memory(s, width, height, ps_ui_map(ui)->dense, g);
		break;
	case PS_UI_LEVEL_GIGABLOCK:
		ps_ui_grid_flat(s->blocks_per_row, 1ULL << s->pageblock_order,
				width, g);
		break;
	default:
		ps_ui_grid_flat((size_t)1 << s->pageblock_order, 1, width, g);
		break;
	}
}

/* The cursor as a cell index in its band. */
static size_t ps_ui_map_cell_of(const struct ps_ui *ui, const struct ps_ui_grid *g)
{
	switch (ps_ui_map(ui)->level) {
	case PS_UI_LEVEL_MEMORY:
		return ps_ui_map(ui)->block / g->per_cell;
	case PS_UI_LEVEL_GIGABLOCK:
		return ps_ui_map(ui)->block;
	default:
		return (size_t)ps_ui_map(ui)->page;
	}
}

static void ps_ui_map_set_cell(struct ps_ui *ui, const struct ps_ui_grid *g,
			       size_t cell)
{
	switch (ps_ui_map(ui)->level) {
	case PS_UI_LEVEL_MEMORY:
		ps_ui_map(ui)->block = cell * g->per_cell;
		break;
	case PS_UI_LEVEL_GIGABLOCK:
		ps_ui_map(ui)->block = cell;
		break;
	default:
		ps_ui_map(ui)->page = cell;
		break;
	}
}

static uint64_t ps_ui_map_cursor_pfn(const struct ps_ui *ui,
				     const struct ps_view_map *m)
{
	struct ps_view_map_shape s;
	uint64_t pfn;

	ps_view_map_shape(m, &s);
	pfn = ps_view_map_row_pfn(m, ps_ui_map(ui)->row) +
	      ((uint64_t)ps_ui_map(ui)->block << s.pageblock_order);
	return ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK ? pfn + ps_ui_map(ui)->page : pfn;
}

/* ------------------------------------------------------------------ */
/* Drawing the cells                                                  */
/* ------------------------------------------------------------------ */

static const uint8_t ps_ui_cursor_rgb[3] = { 255, 255, 255 };

/* The class of cell @p cell of band @p band, and its flags. */
static const struct ps_view_class *ps_ui_cell_class(struct ps_ui *ui,
						    const struct ps_view_map *m,
						    const struct ps_view_pages *pages,
						    const struct ps_ui_grid *g,
						    size_t band, size_t cell,
						    unsigned *flags)
{
	size_t row = ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY ? band : ps_ui_map(ui)->row;
	size_t first = cell * g->per_cell;
	uint64_t row_pfn = ps_view_map_row_pfn(m, row);

	*flags = 0;
	if (band == (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY ? ps_ui_map(ui)->row : 0) &&
	    cell == ps_ui_map_cell_of(ui, g))
		*flags |= PS_UI_CELL_MARK;
	if (ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK) {
		struct ps_view_map_shape s;

		ps_view_map_shape(m, &s);
		return ps_view_page_class(pages ? ps_view_pages_class(pages, row_pfn +
			((uint64_t)ps_ui_map(ui)->block << s.pageblock_order) + cell) : 0);
	}
	if (ps_ui_data_changed(&ui->data, ps_ui_map(ui)->mode, row_pfn, first, g->per_cell))
		*flags |= PS_UI_CELL_CHANGED;
	return ps_view_map_class(m, ps_ui_map(ui)->mode,
				 ps_view_map_cell(m, ps_ui_map(ui)->mode, row, first,
						  g->per_cell));
}

static void ps_ui_band_label(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			     const struct ps_view_map *m,
			     const struct ps_ui_grid *g, size_t band,
			     size_t line)
{
	struct ps_view_map_shape s;
	struct ps_view_block b;
	char hex[24];
	uint64_t pfn;

	ps_view_map_shape(m, &s);
	if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY) {
		const char *zone = "-";
		bool several = false;

		if (line)
			return;
		pfn = ps_view_map_row_pfn(m, band);
		for (size_t i = 0; i < s.blocks_per_row; i++) {
			if (!ps_view_map_block(m, band, i, &b) || b.node < 0)
				continue;
			several |= strcmp(zone, "-") && strcmp(zone, b.zone);
			if (!strcmp(zone, "-"))
				zone = b.zone;
		}
		ps_ui_printf(c, y, 0, g->label_width,
			     band == ps_ui_map(ui)->row ? PS_UI_header : PS_UI_normal,
			     "gb %4" PRIu64 " %.7s%s", pfn >> s.pud_order, zone,
			     several ? "+" : "");
		return;
	}
	pfn = ps_view_map_row_pfn(m, ps_ui_map(ui)->row);
	if (ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK)
		pfn += (uint64_t)ps_ui_map(ui)->block << s.pageblock_order;
	pfn += line * g->cells_per_line * g->unit_pages;
	snprintf(hex, sizeof(hex), "0x%" PRIx64, pfn);
	ps_ui_printf(c, y, 0, g->label_width, PS_UI_dim, "%10s", hex);
}

static void ps_ui_band_line(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			    const struct ps_view_map *m,
			    const struct ps_view_pages *pages,
			    const struct ps_ui_grid *g, size_t band, size_t line)
{
	int x0 = g->label_width;

	ps_ui_band_label(ui, c, y, m, g, band, line);
	for (size_t col = 0; col < g->cells_per_line; col++) {
		size_t sub = ps_ui_map(ui)->dense ? 2 * line : line;
		size_t cell = sub * g->cells_per_line + col;
		unsigned f1, f2;
		const struct ps_view_class *top, *low;

		if (cell >= g->band_cells)
			break;
		top = ps_ui_cell_class(ui, m, pages, g, band, cell, &f1);
		if (!ps_ui_map(ui)->dense) {
			ps_ui_swatch(c, y, x0 + (int)col, top->glyph, top->rgb, f1);
			continue;
		}
		cell += g->cells_per_line;
		low = cell < g->band_cells
			      ? ps_ui_cell_class(ui, m, pages, g, band, cell, &f2)
			      : ps_view_map_class(m, 0, 0);
		if (cell >= g->band_cells)
			f2 = 0;
		ps_ui_half(c, y, x0 + (int)col,
			   f1 & PS_UI_CELL_MARK ? ps_ui_cursor_rgb : top->rgb,
			   f2 & PS_UI_CELL_MARK ? ps_ui_cursor_rgb : low->rgb,
			   (f1 | f2) & PS_UI_CELL_CHANGED);
	}
}

/* The line (of all bands) the cursor is on. */
static int ps_ui_cursor_line(const struct ps_ui *ui, const struct ps_ui_grid *g)
{
	size_t band = ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY ? ps_ui_map(ui)->row : 0;
	size_t sub = ps_ui_map_cell_of(ui, g) / g->cells_per_line;

	return (int)(band * g->lines + (ps_ui_map(ui)->dense ? sub / 2 : sub));
}

static void ps_ui_draw_grid(struct ps_ui *ui, struct ps_ui_canvas *c, int y0,
			    int height, const struct ps_view_map *m,
			    const struct ps_view_pages *pages,
			    const struct ps_ui_grid *g)
{
	int total = (int)(g->nr_bands * g->lines);

	ps_ui_scroll_to(ps_ui_cursor_line(ui, g), height, &ps_ui_map(ui)->top);
	if (ps_ui_map(ui)->top > total - height)
		ps_ui_map(ui)->top = total > height ? total - height : 0;
	for (int i = 0; i < height && ps_ui_map(ui)->top + i < total; i++) {
		size_t line = (size_t)(ps_ui_map(ui)->top + i);

		ps_ui_band_line(ui, c, y0 + i, m, pages, g, line / g->lines,
				line % g->lines);
	}
}

/* ------------------------------------------------------------------ */
/* Header, legend, details, status                                    */
/* ------------------------------------------------------------------ */

static void ps_ui_draw_header(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			      const struct ps_view_map *m,
			      const struct ps_ui_grid *g)
{
	struct ps_view_map_shape s;
	uint64_t pfn = ps_ui_map_cursor_pfn(ui, m);
	char size[32];

	ps_view_map_shape(m, &s);
	ps_ui_size(g->per_cell * g->unit_pages << s.page_shift, size, sizeof(size));
	switch (ps_ui_map(ui)->level) {
	case PS_UI_LEVEL_MEMORY:
		ps_ui_printf(c, y, 0, -1, PS_UI_header,
			     "Map: %s. One cell = %zu pageblock%s (%s), one band = one gigablock",
			     ps_view_map_mode_description(ps_ui_map(ui)->mode), g->per_cell,
			     g->per_cell > 1 ? "s" : "", size);
		break;
	case PS_UI_LEVEL_GIGABLOCK:
		ps_ui_printf(c, y, 0, -1, PS_UI_header,
			     "Map > gigablock %" PRIu64 ": %s. One cell = 1 pageblock (%s)",
			     pfn >> s.pud_order, ps_view_map_mode_description(ps_ui_map(ui)->mode),
			     size);
		break;
	default:
		ps_ui_printf(c, y, 0, -1, PS_UI_header,
			     "Map > gigablock %" PRIu64 " > pageblock 0x%" PRIx64 ": one cell = 1 page (%s)",
			     pfn >> s.pud_order, pfn >> s.pageblock_order << s.pageblock_order,
			     size);
		break;
	}
}

/* Swatch and name per class, wrapped; returns the lines used. */
static int ps_ui_draw_legend(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			     int max_lines, const struct ps_view_map *m)
{
	bool pages = ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK;
	size_t nr = pages ? ps_view_page_nr_classes()
			  : ps_view_map_nr_classes(m, ps_ui_map(ui)->mode);
	int x = ps_ui_text(c, y, 0, -1, PS_UI_dim, "legend:"), line = 0;
	/* Owner kinds are many: only those the map has. */
	bool only_present = !pages && ps_view_map_mode_needs_owners(ps_ui_map(ui)->mode);
	bool present[256];

	if (only_present)
		ps_ui_classes_present(m, ps_ui_map(ui)->mode, present, 256);
	for (size_t i = 1; i < nr; i++) {
		const struct ps_view_class *k = pages ? ps_view_page_class((unsigned)i)
						      : ps_view_map_class(m, ps_ui_map(ui)->mode, (unsigned)i);
		int need = 4 + (int)strlen(k->name);

		if (only_present && (i >= 256 || !present[i]))
			continue;

		if (x + need > c->width) {
			if (++line >= max_lines)
				break;
			x = 7;
		}
		ps_ui_swatch(c, y + line, x + 1, k->glyph, k->rgb, 0);
		x += 3 + ps_ui_printf(c, y + line, x + 3, -1, PS_UI_normal, "%s ", k->name);
	}
	return line + 1;
}

static void ps_ui_block_text(const struct ps_view_block *b, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s: free %u idle %u movable %u unmovable %u reserved %u poisoned %u | hwpoison %u anon-excl %u | largest free order %d",
		 b->migratetype, b->skip ? " skip" : "", b->isolate ? " isolated" : "",
		 b->free, b->idle, b->movable, b->unmovable, b->reserved, b->poisoned,
		 b->hwpoison, b->anon_exclusive, b->largest_free_order);
}

/* The verdict of the gigablock at @p pfn, from the frag report. */
static const char *ps_ui_verdict(struct ps_ui *ui, uint64_t index)
{
	/* Walked in the background: the map's keys never wait for it. */
	struct ps_ui_report *r = ps_ui_data_report_soon(&ui->data, PS_UI_REPORT_frag);
	struct json_object *gbs = r ? ps_ui_json(r->json, PS_KEY_GIGABLOCKS) : NULL;
	size_t n = gbs ? json_object_array_length(gbs) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(gbs, i);

		if ((uint64_t)ps_ui_json_int(g, PS_KEY_INDEX, -1) == index)
			return ps_ui_json_str(g, PS_KEY_EXPLANATION, "?");
	}
	if (!r)
		return "walking memory... (for its verdict)";
	return r->state == PS_UI_FAILED ? r->error : "?";
}

static void ps_ui_status_memory(struct ps_ui *ui, struct ps_ui_canvas *c,
				struct ps_ui_rect area, const struct ps_view_map *m,
				const struct ps_ui_grid *g)
{
	struct ps_view_map_shape s;
	struct ps_view_block b = { .zone = "-", .node = -1 };
	uint64_t pfn = ps_ui_map_cursor_pfn(ui, m);
	unsigned cls = ps_view_map_cell(m, ps_ui_map(ui)->mode, ps_ui_map(ui)->row,
					ps_ui_map(ui)->block, g->per_cell);

	int percent;

	ps_view_map_shape(m, &s);
	if (ps_ui_data_scanning(&ui->data, &percent)) {
		ps_ui_status(c, area, PS_UI_status,
			     "walking memory... %d%% (the map fills in; keys work)", percent);
		return;
	}
	for (size_t i = ps_ui_map(ui)->block; i < ps_ui_map(ui)->block + g->per_cell; i++) {
		if (ps_view_map_block(m, ps_ui_map(ui)->row, i, &b) && b.node >= 0)
			break;
	}
	ps_ui_status(c, area, PS_UI_status,
		     "pfn 0x%" PRIx64 "-0x%" PRIx64 " | node %d %s | %s | gb %" PRIu64 ": %s",
		     pfn, pfn + g->per_cell * g->unit_pages, b.node, b.zone,
		     ps_view_map_class(m, ps_ui_map(ui)->mode, cls)->name,
		     pfn >> s.pud_order, ps_ui_verdict(ui, pfn >> s.pud_order));
}

static void ps_ui_status_block(struct ps_ui *ui, struct ps_ui_canvas *c,
			       struct ps_ui_rect area, const struct ps_view_map *m)
{
	struct ps_view_map_shape s;
	struct ps_view_block b;

	ps_view_map_shape(m, &s);
	if (!ps_view_map_block(m, ps_ui_map(ui)->row, ps_ui_map(ui)->block, &b))
		return;
	ps_ui_status(c, area, PS_UI_status,
		     "pfn 0x%" PRIx64 "-0x%" PRIx64 " | node %d %s%s | %s | Enter: its pages",
		     b.pfn, b.pfn + ((uint64_t)1 << s.pageblock_order), b.node, b.zone,
		     b.mixed_zones ? "+" : "",
		     ps_view_map_class(m, ps_ui_map(ui)->mode,
				       ps_view_map_cell(m, ps_ui_map(ui)->mode, ps_ui_map(ui)->row,
							ps_ui_map(ui)->block, 1))->name);
}

/* The page's status line: its pfn and flags stay when it must be cut. */
static void ps_ui_status_page_parts(struct ps_ui_canvas *c, struct ps_ui_rect area,
				    struct json_object *p, uint64_t pfn, const char *flags)
{
	char id[32], kind[64], counts[64], order[32];
	const struct ps_ui_part parts[] = {
		{ id, 0 }, { kind, 3 }, { counts, 2 }, { order, 4 }, { flags, 0 },
		{ "Enter: inspect", 5 },
	};

	snprintf(id, sizeof(id), "pfn 0x%" PRIx64, pfn);
	snprintf(kind, sizeof(kind), "%s %s", ps_ui_json_str(p, PS_KEY_TYPE, "?"),
		 ps_ui_json_str(p, PS_KEY_MAPPING_KIND, "?"));
	snprintf(counts, sizeof(counts), "ref %" PRId64 " map %" PRId64,
		 ps_ui_json_int(p, PS_KEY_REFCOUNT, 0), ps_ui_json_int(p, PS_KEY_MAPCOUNT, 0));
	snprintf(order, sizeof(order), "order %" PRId64, ps_ui_json_int(p, PS_KEY_FOLIO_ORDER, 0));
	ps_ui_status_parts(c, area, ps_ui_json_bool(p, PS_KEY_HWPOISON, false) ? PS_UI_bad : PS_UI_status,
			   parts, sizeof(parts) / sizeof(parts[0]));
}

/* What the page under the cursor is, from `page PFN`. */
static void ps_ui_status_page(struct ps_ui *ui, struct ps_ui_canvas *c,
			      struct ps_ui_rect area, const struct ps_view_map *m)
{
	uint64_t pfn = ps_ui_map_cursor_pfn(ui, m);
	char err[PS_UI_MSG_LEN], flags[200] = "";
	struct json_object *p = ps_ui_data_page(&ui->data, pfn, err, sizeof(err));
	struct json_object *names = ps_ui_json(p, PS_KEY_FLAGS);
	size_t used = 0;

	if (!p) {
		ps_ui_status(c, area, PS_UI_status, "pfn 0x%" PRIx64 ": %s", pfn, err);
		return;
	}
	for (size_t i = 0; names && i < json_object_array_length(names) && used < sizeof(flags); i++)
		used += (size_t)snprintf(flags + used, sizeof(flags) - used, "%s%s", i ? "," : "",
					 json_object_get_string(json_object_array_get_idx(names, i)));
	ps_ui_status_page_parts(c, area, p, pfn, *flags ? flags : "no flags");
}

static void ps_ui_draw_details(struct ps_ui *ui, struct ps_ui_canvas *c, int y,
			       const struct ps_view_map *m)
{
	struct ps_view_block b;
	char text[256];

	if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY ||
	    !ps_view_map_block(m, ps_ui_map(ui)->row, ps_ui_map(ui)->block, &b))
		return;
	ps_ui_block_text(&b, text, sizeof(text));
	ps_ui_printf(c, y, 0, -1, PS_UI_dim, "pageblock 0x%" PRIx64 ": %s", b.pfn, text);
}

/* Pageblocks whose class changed in the mode shown: since --before, or the last refresh. */
static size_t ps_ui_map_changes(struct ps_ui *ui)
{
	const struct ps_view_map *m = ui->data.map;
	struct ps_view_map_shape s;
	size_t changed = 0;

	if (!m || (!ui->data.old_map && !ui->data.before))
		return 0;
	ps_view_map_shape(m, &s);
	for (size_t r = 0; r < s.nr_rows; r++) {
		for (size_t b = 0; b < s.blocks_per_row; b++)
			changed += ps_ui_data_changed(&ui->data, ps_ui_map(ui)->mode,
						      ps_view_map_row_pfn(m, r), b, 1);
	}
	return changed;
}

/* A refresh's changes are counted once its map is walked whole. */
static void ps_ui_map_live_done(struct ps_ui *ui)
{
	struct ps_ui_map_state *st = ps_ui_map(ui);
	int percent;

	if (!st->live_when[0] || ps_ui_data_scanning(&ui->data, &percent))
		return;
	snprintf(st->live_status, sizeof(st->live_status), "%s: %zu pageblocks changed",
		 st->live_when, ps_ui_map_changes(ui));
	st->live_when[0] = '\0';
}

/* The owner mode's pass: the owners, or NULL with the status line saying why. */
static const struct ps_view_owners *ps_ui_map_owners(struct ps_ui *ui,
						     struct ps_ui_canvas *c,
						     struct ps_ui_rect area)
{
	const struct ps_view_owners *o;
	const char *err;
	int percent = -1;

	if (!ps_view_map_mode_needs_owners(ps_ui_map(ui)->mode))
		return NULL;
	o = ps_ui_data_owners(&ui->data, &percent, &err);
	if (err)
		ps_ui_status(c, area, PS_UI_bad, "owners: %s", err);
	else if (!o && percent >= 0)
		ps_ui_status(c, area, PS_UI_status,
			     "finding owners of every page... %d%% (keys work)", percent);
	else if (!o)
		ps_ui_status(c, area, PS_UI_status, "finding owners of every page... (keys work)");
	return o;
}

static void ps_ui_map_status(struct ps_ui *ui, struct ps_ui_canvas *c,
			     struct ps_ui_rect area, const struct ps_view_map *m,
			     const struct ps_ui_grid *g, const char *err)
{
	if (err[0])
		ps_ui_status(c, area, PS_UI_bad, "pages of this pageblock: %s", err);
	else if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY)
		ps_ui_status_memory(ui, c, area, m, g);
	else if (ps_ui_map(ui)->level == PS_UI_LEVEL_GIGABLOCK)
		ps_ui_status_block(ui, c, area, m);
	else
		ps_ui_status_page(ui, c, area, m);
}

/* Lines under the grid for the owners of the pageblock under the cursor. */
static int ps_ui_map_pane_lines(const struct ps_ui *ui, int grid_h)
{
	int lines = grid_h - 4;

	if (!ps_view_map_mode_needs_owners(ps_ui_map(ui)->mode) ||
	    ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK)
		return 0;
	lines = lines > PS_UI_OWNER_PANE_LINES ? PS_UI_OWNER_PANE_LINES : lines;
	return lines > 1 ? lines : 0;
}

static void ps_ui_map_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			   struct ps_ui_rect area)
{
	const struct ps_view_map *m = ps_ui_data_map(&ui->data);
	const struct ps_view_pages *pages = NULL;
	const struct ps_view_owners *owners;
	struct ps_view_map_shape s;
	struct ps_ui_grid g;
	char err[PS_UI_MSG_LEN] = "";
	int details, grid_h, pane;

	if (!m) {
		ps_ui_printf(c, area.y, 0, -1, PS_UI_bad, "cannot draw the map: %s",
			     ui->data.map_error);
		ps_ui_status(c, area, PS_UI_status, "R: try again");
		return;
	}
	ps_view_map_shape(m, &s);
	if (ui->palette != &ps_ui_palette_colour || ps_ui_map(ui)->level != PS_UI_LEVEL_MEMORY)
		ps_ui_map(ui)->dense = false;
	details = ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY ? 0 : 1;
	grid_h = area.h - 4 - details - (ui->data.before ? 1 : 0);
	pane = ps_ui_map_pane_lines(ui, grid_h);
	grid_h -= pane;
	ps_ui_grid(ui, &s, area.w, grid_h, &g);
	ps_ui_map(ui)->width = area.w;
	ps_ui_map(ui)->visible_lines = grid_h;
	if (ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK)
		pages = ps_ui_data_pages(&ui->data, ps_ui_map_cursor_pfn(ui, m) - ps_ui_map(ui)->page,
					 1ULL << s.pageblock_order, err, sizeof(err));
	ps_ui_draw_header(ui, c, area.y, m, &g);
	ps_ui_draw_legend(ui, c, area.y + area.h - 3, 2, m);
	ps_ui_draw_grid(ui, c, area.y + 1, grid_h, m, pages, &g);
	ps_ui_draw_details(ui, c, area.y + area.h - 4, m);
	ps_ui_map_status(ui, c, area, m, &g, err);
	owners = ps_ui_map_owners(ui, c, area);
	if (owners && pane)
		ps_ui_owner_pane(c, area.y + 1 + grid_h, pane, owners, ps_ui_map_cursor_pfn(ui, m));
	if (ui->data.before)
		ps_ui_printf(c, area.y + area.h - 4 - details, 0, -1, PS_UI_warn,
			     "since %s: %zu pageblocks changed in this mode (marked)",
			     ui->data.before_name, ps_ui_map_changes(ui));
	ps_ui_map_live_done(ui);
	if (ui->data.live && ps_ui_map(ui)->live_status[0] && area.w > 60)
		ps_ui_printf(c, area.y, area.w - (int)strlen(ps_ui_map(ui)->live_status) - 1, -1,
			     PS_UI_warn, " %s", ps_ui_map(ui)->live_status);
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

/* One cell left or right; at the memory level, on into the next band. */
static void ps_ui_map_step(struct ps_ui *ui, const struct ps_ui_grid *g,
			   int dir, size_t nr_rows)
{
	size_t cell = ps_ui_map_cell_of(ui, g);
	bool memory = ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY;

	if (dir < 0 && cell == 0 && memory && ps_ui_map(ui)->row > 0) {
		ps_ui_map(ui)->row--;
		cell = g->band_cells;
	} else if (dir > 0 && cell + 1 >= g->band_cells && memory &&
		   ps_ui_map(ui)->row + 1 < nr_rows) {
		ps_ui_map(ui)->row++;
		cell = (size_t)-1;
	}
	if (dir < 0 && cell > 0)
		cell--;
	else if (dir > 0 && cell + 1 < g->band_cells)
		cell++;
	ps_ui_map_set_cell(ui, g, cell);
}

/* One line up or down, keeping the column; across bands at the memory level. */
static void ps_ui_map_line(struct ps_ui *ui, const struct ps_ui_grid *g,
			   int dir, size_t nr_rows)
{
	size_t cell = ps_ui_map_cell_of(ui, g), cpl = g->cells_per_line;
	size_t col = cell % cpl, line = cell / cpl;
	bool memory = ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY;

	if (dir < 0 && line > 0) {
		cell -= cpl;
	} else if (dir < 0 && memory && ps_ui_map(ui)->row > 0) {
		ps_ui_map(ui)->row--;
		cell = (g->sublines - 1) * cpl + col;
	} else if (dir > 0 && line + 1 < g->sublines) {
		cell += cpl;
	} else if (dir > 0 && memory && ps_ui_map(ui)->row + 1 < nr_rows) {
		ps_ui_map(ui)->row++;
		cell = col;
	}
	if (cell >= g->band_cells)
		cell = g->band_cells - 1;
	ps_ui_map_set_cell(ui, g, cell);
}

static unsigned ps_ui_map_move(struct ps_ui *ui, enum ps_ui_action act,
			       const struct ps_view_map *m)
{
	struct ps_view_map_shape s;
	struct ps_ui_grid g;
	int screen = ps_ui_map(ui)->visible_lines > 1 ? ps_ui_map(ui)->visible_lines - 1 : 1;

	ps_view_map_shape(m, &s);
	ps_ui_grid(ui, &s, ps_ui_map(ui)->width ? ps_ui_map(ui)->width : 80,
		   ps_ui_map(ui)->visible_lines ? ps_ui_map(ui)->visible_lines : 20, &g);
	switch (act) {
	case PS_ACT_left:
	case PS_ACT_right:
		ps_ui_map_step(ui, &g, act == PS_ACT_left ? -1 : 1, s.nr_rows);
		break;
	case PS_ACT_up:
	case PS_ACT_down:
		ps_ui_map_line(ui, &g, act == PS_ACT_up ? -1 : 1, s.nr_rows);
		break;
	case PS_ACT_page_up:
	case PS_ACT_page_down:
		for (int i = 0; i < screen; i++)
			ps_ui_map_line(ui, &g, act == PS_ACT_page_up ? -1 : 1, s.nr_rows);
		break;
	case PS_ACT_home:
		if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY)
			ps_ui_map(ui)->row = 0;
		ps_ui_map_set_cell(ui, &g, 0);
		break;
	case PS_ACT_end:
		if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY)
			ps_ui_map(ui)->row = s.nr_rows - 1;
		ps_ui_map_set_cell(ui, &g, g.band_cells - 1);
		break;
	default:
		return 0;
	}
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_map_zoom(struct ps_ui *ui, bool in, const struct ps_view_map *m)
{
	if (in && ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK)
		return ps_ui_inspect(ui, ps_ui_map_cursor_pfn(ui, m));
	if (in) {
		ps_ui_map(ui)->level++;
		ps_ui_map(ui)->page = 0;
	} else if (ps_ui_map(ui)->level == PS_UI_LEVEL_MEMORY) {
		return 0;
	} else {
		ps_ui_map(ui)->level--;
	}
	ps_ui_map(ui)->top = 0;
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_map_mode(struct ps_ui *ui, int step)
{
	size_t n = ps_view_map_nr_modes();

	ps_ui_map(ui)->mode = (ps_ui_map(ui)->mode + n + (size_t)(long)step) % n;
	if (ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK)
		ps_ui_message(ui, PS_UI_dim, "map mode: %s (pages keep their own classes; zoom out to see it)",
			      ps_view_map_mode_name(ps_ui_map(ui)->mode));
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_map_dense(struct ps_ui *ui)
{
	if (ui->palette != &ps_ui_palette_colour)
		ps_ui_message(ui, PS_UI_warn, "half-block cells need colour (c: palette)");
	else if (ps_ui_map(ui)->level != PS_UI_LEVEL_MEMORY)
		ps_ui_message(ui, PS_UI_warn, "half-block cells: on the memory level only");
	else
		ps_ui_map(ui)->dense = !ps_ui_map(ui)->dense;
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

/* ------------------------------------------------------------------ */
/* Operations for the manager                                         */
/* ------------------------------------------------------------------ */

static bool ps_ui_map_show(struct ps_ui *ui, uint64_t pfn, enum ps_ui_zoom zoom)
{
	const struct ps_view_map *m = ps_ui_data_map_full(&ui->data);
	struct ps_ui_map_state *st = ps_ui_map(ui);
	struct ps_view_map_shape s;
	size_t row;

	if (!m || !ps_view_map_find_row(m, pfn, &row)) {
		ps_ui_message(ui, PS_UI_warn, "pfn 0x%" PRIx64 " is in no gigablock with memory", pfn);
		return false;
	}
	ps_view_map_shape(m, &s);
	st->row = row;
	st->block = (size_t)((pfn - ps_view_map_row_pfn(m, row)) >> s.pageblock_order);
	st->page = pfn & ((1ULL << s.pageblock_order) - 1);
	st->level = PS_UI_LEVEL_PAGEBLOCK;
	st->top = 0;
	if (zoom == PS_UI_ZOOM_GIGABLOCK) {
		st->level = PS_UI_LEVEL_GIGABLOCK;
		st->block = 0;
	}
	return true;
}

static bool ps_ui_map_cursor(struct ps_ui *ui, uint64_t *pfn_ret, bool *exact_ret)
{
	const struct ps_view_map *m = ui->data.map;

	if (!m)
		return false;
	*pfn_ret = ps_ui_map_cursor_pfn(ui, m);
	*exact_ret = ps_ui_map(ui)->level == PS_UI_LEVEL_PAGEBLOCK;
	return true;
}

static void ps_ui_map_refreshed(struct ps_ui *ui, const char *when, const char *err)
{
	struct ps_ui_map_state *st = ps_ui_map(ui);

	if (err)
		snprintf(st->live_status, sizeof(st->live_status),
			 "%.10s: read failed, will retry: %.50s", when, err);
	else if (ui->data.live && ps_ui_data_map(&ui->data))
		snprintf(st->live_when, sizeof(st->live_when), "%s", when);
	else if (ui->data.live)
		snprintf(st->live_status, sizeof(st->live_status),
			 "%s: map read failed (transient), will retry", when);
}

static unsigned ps_ui_map_key(struct ps_ui *ui, enum ps_ui_action act)
{
	const struct ps_view_map *m = ps_ui_data_map(&ui->data);
	unsigned flags = ps_ui_goto_key(ui, act);

	if (flags || !m)
		return flags;
	switch (act) {
	case PS_ACT_enter:
		return ps_ui_map_zoom(ui, true, m);
	case PS_ACT_back:
		return ps_ui_map_zoom(ui, false, m);
	case PS_ACT_mode_next:
		return ps_ui_map_mode(ui, 1);
	case PS_ACT_mode_prev:
		return ps_ui_map_mode(ui, -1);
	case PS_ACT_dense:
		return ps_ui_map_dense(ui);
	default:
		return ps_ui_map_move(ui, act, m);
	}
}

const struct ps_ui_screen_ops ps_ui_map_screen = {
	.name = "Map",
	.id = PS_UI_SCR_MAP,
	.state_size = sizeof(struct ps_ui_map_state),
	.draw = ps_ui_map_draw,
	.key = ps_ui_map_key,
	.show = ps_ui_map_show,
	.cursor_pfn = ps_ui_map_cursor,
	.refreshed = ps_ui_map_refreshed,
};
