// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "lists/globals.h"
#include "base/cache_dir.h"
#include "snapshot/recorder.h"
#include "target/target.h"

static void ps_globals_add(const char *name, void *arg)
{
	struct ps_globals *g = arg;
	char **v = realloc(g->names, (g->nr + 1) * sizeof(*v));

	if (!v)
		return;
	g->names = v;
	g->names[g->nr] = strdup(name);
	g->nr += g->names[g->nr] != NULL;
}

/* "struct list_lru" -> "globals-struct_list_lru". */
/* "globals-struct_list_lru-BUILDID.txt"; "" without a build ID. */
static void ps_globals_cache_name(const char *build_id, const char *type,
				  char *buf, size_t len)
{
	size_t n;

	if (!build_id || !*build_id) {
		buf[0] = '\0';
		return;
	}
	n = (size_t)snprintf(buf, len, "globals-%s", type);
	for (size_t i = 0; i < n && i < len; i++)
		buf[i] = buf[i] == ' ' ? '_' : buf[i];
	if (n < len)
		snprintf(buf + n, len - n, "-%s.txt", build_id);
}

static bool ps_globals_load(const char *path, struct ps_globals *g)
{
	FILE *f = path ? fopen(path, "re") : NULL;
	char line[256];

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			ps_globals_add(line, g);
	}
	fclose(f);
	g->known = true;
	return true;
}

/* Written aside and renamed, like the layout cache. */
static void ps_globals_store(const char *path, const struct ps_globals *g)
{
	char *tmp = NULL;
	struct ps_error *err;
	FILE *f;

	if (!path)
		return;
	/* The cache only saves time: not writing it is no error. */
	err = ps_cache_dir_mkdirs(path);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	if (asprintf(&tmp, "%s.%d.tmp", path, (int)getpid()) < 0)
		return;
	f = fopen(tmp, "we");
	if (f) {
		for (size_t i = 0; i < g->nr; i++)
			fprintf(f, "%s\n", g->names[i]);
		if (fclose(f) || rename(tmp, path))
			unlink(tmp);
	}
	free(tmp);
}

/* Every global of @type the type provider can list, kept at @path. */
static struct ps_error *ps_globals_scan(struct ps_target *t, const char *type,
					const char *path, struct ps_globals *ret)
{
	struct ps_types *types;
	struct ps_error *err = ps_target_types(t, &types);

	if (err || !types->ops->variables_of_type)
		return err;
	ps_target_progress(t, "reading all of the debug info for global variables");
	err = types->ops->variables_of_type(types->priv, type, ps_globals_add,
					    ret);
	ps_target_progress(t, NULL);
	/* A provider that cannot list them (crash without readable DWARF). */
	if (ps_error_is(err, PS_ERR_UNSUPPORTED)) {
		ps_error_destroy(err);
		return NULL;
	}
	if (err)
		return err;
	ret->known = true;
	ps_globals_store(path, ret);
	return NULL;
}

struct ps_error *ps_globals_of_type(struct ps_target *t, const char *type,
				    struct ps_globals *ret)
{
	_cleanup_free_ char *path = NULL;
	char what[160];
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ps_globals_cache_name(t->build_id, type, what, sizeof(what));
	path = ps_cache_dir_file(what);
	if (!t->no_cache && ps_globals_load(path, ret)) {
		if (t->recorder)
			ps_snapshot_recorder_note_variables(t->recorder, type,
							    ret->names, ret->nr);
		return NULL;
	}
	err = ps_globals_scan(t, type, path, ret);
	if (ps_error_is(err, PS_ERR_NO_TYPE)) {
		ps_error_destroy(err);
		return NULL;
	}
	return err;
}

void ps_globals_deinit(struct ps_globals *g)
{
	for (size_t i = 0; i < g->nr; i++)
		free(g->names[i]);
	free(g->names);
	memset(g, 0, sizeof(*g));
}
