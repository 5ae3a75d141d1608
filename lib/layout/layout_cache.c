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

/* Where a layout read back came from, named statically: it outlives us. */
static const char *ps_cache_source(const char *origin, const char *source)
{
	bool snapshot = !strcmp(origin, "snapshot");

	if (!strcmp(source, "DWARF"))
		return snapshot ? "snapshot of DWARF" : "cache of DWARF";
	if (!strcmp(source, "BTF"))
		return snapshot ? "snapshot of BTF" : "cache of BTF";
	if (!strcmp(source, "crash"))
		return snapshot ? "snapshot of crash" : "cache of crash";
	return snapshot ? "snapshot" : "cache";
}

static bool ps_cache_read_header(FILE *f, const char *build_id,
				 const char *origin, struct ps_layout *ret)
{
	char line[256], id[160], source[32];

	if (!fgets(line, sizeof(line), f) ||
	    strncmp(line, ps_cache_magic, sizeof(ps_cache_magic) - 1) ||
	    !fgets(line, sizeof(line), f) ||
	    sscanf(line, "build-id %159s", id) != 1 || strcmp(id, build_id) ||
	    !fgets(line, sizeof(line), f) ||
	    sscanf(line, "source %31s", source) != 1)
		return false;
	ret->source = ps_cache_source(origin, source);
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

bool ps_layout_cache_read(FILE *f, const char *build_id, const char *origin,
			  struct ps_layout *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!ps_cache_read_header(f, build_id, origin, ret))
		return false;
	for (size_t i = 0; i < ps_layout_nr_items(); i++) {
		if (!ps_cache_read_item(f, i, ret))
			return false;
	}
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
	ok = ps_layout_cache_read(f, build_id, "cache", ret);
	fclose(f);
	return ok;
}

void ps_layout_cache_write(FILE *f, const char *build_id,
			   const struct ps_layout *layout)
{
	char key[256];

	const char *source = layout->source ? layout->source : "unknown";

	/* Read back from a cache or a snapshot: the source it had first. */
	if (!strncmp(source, "cache of ", 9))
		source += 9;
	else if (!strncmp(source, "snapshot of ", 12))
		source += 12;
	fprintf(f, "%s\nbuild-id %s\nsource %s\n", ps_cache_magic, build_id,
		source);
	for (size_t i = 0; i < ps_layout_nr_items(); i++) {
		const struct ps_lval *v = ps_layout_item((struct ps_layout *)layout, i);

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
	ps_layout_cache_write(f, build_id, layout);
	if (fclose(f) || rename(tmp, path)) {
		err = ps_error_os("writing %s", path);
		unlink(tmp);
		return err;
	}
	return NULL;
}
