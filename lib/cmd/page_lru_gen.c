// SPDX-License-Identifier: GPL-2.0-or-later
/* page: the fields page->flags keeps above the flags, MGLRU's above all. */
#include <inttypes.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/page_info.h"
#include "walk/flags_check.h"

void ps_page_info_flags_fields(struct ps_page_info *i)
{
	struct ps_error *err = ps_flags_layout_checked(i->t, &i->fl, &i->fl_pages);
	bool on_list;

	if (err) {
		i->fl.known = false;
		snprintf(i->fl.why, sizeof(i->fl.why), "flags layout not checked: %s",
			 err->message);
		ps_error_destroy(err);
		return;
	}
	if (!i->fl.known)
		return;
	/* Generation, refs and last_cpupid are the folio's: its head's flags. */
	err = ps_lruvec_folio_gen(i->t, &i->fl, i->p.folio_flags, i->head.memcg_data,
				  i->p.nid, &i->ff, &i->seq, &on_list);
	if (!on_list)
		return;
	if (err) {
		snprintf(i->seq_why, sizeof(i->seq_why), "%s", err->message);
		ps_error_destroy(err);
		return;
	}
	i->has_seq = true;
}

/* Anon (0) or file (1): folio_is_file_lru() is !PG_swapbacked. */
static unsigned ps_lru_type(const struct ps_page_info *i)
{
	return ps_page_flag(&i->d, i->p.folio_flags, PS_PG_swapbacked) ? 0 : 1;
}

/* The sequence number of the folio's generation, in [min_seq, max_seq]; false if none. */
static bool ps_gen_seq(const struct ps_page_info *i, uint64_t *ret)
{
	unsigned gen = i->ff.gen_stored - 1;
	uint64_t min = i->seq.min_seq[ps_lru_type(i)];

	for (uint64_t seq = i->seq.max_seq; seq >= min && i->seq.max_seq - seq < i->fl.max_nr_gens; seq--) {
		if (seq % i->fl.max_nr_gens == gen) {
			*ret = seq;
			return true;
		}
		if (!seq)
			break;
	}
	return false;
}

/* lru_gen_is_active(): the two youngest generations count as active. */
static bool ps_gen_active(const struct ps_page_info *i)
{
	unsigned gen = i->ff.gen_stored - 1, n = i->fl.max_nr_gens;

	return gen == i->seq.max_seq % n || gen == (i->seq.max_seq + n - 1) % n;
}

static int ps_info_tier(const struct ps_page_info *i)
{
	return ps_flags_tier(&i->fl, i->ff.refs,
			     ps_page_flag(&i->d, i->p.folio_flags, PS_PG_referenced),
			     ps_page_flag(&i->d, i->p.folio_flags, PS_PG_workingset));
}

/* Why the folio is in its tier, in the words of this kernel's rule. */
static void ps_text_tier(FILE *fp, const struct ps_page_info *i, int tier)
{
	bool referenced = ps_page_flag(&i->d, i->p.folio_flags, PS_PG_referenced);
	bool workingset = ps_page_flag(&i->d, i->p.folio_flags, PS_PG_workingset);

	if (tier < 0) {
		fprintf(fp, "; refs %u (this kernel's tier rule is not one pagescope knows)\n",
			i->ff.refs);
		return;
	}
	if (i->fl.tier_rule == PS_TIER_REFS_WORKINGSET)
		fprintf(fp, "; tier %d (refs %u + PG_workingset)\n", tier, i->ff.refs);
	else if (workingset)
		fprintf(fp, "; tier %d (PG_workingset: the last tier; refs %u)\n", tier, i->ff.refs);
	else if (referenced)
		fprintf(fp, "; tier %d (PG_referenced, refs %u: order_base_2(refs + 1))\n",
			tier, i->ff.refs);
	else
		fprintf(fp, "; tier 0 (no PG_referenced: refs %u not counted)\n", i->ff.refs);
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

static void ps_text_gen_seq(FILE *fp, const struct ps_page_info *i)
{
	uint64_t seq;

	if (!i->has_seq) {
		fprintf(fp, "; its lruvec unread: %s", i->seq_why);
		return;
	}
	fprintf(fp, " of lruvec %#" PRIx64 " (max_seq %" PRIu64 ", min_seq %s %" PRIu64 ")",
		i->seq.lruvec, i->seq.max_seq, ps_lru_type(i) ? "file" : "anon",
		i->seq.min_seq[ps_lru_type(i)]);
	if (ps_gen_seq(i, &seq))
		fprintf(fp, ": seq %" PRIu64 ", %" PRIu64 " younger generation(s)", seq,
			i->seq.max_seq - seq);
	else
		fprintf(fp, ": in no generation of the lruvec's window (stale?)");
	fprintf(fp, "; %s", ps_gen_active(i)
		? "counted active: one of the two youngest generations (lru_gen_is_active())"
		: "counted inactive: older than the two youngest generations");
}

static void ps_text_lru_gen(FILE *fp, const struct ps_page_info *i)
{
	int tier = ps_info_tier(i);

	if (!i->fl.lru_gen_built) {
		fprintf(fp, "mglru        n/a: no multi-gen LRU in this kernel (no struct lru_gen_folio)\n");
		return;
	}
	if (!i->ff.gen_stored) {
		fprintf(fp, "mglru        on no multi-gen LRU list (generation field 0; it holds gen + 1 while on one)\n");
		return;
	}
	fprintf(fp, "mglru        generation %u (stored %u)", i->ff.gen_stored - 1, i->ff.gen_stored);
	ps_text_gen_seq(fp, i);
	ps_text_tier(fp, i, tier);
}

static void ps_text_cpupid(FILE *fp, const struct ps_page_info *i)
{
	uint32_t v = i->ff.last_cpupid;

	switch (i->fl.cpupid) {
	case PS_CPUPID_NONE:
		fprintf(fp, "last_cpupid  not kept: no NUMA balancing in this kernel (no task_struct.numa_scan_seq)\n");
		return;
	case PS_CPUPID_FIELD:
		fprintf(fp, "last_cpupid  not in page->flags (too few bits): in page->_last_cpupid, see the words\n");
		return;
	case PS_CPUPID_FLAGS:
		break;
	}
	if (v == ps_flags_cpupid_none(&i->fl))
		fprintf(fp, "last_cpupid  %#x: none (all ones: no NUMA hinting fault recorded since allocation)\n", v);
	else
		fprintf(fp, "last_cpupid  %#x: cpu %u, pid low bits %#x, of the last NUMA hinting fault (on a slow memory tier: an access time)\n",
			v, ps_flags_cpupid_cpu(&i->fl, v), ps_flags_cpupid_pid(&i->fl, v));
}

void ps_text_flags_fields(FILE *fp, const struct ps_page_info *i)
{
	if (!i->fl.known) {
		fprintf(fp, "mglru        %s\n", i->fl.why);
		return;
	}
	ps_text_lru_gen(fp, i);
	if (i->ctx.lru_gen == PS_LRU_GEN_ON)
		fprintf(fp, "             under the multi-gen LRU \"active\" is the two youngest generations; PG_active is clear on its lists\n");
	ps_text_cpupid(fp, i);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static void ps_json_gen(struct json_object *o, const struct ps_page_info *i)
{
	int tier = ps_info_tier(i);
	struct json_object *min;
	uint64_t seq;

	ps_json_add_u64(o, PS_KEY_GEN_STORED, i->ff.gen_stored);
	ps_json_add_u64(o, PS_KEY_REFS, i->ff.refs);
	if (!i->ff.gen_stored) {
		ps_json_add(o, PS_KEY_GENERATION, NULL);
		return;
	}
	ps_json_add_u64(o, PS_KEY_GENERATION, i->ff.gen_stored - 1);
	ps_json_add(o, PS_KEY_TIER, tier >= 0 ? json_object_new_int(tier) : NULL);
	if (!i->has_seq)
		return;
	ps_json_add_hex(o, PS_KEY_LRUVEC, i->seq.lruvec);
	ps_json_add_u64(o, PS_KEY_MAX_SEQ, i->seq.max_seq);
	min = json_object_new_array();
	json_object_array_add(min, json_object_new_uint64(i->seq.min_seq[0]));
	json_object_array_add(min, json_object_new_uint64(i->seq.min_seq[1]));
	ps_json_add(o, PS_KEY_MIN_SEQ, min);
	ps_json_add(o, PS_KEY_SEQ, ps_gen_seq(i, &seq) ? json_object_new_uint64(seq) : NULL);
	ps_json_add_bool(o, PS_KEY_ACTIVE, ps_gen_active(i));
}

static struct json_object *ps_json_cpupid(const struct ps_page_info *i)
{
	struct json_object *o = json_object_new_object();
	uint32_t v = i->ff.last_cpupid;

	ps_json_add_str(o, PS_KEY_HOME, i->fl.cpupid == PS_CPUPID_FLAGS ? "flags"
					: i->fl.cpupid == PS_CPUPID_FIELD ? "field"
									  : "none");
	if (i->fl.cpupid != PS_CPUPID_FLAGS)
		return o;
	ps_json_add_hex(o, PS_KEY_VALUE, v);
	if (v == ps_flags_cpupid_none(&i->fl))
		return o;
	ps_json_add_u64(o, PS_KEY_CPU, ps_flags_cpupid_cpu(&i->fl, v));
	ps_json_add_hex(o, PS_KEY_PID_BITS, ps_flags_cpupid_pid(&i->fl, v));
	return o;
}

static struct json_object *ps_json_field(const struct ps_flags_field *f)
{
	struct json_object *o = json_object_new_object();

	ps_json_add_u64(o, PS_KEY_SHIFT, f->shift);
	ps_json_add_u64(o, PS_KEY_WIDTH, f->width);
	return o;
}

/* Where each field sits, as derived and checked: programs decode with it. */
static struct json_object *ps_json_fields_layout(const struct ps_flags_layout *fl)
{
	struct json_object *o = json_object_new_object();

	/* Keys are the fields' names (NODES_PGSHIFT, ZONES_PGSHIFT, ...). */
	ps_json_add(o, "node", ps_json_field(&fl->node));
	ps_json_add(o, "zone", ps_json_field(&fl->zone));
	ps_json_add(o, PS_KEY_LAST_CPUPID, ps_json_field(&fl->last_cpupid));
	ps_json_add(o, PS_KEY_LRU_GEN, ps_json_field(&fl->lru_gen));
	ps_json_add(o, PS_KEY_REFS, ps_json_field(&fl->lru_refs));
	return o;
}

void ps_json_flags_fields(struct json_object *o, const struct ps_page_info *i)
{
	struct json_object *f = json_object_new_object();

	ps_json_add_bool(f, PS_KEY_KNOWN, i->fl.known);
	if (!i->fl.known) {
		ps_json_add_str(f, PS_KEY_WHY, i->fl.why);
		ps_json_add(o, PS_KEY_FLAGS_FIELDS, f);
		return;
	}
	ps_json_add(f, PS_KEY_LAYOUT, ps_json_fields_layout(&i->fl));
	ps_json_add_u64(f, PS_KEY_CHECKED_PAGES, i->fl_pages);
	ps_json_add_u64(f, PS_KEY_NID, i->ff.node);
	ps_json_add_u64(f, PS_KEY_ZONE_INDEX, i->ff.zone);
	if (i->fl.lru_gen_built)
		ps_json_gen(f, i);
	ps_json_add(f, PS_KEY_LAST_CPUPID, ps_json_cpupid(i));
	ps_json_add(o, PS_KEY_FLAGS_FIELDS, f);
}
