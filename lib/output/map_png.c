// SPDX-License-Identifier: GPL-2.0-or-later
/* The map as a PNG image (libgd, with its built-in font for the legend). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "output/gd_lazy.h"
#include "analysis/map.h"

enum {
	PS_PNG_CELL = 2,	/* pixels per pageblock */
	PS_PNG_BAND = 20,	/* pixels per gigablock */
	PS_PNG_GAP = 4,
	PS_PNG_LABEL = 64,
	PS_PNG_TITLE = 24,
	PS_PNG_LEGEND_ROW = 18,
};

struct ps_png {
	const struct ps_gd *gd;
	gdImagePtr im;
	gdFontPtr font;
	int colour[PS_MAP_MAX_CLASSES];
	int fg;
};

static int ps_png_legend_height(const struct ps_map *m)
{
	return PS_PNG_GAP + PS_PNG_LEGEND_ROW * (int)((m->legend.nr + 3) / 4);
}

static void ps_png_bands(struct ps_png *p, const struct ps_map *m)
{
	for (size_t row = 0; row < m->nr_rows; row++) {
		int y = PS_PNG_TITLE + (int)row * (PS_PNG_BAND + PS_PNG_GAP);
		char label[32];

		snprintf(label, sizeof(label), "gb %" PRIu64,
			 m->row_pfn[row] >> m->pud_order);
		p->gd->gdImageString(p->im, p->font, 4, y + 4, (unsigned char *)label, p->fg);
		for (size_t b = 0; b < m->blocks_per_row; b++) {
			int x = PS_PNG_LABEL + (int)b * PS_PNG_CELL;

			p->gd->gdImageFilledRectangle(p->im, x, y, x + PS_PNG_CELL - 1,
					       y + PS_PNG_BAND - 1,
					       p->colour[ps_map_cell(m, row, b, 1)]);
		}
	}
}

static void ps_png_legend(struct ps_png *p, const struct ps_map *m, int top)
{
	for (size_t i = 1; i < m->legend.nr; i++) {
		int x = PS_PNG_LABEL + (int)((i - 1) % 4) * 200;
		int y = top + (int)((i - 1) / 4) * PS_PNG_LEGEND_ROW;

		p->gd->gdImageFilledRectangle(p->im, x, y, x + 11, y + 11, p->colour[i]);
		p->gd->gdImageRectangle(p->im, x, y, x + 11, y + 11, p->fg);
		p->gd->gdImageString(p->im, p->font, x + 16, y,
			      (unsigned char *)m->legend.classes[i].name, p->fg);
	}
}

struct ps_error *ps_map_write_png(const struct ps_map *m, const char *path,
				  const char *title)
{
	int width = PS_PNG_LABEL + (int)m->blocks_per_row * PS_PNG_CELL + 8;
	int bands = (int)m->nr_rows * (PS_PNG_BAND + PS_PNG_GAP);
	int height = PS_PNG_TITLE + bands + ps_png_legend_height(m) + 8;
	struct ps_png p = { 0 };
	struct ps_error *err = ps_gd_get(&p.gd);
	FILE *f;

	if (err)
		return err;
	p.font = p.gd->gdFontGetSmall();
	p.im = p.gd->gdImageCreateTrueColor(width, height);
	if (!p.im)
		return ps_error_nomem();
	p.gd->gdImageFilledRectangle(p.im, 0, 0, width - 1, height - 1,
			       p.gd->gdImageColorAllocate(p.im, 255, 255, 255));
	p.fg = p.gd->gdImageColorAllocate(p.im, 0, 0, 0);
	for (size_t i = 0; i < m->legend.nr; i++)
		p.colour[i] = p.gd->gdImageColorAllocate(p.im, m->legend.classes[i].rgb[0],
						   m->legend.classes[i].rgb[1],
						   m->legend.classes[i].rgb[2]);
	p.gd->gdImageString(p.im, p.font, 4, 4, (unsigned char *)title, p.fg);
	ps_png_bands(&p, m);
	ps_png_legend(&p, m, PS_PNG_TITLE + bands + PS_PNG_GAP);
	f = fopen(path, "wbe");
	if (!f) {
		p.gd->gdImageDestroy(p.im);
		return ps_error_os("writing %s", path);
	}
	p.gd->gdImagePng(p.im, f);
	p.gd->gdImageDestroy(p.im);
	if (fclose(f))
		return ps_error_os("writing %s", path);
	return NULL;
}
