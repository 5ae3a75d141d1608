// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/memmodel.h"
#include "kernel/page_ext.h"
#include "layout/buf.h"
#include "walk/alloc_tags.h"

/* Where the tag and page_owner's order sit in a page_ext entry. */
struct ps_tag_walk {
	uint64_t tag_off;
	bool has_owner;
	uint64_t owner_off;
	uint64_t stride;
	struct ps_alloc_tags *out;
	size_t cap;
	size_t *slots;		/* open addressing: index + 1 into out->tags */
	size_t nr_slots;	/* a power of two, at least twice out->nr */
};

static size_t ps_tag_hash(uint64_t ct, size_t nr_slots)
{
	return (size_t)((ct >> 3) * 0x9e3779b97f4a7c15ULL >> 20) & (nr_slots - 1);
}

static size_t *ps_tag_find(const struct ps_tag_walk *w, uint64_t ct)
{
	size_t h = ps_tag_hash(ct, w->nr_slots);

	while (w->slots[h] && w->out->tags[w->slots[h] - 1].info.tag != ct)
		h = (h + 1) & (w->nr_slots - 1);
	return &w->slots[h];
}

static bool ps_tag_rehash(struct ps_tag_walk *w)
{
	size_t n = w->nr_slots ? 2 * w->nr_slots : 1024;
	size_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return false;
	free(w->slots);
	w->slots = slots;
	w->nr_slots = n;
	for (size_t i = 0; i < w->out->nr; i++)
		*ps_tag_find(w, w->out->tags[i].info.tag) = i + 1;
	return true;
}

static struct ps_alloc_tag_count *ps_tag_slot(struct ps_tag_walk *w, uint64_t ct)
{
	struct ps_alloc_tags *o = w->out;
	struct ps_alloc_tag_count *v;
	size_t *slot;

	if (2 * (o->nr + 1) > w->nr_slots && !ps_tag_rehash(w))
		return NULL;
	slot = ps_tag_find(w, ct);
	if (*slot)
		return &o->tags[*slot - 1];
	if (o->nr == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 256;

		v = realloc(o->tags, cap * sizeof(*v));
		if (!v)
			return NULL;
		o->tags = v;
		w->cap = cap;
	}
	v = &o->tags[o->nr];
	*slot = ++o->nr;
	memset(v, 0, sizeof(*v));
	v->info.tag = ct;
	return v;
}

/* The order page_owner recorded for an allocated page, else 0. */
static unsigned ps_entry_order(const struct ps_layout *L, const struct ps_tag_walk *w,
			       const unsigned char *e)
{
	uint64_t flags;

	if (!w->has_owner)
		return 0;
	flags = ps_get_member(e, &L->page_ext_flags);
	if (L->page_ext_owner_allocated.value < 0 || L->page_ext_owner_allocated.value > 63 ||
	    !((flags >> L->page_ext_owner_allocated.value) & 1))
		return 0;
	return (unsigned)ps_get_member(e + w->owner_off, &L->page_owner_order);
}

static struct ps_error *ps_tag_entry(const struct ps_layout *L, struct ps_tag_walk *w,
				     const unsigned char *e)
{
	uint64_t ct = ps_get_u64(e, w->tag_off + ps_off(&L->codetag_ref_ct));
	struct ps_alloc_tag_count *c;
	unsigned order;

	if (!ct || (ct & 7)) {
		w->out->untagged++;
		return NULL;
	}
	c = ps_tag_slot(w, ct);
	if (!c)
		return ps_error_nomem();
	order = ps_entry_order(L, w, e);
	c->allocations++;
	c->pages += order < 20 ? 1ull << order : 1;
	return NULL;
}

static struct ps_error *ps_tag_section(struct ps_target *t, const struct ps_memmodel *m,
				       const struct ps_section *s, uint64_t start,
				       uint64_t end, struct ps_tag_walk *w)
{
	uint64_t first = s->nr << m->section_shift;
	uint64_t lo = start > first ? start : first;
	uint64_t hi = end < first + m->pages_per_section ? end : first + m->pages_per_section;
	_cleanup_free_ unsigned char *buf = NULL;
	uint64_t addr;
	struct ps_error *err;

	if (lo >= hi)
		return NULL;
	err = ps_page_ext_section(t, s, lo, &addr, &w->stride);
	if (err) {
		/* a section without records (never allocated) holds no tags */
		if (!ps_error_is(err, PS_ERR_NO_SYMBOL))
			return err;
		ps_error_destroy(err);
		return NULL;
	}
	buf = malloc((hi - lo) * w->stride);
	if (!buf)
		return ps_error_nomem();
	err = ps_target_read(t, PS_KVADDR, addr, buf, (hi - lo) * w->stride);
	if (err)
		return ps_error_prefix(err, "reading the page extensions of section %llu",
				       (unsigned long long)s->nr);
	for (uint64_t i = 0; i < hi - lo; i++) {
		err = ps_tag_entry(&t->layout, w, buf + i * w->stride);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_tag_sections(struct ps_target *t, uint64_t start, uint64_t end,
					struct ps_tag_walk *w)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	for (size_t i = 0; i < m->nr_sections; i++) {
		err = ps_tag_section(t, m, &m->sections[i], start, end, w);
		if (err)
			return err;
	}
	return NULL;
}

static int ps_tag_cmp(const void *a, const void *b)
{
	const struct ps_alloc_tag_count *x = a, *y = b;

	if (x->pages != y->pages)
		return x->pages < y->pages ? 1 : -1;
	return x->info.tag < y->info.tag ? -1 : x->info.tag > y->info.tag;
}

static struct ps_error *ps_tags_name(struct ps_target *t, struct ps_alloc_tags *o)
{
	for (size_t i = 0; i < o->nr; i++) {
		struct ps_error *err = ps_alloc_tag_info_read(t, o->tags[i].info.tag,
							      &o->tags[i].info);

		if (err) {
			ps_alloc_tags_deinit(o);
			return err;
		}
	}
	qsort(o->tags, o->nr, sizeof(*o->tags), ps_tag_cmp);
	return NULL;
}

struct ps_error *ps_alloc_tags_count(struct ps_target *t, uint64_t start, uint64_t end,
				     struct ps_alloc_tags *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_tag_walk w = { .out = ret };
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	if (!L->codetag_ref_ct.present || !L->codetag_function.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: kernel built without CONFIG_MEM_ALLOC_PROFILING");
	err = ps_page_ext_client(t, &L->sym_page_alloc_tagging_ops, "page_alloc_tagging_ops",
				 "CONFIG_MEM_ALLOC_PROFILING", &w.tag_off);
	if (err)
		return err;
	err = ps_page_ext_client(t, &L->sym_page_owner_ops, "page_owner_ops",
				 "CONFIG_PAGE_OWNER", &w.owner_off);
	w.has_owner = !err && L->page_ext_flags.present && L->page_ext_owner_allocated.present &&
		      L->page_owner_order.present;
	ps_error_destroy(err);
	ret->orders_known = w.has_owner;
	err = ps_tag_sections(t, start, end, &w);
	free(w.slots);
	if (!err)
		return ps_tags_name(t, ret);
	ps_alloc_tags_deinit(ret);
	return err;
}

void ps_alloc_tags_deinit(struct ps_alloc_tags *tags)
{
	free(tags->tags);
	memset(tags, 0, sizeof(*tags));
}
