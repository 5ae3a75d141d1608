/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The resolved layout, cached per kernel build ID under
 * $XDG_CACHE_HOME/pagescope (default ~/.cache/pagescope), so that only
 * the first open of a kernel reads its debug info.
 */
#ifndef PS_LAYOUT_CACHE_H
#define PS_LAYOUT_CACHE_H

#include <stdbool.h>
#include <stdio.h>

#include "layout/layout.h"

/*
 * The cache file for @p build_id, or NULL when there is no cache
 * directory (no $XDG_CACHE_HOME and no $HOME) or @p build_id is empty.
 * On success, must be freed with free().
 */
char *ps_layout_cache_path(const char *build_id);

/*
 * Load the layout for @p build_id into @p ret. Returns false when there is
 * no usable cache entry (missing, stale, for other items, damaged).
 */
bool ps_layout_cache_load(const char *build_id, struct ps_layout *ret);

/*
 * Store @p layout for @p build_id. Written to a temporary file and renamed,
 * so readers never see half a file. Failure to cache is not fatal to the
 * caller, but is returned so it can be reported.
 */
struct ps_error *ps_layout_cache_store(const char *build_id,
				       struct ps_layout *layout);

/* Write @p layout to @p f as the cache holds it. */
void ps_layout_cache_write(FILE *f, const char *build_id,
			   const struct ps_layout *layout);

/*
 * Read a layout written so from @p f into @p ret: false when it is not one,
 * or of another build or another set of items. @p origin ("cache",
 * "snapshot") goes into its source.
 */
bool ps_layout_cache_read(FILE *f, const char *build_id, const char *origin,
			  struct ps_layout *ret);

#endif
