// SPDX-License-Identifier: GPL-2.0-or-later
#include <math.h>
#include <stdio.h>

#include "output/gd_lazy.h"
#include "output/watch_png.h"

enum {
	PS_WP_WIDTH = 800,
	PS_WP_PANEL = 220,	/* each plot's height */
	PS_WP_LEFT = 60,
	PS_WP_RIGHT = 110,	/* the legend */
	PS_WP_TOP = 24,
	PS_WP_GAP = 40,
};

/* Colour-blind-safe (Okabe-Ito), then greys for the rest of the orders. */
static const int ps_wp_colours[][3] = {
	{ 0, 114, 178 }, { 230, 159, 0 }, { 0, 158, 115 }, { 204, 121, 167 },
	{ 86, 180, 233 }, { 213, 94, 0 }, { 240, 228, 66 }, { 0, 0, 0 },
	{ 120, 120, 120 }, { 170, 170, 170 }, { 60, 60, 60 },
};

struct ps_wp {
	const struct ps_gd *gd;
	gdImagePtr im;
	gdFontPtr font;
	int fg, grid;
	const struct ps_watch_sample *s;
	size_t nr;
};

static int ps_wp_x(const struct ps_wp *p, size_t i)
{
	double span = p->s[p->nr - 1].seconds - p->s[0].seconds;
	double at = span > 0 ? (p->s[i].seconds - p->s[0].seconds) / span
			     : (p->nr > 1 ? (double)i / (double)(p->nr - 1) : 0);

	return PS_WP_LEFT + (int)(at * (PS_WP_WIDTH - PS_WP_LEFT - PS_WP_RIGHT));
}

/* A line through @p values (one per sample) in a panel from @p top, 0..max. */
static void ps_wp_line(struct ps_wp *p, int top, const double *values, double max, int colour)
{
	for (size_t i = 1; i < p->nr; i++) {
		int y0 = top + PS_WP_PANEL - (int)(values[i - 1] / max * PS_WP_PANEL);
		int y1 = top + PS_WP_PANEL - (int)(values[i] / max * PS_WP_PANEL);

		p->gd->gdImageLine(p->im, ps_wp_x(p, i - 1), y0, ps_wp_x(p, i), y1, colour);
	}
}

static void ps_wp_frame(struct ps_wp *p, int top, const char *title, const char *ymax)
{
	char label[64];

	p->gd->gdImageRectangle(p->im, PS_WP_LEFT, top, PS_WP_WIDTH - PS_WP_RIGHT, top + PS_WP_PANEL, p->fg);
	p->gd->gdImageString(p->im, p->font, PS_WP_LEFT, top - 14, (unsigned char *)title, p->fg);
	p->gd->gdImageString(p->im, p->font, 4, top, (unsigned char *)ymax, p->fg);
	p->gd->gdImageString(p->im, p->font, 4, top + PS_WP_PANEL - 12, (unsigned char *)"0", p->fg);
	snprintf(label, sizeof(label), "%.1f s", p->s[p->nr - 1].seconds - p->s[0].seconds);
	p->gd->gdImageString(p->im, p->font, PS_WP_WIDTH - PS_WP_RIGHT - 40, top + PS_WP_PANEL + 2,
			     (unsigned char *)label, p->fg);
}

static int ps_wp_colour(struct ps_wp *p, size_t i)
{
	const int *c = ps_wp_colours[i % (sizeof(ps_wp_colours) / sizeof(ps_wp_colours[0]))];

	return p->gd->gdImageColorAllocate(p->im, c[0], c[1], c[2]);
}

/* Free blocks per order, as log2(blocks + 1): every order shows. */
static void ps_wp_orders(struct ps_wp *p, int top, double *v)
{
	char label[32];
	double max = 1;

	for (size_t i = 0; i < p->nr; i++)
		for (unsigned o = 0; o < p->s[i].nr_orders; o++)
			max = fmax(max, log2((double)p->s[i].free_blocks[o] + 1));
	max = ceil(max) + 0.5;
	snprintf(label, sizeof(label), "2^%.1f", max);
	ps_wp_frame(p, top, "free blocks per order (log2 of blocks + 1)", label);
	for (unsigned o = 0; o < p->s[0].nr_orders; o++) {
		int colour = ps_wp_colour(p, o);

		for (size_t i = 0; i < p->nr; i++)
			v[i] = log2((double)p->s[i].free_blocks[o] + 1);
		ps_wp_line(p, top, v, max, colour);
		snprintf(label, sizeof(label), "order %u", o);
		p->gd->gdImageString(p->im, p->font, PS_WP_WIDTH - PS_WP_RIGHT + 8, top + 12 * (int)o,
				     (unsigned char *)label, colour);
	}
}

static void ps_wp_gigablocks(struct ps_wp *p, int top, double *v)
{
	static const char *const names[] = { "tainted", "could be 1 GiB" };
	char label[32];
	double max = 1;

	for (size_t i = 0; i < p->nr; i++)
		max = fmax(max, (double)p->s[i].gigablocks);
	snprintf(label, sizeof(label), "%.0f", max);
	max *= 1.05;	/* a line at the maximum stays off the frame */
	ps_wp_frame(p, top, "gigablocks: tainted by unmovable memory, free or freeable", label);
	for (int k = 0; k < 2; k++) {
		int colour = ps_wp_colour(p, (size_t)k * 5);

		for (size_t i = 0; i < p->nr; i++)
			v[i] = (double)(k ? p->s[i].chances : p->s[i].tainted);
		ps_wp_line(p, top, v, max, colour);
		p->gd->gdImageString(p->im, p->font, PS_WP_WIDTH - PS_WP_RIGHT + 8, top + 12 * k,
				     (unsigned char *)names[k], colour);
	}
}

struct ps_error *ps_watch_png(const struct ps_watch_sample *samples, size_t nr,
			      const char *title, const char *path)
{
	struct ps_wp p = { .s = samples, .nr = nr };
	int height = PS_WP_TOP + 2 * (PS_WP_PANEL + PS_WP_GAP);
	double v[nr ? nr : 1];
	struct ps_error *err = ps_gd_get(&p.gd);
	FILE *f;

	if (err)
		return err;
	if (!nr)
		return ps_error_create(PS_ERR_USAGE, "no samples to plot");
	p.im = p.gd->gdImageCreateTrueColor(PS_WP_WIDTH, height);
	if (!p.im)
		return ps_error_nomem();
	p.font = p.gd->gdFontGetSmall();
	p.gd->gdImageFilledRectangle(p.im, 0, 0, PS_WP_WIDTH - 1, height - 1,
				     p.gd->gdImageColorAllocate(p.im, 255, 255, 255));
	p.fg = p.gd->gdImageColorAllocate(p.im, 0, 0, 0);
	p.gd->gdImageString(p.im, p.font, 4, 4, (unsigned char *)title, p.fg);
	ps_wp_orders(&p, PS_WP_TOP + PS_WP_GAP, v);
	ps_wp_gigablocks(&p, PS_WP_TOP + 2 * PS_WP_GAP + PS_WP_PANEL, v);
	f = fopen(path, "wbe");
	if (!f) {
		p.gd->gdImageDestroy(p.im);
		return ps_error_os("writing %s", path);
	}
	p.gd->gdImagePng(p.im, f);
	p.gd->gdImageDestroy(p.im);
	return fclose(f) ? ps_error_os("writing %s", path) : NULL;
}
