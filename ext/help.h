/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `help pagescope`: crash's help format, built from the command table. */
#ifndef PS_CRASH_HELP_H
#define PS_CRASH_HELP_H

/*
 * crash's help_data: name, one-line summary, synopsis, then DESCRIPTION
 * and EXAMPLES lines, NULL-terminated. The subcommand list comes from the
 * library's command table, so a new subcommand appears here by itself.
 * NULL when out of memory. Free with ps_crash_help_destroy().
 */
char **ps_crash_help_create(void);
void ps_crash_help_destroy(char **help);

#endif
