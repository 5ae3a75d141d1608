// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope blocks: every pageblock with its bits and what it holds. */
#include <inttypes.h>
#include <stdlib.h>

#include "base/cleanup.h"
#include "walk/block_list.h"
#include "cmd/commands.h"
#include "cmd/owners_report.h"
#include "kernel/memmodel.h"
#include "target/target.h"

static const char *ps_block_zone(const struct ps_memmodel *m,
				 const struct ps_block_summary *b)
{
	if (b->mixed_zones)
		return "(several)";
	return b->zone >= 0 ? m->zones[b->zone].name : "-";
}

static void ps_text_block(FILE *fp, const struct ps_memmodel *m,
			  const struct ps_pageblock_bits *bits,
			  const struct ps_block_summary *b, const char *owner)
{
	char pfn[24];

	fprintf(fp, "%12s %-9s %-12s %c%c %4u %5u %5u %5u %5u %5u %4u %4u  %s\n",
		ps_hex(b->pfn, pfn, sizeof(pfn)), ps_block_zone(m, b),
		ps_migratetype_name(bits, b->pb.migratetype),
		b->pb.skip ? 'S' : '-', b->pb.isolate ? 'I' : '-', b->pages,
		b->count[PS_MOV_FREE], b->count[PS_MOV_MOVABLE] + b->count[PS_MOV_IDLE],
		b->count[PS_MOV_UNMOVABLE], b->count[PS_MOV_RESERVED],
		b->count[PS_MOV_POISONED], b->hwpoison, b->anon_exclusive, owner);
}

static struct json_object *ps_json_block(const struct ps_memmodel *m,
					 const struct ps_pageblock_bits *bits,
					 const struct ps_block_summary *b)
{
	struct json_object *o = json_object_new_object();
	struct json_object *counts = json_object_new_object();

	ps_json_add_u64(o, "pfn", b->pfn);
	ps_json_add_str(o, "zone", ps_block_zone(m, b));
	ps_json_add_str(o, "migratetype", ps_migratetype_name(bits, b->pb.migratetype));
	ps_json_add_u64(o, "bits", b->pb.raw);
	ps_json_add_bool(o, "skip", b->pb.skip);
	ps_json_add_bool(o, "isolate", b->pb.isolate);
	ps_json_add_u64(o, "present", b->pages);
	for (int k = 0; k < PS_MOV_NR; k++)
		ps_json_add_u64(counts, ps_movability_names[k], b->count[k]);
	ps_json_add(o, PS_KEY_BY_CLASS, counts);
	ps_json_add_u64(o, "hwpoison", b->hwpoison);
	ps_json_add_u64(o, "anon_exclusive", b->anon_exclusive);
	return o;
}

/*
 * Pageblocks summarized and printed at a time, so what blocks holds is
 * bounded (about 600 bytes a pageblock with the parts' copies of their
 * owners: 9 MiB) whatever the dump's size.
 * PAGESCOPE_BLOCKS_WINDOW sets another count, for tests.
 */
enum { PS_BLOCKS_WINDOW = 16384 };

struct ps_blocks_run {
	struct ps_target *t;
	const struct ps_memmodel *m;
	struct ps_out *out;
	struct ps_json_rows *rows;
	uint64_t window;		/* pfns, a multiple of a pageblock */
	struct ps_owner_stats stats;
	bool tried, found;		/* the owners were looked for, found */
};

static uint64_t ps_blocks_window(const struct ps_memmodel *m)
{
	const char *env = getenv("PAGESCOPE_BLOCKS_WINDOW");
	long n = env ? atol(env) : PS_BLOCKS_WINDOW;

	return (uint64_t)(n > 0 ? n : 1) << m->pageblock_order;
}

/*
 * The owners of [@p start, @p end) per pageblock: found in the first
 * window, counted again in each. NULL when they cannot be read: for
 * every window when the first could not, else for that window's rows.
 */
static struct ps_error *ps_blocks_owners(struct ps_blocks_run *r, uint64_t start,
					 uint64_t end, struct ps_owner_stats **ret)
{
	struct ps_error *err;

	*ret = NULL;
	if (r->tried && !r->found)
		return NULL;
	err = r->found ? ps_owner_stats_recollect(&r->stats, start, end)
		       : ps_owner_stats_collect(r->t, start, end,
						r->m->pageblock_order, &r->stats);
	r->found |= !r->tried && !err;
	r->tried = true;
	if (!err) {
		*ret = &r->stats;
		return NULL;
	}
	if (ps_error_is(err, PS_ERR_NOMEM) || ps_error_is(err, PS_ERR_INTERRUPTED))
		return err;
	ps_error_destroy(err);
	return NULL;
}

static void ps_blocks_row(struct ps_out *out, const struct ps_memmodel *m,
			  const struct ps_pageblock_bits *bits,
			  const struct ps_block_summary *b,
			  const struct ps_owner_stats *s, struct ps_json_rows *rows)
{
	const struct ps_region_owners *r = s ? ps_owner_stats_region(s, b->pfn) : NULL;
	struct json_object *o;
	char owner[320];

	if (!rows) {
		ps_text_block(out->fp, m, bits, b,
			      s ? ps_owners_region_top(s, r, owner, sizeof(owner)) : "?");
		return;
	}
	o = ps_json_block(m, bits, b);
	if (r)
		ps_json_add(o, PS_KEY_OWNERS, ps_owners_json_region(s, r));
	ps_json_rows_add(rows, o);
}

static void ps_blocks_header(const struct ps_blocks_run *r,
			     const struct ps_owner_stats *s)
{
	if (r->rows)
		return;
	fprintf(r->out->fp, "%12s %-9s %-12s %2s %4s %5s %5s %5s %5s %5s %4s %4s  %s\n",
		"pfn", "zone", "migratetype", "SI", "pres", "free", "movbl",
		"unmov", "resvd", "poisn", "hwp", "AE",
		s ? "largest pinned owner (pages)" : "owners not known");
}

/* Summarize the pageblocks of [@p start, @p end) and print them. */
static struct ps_error *ps_blocks_window_run(struct ps_blocks_run *r,
					     uint64_t start, uint64_t end)
{
	bool first = !r->tried;
	struct ps_owner_stats *s;
	_cleanup_(ps_block_list_deinit) struct ps_block_list l = { 0 };
	struct ps_error *err = ps_block_list_collect(r->t, start, end, &l);

	if (err)
		return err;
	err = ps_blocks_owners(r, start, end, &s);
	if (err)
		return err;
	if (first)
		ps_blocks_header(r, s);
	for (size_t i = 0; i < l.nr; i++)
		ps_blocks_row(r->out, r->m, &l.bits, &l.blocks[i], s, r->rows);
	return NULL;
}

/* Every window of [@p start, @p end), one at least: the header says whether owners are known. */
static struct ps_error *ps_blocks_windows(struct ps_blocks_run *r, uint64_t start,
					  uint64_t end)
{
	uint64_t next;
	struct ps_error *err;

	do {
		next = (start / r->window + 1) * r->window;
		next = next < end ? next : end;
		err = ps_blocks_window_run(r, start, next);
		if (err)
			return err;
		start = next;
	} while (start < end);
	return NULL;
}

static struct ps_error *ps_blocks_walk(struct ps_target *t, void *ctx,
				       struct ps_out *out,
				       uint64_t start, uint64_t end,
				       struct ps_json_rows *rows)
{
	struct ps_blocks_run r = { .t = t, .out = out, .rows = rows };
	struct ps_error *err = ps_memmodel_get(t, &r.m);

	(void)ctx;
	if (err)
		return err;
	r.window = ps_blocks_window(r.m);
	end = end < r.m->max_pfn ? end : r.m->max_pfn;
	end = end > start ? end : start;
	err = ps_blocks_windows(&r, start, end);
	if (r.found)
		ps_owner_stats_deinit(&r.stats);
	return err;
}

struct ps_error *ps_cmd_blocks(struct ps_target *t, const struct ps_args *a,
			       struct ps_out *out, int *exit_ret)
{
	(void)exit_ret;
	return ps_cmd_range_rows(t, a, out, "blocks", ps_blocks_walk, NULL);
}
