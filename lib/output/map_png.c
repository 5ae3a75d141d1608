// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The map as a PNG image worth posting to linux-mm: a row per gigablock
 * labelled with its physical address and first pfn, an axis of offsets
 * inside the gigablock, a legend with the letters the text map uses, and
 * a line saying what a cell is. libgd's built-in fonts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "output/gd_lazy.h"
#include "analysis/map.h"

enum {
	PS_PNG_CELL = 2,	/* pixels per pageblock */
	PS_PNG_BAND = 20,	/* pixels per gigablock */
	PS_PNG_GAP = 4,
	PS_PNG_LABEL = 112,	/* row labels: "1 GiB pfn 0x40000" */
	PS_PNG_TITLE = 24,
	PS_PNG_AXIS = 18,	/* offsets inside a gigablock, above the rows */
	PS_PNG_LEGEND_ROW = 18,
	PS_PNG_LEGEND_COLS = 4,
	PS_PNG_MARGIN = 8,
	PS_PNG_TICKS = 8,	/* axis ticks per gigablock */
};

struct ps_png {
	const struct ps_gd *gd;
	gdImagePtr im;
	gdFontPtr font;
	int colour[PS_MAP_MAX_CLASSES];
	int fg;
};

static int ps_png_legend_rows(const struct ps_map *m)
{
	return (int)((m->legend.nr - 1 + PS_PNG_LEGEND_COLS - 1) / PS_PNG_LEGEND_COLS);
}

static int ps_png_bands_top(void)
{
	return PS_PNG_TITLE + PS_PNG_AXIS;
}

static void ps_png_text(struct ps_png *p, int x, int y, const char *text)
{
	p->gd->gdImageString(p->im, p->font, x, y, (unsigned char *)text, p->fg);
}

/* "+0", "+128M", ... above the cells, a tick every 1/8 of a gigablock. */
static void ps_png_axis(struct ps_png *p, const struct ps_map *m)
{
	uint64_t row_mib = (m->blocks_per_row << (m->pageblock_order + m->page_shift)) >> 20;
	int y = PS_PNG_TITLE;

	for (unsigned i = 0; i < PS_PNG_TICKS; i++) {
		int x = PS_PNG_LABEL + (int)(m->blocks_per_row * i / PS_PNG_TICKS) * PS_PNG_CELL;
		char label[24];

		snprintf(label, sizeof(label), "+%" PRIu64 "M", row_mib * i / PS_PNG_TICKS);
		ps_png_text(p, x + 2, y, label);
		p->gd->gdImageLine(p->im, x, y, x, y + PS_PNG_AXIS - 2, p->fg);
	}
}

static void ps_png_bands(struct ps_png *p, const struct ps_map *m)
{
	for (size_t row = 0; row < m->nr_rows; row++) {
		int y = ps_png_bands_top() + (int)row * (PS_PNG_BAND + PS_PNG_GAP);
		uint64_t start = m->row_pfn[row] << m->page_shift;
		char label[48];

		snprintf(label, sizeof(label), "%" PRIu64 " GiB", start >> 30);
		ps_png_text(p, 4, y, label);
		snprintf(label, sizeof(label), "pfn %#" PRIx64, m->row_pfn[row]);
		ps_png_text(p, 4, y + 10, label);
		for (size_t b = 0; b < m->blocks_per_row; b++) {
			int x = PS_PNG_LABEL + (int)b * PS_PNG_CELL;

			p->gd->gdImageFilledRectangle(p->im, x, y, x + PS_PNG_CELL - 1,
						      y + PS_PNG_BAND - 1,
						      p->colour[ps_map_cell(m, row, b, 1)]);
		}
	}
}

/* Swatches with the text map's letter and the class's name; what a cell is. */
static void ps_png_legend(struct ps_png *p, const struct ps_map *m, int top)
{
	char text[160];

	for (size_t i = 1; i < m->legend.nr; i++) {
		int x = 4 + (int)((i - 1) % PS_PNG_LEGEND_COLS) * 200;
		int y = top + (int)((i - 1) / PS_PNG_LEGEND_COLS) * PS_PNG_LEGEND_ROW;

		p->gd->gdImageFilledRectangle(p->im, x, y, x + 11, y + 11, p->colour[i]);
		p->gd->gdImageRectangle(p->im, x, y, x + 11, y + 11, p->fg);
		snprintf(text, sizeof(text), "%c %s", m->legend.classes[i].glyph,
			 m->legend.classes[i].name);
		ps_png_text(p, x + 16, y, text);
	}
	snprintf(text, sizeof(text),
		 "one row = one gigablock (%" PRIu64 " MiB); one cell = one pageblock (%" PRIu64 " KiB, %" PRIu64 " pages)",
		 (m->blocks_per_row << (m->pageblock_order + m->page_shift)) >> 20,
		 (UINT64_C(1) << (m->pageblock_order + m->page_shift)) >> 10,
		 UINT64_C(1) << m->pageblock_order);
	ps_png_text(p, 4, top + ps_png_legend_rows(m) * PS_PNG_LEGEND_ROW, text);
}

static void ps_png_palette(struct ps_png *p, const struct ps_map *m, bool classic)
{
	p->gd->gdImageFilledRectangle(p->im, 0, 0, gdImageSX(p->im) - 1,
				      gdImageSY(p->im) - 1,
				      p->gd->gdImageColorAllocate(p->im, 255, 255, 255));
	p->fg = p->gd->gdImageColorAllocate(p->im, 0, 0, 0);
	for (size_t i = 0; i < m->legend.nr; i++) {
		const uint8_t *rgb = classic ? m->legend.classes[i].rgb_classic
					     : m->legend.classes[i].rgb;

		p->colour[i] = p->gd->gdImageColorAllocate(p->im, rgb[0], rgb[1], rgb[2]);
	}
}

static struct ps_error *ps_png_save(struct ps_png *p, const char *path)
{
	FILE *f = fopen(path, "wbe");

	if (!f)
		return ps_error_os("writing %s", path);
	p->gd->gdImagePng(p->im, f);
	if (fclose(f))
		return ps_error_os("writing %s", path);
	return NULL;
}

struct ps_error *ps_map_write_png(const struct ps_map *m, const char *path,
				  const char *title, bool classic)
{
	int width = PS_PNG_LABEL + (int)m->blocks_per_row * PS_PNG_CELL + PS_PNG_MARGIN;
	int bands = (int)m->nr_rows * (PS_PNG_BAND + PS_PNG_GAP);
	int legend = PS_PNG_GAP + (ps_png_legend_rows(m) + 1) * PS_PNG_LEGEND_ROW;
	int height = ps_png_bands_top() + bands + legend + PS_PNG_MARGIN;
	struct ps_png p = { 0 };
	struct ps_error *err = ps_gd_get(&p.gd);

	if (err)
		return err;
	p.font = p.gd->gdFontGetSmall();
	p.im = p.gd->gdImageCreateTrueColor(width, height);
	if (!p.im)
		return ps_error_nomem();
	ps_png_palette(&p, m, classic);
	ps_png_text(&p, 4, 4, title);
	ps_png_axis(&p, m);
	ps_png_bands(&p, m);
	ps_png_legend(&p, m, ps_png_bands_top() + bands + PS_PNG_GAP);
	err = ps_png_save(&p, path);
	p.gd->gdImageDestroy(p.im);
	return err;
}
