/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the kernel itself recorded about a page's allocation, when built
 * for it: page_owner's record (mm/page_owner.c: the allocating stack in
 * the stack depot, gfp mask, order, task) and memory allocation
 * profiling's code tag (lib/alloc_tag.c: the file:line and function of
 * the allocation call).
 */
#ifndef PS_PAGE_OWNER_H
#define PS_PAGE_OWNER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "kernel/stackdepot.h"
#include "target/target.h"

struct ps_page_owner {
	bool allocated;		/* PAGE_EXT_OWNER_ALLOCATED: not freed since */
	unsigned order;
	uint64_t gfp_mask;
	uint32_t handle;	/* stack depot handle of the allocation */
	uint32_t free_handle;
	int32_t pid, tgid;
	uint64_t ts_nsec;
	char comm[32];
};

struct ps_alloc_tag_info {
	uint64_t tag;		/* struct codetag, inside its struct alloc_tag */
	unsigned lineno;
	char function[128];
	char filename[256];
	char modname[64];	/* "" for the kernel image */
};

/*
 * @p pfn's page_owner record. PS_ERR_UNSUPPORTED saying why when the
 * kernel lacks page_owner or it was off at boot; PS_ERR_NO_SYMBOL when
 * the page never had an owner recorded (PAGE_EXT_OWNER clear).
 */
struct ps_error *ps_page_owner_read(struct ps_target *t, uint64_t pfn,
				    struct ps_page_owner *ret);

/*
 * The code tag @p pfn was last allocated under. PS_ERR_UNSUPPORTED when
 * the kernel lacks allocation profiling or it was off at boot;
 * PS_ERR_NO_SYMBOL when the page holds no tag (free, or allocated before
 * profiling started).
 */
struct ps_error *ps_page_alloc_tag_read(struct ps_target *t, uint64_t pfn,
					struct ps_alloc_tag_info *ret);

/* The code tag at @p tag (a codetag_ref's ct: a struct codetag). */
struct ps_error *ps_alloc_tag_info_read(struct ps_target *t, uint64_t tag,
					struct ps_alloc_tag_info *ret);

#endif
