// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pages no struct page field points back from: vmalloc areas (and the
 * tasks' kernel stacks and modules' memory among them), found from the
 * vmap areas' page arrays. A stack's area is named after its task (owners_tasks.c), not
 * after alloc_thread_stack_node().
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "kernel/modsyms.h"
#include "kernel/text_symbol.h"
#include "target/target.h"
#include "walk/owners.h"

/* Far more tasks or vmap areas than any kernel has: a loop beyond. */
enum { PS_MAX_VMAP_AREAS = 1 << 24 };

struct ps_vm_walk {
	struct ps_owners *o;
	const struct ps_memmodel *m;
	const struct ps_owner_table *stacks;	/* vm_struct -> kernel_stack owner */
	const struct ps_modsyms *mods;	/* where modules' memory lies */
	uint64_t nr_faults;		/* areas we could not read */
};

static bool ps_vm_fault(struct ps_vm_walk *w, struct ps_error *err)
{
	if (!ps_owners_fault(err))
		return false;
	w->nr_faults++;
	return true;
}

/* ------------------------------------------------------------------ */
/* vmap areas                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_vm_caller(struct ps_vm_walk *w, uint64_t vm,
				     uint32_t *id_ret)
{
	struct ps_owners *o = w->o;
	struct ps_text_symbol sym;
	uint64_t caller;
	char name[160];
	struct ps_error *err;

	if (ps_owner_table_ptr_find(w->stacks, vm, id_ret))
		return NULL;
	err = ps_target_read_u64(o->t, vm + ps_off(&o->t->layout.vm_caller), &caller);
	if (err)
		return err;
	/* A caller in a module is named "function [module]". */
	err = ps_text_symbol(o->t, caller, &sym);
	if (err && !ps_error_is(err, PS_ERR_NO_SYMBOL))
		return err;
	if (err)
		snprintf(name, sizeof(name), "%#" PRIx64, caller);
	else
		ps_text_symbol_format(&sym, name, sizeof(name));
	ps_error_destroy(err);
	return ps_owner_table_intern(&o->table, PS_POWN_vmalloc,
				     PS_OWNER_MOV_unmovable, name, id_ret);
}

/*
 * The owner of the page at @p addr of an area that overlaps a module:
 * module memory comes from vmalloc (module_alloc(), execmem), and one
 * area may hold several modules' text (execmem's ROX cache, v6.14+).
 */
static struct ps_error *ps_vm_module_page(struct ps_vm_walk *w, uint64_t addr,
					  uint32_t *id)
{
	const char *module;

	if (!ps_modsyms_region(w->mods, addr, &module))
		return NULL;
	return ps_owner_table_intern(&w->o->table, PS_POWN_module,
				     PS_OWNER_MOV_unmovable, module, id);
}

/* Whether the area at vm_struct @p vm, of @p nr pages, holds module memory. */
static struct ps_error *ps_vm_module_area(struct ps_vm_walk *w, uint64_t vm,
					  uint32_t nr, uint64_t *addr_ret)
{
	const struct ps_layout *L = &w->o->t->layout;
	struct ps_error *err;

	*addr_ret = 0;
	if (!w->mods || !L->vm_addr.present)
		return NULL;
	err = ps_target_read_u64(w->o->t, vm + ps_off(&L->vm_addr), addr_ret);
	if (err)
		return err;
	if (!ps_modsyms_overlaps(w->mods, *addr_ret,
				 *addr_ret + (uint64_t)nr * w->o->page_bytes))
		*addr_ret = 0;
	return NULL;
}

/* Add the pages of vm_struct @p vm to the map, as owner @p id. */
static struct ps_error *ps_vm_pages(struct ps_vm_walk *w, uint64_t vm,
				    uint32_t id)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	uint64_t pages, pfn, mod_addr;
	uint32_t nr;
	_cleanup_free_ uint64_t *ptrs = NULL;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, vm + ps_off(&L->vm_pages), &pages);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, vm + ps_off(&L->vm_nr_pages), &nr);
	if (err || !pages || !nr)
		return err;
	if (nr > w->m->max_pfn)
		return ps_error_create(PS_ERR_CORRUPT, "vm_struct %#" PRIx64 ": nr_pages %u beyond memory",
				       vm, nr);
	ptrs = malloc(nr * sizeof(*ptrs));
	if (!ptrs)
		return ps_error_nomem();
	err = ps_target_read(o->t, PS_KVADDR, pages, ptrs, nr * sizeof(*ptrs));
	if (err)
		return err;
	err = ps_vm_module_area(w, vm, nr, &mod_addr);
	if (err)
		return err;
	for (uint32_t i = 0; i < nr; i++) {
		uint32_t page_id = id;

		if (!ps_memmodel_page_pfn(w->m, o->dec.page_size, ptrs[i], &pfn))
			continue;
		if (mod_addr) {
			err = ps_vm_module_page(w, mod_addr + (uint64_t)i * o->page_bytes,
						&page_id);
			if (err)
				return err;
		}
		err = ps_pfn_map_add(&o->vmalloc, pfn, 1, page_id);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_vm_area_read(struct ps_vm_walk *w, uint64_t node)
{
	const struct ps_layout *L = &w->o->t->layout;
	uint64_t vm;
	uint32_t id;
	struct ps_error *err = ps_target_read_u64(w->o->t, node - ps_off(&L->va_list) +
							       ps_off(&L->va_vm), &vm);

	if (err || !vm)
		return err;
	err = ps_vm_caller(w, vm, &id);
	if (err)
		return err;
	return ps_vm_pages(w, vm, id);
}

static struct ps_error *ps_vm_area(uint64_t node, void *arg)
{
	struct ps_vm_walk *w = arg;
	struct ps_error *err = ps_vm_area_read(w, node);

	return ps_vm_fault(w, err) ? NULL : err;
}

static struct ps_error *ps_vm_walk_list(struct ps_vm_walk *w, uint64_t head)
{
	struct ps_list_fault fault;
	char why[256];
	struct ps_error *err = ps_list_for_each(w->o->t, head, PS_MAX_VMAP_AREAS,
						ps_vm_area, w, &fault);

	if (err)
		return ps_error_prefix(err, "vmap areas");
	if (ps_list_fault_is_corruption(&fault))
		ps_owners_note(w->o, "a vmap area list: %s; its pages after that are unknown",
			       ps_list_fault_describe(&fault, why, sizeof(why)));
	return NULL;
}

/* v6.9+: the busy areas are spread over vmap_nodes[nr_vmap_nodes]. */
static struct ps_error *ps_vm_walk_nodes(struct ps_vm_walk *w)
{
	struct ps_target *t = w->o->t;
	const struct ps_layout *L = &t->layout;
	uint64_t nodes_sym, nr_sym, nodes;
	uint32_t nr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_vmap_nodes, "vmap_nodes", &nodes_sym);
	if (err)
		return err;
	err = ps_target_symbol_addr(t, &L->sym_nr_vmap_nodes, "nr_vmap_nodes", &nr_sym);
	if (err)
		return err;
	err = ps_target_read_u64(t, nodes_sym, &nodes);
	if (err)
		return err;
	err = ps_target_read_u32(t, nr_sym, &nr);
	if (err)
		return err;
	if (nr > 4096)
		return ps_error_create(PS_ERR_CORRUPT, "nr_vmap_nodes %u: not a node count", nr);
	for (uint32_t i = 0; i < nr; i++) {
		err = ps_vm_walk_list(w, nodes + i * (uint64_t)L->vmap_node_size.value +
					     ps_off(&L->vmap_node_busy) +
					     ps_off(&L->rb_list_head));
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_vm_read_areas(struct ps_vm_walk *w)
{
	struct ps_target *t = w->o->t;
	const struct ps_layout *L = &t->layout;
	uint64_t head;
	struct ps_error *err;

	if (!L->va_list.present || !L->va_vm.present || !L->vm_pages.present ||
	    !L->vm_nr_pages.present || !L->vm_caller.present) {
		ps_owners_note(w->o, "vmalloc not read: no vmap_area.vm or vm_struct.pages in this kernel's layout");
		return NULL;
	}
	if (L->sym_vmap_area_list.present) {
		err = ps_target_symbol_addr(t, &L->sym_vmap_area_list, "vmap_area_list", &head);
		return err ? err : ps_vm_walk_list(w, head);
	}
	if (L->sym_vmap_nodes.present && L->sym_nr_vmap_nodes.present &&
	    L->vmap_node_size.present && L->vmap_node_busy.present &&
	    L->rb_list_head.present)
		return ps_vm_walk_nodes(w);
	ps_owners_note(w->o, "vmalloc not read: neither vmap_area_list nor vmap_nodes in this kernel");
	return NULL;
}

/*
 * Callers in modules are named by address when module symbols are not
 * read, and modules' memory is counted as vmalloc when their regions are not.
 */
static void ps_vm_modsyms_note(struct ps_owners *o, const struct ps_modsyms *ms)
{
	if (ps_modsyms_missing(ms))
		ps_owners_note(o, "%s", ps_modsyms_missing(ms));
	else if (ps_modsyms_note(ms))
		ps_owners_note(o, "module symbols: %s", ps_modsyms_note(ms));
	if (!ps_modsyms_missing(ms) && ps_modsyms_regions_missing(ms))
		ps_owners_note(o, "%s", ps_modsyms_regions_missing(ms));
	if (!o->t->layout.vm_addr.present)
		ps_owners_note(o, "module memory is counted as vmalloc: no vm_struct.addr in this kernel's layout");
}

struct ps_error *ps_owners_read_vmalloc(struct ps_owners *o,
					const struct ps_owner_table *stacks)
{
	struct ps_vm_walk w = { .o = o, .stacks = stacks };
	struct ps_error *err = ps_memmodel_get(o->t, &w.m);

	if (err)
		return err;
	err = ps_modsyms_get(o->t, &w.mods);
	if (err)
		return err;
	err = ps_vm_read_areas(&w);
	if (err)
		return err;
	if (w.nr_faults)
		ps_owners_note(o, "%" PRIu64 " vmap areas could not be read", w.nr_faults);
	ps_pfn_map_sort(&o->vmalloc);
	ps_vm_modsyms_note(o, w.mods);
	return NULL;
}
