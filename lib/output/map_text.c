// SPDX-License-Identifier: GPL-2.0-or-later
/* The map in a terminal: a band of lines per gigablock, a legend below. */
#include <inttypes.h>

#include "analysis/map.h"

/* The nearest colour of the xterm 256-colour cube. */
static unsigned ps_ansi256(const uint8_t rgb[3])
{
	unsigned c[3];

	for (int i = 0; i < 3; i++)
		c[i] = rgb[i] < 48 ? 0 : rgb[i] < 115 ? 1 : (rgb[i] - 35) / 40;
	return 16 + 36 * c[0] + 6 * c[1] + c[2];
}

static void ps_map_put(FILE *fp, const struct ps_map_class *c, bool colour)
{
	if (colour)
		fprintf(fp, "\033[48;5;%um%c\033[0m", ps_ansi256(c->rgb), c->glyph);
	else
		fputc(c->glyph, fp);
}

static void ps_map_label(FILE *fp, const struct ps_map *m, size_t row,
			 const struct ps_map_geometry *g)
{
	char label[32];

	snprintf(label, sizeof(label), "gb %-3" PRIu64,
		 m->row_pfn[row] >> m->pud_order);
	fprintf(fp, "%-*s", (int)g->label_width, label);
}

static void ps_map_band(FILE *fp, const struct ps_map *m, size_t row,
			const struct ps_map_geometry *g, bool colour)
{
	for (size_t line = 0; line < g->lines_per_row; line++) {
		if (line)
			fprintf(fp, "%*s", (int)g->label_width, "");
		else
			ps_map_label(fp, m, row, g);
		for (size_t c = 0; c < g->cells_per_line; c++) {
			size_t first = (line * g->cells_per_line + c) * g->blocks_per_cell;

			if (first >= m->blocks_per_row)
				break;
			ps_map_put(fp, &m->legend.classes[ps_map_cell(m, row, first,
								      g->blocks_per_cell)],
				   colour);
		}
		fputc('\n', fp);
	}
}

static void ps_map_legend_print(FILE *fp, const struct ps_map *m, bool colour)
{
	fprintf(fp, "legend:");
	for (size_t i = 1; i < m->legend.nr; i++) {
		fputc(' ', fp);
		ps_map_put(fp, &m->legend.classes[i], colour);
		fprintf(fp, " %s", m->legend.classes[i].name);
	}
	fprintf(fp, "\n");
}

void ps_map_print(const struct ps_map *m, FILE *fp, size_t width, bool colour)
{
	struct ps_map_geometry g;

	ps_map_geometry(m, width, &g);
	fprintf(fp, "%s: one cell = %zu pageblock(s) of %llu KiB, one band = one gigablock; a cell shows its most %s block\n",
		ps_map_mode_descriptions[m->mode], g.blocks_per_cell,
		1ULL << (m->pageblock_order + m->page_shift - 10),
		m->mode == PS_MAP_free ? "occupied" : "constraining");
	for (size_t row = 0; row < m->nr_rows; row++)
		ps_map_band(fp, m, row, &g, colour);
	ps_map_legend_print(fp, m, colour);
}
