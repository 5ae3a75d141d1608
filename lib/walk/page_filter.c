// SPDX-License-Identifier: GPL-2.0-or-later
/* Selecting pages by flags, type, mapping kind and order (page_filter.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "walk/page_filter.h"

/* Decoded states a flag list may name, besides the kernel's flags. */
static const struct {
	const char *name;
	uint32_t bit;
} ps_filter_states[] = {
	{ "anon_exclusive", PS_PAGE_ANON_EXCLUSIVE },
	{ "free", PS_PAGE_FREE },
	{ "head", PS_PAGE_HEAD },
	{ "tail", PS_PAGE_TAIL },
	{ "pmd_mapped", PS_PAGE_PMD_MAPPED },
	{ "partially_mapped", PS_PAGE_PARTIALLY_MAPPED },
};

static int ps_filter_lookup(const char *name, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		if (names[i] && !strcmp(name, names[i]))
			return i;
	}
	return -1;
}

static bool ps_filter_state(const char *name, bool clear,
			    struct ps_page_filter *f)
{
	for (size_t i = 0; i < sizeof(ps_filter_states) / sizeof(ps_filter_states[0]); i++) {
		if (strcmp(name, ps_filter_states[i].name))
			continue;
		if (clear)
			f->state_clear |= ps_filter_states[i].bit;
		else
			f->state_set |= ps_filter_states[i].bit;
		return true;
	}
	return false;
}

/* One name of --flags: a state, else a flag this kernel has. */
static struct ps_error *ps_filter_flag(const struct ps_layout *layout,
				       const char *word, struct ps_page_filter *f)
{
	bool clear = word[0] == '~';
	const char *name = word + clear;

	if (ps_filter_state(name, clear, f))
		return NULL;
	for (int i = 0; i < PS_PG_NR; i++) {
		if (strcmp(name, ps_pageflag_info[i].name))
			continue;
		if (!layout->pg[i].present)
			return ps_error_create(PS_ERR_USAGE,
					       "--flags %s: this kernel has no PG_%s", word, name);
		if (f->nr_flags == PS_FILTER_MAX_FLAGS)
			return ps_error_create(PS_ERR_USAGE, "--flags: at most %d names",
					       PS_FILTER_MAX_FLAGS);
		f->flags[f->nr_flags].flag = (enum ps_pageflag)i;
		f->flags[f->nr_flags++].clear = clear;
		return NULL;
	}
	return ps_error_create(PS_ERR_USAGE,
			       "--flags %s: no such page flag (the names `pages` prints) or state (anon_exclusive, free, head, tail, pmd_mapped, partially_mapped)",
			       word);
}

static struct ps_error *ps_filter_flags(const struct ps_layout *layout,
					const char *list, struct ps_page_filter *f)
{
	char buf[256], *save = NULL;

	if (strlen(list) >= sizeof(buf))
		return ps_error_create(PS_ERR_USAGE, "--flags: too long");
	strcpy(buf, list);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		struct ps_error *err = ps_filter_flag(layout, w, f);

		if (err)
			return err;
	}
	return NULL;
}

/* --type: a page type (slab, buddy, ...) or a mapping kind (anon, file, ...). */
static struct ps_error *ps_filter_type(const char *name, struct ps_page_filter *f)
{
	f->type = ps_filter_lookup(name, ps_page_type_names, PS_PT_NR);
	if (f->type >= 0)
		return NULL;
	f->mapping_kind = ps_filter_lookup(name, ps_mapping_kind_names, PS_MAPPING_NR);
	if (f->mapping_kind >= 0)
		return NULL;
	return ps_error_create(PS_ERR_USAGE,
			       "--type %s: neither a page type (none, buddy, slab, ...) nor a mapping kind (anon, file, ksm, movable_ops)",
			       name);
}

static struct ps_error *ps_filter_order(const char *text, struct ps_page_filter *f)
{
	char *end;
	long order;

	errno = 0;
	order = strtol(text, &end, 10);
	if (errno || *end || end == text || order < 0 || order > 63)
		return ps_error_create(PS_ERR_USAGE, "--order %s: a folio order, 0 to 63",
				       text);
	f->order = (int)order;
	return NULL;
}

struct ps_error *ps_page_filter_parse(const struct ps_layout *layout,
				      const char *flags, const char *type,
				      const char *order,
				      struct ps_page_filter *ret)
{
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->type = ret->mapping_kind = ret->order = -1;
	if (flags) {
		err = ps_filter_flags(layout, flags, ret);
		if (err)
			return err;
	}
	if (type) {
		err = ps_filter_type(type, ret);
		if (err)
			return err;
	}
	return order ? ps_filter_order(order, ret) : NULL;
}

bool ps_page_filter_is_empty(const struct ps_page_filter *f)
{
	return !f->nr_flags && !f->state_set && !f->state_clear && f->type < 0 &&
	       f->mapping_kind < 0 && f->order < 0;
}

bool ps_page_filter_match(const struct ps_page_filter *f,
			  const struct ps_page_decoder *d,
			  const struct ps_page *p)
{
	if (ps_page_filter_is_empty(f))
		return true;
	if (p->state & PS_PAGE_UNREADABLE)
		return false;
	if ((p->state & f->state_set) != f->state_set || (p->state & f->state_clear))
		return false;
	if ((f->type >= 0 && p->type != f->type) ||
	    (f->mapping_kind >= 0 && p->mapping_kind != f->mapping_kind) ||
	    (f->order >= 0 && p->order != f->order))
		return false;
	for (unsigned int i = 0; i < f->nr_flags; i++) {
		if (ps_page_flag(d, p->eflags, f->flags[i].flag) == f->flags[i].clear)
			return false;
	}
	return true;
}
