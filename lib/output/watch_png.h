/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A picture of samples over time: free blocks per order, gigablocks. */
#ifndef PS_WATCH_PNG_H
#define PS_WATCH_PNG_H

#include <stddef.h>

#include "base/error.h"
#include "analysis/watch.h"

/* Plot @p nr samples into a PNG at @p path, titled @p title. */
struct ps_error *ps_watch_png(const struct ps_watch_sample *samples, size_t nr,
			      const char *title, const char *path);

#endif
