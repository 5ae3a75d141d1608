/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The resolved layout against what an x86_64 kernel can have: every
 * number a walker shifts by, allocates by or loops to, checked once at
 * open, whether it came from VMCOREINFO, DWARF, BTF, crash or the cache.
 */
#ifndef PS_LAYOUT_CHECK_H
#define PS_LAYOUT_CHECK_H

#include "base/error.h"
#include "dump/mem.h"
#include "layout/layout.h"

/*
 * PS_ERR_CORRUPT for the first impossible value: "damaged dump:
 * NUMBER(SECTION_SIZE_BITS)=63 is impossible (why)".
 */
struct ps_error *ps_layout_check(const struct ps_layout *L,
				 const struct ps_paging *paging);

#endif
