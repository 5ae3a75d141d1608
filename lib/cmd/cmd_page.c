// SPDX-License-Identifier: GPL-2.0-or-later
/* pagescope page: one page and its folio, explained. */
#include <inttypes.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/page_info.h"
#include "kernel/memmodel.h"
#include "output/explain.h"
#include "kernel/stackdepot.h"
#include "kernel/text_symbol.h"
#include "walk/page_owner.h"
#include "walk/owners.h"
#include "walk/page_walk.h"
#include "target/target.h"

/* Canonical kernel addresses start here on x86_64 (both paging modes). */
static const uint64_t ps_kernel_half = 0xff00000000000000ULL;

/*
 * PFN, physical address or kernel address; "pfn:N" and "phys:A" say which
 * when a number could be either.
 */
static struct ps_error *ps_page_resolve(struct ps_target *t,
					const struct ps_memmodel *m,
					const char *arg, uint64_t *ret)
{
	uint64_t v, phys;
	uint64_t page_size = (uint64_t)t->layout.page_size.value;
	bool is_pfn = !strncmp(arg, "pfn:", 4), is_phys = !strncmp(arg, "phys:", 5);
	struct ps_error *err;

	if (!ps_parse_u64(arg + (is_pfn ? 4 : is_phys ? 5 : 0), &v))
		return ps_error_create(PS_ERR_USAGE,
				       "%s: not a PFN, physical or kernel address",
				       arg);
	if (is_pfn || (!is_phys && v < m->max_pfn)) {
		*ret = v;
		return NULL;
	}
	if (is_phys || v < ps_kernel_half) {
		*ret = v >> m->page_shift;
		return NULL;
	}
	if (ps_memmodel_page_pfn(m, page_size, v, ret))
		return NULL;
	err = ps_target_virt_to_phys(t, v, &phys);
	if (err)
		return err;
	*ret = phys >> m->page_shift;
	return NULL;
}

static const char *ps_ae_rule_text(enum ps_ae_rule rule)
{
	switch (rule) {
	case PS_AE_OWN_BIT:
		return "the page's own PG_anon_exclusive bit (order-0 page, or a PTE-mapped subpage of a large folio)";
	case PS_AE_HEAD_BIT:
		return "the head page's bit (PMD-mapped THP or hugetlb: one bit covers the folio)";
	case PS_AE_ABSENT:
		return "this kernel has no PG_anon_exclusive (added in v5.19)";
	default:
		return "not an anonymous page: the bit means something else here";
	}
}

/* ------------------------------------------------------------------ */
/* Flags                                                              */
/* ------------------------------------------------------------------ */


/* The set bits of @flags, each by the name it has on this kind of page. */
static struct json_object *ps_json_flag_list(const struct ps_page_info *i,
					     uint64_t flags, unsigned nr_bits)
{
	struct json_object *arr = json_object_new_array();
	struct ps_flag_meaning m[64];
	uint64_t mask = nr_bits < 64 ? (1ULL << nr_bits) - 1 : ~0ULL;
	size_t n = ps_page_flags_explain(&i->d, &i->ctx, &i->p, flags & mask, m, 64);

	for (size_t k = 0; k < n; k++)
		json_object_array_add(arr, json_object_new_string(ps_pageflag_info[m[k].name].name));
	return arr;
}

static unsigned ps_nr_flag_bits(const struct ps_target *t)
{
	const struct ps_lval *nr = &t->layout.nr_pageflags;

	return nr->present && nr->value < 64 ? (unsigned)nr->value : 32;
}

/* With --explain, each flag also says where the kernel sets and clears it. */
static void ps_text_flags(FILE *fp, const struct ps_page_info *i, bool explain)
{
	const struct ps_page *p = &i->p;
	struct ps_flag_meaning fm[64];
	size_t n = ps_page_flags_explain(&i->d, &i->ctx, p, p->eflags, fm, 64);

	fprintf(fp, "flags        %#018" PRIx64 " as stored (bits below %u are flags; above: zone, node, ...)\n",
		p->flags, ps_nr_flag_bits(i->t));
	if (p->state & PS_PAGE_TAIL)
		fprintf(fp, "             a tail page: its folio's flags come from the head\n");
	for (size_t k = 0; k < n; k++) {
		fprintf(fp, "  %-16s %s\n", ps_pageflag_info[fm[k].name].name,
			fm[k].meaning);
		if (explain && fm[k].set_by[0]) {
			char set_by[512];

			ps_explain_set_by(i->t, fm[k].set_by, set_by, sizeof(set_by));
			fprintf(fp, "  %-16s %s\n", "", set_by);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

static const char *ps_zone_name(const struct ps_memmodel *m,
				const struct ps_page *p)
{
	for (size_t i = 0; i < m->nr_zones; i++) {
		if (m->zones[i].nid == p->nid && m->zones[i].zid == p->zid)
			return m->zones[i].name;
	}
	return "?";
}

/* page_mapcount() as pagescope counts it, 0 for typed pages (the kernel's kpagecount: page_kpf.c). */
static int32_t ps_page_mapcount(const struct ps_page *p)
{
	if (p->type != PS_PT_none && p->type != PS_PT_hugetlb)
		return 0;
	if (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL))
		return p->mapcount + p->entire_mapcount;
	return p->mapcount;
}

/*
 * A tail's own index word is not its index: the folio's index + its place.
 * A slab keeps no index there (struct slab's words): a tail gives its head's.
 */
static uint64_t ps_page_index(const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	if (!(p->state & PS_PAGE_TAIL) || i->head_refcount < 0)
		return p->index;
	if (p->type == PS_PT_slab)
		return i->head_index;
	return i->head_index + (p->pfn - p->head_pfn);
}

static struct json_object *ps_json_page(const struct ps_page_info *i)
{
	const struct ps_target *t = i->t;
	const struct ps_memmodel *m = i->m;
	const struct ps_page *p = &i->p;
	struct json_object *o = json_object_new_object();
	unsigned nr_bits = ps_nr_flag_bits(t);

	ps_json_add_u64(o, PS_KEY_PFN, p->pfn);
	ps_json_add_hex(o, PS_KEY_PHYS, p->pfn << m->page_shift);
	ps_json_add_hex(o, PS_KEY_STRUCT_PAGE,
			ps_memmodel_page_addr(m, (uint64_t)t->layout.page_size.value,
					      p->pfn));
	ps_json_add_i64(o, PS_KEY_NID, p->nid);
	ps_json_add_str(o, PS_KEY_ZONE, ps_zone_name(m, p));
	ps_json_add_hex(o, PS_KEY_FLAGS_RAW, p->flags);
	ps_json_add(o, PS_KEY_FLAGS, ps_json_flag_list(i, p->eflags, nr_bits));
	ps_json_add_str(o, PS_KEY_TYPE, ps_page_type_names[p->type]);
	ps_json_add_bool(o, PS_KEY_FREE, p->state & PS_PAGE_FREE);
	if (p->state & PS_PAGE_FREE)
		ps_json_add_u64(o, PS_KEY_FREE_BLOCK_ORDER, p->buddy_order);
	ps_json_add_i64(o, PS_KEY_REFCOUNT, p->refcount);
	ps_json_add_i64(o, PS_KEY_MAPCOUNT, p->mapcount);
	ps_json_add_i64(o, PS_KEY_PAGE_MAPCOUNT, ps_page_mapcount(p));
	ps_json_add_hex(o, PS_KEY_MAPPING, p->mapping);
	ps_json_add_str(o, PS_KEY_MAPPING_KIND, ps_mapping_kind_names[p->mapping_kind]);
	/* A tail's own index word is the folio's (page[1]: its size). */
	ps_json_add_u64(o, PS_KEY_INDEX, ps_page_index(i));
	ps_json_add_hex(o, PS_KEY_PRIVATE, p->private);
	ps_json_add_hex(o, PS_KEY_MEMCG_DATA, p->memcg_data);
	ps_json_add_bool(o, PS_KEY_HWPOISON, p->state & PS_PAGE_HWPOISON);
	ps_json_add_bool(o, PS_KEY_ANON_EXCLUSIVE, p->state & PS_PAGE_ANON_EXCLUSIVE);
	ps_json_add_bool(o, PS_KEY_ANON_EXCLUSIVE_STALE, ps_page_ae_stale(p));
	ps_json_add_str(o, PS_KEY_ANON_EXCLUSIVE_RULE,
			p->ae_rule == PS_AE_OWN_BIT	 ? "own_bit"
			: p->ae_rule == PS_AE_HEAD_BIT ? "head_bit"
			: p->ae_rule == PS_AE_ABSENT   ? "absent"
						       : "not_anon");
	ps_json_add_u64(o, PS_KEY_FOLIO_HEAD_PFN, p->head_pfn);
	ps_json_add_u64(o, PS_KEY_FOLIO_ORDER, p->order);
	ps_json_add_bool(o, PS_KEY_COMPOUND_HEAD, p->state & PS_PAGE_HEAD);
	ps_json_add_bool(o, PS_KEY_COMPOUND_TAIL, p->state & PS_PAGE_TAIL);
	ps_json_add_i64(o, PS_KEY_FOLIO_ENTIRE_MAPCOUNT, p->entire_mapcount);
	ps_json_add_bool(o, PS_KEY_FOLIO_PARTIALLY_MAPPED,
			 p->state & PS_PAGE_PARTIALLY_MAPPED);
	ps_json_add(o, "folio_flags", ps_json_flag_list(i, p->folio_flags, nr_bits));
	ps_json_page_explained(o, i);
	return o;
}

static void ps_text_where(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	fprintf(fp, "pfn          %" PRIu64 " (%#" PRIx64 "), physical address %#" PRIx64 "\n",
		p->pfn, p->pfn, p->pfn << i->m->page_shift);
	fprintf(fp, "struct page  %#" PRIx64 ", node %d, zone %s\n",
		ps_memmodel_page_addr(i->m, i->d.page_size, p->pfn), p->nid,
		ps_zone_name(i->m, p));
}

static void ps_text_refcount(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	if (p->type == PS_PT_slab && i->ctx.slab_frozen && !p->refcount) {
		fprintf(fp, "refcount     0 (a slab page: this kernel allocates them frozen, alloc_frozen_pages(), so 0 is their count while in use)\n");
		return;
	}
	if (!(p->state & PS_PAGE_TAIL)) {
		fprintf(fp, "refcount     %d (references held: 0 means free or being freed)\n",
			p->refcount);
		return;
	}
	fprintf(fp, "refcount     %d (a tail's own _refcount, always 0: the folio's references are counted on its head",
		p->refcount);
	if (i->head_refcount >= 0)
		fprintf(fp, ", pfn %#" PRIx64 ": %d", p->head_pfn, i->head_refcount);
	fprintf(fp, ")\n");
}

static void ps_text_type(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	fprintf(fp, "type         %s: %s\n", ps_page_type_names[p->type],
		ps_page_type_meanings[p->type]);
	if (p->state & PS_PAGE_FREE)
		fprintf(fp, "free         yes, in a free block of order %u (%u pages)\n",
			p->buddy_order, 1u << p->buddy_order);
	ps_text_refcount(fp, i);
	if (p->type != PS_PT_none)
		return;
	if (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL))
		fprintf(fp, "mapcount     %d (page_mapcount(): %d PTE mapping(s) of this page + %d PMD mapping(s) of its folio)\n",
			ps_page_mapcount(p), p->mapcount, p->entire_mapcount);
	else
		fprintf(fp, "mapcount     %d (page table entries mapping this page)\n",
			p->mapcount);
}

/* What a slab keeps where a page cache page keeps mapping, index, private. */
static void ps_text_slab(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_slab_info *s = &i->slab;

	fprintf(fp, "slab         cache %#" PRIx64 " (%s), freelist %#" PRIx64 " (first free object; 0: none), counters %#" PRIx64,
		s->cache, s->name, s->freelist, s->counters);
	if (s->has_fields)
		fprintf(fp, ": %u of %u objects in use%s\n", s->inuse, s->objects,
			s->frozen ? ", frozen (a CPU's slab)" : "");
	else
		fprintf(fp, " (inuse, objects, frozen)\n");
	if (i->p.state & PS_PAGE_TAIL)
		fprintf(fp, "             the slab's, from its first page (pfn %#" PRIx64 "): a tail page keeps no slab fields of its own\n",
			i->p.head_pfn);
}

static void ps_text_mapping(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	if (i->slab.decoded)
		return ps_text_slab(fp, i);
	if ((p->state & PS_PAGE_TAIL) && i->head_refcount >= 0) {
		fprintf(fp, "mapping      %#" PRIx64 " (%s, the folio's), index %" PRIu64 " (the folio's index %" PRIu64 " + %" PRIu64 ")\n",
			p->mapping, ps_mapping_kind_names[p->mapping_kind],
			ps_page_index(i), i->head_index, p->pfn - p->head_pfn);
		return;
	}
	fprintf(fp, "mapping      %#" PRIx64 " (%s), index %" PRIu64 ", private %#" PRIx64 "\n",
		p->mapping, ps_mapping_kind_names[p->mapping_kind], p->index,
		p->private);
}

static void ps_text_anon_exclusive(FILE *fp, const struct ps_page *p)
{
	if (ps_page_ae_stale(p)) {
		fprintf(fp, "anon-excl.   bit set, but stale: no page table maps this page, and the bit means something only while one does\n");
		return;
	}
	fprintf(fp, "anon-excl.   %s: %s\n",
		p->ae_rule == PS_AE_ABSENT		 ? "n/a"
		: p->state & PS_PAGE_ANON_EXCLUSIVE ? "yes"
						    : "no",
		ps_ae_rule_text(p->ae_rule));
}

/* memory_failure() marks a page it took off the free lists in ->private. */
static void ps_text_hwpoison(FILE *fp, const struct ps_page *p)
{
	char ascii[5];

	if (!(p->state & PS_PAGE_HWPOISON)) {
		fprintf(fp, "hwpoison     no\n");
		return;
	}
	fprintf(fp, "hwpoison     YES: a hardware memory error; the kernel will never use it again\n");
	for (int k = 0; k < 4; k++)
		ascii[3 - k] = (char)(p->private >> (8 * k));
	ascii[4] = '\0';
	if (!(p->state & PS_PAGE_TAIL) && p->private >> 32 == 0 && !strcmp(ascii, "HWPS"))
		fprintf(fp, "             private %#" PRIx64 " reads \"HWPS\" (MAGIC_HWPOISON): memory_failure() took it off the buddy free lists\n",
			p->private);
}

static void ps_text_folio(FILE *fp, const struct ps_page_info *i)
{
	const struct ps_page *p = &i->p;

	ps_text_mapping(fp, i);
	if (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL))
		fprintf(fp, "folio        order %u (%u pages), head pfn %" PRIu64 "%s; mapped whole by %d PMD(s)%s\n",
			p->order, 1u << p->order, p->head_pfn,
			p->state & PS_PAGE_TAIL ? " (this is a tail page)"
						: " (this is the head)",
			p->entire_mapcount,
			p->state & PS_PAGE_PARTIALLY_MAPPED
				? "; partially mapped: on a deferred split queue"
				: "");
	else
		fprintf(fp, "folio        a single page (order 0)\n");
	if (p->memcg_data)
		fprintf(fp, "memcg_data   %#" PRIx64 "\n", p->memcg_data);
	ps_text_anon_exclusive(fp, p);
	ps_text_hwpoison(fp, p);
}

static struct json_object *ps_json_page_owner(struct json_object *o,
					      const struct ps_page_owner_desc *owner)
{
	ps_json_add_str(o, PS_KEY_OWNER_KIND, ps_page_owner_kind_names[owner->kind]);
	ps_json_add_str(o, PS_KEY_OWNER, owner->name);
	ps_json_add_str(o, PS_KEY_MOVABILITY, ps_owner_mov_names[owner->mov]);
	if (owner->cma[0])
		ps_json_add_str(o, PS_KEY_OWNER_CMA, owner->cma);
	return o;
}

/* The kernel's own allocation records of a page, each with why it has none. */
struct ps_page_alloc {
	struct ps_page_owner owner;
	struct ps_error *owner_err;
	struct ps_stack stack;
	struct ps_error *stack_err;
	struct ps_alloc_tag_info tag;
	struct ps_error *tag_err;
};

static void ps_page_alloc_read(struct ps_target *t, uint64_t pfn, struct ps_page_alloc *a)
{
	memset(a, 0, sizeof(*a));
	a->owner_err = ps_page_owner_read(t, pfn, &a->owner);
	if (!a->owner_err)
		a->stack_err = ps_stackdepot_fetch(t, a->owner.handle, &a->stack);
	a->tag_err = ps_page_alloc_tag_read(t, pfn, &a->tag);
}

static void ps_page_alloc_deinit(struct ps_page_alloc *a)
{
	ps_error_destroy(a->owner_err);
	ps_error_destroy(a->stack_err);
	ps_error_destroy(a->tag_err);
}

/* "fm_plant_vmalloc+0x41 [faultmod]", or the bare address. */
static void ps_frame_name(struct ps_target *t, uint64_t addr, char *buf, size_t len)
{
	struct ps_text_symbol sym;
	char name[256];
	struct ps_error *err = ps_text_symbol(t, addr, &sym);

	if (err) {
		ps_error_destroy(err);
		snprintf(buf, len, "%#" PRIx64, addr);
		return;
	}
	ps_text_symbol_format(&sym, name, sizeof(name));
	if (sym.module) {
		/* "name [module]": the offset goes after the name */
		char *sp = strchr(name, ' ');

		if (sp) {
			*sp = '\0';
			snprintf(buf, len, "%s+%#" PRIx64 " %s", name, sym.offset, sp + 1);
			return;
		}
	}
	snprintf(buf, len, "%s+%#" PRIx64, name, sym.offset);
}

static void ps_text_page_alloc(FILE *fp, struct ps_target *t, const struct ps_page_alloc *a)
{
	const struct ps_page_owner *o = &a->owner;
	char frame[320];

	if (a->owner_err) {
		fprintf(fp, "page_owner   %s\n", a->owner_err->message);
	} else {
		fprintf(fp, "page_owner   %s, order %u, gfp %#" PRIx64 ", pid %d (tgid %d, \"%s\"), at %" PRIu64 ".%06" PRIu64 "s\n",
			o->allocated ? "allocated" : "freed since (the last allocation's record)",
			o->order, o->gfp_mask, o->pid, o->tgid, o->comm,
			o->ts_nsec / 1000000000, o->ts_nsec % 1000000000 / 1000);
		if (a->stack_err)
			fprintf(fp, "  stack      %s\n", a->stack_err->message);
		for (size_t k = 0; !a->stack_err && k < a->stack.nr; k++) {
			ps_frame_name(t, a->stack.entries[k], frame, sizeof(frame));
			fprintf(fp, "%s%s\n", k ? "             " : "  stack      ", frame);
		}
	}
	if (a->tag_err)
		fprintf(fp, "alloc tag    %s\n", a->tag_err->message);
	else
		fprintf(fp, "alloc tag    %s:%u %s%s%s%s\n", a->tag.filename, a->tag.lineno,
			a->tag.function, a->tag.modname[0] ? " [" : "", a->tag.modname,
			a->tag.modname[0] ? "]" : "");
}

static struct json_object *ps_json_page_owner_record(struct ps_target *t,
						     const struct ps_page_alloc *a)
{
	const struct ps_page_owner *o = &a->owner;
	struct json_object *r = json_object_new_object();
	struct json_object *stack = json_object_new_array();
	char frame[320];

	ps_json_add_bool(r, PS_KEY_PO_ALLOCATED, o->allocated);
	ps_json_add_u64(r, PS_KEY_PO_ORDER, o->order);
	ps_json_add_hex(r, PS_KEY_PO_GFP_MASK, o->gfp_mask);
	ps_json_add_i64(r, PS_KEY_PO_PID, o->pid);
	ps_json_add_i64(r, PS_KEY_PO_TGID, o->tgid);
	ps_json_add_str(r, PS_KEY_PO_COMM, o->comm);
	ps_json_add_u64(r, PS_KEY_PO_TS_NSEC, o->ts_nsec);
	ps_json_add_hex(r, PS_KEY_PO_HANDLE, o->handle);
	for (size_t k = 0; !a->stack_err && k < a->stack.nr; k++) {
		ps_frame_name(t, a->stack.entries[k], frame, sizeof(frame));
		json_object_array_add(stack, json_object_new_string(frame));
	}
	ps_json_add(r, PS_KEY_PO_STACK, stack);
	if (a->stack_err)
		ps_json_add_str(r, PS_KEY_PO_STACK_NOTE, a->stack_err->message);
	return r;
}

static struct json_object *ps_json_page_alloc(struct json_object *o, struct ps_target *t,
					      const struct ps_page_alloc *a)
{
	struct json_object *tag;

	if (a->owner_err) {
		json_object_object_add(o, PS_KEY_PAGE_OWNER, NULL);
		ps_json_add_str(o, PS_KEY_PAGE_OWNER_NOTE, a->owner_err->message);
	} else {
		ps_json_add(o, PS_KEY_PAGE_OWNER, ps_json_page_owner_record(t, a));
	}
	if (a->tag_err) {
		json_object_object_add(o, PS_KEY_ALLOC_TAG, NULL);
		ps_json_add_str(o, PS_KEY_ALLOC_TAG_NOTE, a->tag_err->message);
		return o;
	}
	tag = json_object_new_object();
	ps_json_add_str(tag, PS_KEY_TAG_FILE, a->tag.filename);
	ps_json_add_u64(tag, PS_KEY_TAG_LINE, a->tag.lineno);
	ps_json_add_str(tag, PS_KEY_TAG_FUNCTION, a->tag.function);
	ps_json_add_str(tag, PS_KEY_TAG_MODULE, a->tag.modname);
	ps_json_add(o, PS_KEY_ALLOC_TAG, tag);
	return o;
}

struct ps_error *ps_cmd_page(struct ps_target *t, const struct ps_args *a,
			     struct ps_out *out, int *exit_ret)
{
	const struct ps_memmodel *m;
	_cleanup_(ps_page_info_destroyp) struct ps_page_info *i = NULL;
	struct ps_page_owner_desc owner;
	struct ps_page_alloc alloc;
	uint64_t pfn = 0;
	struct ps_error *err = ps_memmodel_get(t, &m);

	(void)exit_ret;
	if (err)
		return err;
	err = ps_page_resolve(t, m, a->positional[0], &pfn);
	if (err)
		return err;
	err = ps_page_info_create(t, pfn, &i);
	if (err)
		return err;
	err = ps_owners_of_page(t, &i->p, &owner);
	if (err)
		return err;
	ps_page_alloc_read(t, pfn, &alloc);
	if (out->json) {
		err = ps_out_json(out, ps_json_page_alloc(ps_json_page_owner(ps_json_page(i), &owner),
							  t, &alloc));
		ps_page_alloc_deinit(&alloc);
		return err;
	}
	ps_text_where(out->fp, i);
	fprintf(out->fp, "owner        %s: %s (%s)\n", ps_page_owner_kind_names[owner.kind],
		owner.name, ps_owner_mov_names[owner.mov]);
	if (owner.cma[0])
		fprintf(out->fp, "cma          in CMA area %s\n", owner.cma);
	ps_text_page_alloc(out->fp, t, &alloc);
	ps_page_alloc_deinit(&alloc);
	ps_text_flags(out->fp, i, a->explain);
	ps_text_type(out->fp, i);
	ps_text_folio(out->fp, i);
	ps_text_page_explained(out->fp, i);
	return NULL;
}
