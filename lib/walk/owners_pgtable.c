// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whose page table a page is, and at which level. A table's struct page
 * says only that it is one (PG_table, PGTY_table); x86 alone records an
 * mm there, and only for a PGD (ptdesc->pt_mm). So the trees are walked
 * from the top: each process's mm->pgd, and init_mm's for the kernel's
 * own tables; every table met is named after the mm's first task and its
 * level.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "kernel/pgtable.h"
#include "target/target.h"
#include "walk/owners.h"

const char ps_owners_pgtable_unreached[] = "page tables";
const char ps_owners_pgtable_untyped[] = " (not counted in PageTables)";

/* Far more processes than any kernel has: damage beyond. */
enum { PS_PGT_MAX_TASKS = 1 << 22 };

struct ps_pgt_walk {
	struct ps_owners *o;
	struct ps_pgtable_walk *pw;
	struct ps_owner_table seen;	/* table pfn + 1 -> mm number */
	struct ps_owner_table mms;	/* mm -> its number */
	const struct ps_memmodel *m;
	uint64_t huge_pte_off;		/* pmd_huge_pte in the PMD table's ptdesc */
	bool deposits;			/* the layout says where THPs deposit */
	uint64_t mm;			/* the mm being walked */
	bool process;			/* a process's, which may hold THPs */
	uint32_t mm_nr;			/* its number */
	char name[64];			/* its owner: "pid N comm", "init_mm" */
	uint32_t ids[PS_PGTABLE_MAX_LEVELS];	/* its owner id per level, + 1 */
	uint64_t nr_faults;		/* tasks or mms not readable */
	char first_fault[160];
};

/* Whether @p err is the dump's damage (counted) rather than fatal; frees it. */
static bool ps_pgt_fault(struct ps_pgt_walk *w, const char *what, struct ps_error *err)
{
	if (!w->nr_faults)
		snprintf(w->first_fault, sizeof(w->first_fault), "%s: %s", what, err->message);
	if (ps_error_is(err, PS_ERR_UNSUPPORTED)) {
		ps_error_destroy(err);	/* a reader that cannot translate */
	} else if (!ps_owners_fault(err)) {
		return false;
	}
	w->nr_faults++;
	return true;
}

/* The owner of the current mm's tables at @p level, interned once. */
static struct ps_error *ps_pgt_owner(struct ps_pgt_walk *w, unsigned level,
				     uint32_t *id_ret)
{
	char name[96];
	struct ps_error *err;

	if (w->ids[level]) {
		*id_ret = w->ids[level] - 1;
		return NULL;
	}
	snprintf(name, sizeof(name), "%s: %s", w->name,
		 ps_pgtable_level_name(w->pw->f, level));
	err = ps_owner_table_intern(&w->o->table, PS_POWN_page_table, PS_OWNER_MOV_unmovable,
				    name, id_ret);
	if (err)
		return err;
	w->ids[level] = *id_ret + 1;
	return NULL;
}

/*
 * A table met again is not read again. Only hugetlb shares tables
 * between mms, and only PMD tables (huge_pmd_share()); anything else met
 * twice is a damaged tree, or a cycle.
 */
static void ps_pgt_again(struct ps_pgt_walk *w, uint64_t pfn, unsigned level,
			 uint32_t first_mm)
{
	const struct ps_pgtable_format *f = w->pw->f;

	if (first_mm != w->mm_nr && level + 2 == f->levels) {
		w->o->pgt.shared++;
		return;
	}
	if (!w->pw->damage.nr++)
		snprintf(w->pw->damage.first, sizeof(w->pw->damage.first),
			 "%s table pfn %#" PRIx64 " of %s was reached twice", ps_pgtable_level_name(f, level),
			 pfn, w->name);
}

/* Whether table @p pfn is met for the first time; remembers it. */
static struct ps_error *ps_pgt_first(struct ps_pgt_walk *w, uint64_t pfn, unsigned level,
				     bool *first_ret)
{
	uint32_t first_mm;

	*first_ret = !ps_owner_table_ptr_find(&w->seen, pfn + 1, &first_mm);
	if (!*first_ret) {
		ps_pgt_again(w, pfn, level, first_mm);
		return NULL;
	}
	return ps_owner_table_ptr_add(&w->seen, pfn + 1, w->mm_nr);
}

static struct ps_error *ps_pgt_record(struct ps_pgt_walk *w, uint64_t pfn, unsigned level)
{
	uint32_t id;
	struct ps_error *err = ps_pgt_owner(w, level, &id);

	if (err)
		return err;
	w->o->pgt.tables++;
	return ps_pfn_map_add(&w->o->pgtables, pfn, 1, id);
}

/* A deposited PTE table, by the address of its struct page. */
static struct ps_error *ps_pgt_deposited(struct ps_pgt_walk *w, uint64_t page)
{
	const struct ps_pgtable_format *f = w->pw->f;
	uint64_t pfn;
	bool first;
	struct ps_error *err;

	if (!ps_memmodel_page_pfn(w->m, w->o->dec.page_size, page, &pfn)) {
		if (!w->pw->damage.nr++)
			snprintf(w->pw->damage.first, sizeof(w->pw->damage.first),
				 "%s's deposited PTE table %#" PRIx64 " is not a struct page",
				 w->name, page);
		return NULL;
	}
	err = ps_pgt_first(w, pfn, f->levels - 1, &first);
	if (err || !first)
		return err;
	w->o->pgt.deposited++;
	return ps_pgt_record(w, pfn, f->levels - 1);
}

static struct ps_error *ps_pgt_deposit_node(uint64_t node, void *arg)
{
	struct ps_pgt_walk *w = arg;

	return ps_pgt_deposited(w, node - ps_off(&w->o->t->layout.page_lru));
}

/*
 * The PTE tables deposited for the PMD-mapped THPs of a PMD table
 * (pgtable_trans_huge_deposit()): the newest at pmd_huge_pte, in the
 * PMD table's ptdesc (split PMD locks) or the mm's, the others on its lru.
 */
static struct ps_error *ps_pgt_deposits(struct ps_pgt_walk *w, uint64_t pmd_pfn)
{
	struct ps_owners *o = w->o;
	uint64_t where, head;
	struct ps_list_fault fault;
	char why[128];
	struct ps_error *err;

	if (o->t->layout.mm_pmd_huge_pte.present)
		where = w->mm + ps_off(&o->t->layout.mm_pmd_huge_pte);
	else
		where = ps_memmodel_page_addr(w->m, o->dec.page_size, pmd_pfn) + w->huge_pte_off;
	err = ps_target_read_u64(o->t, where, &head);
	if (err || !head)
		return err;
	err = ps_pgt_deposited(w, head);
	if (err)
		return err;
	err = ps_list_for_each(o->t, head + ps_off(&o->t->layout.page_lru), w->pw->f->entries,
			       ps_pgt_deposit_node, w, &fault);
	if (err || !ps_list_fault_is_corruption(&fault))
		return err;
	if (!w->pw->damage.nr++)
		snprintf(w->pw->damage.first, sizeof(w->pw->damage.first),
			 "%s's deposited PTE tables: %s", w->name,
			 ps_list_fault_describe(&fault, why, sizeof(why)));
	return NULL;
}

static struct ps_error *ps_pgt_table(void *arg, uint64_t pfn, unsigned level,
				     bool *descend_ret)
{
	struct ps_pgt_walk *w = arg;
	struct ps_error *err = ps_pgt_first(w, pfn, level, descend_ret);

	if (err || !*descend_ret)
		return err;
	err = ps_pgt_record(w, pfn, level);
	if (err || !w->deposits || !w->process || level + 2 != w->pw->f->levels)
		return err;
	err = ps_pgt_deposits(w, pfn);
	if (err && ps_owners_fault(err))
		err = NULL;	/* the ptdesc is the memory map's: read by the walk too */
	return err;
}

/*
 * Walk the tree of @p mm, named w->name. A process's PGD shares its upper
 * half, the kernel's addresses (the upper canonical half, bit 47 or 56
 * set), with init_mm's: only init_mm walks it.
 */
static struct ps_error *ps_pgt_mm(struct ps_pgt_walk *w, uint64_t mm, bool kernel)
{
	struct ps_owners *o = w->o;
	const struct ps_pgtable_format *f = w->pw->f;
	uint64_t pgd, phys;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, mm + ps_off(&o->t->layout.mm_pgd), &pgd);
	if (err)
		return err;
	err = ps_target_virt_to_phys(o->t, pgd, &phys);
	if (err)
		return ps_error_prefix(err, "mm %#" PRIx64 "'s pgd", mm);
	err = ps_owner_table_ptr_add(&w->mms, mm, ++w->mm_nr);
	if (err)
		return err;
	w->mm = mm;
	memset(w->ids, 0, sizeof(w->ids));
	o->pgt.mms++;
	return ps_pgtable_walk(w->pw, phys >> f->page_shift, 0,
			       kernel ? f->entries : f->entries / 2);
}

/* The mm of process @p task, named after it. */
static struct ps_error *ps_pgt_task_mm(struct ps_pgt_walk *w, uint64_t task)
{
	struct ps_owners *o = w->o;
	uint64_t mm;
	uint32_t nr;
	struct ps_error *err;

	err = ps_target_read_u64(o->t, task + ps_off(&o->t->layout.task_mm), &mm);
	if (err || !mm || ps_owner_table_ptr_find(&w->mms, mm, &nr))
		return err;	/* a kernel thread, or a vfork child */
	err = ps_owners_task_name(o, task, w->name, sizeof(w->name));
	if (err)
		return err;
	w->process = true;
	return ps_pgt_mm(w, mm, false);
}

/* A process: its mm's tables, if it has an mm not walked before. */
static struct ps_error *ps_pgt_process(uint64_t node, void *arg)
{
	struct ps_pgt_walk *w = arg;
	uint64_t task = node - ps_off(&w->o->t->layout.task_tasks);
	struct ps_error *err;

	snprintf(w->name, sizeof(w->name), "task %#" PRIx64, task);
	err = ps_pgt_task_mm(w, task);
	if (err && !ps_pgt_fault(w, w->name, err))
		return err;
	return NULL;
}

static struct ps_error *ps_pgt_tasks(struct ps_pgt_walk *w)
{
	struct ps_owners *o = w->o;
	const struct ps_layout *L = &o->t->layout;
	struct ps_list_fault fault;
	uint64_t init_task;
	char why[256];
	struct ps_error *err;

	err = ps_target_symbol_addr(o->t, &L->sym_init_task, "init_task", &init_task);
	if (err)
		return err;
	err = ps_list_for_each(o->t, init_task + ps_off(&L->task_tasks), PS_PGT_MAX_TASKS,
			       ps_pgt_process, w, &fault);
	if (err)
		return ps_error_prefix(err, "the task list");
	if (ps_list_fault_is_corruption(&fault))
		ps_owners_note(o, "the task list: %s; page tables of the tasks after it are not named",
			       ps_list_fault_describe(&fault, why, sizeof(why)));
	return NULL;
}

/* An mm of the kernel's own, at @p mm, named @p name; one with no pgd is unused. */
static struct ps_error *ps_pgt_kernel_mm(struct ps_pgt_walk *w, const char *name,
					 uint64_t mm, bool kernel)
{
	uint64_t pgd;
	uint32_t nr;
	struct ps_error *err;

	if (ps_owner_table_ptr_find(&w->mms, mm, &nr))
		return NULL;
	err = ps_target_read_u64(w->o->t, mm + ps_off(&w->o->t->layout.mm_pgd), &pgd);
	if (!err && !pgd)
		return NULL;
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->process = false;	/* the kernel maps no THP of its own */
	if (!err)
		err = ps_pgt_mm(w, mm, kernel);
	if (err && !ps_pgt_fault(w, name, err))
		return err;
	return NULL;
}

/*
 * The mms no task holds: init_mm (the kernel's half of every PGD), and
 * those holding a private user half: the EFI runtime's (efi_mm) and
 * text patching's (poking_mm, text_poke_mm since v6.?).
 */
static const struct ps_pgt_global {
	const char *name;
	size_t sym;		/* offsetof(struct ps_layout, ...) */
	bool pointer;		/* the symbol holds the mm's address */
	bool kernel;		/* walk the kernel half too */
} ps_pgt_globals[] = {
	{ "init_mm", offsetof(struct ps_layout, sym_init_mm), false, true },
	{ "efi_mm", offsetof(struct ps_layout, sym_efi_mm), false, false },
	{ "poking_mm", offsetof(struct ps_layout, sym_poking_mm), true, false },
	{ "text_poke_mm", offsetof(struct ps_layout, sym_text_poke_mm), true, false },
};

static struct ps_error *ps_pgt_global(struct ps_pgt_walk *w, const struct ps_pgt_global *g)
{
	const struct ps_lval *sym = (const void *)((const char *)&w->o->t->layout + g->sym);
	uint64_t mm;
	struct ps_error *err;

	if (!sym->present)
		return NULL;
	err = ps_target_symbol_addr(w->o->t, sym, g->name, &mm);
	if (!err && g->pointer)
		err = ps_target_read_u64(w->o->t, mm, &mm);
	if (!err && !mm)
		return NULL;
	if (err)
		return ps_pgt_fault(w, g->name, err) ? NULL : err;
	return ps_pgt_kernel_mm(w, g->name, mm, g->kernel);
}

static struct ps_error *ps_pgt_globals_walk(struct ps_pgt_walk *w)
{
	for (size_t i = 0; i < sizeof(ps_pgt_globals) / sizeof(ps_pgt_globals[0]); i++) {
		struct ps_error *err = ps_pgt_global(w, &ps_pgt_globals[i]);

		if (err)
			return err;
	}
	return NULL;
}

static void ps_pgt_notes(struct ps_pgt_walk *w)
{
	struct ps_owners *o = w->o;

	if (w->pw->damage.nr)
		ps_owners_note(o, "page tables: %" PRIu64 " entries or tables are damaged and were not followed, the first: %s",
			       w->pw->damage.nr, w->pw->damage.first);
	if (w->nr_faults)
		ps_owners_note(o, "page tables: %" PRIu64 " mms could not be walked, the first: %s",
			       w->nr_faults, w->first_fault);
}

/* Where the THPs' deposited PTE tables are kept, if this kernel says. */
static void ps_pgt_deposit_layout(struct ps_pgt_walk *w)
{
	const struct ps_layout *L = &w->o->t->layout;
	const struct ps_lval *v = L->ptdesc_pmd_huge_pte.present ? &L->ptdesc_pmd_huge_pte
								 : &L->page_pmd_huge_pte;

	w->deposits = L->page_lru.present && (v->present || L->mm_pmd_huge_pte.present);
	w->huge_pte_off = v->present ? ps_off(v) : 0;
	if (!w->deposits)
		ps_owners_note(w->o, "page tables: the PTE tables deposited for THPs are not found (no pmd_huge_pte in this kernel's layout)");
}

static bool ps_pgt_layout(const struct ps_layout *L)
{
	return L->sym_init_task.present && L->task_tasks.present && L->task_mm.present &&
	       L->mm_pgd.present && L->sym_init_mm.present && L->task_pid.present &&
	       L->task_comm.present;
}

static struct ps_error *ps_pgt_run(struct ps_pgt_walk *w)
{
	struct ps_error *err = ps_pgt_tasks(w);

	if (err)
		return err;
	return ps_pgt_globals_walk(w);
}

struct ps_error *ps_owners_read_pgtables(struct ps_owners *o)
{
	_cleanup_free_ struct ps_pgtable_walk *pw = calloc(1, sizeof(*pw));
	struct ps_pgtable_format f;
	struct ps_pgt_walk w = { .o = o, .pw = pw };
	const struct ps_memmodel *m;
	struct ps_error *err;

	if (!pw)
		return ps_error_nomem();
	if (!ps_pgt_layout(&o->t->layout)) {
		ps_owners_note(o, "page tables not walked (no task_struct.mm, mm_struct.pgd or init_mm in this kernel's layout): their mm and level are not known");
		return NULL;
	}
	err = ps_memmodel_get(o->t, &m);
	if (err)
		return err;
	err = ps_pgtable_format_get(o->t, &f);
	if (err) {
		ps_owners_note(o, "page tables not walked: %s", err->message);
		ps_error_destroy(err);
		return NULL;
	}
	w.m = m;
	ps_pgt_deposit_layout(&w);
	*pw = (struct ps_pgtable_walk){ .t = o->t, .f = &f, .max_pfn = m->max_pfn,
					.table = ps_pgt_table, .arg = &w };
	ps_owner_table_init(&w.seen);
	ps_owner_table_init(&w.mms);
	err = ps_pgt_run(&w);
	ps_owner_table_deinit(&w.seen);
	ps_owner_table_deinit(&w.mms);
	ps_pfn_map_sort(&o->pgtables);
	o->pgt.walked = !err;
	o->pgt.levels = f.levels;
	o->pgt.damaged = pw->damage.nr;
	ps_pgt_notes(&w);
	return ps_error_prefix(err, "page tables");
}
