// SPDX-License-Identifier: GPL-2.0-or-later
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "output/gd_lazy.h"

/* Debian's libgd3 (the ABI the headers we build with describe). */
static const char ps_gd_soname[] = "libgd.so.3";

static struct ps_gd ps_gd;
static char ps_gd_missing[256];
static pthread_once_t ps_gd_once = PTHREAD_ONCE_INIT;

static void ps_gd_load(void)
{
	void *h = dlopen(ps_gd_soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(ps_gd_missing, sizeof(ps_gd_missing), "%s", dlerror());
		return;
	}
#define PS_GD_LOOKUP(name, ret, params)                                        \
	if (!ps_gd_missing[0] && !(*(void **)&ps_gd.name = dlsym(h, #name)))   \
		snprintf(ps_gd_missing, sizeof(ps_gd_missing), "%s: no %s",    \
			 ps_gd_soname, #name);
	PS_GD_FUNCTIONS(PS_GD_LOOKUP)
#undef PS_GD_LOOKUP
}

struct ps_error *ps_gd_get(const struct ps_gd **ret)
{
	pthread_once(&ps_gd_once, ps_gd_load);
	if (ps_gd_missing[0])
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "cannot draw PNG images: %s (install libgd3)",
				       ps_gd_missing);
	*ret = &ps_gd;
	return NULL;
}
