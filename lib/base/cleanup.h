/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scope guards: a variable declared with one is released when it goes out
 * of scope, so a function returns early on every error without a chain of
 * labels. Hand the object on with ps_steal(), which leaves NULL behind.
 *
 *	_cleanup_free_ char *buf = malloc(len);
 *	_cleanup_(ps_target_destroyp) struct ps_target *t = calloc(1, sizeof(*t));
 *	...
 *	*ret = ps_steal(t);
 */
#ifndef PS_CLEANUP_H
#define PS_CLEANUP_H

#include <stdlib.h>

#define _cleanup_(fn) __attribute__((cleanup(fn)))

static inline void ps_freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ _cleanup_(ps_freep)

/* Take the value out of a guarded variable: the guard then frees NULL. */
#define ps_steal(var)                                                          \
	({                                                                     \
		__typeof__(var) __ps_stolen = (var);                           \
		(var) = NULL;                                                  \
		__ps_stolen;                                                   \
	})

/*
 * Define NAMEp(TYPE **), a guard for a destructor NAME(TYPE *) that takes
 * NULL: PS_DEFINE_CLEANUP(struct ps_target, ps_target_destroy).
 */
#define PS_DEFINE_CLEANUP(type, fn)                                            \
	static inline void fn##p(type **p)                                     \
	{                                                                      \
		fn(*p);                                                        \
	}

#endif
