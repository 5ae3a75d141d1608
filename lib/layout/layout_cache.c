// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/layout_cache.h"
#include "base/cache_dir.h"
#include "base/cleanup.h"

static const char ps_cache_magic[] = "pagescope-layout 1";

char *ps_layout_cache_path(const char *build_id)
{
	char *name, *path;

	if (!build_id || !*build_id)
		return NULL;
	if (asprintf(&name, "layout-%s-%016" PRIx64 ".txt", build_id,
		     ps_layout_items_hash()) < 0)
		return NULL;
	path = ps_cache_dir_file(name);
	free(name);
	return path;
}

static bool ps_cache_read_header(FILE *f, const char *build_id,
				 struct ps_layout *ret)
{
	char line[256], id[160], source[32];

	if (!fgets(line, sizeof(line), f) ||
	    strncmp(line, ps_cache_magic, sizeof(ps_cache_magic) - 1) ||
	    !fgets(line, sizeof(line), f) ||
	    sscanf(line, "build-id %159s", id) != 1 || strcmp(id, build_id) ||
	    !fgets(line, sizeof(line), f) ||
	    sscanf(line, "source %31s", source) != 1)
		return false;
	/* The layout outlives this function; name the source statically. */
	ret->source = !strcmp(source, "DWARF") ? "cache of DWARF"
		      : !strcmp(source, "BTF") ? "cache of BTF"
					      : "cache";
	return true;
}

static bool ps_cache_read_item(FILE *f, size_t i, struct ps_layout *ret)
{
	char line[512], key[256];
	struct ps_lval *v = ps_layout_item(ret, i);
	int present, used;
	long long value;
	unsigned size, nr, elem;

	if (!fgets(line, sizeof(line), f))
		return false;
	ps_layout_item_key(i, key, sizeof(key));
	if (strncmp(line, key, strlen(key)) || line[strlen(key)] != '\t')
		return false;
	if (sscanf(line + strlen(key) + 1, "%d %lld %u %u %u%n", &present,
		   &value, &size, &nr, &elem, &used) != 5)
		return false;
	*v = (struct ps_lval){
		.present = present == 1, .value = value, .size = size,
		.nr_elems = nr, .elem_size = elem,
	};
	return true;
}

bool ps_layout_cache_load(const char *build_id, struct ps_layout *ret)
{
	char *path = ps_layout_cache_path(build_id);
	FILE *f = path ? fopen(path, "re") : NULL;
	bool ok;

	free(path);
	if (!f)
		return false;
	memset(ret, 0, sizeof(*ret));
	ok = ps_cache_read_header(f, build_id, ret);
	for (size_t i = 0; ok && i < ps_layout_nr_items(); i++)
		ok = ps_cache_read_item(f, i, ret);
	fclose(f);
	return ok;
}

static void ps_cache_write(FILE *f, const char *build_id,
			   struct ps_layout *layout)
{
	char key[256];

	fprintf(f, "%s\nbuild-id %s\nsource %s\n", ps_cache_magic, build_id,
		layout->source);
	for (size_t i = 0; i < ps_layout_nr_items(); i++) {
		struct ps_lval *v = ps_layout_item(layout, i);

		fprintf(f, "%s\t%d %lld %u %u %u\n",
			ps_layout_item_key(i, key, sizeof(key)), v->present,
			(long long)v->value, v->size, v->nr_elems,
			v->elem_size);
	}
}

struct ps_error *ps_layout_cache_store(const char *build_id,
				       struct ps_layout *layout)
{
	_cleanup_free_ char *path = ps_layout_cache_path(build_id);
	_cleanup_free_ char *tmp = NULL;
	struct ps_error *err;
	FILE *f;

	if (!path)
		return NULL;
	err = ps_cache_dir_mkdirs(path);
	if (err)
		return err;
	if (asprintf(&tmp, "%s.%d.tmp", path, (int)getpid()) < 0)
		return ps_error_nomem();
	f = fopen(tmp, "we");
	if (!f)
		return ps_error_os("creating %s", tmp);
	ps_cache_write(f, build_id, layout);
	if (fclose(f) || rename(tmp, path)) {
		err = ps_error_os("writing %s", path);
		unlink(tmp);
		return err;
	}
	return NULL;
}
