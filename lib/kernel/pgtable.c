// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel/pgtable.h"
#include "target/target.h"

/*
 * The entry format is the architecture's (Intel SDM vol. 3A, 4.5 "4-Level
 * Paging and 5-Level Paging", tables 4-14 to 4-20): bit 0 is Present;
 * bit 7 (PS) in a PDPTE (the kernel's PUD) or a PDE (its PMD) maps a
 * 1 GiB or 2 MiB page instead of pointing to a table; bits M-1:12 hold
 * the physical address, M = MAXPHYADDR, at most 52.
 */
static const uint64_t ps_x86_present = 1ULL << 0;
static const uint64_t ps_x86_ps = 1ULL << 7;
static const unsigned ps_x86_max_phys_bits = 52;
static const unsigned ps_x86_page_shift = 12;

static const char *const ps_pgtable_names[PS_PGTABLE_MAX_LEVELS] = {
#define PS_PGTABLE_NAME(n) #n,
	PS_PGTABLE_LEVELS(PS_PGTABLE_NAME)
#undef PS_PGTABLE_NAME
};

/* ------------------------------------------------------------------ */
/* The format                                                         */
/* ------------------------------------------------------------------ */

/* 5-level paging runs when the kernel says so; it has said since v4.17. */
static struct ps_error *ps_pgtable_levels(struct ps_target *t, unsigned *ret)
{
	const struct ps_lval *sym = &t->layout.sym_pgtable_l5_enabled;
	int64_t l5;
	uint64_t addr;
	uint32_t v;
	struct ps_error *err;

	*ret = 4;
	if (t->vmcoreinfo && ps_vmcoreinfo_number(t->vmcoreinfo, "pgtable_l5_enabled", &l5)) {
		*ret = l5 ? 5 : 4;
		return NULL;
	}
	if (!sym->present)
		return NULL;	/* built without CONFIG_X86_5LEVEL */
	err = ps_target_symbol_addr(t, sym, "__pgtable_l5_enabled", &addr);
	if (err)
		return err;
	err = ps_target_read_u32(t, addr, &v);
	if (err)
		return ps_error_prefix(err, "__pgtable_l5_enabled");
	*ret = v ? 5 : 4;
	return NULL;
}

/* A u64 variable of the kernel, or @p dflt where it has none. */
static struct ps_error *ps_pgtable_var(struct ps_target *t, const struct ps_lval *sym,
				       const char *name, uint64_t dflt, uint64_t *ret)
{
	uint64_t addr;
	struct ps_error *err;

	*ret = dflt;
	if (!sym->present)
		return NULL;
	err = ps_target_symbol_addr(t, sym, name, &addr);
	if (err)
		return err;
	return ps_error_prefix(ps_target_read_u64(t, addr, ret), "%s", name);
}

/*
 * The address bits: the architecture's, less the bits the kernel keeps
 * out of physical addresses (physical_mask, CONFIG_DYNAMIC_PHYSICAL_MASK)
 * and the memory-encryption bit (sme_me_mask, or VMCOREINFO's sme_mask).
 */
static struct ps_error *ps_pgtable_addr_mask(struct ps_target *t, uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t phys = (1ULL << ps_x86_max_phys_bits) - 1, sme = 0;
	int64_t vi_sme;
	struct ps_error *err;

	err = ps_pgtable_var(t, &L->sym_physical_mask, "physical_mask", phys, &phys);
	if (err)
		return err;
	if (t->vmcoreinfo && ps_vmcoreinfo_number(t->vmcoreinfo, "sme_mask", &vi_sme)) {
		sme = (uint64_t)vi_sme;
	} else {
		err = ps_pgtable_var(t, &L->sym_sme_me_mask, "sme_me_mask", 0, &sme);
		if (err)
			return err;
	}
	*ret = phys & ~sme & ((1ULL << ps_x86_max_phys_bits) - 1) &
	       ~((1ULL << ps_x86_page_shift) - 1);
	return NULL;
}

struct ps_error *ps_pgtable_format_get(struct ps_target *t,
				       struct ps_pgtable_format *ret)
{
	struct ps_error *err;

	if (t->paging.page_shift && t->paging.page_shift != ps_x86_page_shift)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "page tables of %u-bit pages: only x86-64's are known",
				       t->paging.page_shift);
	ret->page_shift = ps_x86_page_shift;
	ret->entries = (1u << ps_x86_page_shift) / sizeof(uint64_t);
	err = ps_pgtable_levels(t, &ret->levels);
	if (err)
		return err;
	return ps_pgtable_addr_mask(t, &ret->addr_mask);
}

/* ------------------------------------------------------------------ */
/* An entry                                                           */
/* ------------------------------------------------------------------ */

bool ps_pgtable_level_huge(const struct ps_pgtable_format *f, unsigned level)
{
	return level + 3 == f->levels || level + 2 == f->levels;
}

enum ps_pgtable_entry_kind ps_pgtable_entry(const struct ps_pgtable_format *f,
					    unsigned level, uint64_t e,
					    uint64_t *pfn_ret)
{
	if (!(e & ps_x86_present))
		return PS_PTE_NONE;
	*pfn_ret = (e & f->addr_mask) >> f->page_shift;
	if (level + 1 >= f->levels)
		return PS_PTE_LEAF;
	if (ps_pgtable_level_huge(f, level) && (e & ps_x86_ps))
		return PS_PTE_LEAF;
	return PS_PTE_TABLE;
}

const char *ps_pgtable_level_name(const struct ps_pgtable_format *f,
				  unsigned level)
{
	/* With 4 levels the P4D is folded into the PGD. */
	unsigned i = level ? level + PS_PGTABLE_MAX_LEVELS - f->levels : 0;

	return level < f->levels ? ps_pgtable_names[i] : "?";
}

/* ------------------------------------------------------------------ */
/* The walk                                                           */
/* ------------------------------------------------------------------ */

static void ps_pgtable_damaged(struct ps_pgtable_walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ps_pgtable_damaged(struct ps_pgtable_walk *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->damage.nr++) {
		va_start(ap, fmt);
		vsnprintf(w->damage.first, sizeof(w->damage.first), fmt, ap);
		va_end(ap);
	}
}

static struct ps_error *ps_pgtable_visit(struct ps_pgtable_walk *w, uint64_t pfn,
					 unsigned level, unsigned first, unsigned end);

/* Entry @p i of the table @p pfn at @p level. */
static struct ps_error *ps_pgtable_follow(struct ps_pgtable_walk *w, uint64_t pfn,
					  unsigned level, unsigned i)
{
	const struct ps_pgtable_format *f = w->f;
	uint64_t e = w->buf[level][i], next;

	if (ps_pgtable_entry(f, level, e, &next) != PS_PTE_TABLE)
		return NULL;
	if (next >= w->max_pfn) {
		ps_pgtable_damaged(w, "%s %#" PRIx64 " entry %u (%#" PRIx64 ") points past the memory map (pfn %#" PRIx64 ")",
				   ps_pgtable_level_name(f, level), pfn, i, e, next);
		return NULL;
	}
	return ps_pgtable_visit(w, next, level + 1, 0, f->entries);
}

static struct ps_error *ps_pgtable_visit(struct ps_pgtable_walk *w, uint64_t pfn,
					 unsigned level, unsigned first, unsigned end)
{
	const struct ps_pgtable_format *f = w->f;
	bool descend = true;
	struct ps_error *err = w->table(w->arg, pfn, level, &descend);

	if (err || !descend || level + 1 >= f->levels)
		return err;
	err = ps_target_read(w->t, PS_PHYS, pfn << f->page_shift, w->buf[level],
			     (size_t)f->entries * sizeof(uint64_t));
	if (err) {
		ps_pgtable_damaged(w, "%s %#" PRIx64 ": %s", ps_pgtable_level_name(f, level),
				   pfn, err->message);
		ps_error_destroy(err);
		return NULL;
	}
	w->nr_read++;
	for (unsigned i = first; i < end; i++) {
		err = ps_pgtable_follow(w, pfn, level, i);
		if (err)
			return err;
	}
	return NULL;
}

struct ps_error *ps_pgtable_walk(struct ps_pgtable_walk *w, uint64_t top_pfn,
				 unsigned first, unsigned end)
{
	const struct ps_pgtable_format *f = w->f;

	if (f->levels < 2 || f->levels > PS_PGTABLE_MAX_LEVELS ||
	    f->entries > sizeof(w->buf[0]) / sizeof(w->buf[0][0]) || end > f->entries)
		return ps_error_create(PS_ERR_UNSUPPORTED, "page tables of %u levels of %u entries",
				       f->levels, f->entries);
	if (top_pfn >= w->max_pfn) {
		ps_pgtable_damaged(w, "PGD pfn %#" PRIx64 " is past the memory map", top_pfn);
		return NULL;
	}
	return ps_pgtable_visit(w, top_pfn, 0, first, end);
}
