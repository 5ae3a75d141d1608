/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `page` gathers about one pfn before it prints: the decoded page
 * and its folio's head, the struct page words as stored, the slab cache,
 * the pageblock and the gigablock; and the parts of the output that
 * explain them (raw words, the pfn's chain).
 */
#ifndef PS_CMD_PAGE_INFO_H
#define PS_CMD_PAGE_INFO_H

#include <stdio.h>

#include "analysis/gigablock.h"
#include "layout/flags_layout.h"
#include "lists/lruvec.h"
#include "base/cleanup.h"
#include "walk/kpageflags.h"
#include "walk/page.h"
#include "walk/page_meaning.h"
#include "walk/pageblock.h"
#include "walk/slab.h"

struct ps_target;
struct ps_memmodel;
struct json_object;

enum { PS_PAGE_RAW_MAX = 3, PS_PAGE_RAW_SIZE = 256 };

struct ps_page_info {
	struct ps_target *t;
	const struct ps_memmodel *m;
	struct ps_page_decoder d;
	struct ps_page_context ctx;
	struct ps_page p;
	struct ps_page head;		/* the folio's head; a copy of p if not a tail */
	int32_t head_refcount;		/* -1: the head could not be read */
	uint64_t head_index;
	/* The struct page as stored and, for a head, page[1] and page[2]. */
	unsigned char raw[PS_PAGE_RAW_MAX][PS_PAGE_RAW_SIZE];
	unsigned nr_raw;
	uint64_t raw_addr;
	char raw_why[256];		/* why nr_raw is 0 */
	struct ps_slab_info slab;	/* a slab page's (decoded false otherwise) */
	/* The chain: pageblock and gigablock, or why not. */
	struct ps_pageblock_bits bits;
	struct ps_pageblock pb;
	bool has_pb;
	char pb_why[256];
	struct ps_gigablocks gbs;
	bool has_gbs;
	const struct ps_gigablock *gb;
	char gb_why[256];
	char gb_verdict[256];
	/* page->flags above the flags, checked on the dump; the folio's fields. */
	struct ps_flags_layout fl;
	struct ps_flags_fields ff;
	uint64_t fl_pages;		/* pages the layout was checked on */
	bool has_seq;
	struct ps_lruvec_seq seq;
	char seq_why[256];
	/* What /proc/kpageflags and kpagecount report (page_kpf.c). */
	struct ps_kpf_rules kpf_rules;
	struct ps_kpf_entry kpf;
	bool has_kpf;
	char kpf_why[256];
};

/*
 * Gather everything about @p pfn. Only reading the page itself can fail;
 * what is missing beyond it says why in its *_why. On success, must be
 * freed with ps_page_info_destroy().
 */
struct ps_error *ps_page_info_create(struct ps_target *t, uint64_t pfn,
				     struct ps_page_info **ret);
void ps_page_info_destroy(struct ps_page_info *i);
PS_DEFINE_CLEANUP(struct ps_page_info, ps_page_info_destroy)

/* Derive and check page->flags's fields, decode the folio's (page_lru_gen.c). */
void ps_page_info_flags_fields(struct ps_page_info *i);

/* The MGLRU generation, tier and last_cpupid, in text and into @p o. */
void ps_text_flags_fields(FILE *fp, const struct ps_page_info *i);
void ps_json_flags_fields(struct json_object *o, const struct ps_page_info *i);

/* The kernel's own per-page figures, beside pagescope's (page_kpf.c). */
void ps_page_info_kpf(struct ps_page_info *i);
void ps_text_page_kpf(FILE *fp, const struct ps_page_info *i);
void ps_json_page_kpf(struct json_object *o, const struct ps_page_info *i);

/* The raw words and the chain, in text after the decoded fields. */
void ps_text_page_explained(FILE *fp, const struct ps_page_info *i);

/* The same into @p o: flags explained, words, pageblock, gigablock. */
void ps_json_page_explained(struct json_object *o, const struct ps_page_info *i);

#endif
