/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fetching a kernel's vmlinux from the debuginfod servers DEBUGINFOD_URLS
 * names, through libdebuginfod (loaded when first needed, so pagescope
 * runs without it).
 */
#ifndef PS_DEBUGINFOD_H
#define PS_DEBUGINFOD_H

#include <stdbool.h>

#include "base/error.h"

/* Is a debuginfod server configured (DEBUGINFOD_URLS set, not empty)? */
bool ps_debuginfod_configured(void);

/*
 * The debug info of build ID @p build_id (hex), downloaded into
 * libdebuginfod's cache if it is not there yet. On success, *@p path_ret
 * is the cached file's path and must be freed with free().
 * PS_ERR_UNSUPPORTED when libdebuginfod cannot be loaded or no server
 * has it.
 */
struct ps_error *ps_debuginfod_find(const char *build_id, char **path_ret);

#endif
