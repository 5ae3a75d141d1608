/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an interactive front end (the viewer) needs beyond the JSON
 * reports of ps_report_json(): the map of every pageblock in every mode
 * from one scan, the pages of a range classified for a picture, page
 * search, and the one-line meanings of flag and page type names. Handles
 * are opaque; nothing here prints.
 */
#ifndef PAGESCOPE_VIEW_H
#define PAGESCOPE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagescope.h"

/* A class of cell (a pageblock or a page) as a picture shows it. */
struct ps_view_class {
	const char *name;	/* "Movable", "hwpoison" */
	const char *meaning;	/* one line; NULL when the name says it all */
	char glyph;		/* how it looks without colour */
	uint8_t rgb[3];		/* and with colour */
};

/*
 * How far a pass on several threads has come: the pass raises @p done
 * (pfns behind it) out of @p total from its threads; any thread may read.
 */
struct ps_view_counter {
	_Atomic uint64_t done;
	_Atomic uint64_t total;
};

/* Told, now and then, how far a long scan has come. */
struct ps_view_progress {
	void (*fn)(void *arg, uint64_t done_pfn, uint64_t max_pfn);
	void *arg;
};

/* ------------------------------------------------------------------ */
/* The map: every pageblock, one row per gigablock holding memory     */
/* ------------------------------------------------------------------ */

struct ps_view_map;

/* The map's modes: 0 .. ps_view_map_nr_modes() - 1. */
size_t ps_view_map_nr_modes(void);
/* "migratetype", "free", ...; NULL for a mode that does not exist. */
const char *ps_view_map_mode_name(size_t mode);
/* One line: what the mode shows. NULL for a mode that does not exist. */
const char *ps_view_map_mode_description(size_t mode);

/* Whether @p mode is drawn from the owner pass (ps_view_map_set_owners()). */
bool ps_view_map_mode_needs_owners(size_t mode);

/*
 * Scan every pageblock of @p t once, for all modes but those of the owner
 * pass. @p progress may be NULL. The map does not refer to @p t
 * afterwards. On success, must be freed with ps_view_map_destroy().
 */
struct ps_error *ps_view_map_create(struct ps_target *t,
				    const struct ps_view_progress *progress,
				    struct ps_view_map **ret);
/*
 * The same a little at a time, for a front end that must stay responsive:
 * begin gives a map of no rows; each step scans up to @p batches more
 * batches of pageblocks, and the map shows the rows found so far. @p t
 * must outlive the scan (until *@p done_ret, or the map is destroyed). A
 * failed step leaves the map as it was; destroy it.
 */
struct ps_error *ps_view_map_begin(struct ps_target *t,
				   struct ps_view_map **ret);
struct ps_error *ps_view_map_step(struct ps_view_map *m, size_t batches,
				  bool *done_ret);
/* Whether the scan still runs; how far it came, in pfns out of max. */
bool ps_view_map_scanning(const struct ps_view_map *m, uint64_t *done_pfn,
			  uint64_t *max_pfn);
/* NULL is a no-op. */
void ps_view_map_destroy(struct ps_view_map *m);

struct ps_view_map_shape {
	unsigned page_shift;		/* 12: 4 KiB pages */
	unsigned pageblock_order;	/* pages per pageblock: 1 << this */
	unsigned pud_order;		/* pages per gigablock: 1 << this */
	size_t blocks_per_row;		/* pageblocks per gigablock */
	size_t nr_rows;			/* gigablocks holding memory */
};

void ps_view_map_shape(const struct ps_view_map *m,
		       struct ps_view_map_shape *ret);
/* First pfn of row @p row (gigablock number: pfn >> pud_order). */
uint64_t ps_view_map_row_pfn(const struct ps_view_map *m, size_t row);
/* The row holding @p pfn; false when no row does. */
bool ps_view_map_find_row(const struct ps_view_map *m, uint64_t pfn,
			  size_t *row_ret);

/*
 * The class, in @p mode, of pageblocks [@p first, @p first + @p n) of
 * @p row: the most constraining one (a cell of many blocks shows the
 * block that matters most, e.g. Unmovable over Movable). 0 = no memory.
 */
unsigned ps_view_map_cell(const struct ps_view_map *m, size_t mode,
			  size_t row, size_t first, size_t n);
/* Classes of @p mode, class 0 included. */
size_t ps_view_map_nr_classes(const struct ps_view_map *m, size_t mode);
/* Class @p cls of @p mode; valid until @p m is destroyed. */
const struct ps_view_class *ps_view_map_class(const struct ps_view_map *m,
					      size_t mode, unsigned cls);

/* One pageblock. Strings are valid until the map is destroyed. */
struct ps_view_block {
	uint64_t pfn;			/* its first pfn */
	const char *zone;		/* "Normal"; "-" without pages */
	int node;			/* -1 without pages */
	bool mixed_zones;		/* pages of several zones */
	const char *migratetype;	/* the kernel's name, or "invalid" */
	bool skip, isolate;		/* compaction skip, isolated */
	uint32_t pages;			/* with a struct page */
	uint32_t free, idle, movable, unmovable, reserved, poisoned;
	uint32_t hwpoison, anon_exclusive;
	int largest_free_order;		/* of free blocks starting here; -1 */
};

/* Block @p col of row @p row; false when it is outside the map. */
bool ps_view_map_block(const struct ps_view_map *m, size_t row, size_t col,
		       struct ps_view_block *ret);

/* ------------------------------------------------------------------ */
/* Owners: the owner pass, per pageblock                              */
/* ------------------------------------------------------------------ */

struct ps_view_owners;

/*
 * Find the owner of every page of @p t, counted per pageblock, on every
 * core. @p progress (may be NULL) is raised as the pass goes. Owner names
 * refer to @p t's owner table, not to @p t. On success, must be freed with
 * ps_view_owners_destroy().
 */
struct ps_error *ps_view_owners_create(struct ps_target *t,
				       struct ps_view_counter *progress,
				       struct ps_view_owners **ret);
/* NULL is a no-op. */
void ps_view_owners_destroy(struct ps_view_owners *o);

/* Fill @p m's owner modes from @p o, a pass over the same memory. */
void ps_view_map_set_owners(struct ps_view_map *m,
			    const struct ps_view_owners *o);

enum { PS_VIEW_BLOCK_OWNERS = 5, PS_VIEW_MOVABILITIES = 4 };

/* One owner. Strings are valid until the owners are destroyed. */
struct ps_view_owner {
	const char *kind;		/* "slab" */
	const char *name;		/* "dentry" */
	const char *movability;		/* "unmovable" */
	uint64_t pages;
};

/* What holds one pageblock, as `blocks` reports it. */
struct ps_view_block_owners {
	const char *top_kind;		/* the kind with most pages */
	uint64_t by_movability[PS_VIEW_MOVABILITIES];	/* see below */
	size_t nr_pinned, nr_movable;
	struct ps_view_owner pinned[PS_VIEW_BLOCK_OWNERS];	/* most first */
	struct ps_view_owner movable[PS_VIEW_BLOCK_OWNERS];
};

/* The owners of the pageblock holding @p pfn; false when it has none. */
bool ps_view_owners_block(const struct ps_view_owners *o, uint64_t pfn,
			  struct ps_view_block_owners *ret);
/* "free", "movable", "reclaimable", "unmovable"; NULL past the last. */
const char *ps_view_owner_movability_name(size_t mov);

/* ------------------------------------------------------------------ */
/* Pages of a range, one class each                                   */
/* ------------------------------------------------------------------ */

struct ps_view_pages;

/*
 * Classify pages [@p start, @p start + @p count) of @p t (at most 1 << 20
 * pages). Pages without a struct page get class 0. On success, must be
 * freed with ps_view_pages_destroy().
 */
struct ps_error *ps_view_pages_create(struct ps_target *t, uint64_t start,
				      uint64_t count,
				      struct ps_view_pages **ret);
/* NULL is a no-op. */
void ps_view_pages_destroy(struct ps_view_pages *p);
uint64_t ps_view_pages_start(const struct ps_view_pages *p);
uint64_t ps_view_pages_count(const struct ps_view_pages *p);
/* The class of page @p pfn; 0 outside the range. */
unsigned ps_view_pages_class(const struct ps_view_pages *p, uint64_t pfn);

/* The page classes, class 0 ("no page") included. Static. */
size_t ps_view_page_nr_classes(void);
const struct ps_view_class *ps_view_page_class(unsigned cls);

/* ------------------------------------------------------------------ */
/* Search                                                             */
/* ------------------------------------------------------------------ */

/*
 * The first page after @p from (wrapping around at the end of memory)
 * that is @p what: a state ("hwpoison", "anon-exclusive", "free",
 * "head", "tail", "partially-mapped", "pmd-mapped", "unreadable"), a page
 * class ("slab", "file"), a page type ("table") or a flag ("lru",
 * "dirty"). *@p found_ret says whether one was; a name this kernel does
 * not know is a PS_ERR_USAGE error. @p progress may be NULL.
 */
struct ps_error *ps_view_find_page(struct ps_target *t, const char *what,
				   uint64_t from,
				   const struct ps_view_progress *progress,
				   uint64_t *pfn_ret, bool *found_ret);

/* ------------------------------------------------------------------ */
/* Words                                                              */
/* ------------------------------------------------------------------ */

/* The one-line meaning of page type @p name ("slab"), or NULL. Static. */
const char *ps_view_page_type_meaning(const char *name);
/* The kernel release of @p t ("6.12.117+deb12-cloud-amd64"), or "".
 * Valid until @p t is destroyed. */
const char *ps_view_target_release(const struct ps_target *t);

#endif
