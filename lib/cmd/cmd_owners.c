// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope owners: who holds the pages of a range, a zone or the machine. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/owner_stats.h"
#include "base/cleanup.h"
#include "cmd/commands.h"
#include "cmd/owners_report.h"
#include "kernel/memmodel.h"
#include "target/target.h"
#include "walk/alloc_tags.h"

/* --by: which owners to rank. */
static bool ps_keep_cache(const struct ps_owner_entry *e)
{
	return e->kind == PS_POWN_slab;
}

static bool ps_keep_task(const struct ps_owner_entry *e)
{
	return e->kind == PS_POWN_anon || e->kind == PS_POWN_kernel_stack ||
	       e->kind == PS_POWN_page_table;
}

static bool ps_keep_caller(const struct ps_owner_entry *e)
{
	return e->kind == PS_POWN_vmalloc;
}

static const struct ps_owners_by {
	const char *name;
	bool (*keep)(const struct ps_owner_entry *e);
	bool blocks;		/* a row per pageblock */
	bool tags;		/* a row per allocation profiling code tag */
} ps_owners_bys[] = {
	{ "owner", NULL, false },
	{ "kind", NULL, false },
	{ "cache", ps_keep_cache, false },
	{ "task", ps_keep_task, false },
	{ "caller", ps_keep_caller, false },
	{ "block", NULL, true },
	{ "tag", NULL, false, true },
};

static struct ps_error *ps_owners_by_parse(const char *by,
					   const struct ps_owners_by **ret)
{
	for (size_t i = 0; i < sizeof(ps_owners_bys) / sizeof(ps_owners_bys[0]); i++) {
		if (!strcmp(ps_owners_bys[i].name, by ? by : "owner")) {
			*ret = &ps_owners_bys[i];
			return NULL;
		}
	}
	return ps_error_create(PS_ERR_USAGE,
			       "--by %s: owner, kind, cache, task, caller, block or tag", by);
}

/* A PFN range, or a zone: "Normal" (every node's) or "1:Normal". */
static struct ps_error *ps_owners_range(struct ps_target *t, const char *arg,
					uint64_t *start, uint64_t *end)
{
	const struct ps_memmodel *m;
	const char *colon = strchr(arg, ':');
	const char *zone = colon ? colon + 1 : arg;
	int nid = colon ? atoi(arg) : -1;
	struct ps_error *err = ps_memmodel_get(t, &m);
	bool found = false;

	if (err)
		return err;
	*start = UINT64_MAX;
	*end = 0;
	for (size_t i = 0; i < m->nr_zones; i++) {
		const struct ps_zone *z = &m->zones[i];

		if (strcmp(z->name, zone) || (nid >= 0 && z->nid != nid))
			continue;
		found = true;
		if (!z->spanned)
			continue;	/* an empty zone adds nothing */
		*start = z->start_pfn < *start ? z->start_pfn : *start;
		*end = z->start_pfn + z->spanned > *end ? z->start_pfn + z->spanned : *end;
	}
	if (found && *start > *end)
		*start = *end = 0;
	if (found)
		return NULL;
	return ps_parse_pfn_range(arg, start, end);
}

/* The whole machine: up to the highest pfn. */
static struct ps_error *ps_owners_all(struct ps_target *t, uint64_t *end)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	*end = m->max_pfn;
	return NULL;
}

static uint64_t ps_owners_unknown(const struct ps_owner_stats *s)
{
	return s->by_kind[PS_POWN_unknown];
}

/* Page-table pages typed as such that no walk reached. */
static uint64_t ps_owners_pgt_unreached(const struct ps_owner_stats *s)
{
	uint64_t n = 0;

	for (size_t id = 0; id < s->nr_ids && id < s->owners->table.nr; id++) {
		const struct ps_owner_entry *e = ps_owners_entry(s->owners, (uint32_t)id);

		if (e->kind == PS_POWN_page_table && !strcmp(e->name, ps_owners_pgtable_unreached))
			n += s->pages[id];
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

/* Each CMA area: its range and what holds its pages, by kind. */
static void ps_text_cma(FILE *fp, const struct ps_owner_stats *s)
{
	const struct ps_cma_areas *c = &s->owners->cma;

	for (size_t i = 0; i < c->nr; i++) {
		fprintf(fp, "  cma %s: pfns %#" PRIx64 "-%#" PRIx64 ":", c->v[i].name,
			c->v[i].start_pfn, c->v[i].start_pfn + c->v[i].nr_pages);
		for (int k = 0; k < PS_POWN_NR; k++)
			if (s->cma_by_kind[i][k])
				fprintf(fp, " %s %" PRIu64, ps_page_owner_kind_names[k],
					s->cma_by_kind[i][k]);
		fputc('\n', fp);
	}
}

static void ps_text_pgtables(FILE *fp, const struct ps_owner_stats *s)
{
	const struct ps_owners_pgtables *g = &s->owners->pgt;

	if (!g->walked)
		return;
	fprintf(fp, "  page tables: %" PRIu64 " mms walked (%u-level paging), %" PRIu64 " tables found (%" PRIu64 " deposited for THPs), %" PRIu64 " shared (hugetlb), %" PRIu64 " damaged; %" PRIu64 " PageTable pages here no walk reached\n",
		g->mms, g->levels, g->tables, g->deposited, g->shared, g->damaged, ps_owners_pgt_unreached(s));
}

static void ps_text_totals(FILE *fp, const struct ps_owner_stats *s,
			   uint64_t start, uint64_t end)
{
	fprintf(fp, "owners of pfns %#" PRIx64 "-%#" PRIx64 ": %" PRIu64 " pages with a struct page\n",
		start, end, s->present);
	fprintf(fp, "  free %" PRIu64 ", movable %" PRIu64 ", reclaimable %" PRIu64 ", unmovable %" PRIu64 "; no owner found for %" PRIu64 "\n",
		s->by_mov[PS_OWNER_MOV_free], s->by_mov[PS_OWNER_MOV_movable],
		s->by_mov[PS_OWNER_MOV_reclaimable], s->by_mov[PS_OWNER_MOV_unmovable],
		ps_owners_unknown(s));
	ps_text_pgtables(fp, s);
	for (size_t i = 0; i < s->owners->nr_notes; i++)
		fprintf(fp, "  note: %s\n", s->owners->notes[i]);
	ps_text_cma(fp, s);
}

static void ps_text_kinds(FILE *fp, const struct ps_owner_stats *s)
{
	fprintf(fp, "%10s %9s  %-13s %s\n", "pages", "size", "kind", "what");
	for (int k = 0; k < PS_POWN_NR; k++) {
		char size[32];

		if (!s->by_kind[k])
			continue;
		fprintf(fp, "%10" PRIu64 " %9s  %-13s %s\n", s->by_kind[k],
			ps_human_size(s->by_kind[k] * s->owners->page_bytes, size, sizeof(size)),
			ps_page_owner_kind_names[k], ps_page_owner_kind_meanings[k]);
	}
}

static void ps_text_blocks(FILE *fp, const struct ps_owner_stats *s)
{
	fprintf(fp, "%12s %5s %5s %5s %5s  %s\n", "pageblock", "free", "movbl",
		"reclm", "pinnd", "largest pinned owner (pages)");
	for (size_t i = 0; i < s->nr_regions; i++) {
		const struct ps_region_owners *r = &s->regions[i];
		char pfn[24], top[320];

		fprintf(fp, "%12s %5" PRIu64 " %5" PRIu64 " %5" PRIu64 " %5" PRIu64 "  %s\n",
			ps_hex(r->pfn, pfn, sizeof(pfn)), r->by_mov[PS_OWNER_MOV_free],
			r->by_mov[PS_OWNER_MOV_movable], r->by_mov[PS_OWNER_MOV_reclaimable],
			r->by_mov[PS_OWNER_MOV_unmovable],
			ps_owners_region_top(s, r, top, sizeof(top)));
	}
}

static void ps_text_owners(FILE *fp, const struct ps_owner_stats *s,
			   const struct ps_owner_count *v, size_t nr)
{
	fprintf(fp, "%10s %9s  %-13s %-11s %s\n", "pages", "size", "kind",
		"movability", "owner");
	for (size_t i = 0; i < nr; i++) {
		const struct ps_owner_entry *e = ps_owners_entry(s->owners, v[i].id);
		char size[32];

		fprintf(fp, "%10" PRIu64 " %9s  %-13s %-11s %s\n", v[i].pages,
			ps_human_size(v[i].pages * s->owners->page_bytes, size, sizeof(size)),
			ps_page_owner_kind_names[e->kind], ps_owner_mov_names[e->mov],
			e->name);
	}
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

/* [{"name", "start_pfn", "end_pfn", "by_kind": {kind: pages}}] */
static struct json_object *ps_json_cma(const struct ps_owner_stats *s)
{
	const struct ps_cma_areas *c = &s->owners->cma;
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < c->nr; i++) {
		struct json_object *o = json_object_new_object();
		struct json_object *kinds = json_object_new_object();

		ps_json_add_str(o, "name", c->v[i].name);
		ps_json_add_u64(o, PS_KEY_START_PFN, c->v[i].start_pfn);
		ps_json_add_u64(o, PS_KEY_END_PFN, c->v[i].start_pfn + c->v[i].nr_pages);
		for (int k = 0; k < PS_POWN_NR; k++)
			if (s->cma_by_kind[i][k])
				ps_json_add_u64(kinds, ps_page_owner_kind_names[k],
						s->cma_by_kind[i][k]);
		ps_json_add(o, "by_kind", kinds);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* What the page-table walk found; null when it could not run. */
static struct json_object *ps_json_pgtables(const struct ps_owner_stats *s)
{
	const struct ps_owners_pgtables *g = &s->owners->pgt;
	struct json_object *o;

	if (!g->walked)
		return NULL;
	o = json_object_new_object();
	ps_json_add_u64(o, "levels", g->levels);
	ps_json_add_u64(o, "mms", g->mms);
	ps_json_add_u64(o, "tables", g->tables);
	ps_json_add_u64(o, "deposited", g->deposited);
	ps_json_add_u64(o, "shared", g->shared);
	ps_json_add_u64(o, "damaged", g->damaged);
	ps_json_add_u64(o, "unreached", ps_owners_pgt_unreached(s));
	return o;
}

static struct json_object *ps_json_owners(const struct ps_owner_stats *s,
					  uint64_t start, uint64_t end,
					  const struct ps_owner_count *v, size_t nr)
{
	struct json_object *o = json_object_new_object();
	struct json_object *kinds = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	struct json_object *notes = json_object_new_array();

	ps_json_add_u64(o, PS_KEY_START_PFN, start);
	ps_json_add_u64(o, PS_KEY_END_PFN, end);
	ps_json_add_u64(o, "present", s->present);
	ps_json_add_u64(o, "unknown", ps_owners_unknown(s));
	for (int k = 0; k < PS_POWN_NR; k++)
		ps_json_add_u64(kinds, ps_page_owner_kind_names[k], s->by_kind[k]);
	for (size_t i = 0; i < nr; i++)
		json_object_array_add(arr, ps_owners_json_count(s, &v[i]));
	for (size_t i = 0; i < s->owners->nr_notes; i++)
		json_object_array_add(notes, json_object_new_string(s->owners->notes[i]));
	ps_json_add(o, "by_kind", kinds);
	ps_json_add(o, PS_KEY_BY_MOVABILITY, ps_owners_json_movs(s->by_mov));
	ps_json_add(o, PS_KEY_OWNERS, arr);
	ps_json_add(o, "notes", notes);
	ps_json_add(o, PS_KEY_OWNER_CMA, ps_json_cma(s));
	ps_json_add(o, "page_tables", ps_json_pgtables(s));
	return o;
}

/* A pageblock's owners, as frag gives a gigablock's. */
static struct json_object *ps_json_blocks(const struct ps_owner_stats *s)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < s->nr_regions; i++) {
		struct json_object *o = ps_owners_json_region(s, &s->regions[i]);

		ps_json_add_u64(o, PS_KEY_PFN, s->regions[i].pfn);
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *ps_json_report(const struct ps_owner_stats *s,
					  const struct ps_owners_by *by,
					  uint64_t start, uint64_t end,
					  const struct ps_owner_count *v, size_t nr)
{
	struct json_object *o = ps_json_owners(s, start, end, v, nr);

	if (by->blocks)
		ps_json_add(o, "blocks", ps_json_blocks(s));
	return o;
}

static void ps_text_report(FILE *fp, const struct ps_owner_stats *s,
			   const struct ps_owners_by *by, uint64_t start,
			   uint64_t end, const struct ps_owner_count *v, size_t nr)
{
	ps_text_totals(fp, s, start, end);
	if (by->blocks)
		ps_text_blocks(fp, s);
	else if (!strcmp(by->name, "kind"))
		ps_text_kinds(fp, s);
	else
		ps_text_owners(fp, s, v, nr);
}

/* Regions of the owner pass: pageblocks for --by block, else none. */
static struct ps_error *ps_owners_region_order(struct ps_target *t,
					       const struct ps_owners_by *by,
					       unsigned *ret)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	*ret = by->blocks ? m->pageblock_order : 0;
	return NULL;
}

/* --by tag: "file:line function [module]" */
static void ps_tag_where(const struct ps_alloc_tag_info *i, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%u %s%s%s%s", i->filename, i->lineno, i->function,
		 i->modname[0] ? " [" : "", i->modname, i->modname[0] ? "]" : "");
}

static void ps_text_tags(FILE *fp, unsigned page_shift, const struct ps_alloc_tags *tags)
{
	char where[512], size[32];

	fprintf(fp, "%zu code tags hold pages (memory allocation profiling); %" PRIu64
		" pages carry none%s\n", tags->nr, tags->untagged,
		tags->orders_known ? ""
				   : "; without page_owner an allocation counts as one page");
	fprintf(fp, "%10s %9s %8s  %s\n", "pages", "size", "allocs", "code tag");
	for (size_t i = 0; i < tags->nr; i++) {
		const struct ps_alloc_tag_count *c = &tags->tags[i];

		ps_tag_where(&c->info, where, sizeof(where));
		fprintf(fp, "%10" PRIu64 " %9s %8" PRIu64 "  %s\n", c->pages,
			ps_human_size(c->pages << page_shift, size, sizeof(size)),
			c->allocations, where);
	}
}

static struct json_object *ps_json_tags(const struct ps_alloc_tags *tags,
					uint64_t start, uint64_t end)
{
	struct json_object *o = json_object_new_object();
	struct json_object *arr = json_object_new_array();

	ps_json_add_u64(o, PS_KEY_START_PFN, start);
	ps_json_add_u64(o, PS_KEY_END_PFN, end);
	ps_json_add_u64(o, PS_KEY_TAG_UNTAGGED, tags->untagged);
	ps_json_add_bool(o, PS_KEY_TAG_ORDERS_KNOWN, tags->orders_known);
	for (size_t i = 0; i < tags->nr; i++) {
		const struct ps_alloc_tag_count *c = &tags->tags[i];
		struct json_object *r = json_object_new_object();

		ps_json_add_str(r, PS_KEY_TAG_FILE, c->info.filename);
		ps_json_add_u64(r, PS_KEY_TAG_LINE, c->info.lineno);
		ps_json_add_str(r, PS_KEY_TAG_FUNCTION, c->info.function);
		ps_json_add_str(r, PS_KEY_TAG_MODULE, c->info.modname);
		ps_json_add_u64(r, PS_KEY_PAGES, c->pages);
		ps_json_add_u64(r, PS_KEY_TAG_ALLOCATIONS, c->allocations);
		json_object_array_add(arr, r);
	}
	ps_json_add(o, PS_KEY_TAGS, arr);
	return o;
}

static struct ps_error *ps_owners_by_tag(struct ps_target *t, uint64_t start, uint64_t end,
					 struct ps_out *out)
{
	const struct ps_memmodel *m;
	struct ps_alloc_tags tags;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	err = ps_alloc_tags_count(t, start, end, &tags);
	if (err)
		return err;
	if (out->json)
		err = ps_out_json(out, ps_json_tags(&tags, start, end));
	else
		ps_text_tags(out->fp, m->page_shift, &tags);
	ps_alloc_tags_deinit(&tags);
	return err;
}

struct ps_error *ps_cmd_owners(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret)
{
	const struct ps_owners_by *by = NULL;
	struct ps_owner_stats s;
	_cleanup_free_ struct ps_owner_count *v = NULL;
	uint64_t start = 0, end = UINT64_MAX;
	unsigned order;
	size_t nr;
	struct ps_error *err;

	(void)exit_ret;
	err = ps_owners_by_parse(a->by, &by);
	if (err)
		return err;
	err = a->nr_positional ? ps_owners_range(t, a->positional[0], &start, &end)
			       : ps_owners_all(t, &end);
	if (err)
		return err;
	if (by->tags)
		return ps_owners_by_tag(t, start, end, out);
	err = ps_owners_region_order(t, by, &order);
	if (err)
		return err;
	err = ps_owner_stats_collect(t, start, end, order, &s);
	if (err)
		return err;
	err = ps_owner_stats_ranked(&s, by->keep, &v, &nr);
	if (err)
		goto out;
	if (out->json)
		err = ps_out_json(out, ps_json_report(&s, by, start, end, v, nr));
	else
		ps_text_report(out->fp, &s, by, start, end, v, nr);
out:
	ps_owner_stats_deinit(&s);
	return err;
}
