// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"

void ps_ui_doc_init(struct ps_ui_doc *d, struct ps_ui_canvas *c,
		    struct ps_ui_rect area, int top)
{
	d->c = c;
	d->area = area;
	d->top = top < 0 ? 0 : top;
	d->nr_lines = 0;
}

static int ps_ui_doc_row(struct ps_ui_doc *d)
{
	int line = d->nr_lines++;

	if (line < d->top || line >= d->top + d->area.h)
		return -1;
	return d->area.y + line - d->top;
}

int ps_ui_doc_line(struct ps_ui_doc *d, enum ps_ui_elem elem, const char *fmt,
		   ...)
{
	char buf[1024];
	int y = ps_ui_doc_row(d);
	va_list ap;

	if (y < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ps_ui_text(d->c, y, d->area.x, d->area.w, elem, buf);
	return y;
}

int ps_ui_doc_pair(struct ps_ui_doc *d, int indent, int label_width,
		   enum ps_ui_elem label_elem, const char *label,
		   enum ps_ui_elem value_elem, const char *fmt, ...)
{
	char buf[1024];
	int y = ps_ui_doc_row(d), x;
	va_list ap;

	if (y < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x = d->area.x + indent;
	ps_ui_text(d->c, y, x, label_width, label_elem, label);
	ps_ui_text(d->c, y, x + label_width + 1,
		   d->area.w - indent - label_width - 1, value_elem, buf);
	return y;
}

void ps_ui_doc_para(struct ps_ui_doc *d, int indent, enum ps_ui_elem elem,
		    const char *text)
{
	int width = d->area.w - indent - 1;

	if (width < 20)
		width = 20;
	while (*text) {
		int len = (int)strlen(text), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		ps_ui_doc_line(d, elem, "%*s%.*s", indent, "", cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}
