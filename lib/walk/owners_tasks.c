// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the tasks hold that no struct page points back from: each
 * thread's kernel stack (a vmap area, named here so that the vmalloc
 * walk can say whose), and the pages buffered in the pipes each process
 * holds open.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "target/target.h"
#include "walk/owners.h"

/* Far more tasks, fds or pipe slots than any kernel has: damage beyond. */
enum { PS_MAX_TASKS = 1 << 22, PS_MAX_FDS = 1 << 24, PS_MAX_PIPE_SLOTS = 1 << 16 };

struct ps_task_walk {
	struct ps_owners *o;
	const struct ps_memmodel *m;
	struct ps_owner_table *stacks;	/* vm_struct -> kernel_stack owner */
	struct ps_owner_table seen;	/* files_structs and pipes read */
	bool pipes;			/* the layout has what pipes need */
	uint64_t pipe_fops[2];		/* the f_ops a pipe's file has */
	uint64_t nr_faults;		/* tasks, files or pipes not readable */
	char first_fault[160];		/* what the first was */
	uint64_t task;			/* the process being read */
	char name[64];			/* its "pid N comm" */
};

static bool ps_task_fault(struct ps_task_walk *w, struct ps_error *err)
{
	if (err && !w->nr_faults)
		snprintf(w->first_fault, sizeof(w->first_fault), "%s", err->message);
	if (!ps_owners_fault(err))
		return false;
	w->nr_faults++;
	return true;
}

struct ps_error *ps_owners_task_name(struct ps_owners *o, uint64_t task,
				     char *buf, size_t len)
{
	const struct ps_layout *L = &o->t->layout;
	char comm[32] = "";
	uint32_t pid;
	struct ps_error *err = ps_target_read_u32(o->t, task + ps_off(&L->task_pid), &pid);

	if (err)
		return err;
	err = ps_target_read_string(o->t, task + ps_off(&L->task_comm), comm, 16);
	if (err)
		return err;
	snprintf(buf, len, "pid %u %s", pid, comm);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Stacks                                                             */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_task_stack(struct ps_task_walk *w, uint64_t task)
{
	struct ps_owners *o = w->o;
	char name[64];
	uint64_t vm;
	uint32_t id;
	struct ps_error *err = ps_target_read_u64(o->t, task +
						  ps_off(&o->t->layout.task_stack_vm_area), &vm);

	if (err || !vm)
		return err;
	err = ps_owners_task_name(o, task, name, sizeof(name));
	if (err)
		return err;
	err = ps_owner_table_intern(&o->table, PS_POWN_kernel_stack,
				    PS_OWNER_MOV_unmovable, name, &id);
	if (err)
		return err;
	return ps_owner_table_ptr_add(w->stacks, vm, id);
}

static struct ps_error *ps_task_thread(uint64_t node, void *arg)
{
	struct ps_task_walk *w = arg;
	struct ps_error *err = ps_task_stack(w, node - ps_off(&w->o->t->layout.task_thread_node));

	return ps_task_fault(w, err) ? NULL : err;
}

/* ------------------------------------------------------------------ */
/* Pipes                                                              */
/* ------------------------------------------------------------------ */

/* Whether @p ptr was met before; remembers it. */
static struct ps_error *ps_task_seen(struct ps_task_walk *w, uint64_t ptr,
				     bool *seen_ret)
{
	uint32_t id;

	*seen_ret = ps_owner_table_ptr_find(&w->seen, ptr, &id);
	return *seen_ret ? NULL : ps_owner_table_ptr_add(&w->seen, ptr, 0);
}

/* The pages in the occupied slots [tail, head) of pipe @p pipe. */
static struct ps_error *ps_task_pipe_pages(struct ps_task_walk *w, uint64_t pipe,
					   uint32_t id)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	uint32_t head, tail, ring;
	uint64_t bufs, page, pfn;
	struct ps_error *err;

	err = ps_target_read_u32(o->t, pipe + ps_off(&L->pipe_head), &head);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, pipe + ps_off(&L->pipe_tail), &tail);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, pipe + ps_off(&L->pipe_ring_size), &ring);
	if (err)
		return err;
	err = ps_target_read_u64(o->t, pipe + ps_off(&L->pipe_bufs), &bufs);
	if (err)
		return err;
	if (!ring || ring > PS_MAX_PIPE_SLOTS || (ring & (ring - 1)) || head - tail > ring)
		return ps_error_create(PS_ERR_CORRUPT, "pipe %#" PRIx64 ": head %u, tail %u, ring_size %u",
				       pipe, head, tail, ring);
	for (uint32_t slot = tail; slot != head; slot++) {
		uint64_t buf = bufs + (uint64_t)(slot & (ring - 1)) * L->pipe_buffer_size.value;

		err = ps_target_read_u64(o->t, buf + ps_off(&L->pipe_buffer_page), &page);
		if (err)
			return err;
		if (!ps_memmodel_page_pfn(w->m, o->dec.page_size, page, &pfn))
			continue;
		err = ps_pfn_map_add(&o->pipes, pfn, 1, id);
		if (err)
			return err;
	}
	return NULL;
}

/* If open file @p file is a pipe not met before, its buffered pages. */
static struct ps_error *ps_task_file(struct ps_task_walk *w, uint64_t file)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	uint64_t fop, pipe;
	uint32_t id;
	bool seen;
	struct ps_error *err;

	/* What get_pipe_info() tests: a pipe's file has the pipe f_ops. */
	err = ps_target_read_u64(o->t, file + ps_off(&L->file_f_op), &fop);
	if (err || !fop || (fop != w->pipe_fops[0] && fop != w->pipe_fops[1]))
		return err;
	err = ps_target_read_u64(o->t, file + ps_off(&L->file_private_data), &pipe);
	if (err || !pipe)
		return err;
	err = ps_task_seen(w, pipe, &seen);
	if (err || seen)
		return err;
	err = ps_owner_table_intern(&o->table, PS_POWN_pipe, PS_OWNER_MOV_unmovable,
				    w->name, &id);
	if (err)
		return err;
	return ps_task_pipe_pages(w, pipe, id);
}

/* The open files of process @p task, read once per files_struct. */
static struct ps_error *ps_task_files(struct ps_task_walk *w, uint64_t task)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	_cleanup_free_ uint64_t *fds = NULL;
	uint64_t files, fdt, fd;
	uint32_t max_fds;
	bool seen;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, task + ps_off(&L->task_files), &files);
	if (err || !files)
		return err;
	err = ps_task_seen(w, files, &seen);
	if (err || seen)
		return err;
	err = ps_target_read_u64(o->t, files + ps_off(&L->files_fdt), &fdt);
	if (err)
		return err;
	err = ps_target_read_u32(o->t, fdt + ps_off(&L->fdtable_max_fds), &max_fds);
	if (err)
		return err;
	err = ps_target_read_u64(o->t, fdt + ps_off(&L->fdtable_fd), &fd);
	if (err)
		return err;
	if (max_fds > PS_MAX_FDS)
		return ps_error_create(PS_ERR_CORRUPT, "fdtable %#" PRIx64 ": max_fds %u", fdt, max_fds);
	fds = malloc(((size_t)max_fds + 1) * sizeof(*fds));
	if (!fds)
		return ps_error_nomem();
	err = ps_target_read(o->t, PS_KVADDR, fd, fds, (size_t)max_fds * sizeof(*fds));
	if (err)
		return err;
	err = ps_owners_task_name(o, task, w->name, sizeof(w->name));
	for (uint32_t i = 0; i < max_fds && !err; i++) {
		if (!fds[i])
			continue;
		err = ps_task_file(w, fds[i]);
		if (ps_task_fault(w, err))
			err = NULL;
	}
	return err;
}

/*
 * pipefifo_fops, and pipeanon_fops where the kernel gives pipe(2)'s
 * pipes their own (a later kernel than 6.12 does).
 */
static struct ps_error *ps_task_pipe_fops(struct ps_target *t, uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_pipefifo_fops, "pipefifo_fops", &ret[0]);
	if (err || !L->sym_pipeanon_fops.present)
		return err;
	return ps_target_symbol_addr(t, &L->sym_pipeanon_fops, "pipeanon_fops", &ret[1]);
}

static bool ps_pipes_layout(const struct ps_layout *L)
{
	return L->task_files.present && L->files_fdt.present &&
	       L->fdtable_max_fds.present && L->fdtable_fd.present &&
	       L->sym_pipefifo_fops.present && L->file_f_op.present &&
	       L->file_private_data.present &&
	       L->pipe_head.present && L->pipe_tail.present &&
	       L->pipe_ring_size.present && L->pipe_bufs.present &&
	       L->pipe_buffer_size.present && L->pipe_buffer_page.present;
}

/* ------------------------------------------------------------------ */
/* Processes                                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_task_process(uint64_t node, void *arg)
{
	struct ps_task_walk *w = arg;
	const struct ps_layout *L = &w->o->t->layout;
	uint64_t task = node - ps_off(&L->task_tasks), signal;
	struct ps_list_fault fault;
	struct ps_error *err;

	if (w->pipes) {
		err = ps_task_files(w, task);
		if (err && !ps_task_fault(w, err))
			return err;
	}
	err = ps_target_read_u64(w->o->t, task + ps_off(&L->task_signal), &signal);
	if (ps_task_fault(w, err))
		return NULL;
	err = ps_list_for_each(w->o->t, signal + ps_off(&L->signal_thread_head),
			       PS_MAX_TASKS, ps_task_thread, w, &fault);
	if (err)
		return err;
	if (ps_list_fault_is_corruption(&fault)) {
		char why[128];

		if (!w->nr_faults)
			snprintf(w->first_fault, sizeof(w->first_fault), "%s's threads: %s",
				 w->name, ps_list_fault_describe(&fault, why, sizeof(why)));
		w->nr_faults++;
	}
	return NULL;
}

static bool ps_tasks_layout(const struct ps_layout *L)
{
	return L->sym_init_task.present && L->task_tasks.present &&
	       L->task_signal.present && L->task_thread_node.present &&
	       L->signal_thread_head.present && L->task_stack_vm_area.present &&
	       L->task_pid.present && L->task_comm.present;
}

static struct ps_error *ps_tasks_walk(struct ps_task_walk *w)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	struct ps_list_fault fault;
	char why[256];
	uint64_t init_task;
	struct ps_error *err;

	err = ps_target_symbol_addr(o->t, &L->sym_init_task, "init_task", &init_task);
	if (err)
		return err;
	err = ps_list_for_each(o->t, init_task + ps_off(&L->task_tasks), PS_MAX_TASKS,
			       ps_task_process, w, &fault);
	if (err)
		return ps_error_prefix(err, "the task list");
	if (ps_list_fault_is_corruption(&fault))
		ps_owners_note(o, "the task list: %s; stacks and pipes of the tasks after it are not known",
			       ps_list_fault_describe(&fault, why, sizeof(why)));
	if (w->nr_faults)
		ps_owners_note(o, "%" PRIu64 " tasks, open files or pipes could not be read, the first: %s",
			       w->nr_faults, w->first_fault);
	return NULL;
}

struct ps_error *ps_owners_read_tasks(struct ps_owners *o,
				      struct ps_owner_table *stacks)
{
	struct ps_task_walk w = { .o = o, .stacks = stacks };
	struct ps_error *err;

	if (!ps_tasks_layout(&o->t->layout)) {
		ps_owners_note(o, "tasks not read (no task_struct.stack_vm_area or thread list in this kernel's layout): stacks count as vmalloc, pipes as unknown");
		return NULL;
	}
	w.pipes = ps_pipes_layout(&o->t->layout);
	if (!w.pipes)
		ps_owners_note(o, "pipe buffers count as unknown: no pipe_inode_info ring in this kernel's layout");
	err = ps_memmodel_get(o->t, &w.m);
	if (err)
		return err;
	if (w.pipes) {
		err = ps_task_pipe_fops(o->t, w.pipe_fops);
		if (err)
			return err;
	}
	ps_owner_table_init(&w.seen);
	err = ps_tasks_walk(&w);
	ps_owner_table_deinit(&w.seen);
	ps_pfn_map_sort(&o->pipes);
	return err;
}
