// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope summary: what this kernel is and what its pages hold. */
#include <inttypes.h>
#include <stdlib.h>

#include "base/cleanup.h"
#include "cmd/commands.h"
#include "kernel/memmodel.h"
#include "layout/features.h"
#include "analysis/pagestats.h"
#include "kernel/lru_gen.h"
#include "lists/deferred_split.h"
#include "lists/memcg.h"
#include "walk/pcp.h"
#include "target/target.h"

/* Everything the summary prints, gathered before printing. */
struct ps_summary {
	const struct ps_memmodel *m;
	struct ps_pagestats stats;
	struct ps_pcp_zone *pcp;	/* per zone of the model */
	/* Without PG_partially_mapped: folios on the split queues, or -1. */
	int64_t split_queued;
};

static struct ps_error *ps_summary_split_count(struct ps_target *t,
					       const struct ps_memcgs *mc,
					       int64_t *ret)
{
	struct ps_deferred_split ds;
	struct ps_error *err = ps_deferred_split_collect(t, mc, &ds);

	if (err)
		return err;
	*ret = ds.nr_broken ? -1 : (int64_t)ds.total.folios;
	ps_deferred_split_deinit(&ds);
	return NULL;
}

/*
 * A kernel without PG_partially_mapped (before v6.12) cannot say which
 * folios are partially mapped: the deferred split queues are where such
 * folios wait. Not knowing is no failure of the summary.
 */
static void ps_summary_split_queues(struct ps_target *t, struct ps_summary *s)
{
	struct ps_memcgs mc;
	struct ps_error *err;

	s->split_queued = -1;
	if (t->layout.pg[PS_PG_partially_mapped].present)
		return;
	err = ps_memcgs_collect(t, &mc);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	ps_error_destroy(ps_summary_split_count(t, &mc, &s->split_queued));
	ps_memcgs_deinit(&mc);
}

static struct ps_error *ps_summary_collect(struct ps_target *t,
					   struct ps_summary *s)
{
	struct ps_error *err = ps_memmodel_get(t, &s->m);

	if (err)
		return err;
	err = ps_pagestats_collect(t, &s->stats);
	if (err)
		return err;
	ps_summary_split_queues(t, s);
	s->pcp = calloc(s->m->nr_zones ? s->m->nr_zones : 1, sizeof(*s->pcp));
	if (!s->pcp)
		return ps_error_nomem();
	for (size_t i = 0; i < s->m->nr_zones; i++) {
		if (!s->m->zones[i].present)
			continue;
		err = ps_pcp_zone_read(t, &s->m->zones[i], &s->pcp[i]);
		if (err)
			return err;
	}
	return NULL;
}

static void ps_summary_deinit(struct ps_summary *s)
{
	for (size_t i = 0; s->pcp && i < s->m->nr_zones; i++)
		ps_pcp_zone_deinit(&s->pcp[i]);
	free(s->pcp);
	ps_pagestats_deinit(&s->stats);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_json_kernel(const struct ps_target *t)
{
	struct json_object *k = json_object_new_object();

	ps_json_add_str(k, "release", t->release);
	ps_json_add_str(k, "build_id", t->build_id);
	ps_json_add_str(k, "dump", t->dump_path);
	ps_json_add_str(k, "vmlinux",
			t->debuginfo.vmlinux ? ps_elf_file_path(t->debuginfo.vmlinux) : NULL);
	ps_json_add_str(k, "debuginfo", t->debuginfo.source ? t->debuginfo.source : "crash");
	ps_json_add_str(k, "layout_source", t->layout.source);
	ps_json_add_hex(k, "kaslr_offset", t->kaslr_offset);
	return k;
}

static struct json_object *ps_json_zone(const struct ps_summary *s, size_t i)
{
	const struct ps_zone *z = &s->m->zones[i];
	const struct ps_zone_stats *zs = &s->stats.zones[i];
	struct json_object *o = json_object_new_object();

	ps_json_add_str(o, "name", z->name);
	ps_json_add_u64(o, PS_KEY_START_PFN, z->start_pfn);
	ps_json_add_u64(o, PS_KEY_END_PFN, z->start_pfn + z->spanned);
	ps_json_add_u64(o, "spanned", z->spanned);
	ps_json_add_u64(o, "present", z->present);
	ps_json_add_u64(o, "managed", z->managed);
	ps_json_add_u64(o, "pages_walked", zs->pages);
	ps_json_add_u64(o, "free_walked", zs->free);
	ps_json_add_i64(o, PS_KEY_NR_FREE_PAGES, z->nr_free_pages);
	ps_json_add_i64(o, PS_KEY_PCP_COUNT, s->pcp[i].count);
	ps_json_add_u64(o, "pcp_walked", s->pcp[i].pages);
	ps_json_add_u64(o, PS_KEY_PCP_BROKEN_LISTS, s->pcp[i].nr_broken);
	ps_json_add_u64(o, PS_KEY_HWPOISON, zs->hwpoison);
	return o;
}

static struct json_object *ps_json_nodes(const struct ps_summary *s)
{
	const struct ps_memmodel *m = s->m;
	struct json_object *nodes = json_object_new_array();

	for (size_t i = 0; i < m->nr_nodes; i++) {
		const struct ps_node *n = &m->nodes[i];
		struct json_object *o = json_object_new_object();
		struct json_object *zones = json_object_new_array();

		ps_json_add_i64(o, PS_KEY_NID, n->nid);
		ps_json_add_u64(o, PS_KEY_START_PFN, n->start_pfn);
		ps_json_add_u64(o, PS_KEY_END_PFN, n->start_pfn + n->spanned);
		ps_json_add_u64(o, "present", n->present);
		for (size_t z = 0; z < n->nr_zones; z++)
			json_object_array_add(zones,
					      ps_json_zone(s, n->first_zone + z));
		ps_json_add(o, PS_KEY_ZONES, zones);
		json_object_array_add(nodes, o);
	}
	return nodes;
}

static struct json_object *ps_json_memory(const struct ps_summary *s)
{
	const struct ps_memmodel *m = s->m;
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, "page_size", 1ULL << m->page_shift);
	ps_json_add_u64(o, "max_pfn", m->max_pfn);
	ps_json_add_u64(o, "sections", m->nr_sections);
	ps_json_add_u64(o, "pages_per_section", m->pages_per_section);
	ps_json_add_u64(o, "pageblock_order", m->pageblock_order);
	ps_json_add_u64(o, "gigablock_order", m->pud_order);
	if (!m->section_online_known)
		ps_json_add_bool(o, "section_online_known", false);
	ps_json_add(o, "nodes", ps_json_nodes(s));
	return o;
}

static struct json_object *ps_json_flags(const struct ps_target *t,
					 const struct ps_pagestats *s)
{
	struct json_object *o = json_object_new_object();
	uint64_t done = 0;

	/* One entry per bit, under the first name the kernel gives it. */
	for (int f = 0; f < PS_PG_NR; f++) {
		const struct ps_lval *bit = &t->layout.pg[f];

		if (ps_pageflag_info[f].kind != PS_PGK_BIT || !bit->present ||
		    bit->value >= 64 || (done & (1ULL << bit->value)))
			continue;
		done |= 1ULL << bit->value;
		ps_json_add_u64(o, ps_pageflag_info[f].name,
				s->flag_bit[bit->value]);
	}
	return o;
}

static struct json_object *ps_json_pages(const struct ps_target *t,
					 const struct ps_pagestats *s)
{
	struct json_object *o = json_object_new_object();
	struct json_object *types = json_object_new_object();
	struct json_object *maps = json_object_new_object();
	struct json_object *orders = json_object_new_object();
	struct json_object *hwp = json_object_new_array();

	ps_json_add_u64(o, "total", s->pages);
	ps_json_add_u64(o, "unreadable", s->unreadable);
	ps_json_add_u64(o, PS_KEY_FREE, s->free);
	for (int i = 0; i < PS_PT_NR; i++)
		ps_json_add_u64(types, ps_page_type_names[i], s->type[i]);
	for (int i = 0; i < PS_MAPPING_NR; i++)
		ps_json_add_u64(maps, ps_mapping_kind_names[i],
				s->mapping_kind[i]);
	for (int i = 0; i < PS_STATS_MAX_ORDER; i++) {
		char key[12];

		snprintf(key, sizeof(key), "%d", i);
		if (s->folios_by_order[i])
			ps_json_add_u64(orders, key, s->folios_by_order[i]);
	}
	for (size_t i = 0; i < s->nr_hwpoison; i++)
		json_object_array_add(hwp, ps_json_u64(s->hwpoison_pfns[i]));
	ps_json_add(o, PS_KEY_BY_TYPE, types);
	ps_json_add(o, "by_mapping", maps);
	ps_json_add(o, PS_KEY_FLAGS, ps_json_flags(t, s));
	ps_json_add_u64(o, "compound_heads", s->heads);
	ps_json_add_u64(o, "compound_tails", s->tails);
	ps_json_add(o, "folios_by_order", orders);
	ps_json_add_u64(o, "pmd_mapped_folios", s->pmd_mapped_folios);
	if (t->layout.pg[PS_PG_partially_mapped].present)
		ps_json_add_u64(o, "partially_mapped_folios", s->partially_mapped_folios);
	else	/* n/a: no PG_partially_mapped; see deferred_split_folios */
		json_object_object_add(o, "partially_mapped_folios", NULL);
	ps_json_add_u64(o, "anon_pages", s->anon_pages);
	ps_json_add_u64(o, PS_KEY_ANON_EXCLUSIVE, s->anon_exclusive);
	ps_json_add(o, "hwpoison_pfns", hwp);
	return o;
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_text_kernel(FILE *fp, const struct ps_target *t)
{
	fprintf(fp, "kernel       %s (build ID %s)\n", t->release,
		*t->build_id ? t->build_id : "unknown");
	if (t->dump_path)
		fprintf(fp, "dump         %s\n", t->dump_path);
	fprintf(fp, "debug info   %s (layout from %s)\n",
		t->debuginfo.source ? t->debuginfo.source : "crash's", t->layout.source);
	fprintf(fp, "KASLR offset 0x%" PRIx64 "\n", t->kaslr_offset);
}

static void ps_text_zone(FILE *fp, const struct ps_summary *s, size_t i)
{
	const struct ps_zone *z = &s->m->zones[i];

	fprintf(fp, "    %-8s pfn %#" PRIx64 "-%#" PRIx64 ", present %" PRIu64 ", managed %" PRIu64 "\n",
		z->name, z->start_pfn, z->start_pfn + z->spanned, z->present,
		z->managed);
	fprintf(fp, "             free %" PRIu64 " in buddy blocks (NR_FREE_PAGES says %" PRId64 "), %" PRIu64 " on per-cpu lists (pcp->count says %" PRId64 ")%s\n",
		s->stats.zones[i].free, z->nr_free_pages, s->pcp[i].pages,
		s->pcp[i].count,
		s->pcp[i].nr_broken ? ", A PER-CPU LIST IS BROKEN" : "");
}

static void ps_text_memory(FILE *fp, const struct ps_summary *s)
{
	const struct ps_memmodel *m = s->m;
	char a[32], b[32], c[32];

	fprintf(fp, "\nmemory       %zu node(s), %zu sections of %s, pageblocks of %s, gigablocks of %s\n",
		m->nr_nodes, m->nr_sections,
		ps_human_size(m->pages_per_section << m->page_shift, a, sizeof(a)),
		ps_human_size(1ULL << (m->pageblock_order + m->page_shift), b,
			      sizeof(b)),
		ps_human_size(1ULL << (m->pud_order + m->page_shift), c, sizeof(c)));
	if (!m->section_online_known)
		fprintf(fp, "             section online state not in the type info (SECTION_* are #defines before v5.17): every section with a memory map counts as online\n");
	for (size_t i = 0; i < m->nr_nodes; i++) {
		const struct ps_node *n = &m->nodes[i];

		fprintf(fp, "  node %d     pfn %#" PRIx64 "-%#" PRIx64 ", %s present\n",
			n->nid, n->start_pfn, n->start_pfn + n->spanned,
			ps_human_size(n->present << m->page_shift, a, sizeof(a)));
		for (size_t z = 0; z < n->nr_zones; z++) {
			if (m->zones[n->first_zone + z].spanned)
				ps_text_zone(fp, s, n->first_zone + z);
		}
	}
}

/* Where a flag's count mixes meanings: `page` tells them apart per page. */
static void ps_text_flag_notes(FILE *fp, struct ps_target *t,
			       const struct ps_pagestats *s)
{
	if (ps_lru_gen_state(t, NULL, 0) == PS_LRU_GEN_ON)
		fprintf(fp, "  multi-gen LRU on: PG_active is set only on folios off the generation lists\n");
	if (s->type[PS_PT_slab])
		fprintf(fp, "  slab pages reuse PG_locked (slab_lock), PG_active (pfmemalloc) and, since v6.8, PG_workingset (on a partial list): the counts include them\n");
}

/*
 * One bit's count. A bit other flags share by page kind (6.1's
 * PG_mappedtodisk is PG_anon_exclusive on anon pages) names them: the
 * count mixes them, and `page` tells which one a page has.
 */
static void ps_text_flag_row(FILE *fp, const struct ps_target *t, int f, uint64_t count)
{
	const struct ps_lval *bit = &t->layout.pg[f];
	char also[256] = "";
	size_t n = 0;

	for (int g = 0; g < PS_PG_NR; g++) {
		const struct ps_lval *other = &t->layout.pg[g];

		if (g == f || ps_pageflag_info[g].kind != PS_PGK_ALIAS || !other->present ||
		    other->value != bit->value || n >= sizeof(also))
			continue;
		n += (size_t)snprintf(also + n, sizeof(also) - n, "%s%s", n ? ", " : "",
				      ps_pageflag_info[g].name);
	}
	fprintf(fp, "%18" PRIu64 "  %-16s %s%s%s%s\n", count, ps_pageflag_info[f].name,
		ps_pageflag_info[f].meaning, n ? " (the same bit is " : "", also,
		n ? " on other kinds of page: the count holds them all)" : "");
}

static void ps_text_flags(FILE *fp, struct ps_target *t,
			  const struct ps_pagestats *s)
{
	uint64_t done = 0;

	fprintf(fp, "\nflags        pages  flag             meaning\n");
	for (int f = 0; f < PS_PG_NR; f++) {
		const struct ps_lval *bit = &t->layout.pg[f];

		if (ps_pageflag_info[f].kind != PS_PGK_BIT || !bit->present ||
		    bit->value >= 64 || (done & (1ULL << bit->value)))
			continue;
		done |= 1ULL << bit->value;
		if (!s->flag_bit[bit->value])
			continue;
		ps_text_flag_row(fp, t, f, s->flag_bit[bit->value]);
	}
	ps_text_flag_notes(fp, t, s);
}

static void ps_text_types(FILE *fp, const struct ps_pagestats *s)
{
	fprintf(fp, "\npage types   pages  type             meaning\n");
	for (int i = 0; i < PS_PT_NR; i++) {
		if (s->type[i])
			fprintf(fp, "%18" PRIu64 "  %-16s %s\n", s->type[i],
				ps_page_type_names[i], ps_page_type_meanings[i]);
	}
	fprintf(fp, "%18" PRIu64 "  %-16s %s\n", s->free, "(free)",
		"pages inside free buddy blocks (the buddy heads included)");
}

static void ps_text_partially_mapped(FILE *fp, const struct ps_target *t,
				     const struct ps_pagestats *s, int64_t queued)
{
	if (t->layout.pg[PS_PG_partially_mapped].present)
		fprintf(fp, "partially mapped %" PRIu64 "\n", s->partially_mapped_folios);
	else if (queued >= 0)
		fprintf(fp, "partially mapped n/a (no PG_partially_mapped in this kernel); %" PRId64 " folios wait on the deferred split queues (see split)\n",
			queued);
	else
		fprintf(fp, "partially mapped n/a (no PG_partially_mapped in this kernel, and the deferred split queues could not be counted: see split)\n");
}

static void ps_text_folios(FILE *fp, const struct ps_target *t,
			   const struct ps_pagestats *s, int64_t queued)
{
	fprintf(fp, "\nmappings     anon %" PRIu64 " (anon-exclusive %" PRIu64 "), file %" PRIu64 ", ksm %" PRIu64 ", movable_ops %" PRIu64 "\n",
		s->mapping_kind[PS_MAPPING_ANON], s->anon_exclusive,
		s->mapping_kind[PS_MAPPING_FILE], s->mapping_kind[PS_MAPPING_KSM],
		s->mapping_kind[PS_MAPPING_MOVABLE]);
	fprintf(fp, "folios       %" PRIu64 " compound heads, %" PRIu64 " tails; PMD-mapped %" PRIu64 ", ",
		s->heads, s->tails, s->pmd_mapped_folios);
	ps_text_partially_mapped(fp, t, s, queued);
	fprintf(fp, "  by order  ");
	for (int i = 0; i < PS_STATS_MAX_ORDER; i++) {
		if (s->folios_by_order[i])
			fprintf(fp, " %d:%" PRIu64, i, s->folios_by_order[i]);
	}
	fprintf(fp, "\n");
}

static void ps_text_pages(FILE *fp, struct ps_target *t,
			  const struct ps_pagestats *s, int64_t queued)
{
	fprintf(fp, "\npages        %" PRIu64 " with a struct page, %" PRIu64 " of them not in the dump\n",
		s->pages, s->unreadable);
	ps_text_types(fp, s);
	ps_text_folios(fp, t, s, queued);
	ps_text_flags(fp, t, s);
	fprintf(fp, "\nhwpoison     %zu page(s)", s->nr_hwpoison);
	for (size_t i = 0; i < s->nr_hwpoison && i < 64; i++)
		fprintf(fp, "%s%#" PRIx64, i ? ", " : ": pfn ", s->hwpoison_pfns[i]);
	fprintf(fp, "%s\n", s->nr_hwpoison > 64 ? ", ..." : "");
}

/* ------------------------------------------------------------------ */
/* What this kernel lacks                                             */
/* ------------------------------------------------------------------ */

static struct json_object *ps_json_lacks(const struct ps_target *t)
{
	struct json_object *a = json_object_new_array();
	char missing[1024];

	for (int f = 0; f < PS_FEAT_NR; f++) {
		struct json_object *o;

		if (ps_feature_has(&t->layout, f))
			continue;
		o = json_object_new_object();
		ps_json_add_str(o, "feature", ps_feature_key(f));
		ps_json_add_str(o, PS_KEY_DESCRIPTION, ps_feature_name(f));
		ps_json_add_str(o, "cost", ps_feature_cost(f));
		ps_json_add_str(o, "missing", ps_feature_missing(&t->layout, f, missing,
								 sizeof(missing)));
		json_object_array_add(a, o);
	}
	return a;
}

static void ps_text_lacks(FILE *fp, const struct ps_target *t)
{
	char missing[1024];
	bool any = false;

	fprintf(fp, "\nlacks       ");
	for (int f = 0; f < PS_FEAT_NR; f++) {
		if (ps_feature_has(&t->layout, f))
			continue;
		fprintf(fp, "%s %s: %s (no %s)\n", any ? "            " : "",
			ps_feature_name(f), ps_feature_cost(f),
			ps_feature_missing(&t->layout, f, missing, sizeof(missing)));
		any = true;
	}
	if (!any)
		fprintf(fp, " nothing: this kernel's layout has every item pagescope reads\n");
}

static struct json_object *ps_summary_json(const struct ps_target *t,
					   const struct ps_summary *s)
{
	struct json_object *root = json_object_new_object();

	ps_json_add(root, PS_KEY_KERNEL, ps_json_kernel(t));
	ps_json_add(root, "memory", ps_json_memory(s));
	ps_json_add(root, PS_KEY_PAGES, ps_json_pages(t, &s->stats));
	if (s->split_queued >= 0)
		ps_json_add_i64(json_object_object_get(root, PS_KEY_PAGES),
				"deferred_split_folios", s->split_queued);
	ps_json_add(root, "lacks", ps_json_lacks(t));
	return root;
}

struct ps_error *ps_cmd_summary(struct ps_target *t, const struct ps_args *a,
				struct ps_out *out, int *exit_ret)
{
	_cleanup_(ps_summary_deinit) struct ps_summary s = { 0 };
	struct ps_error *err = ps_summary_collect(t, &s);

	(void)a;
	(void)exit_ret;
	if (err)
		return err;
	if (out->json)
		return ps_out_json(out, ps_summary_json(t, &s));
	ps_text_kernel(out->fp, t);
	ps_text_memory(out->fp, &s);
	ps_text_pages(out->fp, t, &s.stats, s.split_queued);
	ps_text_lacks(out->fp, t);
	return NULL;
}
