/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The owner pass behind the view API's owner map (view_owners.c). */
#ifndef PS_API_VIEW_OWNERS_H
#define PS_API_VIEW_OWNERS_H

#include "pagescope_view.h"
#include "analysis/owner_stats.h"

/* Owners per pageblock; valid until @p o is destroyed. */
const struct ps_owner_stats *ps_view_owners_stats(const struct ps_view_owners *o);

#endif
