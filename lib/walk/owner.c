// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kernel/memmodel.h"
#include "kernel/text_symbol.h"
#include "walk/owner.h"
#include "walk/slab.h"
#include "walk/page_walk.h"
#include "target/target.h"

static struct ps_error *ps_owner_struct_page(struct ps_target *t,
					     const struct ps_memmodel *m,
					     struct ps_owner *o)
{
	uint64_t page_size = (uint64_t)t->layout.page_size.value;
	struct ps_error *err;

	if (!ps_memmodel_addr_pfn(m, page_size, o->addr, &o->pfn, &o->offset))
		return NULL;
	o->kind = PS_OWNER_STRUCT_PAGE;
	err = ps_page_read(t, o->pfn, &o->page);
	if (err && err->code != PS_ERR_FAULT && err->code != PS_ERR_EXCLUDED)
		return err;
	o->page_known = !err && !(o->page.state & PS_PAGE_UNREADABLE);
	ps_error_destroy(err);
	if (o->page_known)
		o->folio_offset = (o->pfn - o->page.head_pfn) * page_size +
				  o->offset;
	return NULL;
}

static struct ps_error *ps_owner_resolve(struct ps_target *t, struct ps_owner *o)
{
	struct ps_symbols *syms;
	uint64_t text, end, offset;
	const char *name;
	struct ps_error *err = ps_target_symbols(t, &syms);

	if (err)
		return err;
	err = syms->ops->lookup(syms->priv, "_text", &text);
	if (err)
		return err;
	err = syms->ops->lookup(syms->priv, "_end", &end);
	if (err)
		return err;
	if (o->addr < text || o->addr >= end)
		return NULL;
	err = syms->ops->resolve(syms->priv, o->addr, &name, &offset);
	if (err)
		return err;
	o->kind = PS_OWNER_SYMBOL;
	o->offset = offset;
	snprintf(o->symbol, sizeof(o->symbol), "%s", name);
	return NULL;
}

/* Inside [_text, _end): the image, where every address has a symbol. */
static struct ps_error *ps_owner_symbol(struct ps_target *t, struct ps_owner *o)
{
	struct ps_error *err = ps_owner_resolve(t, o);

	if (!ps_error_is(err, PS_ERR_NO_SYMBOL))
		return err;
	ps_error_destroy(err);
	return NULL;
}

/* A loaded module's symbol @p o->addr lies in, from the module's own kallsyms. */
static void ps_owner_module_symbol(struct ps_target *t, struct ps_owner *o)
{
	struct ps_text_symbol s;
	struct ps_error *err = ps_text_symbol(t, o->addr, &s);

	if (err || !s.module) {
		ps_error_destroy(err);
		return;
	}
	if (s.offset)
		snprintf(o->module_symbol, sizeof(o->module_symbol), "%s+%#llx [%s]", s.name,
			 (unsigned long long)s.offset, s.module);
	else
		snprintf(o->module_symbol, sizeof(o->module_symbol), "%s [%s]", s.name,
			 s.module);
}

/* The cache of the slab @p o->page belongs to, named as /proc/slabinfo does. */
static void ps_owner_slab_cache(struct ps_target *t, struct ps_owner *o)
{
	unsigned char raw[512];
	struct ps_slab_info info;
	uint64_t addr;
	struct ps_error *err;

	if (!o->page_known || o->page.type != PS_PT_slab ||
	    (uint64_t)t->layout.page_size.value > sizeof(raw))
		return;
	err = ps_page_read_raw(t, o->page.head_pfn, 1, raw, &addr);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	ps_slab_info(t, raw, &info);
	if (info.decoded && info.cache)
		snprintf(o->slab_cache, sizeof(o->slab_cache), "%s", info.name);
}

/* Mapped memory (direct map, vmalloc, modules): the page behind it. */
static struct ps_error *ps_owner_page_data(struct ps_target *t,
					   const struct ps_memmodel *m,
					   struct ps_owner *o)
{
	uint64_t phys;
	struct ps_error *err;

	if (!t->mem.ops->virt_to_phys)
		return NULL;
	err = t->mem.ops->virt_to_phys(t->mem.priv, o->addr, &phys);
	if (err) {
		ps_error_destroy(err);
		return NULL;
	}
	o->kind = PS_OWNER_PAGE_DATA;
	ps_owner_module_symbol(t, o);
	o->pfn = phys >> m->page_shift;
	o->offset = phys & ((1ULL << m->page_shift) - 1);
	err = ps_page_read(t, o->pfn, &o->page);
	o->page_known = !err && !(o->page.state & PS_PAGE_UNREADABLE);
	ps_error_destroy(err);
	ps_owner_slab_cache(t, o);
	return NULL;
}

struct ps_error *ps_owner_find(struct ps_target *t, uint64_t addr,
			       struct ps_owner *ret)
{
	const struct ps_memmodel *m;
	struct ps_error *err = ps_memmodel_get(t, &m);

	memset(ret, 0, sizeof(*ret));
	ret->addr = addr;
	if (err)
		return err;
	err = ps_owner_struct_page(t, m, ret);
	if (err || ret->kind != PS_OWNER_UNKNOWN)
		return err;
	err = ps_owner_symbol(t, ret);
	if (err || ret->kind != PS_OWNER_UNKNOWN)
		return err;
	return ps_owner_page_data(t, m, ret);
}

const char *ps_owner_kind_name(enum ps_owner_kind kind)
{
	static const char *const names[] = {
		[PS_OWNER_UNKNOWN] = "unknown",
		[PS_OWNER_STRUCT_PAGE] = "struct_page",
		[PS_OWNER_SYMBOL] = "symbol",
		[PS_OWNER_PAGE_DATA] = "page_data",
	};

	return names[kind];
}

static const char *ps_owner_page_text(const struct ps_target *t,
				      const struct ps_page *p, char *buf,
				      size_t len)
{
	char flags[256];

	const char *type = p->type == PS_PT_none ? "" : ps_page_type_names[p->type];

	if (!*ps_pageflags_names(t->layout.pg, p->folio_flags, flags,
				 sizeof(flags)))
		snprintf(flags, sizeof(flags), "no flags");
	if (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL))
		snprintf(buf, len, "folio pfn %#" PRIx64 " order %u%s%s, %s",
			 p->head_pfn, p->order, *type ? ", " : "", type, flags);
	else
		snprintf(buf, len, "%s%spage, %s%s", type, *type ? " " : "",
			 flags, p->state & PS_PAGE_FREE ? ", free" : "");
	return buf;
}

const char *ps_owner_describe(const struct ps_target *t,
			      const struct ps_owner *o, char *buf, size_t len)
{
	char page[384];

	if (o->page_known)
		ps_owner_page_text(t, &o->page, page, sizeof(page));
	else
		snprintf(page, sizeof(page), "page not in the dump");
	switch (o->kind) {
	case PS_OWNER_STRUCT_PAGE:
		if (o->page_known && (o->page.state & (PS_PAGE_HEAD | PS_PAGE_TAIL)))
			snprintf(buf, len, "struct page of pfn %#" PRIx64 " +%#" PRIx64 ", folio +%#" PRIx64 " (%s)",
				 o->pfn, o->offset, o->folio_offset, page);
		else
			snprintf(buf, len, "struct page of pfn %#" PRIx64 " +%#" PRIx64 " (%s)",
				 o->pfn, o->offset, page);
		break;
	case PS_OWNER_SYMBOL:
		snprintf(buf, len, "%s+%#" PRIx64 " in the kernel image",
			 o->symbol, o->offset);
		break;
	case PS_OWNER_PAGE_DATA:
		snprintf(buf, len, "%s%smemory of pfn %#" PRIx64 " +%#" PRIx64 " (%s)%s%s",
			 o->module_symbol, *o->module_symbol ? ", module " : "",
			 o->pfn, o->offset, page, *o->slab_cache ? ", in slab cache " : "",
			 o->slab_cache);
		break;
	default:
		snprintf(buf, len, "memory outside any known object");
	}
	return buf;
}
