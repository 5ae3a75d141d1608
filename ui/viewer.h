/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The viewer: what `pagescope [DUMP]` opens on a terminal. */
#ifndef PS_UI_VIEWER_H
#define PS_UI_VIEWER_H

#include <signal.h>
#include <stdbool.h>

#include "pagescope.h"

/* Whether @p args ask for the viewer: no subcommand, no -j, a terminal. */
bool ps_viewer_wanted(const struct ps_args *args);

/* Seconds between live refreshes: -i, 2 by default. */
double ps_viewer_interval(const struct ps_args *args);

/*
 * Run the viewer on @p t, opened with @p open (opened again for live
 * refreshes), until the user quits. @p t is owned by the viewer from now
 * on. @p before (may be NULL): a dump or snapshot whose changes the map
 * and the gigablocks show. @p interrupted is the flag SIGINT sets.
 * Returns an enum ps_exit.
 */
int ps_viewer_run(struct ps_target *t, const struct ps_open_args *open,
		  double interval, const char *before,
		  volatile sig_atomic_t *interrupted);

#endif
