/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names of struct page flags, from the kernel's enum pageflags, with
 * a one-line meaning each. This table is the one place they are named:
 * the layout resolves their bit numbers, the decoder and every printer
 * read it. A flag absent from a kernel simply does not resolve.
 */
#ifndef PS_PAGEFLAGS_H
#define PS_PAGEFLAGS_H

/*
 * X(name, kind, meaning). Kinds:
 *   BIT   - a bit of its own (listed before __NR_PAGEFLAGS in some kernel)
 *   ALIAS - another name for a bit, meaningful only on some pages
 * For a bit with several BIT names, the first one listed that the kernel
 * has is the one printed (PG_owner_2 replaced PG_mappedtodisk in v6.12).
 */
#define PS_PAGEFLAGS(X)                                                       \
	X(locked, BIT, "locked: under I/O or being changed; others wait")     \
	X(writeback, BIT, "being written back to storage")                   \
	X(referenced, BIT, "accessed recently (second chance in reclaim)")    \
	X(uptodate, BIT, "contents are valid (read in or written)")          \
	X(dirty, BIT, "modified; must be written back before reuse")         \
	X(lru, BIT, "on an LRU list: reclaimable user or cache memory")      \
	X(head, BIT, "first page of a compound page (folio) of order > 0")   \
	X(waiters, BIT, "tasks wait for the page lock or writeback")         \
	X(active, BIT, "on the active LRU list")                              \
	X(workingset, BIT, "part of a workload's working set (refault seen)") \
	X(error, BIT, "an I/O error happened on it")                         \
	X(slab, BIT, "owned by the slab allocator")                           \
	X(owner_priv_1, BIT, "owner's use (swap cache, fs 'checked', ...)")   \
	X(owner_2, BIT, "owner's use (anon-exclusive, mapped-to-disk)")       \
	X(mappedtodisk, BIT, "file page with blocks allocated on disk")      \
	X(arch_1, BIT, "architecture's use (x86: unused)")                    \
	X(reserved, BIT, "reserved: never allocated (firmware, kernel image)") \
	X(private, BIT, "page->private holds owner data (buffer heads, ...)") \
	X(private_2, BIT, "owner's auxiliary state (fscache)")                \
	X(reclaim, BIT, "to be reclaimed as soon as writeback ends")          \
	X(swapbacked, BIT, "backed by RAM or swap (anon, shmem), not a file") \
	X(unevictable, BIT, "cannot be reclaimed (mlocked, ramfs, ...)")      \
	X(mlocked, BIT, "mlocked by a VMA")                                   \
	X(uncached, BIT, "mapped uncached")                                   \
	X(hwpoison, BIT, "hardware memory error: never touch again")          \
	X(young, BIT, "accessed (idle page tracking)")                        \
	X(idle, BIT, "not accessed since marked idle (idle page tracking)")   \
	X(arch_2, BIT, "architecture's use")                                  \
	X(arch_3, BIT, "architecture's use")                                  \
	X(skip_kasan_poison, BIT, "KASAN: do not poison on free")             \
	X(anon_exclusive, ALIAS, "anon page mapped by one process only: no COW needed") \
	X(swapcache, ALIAS, "anon page in the swap cache")                    \
	X(readahead, ALIAS, "file page read ahead, not yet used")             \
	X(reported, ALIAS, "free page reported to the hypervisor")           \
	X(isolated, ALIAS, "movable_ops page isolated for migration")        \
	X(has_hwpoisoned, ALIAS, "folio (2nd page flags): a subpage is poisoned") \
	X(large_rmappable, ALIAS, "folio (2nd page flags): rmappable large folio") \
	X(partially_mapped, ALIAS, "folio (2nd page flags): partially mapped, on the deferred split queue") \
	X(double_map, ALIAS, "THP mapped by PMD and by PTEs")

enum ps_pageflag {
#define PS_PG_ENUM(name, kind, meaning) PS_PG_##name,
	PS_PAGEFLAGS(PS_PG_ENUM)
#undef PS_PG_ENUM
	PS_PG_NR
};

enum ps_pageflag_kind {
	PS_PGK_BIT,
	PS_PGK_ALIAS,
};

struct ps_pageflag_info {
	const char *name;	/* without the PG_ prefix */
	enum ps_pageflag_kind kind;
	const char *meaning;
};

extern const struct ps_pageflag_info ps_pageflag_info[PS_PG_NR];

#endif
