/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A scrolling document: screens that are pages of text (the inspector,
 * help) add lines, and only those in the visible window are drawn.
 */
#ifndef PS_UI_DOC_H
#define PS_UI_DOC_H

#include "canvas.h"

struct ps_ui_doc {
	struct ps_ui_canvas *c;
	struct ps_ui_rect area;	/* where the document shows */
	int top;		/* first line shown */
	int nr_lines;		/* lines added so far */
};

void ps_ui_doc_init(struct ps_ui_doc *d, struct ps_ui_canvas *c,
		    struct ps_ui_rect area, int top);
/* Add a line; drawn when visible. Returns its canvas row, or -1. */
int ps_ui_doc_line(struct ps_ui_doc *d, enum ps_ui_elem elem, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));
/* A label in one element and a value in another. */
int ps_ui_doc_pair(struct ps_ui_doc *d, int indent, int label_width,
		   enum ps_ui_elem label_elem, const char *label,
		   enum ps_ui_elem value_elem, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* A paragraph wrapped at the area's width, indented. */
void ps_ui_doc_para(struct ps_ui_doc *d, int indent, enum ps_ui_elem elem,
		    const char *text);

#endif
