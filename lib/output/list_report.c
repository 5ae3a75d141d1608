// SPDX-License-Identifier: GPL-2.0-or-later
#include "pagescope_report.h"
#include "output/list_report.h"
#include "output/output.h"
#include "target/target.h"

uint64_t ps_list_report_subject(const struct ps_list_fault *f)
{
	return f->node;
}

/* What holds the node @f names; false when that cannot be told. */
static bool ps_list_fault_owner(struct ps_target *t,
				const struct ps_list_fault *f,
				struct ps_owner *ret)
{
	struct ps_error *err = ps_owner_find(t, ps_list_report_subject(f), ret);

	if (err) {
		ps_error_destroy(err);
		return false;
	}
	return true;
}

/* Not `owner`: an address's container, not who holds a page (owners). */
static struct json_object *ps_owner_json(struct ps_target *t,
					 const struct ps_owner *o)
{
	struct json_object *j = json_object_new_object();
	char buf[512];

	ps_json_add_str(j, "kind", ps_owner_kind_name(o->kind));
	ps_json_add_str(j, PS_KEY_DESCRIPTION, ps_owner_describe(t, o, buf, sizeof(buf)));
	if (o->kind == PS_OWNER_STRUCT_PAGE || o->kind == PS_OWNER_PAGE_DATA) {
		ps_json_add_u64(j, PS_KEY_PFN, o->pfn);
		ps_json_add_u64(j, "offset", o->offset);
	}
	if (o->kind == PS_OWNER_STRUCT_PAGE && o->page_known) {
		ps_json_add_u64(j, PS_KEY_FOLIO_PFN, o->page.head_pfn);
		ps_json_add_u64(j, "folio_offset", o->folio_offset);
		ps_json_add_u64(j, PS_KEY_ORDER, o->page.order);
	}
	if (o->page_known)
		ps_json_add_str(j, PS_KEY_FLAGS,
				ps_pageflags_names(t->layout.pg, o->page.folio_flags,
						   buf, sizeof(buf)));
	if (o->kind == PS_OWNER_SYMBOL) {
		ps_json_add_str(j, "symbol", o->symbol);
		ps_json_add_u64(j, "offset", o->offset);
	}
	return j;
}

struct json_object *ps_list_report_json(struct ps_target *t,
				       const struct ps_list_fault *f)
{
	struct json_object *j = json_object_new_object();
	struct ps_owner o;
	char buf[512];

	ps_json_add_str(j, "kind", ps_list_fault_name(f->kind));
	ps_json_add_str(j, "message", ps_list_fault_describe(f, buf, sizeof(buf)));
	if (f->index == PS_LIST_HEAD_INDEX)
		ps_json_add_str(j, PS_KEY_INDEX, "head");
	else
		ps_json_add_u64(j, PS_KEY_INDEX, f->index);
	ps_json_add_hex(j, PS_KEY_NODE, f->node);
	ps_json_add_hex(j, "prev", f->prev);
	ps_json_add_hex(j, "expected", f->expected);
	ps_json_add_hex(j, "found", f->found);
	if (f->kind == PS_LF_CYCLE)
		ps_json_add_u64(j, "cycle_start", f->cycle_start);
	if (ps_list_fault_owner(t, f, &o))
		ps_json_add(j, PS_KEY_LIES_IN, ps_owner_json(t, &o));
	return j;
}

void ps_list_report_print(struct ps_target *t, FILE *fp, const char *indent,
			 const struct ps_list_fault *f)
{
	char buf[512];
	struct ps_owner o;

	fprintf(fp, "%s%s\n", indent, ps_list_fault_describe(f, buf, sizeof(buf)));
	if (ps_list_fault_owner(t, f, &o))
		fprintf(fp, "%s%#llx is %s\n", indent,
			(unsigned long long)o.addr,
			ps_owner_describe(t, &o, buf, sizeof(buf)));
}
