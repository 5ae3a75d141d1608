/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Global variables of a given type, as the debug info knows them (every
 * struct list_lru, say). Finding them reads all of a vmlinux's DWARF, so
 * the answer is cached per kernel build, next to the layout.
 */
#ifndef PS_GLOBALS_H
#define PS_GLOBALS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

struct ps_target;

struct ps_globals {
	size_t nr;
	char **names;
	bool known;	/* false: the type provider cannot tell (BTF, crash) */
};

/*
 * The globals of @p type ("struct list_lru") of @p t. On success, must be
 * freed with ps_globals_deinit().
 */
struct ps_error *ps_globals_of_type(struct ps_target *t, const char *type,
				    struct ps_globals *ret);
void ps_globals_deinit(struct ps_globals *g);

#endif
