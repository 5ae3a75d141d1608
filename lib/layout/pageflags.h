/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names of struct page flags, from the kernel's enum pageflags, with
 * a one-line meaning each. This table is the one place they are named:
 * the layout resolves their bit numbers, the decoder and every printer
 * read it. A flag absent from a kernel simply does not resolve.
 */
#ifndef PS_PAGEFLAGS_H
#define PS_PAGEFLAGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * X(name, kind, meaning). Kinds:
 *   BIT   - a bit of its own (listed before __NR_PAGEFLAGS in some kernel)
 *   ALIAS - another name for a bit, meaningful only on some pages
 * For a bit with several BIT names, the first one listed that the kernel
 * has is the one printed (PG_owner_2 replaced PG_mappedtodisk in v6.12).
 */
#define PS_PAGEFLAGS(X)                                                       \
	X(locked, BIT, HEAD, "locked: under I/O or being changed; others wait")     \
	X(writeback, BIT, HEAD, "being written back to storage")                   \
	X(referenced, BIT, HEAD, "accessed recently (second chance in reclaim)")    \
	X(uptodate, BIT, HEAD, "contents are valid (read in or written)")          \
	X(dirty, BIT, HEAD, "modified; must be written back before reuse")         \
	X(lru, BIT, HEAD, "on an LRU list: reclaimable user or cache memory")      \
	X(head, BIT, ANY, "first page of a compound page (folio) of order > 0")   \
	X(waiters, BIT, HEAD, "tasks wait for the page lock or writeback")         \
	X(active, BIT, HEAD, "on the active LRU list (the classic two-list LRU)")   \
	X(workingset, BIT, HEAD, "in the working set: set as it left the active list or on a refault; its next refault counts as thrashing") \
	X(error, BIT, HEAD, "an I/O error happened on it")                         \
	X(slab, BIT, HEAD, "owned by the slab allocator")                           \
	X(owner_priv_1, BIT, ANY, "owner's use (swap cache, fs 'checked', ...)")   \
	X(owner_2, BIT, ANY, "owner's use (anon-exclusive, mapped-to-disk)")       \
	X(mappedtodisk, BIT, ANY, "file page whose blocks are all allocated on disk") \
	X(arch_1, BIT, ANY, "architecture's use (x86 PAT: with PG_uncached, the memory type of a RAM page)") \
	X(reserved, BIT, ANY, "reserved: kept out of the page allocator (memblock reservations such as the kernel image and firmware tables, holes, or a driver's SetPageReserved)") \
	X(private, BIT, ANY, "page->private holds owner data (buffer heads, ...)") \
	X(private_2, BIT, HEAD, "owner's auxiliary state (fscache)")                \
	X(reclaim, BIT, HEAD, "to be reclaimed as soon as writeback ends")          \
	X(swapbacked, BIT, HEAD, "backed by RAM or swap (anon, shmem), not a file") \
	X(unevictable, BIT, HEAD, "cannot be reclaimed (mlocked, ramfs, ...)")      \
	X(dropbehind, BIT, HEAD, "uncached buffered I/O (RWF_DONTCACHE): dropped from the page cache once its I/O completes") \
	X(mlocked, BIT, HEAD, "mlocked by a VMA")                                   \
	X(uncached, BIT, ANY, "x86 PAT: with PG_arch_1, the memory type of a RAM page (uncached-minus alone)") \
	X(hwpoison, BIT, ANY, "hardware memory error: never touch again")          \
	X(young, BIT, HEAD, "accessed (idle page tracking)")                        \
	X(idle, BIT, HEAD, "not accessed since marked idle (idle page tracking)")   \
	X(arch_2, BIT, ANY, "architecture's use")                                  \
	X(arch_3, BIT, ANY, "architecture's use")                                  \
	X(skip_kasan_poison, BIT, ANY, "KASAN: do not poison on free")             \
	X(anon_exclusive, ALIAS, ANY, "PG_anon_exclusive: anon page exclusive to one process's mappings: a write fault reuses it without a copy") \
	X(swapcache, ALIAS, ANY, "in the swap cache (anon or shmem): private holds its swap entry") \
	X(readahead, ALIAS, ANY, "the readahead mark: one page per window; reading it starts the next asynchronous readahead") \
	X(reported, ALIAS, ANY, "free page reported to the hypervisor")           \
	X(isolated, ALIAS, ANY, "movable_ops page isolated for migration")        \
	X(movable_ops_isolated, ALIAS, ANY, "movable_ops page isolated for migration") \
	X(movable_ops, ALIAS, ANY, "a movable_ops page (zsmalloc, balloon): its owner's ops migrate it") \
	X(has_hwpoisoned, ALIAS, ANY, "folio (2nd page flags): a subpage is poisoned") \
	X(large_rmappable, ALIAS, ANY, "folio (2nd page flags): rmappable large folio") \
	X(partially_mapped, ALIAS, ANY, "folio (2nd page flags): partially mapped, on the deferred split queue") \
	X(double_map, ALIAS, ANY, "THP mapped by PMD and by PTEs")

enum ps_pageflag {
#define PS_PG_ENUM(name, kind, policy, meaning) PS_PG_##name,
	PS_PAGEFLAGS(PS_PG_ENUM)
#undef PS_PG_ENUM
	PS_PG_NR
};

enum ps_pageflag_kind {
	PS_PGK_BIT,
	PS_PGK_ALIAS,
};

enum ps_pageflag_policy {
	PS_PGP_HEAD,
	PS_PGP_ANY,
};

struct ps_pageflag_info {
	const char *name;	/* without the PG_ prefix */
	enum ps_pageflag_kind kind;
	enum ps_pageflag_policy policy;
	const char *meaning;
};

extern const struct ps_pageflag_info ps_pageflag_info[PS_PG_NR];

struct ps_lval;

/*
 * Comma-separated names of the flags set in @p flags, each bit once under
 * the first name this kernel gives it (@p bits: the layout's pg[]); ""
 * when none. Returns @p buf.
 */
const char *ps_pageflags_names(const struct ps_lval *bits, uint64_t flags,
			       char *buf, size_t len);

#endif
