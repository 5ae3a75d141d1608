// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>

#include "cmd/owners_report.h"
#include "pagescope_report.h"

static void ps_text_top(FILE *fp, const struct ps_owner_stats *s,
			const struct ps_owner_top *top, const char *indent)
{
	for (size_t i = 0; i < top->nr; i++) {
		const struct ps_owner_entry *e = ps_owners_entry(s->owners, top->v[i].id);

		fprintf(fp, "%s%8" PRIu64 "  %-11s %-13s %s\n", indent, top->v[i].pages,
			ps_owner_mov_names[e->mov], ps_page_owner_kind_names[e->kind],
			e->name);
	}
}

void ps_owners_text_region(FILE *fp, const struct ps_owner_stats *s,
			   const struct ps_region_owners *r, const char *indent)
{
	fprintf(fp, "%sfree %" PRIu64 ", movable %" PRIu64 ", reclaimable %" PRIu64 ", pinned %" PRIu64 "\n",
		indent, r->by_mov[PS_OWNER_MOV_free], r->by_mov[PS_OWNER_MOV_movable],
		r->by_mov[PS_OWNER_MOV_reclaimable], r->by_mov[PS_OWNER_MOV_unmovable]);
	ps_text_top(fp, s, &r->pinned, indent);
	ps_text_top(fp, s, &r->movable, indent);
}

const char *ps_owners_region_top(const struct ps_owner_stats *s,
				 const struct ps_region_owners *r, char *buf,
				 size_t len)
{
	const struct ps_owner_entry *e;

	if (!r || !r->pinned.nr) {
		snprintf(buf, len, "-");
		return buf;
	}
	e = ps_owners_entry(s->owners, r->pinned.v[0].id);
	snprintf(buf, len, "%s %s (%" PRIu64 ")", ps_page_owner_kind_names[e->kind],
		 e->name, r->pinned.v[0].pages);
	return buf;
}

struct json_object *ps_owners_json_count(const struct ps_owner_stats *s,
					 const struct ps_owner_count *c)
{
	const struct ps_owner_entry *e = ps_owners_entry(s->owners, c->id);
	struct json_object *o = json_object_new_object();

	ps_json_add_str(o, PS_KEY_OWNER_KIND, ps_page_owner_kind_names[e->kind]);
	ps_json_add_str(o, PS_KEY_OWNER, e->name);
	ps_json_add_str(o, PS_KEY_MOVABILITY, ps_owner_mov_names[e->mov]);
	ps_json_add_u64(o, PS_KEY_PAGES, c->pages);
	return o;
}

static struct json_object *ps_json_top(const struct ps_owner_stats *s,
				       const struct ps_owner_top *top)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < top->nr; i++)
		json_object_array_add(a, ps_owners_json_count(s, &top->v[i]));
	return a;
}

/* The keys the viewer reads, for the names of enum ps_owner_mov. */
static const char *const ps_owner_mov_keys[PS_OWNER_MOV_NR] = {
	[PS_OWNER_MOV_free] = PS_KEY_FREE,
	[PS_OWNER_MOV_movable] = PS_KEY_MOVABLE,
	[PS_OWNER_MOV_reclaimable] = PS_KEY_RECLAIMABLE,
	[PS_OWNER_MOV_unmovable] = PS_KEY_UNMOVABLE,
};

struct json_object *ps_owners_json_movs(const uint64_t *by_mov)
{
	struct json_object *movs = json_object_new_object();

	for (int k = 0; k < PS_OWNER_MOV_NR; k++)
		ps_json_add_u64(movs, ps_owner_mov_keys[k], by_mov[k]);
	return movs;
}

struct json_object *ps_owners_json_region(const struct ps_owner_stats *s,
					  const struct ps_region_owners *r)
{
	struct json_object *o = json_object_new_object();

	ps_json_add(o, PS_KEY_BY_MOVABILITY, ps_owners_json_movs(r->by_mov));
	ps_json_add(o, PS_KEY_PINNED, ps_json_top(s, &r->pinned));
	ps_json_add(o, PS_KEY_MOVABLE, ps_json_top(s, &r->movable));
	return o;
}
