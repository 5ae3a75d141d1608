/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An x86-64 page-table tree read from memory: the format of an entry
 * (architectural, Intel SDM vol. 3A, 4.5), the number of levels this
 * boot runs, and a walk that yields every table page of one tree with
 * its level, reading each non-leaf table once and trusting nothing.
 */
#ifndef PS_PGTABLE_H
#define PS_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

enum { PS_PGTABLE_MAX_LEVELS = 5 };

/* The kernel's names of the levels, top to bottom, in 5-level paging. */
#define PS_PGTABLE_LEVELS(X) X(PGD) X(P4D) X(PUD) X(PMD) X(PTE)

struct ps_pgtable_format {
	unsigned levels;	/* 4 or 5 */
	unsigned entries;	/* per table: a page of 8-byte entries */
	uint64_t addr_mask;	/* the bits of an entry that hold the address */
	unsigned page_shift;
};

enum ps_pgtable_entry_kind {
	PS_PTE_NONE,		/* not present: nothing below */
	PS_PTE_TABLE,		/* points to the next level's table */
	PS_PTE_LEAF,		/* maps memory: a huge page, or a PTE */
};

/*
 * The format of this boot's tables: levels from VMCOREINFO's
 * pgtable_l5_enabled or the kernel's __pgtable_l5_enabled (neither: a
 * kernel built without 5-level paging), the address bits cut by the
 * kernel's physical_mask and sme_me_mask where it has them.
 */
struct ps_error *ps_pgtable_format_get(struct ps_target *t,
				       struct ps_pgtable_format *ret);

/*
 * Decode entry @p e of a table at @p level (0: the top) of format @p f:
 * its kind, and for a table or leaf the pfn it points to.
 */
enum ps_pgtable_entry_kind ps_pgtable_entry(const struct ps_pgtable_format *f,
					    unsigned level, uint64_t e,
					    uint64_t *pfn_ret);

/* "PGD", "P4D", "PUD", "PMD" or "PTE" for @p level (0: the top) of @p f. */
const char *ps_pgtable_level_name(const struct ps_pgtable_format *f,
				  unsigned level);

/* Whether @p level's entries may map a huge page (PUD, PMD). */
bool ps_pgtable_level_huge(const struct ps_pgtable_format *f, unsigned level);

/* What the walk met that cannot be: one count and the first, described. */
struct ps_pgtable_damage {
	uint64_t nr;
	char first[192];
};

/*
 * Called for each table page met: @p pfn at @p level. Set *@p descend_ret
 * to false to leave it unread (a table met before). An error ends the walk.
 */
typedef struct ps_error *ps_pgtable_table_fn(void *arg, uint64_t pfn,
					     unsigned level, bool *descend_ret);

struct ps_pgtable_walk {
	struct ps_target *t;
	const struct ps_pgtable_format *f;
	uint64_t max_pfn;		/* entries at or past it are damage */
	ps_pgtable_table_fn *table;
	void *arg;
	struct ps_pgtable_damage damage;
	uint64_t nr_read;		/* tables read */
	uint64_t buf[PS_PGTABLE_MAX_LEVELS][512];
};

/*
 * Walk the tree whose top table is at @p top_pfn, following the top's
 * entries [@p first, @p end) only (a process's own half of its PGD).
 * Entries that point outside memory, tables that cannot be read, are
 * counted in w->damage and skipped; only @p w->table's errors and
 * running out of memory end the walk.
 */
struct ps_error *ps_pgtable_walk(struct ps_pgtable_walk *w, uint64_t top_pfn,
				 unsigned first, unsigned end);

#endif
