// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope save: a snapshot of what every read-only subcommand reads of
 * this kernel (docs/snapshot.md). The memory map is stored whole, section
 * by section; the subcommands then run once with their output thrown
 * away while every other read, type and symbol query is recorded.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/cleanup.h"
#include "cmd/commands.h"
#include "kernel/lru_gen.h"
#include "walk/kpageflags.h"
#include "kernel/memmap.h"
#include "layout/layout_cache.h"
#include "lists/lruvec_all.h"
#include "output/explain.h"
#include "snapshot/recorder.h"
#include "snapshot/writer.h"
#include "target/target.h"
#include "walk/page_meaning.h"
#include "walk/slab.h"

/* What a snapshot must answer. */
static const char *const ps_save_runs[][3] = {
	{ "summary" }, { "frag" }, { "free" }, { "free", "--format=pagetypeinfo" },
	{ "free", "--format=buddyinfo" }, { "blocks" }, { "map" }, { "layout" },
	{ "lru" }, { "split" }, { "check" },
};

struct ps_save {
	struct ps_target *t;
	struct ps_snapshot_recorder *rec;
	struct ps_snapshot_writer *w;
	const char *path;
	size_t nr_sections, nr_unreadable;
	uint64_t memmap_bytes;
};

static struct ps_error *ps_save_section(uint64_t addr, const void *pages, size_t len,
					uint32_t stride, const struct ps_error *rerr,
					void *arg)
{
	struct ps_save *s = arg;
	struct ps_error *err;

	/* Kept as the commands read it instead, holes and all. */
	if (rerr) {
		s->nr_unreadable++;
		return NULL;
	}
	err = ps_snapshot_writer_add_memmap(s->w, addr, pages, len, stride);
	if (err)
		return err;
	s->nr_sections++;
	s->memmap_bytes += len;
	return ps_snapshot_recorder_skip(s->rec, addr, len);
}

/* Run one subcommand, output thrown away; its failure is its own. */
static struct ps_error *ps_save_run(struct ps_target *t, FILE *null,
				    const char *const argv[3], bool json)
{
	char *args[5] = { "pagescope" };
	struct ps_args a;
	int argc = 1, status;
	struct ps_error *err;

	for (int i = 0; i < 3 && argv[i]; i++)
		args[argc++] = (char *)argv[i];
	if (json)
		args[argc++] = "-j";
	err = ps_args_parse(argc, args, false, &a);
	if (err)
		return err;
	status = ps_command_run(t, &a, null, null);
	(void)status;
	return ps_target_interrupted(t) ? ps_error_create(PS_ERR_INTERRUPTED, "interrupted") : NULL;
}

/*
 * Each subcommand once, as JSON: its text is made from the same figures,
 * read the same way (test_snapshot holds both to the dump's).
 */
static struct ps_error *ps_save_runs_each(struct ps_target *t, FILE *null)
{
	struct ps_error *err;

	for (size_t i = 0; i < sizeof(ps_save_runs) / sizeof(ps_save_runs[0]); i++) {
		err = ps_save_run(t, null, ps_save_runs[i], true);
		if (err)
			return err;
	}
	return NULL;
}

/* set_by names the functions this kernel has: look each one up once. */
static void ps_save_set_by(const char *set_by, void *arg)
{
	char buf[1024];

	ps_explain_set_by(arg, set_by, buf, sizeof(buf));
}

/*
 * What `page` explains beyond the memory map: whether the multi-gen LRU
 * runs and the lruvecs of its folios, the name of every slab cache,
 * the set_by functions' symbols and the zero pages' pfns (kpageflags). A kernel without them is no
 * failure: the snapshot then says it does not hold them, as the dump did.
 */
static void ps_save_explain_reads(struct ps_target *t)
{
	struct ps_slab_info slab = { 0 };
	struct ps_kpf_rules kpf;
	size_t nr;

	(void)ps_lru_gen_state(t, NULL, 0);
	(void)ps_slab_counters_split(t, &slab);
	ps_error_destroy(ps_slab_caches_read(t, &nr));
	ps_lruvec_read_all(t);
	ps_pageflag_setters_each(ps_save_set_by, t);
	ps_kpf_rules_init(t, &kpf);
}

static struct ps_error *ps_save_runs_all(struct ps_target *t)
{
	FILE *null = fopen("/dev/null", "we");
	struct ps_error *err;

	if (!null)
		return ps_error_os("opening /dev/null");
	err = ps_save_runs_each(t, null);
	fclose(null);
	if (err)
		return err;
	ps_save_explain_reads(t);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The records that describe the kernel                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_save_paging_json(const struct ps_paging *p)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, "page_shift", p->page_shift);
	ps_json_add_u64(o, "pmd_shift", p->pmd_shift);
	ps_json_add_u64(o, "pud_shift", p->pud_shift);
	return o;
}

static struct json_object *ps_save_meta_json(const struct ps_save *s)
{
	const struct ps_target *t = s->t;
	struct json_object *o = json_object_new_object();
	char when[32];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ps_json_add_u64(o, "format_version", PS_SNAPSHOT_VERSION);
	ps_json_add_str(o, "created", when);
	ps_json_add_str(o, "dump", t->dump_path ? t->dump_path : "crash");
	ps_json_add_str(o, "release", t->release);
	ps_json_add_str(o, "build_id", t->build_id);
	ps_json_add_hex(o, "kaslr_offset", t->kaslr_offset);
	ps_json_add_bool(o, "live", t->live);
	ps_json_add_str(o, "debuginfo", t->debuginfo.source ? t->debuginfo.source : "crash");
	ps_json_add_str(o, "layout_source", t->layout.source);
	ps_json_add(o, "paging", ps_save_paging_json(&t->paging));
	ps_json_add_u64(o, "memmap_sections", s->nr_sections);
	ps_json_add_u64(o, "memmap_bytes", s->memmap_bytes);
	ps_json_add_u64(o, "other_bytes", ps_snapshot_recorder_bytes(s->rec));
	return o;
}

static struct ps_error *ps_save_meta(struct ps_save *s)
{
	struct json_object *meta = ps_save_meta_json(s);
	const char *text = json_object_to_json_string_ext(meta, JSON_C_TO_STRING_PRETTY);
	struct ps_error *err = ps_snapshot_writer_add(s->w, PS_SNAP_META, text, strlen(text));

	json_object_put(meta);
	return err;
}

static struct ps_error *ps_save_layout(struct ps_save *s)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return ps_error_nomem();
	ps_layout_cache_write(f, s->t->build_id, &s->t->layout);
	if (fclose(f))
		return ps_error_nomem();
	return ps_snapshot_writer_add(s->w, PS_SNAP_LAYOUT, text, len);
}

static struct ps_error *ps_save_vmcoreinfo(struct ps_save *s)
{
	const char *text = ps_snapshot_recorder_vmcoreinfo(s->rec);

	return text ? ps_snapshot_writer_add(s->w, PS_SNAP_VMCOREINFO, text, strlen(text))
		    : NULL;
}

/* ------------------------------------------------------------------ */
/* Saving                                                             */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_save_steps(struct ps_save *s)
{
	struct ps_error *err;

	err = ps_memmap_for_each_section(s->t, ps_snapshot_recorder_inner(s->rec),
					 ps_save_section, s);
	if (err)
		return err;
	err = ps_save_runs_all(s->t);
	if (err)
		return err;
	err = ps_save_vmcoreinfo(s);
	if (err)
		return err;
	err = ps_save_layout(s);
	if (err)
		return err;
	err = ps_snapshot_recorder_write(s->rec, s->w);
	if (err)
		return err;
	err = ps_save_meta(s);
	if (err)
		return err;
	return ps_snapshot_writer_finish(s->w);
}

/* Types and symbols are made on first use: record them from the start. */
static struct ps_error *ps_save_start(struct ps_save *s)
{
	struct ps_types *types;
	struct ps_symbols *symbols;
	struct ps_error *err = ps_target_types(s->t, &types);

	if (err)
		return err;
	err = ps_target_symbols(s->t, &symbols);
	if (err)
		return err;
	err = ps_snapshot_recorder_create(&s->t->mem, types, symbols, &s->rec);
	if (err)
		return err;
	/* Everything read from here on is recorded, the memory model too. */
	ps_target_reset_slots(s->t);
	s->t->recorder = s->rec;
	return ps_snapshot_writer_create(s->path, &s->w);
}

static void ps_save_print(const struct ps_save *s, struct ps_out *out)
{
	uint64_t size = ps_snapshot_writer_size(s->w);

	if (out->json) {
		struct json_object *o = json_object_new_object();

		ps_json_add_str(o, "snapshot", s->path);
		ps_json_add_u64(o, "bytes", size);
		ps_json_add_u64(o, "memmap_sections", s->nr_sections);
		ps_json_add_u64(o, "memmap_bytes", s->memmap_bytes);
		ps_json_add_u64(o, "other_bytes", ps_snapshot_recorder_bytes(s->rec));
		ps_error_destroy(ps_out_json(out, o));
		return;
	}
	fprintf(out->fp, "saved %s: %.1f MiB (memory map: %zu sections, %.1f MiB; other memory read: %.1f KiB)\n",
		s->path, size / 1048576.0, s->nr_sections, s->memmap_bytes / 1048576.0,
		ps_snapshot_recorder_bytes(s->rec) / 1024.0);
	if (s->nr_unreadable)
		fprintf(out->fp, "%zu sections of the memory map were not readable: their pages are as the commands read them\n",
			s->nr_unreadable);
}

/* "pagescope-RELEASE-YYYYmmdd-HHMMSS.pss" in the current directory. */
static char *ps_save_default_path(const struct ps_target *t)
{
	char when[32], *path;
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%Y%m%d-%H%M%S", localtime(&now));
	if (asprintf(&path, "pagescope-%s-%s.pss", t->release, when) < 0)
		return NULL;
	return path;
}

struct ps_error *ps_cmd_save(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	_cleanup_free_ char *path = a->output ? strdup(a->output) : ps_save_default_path(t);
	struct ps_save s = { .t = t, .path = path };
	struct ps_error *err;

	(void)exit_ret;
	if (!path)
		return ps_error_nomem();
	err = ps_save_start(&s);
	if (err)
		goto out;
	err = ps_save_steps(&s);
	if (err)
		goto out;
	ps_save_print(&s, out);
out:
	t->recorder = NULL;
	ps_snapshot_writer_destroy(s.w);
	ps_snapshot_recorder_destroy(s.rec);
	return err ? ps_error_prefix(err, "saving %s", path) : NULL;
}
