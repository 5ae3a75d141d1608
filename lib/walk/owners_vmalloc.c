// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pages no struct page field points back from: vmalloc areas (and the
 * tasks' kernel stacks among them), found from the vmap areas' page
 * arrays. Tasks are read first, so that a stack's area is named after
 * its task rather than after alloc_thread_stack_node().
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "target/target.h"
#include "walk/owners.h"

/* Far more tasks or vmap areas than any kernel has: a loop beyond. */
enum { PS_MAX_TASKS = 1 << 22, PS_MAX_VMAP_AREAS = 1 << 24 };

struct ps_vm_walk {
	struct ps_owners *o;
	const struct ps_memmodel *m;
	struct ps_owner_table stacks;	/* vm_struct -> kernel_stack owner */
	uint64_t nr_faults;		/* areas or tasks we could not read */
	uint64_t thread_head_off;	/* signal->thread_head */
};

/* ------------------------------------------------------------------ */
/* Task stacks                                                        */
/* ------------------------------------------------------------------ */

/* The owner of the stack of @p task: "pid N comm"; 0 when it has none. */
static struct ps_error *ps_vm_task_stack(struct ps_owners *o, uint64_t task,
					 uint64_t *vm_ret, uint32_t *id_ret)
{
	const struct ps_layout *L = &o->t->layout;
	char comm[32] = "", name[64];
	uint32_t pid;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, task + ps_off(&L->task_stack_vm_area), vm_ret);
	if (err || !*vm_ret)
		return err;
	err = ps_target_read_u32(o->t, task + ps_off(&L->task_pid), &pid);
	if (err)
		return err;
	err = ps_target_read_string(o->t, task + ps_off(&L->task_comm), comm, 16);
	if (err)
		return err;
	snprintf(name, sizeof(name), "pid %u %s", pid, comm);
	return ps_owner_table_intern(&o->table, PS_POWN_kernel_stack,
				     PS_OWNER_MOV_unmovable, name, id_ret);
}

static bool ps_vm_fault(struct ps_vm_walk *w, struct ps_error *err)
{
	if (!ps_error_is(err, PS_ERR_FAULT) && !ps_error_is(err, PS_ERR_EXCLUDED) &&
	    !ps_error_is(err, PS_ERR_CORRUPT))
		return false;
	w->nr_faults++;
	ps_error_destroy(err);
	return true;
}

static struct ps_error *ps_vm_thread(uint64_t node, void *arg)
{
	struct ps_vm_walk *w = arg;
	uint64_t task = node - ps_off(&w->o->t->layout.task_thread_node), vm = 0;
	uint32_t id;
	struct ps_error *err = ps_vm_task_stack(w->o, task, &vm, &id);

	if (ps_vm_fault(w, err))
		return NULL;
	if (err || !vm)
		return err;
	return ps_owner_table_ptr_add(&w->stacks, vm, id);
}

static struct ps_error *ps_vm_process(uint64_t node, void *arg)
{
	struct ps_vm_walk *w = arg;
	const struct ps_layout *L = &w->o->t->layout;
	uint64_t task = node - ps_off(&L->task_tasks), signal;
	struct ps_list_fault fault;
	struct ps_error *err = ps_target_read_u64(w->o->t, task + ps_off(&L->task_signal),
						  &signal);

	if (ps_vm_fault(w, err))
		return NULL;
	err = ps_list_for_each(w->o->t, signal + w->thread_head_off, PS_MAX_TASKS,
			       ps_vm_thread, w, &fault);
	if (err)
		return err;
	w->nr_faults += ps_list_fault_is_corruption(&fault);
	return NULL;
}

static bool ps_stacks_layout(const struct ps_layout *L)
{
	return L->sym_init_task.present && L->task_tasks.present &&
	       L->task_signal.present && L->task_thread_node.present &&
	       L->signal_thread_head.present && L->task_stack_vm_area.present &&
	       L->task_pid.present && L->task_comm.present;
}

static struct ps_error *ps_vm_read_stacks(struct ps_vm_walk *w)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	struct ps_list_fault fault;
	char why[256];
	uint64_t init_task;
	struct ps_error *err;

	if (!ps_stacks_layout(L)) {
		ps_owners_note(o, "kernel stacks counted as vmalloc: no task_struct.stack_vm_area or thread list in this kernel's layout");
		return NULL;
	}
	w->thread_head_off = ps_off(&L->signal_thread_head);
	err = ps_target_symbol_addr(o->t, &L->sym_init_task, "init_task", &init_task);
	if (err)
		return err;
	err = ps_list_for_each(o->t, init_task + ps_off(&L->task_tasks), PS_MAX_TASKS,
			       ps_vm_process, w, &fault);
	if (err)
		return ps_error_prefix(err, "the task list");
	if (ps_list_fault_is_corruption(&fault))
		ps_owners_note(o, "the task list: %s; stacks of the tasks after it count as vmalloc",
			       ps_list_fault_describe(&fault, why, sizeof(why)));
	return NULL;
}

/* ------------------------------------------------------------------ */
/* vmap areas                                                         */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_vm_caller(struct ps_vm_walk *w, uint64_t vm,
				     uint32_t *id_ret)
{
	struct ps_owners *o = w->o;
	struct ps_symbols *syms;
	const char *sym;
	uint64_t caller, off;
	char name[160];
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&w->stacks, vm, id_ret))
		return NULL;
	err = ps_target_read_u64(o->t, vm + ps_off(&o->t->layout.vm_caller), &caller);
	if (err)
		return err;
	err = ps_target_symbols(o->t, &syms);
	if (err)
		return err;
	err = syms->ops->resolve(syms->priv, caller, &sym, &off);
	if (err && !ps_error_is(err, PS_ERR_NO_SYMBOL))
		return err;
	if (err)
		snprintf(name, sizeof(name), "%#" PRIx64, caller);
	else
		snprintf(name, sizeof(name), "%s", sym);
	ps_error_destroy(err);
	return ps_owner_table_intern(&o->table, PS_POWN_vmalloc,
				     PS_OWNER_MOV_unmovable, name, id_ret);
}

/* Add the pages of vm_struct @p vm to the map, as owner @p id. */
static struct ps_error *ps_vm_pages(struct ps_vm_walk *w, uint64_t vm,
				    uint32_t id)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	uint64_t pages, pfn;
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
	for (uint32_t i = 0; i < nr; i++) {
		if (!ps_memmodel_page_pfn(w->m, o->dec.page_size, ptrs[i], &pfn))
			continue;
		err = ps_pfn_map_add(&o->vmalloc, pfn, 1, id);
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

struct ps_error *ps_owners_read_vmalloc(struct ps_owners *o)
{
	struct ps_vm_walk w = { .o = o };
	struct ps_error *err = ps_memmodel_get(o->t, &w.m);

	if (err)
		return err;
	ps_owner_table_init(&w.stacks);
	err = ps_vm_read_stacks(&w);
	if (err)
		goto out;
	err = ps_vm_read_areas(&w);
	if (err)
		goto out;
	if (w.nr_faults)
		ps_owners_note(o, "%" PRIu64 " vmap areas or tasks could not be read", w.nr_faults);
	ps_pfn_map_sort(&o->vmalloc);
out:
	ps_owner_table_deinit(&w.stacks);
	return ps_error_prefix(err, "owners");
}
