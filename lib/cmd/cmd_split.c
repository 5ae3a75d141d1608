// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope split: the THP deferred split queues, walked and counted. */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/commands.h"
#include "lists/deferred_split.h"
#include "output/list_report.h"
#include "lists/memcg.h"
#include "target/target.h"

static uint64_t ps_sq_entries(const struct ps_deferred_split_queue *q)
{
	return q->counts.folios + q->counts.not_large + q->counts.unreadable;
}

static size_t ps_sq_problems(const struct ps_deferred_split_queue *q)
{
	return q->broken + (!q->broken && ps_sq_entries(q) != q->len) +
	       (q->counts.not_large != 0);
}

/* "node 1", "memcg /pagescope", "lru node 0 /pagescope". */
static const char *ps_sq_name(const struct ps_memcgs *mc,
			      const struct ps_deferred_split_queue *q, char *buf,
			      size_t len)
{
	const char *path = q->memcg >= 0 ? mc->memcgs[q->memcg].path : "-";

	if (q->owner == PS_SQ_NODE)
		snprintf(buf, len, "node %d", q->nid);
	else if (q->owner == PS_SQ_MEMCG)
		snprintf(buf, len, "memcg %s%s", path,
			 mc->memcgs[q->memcg].online ? "" : " (offline)");
	else
		snprintf(buf, len, "lru node %d %s", q->nid,
			 q->kmemcg_id < 0 ? "(node list)" : path);
	return buf;
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_json_orders(const uint64_t *by_order)
{
	struct json_object *o = json_object_new_object();
	char key[12];

	for (int i = 0; i < PS_SPLIT_MAX_ORDER; i++) {
		if (!by_order[i])
			continue;
		snprintf(key, sizeof(key), "%d", i);
		ps_json_add_u64(o, key, by_order[i]);
	}
	return o;
}

static void ps_json_counts(struct json_object *o,
			   const struct ps_deferred_split_counts *c)
{
	ps_json_add_u64(o, "folios", c->folios);
	ps_json_add(o, "by_order", ps_json_orders(c->by_order));
	ps_json_add_u64(o, "partially_mapped", c->partially_mapped);
	ps_json_add(o, "partially_mapped_by_order",
		    ps_json_orders(c->partially_mapped_by_order));
	ps_json_add_u64(o, "not_large_folios", c->not_large);
	ps_json_add_u64(o, "unreadable", c->unreadable);
}

/* Every entry in queue order: where the list runs through. */
static struct json_object *ps_json_folios(const struct ps_deferred_split_queue *q)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < q->nr_folios; i++) {
		const struct ps_deferred_split_folio *f = &q->folios[i];
		struct json_object *o = json_object_new_object();

		ps_json_add_hex(o, PS_KEY_NODE, f->node);
		ps_json_add_u64(o, PS_KEY_PFN, f->pfn);
		ps_json_add_bool(o, "large", f->large);
		ps_json_add_u64(o, PS_KEY_ORDER, f->order);
		ps_json_add_bool(o, "partially_mapped", f->partially_mapped);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *ps_json_queue(struct ps_target *t,
					 const struct ps_memcgs *mc,
					 const struct ps_deferred_split_queue *q)
{
	static const char *const kinds[] = {
		[PS_SQ_NODE] = "node", [PS_SQ_MEMCG] = "memcg",
		[PS_SQ_LRU] = "lru",
	};
	struct json_object *o = json_object_new_object();
	char name[300];

	ps_json_add_str(o, PS_KEY_NAME, ps_sq_name(mc, q, name, sizeof(name)));
	ps_json_add_str(o, "kind", kinds[q->owner]);
	if (q->owner != PS_SQ_MEMCG)
		ps_json_add_i64(o, PS_KEY_NID, q->nid);
	if (q->memcg >= 0) {
		ps_json_add_str(o, PS_KEY_MEMCG, mc->memcgs[q->memcg].path);
		ps_json_add_bool(o, "memcg_online", mc->memcgs[q->memcg].online);
		ps_json_add_hex(o, "mem_cgroup", mc->memcgs[q->memcg].addr);
	}
	ps_json_add_hex(o, "addr", q->addr);
	ps_json_add_u64(o, "len", q->len);
	ps_json_add_u64(o, PS_KEY_WALKED, ps_sq_entries(q));
	ps_json_add_bool(o, "locked", q->lock != 0);
	ps_json_add_bool(o, PS_KEY_BROKEN, q->broken);
	ps_json_counts(o, &q->counts);
	ps_json_add(o, "folios", ps_json_folios(q));
	if (q->broken)
		ps_json_add(o, PS_KEY_FAULT, ps_list_report_json(t, &q->fault));
	return o;
}

static struct ps_error *ps_split_print_json(struct ps_target *t,
					    struct ps_out *out,
					    const struct ps_memcgs *mc,
					    const struct ps_deferred_split *s)
{
	struct json_object *root = json_object_new_object();
	struct json_object *queues = json_object_new_array();
	struct json_object *total = json_object_new_object();

	ps_json_add_bool(root, "via_list_lru", s->via_lru);
	ps_json_add_bool(root, "has_partially_mapped_flag",
			 s->has_partially_mapped);
	ps_json_add_u64(root, "link_offset", s->link_offset);
	for (size_t i = 0; i < s->nr_queues; i++)
		json_object_array_add(queues, ps_json_queue(t, mc, &s->queues[i]));
	ps_json_add(root, "queues", queues);
	ps_json_counts(total, &s->total);
	ps_json_add_u64(total, "len", s->total_len);
	ps_json_add_u64(total, PS_KEY_BROKEN_QUEUES, s->nr_broken);
	ps_json_add_u64(total, PS_KEY_LEN_MISMATCHES, s->nr_len_mismatch);
	ps_json_add(root, "total", total);
	return ps_out_json(out, root);
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_text_orders(FILE *fp, const uint64_t *by_order)
{
	bool any = false;

	for (int i = 0; i < PS_SPLIT_MAX_ORDER; i++) {
		if (by_order[i])
			fprintf(fp, "%s%d:%" PRIu64, any ? " " : "", i, by_order[i]);
		any |= by_order[i] != 0;
	}
	if (!any)
		fprintf(fp, "-");
}

static void ps_text_queue_problems(struct ps_target *t, FILE *fp,
				   const struct ps_deferred_split_queue *q)
{
	if (q->broken)
		ps_list_report_print(t, fp, "    ", &q->fault);
	else if (ps_sq_entries(q) != q->len)
		fprintf(fp, "    split_queue_len says %" PRIu64 " but the queue holds %" PRIu64 "%s\n",
			q->len, ps_sq_entries(q),
			q->lock ? " (its lock is held: an update was in flight)"
			: ps_sq_entries(q) < q->len
				? " (its lock is free: a running deferred_split_scan() may hold the difference on its stack)"
				: "");
	if (q->counts.not_large)
		fprintf(fp, "    %" PRIu64 " entries are not the head of a large folio\n",
			q->counts.not_large);
}

static void ps_text_split(struct ps_target *t, FILE *fp,
			  const struct ps_memcgs *mc, const struct ps_deferred_split *s)
{
	char name[300];

	fprintf(fp, "THP deferred split queues (%s; link at folio+%#" PRIx64 ")\n",
		s->via_lru ? "list_lru deferred_split_lru" : "struct deferred_split",
		s->link_offset);
	fprintf(fp, "%-32s %-18s %8s %8s %9s  %s\n", "queue", "address", "len",
		"walked", "part.map", "folios by order");
	for (size_t i = 0; i < s->nr_queues; i++) {
		const struct ps_deferred_split_queue *q = &s->queues[i];

		fprintf(fp, "%-32s %#-18" PRIx64 " %8" PRIu64 " %8" PRIu64 " %9" PRIu64 "  ",
			ps_sq_name(mc, q, name, sizeof(name)), q->addr, q->len,
			ps_sq_entries(q), q->counts.partially_mapped);
		ps_text_orders(fp, q->counts.by_order);
		fprintf(fp, "\n");
		if (ps_sq_problems(q))
			ps_text_queue_problems(t, fp, q);
	}
	fprintf(fp, "\ntotal: %" PRIu64 " folios on the queues (", s->total.folios);
	ps_text_orders(fp, s->total.by_order);
	fprintf(fp, "), split_queue_len sum %" PRIu64 "\n", s->total_len);
	if (!s->has_partially_mapped) {
		fprintf(fp, "partially mapped: this kernel has no PG_partially_mapped\n");
		return;
	}
	fprintf(fp, "partially mapped: %" PRIu64 " (", s->total.partially_mapped);
	ps_text_orders(fp, s->total.partially_mapped_by_order);
	fprintf(fp, ")\n");
}

struct ps_error *ps_cmd_split(struct ps_target *t, const struct ps_args *a,
			      struct ps_out *out, int *exit_ret)
{
	struct ps_memcgs mc;
	struct ps_deferred_split s = { 0 };
	size_t problems = 0;
	struct ps_error *err = ps_memcgs_collect(t, &mc);

	(void)a;
	if (err)
		return err;
	err = ps_deferred_split_collect(t, &mc, &s);
	if (err)
		goto out;
	/* A running kernel moves counts under the walk; only breaks count. */
	for (size_t i = 0; i < s.nr_queues; i++)
		problems += t->live ? s.queues[i].broken
				    : ps_sq_problems(&s.queues[i]);
	if (out->json)
		err = ps_split_print_json(t, out, &mc, &s);
	else
		ps_text_split(t, out->fp, &mc, &s);
	if (!err && (problems || mc.nr_broken))
		*exit_ret = PS_EXIT_CHECK;
out:
	ps_deferred_split_deinit(&s);
	ps_memcgs_deinit(&mc);
	return err;
}
