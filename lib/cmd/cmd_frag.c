// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagescope frag: per gigablock (PUD-sized region), what it holds and
 * what it would take to make it a free 1 GiB page; zone totals; and, per
 * order, which gigablocks hold a free block of that order (the bitmaps a
 * per-gigablock allocator would keep).
 */
#include <inttypes.h>

#include "cmd/commands.h"
#include "cmd/owners_report.h"
#include "analysis/gigablock.h"
#include "kernel/memmodel.h"
#include "target/target.h"

static const char *ps_gb_zone_name(const struct ps_memmodel *m,
				   const struct ps_gigablock *g)
{
	if (g->multi_zone)
		return "(several)";
	return g->zone >= 0 ? m->zones[g->zone].name : "-";
}

/* The verdict in words: "blocked by 3 unmovable (0x1234, ...) pages". */
void ps_cmd_gigablock_verdict_text(const struct ps_gigablocks *f,
				   const struct ps_gigablock *g, char *buf,
				   size_t len)
{
	static const char *const kinds[PS_BLOCKERS] = { "unmovable", "reserved",
							"poisoned" };
	static const enum ps_movability movs[PS_BLOCKERS] = {
		PS_MOV_UNMOVABLE, PS_MOV_RESERVED, PS_MOV_POISONED };
	size_t used;

	switch (ps_gigablock_verdict(g)) {
	case PS_GB_FREE:
		/* The buddy allocator itself stops at its top order. */
		snprintf(buf, len, "all free: alloc_contig_pages() could take it as a %s page without migrating (free blocks of order <= %zu)",
			 f->pud_order == 18 ? "1 GiB" : "gigablock-sized",
			 f->nr_orders ? f->nr_orders - 1 : 0);
		return;
	case PS_GB_MIGRATABLE:
		snprintf(buf, len, "could be freed by migrating %" PRIu64 " movable pages",
			 ps_gigablock_to_migrate(g));
		return;
	case PS_GB_PARTIAL:
		snprintf(buf, len, "never one page: %s",
			 g->multi_zone ? "spans several zones" : "has holes");
		return;
	default:
		break;
	}
	used = (size_t)snprintf(buf, len, "blocked by");
	for (int k = 0; k < PS_BLOCKERS && used < len; k++) {
		if (!g->count[movs[k]])
			continue;
		used += (size_t)snprintf(buf + used, len - used, " %" PRIu64 " %s (pfn",
					 g->count[movs[k]], kinds[k]);
		for (size_t i = 0; i < g->nr_blockers[k] && used < len; i++)
			used += (size_t)snprintf(buf + used, len - used, "%s %#" PRIx64,
						 i ? "," : "", g->blockers[k][i]);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s)",
						 g->count[movs[k]] > g->nr_blockers[k] ? ", ..." : "");
	}
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_text_gigablocks(FILE *fp, const struct ps_memmodel *m,
			       const struct ps_gigablocks *f)
{
	char verdict[256];

	fprintf(fp, "%-4s %-19s %-9s %8s %8s %8s %8s %7s %5s %4s %s\n", "gb",
		"pfn range", "zone", "free", "movable", "unmov", "reserved",
		"largest", "taint", "hwp", "verdict");
	for (size_t i = 0; i < f->nr_gigablocks; i++) {
		const struct ps_gigablock *g = &f->gigablocks[i];
		char largest[12] = "-", lo[24], hi[24];

		if (g->largest_free_order >= 0)
			snprintf(largest, sizeof(largest), "%d", g->largest_free_order);
		ps_cmd_gigablock_verdict_text(f, g, verdict, sizeof(verdict));
		fprintf(fp, "%-4" PRIu64 " %9s-%-9s %-9s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %7s %5s %4" PRIu64 " %s\n",
			g->pfn >> f->pud_order, ps_hex(g->pfn, lo, sizeof(lo)),
			ps_hex(g->pfn + g->nr_pages, hi, sizeof(hi)),
			ps_gb_zone_name(m, g), g->count[PS_MOV_FREE],
			g->count[PS_MOV_MOVABLE] + g->count[PS_MOV_IDLE],
			g->count[PS_MOV_UNMOVABLE], g->count[PS_MOV_RESERVED],
			largest, g->tainted ? "yes" : "no", g->hwpoison, verdict);
	}
}

static void ps_text_totals_row(FILE *fp, const char *name,
			       const struct ps_gigablocks *f,
			       const struct ps_zone_totals *z)
{
	fprintf(fp, "%-16s %9" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %5" PRIu64,
		name, z->present, z->count[PS_MOV_FREE],
		z->count[PS_MOV_MOVABLE] + z->count[PS_MOV_IDLE],
		z->count[PS_MOV_UNMOVABLE], z->count[PS_MOV_RESERVED],
		z->count[PS_MOV_POISONED], z->hwpoison);
	for (unsigned mt = 0; mt < f->bits.nr_types; mt++)
		fprintf(fp, " %6" PRIu64, z->blocks_by_type[mt]);
	fprintf(fp, "\n");
}

static void ps_text_totals(FILE *fp, const struct ps_memmodel *m,
			   const struct ps_gigablocks *f)
{
	fprintf(fp, "\n%-16s %9s %8s %8s %8s %8s %8s %5s", "zone", "present",
		"free", "movable", "unmov", "reserved", "poisoned", "hwp");
	for (unsigned mt = 0; mt < f->bits.nr_types; mt++)
		fprintf(fp, " %6.6s", ps_migratetype_name(&f->bits, mt));
	fprintf(fp, "  (pageblocks)\n");
	for (size_t i = 0; i < m->nr_zones; i++) {
		char name[32];

		if (!f->zones[i].present)
			continue;
		snprintf(name, sizeof(name), "node %d %s", m->zones[i].nid,
			 m->zones[i].name);
		ps_text_totals_row(fp, name, f, &f->zones[i]);
	}
	ps_text_totals_row(fp, "all", f, &f->total);
}

/* One character per gigablock: does it hold a free block of this order? */
static void ps_text_order_bitmaps(FILE *fp, const struct ps_gigablocks *f)
{
	fprintf(fp, "\nfree blocks per order and gigablock (# = at least one; gigablocks 0..%zu)\n",
		f->nr_gigablocks ? (size_t)(f->gigablocks[f->nr_gigablocks - 1].pfn >> f->pud_order) : 0);
	for (size_t o = 0; o < f->nr_orders; o++) {
		uint64_t expect = 0;

		fprintf(fp, "  order %2zu ", o);
		for (size_t i = 0; i < f->nr_gigablocks; i++) {
			const struct ps_gigablock *g = &f->gigablocks[i];

			for (; expect < g->pfn >> f->pud_order; expect++)
				fputc(' ', fp);
			fputc(g->free_blocks[o] ? '#' : '.', fp);
			expect++;
		}
		fprintf(fp, "\n");
	}
}

static void ps_text_frag(FILE *fp, const struct ps_memmodel *m,
			 const struct ps_gigablocks *f)
{
	size_t verdicts[PS_GB_NR] = { 0 }, tainted = 0;

	for (size_t i = 0; i < f->nr_gigablocks; i++) {
		verdicts[ps_gigablock_verdict(&f->gigablocks[i])]++;
		tainted += f->gigablocks[i].tainted;
	}
	fprintf(fp, "%zu gigablocks of %llu pages: %zu free now, %zu freeable by migration, %zu blocked, %zu partial; %zu tainted by unmovable memory\n\n",
		f->nr_gigablocks, 1ULL << f->pud_order, verdicts[PS_GB_FREE],
		verdicts[PS_GB_MIGRATABLE], verdicts[PS_GB_BLOCKED],
		verdicts[PS_GB_PARTIAL], tainted);
	ps_text_gigablocks(fp, m, f);
	ps_text_totals(fp, m, f);
	ps_text_order_bitmaps(fp, f);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

struct json_object *ps_cmd_by_class_json(const uint64_t *count)
{
	struct json_object *o = json_object_new_object();

	for (int k = 0; k < PS_MOV_NR; k++)
		ps_json_add_u64(o, ps_movability_names[k], count[k]);
	return o;
}

static struct json_object *ps_json_blocks(const struct ps_gigablocks *f,
					  const uint64_t *by_type)
{
	struct json_object *o = json_object_new_object();

	for (unsigned mt = 0; mt < f->bits.nr_types; mt++)
		ps_json_add_u64(o, ps_migratetype_name(&f->bits, mt), by_type[mt]);
	return o;
}

static struct json_object *ps_json_orders(const struct ps_gigablocks *f,
					  const uint64_t *free_blocks)
{
	struct json_object *a = json_object_new_array();

	for (size_t o = 0; o < f->nr_orders; o++)
		json_object_array_add(a, ps_json_u64(free_blocks[o]));
	return a;
}

static struct json_object *ps_json_gigablock(const struct ps_memmodel *m,
					     const struct ps_gigablocks *f,
					     const struct ps_gigablock *g)
{
	struct json_object *o = json_object_new_object();
	char verdict[256];

	ps_cmd_gigablock_verdict_text(f, g, verdict, sizeof(verdict));
	ps_json_add_u64(o, PS_KEY_INDEX, g->pfn >> f->pud_order);
	ps_json_add_u64(o, PS_KEY_START_PFN, g->pfn);
	ps_json_add_u64(o, PS_KEY_END_PFN, g->pfn + g->nr_pages);
	ps_json_add_str(o, PS_KEY_ZONE, ps_gb_zone_name(m, g));
	ps_json_add_u64(o, "present", g->present);
	ps_json_add(o, PS_KEY_BY_CLASS, ps_cmd_by_class_json(g->count));
	ps_json_add_u64(o, PS_KEY_HWPOISON, g->hwpoison);
	ps_json_add_u64(o, PS_KEY_ANON_EXCLUSIVE, g->anon_exclusive);
	ps_json_add(o, "pageblocks", ps_json_blocks(f, g->blocks_by_type));
	ps_json_add(o, "free_blocks_by_order", ps_json_orders(f, g->free_blocks));
	ps_json_add_i64(o, PS_KEY_LARGEST_FREE_ORDER, g->largest_free_order);
	ps_json_add_bool(o, PS_KEY_TAINTED, g->tainted);
	ps_json_add_str(o, PS_KEY_VERDICT, ps_gb_verdict_name(ps_gigablock_verdict(g)));
	ps_json_add_u64(o, "pages_to_migrate", ps_gigablock_to_migrate(g));
	ps_json_add_str(o, PS_KEY_EXPLANATION, verdict);
	return o;
}

static struct json_object *ps_json_totals(const struct ps_gigablocks *f,
					  const struct ps_zone_totals *z)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, "present", z->present);
	ps_json_add(o, PS_KEY_BY_CLASS, ps_cmd_by_class_json(z->count));
	ps_json_add_u64(o, PS_KEY_HWPOISON, z->hwpoison);
	ps_json_add(o, "pageblocks", ps_json_blocks(f, z->blocks_by_type));
	ps_json_add(o, "free_blocks_by_order", ps_json_orders(f, z->free_blocks));
	return o;
}

static struct json_object *ps_json_order_bitmaps(const struct ps_gigablocks *f)
{
	struct json_object *a = json_object_new_array();

	for (size_t o = 0; o < f->nr_orders; o++) {
		struct json_object *set = json_object_new_array();

		for (size_t i = 0; i < f->nr_gigablocks; i++) {
			if (f->gigablocks[i].free_blocks[o])
				json_object_array_add(
					set, ps_json_u64(f->gigablocks[i].pfn >> f->pud_order));
		}
		json_object_array_add(a, set);
	}
	return a;
}

static struct json_object *ps_json_frag(const struct ps_memmodel *m,
					const struct ps_gigablocks *f)
{
	struct json_object *root = json_object_new_object();
	struct json_object *gbs = json_object_new_array();
	struct json_object *zones = json_object_new_array();

	ps_json_add_u64(root, "gigablock_pages", 1ULL << f->pud_order);
	ps_json_add_u64(root, "pageblock_pages", 1ULL << f->pageblock_order);
	for (size_t i = 0; i < f->nr_gigablocks; i++)
		json_object_array_add(gbs, ps_json_gigablock(m, f, &f->gigablocks[i]));
	for (size_t i = 0; i < m->nr_zones; i++) {
		struct json_object *z;

		if (!f->zones[i].present)
			continue;
		z = ps_json_totals(f, &f->zones[i]);
		ps_json_add_i64(z, PS_KEY_NID, m->zones[i].nid);
		ps_json_add_str(z, PS_KEY_ZONE, m->zones[i].name);
		json_object_array_add(zones, z);
	}
	ps_json_add(root, PS_KEY_GIGABLOCKS, gbs);
	ps_json_add(root, PS_KEY_ZONES, zones);
	ps_json_add(root, "total", ps_json_totals(f, &f->total));
	ps_json_add(root, "gigablocks_with_free_order", ps_json_order_bitmaps(f));
	return root;
}

/* ------------------------------------------------------------------ */
/* Owners                                                             */
/* ------------------------------------------------------------------ */

/*
 * The owner pass, per gigablock. A failure to read owners (damage the
 * gigablock walk did not meet) is said, and the rest of frag stands.
 */
static struct ps_error *ps_frag_owners(struct ps_target *t,
				       const struct ps_gigablocks *f,
				       struct ps_owner_stats *ret,
				       struct ps_error **why_ret)
{
	struct ps_error *err = ps_owner_stats_collect(t, 0, UINT64_MAX, f->pud_order, ret);

	*why_ret = NULL;
	if (!err || ps_error_is(err, PS_ERR_NOMEM) || ps_error_is(err, PS_ERR_INTERRUPTED))
		return err;
	*why_ret = err;
	return NULL;
}

static void ps_text_frag_owners(FILE *fp, const struct ps_gigablocks *f,
				const struct ps_owner_stats *s,
				const struct ps_error *why)
{
	if (why) {
		fprintf(fp, "\nowners not known: %s\n", why->message);
		return;
	}
	fprintf(fp, "\nwhat holds each tainted gigablock: pages by movability, then its largest pinned and movable owners\n");
	for (size_t i = 0; i < f->nr_gigablocks; i++) {
		const struct ps_gigablock *g = &f->gigablocks[i];
		const struct ps_region_owners *r = ps_owner_stats_region(s, g->pfn);

		if (!g->tainted || !r)
			continue;
		fprintf(fp, "gigablock %" PRIu64 ":\n", g->pfn >> f->pud_order);
		ps_owners_text_region(fp, s, r, "  ");
	}
}

static void ps_json_frag_owners(struct json_object *root,
				const struct ps_gigablocks *f,
				const struct ps_owner_stats *s,
				const struct ps_error *why)
{
	struct json_object *gbs = json_object_object_get(root, PS_KEY_GIGABLOCKS);

	if (why) {
		ps_json_add_str(root, "owners_error", why->message);
		return;
	}
	for (size_t i = 0; i < f->nr_gigablocks; i++) {
		const struct ps_region_owners *r =
			ps_owner_stats_region(s, f->gigablocks[i].pfn);

		if (r)
			ps_json_add(json_object_array_get_idx(gbs, i), PS_KEY_OWNERS,
				    ps_owners_json_region(s, r));
	}
}

static struct ps_error *ps_frag_print(struct ps_target *t, struct ps_out *out,
				      const struct ps_memmodel *m,
				      const struct ps_gigablocks *f)
{
	struct ps_owner_stats s;
	struct ps_error *why = NULL;
	struct json_object *root;
	struct ps_error *err = ps_frag_owners(t, f, &s, &why);

	if (err)
		return err;
	if (out->json) {
		root = ps_json_frag(m, f);
		ps_json_frag_owners(root, f, &s, why);
		err = ps_out_json(out, root);
	} else {
		ps_text_frag(out->fp, m, f);
		ps_text_frag_owners(out->fp, f, &s, why);
	}
	if (!why)
		ps_owner_stats_deinit(&s);
	ps_error_destroy(why);
	return err;
}

struct ps_error *ps_cmd_frag(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	const struct ps_memmodel *m;
	struct ps_gigablocks f;
	struct ps_error *err = ps_memmodel_get(t, &m);

	(void)a;
	(void)exit_ret;
	if (!err)
		err = ps_gigablocks_collect(t, &f);
	if (err)
		return err;
	err = ps_frag_print(t, out, m, &f);
	ps_gigablocks_deinit(&f);
	return err;
}
