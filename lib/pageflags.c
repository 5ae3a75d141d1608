// SPDX-License-Identifier: GPL-2.0-or-later
#include "pageflags.h"

const struct ps_pageflag_info ps_pageflag_info[PS_PG_NR] = {
#define PS_PG_INFO(n, k, p, m) \
	[PS_PG_##n] = { .name = #n, .kind = PS_PGK_##k, .policy = PS_PGP_##p, .meaning = m },
	PS_PAGEFLAGS(PS_PG_INFO)
#undef PS_PG_INFO
};
