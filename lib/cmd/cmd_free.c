// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope free: the buddy free lists per node, zone, order and
 * migratetype, validated and cross-checked with the struct pages; also in
 * the exact formats of /proc/pagetypeinfo and /proc/buddyinfo, computed
 * from the walk, so a dump can be diffed against the live machine.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "walk/buddy.h"
#include "cmd/commands.h"
#include "output/list_report.h"
#include "kernel/memmodel.h"
#include "walk/pcp.h"
#include "target/target.h"

/* /proc/pagetypeinfo stops counting a list here and prints ">100000". */
static const uint64_t ps_pagetypeinfo_cap = 100000;

struct ps_free_report {
	struct ps_target *t;
	const struct ps_memmodel *m;
	struct ps_buddy buddy;
	struct ps_pcp_zone *pcp;	/* per buddy zone */
};

static const struct ps_zone *ps_fr_zone(const struct ps_free_report *r,
					const struct ps_buddy_zone *bz)
{
	return &r->m->zones[bz->zone];
}

static size_t ps_fr_broken(const struct ps_free_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->buddy.nr_zones; i++)
		n += r->buddy.zones[i].nr_broken + r->pcp[i].nr_broken;
	return n;
}

static uint64_t ps_fr_anomalies(const struct ps_free_report *r)
{
	uint64_t n = 0;

	/*
	 * On a live kernel blocks move between the list walk and the page
	 * walk: the cross-check shows that, it proves nothing.
	 */
	if (r->t->live)
		return 0;
	/* A list type unlike its pageblock's is legal on older kernels. */
	for (int k = 0; k < PS_BA_NR; k++)
		n += k == PS_BA_TYPE_MISMATCH ? 0 : r->buddy.anomaly_count[k];
	return n;
}

/* ------------------------------------------------------------------ */
/* The kernel's formats                                               */
/* ------------------------------------------------------------------ */

static void ps_print_buddyinfo(FILE *fp, const struct ps_free_report *r)
{
	for (size_t i = 0; i < r->buddy.nr_zones; i++) {
		const struct ps_buddy_zone *bz = &r->buddy.zones[i];
		const struct ps_zone *z = ps_fr_zone(r, bz);

		fprintf(fp, "Node %d, zone %8s ", z->nid, z->name);
		for (size_t o = 0; o < bz->nr_orders; o++)
			fprintf(fp, "%6" PRIu64 " ", bz->areas[o].walked);
		fprintf(fp, "\n");
	}
}

static void ps_print_free_table(FILE *fp, const struct ps_free_report *r,
				int nid)
{
	const struct ps_pageblock_bits *b = &r->buddy.bits;

	for (size_t i = 0; i < r->buddy.nr_zones; i++) {
		const struct ps_buddy_zone *bz = &r->buddy.zones[i];
		const struct ps_zone *z = ps_fr_zone(r, bz);

		if (z->nid != nid)
			continue;
		for (unsigned mt = 0; mt < b->nr_types; mt++) {
			fprintf(fp, "Node %4d, zone %8s, type %12s ", nid, z->name,
				ps_migratetype_name(b, mt));
			for (size_t o = 0; o < bz->nr_orders; o++) {
				uint64_t n = bz->areas[o].lists[mt].blocks;

				fprintf(fp, "%s%6" PRIu64 " ",
					n >= ps_pagetypeinfo_cap ? ">" : "",
					n >= ps_pagetypeinfo_cap ? ps_pagetypeinfo_cap : n);
			}
			fprintf(fp, "\n");
		}
	}
}

static struct ps_error *ps_print_block_table(FILE *fp,
					     const struct ps_free_report *r,
					     int nid)
{
	const struct ps_pageblock_bits *b = &r->buddy.bits;
	uint64_t counts[PS_MAX_MIGRATETYPES];

	fprintf(fp, "\n%-23s", "Number of blocks type ");
	for (unsigned mt = 0; mt < b->nr_types; mt++)
		fprintf(fp, "%12s ", ps_migratetype_name(b, mt));
	fprintf(fp, "\n");
	for (size_t i = 0; i < r->buddy.nr_zones; i++) {
		const struct ps_zone *z = ps_fr_zone(r, &r->buddy.zones[i]);
		struct ps_error *err;

		if (z->nid != nid)
			continue;
		err = ps_pageblock_count_zone(r->t, b, z, counts);
		if (err)
			return err;
		fprintf(fp, "Node %d, zone %8s ", nid, z->name);
		for (unsigned mt = 0; mt < b->nr_types; mt++)
			fprintf(fp, "%12" PRIu64 " ", counts[mt]);
		fprintf(fp, "\n");
	}
	return NULL;
}

static struct ps_error *ps_print_pagetypeinfo(FILE *fp,
					      const struct ps_free_report *r)
{
	const struct ps_memmodel *m = r->m;
	size_t nr_orders = r->buddy.nr_zones ? r->buddy.zones[0].nr_orders : 0;
	struct ps_error *err = NULL;

	for (size_t n = 0; n < m->nr_nodes && !err; n++) {
		int nid = m->nodes[n].nid;

		if (!m->nodes[n].present)
			continue;
		fprintf(fp, "Page block order: %u\n", m->pageblock_order);
		fprintf(fp, "Pages per block:  %lu\n\n", 1UL << m->pageblock_order);
		fprintf(fp, "%-43s ", "Free pages count per migrate type at order");
		for (size_t o = 0; o < nr_orders; o++)
			fprintf(fp, "%6zu ", o);
		fprintf(fp, "\n");
		ps_print_free_table(fp, r, nid);
		err = ps_print_block_table(fp, r, nid);
	}
	return err;
}

/* ------------------------------------------------------------------ */
/* pagescope's own view: text                                         */
/* ------------------------------------------------------------------ */

static void ps_text_orders(FILE *fp, const struct ps_buddy_zone *bz)
{
	fprintf(fp, "  %-12s", "order");
	for (size_t o = 0; o < bz->nr_orders; o++)
		fprintf(fp, " %6zu ", o);
	fprintf(fp, "\n");
}

static void ps_text_zone_lists(FILE *fp, const struct ps_free_report *r,
			       const struct ps_buddy_zone *bz)
{
	const struct ps_pageblock_bits *b = &r->buddy.bits;

	ps_text_orders(fp, bz);
	for (unsigned mt = 0; mt < b->nr_types; mt++) {
		fprintf(fp, "  %-12s", ps_migratetype_name(b, mt));
		for (size_t o = 0; o < bz->nr_orders; o++)
			fprintf(fp, " %6" PRIu64 "%c", bz->areas[o].lists[mt].blocks,
				bz->areas[o].lists[mt].broken     ? '!'
				: bz->areas[o].lists[mt].changing ? '~'
								  : ' ');
		fprintf(fp, "\n");
	}
	fprintf(fp, "  %-12s", "nr_free");
	for (size_t o = 0; o < bz->nr_orders; o++)
		fprintf(fp, " %6" PRIu64 "%c", bz->areas[o].nr_free,
			bz->areas[o].nr_free == bz->areas[o].walked ? ' ' : '*');
	fprintf(fp, "\n");
}

static void ps_text_faults(FILE *fp, const struct ps_free_report *r,
			   const struct ps_buddy_zone *bz)
{
	char buf[256];

	for (size_t o = 0; o < bz->nr_orders; o++) {
		if (bz->areas[o].impossible)
			fprintf(fp, "  IMPOSSIBLE free_area[%zu].nr_free %" PRIu64 ": more blocks of order %zu than the zone's %" PRIu64 " pages hold\n",
				o, bz->areas[o].nr_free, o,
				ps_fr_zone(r, bz)->spanned);
		for (unsigned mt = 0; mt < r->buddy.bits.nr_types; mt++) {
			const struct ps_free_list *fl = &bz->areas[o].lists[mt];

			if (fl->broken)
				fprintf(fp, "  BROKEN free_area[%zu].free_list[%s]: %s\n",
					o, ps_migratetype_name(&r->buddy.bits, mt),
					ps_list_fault_describe(&fl->fault, buf,
							       sizeof(buf)));
		}
	}
}

static void ps_text_zone(FILE *fp, const struct ps_free_report *r, size_t i)
{
	const struct ps_buddy_zone *bz = &r->buddy.zones[i];
	const struct ps_zone *z = ps_fr_zone(r, bz);

	fprintf(fp, "Node %d, zone %s (pfn %#" PRIx64 "-%#" PRIx64 ")\n", z->nid,
		z->name, z->start_pfn, z->start_pfn + z->spanned);
	ps_text_zone_lists(fp, r, bz);
	ps_text_faults(fp, r, bz);
	fprintf(fp, "  free pages %" PRIu64 " on the lists, NR_FREE_PAGES %" PRId64 ": %s",
		bz->free_pages, z->nr_free_pages,
		(int64_t)bz->free_pages == z->nr_free_pages ? "equal" : "DIFFER");
	if (bz->isolated_pages)
		fprintf(fp, " (%" PRIu64 " more isolated)", bz->isolated_pages);
	fprintf(fp, "\n  per-cpu lists %" PRIu64 " pages, pcp->count %" PRId64 "%s\n\n",
		r->pcp[i].pages, r->pcp[i].count,
		r->pcp[i].nr_broken ? ", A PER-CPU LIST IS BROKEN" : "");
}

static void ps_text_anomalies(FILE *fp, const struct ps_free_report *r)
{
	const struct ps_buddy *b = &r->buddy;

	if (!b->cross_checked)
		return;
	if (r->t->live)
		fprintf(fp, "cross-check on a live kernel: memory changed between the walks; differences below are not corruption\n");
	else if (!ps_fr_anomalies(r))
		fprintf(fp, "cross-check: every PageBuddy head is on exactly one free list, of its own order (%zu blocks)\n",
			b->nr_entries);
	for (int k = 0; k < PS_BA_NR; k++) {
		if (b->anomaly_count[k])
			fprintf(fp, "cross-check: %" PRIu64 " block(s) %s\n",
				b->anomaly_count[k], ps_buddy_anomaly_name(k));
	}
	for (size_t i = 0; i < b->nr_anomalies && i < 20; i++) {
		const struct ps_buddy_anomaly *a = &b->anomalies[i];

		fprintf(fp, "  pfn %#" PRIx64 " order %u list %s: %s\n", a->pfn,
			a->order, ps_migratetype_name(&b->bits, a->migratetype),
			ps_buddy_anomaly_name(a->kind));
	}
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_json_area(const struct ps_free_report *r,
					const struct ps_free_area *fa, size_t o)
{
	struct json_object *o_ = json_object_new_object();
	struct json_object *types = json_object_new_object();

	ps_json_add_u64(o_, PS_KEY_ORDER, o);
	ps_json_add_u64(o_, PS_KEY_NR_FREE, fa->nr_free);
	ps_json_add_u64(o_, PS_KEY_WALKED, fa->walked);
	for (unsigned mt = 0; mt < r->buddy.bits.nr_types; mt++)
		ps_json_add_u64(types, ps_migratetype_name(&r->buddy.bits, mt),
				fa->lists[mt].blocks);
	ps_json_add(o_, PS_KEY_BY_MIGRATETYPE, types);
	return o_;
}

/* A broken free list: which one, and where it breaks as list reports it. */
static struct json_object *ps_json_fault(struct ps_target *t,
					 const struct ps_list_fault *f,
					 size_t order, const char *migratetype)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, PS_KEY_ORDER, order);
	ps_json_add_str(o, PS_KEY_MIGRATETYPE, migratetype);
	ps_json_add(o, PS_KEY_FAULT, ps_list_report_json(t, f));
	return o;
}

static struct json_object *ps_json_zone_free(const struct ps_free_report *r,
					     size_t i)
{
	const struct ps_buddy_zone *bz = &r->buddy.zones[i];
	const struct ps_zone *z = ps_fr_zone(r, bz);
	struct json_object *o = json_object_new_object();
	struct json_object *areas = json_object_new_array();
	struct json_object *broken = json_object_new_array();

	ps_json_add_i64(o, PS_KEY_NID, z->nid);
	ps_json_add_str(o, PS_KEY_ZONE, z->name);
	for (size_t a = 0; a < bz->nr_orders; a++) {
		json_object_array_add(areas, ps_json_area(r, &bz->areas[a], a));
		for (unsigned mt = 0; mt < r->buddy.bits.nr_types; mt++) {
			if (bz->areas[a].lists[mt].broken)
				json_object_array_add(
					broken,
					ps_json_fault(r->t, &bz->areas[a].lists[mt].fault, a,
						      ps_migratetype_name(&r->buddy.bits, mt)));
		}
	}
	ps_json_add(o, PS_KEY_ORDERS, areas);
	ps_json_add(o, PS_KEY_BROKEN_LISTS, broken);
	ps_json_add_u64(o, PS_KEY_FREE_PAGES, bz->free_pages);
	ps_json_add_u64(o, "isolated_pages", bz->isolated_pages);
	ps_json_add_i64(o, PS_KEY_NR_FREE_PAGES, z->nr_free_pages);
	ps_json_add_u64(o, PS_KEY_PCP_PAGES, r->pcp[i].pages);
	ps_json_add_i64(o, PS_KEY_PCP_COUNT, r->pcp[i].count);
	ps_json_add_u64(o, PS_KEY_PCP_BROKEN_LISTS, r->pcp[i].nr_broken);
	return o;
}

static struct json_object *ps_json_cross_check(const struct ps_free_report *r)
{
	const struct ps_buddy *b = &r->buddy;
	struct json_object *o = json_object_new_object();
	struct json_object *counts = json_object_new_object();
	struct json_object *first = json_object_new_array();

	ps_json_add_u64(o, PS_KEY_BLOCKS_LISTED, b->nr_entries);
	for (int k = 0; k < PS_BA_NR; k++)
		ps_json_add_u64(counts, ps_buddy_anomaly_key(k), b->anomaly_count[k]);
	for (size_t i = 0; i < b->nr_anomalies && i < 100; i++) {
		struct json_object *a = json_object_new_object();

		ps_json_add_str(a, "kind", ps_buddy_anomaly_key(b->anomalies[i].kind));
		ps_json_add_u64(a, PS_KEY_PFN, b->anomalies[i].pfn);
		ps_json_add_u64(a, PS_KEY_ORDER, b->anomalies[i].order);
		json_object_array_add(first, a);
	}
	ps_json_add(o, PS_KEY_ANOMALIES, counts);
	ps_json_add(o, PS_KEY_FIRST, first);
	/* Live: lists and pages were read at different moments. */
	ps_json_add_bool(o, PS_KEY_TRANSIENT, r->t->live);
	return o;
}

static struct json_object *ps_json_free(const struct ps_free_report *r)
{
	struct json_object *root = json_object_new_object();
	struct json_object *zones = json_object_new_array();

	ps_json_add_u64(root, "pageblock_order", r->m->pageblock_order);
	for (size_t i = 0; i < r->buddy.nr_zones; i++)
		json_object_array_add(zones, ps_json_zone_free(r, i));
	ps_json_add(root, PS_KEY_ZONES, zones);
	ps_json_add(root, PS_KEY_CROSS_CHECK, ps_json_cross_check(r));
	ps_json_add_bool(root, "live", r->t->live);
	ps_json_add_bool(root, PS_KEY_OK, !ps_fr_broken(r) && !ps_fr_anomalies(r));
	return root;
}

/* ------------------------------------------------------------------ */

static struct ps_error *ps_fr_collect(struct ps_target *t, bool cross_check,
				      struct ps_free_report *r)
{
	struct ps_error *err = ps_memmodel_get(t, &r->m);

	r->t = t;
	if (!err)
		err = ps_buddy_collect(t, cross_check, &r->buddy);
	if (err)
		return err;
	r->pcp = calloc(r->buddy.nr_zones ? r->buddy.nr_zones : 1, sizeof(*r->pcp));
	if (!r->pcp)
		return ps_error_nomem();
	for (size_t i = 0; i < r->buddy.nr_zones && !err; i++)
		err = ps_pcp_zone_read(t, ps_fr_zone(r, &r->buddy.zones[i]),
				       &r->pcp[i]);
	return err;
}

static void ps_fr_deinit(struct ps_free_report *r)
{
	for (size_t i = 0; r->pcp && i < r->buddy.nr_zones; i++)
		ps_pcp_zone_deinit(&r->pcp[i]);
	free(r->pcp);
	ps_buddy_deinit(&r->buddy);
}

static struct ps_error *ps_free_print(struct ps_free_report *r,
				      const struct ps_args *a,
				      struct ps_out *out)
{
	if (a->format && !strcmp(a->format, "pagetypeinfo"))
		return ps_print_pagetypeinfo(out->fp, r);
	if (a->format && !strcmp(a->format, "buddyinfo")) {
		ps_print_buddyinfo(out->fp, r);
		return NULL;
	}
	if (out->json)
		return ps_out_json(out, ps_json_free(r));
	for (size_t i = 0; i < r->buddy.nr_zones; i++)
		ps_text_zone(out->fp, r, i);
	ps_text_anomalies(out->fp, r);
	return NULL;
}

struct ps_error *ps_cmd_free(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	struct ps_free_report r = { 0 };
	bool kernel_format = a->format != NULL;
	struct ps_error *err;

	if (kernel_format && strcmp(a->format, "pagetypeinfo") &&
	    strcmp(a->format, "buddyinfo"))
		return ps_error_create(PS_ERR_USAGE,
				       "--format %s: pagetypeinfo or buddyinfo",
				       a->format);
	err = ps_fr_collect(t, !kernel_format, &r);
	if (err)
		goto out;
	err = ps_free_print(&r, a, out);
	if (!err && (ps_fr_broken(&r) || ps_fr_anomalies(&r)))
		*exit_ret = PS_EXIT_CHECK;
out:
	ps_fr_deinit(&r);
	return err;
}
