// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>

#include "layout/layout.h"
#include "layout/pageflags.h"

const struct ps_pageflag_info ps_pageflag_info[PS_PG_NR] = {
#define PS_PG_INFO(n, k, p, m) \
	[PS_PG_##n] = { .name = #n, .kind = PS_PGK_##k, .policy = PS_PGP_##p, .meaning = m },
	PS_PAGEFLAGS(PS_PG_INFO)
#undef PS_PG_INFO
};

const char *ps_pageflags_names(const struct ps_lval *bits, uint64_t flags,
			       char *buf, size_t len)
{
	uint64_t done = 0;
	size_t used = 0;

	buf[0] = '\0';
	for (int f = 0; f < PS_PG_NR && used < len; f++) {
		const struct ps_lval *v = &bits[f];

		if (ps_pageflag_info[f].kind != PS_PGK_BIT || !v->present ||
		    v->value >= 64 || !(flags & (1ULL << v->value)) ||
		    (done & (1ULL << v->value)))
			continue;
		done |= 1ULL << v->value;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? "," : "", ps_pageflag_info[f].name);
	}
	return buf;
}
