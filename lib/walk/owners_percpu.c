// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pages of the per-cpu allocator: the first chunk (the kernel's static
 * per-cpu data, the reserved and the first dynamic area, from memblock)
 * and the populated pages of every other chunk on the slot lists (pages
 * mapped into a vmap area that has no pages array). A chunk page is
 * replicated once per possible CPU at pcpu_unit_offsets[cpu].
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/memmodel.h"
#include "kernel/percpu.h"
#include "target/target.h"
#include "walk/owners.h"

/* Far more chunks or slots than any kernel has: a loop or garbage. */
enum { PS_MAX_PCPU_CHUNKS = 1 << 20, PS_MAX_PCPU_SLOTS = 4096 };
/* A unit bigger than this many pages is not a unit. */
enum { PS_MAX_PCPU_UNIT_PAGES = 1 << 20 };

struct ps_pcpu_walk {
	struct ps_owners *o;
	const struct ps_percpu *cpus;
	const struct ps_memmodel *m;
	uint64_t *unit_off;		/* [nr_cpu_ids], by cpu */
	uint64_t first;			/* pcpu_first_chunk */
	uint32_t unit_pages;
	uint32_t bits_per_word;		/* of the populated bitmap */
	uint64_t list_head_size;
	uint32_t id_first, id_chunk;
	uint64_t nr_faults;
};

static bool ps_pcpu_layout(const struct ps_layout *L)
{
	return (L->sym_pcpu_chunk_lists.present || L->sym_pcpu_slot.present) &&
	       L->sym_pcpu_nr_slots.present && L->sym_pcpu_first_chunk.present &&
	       L->sym_pcpu_base_addr.present && L->sym_pcpu_unit_offsets.present &&
	       L->sym_pcpu_unit_pages.present && L->pcpu_chunk_list.present &&
	       L->pcpu_chunk_base_addr.present && L->pcpu_chunk_nr_pages.present &&
	       L->pcpu_chunk_populated.present;
}

/* Page @page of every possible CPU's unit of a chunk at @base. */
static struct ps_error *ps_pcpu_page(struct ps_pcpu_walk *w, uint64_t base,
				     uint64_t page, uint32_t id)
{
	uint64_t bytes = w->o->page_bytes, phys;
	struct ps_error *err;

	for (unsigned cpu = 0; cpu < w->cpus->nr_cpu_ids; cpu++) {
		if (!w->cpus->possible[cpu])
			continue;
		err = ps_target_virt_to_phys(w->o->t, base + w->unit_off[cpu] + page * bytes,
					     &phys);
		if (ps_owners_fault(err)) {
			w->nr_faults++;
			continue;
		}
		if (err)
			return err;
		/* More per-cpu pages than memory: the chunks are garbage. */
		if (w->o->percpu.nr >= w->m->max_pfn)
			return ps_error_create(PS_ERR_CORRUPT, "more per-cpu pages than memory");
		err = ps_pfn_map_add(&w->o->percpu, phys / bytes, 1, id);
		if (err)
			return err;
	}
	return NULL;
}

/* The populated pages of one chunk, from its bitmap. */
static struct ps_error *ps_pcpu_chunk_read(struct ps_pcpu_walk *w, uint64_t chunk)
{
	const struct ps_layout *L = &w->o->t->layout;
	_cleanup_free_ uint8_t *bits = NULL;
	uint64_t base;
	uint32_t nr, words;
	struct ps_error *err;

	err = ps_target_read_u64(w->o->t, chunk + ps_off(&L->pcpu_chunk_base_addr), &base);
	if (err)
		return err;
	err = ps_target_read_u32(w->o->t, chunk + ps_off(&L->pcpu_chunk_nr_pages), &nr);
	if (err)
		return err;
	if (nr > w->unit_pages)
		return ps_error_create(PS_ERR_CORRUPT, "pcpu_chunk %#" PRIx64 ": nr_pages %u beyond pcpu_unit_pages %u",
				       chunk, nr, w->unit_pages);
	/* A bitmap of unsigned longs; little-endian, so bytes read in order. */
	words = (nr + w->bits_per_word - 1) / w->bits_per_word;
	bits = calloc(words + 1, w->bits_per_word / 8);
	if (!bits)
		return ps_error_nomem();
	err = ps_target_read(w->o->t, PS_KVADDR, chunk + ps_off(&L->pcpu_chunk_populated),
			     bits, words * (w->bits_per_word / 8));
	if (err)
		return err;
	for (uint32_t i = 0; i < nr; i++) {
		if (!(bits[i / 8] >> (i % 8) & 1))
			continue;
		err = ps_pcpu_page(w, base, i, w->id_chunk);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_pcpu_chunk(uint64_t node, void *arg)
{
	struct ps_pcpu_walk *w = arg;
	uint64_t chunk = node - ps_off(&w->o->t->layout.pcpu_chunk_list);
	struct ps_error *err;

	/* The first chunk is on a list too; its pages are counted whole. */
	if (chunk == w->first)
		return NULL;
	err = ps_pcpu_chunk_read(w, chunk);
	if (ps_owners_fault(err)) {
		w->nr_faults++;
		return NULL;
	}
	return err;
}

/*
 * The first chunk is one memblock allocation per unit: static data from
 * pcpu_base_addr up to the end of the first dynamic chunk, every page
 * of it mapped (the kernel counts it populated from boot).
 */
static struct ps_error *ps_pcpu_first(struct ps_pcpu_walk *w)
{
	struct ps_target *t = w->o->t;
	const struct ps_layout *L = &t->layout;
	uint64_t sym, base, start, bytes = w->o->page_bytes;
	uint32_t nr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &L->sym_pcpu_base_addr, "pcpu_base_addr", &sym);
	if (err)
		return err;
	err = ps_target_read_u64(t, sym, &start);
	if (err)
		return err;
	err = ps_target_read_u64(t, w->first + ps_off(&L->pcpu_chunk_base_addr), &base);
	if (err)
		return err;
	err = ps_target_read_u32(t, w->first + ps_off(&L->pcpu_chunk_nr_pages), &nr);
	if (err)
		return err;
	if (start % bytes || base < start || nr > w->unit_pages ||
	    (base - start) / bytes + nr > w->unit_pages)
		return ps_error_create(PS_ERR_CORRUPT, "pcpu_first_chunk %#" PRIx64 ": base %#" PRIx64 " and %u pages do not fit a unit from pcpu_base_addr %#" PRIx64,
				       w->first, base, nr, start);
	for (uint64_t p = 0; p < (base - start) / bytes + nr; p++) {
		err = ps_pcpu_page(w, start, p, w->id_first);
		if (err)
			return err;
	}
	return NULL;
}

/* An int or pointer the per-cpu allocator keeps in a global. */
static struct ps_error *ps_pcpu_global(struct ps_target *t, const struct ps_lval *sym,
				       const char *name, bool wide, uint64_t *ret)
{
	uint64_t addr;
	uint32_t v32;
	struct ps_error *err = ps_target_symbol_addr(t, sym, name, &addr);

	if (err)
		return err;
	if (wide)
		return ps_target_read_u64(t, addr, ret);
	err = ps_target_read_u32(t, addr, &v32);
	*ret = v32;
	return err;
}

static struct ps_error *ps_pcpu_globals(struct ps_pcpu_walk *w)
{
	struct ps_target *t = w->o->t;
	const struct ps_layout *L = &t->layout;
	uint64_t offsets, pages;
	struct ps_error *err;

	err = ps_pcpu_global(t, &L->sym_pcpu_first_chunk, "pcpu_first_chunk", true, &w->first);
	if (err)
		return err;
	err = ps_pcpu_global(t, &L->sym_pcpu_unit_pages, "pcpu_unit_pages", false, &pages);
	if (err)
		return err;
	/* A unit per possible CPU must fit in memory. */
	if (!pages || pages > PS_MAX_PCPU_UNIT_PAGES ||
	    pages * w->cpus->nr_cpu_ids > w->m->max_pfn)
		return ps_error_create(PS_ERR_CORRUPT, "pcpu_unit_pages %" PRIu64 ": not a unit size", pages);
	w->unit_pages = (uint32_t)pages;
	err = ps_pcpu_global(t, &L->sym_pcpu_unit_offsets, "pcpu_unit_offsets", true, &offsets);
	if (err)
		return err;
	w->unit_off = calloc(w->cpus->nr_cpu_ids, sizeof(*w->unit_off));
	if (!w->unit_off)
		return ps_error_nomem();
	return ps_target_read(t, PS_KVADDR, offsets, w->unit_off,
			      w->cpus->nr_cpu_ids * sizeof(*w->unit_off));
}

/* The slot lists: pcpu_nr_slots of them, per chunk type before v5.14. */
static struct ps_error *ps_pcpu_lists(struct ps_pcpu_walk *w)
{
	struct ps_target *t = w->o->t;
	const struct ps_layout *L = &t->layout;
	bool lists = L->sym_pcpu_chunk_lists.present;
	uint64_t heads, nr;
	struct ps_list_fault fault;
	char why[256];
	struct ps_error *err;

	err = ps_pcpu_global(t, lists ? &L->sym_pcpu_chunk_lists : &L->sym_pcpu_slot,
			     lists ? "pcpu_chunk_lists" : "pcpu_slot", true, &heads);
	if (err)
		return err;
	err = ps_pcpu_global(t, &L->sym_pcpu_nr_slots, "pcpu_nr_slots", false, &nr);
	if (err)
		return err;
	if (L->pcpu_nr_chunk_types.present && L->pcpu_nr_chunk_types.value > 0)
		nr *= (uint64_t)L->pcpu_nr_chunk_types.value;
	if (nr > PS_MAX_PCPU_SLOTS)
		return ps_error_create(PS_ERR_CORRUPT, "pcpu_nr_slots %" PRIu64 ": not a slot count", nr);
	for (uint64_t i = 0; i < nr; i++) {
		err = ps_list_for_each(t, heads + i * w->list_head_size, PS_MAX_PCPU_CHUNKS, ps_pcpu_chunk,
				       w, &fault);
		if (err)
			return err;
		if (ps_list_fault_is_corruption(&fault))
			ps_owners_note(w->o, "per-cpu chunk slot %" PRIu64 ": %s; its chunks after that are unknown",
				       i, ps_list_fault_describe(&fault, why, sizeof(why)));
	}
	return NULL;
}

static struct ps_error *ps_pcpu_read(struct ps_pcpu_walk *w)
{
	struct ps_owners *o = w->o;
	struct ps_error *err;

	err = ps_percpu_get(o->t, &w->cpus);
	if (err)
		return err;
	err = ps_memmodel_get(o->t, &w->m);
	if (err)
		return err;
	w->bits_per_word = o->t->layout.pcpu_chunk_populated.elem_size * 8;
	w->list_head_size = o->t->layout.list_head_prev.value +
			    o->t->layout.list_head_prev.size;
	if (!w->bits_per_word)
		return ps_error_create(PS_ERR_NO_TYPE, "pcpu_chunk.populated: no element size in the type info");
	err = ps_owner_table_intern(&o->table, PS_POWN_percpu, PS_OWNER_MOV_unmovable,
				    "first chunk", &w->id_first);
	if (err)
		return err;
	err = ps_owner_table_intern(&o->table, PS_POWN_percpu, PS_OWNER_MOV_unmovable,
				    "chunk", &w->id_chunk);
	if (err)
		return err;
	err = ps_pcpu_globals(w);
	if (err)
		return err;
	err = ps_pcpu_first(w);
	if (err)
		return err;
	return ps_pcpu_lists(w);
}

struct ps_error *ps_owners_read_percpu(struct ps_owners *o)
{
	struct ps_pcpu_walk w = { .o = o };
	struct ps_error *err;

	if (!ps_pcpu_layout(&o->t->layout)) {
		ps_owners_note(o, "per-cpu chunks not read: no pcpu_chunk_lists or struct pcpu_chunk in this kernel's layout");
		return NULL;
	}
	err = ps_pcpu_read(&w);
	free(w.unit_off);
	/* Damaged per-cpu data loses the percpu names, not the run. */
	if (ps_error_is(err, PS_ERR_CORRUPT) || ps_error_is(err, PS_ERR_FAULT) ||
	    ps_error_is(err, PS_ERR_EXCLUDED) || ps_error_is(err, PS_ERR_NO_TYPE) ||
	    ps_error_is(err, PS_ERR_UNSUPPORTED)) {
		ps_owners_note(o, "per-cpu chunks not read: %s", err->message);
		ps_error_destroy(err);
		/* None rather than some: what was read may be garbage too. */
		free(o->percpu.v);
		memset(&o->percpu, 0, sizeof(o->percpu));
		return NULL;
	}
	if (err)
		return ps_error_prefix(err, "per-cpu chunks");
	if (w.nr_faults)
		ps_owners_note(o, "%" PRIu64 " per-cpu pages or chunks could not be read", w.nr_faults);
	ps_pfn_map_sort(&o->percpu);
	return NULL;
}
