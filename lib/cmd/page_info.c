// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/page_info.h"
#include "kernel/lru_gen.h"
#include "kernel/memmodel.h"
#include "output/explain.h"
#include "walk/page_walk.h"
#include "walk/page_words.h"
#include "target/target.h"

/* ------------------------------------------------------------------ */
/* Gathering                                                          */
/* ------------------------------------------------------------------ */

static void ps_info_why(char *buf, size_t len, struct ps_error *err)
{
	snprintf(buf, len, "%s", err->message);
	ps_error_destroy(err);
}

/* The folio's head: a tail's refcount and index live there. */
static void ps_info_head(struct ps_page_info *i)
{
	struct ps_error *err;

	i->head = i->p;
	i->head_refcount = i->p.refcount;
	i->head_index = i->p.index;
	if (!(i->p.state & PS_PAGE_TAIL))
		return;
	i->head_refcount = -1;
	err = ps_page_read(i->t, i->p.head_pfn, &i->head);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	i->head_refcount = i->head.refcount;
	i->head_index = i->head.index;
}

/* A head's page[1] and page[2] hold folio fields: read them with it. */
static unsigned ps_info_nr_raw(const struct ps_page *p)
{
	if (!(p->state & PS_PAGE_HEAD) || (p->state & PS_PAGE_TAIL))
		return 1;
	return p->order >= 2 ? 3 : p->order == 1 ? 2 : 1;
}

static void ps_info_raw(struct ps_page_info *i)
{
	unsigned char buf[PS_PAGE_RAW_MAX * PS_PAGE_RAW_SIZE];
	unsigned nr = ps_info_nr_raw(&i->p);
	uint64_t size = i->d.page_size;
	struct ps_error *err;

	if (size > PS_PAGE_RAW_SIZE) {
		snprintf(i->raw_why, sizeof(i->raw_why),
			 "a struct page of %" PRIu64 " bytes is more than pagescope reads", size);
		return;
	}
	err = ps_page_read_raw(i->t, i->p.pfn, nr, buf, &i->raw_addr);
	if (err && nr > 1) {
		/* The folio's next pages may be filtered out: show the page alone. */
		ps_error_destroy(err);
		nr = 1;
		err = ps_page_read_raw(i->t, i->p.pfn, nr, buf, &i->raw_addr);
	}
	if (err)
		return ps_info_why(i->raw_why, sizeof(i->raw_why), err);
	for (unsigned k = 0; k < nr; k++)
		memcpy(i->raw[k], buf + k * size, size);
	i->nr_raw = nr;
}

/*
 * A slab's struct slab is in its first page: a tail's own words hold the
 * folio's page[1] fields or nothing, so its slab line is its head's.
 */
static void ps_info_slab(struct ps_page_info *i)
{
	unsigned char head[PS_PAGE_RAW_SIZE];
	uint64_t addr;
	struct ps_error *err;

	if (i->p.type != PS_PT_slab)
		return;
	if (!(i->p.state & PS_PAGE_TAIL)) {
		if (i->nr_raw)
			ps_slab_info(i->t, i->raw[0], &i->slab);
		return;
	}
	if (i->d.page_size > sizeof(head))
		return;
	err = ps_page_read_raw(i->t, i->p.head_pfn, 1, head, &addr);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	ps_slab_info(i->t, head, &i->slab);
}

static struct ps_error *ps_info_read_pageblock(struct ps_page_info *i)
{
	const struct ps_memmodel *m = i->m;
	size_t n = (size_t)(m->pages_per_section >> m->pageblock_order), nr = 0;
	uint64_t index = (i->p.pfn & (m->pages_per_section - 1)) >> m->pageblock_order;
	_cleanup_free_ struct ps_pageblock *blocks = calloc(n ? n : 1, sizeof(*blocks));
	struct ps_error *err;

	if (!blocks)
		return ps_error_nomem();
	err = ps_pageblock_bits_init(&i->bits, &i->t->layout, i->t);
	if (err)
		return err;
	err = ps_pageblock_read_section(i->t, &i->bits, i->p.pfn, blocks, &nr);
	if (err)
		return err;
	if (index >= nr)
		return ps_error_create(PS_ERR_CORRUPT,
				       "its section has %zu pageblocks, not %" PRIu64, nr, index + 1);
	i->pb = blocks[index];
	i->has_pb = true;
	return NULL;
}

static void ps_info_gigablock(struct ps_page_info *i)
{
	struct ps_error *err = ps_gigablocks_collect_at(i->t, i->p.pfn, &i->gbs);

	if (err)
		return ps_info_why(i->gb_why, sizeof(i->gb_why), err);
	i->has_gbs = true;
	for (size_t k = 0; k < i->gbs.nr_gigablocks; k++) {
		const struct ps_gigablock *g = &i->gbs.gigablocks[k];

		if (i->p.pfn >= g->pfn && i->p.pfn - g->pfn < g->nr_pages)
			i->gb = g;
	}
	if (!i->gb) {
		snprintf(i->gb_why, sizeof(i->gb_why), "in no gigablock that has memory");
		return;
	}
	ps_cmd_gigablock_verdict_text(&i->gbs, i->gb, i->gb_verdict,
				      sizeof(i->gb_verdict));
}

struct ps_error *ps_page_info_create(struct ps_target *t, uint64_t pfn,
				     struct ps_page_info **ret)
{
	_cleanup_(ps_page_info_destroyp) struct ps_page_info *i = calloc(1, sizeof(*i));
	struct ps_error *err;

	if (!i)
		return ps_error_nomem();
	i->t = t;
	err = ps_memmodel_get(t, &i->m);
	if (err)
		return err;
	err = ps_page_decoder_init(&i->d, &t->layout, i->m);
	if (err)
		return err;
	err = ps_page_read(t, pfn, &i->p);
	if (err)
		return err;
	i->ctx.lru_gen = ps_lru_gen_state(t, NULL, 0);
	i->ctx.slab_node_partial = ps_slab_marks_node_partial(&t->layout);
	i->ctx.slab_frozen = ps_slab_pages_frozen(&t->layout);
	ps_info_head(i);
	ps_info_raw(i);
	ps_info_slab(i);
	err = ps_info_read_pageblock(i);
	if (err)
		ps_info_why(i->pb_why, sizeof(i->pb_why), err);
	ps_info_gigablock(i);
	ps_page_info_flags_fields(i);
	ps_page_info_kpf(i);
	*ret = ps_steal(i);
	return NULL;
}

void ps_page_info_destroy(struct ps_page_info *i)
{
	if (!i)
		return;
	if (i->has_gbs)
		ps_gigablocks_deinit(&i->gbs);
	free(i);
}

/* ------------------------------------------------------------------ */
/* Raw words                                                          */
/* ------------------------------------------------------------------ */

/* Field @p f's value, with a slab cache's name beside its address. */
static const char *ps_info_field_value(const struct ps_page_info *i,
				       const struct ps_page_field *f,
				       char *buf, size_t len)
{
	char v[64];

	char names[128];

	ps_page_field_value(f, v, sizeof(v));
	if (!strcmp(f->name, "slab_cache"))
		snprintf(buf, len, "%s (\"%s\")", v, i->slab.name);
	else if (!strcmp(f->name, "_flags_1"))
		snprintf(buf, len, "%s (%s)", v,
			 ps_folio_flags1_names(&i->d, f->value, names, sizeof(names)));
	else
		snprintf(buf, len, "%s", v);
	return buf;
}

static uint64_t ps_raw_word(const unsigned char *raw, uint64_t off)
{
	uint64_t v;

	memcpy(&v, raw + off, sizeof(v));
	return v;
}

static void ps_text_field(FILE *fp, const struct ps_page_info *i,
			  const struct ps_page_field *f)
{
	char value[160];

	fprintf(fp, "%s%s = %s%s%s\n", f->name, f->part,
		ps_info_field_value(i, f, value, sizeof(value)),
		f->meaning[0] ? ": " : "", f->meaning);
}

/* Each 8-byte word as stored, then the fields this kind of page keeps in it. */
static void ps_text_words_of(FILE *fp, const struct ps_page_info *i, unsigned nth)
{
	struct ps_page_fields pf;
	uint64_t size = i->d.page_size;
	size_t k = 0;

	ps_page_fields(&i->t->layout, &i->p, nth, i->raw[nth], &pf);
	if (nth)
		fprintf(fp, "  the folio's page[%u] at %#" PRIx64 ", read as %s:\n",
			nth, i->raw_addr + nth * size, pf.view);
	else
		fprintf(fp, "  this struct page at %#" PRIx64 ", read as %s:\n",
			i->raw_addr, pf.view);
	for (uint64_t off = 0; off + 8 <= size; off += 8) {
		fprintf(fp, "    +0x%02" PRIx64 " 0x%016" PRIx64 "  ", off,
			ps_raw_word(i->raw[nth], off));
		if (k == pf.nr || pf.f[k].offset >= off + 8)
			fprintf(fp, "(no member of %s here)\n", pf.view);
		for (bool first = true; k < pf.nr && pf.f[k].offset < off + 8;
		     k++, first = false) {
			if (!first)
				fprintf(fp, "%30s", "");
			ps_text_field(fp, i, &pf.f[k]);
		}
	}
}

static void ps_text_words(FILE *fp, const struct ps_page_info *i)
{
	if (!i->nr_raw) {
		fprintf(fp, "words        not readable: %s\n", i->raw_why);
		return;
	}
	fprintf(fp, "words        the struct page as stored, 8 bytes a line, and what this kind of page keeps there:\n");
	for (unsigned nth = 0; nth < i->nr_raw; nth++)
		ps_text_words_of(fp, i, nth);
}

static struct json_object *ps_json_words(const struct ps_page_info *i)
{
	struct json_object *arr = json_object_new_array();
	struct ps_page_fields pf;
	char value[160], name[64];

	for (unsigned nth = 0; nth < i->nr_raw; nth++) {
		ps_page_fields(&i->t->layout, &i->p, nth, i->raw[nth], &pf);
		for (size_t k = 0; k < pf.nr; k++) {
			struct json_object *o = json_object_new_object();

			snprintf(name, sizeof(name), "%s%s", pf.f[k].name, pf.f[k].part);
			ps_json_add_u64(o, PS_KEY_PAGE, nth);
			ps_json_add_str(o, PS_KEY_VIEW, pf.view);
			ps_json_add_u64(o, PS_KEY_OFFSET, pf.f[k].offset);
			ps_json_add_str(o, PS_KEY_FIELD, name);
			ps_json_add_hex(o, PS_KEY_RAW, pf.f[k].value);
			ps_json_add_str(o, PS_KEY_VALUE,
					ps_info_field_value(i, &pf.f[k], value, sizeof(value)));
			ps_json_add_str(o, PS_KEY_MEANING, pf.f[k].meaning);
			json_object_array_add(arr, o);
		}
	}
	return arr;
}

/* ------------------------------------------------------------------ */
/* The chain: pageblock, zone, gigablock                              */
/* ------------------------------------------------------------------ */

static uint64_t ps_info_pb_pages(const struct ps_page_info *i)
{
	return 1ULL << i->m->pageblock_order;
}

static void ps_text_chain(FILE *fp, const struct ps_page_info *i)
{
	if (!i->has_pb)
		fprintf(fp, "pageblock    unknown: %s\n", i->pb_why);
	else
		fprintf(fp, "pageblock    pfn %#" PRIx64 "-%#" PRIx64 " (order %u): migratetype %s; compaction skip %s; isolated %s\n",
			i->pb.pfn, i->pb.pfn + ps_info_pb_pages(i), i->m->pageblock_order,
			ps_migratetype_name(&i->bits, i->pb.migratetype),
			i->pb.skip ? "yes" : "no", i->pb.isolate ? "yes" : "no");
	if (!i->gb)
		fprintf(fp, "gigablock    unknown: %s\n", i->gb_why);
	else
		fprintf(fp, "gigablock    %" PRIu64 ", pfn %#" PRIx64 "-%#" PRIx64 ": %s (see frag)\n",
			i->gb->pfn >> i->gbs.pud_order, i->gb->pfn,
			i->gb->pfn + i->gb->nr_pages, i->gb_verdict);
}

static void ps_json_chain(struct json_object *o, const struct ps_page_info *i)
{
	struct json_object *pb = json_object_new_object();
	struct json_object *gb = json_object_new_object();

	if (i->has_pb) {
		ps_json_add_u64(pb, PS_KEY_START_PFN, i->pb.pfn);
		ps_json_add_u64(pb, PS_KEY_END_PFN, i->pb.pfn + ps_info_pb_pages(i));
		ps_json_add_str(pb, PS_KEY_MIGRATETYPE,
				ps_migratetype_name(&i->bits, i->pb.migratetype));
		ps_json_add_bool(pb, PS_KEY_SKIP, i->pb.skip);
		ps_json_add_bool(pb, PS_KEY_ISOLATE, i->pb.isolate);
	} else {
		ps_json_add_str(pb, PS_KEY_WHY, i->pb_why);
	}
	if (i->gb) {
		ps_json_add_u64(gb, PS_KEY_INDEX, i->gb->pfn >> i->gbs.pud_order);
		ps_json_add_u64(gb, PS_KEY_START_PFN, i->gb->pfn);
		ps_json_add_u64(gb, PS_KEY_END_PFN, i->gb->pfn + i->gb->nr_pages);
		ps_json_add_str(gb, PS_KEY_VERDICT,
				ps_gb_verdict_name(ps_gigablock_verdict(i->gb)));
		ps_json_add_str(gb, PS_KEY_EXPLANATION, i->gb_verdict);
	} else {
		ps_json_add_str(gb, PS_KEY_WHY, i->gb_why);
	}
	ps_json_add(o, PS_KEY_PAGEBLOCK, pb);
	ps_json_add(o, PS_KEY_GIGABLOCK, gb);
}

/* ------------------------------------------------------------------ */

/* Each flag set on @p p, by the name and meaning it has on this page. */
static struct json_object *ps_json_flags_explained(const struct ps_page_info *i,
						   const struct ps_page *p,
						   uint64_t flags)
{
	struct ps_flag_meaning fm[64];
	size_t n = ps_page_flags_explain(&i->d, &i->ctx, p, flags & i->d.flag_bits,
					 fm, 64);
	struct json_object *arr = json_object_new_array();
	char set_by[512];

	for (size_t k = 0; k < n; k++) {
		struct json_object *o = json_object_new_object();

		ps_json_add_u64(o, PS_KEY_BIT, fm[k].bit);
		ps_json_add_str(o, PS_KEY_NAME, ps_pageflag_info[fm[k].name].name);
		ps_json_add_str(o, PS_KEY_MEANING, fm[k].meaning);
		ps_explain_set_by(i->t, fm[k].set_by, set_by, sizeof(set_by));
		ps_json_add_str(o, PS_KEY_SET_BY, set_by);
		json_object_array_add(arr, o);
	}
	return arr;
}

void ps_text_page_explained(FILE *fp, const struct ps_page_info *i)
{
	ps_text_flags_fields(fp, i);
	ps_text_page_kpf(fp, i);
	ps_text_chain(fp, i);
	ps_text_words(fp, i);
}

void ps_json_page_explained(struct json_object *o, const struct ps_page_info *i)
{
	ps_json_add(o, PS_KEY_FLAGS_EXPLAINED,
		    ps_json_flags_explained(i, &i->p, i->p.eflags));
	ps_json_add(o, PS_KEY_FOLIO_FLAGS_EXPLAINED,
		    ps_json_flags_explained(i, &i->p, i->p.folio_flags));
	ps_json_add_str(o, PS_KEY_LRU_GEN, ps_lru_gen_state_name(i->ctx.lru_gen));
	ps_json_flags_fields(o, i);
	ps_json_page_kpf(o, i);
	ps_json_add(o, PS_KEY_WORDS, ps_json_words(i));
	if (i->slab.decoded)
		ps_json_add_str(o, PS_KEY_SLAB_CACHE, i->slab.name);
	if (i->slab.has_fields) {
		ps_json_add_u64(o, PS_KEY_SLAB_OBJECTS, i->slab.objects);
		ps_json_add_u64(o, PS_KEY_SLAB_INUSE, i->slab.inuse);
		ps_json_add_bool(o, PS_KEY_SLAB_FROZEN, i->slab.frozen);
	}
	ps_json_chain(o, i);
}
