// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "base/text.h"

static bool ps_text_is_printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

bool ps_text_printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!ps_text_is_printable((unsigned char)s[i]))
			return false;
	}
	return true;
}

const char *ps_text_safe(const char *s, size_t len, char *buf, size_t size)
{
	static const char more[] = "...";
	size_t out = 0;

	if (!size)
		return buf;
	for (size_t i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = ps_text_is_printable(c) ? 1 : 4;

		if (out + need + sizeof(more) > size) {
			if (out + sizeof(more) <= size)
				for (size_t k = 0; k < sizeof(more); k++)
					buf[out++] = more[k];
			buf[size - 1] = '\0';
			return buf;
		}
		if (need == 1)
			buf[out++] = (char)c;
		else
			out += (size_t)snprintf(buf + out, 5, "\\x%02x", c);
	}
	buf[out] = '\0';
	return buf;
}
