/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who holds each page: a reverse map of the kernel's own structures,
 * built once per run. What a struct page says (free, slab and its
 * kmem_cache, anon_vma, address_space, page type) is resolved per page
 * from the decode; what only other structures say (vmalloc areas and the
 * tasks' stacks, per-cpu free lists) is read once into pfn maps first.
 * Each distinct kernel object is read once, however many pages it holds.
 */
#ifndef PS_OWNERS_H
#define PS_OWNERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/cleanup.h"
#include "base/error.h"
#include "walk/cma.h"
#include "walk/memblock.h"
#include "walk/owner_table.h"
#include "walk/page.h"

struct ps_target;

/* X(name, meaning): what would have to happen for the page to go. */
#define PS_OWNER_MOVS(X)                                                       \
	X(free, "free already")                                                \
	X(movable, "migratable: the kernel can move it")                       \
	X(reclaimable, "reclaimable: a shrinker can free it")                  \
	X(unmovable, "pinned: stays until its owner frees it")

enum ps_owner_mov {
#define PS_OWNER_MOV_ENUM(name, meaning) PS_OWNER_MOV_##name,
	PS_OWNER_MOVS(PS_OWNER_MOV_ENUM)
#undef PS_OWNER_MOV_ENUM
	PS_OWNER_MOV_NR
};

/* X(name, default movability, what the owner name says) */
#define PS_PAGE_OWNER_KINDS(X)                                                 \
	X(free, free, "on a buddy free list")                                  \
	X(free_pcp, free, "on a CPU's per-cpu free list")                      \
	X(slab, unmovable, "the kmem_cache (reclaimable with a shrinker)")     \
	X(large_kmalloc, unmovable, "a kmalloc() too big for a slab")          \
	X(anon, movable, "anonymous: the task of the first VMA of its anon_vma") \
	X(ksm, movable, "a KSM page")                                          \
	X(file, movable, "page cache: the file, as device:/path")              \
	X(movable_ops, movable, "non-LRU movable (balloon, zsmalloc before v6.12)") \
	X(page_table, unmovable, "a page table")                               \
	X(kernel_stack, unmovable, "a task's kernel stack: pid and comm")      \
	X(pipe, unmovable, "a pipe buffer: the first process holding the pipe") \
	X(vmalloc, unmovable, "a vmalloc area: the caller that allocated it")  \
	X(module, unmovable, "a loaded module's code and data: the module")   \
	X(percpu, unmovable, "the per-cpu allocator: its first chunk or a chunk") \
	X(page_pool, unmovable, "a network page_pool's page: its device")     \
	X(balloon, movable, "inflated into a memory balloon (balloon_compaction)") \
	X(hugetlb, movable, "a hugetlbfs page")                                \
	X(zsmalloc, movable, "zsmalloc (zram, zswap) storage")                 \
	X(offline, unmovable, "offline (balloon, memory hotplug)")             \
	X(guard, unmovable, "a debug guard page")                              \
	X(unaccepted, unmovable, "unaccepted memory (confidential VMs)")       \
	X(hwpoison, unmovable, "a hardware memory error: never used again")    \
	X(kernel_image, unmovable, "the kernel image: reserved pages of _text.._end")         \
	X(reserved, unmovable, "PG_reserved: memblock, firmware, memory map")  \
	X(unreadable, unmovable, "its struct page is not in the dump")         \
	X(unknown, unmovable, "nothing we read claims it: its refcount")

enum ps_page_owner_kind {
#define PS_POWN_ENUM(name, mov, meaning) PS_POWN_##name,
	PS_PAGE_OWNER_KINDS(PS_POWN_ENUM)
#undef PS_POWN_ENUM
	PS_POWN_NR
};

extern const char *const ps_page_owner_kind_names[PS_POWN_NR];
extern const char *const ps_page_owner_kind_meanings[PS_POWN_NR];
extern const char *const ps_owner_mov_names[PS_OWNER_MOV_NR];

/* A sorted map of pfns to owner ids (vmalloc pages, pcp blocks). */
struct ps_pfn_owner {
	uint64_t pfn;
	uint32_t nr_pages;
	uint32_t id;
};

struct ps_pfn_map {
	struct ps_pfn_owner *v;
	size_t nr, cap;
};

/* What the page-table walk found: figures for `owners`. */
struct ps_owners_pgtables {
	bool walked;		/* false: the layout or the dump did not allow it */
	unsigned levels;	/* of paging: 4 or 5 */
	uint64_t mms;		/* init_mm and each process's mm, once */
	uint64_t tables;	/* table pages found */
	uint64_t deposited;	/* of them, PTE tables deposited for THPs */
	uint64_t shared;	/* PMD tables met again in another mm (hugetlb) */
	uint64_t damaged;	/* entries or tables that cannot be */
};

/* The name of page-table pages no walk reached (a table freed, an mm exiting). */
extern const char ps_owners_pgtable_unreached[];
/* Added to the name of a table the walk reached that is no PageTable page. */
extern const char ps_owners_pgtable_untyped[];

/* What the kernel could not tell us, one line each (at most this many). */
enum { PS_OWNERS_MAX_NOTES = 8 };

struct ps_owners {
	struct ps_target *t;
	struct ps_page_decoder dec;
	uint64_t page_bytes;		/* of memory, not of struct page */
	struct ps_owner_table table;
	struct ps_pfn_map pcp;		/* blocks on per-cpu lists */
	struct ps_pfn_map vmalloc;	/* pages of vmalloc areas and stacks */
	struct ps_pfn_map pipes;	/* pages of pipe buffers */
	struct ps_pfn_map percpu;	/* pages of per-cpu chunks */
	struct ps_pfn_map pgtables;	/* page-table pages: mm and level */
	struct ps_owners_pgtables pgt;	/* what the page-table walk found */
	struct ps_cma_areas cma;	/* context, not owners */
	struct ps_memblock_reserved memblock;	/* when kept after boot */
	bool memblock_known;
	uint64_t balloon_mops, balloon_aops;	/* addresses, or 0 */
	struct ps_owner_table pools;	/* page_pool pointers checked */
	bool page_pool_known;
	uint64_t image_start, image_end;	/* pfns of the kernel image */
	uint64_t slab_cache_off;	/* in struct slab or struct page */
	bool slab_cache_known;
	uint32_t fixed[PS_POWN_NR];	/* id + 1 of kinds with one name */
	uint64_t blockdev_sb;		/* the bdev pseudo file system's, or 0 */
	size_t nr_notes;
	char *notes[PS_OWNERS_MAX_NOTES];
	bool forked;			/* the maps are another's */
};

/*
 * Build the reverse maps of @p t. What the kernel's layout lacks is a
 * note, not an error. On success, must be freed with ps_owners_destroy().
 */
struct ps_error *ps_owners_create(struct ps_target *t, struct ps_owners **ret);
void ps_owners_destroy(struct ps_owners *o);

/*
 * Owners for one thread of a parallel pass over @p view (its reader):
 * the maps of @p base, shared and only read, and a copy of its table, so
 * ids of the maps hold; objects the thread meets are resolved into the
 * copy. Valid while @p base is; must be freed with ps_owners_destroy().
 */
struct ps_error *ps_owners_fork(const struct ps_owners *base,
				struct ps_target *view, struct ps_owners **ret);
PS_DEFINE_CLEANUP(struct ps_owners, ps_owners_destroy)

/*
 * The owner id of page @p p. @p head_raw is the raw struct page of its
 * folio's head (the slab's kmem_cache is there); NULL when not at hand,
 * then it is read.
 */
struct ps_error *ps_owners_classify(struct ps_owners *o,
				    const struct ps_page *p,
				    const void *head_raw, uint32_t *id_ret);

/* Where a walk in pfn order is: the last slab seen, and its owner. */
struct ps_owners_cursor {
	uint64_t slab_head;
	uint32_t slab_id;
};

#define PS_OWNERS_CURSOR_INIT ((struct ps_owners_cursor){ .slab_head = UINT64_MAX })

/*
 * ps_owners_classify() for pages met in pfn order: a slab's cache is
 * read once per slab, from its head, and its other pages share it.
 */
struct ps_error *ps_owners_classify_next(struct ps_owners *o,
					 struct ps_owners_cursor *cur,
					 const struct ps_page *p, uint32_t *id_ret);

/* Owner @p id; valid until @p o is destroyed. */
static inline const struct ps_owner_entry *
ps_owners_entry(const struct ps_owners *o, uint32_t id)
{
	return &o->table.entries[id];
}

/* The owner of one page, for `page`. */
struct ps_page_owner_desc {
	enum ps_page_owner_kind kind;
	enum ps_owner_mov mov;
	char name[256];
	char cma[64];		/* the CMA area holding the page, or "" */
};

/* Build the maps of @p t, find the owner of @p p, and forget the maps. */
struct ps_error *ps_owners_of_page(struct ps_target *t, const struct ps_page *p,
				   struct ps_page_owner_desc *ret);

/* Add a note (printf format); silently dropped past the maximum. */
void ps_owners_note(struct ps_owners *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Add [@p pfn, +@p nr_pages) of owner @p id to @p map; sort when done. */
struct ps_error *ps_pfn_map_add(struct ps_pfn_map *map, uint64_t pfn,
				uint32_t nr_pages, uint32_t id);
void ps_pfn_map_sort(struct ps_pfn_map *map);
/* The owner of @p pfn in a sorted map; false when none. */
bool ps_pfn_map_find(const struct ps_pfn_map *map, uint64_t pfn,
		     uint32_t *id_ret);

/*
 * Walk the tasks (owners_tasks.c): their stacks' vm_structs into
 * @p stacks (vm_struct -> kernel_stack owner), pipe buffers into o->pipes.
 */
struct ps_error *ps_owners_read_tasks(struct ps_owners *o,
				      struct ps_owner_table *stacks);

/* "pid N comm" of @p task (owners_tasks.c). */
struct ps_error *ps_owners_task_name(struct ps_owners *o, uint64_t task,
				     char *buf, size_t len);

/*
 * Walk the page tables of every process's mm and of init_mm
 * (owners_pgtable.c) into o->pgtables: each table page named by its mm
 * and level. What cannot be walked is a note.
 */
struct ps_error *ps_owners_read_pgtables(struct ps_owners *o);

/* Read vmalloc areas into o->vmalloc (owners_vmalloc.c), stacks named. */
struct ps_error *ps_owners_read_vmalloc(struct ps_owners *o,
					const struct ps_owner_table *stacks);

/* Read the per-cpu chunks' pages into o->percpu (owners_percpu.c). */
struct ps_error *ps_owners_read_percpu(struct ps_owners *o);

/*
 * Whether untyped, unmapped page @p p is a page_pool's (owners_page_pool.c):
 * *@p found_ret, and its owner id.
 */
struct ps_error *ps_owners_page_pool(struct ps_owners *o, const struct ps_page *p,
				     bool *found_ret, uint32_t *id_ret);
bool ps_owners_page_pool_layout(const struct ps_layout *L);

/* Whether @p err is a fault of the dump (counted, not fatal); frees it. */
bool ps_owners_fault(struct ps_error *err);

/* Name a slab, anon or file owner (owners_resolve.c): ids, read once. */
struct ps_error *ps_owners_slab(struct ps_owners *o, uint64_t cache,
				uint32_t *id_ret);
struct ps_error *ps_owners_anon(struct ps_owners *o, uint64_t anon_vma,
				uint32_t *id_ret);
struct ps_error *ps_owners_file(struct ps_owners *o, uint64_t mapping,
				uint32_t *id_ret);

#endif
