/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What /proc/kpageflags and /proc/kpagecount would report for a page
 * (fs/proc/page.c: stable_page_flags() and the kpagecount read), derived
 * from the decoded struct page. The KPF bit numbers are the kernel's user
 * ABI; the rules that changed between kernels are chosen by what the
 * kernel's layout has.
 */
#ifndef PS_KPAGEFLAGS_H
#define PS_KPAGEFLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "dump/mem.h"
#include "walk/page.h"

struct ps_target;

/*
 * X(name, bit): include/uapi/linux/kernel-page-flags.h (0-26) and the
 * kernel-internal ones of include/linux/kernel-page-flags.h (32-40).
 * KPF_OWNER_2 (34) was KPF_MAPPEDTODISK before v6.12: the same bit.
 */
#define PS_KPF_BITS(X)                                                         \
	X(locked, 0) X(error, 1) X(referenced, 2) X(uptodate, 3) X(dirty, 4)  \
	X(lru, 5) X(active, 6) X(slab, 7) X(writeback, 8) X(reclaim, 9)        \
	X(buddy, 10) X(mmap, 11) X(anon, 12) X(swapcache, 13)                  \
	X(swapbacked, 14) X(compound_head, 15) X(compound_tail, 16)            \
	X(huge, 17) X(unevictable, 18) X(hwpoison, 19) X(nopage, 20)           \
	X(ksm, 21) X(thp, 22) X(offline, 23) X(zero_page, 24) X(idle, 25)      \
	X(pgtable, 26) X(reserved, 32) X(mlocked, 33) X(owner_2, 34)           \
	X(private, 35) X(private_2, 36) X(owner_private, 37) X(arch, 38)       \
	X(uncached, 39) X(softdirty, 40) X(arch_2, 41) X(arch_3, 42)

enum ps_kpf {
#define PS_KPF_ENUM(name, bit) PS_KPF_##name = bit,
	PS_KPF_BITS(PS_KPF_ENUM)
#undef PS_KPF_ENUM
};

/*
 * How this kernel's stable_page_flags() and kpagecount read a page: the
 * rules that changed, each decided by a feature of the layout.
 */
struct ps_kpf_rules {
	/* Flags from the folio's head (v6.9 rewrite) or from the page. */
	bool folio_flags;
	/* KPF_KSM only for mapping & 3 == 3; after v6.9 it was set on any anon
	 * page until the exact test came back (by 7.x). */
	bool ksm_exact;
	/*
	 * kpagecount is the page's _mapcount alone for a file THP, whose PMD
	 * mappings went into every page's _mapcount (before v6.2), and one
	 * less on a PG_double_map anon THP.
	 */
	bool file_thp_own_count;
	uint64_t zero_pfn;	/* ~0: unknown (KPF_ZERO_PAGE not derived) */
	uint64_t huge_zero_pfn;	/* ~0: none allocated or unknown */
	char why[160];		/* what is not derived, and why; "" when all is */
};

/* A pfn's figures, as the two files give them. */
struct ps_kpf_entry {
	uint64_t pfn;
	uint64_t flags;
	int64_t count;
};

/*
 * Resolve @p ret for @p t: the features, and the zero pages' pfns read
 * from the dump. What cannot be read is said in @p ret->why, not an error.
 */
void ps_kpf_rules_init(struct ps_target *t, struct ps_kpf_rules *ret);

/*
 * The flags /proc/kpageflags gives for page @p p. @p folio_mapped: a page
 * table maps some page of its folio (ps_kpf_folio_mapped()).
 */
uint64_t ps_kpf_flags(const struct ps_kpf_rules *r, const struct ps_page_decoder *d,
		      const struct ps_page *p, bool folio_mapped);

/* The count /proc/kpagecount gives for page @p p. */
int64_t ps_kpf_count(const struct ps_kpf_rules *r, const struct ps_page_decoder *d,
		     const struct ps_page *p);

/* Whether @p p itself counts as mapped toward its folio's folio_mapped(). */
bool ps_kpf_page_mapped(const struct ps_page *p);

/*
 * Whether a page table maps some page of the folio whose @p n pages
 * (head first) are @p pages, as folio_mapped() (page_mapped()) tells.
 */
bool ps_kpf_folio_mapped(const struct ps_page *pages, size_t n);

/*
 * kpageflags and kpagecount of page @p p of @p t into @p ret: its
 * folio's other pages read when KPF_MMAP depends on them.
 */
struct ps_error *ps_kpf_of_page(struct ps_target *t, const struct ps_kpf_rules *r,
				const struct ps_page_decoder *d, const struct ps_page *p,
				struct ps_kpf_entry *ret);

/*
 * Comma-separated names of the KPF bits set in @p flags ("" when none).
 * Returns @p buf.
 */
const char *ps_kpf_names(uint64_t flags, char *buf, size_t len);

/*
 * The pages of a pfn-ordered walk handed on with their kpageflags and
 * kpagecount: a large folio's pages wait until its last one is seen,
 * since KPF_MMAP on each depends on all of them. At most
 * PS_KPF_FOLIO_MAX pages wait; a larger folio (hugetlb only) is decided
 * by its PMD mappings, as the kernel does.
 */
enum { PS_KPF_FOLIO_MAX = 1024 };

typedef struct ps_error *ps_kpf_emit_fn(void *ctx, const struct ps_kpf_entry *e);

struct ps_kpf_stream {
	const struct ps_kpf_rules *rules;
	const struct ps_page_decoder *dec;
	ps_kpf_emit_fn *emit;
	void *ctx;
	struct ps_page *folio;	/* PS_KPF_FOLIO_MAX pages */
	size_t nr;		/* pages waiting */
	uint64_t folio_end;	/* pfn after the waiting folio */
};

/* On success, must be finished with ps_kpf_stream_deinit(). */
struct ps_error *ps_kpf_stream_init(struct ps_kpf_stream *s, const struct ps_kpf_rules *r,
				    const struct ps_page_decoder *d, ps_kpf_emit_fn *emit,
				    void *ctx);

/* The next page of the walk, in pfn order. */
struct ps_error *ps_kpf_stream_push(struct ps_kpf_stream *s, const struct ps_page *p);

/* Hand on the pages still waiting (the walk ended inside a folio). */
struct ps_error *ps_kpf_stream_flush(struct ps_kpf_stream *s);

void ps_kpf_stream_deinit(struct ps_kpf_stream *s);

/*
 * Emit the figures of pfns [@p start, @p end) of @p t through @p mem (a
 * thread's reader), in pfn order, to @p emit. The walk reads whole folios
 * across both ends; pfns without a struct page in the dump are left out.
 */
struct ps_error *ps_kpf_walk(struct ps_target *t, const struct ps_mem *mem,
			     const struct ps_kpf_rules *r, uint64_t start, uint64_t end,
			     ps_kpf_emit_fn *emit, void *ctx);

#endif
