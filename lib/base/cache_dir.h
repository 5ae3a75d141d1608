/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagescope's cache directory: $XDG_CACHE_HOME/pagescope, else
 * ~/.cache/pagescope. What is cached there only saves time.
 */
#ifndef PS_CACHE_DIR_H
#define PS_CACHE_DIR_H

#include "base/error.h"

/*
 * The path of file @p name in the cache directory, or NULL when there is
 * none (no $XDG_CACHE_HOME, no $HOME) or @p name is empty or holds a '/'.
 * On success, must be freed with free().
 */
char *ps_cache_dir_file(const char *name);

/* Create the directories leading to @p path. */
struct ps_error *ps_cache_dir_mkdirs(const char *path);

#endif
