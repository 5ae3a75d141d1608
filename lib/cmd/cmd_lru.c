// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope lru: every list_lru, walked, with its counts and shrinker bits. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "lists/list_lru.h"
#include "output/list_report.h"
#include "lists/memcg.h"
#include "target/target.h"

struct ps_lru_report {
	struct ps_memcgs memcgs;
	struct ps_list_lru_ids ids;
	size_t nr;
	struct ps_list_lru *lrus;
};

static void ps_lru_report_deinit(struct ps_lru_report *r)
{
	for (size_t i = 0; i < r->nr; i++)
		ps_list_lru_deinit(&r->lrus[i]);
	free(r->lrus);
	ps_list_lru_ids_deinit(&r->ids);
	ps_memcgs_deinit(&r->memcgs);
}

/* The lru @arg names: a discovered name, an address or a symbol. */
static struct ps_error *ps_lru_select(struct ps_target *t,
				      struct ps_lru_report *r, const char *arg,
				      struct ps_list_lru_id *ret)
{
	struct ps_symbols *syms;
	uint64_t addr;
	struct ps_error *err;

	for (size_t i = 0; i < r->ids.nr; i++) {
		if (!strcmp(r->ids.ids[i].name, arg)) {
			*ret = r->ids.ids[i];
			return NULL;
		}
	}
	if (ps_parse_u64(arg, &addr) && !(addr >> 63))
		return ps_error_create(PS_ERR_USAGE, "%s: not a kernel address",
				       arg);
	if (!ps_parse_u64(arg, &addr)) {
		err = ps_target_symbols(t, &syms);
		if (!err)
			err = syms->ops->lookup(syms->priv, arg, &addr);
		if (err)
			return ps_error_prefix(err, "%s: no such list_lru", arg);
	}
	for (size_t i = 0; i < r->ids.nr; i++) {
		if (r->ids.ids[i].addr == addr) {
			*ret = r->ids.ids[i];
			return NULL;
		}
	}
	*ret = (struct ps_list_lru_id){ .addr = addr, .kind = PS_LRU_OTHER };
	snprintf(ret->name, sizeof(ret->name), "list_lru@%#" PRIx64, addr);
	return NULL;
}

static struct ps_error *ps_lru_report_collect(struct ps_target *t,
					      const char *arg,
					      struct ps_lru_report *r)
{
	struct ps_list_lru_id one;
	struct ps_error *err = ps_memcgs_collect(t, &r->memcgs);

	if (err)
		return err;
	err = ps_list_lru_discover(t, &r->ids);
	if (err)
		return err;
	if (arg) {
		err = ps_lru_select(t, r, arg, &one);
		if (err)
			return err;
	}
	r->lrus = calloc(arg ? 1 : (r->ids.nr ? r->ids.nr : 1), sizeof(*r->lrus));
	if (!r->lrus)
		return ps_error_nomem();
	if (arg) {
		err = ps_list_lru_walk(t, &r->memcgs, &one, &r->lrus[0]);
		r->nr = !err;
		return err;
	}
	for (size_t i = 0; i < r->ids.nr && !err; i++) {
		err = ps_list_lru_walk(t, &r->memcgs, &r->ids.ids[i], &r->lrus[i]);
		r->nr += !err;
	}
	return err;
}

static size_t ps_lru_problems(const struct ps_list_lru *l)
{
	return l->nr_broken + l->nr_mismatch + l->nr_node_mismatch +
	       l->nr_missing_bits + !!l->unreached[0];
}

static const char *ps_lru_bit_name(enum ps_list_lru_bit bit)
{
	static const char *const names[] = {
		[PS_LRU_BIT_NA] = "n/a",
		[PS_LRU_BIT_SET] = "set",
		[PS_LRU_BIT_CLEAR] = "clear",
		[PS_LRU_BIT_NO_OWNER] = "no_online_memcg",
		[PS_LRU_BIT_UNREAD] = "unreadable",
	};

	return names[bit];
}

static const char *ps_lru_list_memcg(const struct ps_lru_report *r,
				     const struct ps_list_lru_one *l)
{
	if (l->kmemcg_id < 0)
		return "(node list)";
	return l->memcg >= 0 ? r->memcgs.memcgs[l->memcg].path : "(no online memcg)";
}

static bool ps_lru_list_interesting(const struct ps_list_lru_one *l)
{
	return l->broken || (int64_t)l->walked != l->nr_items ||
	       l->bit == PS_LRU_BIT_CLEAR || l->bit == PS_LRU_BIT_NO_OWNER;
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static struct json_object *ps_json_lru_list(struct ps_target *t,
					    const struct ps_lru_report *r,
					    const struct ps_list_lru_one *l)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_i64(o, PS_KEY_NID, l->nid);
	ps_json_add_i64(o, "kmemcg_id", l->kmemcg_id);
	ps_json_add_str(o, PS_KEY_MEMCG, ps_lru_list_memcg(r, l));
	ps_json_add_hex(o, "addr", l->addr);
	ps_json_add_i64(o, "nr_items", l->nr_items);
	ps_json_add_u64(o, PS_KEY_WALKED, l->walked);
	ps_json_add_bool(o, PS_KEY_BROKEN, l->broken);
	ps_json_add_str(o, "shrinker_bit", ps_lru_bit_name(l->bit));
	if (l->broken)
		ps_json_add(o, PS_KEY_FAULT, ps_list_report_json(t, &l->fault));
	return o;
}

static struct json_object *ps_json_lru_nodes(const struct ps_list_lru *l)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->nr_nodes; i++) {
		const struct ps_list_lru_node *n = &l->nodes[i];
		struct json_object *o = json_object_new_object();

		ps_json_add_i64(o, PS_KEY_NID, n->nid);
		ps_json_add_hex(o, "addr", n->addr);
		ps_json_add_i64(o, "nr_items", n->nr_items);
		ps_json_add_i64(o, "lists_nr_items", n->lists_nr_items);
		ps_json_add_u64(o, PS_KEY_WALKED, n->walked);
		ps_json_add_bool(o, "locked", n->lock != 0);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *ps_json_lru(struct ps_target *t,
				       const struct ps_lru_report *r,
				       const struct ps_list_lru *l)
{
	struct json_object *o = json_object_new_object();
	struct json_object *lists = json_object_new_array();

	ps_json_add_str(o, PS_KEY_NAME, l->id.name);
	ps_json_add_str(o, "kind", ps_list_lru_kind_name(l->id.kind));
	ps_json_add_hex(o, "addr", l->id.addr);
	if (l->id.sb) {
		ps_json_add_hex(o, "super_block", l->id.sb);
		ps_json_add_str(o, "fstype", l->id.fstype);
		ps_json_add_str(o, "dev", l->id.dev);
	}
	ps_json_add_bool(o, "memcg_aware", l->memcg_aware);
	ps_json_add_i64(o, "shrinker_id", l->shrinker_id);
	ps_json_add_i64(o, "nr_items", l->nr_items);
	ps_json_add_u64(o, PS_KEY_WALKED, l->walked);
	ps_json_add_u64(o, PS_KEY_BROKEN_LISTS, l->nr_broken);
	ps_json_add_u64(o, PS_KEY_COUNT_MISMATCHES, l->nr_mismatch);
	ps_json_add_u64(o, PS_KEY_NODE_MISMATCHES, l->nr_node_mismatch);
	ps_json_add_u64(o, "missing_shrinker_bits", l->nr_missing_bits);
	if (l->unreached[0])
		ps_json_add_str(o, "unreached", l->unreached);
	if (l->uninitialised)
		ps_json_add_bool(o, "uninitialised", true);
	ps_json_add(o, "nodes", ps_json_lru_nodes(l));
	for (size_t i = 0; i < l->nr_lists; i++)
		json_object_array_add(lists, ps_json_lru_list(t, r, &l->lists[i]));
	ps_json_add(o, "lists", lists);
	return o;
}

static struct json_object *ps_json_lru_discovery(struct ps_target *t,
						 const struct ps_list_lru_ids *ids)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, "found", ids->nr);
	ps_json_add_bool(o, "all_globals_searched", ids->all_globals);
	ps_json_add_u64(o, PS_KEY_BROKEN_REGISTRIES, ids->nr_broken);
	if (ids->nr_broken) {
		ps_json_add_str(o, PS_KEY_BROKEN_LIST, ids->fault_list);
		ps_json_add(o, PS_KEY_FAULT, ps_list_report_json(t, &ids->fault));
	}
	return o;
}

static struct ps_error *ps_lru_print_json(struct ps_target *t,
					  struct ps_out *out,
					  const struct ps_lru_report *r)
{
	struct json_object *root = json_object_new_object();
	struct json_object *lrus = json_object_new_array();

	for (size_t i = 0; i < r->nr; i++)
		json_object_array_add(lrus, ps_json_lru(t, r, &r->lrus[i]));
	ps_json_add(root, "discovery", ps_json_lru_discovery(t, &r->ids));
	ps_json_add(root, "lrus", lrus);
	return ps_out_json(out, root);
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_text_lru_list(struct ps_target *t, FILE *fp,
			     const struct ps_lru_report *r,
			     const struct ps_list_lru *lru,
			     const struct ps_list_lru_one *l)
{
	fprintf(fp, "  node %d %-24s kmemcg_id %-4d nr_items %-8" PRId64 " walked %-8" PRIu64 " shrinker bit %s\n",
		l->nid, ps_lru_list_memcg(r, l), l->kmemcg_id, l->nr_items,
		l->walked, ps_lru_bit_name(l->bit));
	if (l->broken)
		ps_list_report_print(t, fp, "    ", &l->fault);
	else if ((int64_t)l->walked != l->nr_items)
		fprintf(fp, "    nr_items says %" PRId64 " but the list holds %" PRIu64 "\n",
			l->nr_items, l->walked);
	if (l->bit == PS_LRU_BIT_CLEAR)
		fprintf(fp, "    shrinker bit %d is clear for this memcg and node: memcg reclaim never scans this list\n",
			lru->shrinker_id);
	if (l->bit == PS_LRU_BIT_NO_OWNER)
		fprintf(fp, "    no online memcg has kmemcg_id %d: memcg reclaim never scans this list\n",
			l->kmemcg_id);
}

static void ps_text_lru_detail(struct ps_target *t, FILE *fp,
			       const struct ps_lru_report *r,
			       const struct ps_list_lru *l, bool all)
{
	for (size_t i = 0; i < l->nr_nodes; i++) {
		const struct ps_list_lru_node *n = &l->nodes[i];

		if (!all && n->nr_items == n->lists_nr_items)
			continue;
		fprintf(fp, "  node %d: nr_items %" PRId64 ", its lists count %" PRId64 " and hold %" PRIu64 "%s\n",
			n->nid, n->nr_items, n->lists_nr_items, n->walked,
			n->lock ? " (node lock held)" : "");
	}
	for (size_t i = 0; i < l->nr_lists; i++) {
		const struct ps_list_lru_one *x = &l->lists[i];

		if (all ? (x->nr_items || x->walked || ps_lru_list_interesting(x))
			: ps_lru_list_interesting(x))
			ps_text_lru_list(t, fp, r, l, x);
	}
	if (l->unreached[0])
		fprintf(fp, "  lists not all reached: %s\n", l->unreached);
}

/* Lists never set up are no corruption: say which, once. */
static void ps_text_lru_uninitialised(FILE *fp, const struct ps_lru_report *r)
{
	const char *sep = "\nnever initialised (node array NULL: no lists): ";

	for (size_t i = 0; i < r->nr; i++) {
		if (!r->lrus[i].uninitialised)
			continue;
		fprintf(fp, "%s%s", sep, r->lrus[i].id.name);
		sep = ", ";
	}
	if (sep[0] == ',')
		fprintf(fp, "\n");
}

static void ps_text_lru_table(struct ps_target *t, FILE *fp,
			      const struct ps_lru_report *r, bool all)
{
	fprintf(fp, "%-32s %-9s %-6s %8s %10s %10s %s\n", "list_lru", "kind",
		"memcg", "shrinker", "nr_items", "walked", "problems");
	for (size_t i = 0; i < r->nr; i++) {
		const struct ps_list_lru *l = &r->lrus[i];

		fprintf(fp, "%-32s %-9s %-6s %8d %10" PRId64 " %10" PRIu64 " %zu\n",
			l->id.name, ps_list_lru_kind_name(l->id.kind),
			l->memcg_aware ? "aware" : "-", l->shrinker_id,
			l->nr_items, l->walked, ps_lru_problems(l));
	}
	for (size_t i = 0; i < r->nr; i++) {
		const struct ps_list_lru *l = &r->lrus[i];

		if (!all && !ps_lru_problems(l))
			continue;
		fprintf(fp, "\n%s (struct list_lru %#" PRIx64 "):\n", l->id.name,
			l->id.addr);
		ps_text_lru_detail(t, fp, r, l, all);
	}
	ps_text_lru_uninitialised(fp, r);
	if (!r->ids.all_globals)
		fprintf(fp, "\n(global list_lrus not found through an owner are not listed: the type information cannot name variables by type; give an address)\n");
	if (r->ids.nr_broken) {
		fprintf(fp, "\n%s is broken; list_lrus behind the break are missing:\n",
			r->ids.fault_list);
		ps_list_report_print(t, fp, "  ", &r->ids.fault);
	}
}

struct ps_error *ps_cmd_lru(struct ps_target *t, const struct ps_args *a,
			    struct ps_out *out, int *exit_ret)
{
	struct ps_lru_report r = { 0 };
	const char *arg = a->nr_positional ? a->positional[0] : NULL;
	struct ps_error *err = ps_lru_report_collect(t, arg, &r);
	size_t problems = r.ids.nr_broken;

	if (err)
		goto out;
	/* A running kernel moves counts under the walk; only breaks count. */
	for (size_t i = 0; i < r.nr; i++)
		problems += t->live ? r.lrus[i].nr_broken
				    : ps_lru_problems(&r.lrus[i]);
	if (out->json)
		err = ps_lru_print_json(t, out, &r);
	else
		ps_text_lru_table(t, out->fp, &r, arg != NULL);
	if (!err && problems)
		*exit_ret = PS_EXIT_CHECK;
out:
	ps_lru_report_deinit(&r);
	return err;
}
