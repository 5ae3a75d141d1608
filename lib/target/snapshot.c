// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A snapshot opened as a target: memory, types and symbols replayed from
 * the file, the layout as it was resolved when the snapshot was saved.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "layout/layout_cache.h"
#include "snapshot/replay.h"
#include "target/target_open.h"

/* What the snapshot says of itself (the META record). */
struct ps_snapshot_meta {
	struct json_object *json;
	char *layout;		/* the LAYOUT record's text */
	size_t layout_len;
};

static void ps_snapshot_meta_deinit(struct ps_snapshot_meta *m)
{
	json_object_put(m->json);
	free(m->layout);
}

static const char *ps_meta_str(const struct ps_snapshot_meta *m, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(m->json, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct ps_error *ps_snapshot_meta_load(struct ps_snapshot *s,
					      struct ps_snapshot_meta *m)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	struct ps_error *err = ps_snapshot_load(s, PS_SNAP_META, (void **)&text, &len);

	if (err)
		return err;
	m->json = json_tokener_parse(text);
	if (!m->json || !json_object_is_type(m->json, json_type_object))
		return ps_error_create(PS_ERR_BAD_INPUT, "%s: damaged snapshot: its description is not JSON",
				       ps_snapshot_path(s));
	return ps_snapshot_load(s, PS_SNAP_LAYOUT, (void **)&m->layout, &m->layout_len);
}

/* Release and build from VMCOREINFO when it was saved, else from META. */
static struct ps_error *ps_snapshot_identify(struct ps_target *t,
					     const struct ps_snapshot_meta *m)
{
	const char *release = ps_meta_str(m, "release");
	const char *id = ps_meta_str(m, "build_id");
	const char *kaslr = ps_meta_str(m, "kaslr_offset");

	if (t->mem.ops->vmcoreinfo(t->mem.priv))
		return ps_target_load_vmcoreinfo(t);
	t->release = strdup(release ? release : "unknown");
	t->build_id = strdup(id ? id : "");
	t->kaslr_offset = kaslr ? strtoull(kaslr, NULL, 0) : 0;
	return t->release && t->build_id ? NULL : ps_error_nomem();
}

static struct ps_error *ps_snapshot_layout(struct ps_target *t,
					   const struct ps_snapshot_meta *m)
{
	FILE *f = fmemopen(m->layout, m->layout_len, "r");
	bool ok;

	if (!f)
		return ps_error_os("reading the layout of %s", t->dump_path);
	ok = ps_layout_cache_read(f, t->build_id, "snapshot", &t->layout);
	fclose(f);
	if (!ok)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s: a snapshot of a layout this pagescope does not read (saved by pagescope %s); save it again with this one",
				       t->dump_path, ps_meta_str(m, "tool_version") ?: "?");
	return NULL;
}

/* "snapshot FILE of DUMP (debug info: SOURCE)", for summary. */
static struct ps_error *ps_snapshot_describe(struct ps_target *t,
					     const struct ps_snapshot_meta *m)
{
	const char *dump = ps_meta_str(m, "dump");
	const char *debuginfo = ps_meta_str(m, "debuginfo");

	if (asprintf(&t->debuginfo.source, "snapshot %s of %s (debug info: %s)",
		     t->dump_path, dump ? dump : "?", debuginfo ? debuginfo : "?") < 0) {
		t->debuginfo.source = NULL;
		return ps_error_nomem();
	}
	return NULL;
}

static struct ps_error *ps_snapshot_target(struct ps_target *t,
					   struct ps_snapshot *s,
					   const struct ps_snapshot_meta *m)
{
	struct ps_types types;
	struct ps_symbols symbols;
	struct json_object *live;
	struct ps_error *err = ps_snapshot_replay_open(s, &t->mem, &types, &symbols);

	if (err)
		return err;
	ps_debuginfo_init_with(&t->debuginfo, types, symbols);
	/* What a cache would add, the snapshot did not record. */
	t->no_cache = true;
	t->live = json_object_object_get_ex(m->json, "live", &live) &&
		  json_object_get_boolean(live);
	err = ps_snapshot_identify(t, m);
	if (err)
		return err;
	err = t->mem.ops->paging(t->mem.priv, &t->paging);
	if (err)
		return err;
	err = ps_snapshot_layout(t, m);
	if (err)
		return err;
	return ps_snapshot_describe(t, m);
}

struct ps_error *ps_target_open_snapshot(struct ps_target *t)
{
	struct ps_snapshot_meta m = { 0 };
	struct ps_snapshot *s;
	struct ps_error *err = ps_snapshot_open(t->dump_path, &s);

	if (err)
		return err;
	err = ps_snapshot_meta_load(s, &m);
	if (err) {
		ps_snapshot_close(s);
		ps_snapshot_meta_deinit(&m);
		return err;
	}
	/* From here the replay owns the snapshot. */
	err = ps_snapshot_target(t, s, &m);
	ps_snapshot_meta_deinit(&m);
	return err;
}
