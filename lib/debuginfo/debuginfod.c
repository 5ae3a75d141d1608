// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * debuginfod through libdebuginfod, dlopen()ed on first use: a machine
 * without it (or without DEBUGINFOD_URLS) loses only this way of finding
 * a vmlinux. libdebuginfod's errors (negative errno values) are
 * translated here and nowhere else.
 */
#include <dlfcn.h>
#include <elfutils/debuginfod.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debuginfo/debuginfod.h"

/* Debian's libdebuginfod1, the ABI the header we build with describes. */
static const char ps_debuginfod_soname[] = "libdebuginfod.so.1";

static struct {
	debuginfod_client *(*begin)(void);
	int (*find_debuginfo)(debuginfod_client *c, const unsigned char *id,
			      int id_len, char **path);
	void (*end)(debuginfod_client *c);
} ps_dfd;
static char ps_dfd_missing[256];
static pthread_once_t ps_dfd_once = PTHREAD_ONCE_INIT;

static void ps_debuginfod_load(void)
{
	void *h = dlopen(ps_debuginfod_soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(ps_dfd_missing, sizeof(ps_dfd_missing), "%s", dlerror());
		return;
	}
	*(void **)&ps_dfd.begin = dlsym(h, "debuginfod_begin");
	*(void **)&ps_dfd.find_debuginfo = dlsym(h, "debuginfod_find_debuginfo");
	*(void **)&ps_dfd.end = dlsym(h, "debuginfod_end");
	if (!ps_dfd.begin || !ps_dfd.find_debuginfo || !ps_dfd.end)
		snprintf(ps_dfd_missing, sizeof(ps_dfd_missing),
			 "%s lacks the debuginfod_find_debuginfo() API", ps_debuginfod_soname);
}

bool ps_debuginfod_configured(void)
{
	const char *urls = getenv("DEBUGINFOD_URLS");

	return urls && *urls;
}

struct ps_error *ps_debuginfod_find(const char *build_id, char **path_ret)
{
	debuginfod_client *c;
	char *path = NULL;
	int fd;

	pthread_once(&ps_dfd_once, ps_debuginfod_load);
	if (ps_dfd_missing[0])
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "debuginfod: %s (install libdebuginfod1)", ps_dfd_missing);
	c = ps_dfd.begin();
	if (!c)
		return ps_error_create(PS_ERR_UNSUPPORTED, "debuginfod: cannot start a client");
	/* A hex string with length 0 is a build ID as text. */
	fd = ps_dfd.find_debuginfo(c, (const unsigned char *)build_id, 0, &path);
	ps_dfd.end(c);
	if (fd < 0)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "debuginfod (%s): build ID %s: %s",
				       getenv("DEBUGINFOD_URLS"), build_id, strerror(-fd));
	close(fd);
	*path_ret = path;
	return NULL;
}
