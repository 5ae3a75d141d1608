/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The derived page->flags layout (layout/flags_layout.h) held to the
 * dump: the node and zone it decodes from each page's flags must name a
 * zone whose pfn span holds that page, and no generation may exceed
 * MAX_NR_GENS, on the first and last 65536 pages of every zone. Only a
 * layout that passes is shown.
 */
#ifndef PS_FLAGS_CHECK_H
#define PS_FLAGS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "layout/flags_layout.h"

struct ps_target;

/*
 * Derive the layout of @p t's page->flags and check it on the struct
 * pages at both ends of every zone. A failed check leaves @p ret->known false with the reason
 * ("flags layout not derivable: ...") in @p ret->why; only a failed read
 * of the memory map is an error. @p pages_ret (may be NULL): pages checked.
 */
struct ps_error *ps_flags_layout_checked(struct ps_target *t,
					 struct ps_flags_layout *ret,
					 uint64_t *pages_ret);

#endif
