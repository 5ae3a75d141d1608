// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cache_dir.h"

static char *ps_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;

	if (xdg && *xdg) {
		if (asprintf(&dir, "%s/pagescope", xdg) < 0)
			dir = NULL;
	} else if (home && *home) {
		if (asprintf(&dir, "%s/.cache/pagescope", home) < 0)
			dir = NULL;
	}
	return dir;
}

char *ps_cache_dir_file(const char *name)
{
	char *dir, *path = NULL;

	if (!*name || strchr(name, '/'))
		return NULL;
	dir = ps_cache_dir();
	if (!dir)
		return NULL;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		path = NULL;
	free(dir);
	return path;
}

struct ps_error *ps_cache_dir_mkdirs(const char *path)
{
	char *dir = strdup(path);
	struct ps_error *err = NULL;

	if (!dir)
		return ps_error_nomem();
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			err = ps_error_os("creating %s", dir);
		*p = '/';
		if (err)
			break;
	}
	free(dir);
	return err;
}
