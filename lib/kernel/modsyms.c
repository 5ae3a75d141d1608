// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module symbols, from each loaded module's mod_kallsyms. Everything here
 * comes from the dump: a count is checked before it sizes a read, a name
 * must end inside what was read, and a module that does not make sense is
 * noted and left out rather than trusted.
 */
#include <ctype.h>
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "kernel/list.h"
#include "kernel/modsyms.h"
#include "layout/buf.h"
#include "layout/features.h"
#include "target/target.h"

/* Far beyond any kernel: a count past these is garbage. */
enum {
	PS_MAX_MODULES = 1 << 14,
	PS_MAX_MOD_SYMS = 1 << 20,
	PS_MAX_ALL_MOD_SYMS = 1 << 22,	/* all modules: bounds what a long garbage list reads */
	PS_MOD_SYM_NAME_MAX = 512,	/* longer than KSYM_NAME_LEN */
	PS_MAX_MOD_REGIONS = 16,	/* per module: MOD_MEM_NUM_TYPES is 7 */
	PS_MAX_MOD_REGION = 1u << 30,	/* the module area is 1 GiB at most */
};

struct ps_modsym_ent {
	uint64_t addr, size;
	uint32_t name, module;	/* offsets into the pool */
};

/* A range of a module's memory: its text, data, ... */
struct ps_modregion {
	uint64_t start, end;
	uint32_t module;	/* offset of its name into the pool */
};

struct ps_modsyms {
	struct ps_modsym_ent *syms;
	size_t nr, cap;
	struct ps_modregion *regions;
	size_t nr_regions, regions_cap;
	bool regions_missing;	/* the layout cannot say where modules lie */
	char *pool;
	size_t pool_len, pool_cap;
	size_t nr_modules;
	uint64_t nr_read;	/* Elf_Syms read, of all modules */
	char missing[512];
	char note[256];
};

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_modsyms_intern(struct ps_modsyms *ms, const char *s,
					  uint32_t *off_ret)
{
	size_t len = strlen(s) + 1;

	if (ms->pool_len + len > UINT32_MAX)
		return ps_error_create(PS_ERR_CORRUPT, "module symbol names: too many");
	if (ms->pool_len + len > ms->pool_cap) {
		size_t cap = ms->pool_cap ? ms->pool_cap * 2 : 4096;
		char *p;

		while (cap < ms->pool_len + len)
			cap *= 2;
		p = realloc(ms->pool, cap);
		if (!p)
			return ps_error_nomem();
		ms->pool = p;
		ms->pool_cap = cap;
	}
	memcpy(ms->pool + ms->pool_len, s, len);
	*off_ret = (uint32_t)ms->pool_len;
	ms->pool_len += len;
	return NULL;
}

static struct ps_error *ps_modsyms_push(struct ps_modsyms *ms, uint64_t addr,
					uint64_t size, const char *name,
					uint32_t module)
{
	struct ps_modsym_ent *e;
	struct ps_error *err;

	if (ms->nr == ms->cap) {
		size_t cap = ms->cap ? ms->cap * 2 : 256;
		struct ps_modsym_ent *p = realloc(ms->syms, cap * sizeof(*p));

		if (!p)
			return ps_error_nomem();
		ms->syms = p;
		ms->cap = cap;
	}
	e = &ms->syms[ms->nr];
	err = ps_modsyms_intern(ms, name, &e->name);
	if (err)
		return err;
	e->addr = addr;
	e->size = size;
	e->module = module;
	ms->nr++;
	return NULL;
}

static int ps_modsym_cmp(const void *a, const void *b)
{
	const struct ps_modsym_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

/* Only the first damage is kept: it says where to look. */
static void ps_modsyms_set_note(struct ps_modsyms *ms, const char *fmt, ...)
{
	va_list ap;

	if (ms->note[0])
		return;
	va_start(ap, fmt);
	vsnprintf(ms->note, sizeof(ms->note), fmt, ap);
	va_end(ap);
}

static void ps_modsym_fill(const struct ps_modsyms *ms,
			   const struct ps_modsym_ent *e, uint64_t addr,
			   struct ps_modsym *ret)
{
	ret->name = ms->pool + e->name;
	ret->module = ms->pool + e->module;
	ret->addr = e->addr;
	ret->offset = addr - e->addr;
}

bool ps_modsyms_resolve(const struct ps_modsyms *ms, uint64_t addr,
			struct ps_modsym *ret)
{
	size_t lo = 0, hi = ms->nr;

	/* The last symbol starting at or below @addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ms->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr - ms->syms[lo - 1].addr >= ms->syms[lo - 1].size)
		return false;
	ps_modsym_fill(ms, &ms->syms[lo - 1], addr, ret);
	return true;
}

bool ps_modsyms_lookup(const struct ps_modsyms *ms, const char *name,
		       struct ps_modsym *ret)
{
	for (size_t i = 0; i < ms->nr; i++) {
		if (!strcmp(ms->pool + ms->syms[i].name, name)) {
			ps_modsym_fill(ms, &ms->syms[i], ms->syms[i].addr, ret);
			return true;
		}
	}
	return false;
}

size_t ps_modsyms_nr_modules(const struct ps_modsyms *ms)
{
	return ms->nr_modules;
}

size_t ps_modsyms_nr_symbols(const struct ps_modsyms *ms)
{
	return ms->nr;
}

const char *ps_modsyms_missing(const struct ps_modsyms *ms)
{
	return ms->missing[0] ? ms->missing : NULL;
}

const char *ps_modsyms_note(const struct ps_modsyms *ms)
{
	return ms->note[0] ? ms->note : NULL;
}

bool ps_modsyms_region(const struct ps_modsyms *ms, uint64_t addr,
			const char **module_ret)
{
	for (size_t i = 0; i < ms->nr_regions; i++) {
		if (addr >= ms->regions[i].start && addr < ms->regions[i].end) {
			*module_ret = ms->pool + ms->regions[i].module;
			return true;
		}
	}
	return false;
}

bool ps_modsyms_overlaps(const struct ps_modsyms *ms, uint64_t start,
			 uint64_t end)
{
	for (size_t i = 0; i < ms->nr_regions; i++)
		if (start < ms->regions[i].end && ms->regions[i].start < end)
			return true;
	return false;
}

void ps_modsyms_destroy(struct ps_modsyms *ms)
{
	if (!ms)
		return;
	free(ms->regions);
	free(ms->syms);
	free(ms->pool);
	free(ms);
}
PS_DEFINE_CLEANUP(struct ps_modsyms, ps_modsyms_destroy)

/* ------------------------------------------------------------------ */
/* Reading one module                                                 */
/* ------------------------------------------------------------------ */

/* A name a terminal and a JSON reader can take: printable, not empty. */
static bool ps_modsym_name_ok(const char *s, size_t room)
{
	size_t len = strnlen(s, room);

	if (!len || len == room)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isgraph((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * @p need bytes of a string table whose size the kernel does not keep:
 * what can be read of them is enough when the last name ends inside.
 */
static struct ps_error *ps_modsyms_read_strtab(struct ps_target *t, uint64_t strtab,
					       size_t need, char **buf_ret,
					       size_t *len_ret)
{
	char *buf = malloc(need + 1);
	size_t done = 0;
	struct ps_error *err;

	if (!buf)
		return ps_error_nomem();
	err = t->mem.ops->read(t->mem.priv, PS_KVADDR, strtab, buf, need, &done);
	if (err && !done) {
		free(buf);
		return err;
	}
	ps_error_destroy(err);
	buf[done] = '\0';
	*buf_ret = buf;
	*len_ret = done;
	return NULL;
}

/* The largest st_name of the symbols a module defines. */
static uint64_t ps_modsyms_max_name(const struct ps_layout *L, const char *tab,
				    uint32_t nr)
{
	uint64_t max = 0;

	for (uint32_t i = 0; i < nr; i++) {
		const char *s = tab + i * (uint64_t)L->elf_sym_size.value;
		uint64_t name = ps_get_member(s, &L->elf_sym_st_name);

		if (ps_get_member(s, &L->elf_sym_st_shndx) != SHN_UNDEF && name > max)
			max = name;
	}
	return max;
}

struct ps_modtab {
	const char *tab;	/* num_symtab Elf_Syms */
	uint32_t nr;
	const char *str;	/* what was read of strtab */
	size_t str_len;
	uint32_t module;	/* the module's name in the pool */
	uint32_t bad_names;
};

/* Defined symbols with a size and a name that ends in what was read. */
static struct ps_error *ps_modsyms_add_table(struct ps_modsyms *ms,
					     const struct ps_layout *L,
					     struct ps_modtab *m)
{
	for (uint32_t i = 0; i < m->nr; i++) {
		const char *s = m->tab + i * (uint64_t)L->elf_sym_size.value;
		uint64_t name = ps_get_member(s, &L->elf_sym_st_name);
		uint64_t size = ps_get_member(s, &L->elf_sym_st_size);
		struct ps_error *err;

		if (ps_get_member(s, &L->elf_sym_st_shndx) == SHN_UNDEF || !size)
			continue;
		if (name >= m->str_len ||
		    !ps_modsym_name_ok(m->str + name, m->str_len - name)) {
			m->bad_names++;
			continue;
		}
		err = ps_modsyms_push(ms, ps_get_member(s, &L->elf_sym_st_value), size,
				      m->str + name, m->module);
		if (err)
			return err;
	}
	return NULL;
}

/* The symbols of one module's mod_kallsyms at @p kallsyms. */
static struct ps_error *ps_modsyms_read_kallsyms(struct ps_target *t,
						 struct ps_modsyms *ms,
						 uint64_t kallsyms,
						 struct ps_modtab *m)
{
	const struct ps_layout *L = &t->layout;
	uint64_t symtab, strtab, max_name;
	_cleanup_free_ char *tab = NULL, *str = NULL;
	struct ps_error *err;

	err = ps_target_read_u64(t, kallsyms + ps_off(&L->mod_kallsyms_symtab), &symtab);
	if (err)
		return err;
	err = ps_target_read_u32(t, kallsyms + ps_off(&L->mod_kallsyms_num_symtab), &m->nr);
	if (err)
		return err;
	err = ps_target_read_u64(t, kallsyms + ps_off(&L->mod_kallsyms_strtab), &strtab);
	if (err)
		return err;
	if (m->nr > PS_MAX_MOD_SYMS || ms->nr_read + m->nr > PS_MAX_ALL_MOD_SYMS)
		return ps_error_create(PS_ERR_CORRUPT, "num_symtab %" PRIu32
				       " is not a symbol count", m->nr);
	ms->nr_read += m->nr;
	if (!m->nr)
		return NULL;
	tab = malloc(m->nr * (size_t)L->elf_sym_size.value);
	if (!tab)
		return ps_error_nomem();
	err = ps_target_read(t, PS_KVADDR, symtab, tab, m->nr * (size_t)L->elf_sym_size.value);
	if (err)
		return ps_error_prefix(err, "symtab");
	max_name = ps_modsyms_max_name(L, tab, m->nr);
	/* No string table is longer than all its names at their longest. */
	if (max_name > (uint64_t)m->nr * PS_MOD_SYM_NAME_MAX)
		return ps_error_create(PS_ERR_CORRUPT, "st_name %#" PRIx64
				       " is beyond any string table", max_name);
	err = ps_modsyms_read_strtab(t, strtab, max_name + PS_MOD_SYM_NAME_MAX, &str,
				     &m->str_len);
	if (err)
		return ps_error_prefix(err, "strtab");
	m->tab = tab;
	m->str = str;
	return ps_modsyms_add_table(ms, L, m);
}

/* ------------------------------------------------------------------ */
/* Where one module's memory lies                                     */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_modsyms_add_region(struct ps_modsyms *ms, uint64_t base,
					     uint64_t size, uint32_t module)
{
	if (!base || !size)
		return NULL;	/* not allocated, or init memory already freed */
	if (size > PS_MAX_MOD_REGION || base + size < base)
		return ps_error_create(PS_ERR_CORRUPT, "a memory region of %#" PRIx64
				       " bytes at %#" PRIx64 " is not module memory",
				       size, base);
	if (ms->nr_regions == ms->regions_cap) {
		size_t cap = ms->regions_cap ? ms->regions_cap * 2 : 64;
		struct ps_modregion *p = realloc(ms->regions, cap * sizeof(*p));

		if (!p)
			return ps_error_nomem();
		ms->regions = p;
		ms->regions_cap = cap;
	}
	ms->regions[ms->nr_regions++] = (struct ps_modregion){ base, base + size, module };
	return NULL;
}

/* A base pointer and a size, read at @p at with the members @p b and @p sz. */
static struct ps_error *ps_modsyms_read_range(struct ps_target *t, uint64_t at,
					      const struct ps_lval *b,
					      const struct ps_lval *sz,
					      uint64_t *base_ret, uint64_t *size_ret)
{
	uint64_t size = 0;	/* little-endian, like the dumps read */
	struct ps_error *err;

	if (b->size != 8 || !sz->size || sz->size > 8)
		return ps_error_create(PS_ERR_UNSUPPORTED, "module memory: base or size of an unexpected width");
	err = ps_target_read_u64(t, at + ps_off(b), base_ret);
	if (err)
		return err;
	err = ps_target_read(t, PS_KVADDR, at + ps_off(sz), &size, sz->size);
	if (err)
		return err;
	*size_ret = size;
	return NULL;
}

/* v6.4+: mem[MOD_MEM_NUM_TYPES], one module_memory per kind of section. */
static struct ps_error *ps_modsyms_read_mem(struct ps_target *t, struct ps_modsyms *ms,
					    uint64_t mod, uint32_t module)
{
	const struct ps_layout *L = &t->layout;
	uint64_t base, size;
	struct ps_error *err;

	if (L->module_mem.nr_elems > PS_MAX_MOD_REGIONS || !L->module_mem.elem_size)
		return ps_error_create(PS_ERR_UNSUPPORTED, "module memory: struct module.mem is not an array of module_memory");
	for (uint32_t i = 0; i < L->module_mem.nr_elems; i++) {
		uint64_t at = mod + ps_off(&L->module_mem) + i * (uint64_t)L->module_mem.elem_size;

		err = ps_modsyms_read_range(t, at, &L->module_memory_base,
					    &L->module_memory_size, &base, &size);
		if (!err)
			err = ps_modsyms_add_region(ms, base, size, module);
		if (err)
			return err;
	}
	return NULL;
}

/* Before v6.4: core_layout and init_layout (NULL once init is freed). */
static struct ps_error *ps_modsyms_read_layouts(struct ps_target *t, struct ps_modsyms *ms,
						uint64_t mod, uint32_t module)
{
	const struct ps_layout *L = &t->layout;
	const struct ps_lval *layouts[] = { &L->module_core_layout, &L->module_init_layout };
	uint64_t base, size;
	struct ps_error *err;

	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		err = ps_modsyms_read_range(t, mod + ps_off(layouts[i]), &L->module_layout_base,
					    &L->module_layout_size, &base, &size);
		if (!err)
			err = ps_modsyms_add_region(ms, base, size, module);
		if (err)
			return err;
	}
	return NULL;
}

static struct ps_error *ps_modsyms_read_regions(struct ps_target *t, struct ps_modsyms *ms,
						uint64_t mod, uint32_t module)
{
	const struct ps_layout *L = &t->layout;

	if (L->module_mem.present && L->module_memory_base.present &&
	    L->module_memory_size.present)
		return ps_modsyms_read_mem(t, ms, mod, module);
	if (L->module_core_layout.present && L->module_init_layout.present &&
	    L->module_layout_base.present && L->module_layout_size.present)
		return ps_modsyms_read_layouts(t, ms, mod, module);
	ms->regions_missing = true;
	return NULL;
}

const char *ps_modsyms_regions_missing(const struct ps_modsyms *ms)
{
	return ms->regions_missing ?
		"module memory is counted as vmalloc: neither struct module.mem nor core_layout in this kernel's layout" :
		NULL;
}

/* Module @p mod: its name, its memory, then its symbols. */
static struct ps_error *ps_modsyms_read_module(struct ps_target *t,
					       struct ps_modsyms *ms, uint64_t mod)
{
	const struct ps_layout *L = &t->layout;
	char name[PS_MOD_SYM_NAME_MAX] = "";
	struct ps_modtab m = { 0 };
	uint64_t kallsyms;
	size_t len = L->module_name.size < sizeof(name) ? L->module_name.size : sizeof(name);
	struct ps_error *err;

	err = ps_target_read(t, PS_KVADDR, mod + ps_off(&L->module_name), name, len);
	if (err)
		return err;
	if (!ps_modsym_name_ok(name, len))
		return ps_error_create(PS_ERR_CORRUPT, "its name is not a module name");
	err = ps_target_read_u64(t, mod + ps_off(&L->module_kallsyms), &kallsyms);
	if (err)
		return err;
	if (!kallsyms)
		return ps_error_create(PS_ERR_CORRUPT, "module %s: no kallsyms", name);
	err = ps_modsyms_intern(ms, name, &m.module);
	if (err)
		return err;
	err = ps_modsyms_read_regions(t, ms, mod, m.module);
	if (err)
		return ps_error_prefix(err, "module %s", name);
	err = ps_modsyms_read_kallsyms(t, ms, kallsyms, &m);
	if (err)
		return ps_error_prefix(err, "module %s", name);
	if (m.bad_names)
		ps_modsyms_set_note(ms, "module %s: %" PRIu32 " symbol names unreadable",
				    name, m.bad_names);
	ms->nr_modules++;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The modules list                                                   */
/* ------------------------------------------------------------------ */

struct ps_modsyms_walk {
	struct ps_target *t;
	struct ps_modsyms *ms;
};

/* A module that cannot be read is left out and noted; the rest go on. */
static struct ps_error *ps_modsyms_visit(uint64_t node, void *arg)
{
	struct ps_modsyms_walk *w = arg;
	uint64_t mod = node - ps_off(&w->t->layout.module_list);
	struct ps_error *err = ps_modsyms_read_module(w->t, w->ms, mod);

	if (!err || err->code == PS_ERR_NOMEM || err->code == PS_ERR_INTERRUPTED)
		return err;
	ps_modsyms_set_note(w->ms, "struct module at %#" PRIx64 ": %s", mod,
			    err->message);
	ps_error_destroy(err);
	return NULL;
}

/* The layout must describe an Elf_Sym its members fit in. */
static bool ps_modsyms_elf_sym_ok(const struct ps_layout *L)
{
	const struct ps_lval *m[] = { &L->elf_sym_st_name, &L->elf_sym_st_shndx,
				      &L->elf_sym_st_value, &L->elf_sym_st_size };

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!m[i]->size || m[i]->size > 8 || m[i]->value < 0 ||
		    (uint64_t)m[i]->value + m[i]->size > (uint64_t)L->elf_sym_size.value)
			return false;
	return L->module_name.size > 0;
}

static struct ps_error *ps_modsyms_build(struct ps_target *t, struct ps_modsyms **ret)
{
	_cleanup_(ps_modsyms_destroyp) struct ps_modsyms *ms = calloc(1, sizeof(*ms));
	struct ps_modsyms_walk w = { t, ms };
	struct ps_list_fault fault;
	char why[256];
	uint64_t head;
	struct ps_error *err;

	if (!ms)
		return ps_error_nomem();
	err = ps_feature_require(&t->layout, PS_FEAT_module_symbols);
	if (!err && !ps_modsyms_elf_sym_ok(&t->layout))
		err = ps_error_create(PS_ERR_UNSUPPORTED, "module symbols: struct elf64_sym's members do not fit it");
	if (err) {
		snprintf(ms->missing, sizeof(ms->missing), "%s", err->message);
		ps_error_destroy(err);
		*ret = ps_steal(ms);
		return NULL;
	}
	err = ps_target_symbol_addr(t, &t->layout.sym_modules, "modules", &head);
	if (err)
		return err;
	err = ps_list_for_each(t, head, PS_MAX_MODULES, ps_modsyms_visit, &w, &fault);
	if (err && err->code != PS_ERR_NOMEM && err->code != PS_ERR_INTERRUPTED) {
		/* An unreadable list costs the module names, not the caller's answer. */
		ps_modsyms_set_note(ms, "the modules list: %s", err->message);
		ps_error_destroy(err);
	} else if (err) {
		return ps_error_prefix(err, "modules");
	} else if (ps_list_fault_is_corruption(&fault))
		ps_modsyms_set_note(ms, "the modules list: %s",
				    ps_list_fault_describe(&fault, why, sizeof(why)));
	if (ms->nr)	/* no table at all when no module could be read */
		qsort(ms->syms, ms->nr, sizeof(*ms->syms), ps_modsym_cmp);
	*ret = ps_steal(ms);
	return NULL;
}

static void ps_modsyms_free(void *ms)
{
	ps_modsyms_destroy(ms);
}

struct ps_error *ps_modsyms_get(struct ps_target *t, const struct ps_modsyms **ret)
{
	struct ps_modsyms *ms = ps_target_slot(t, PS_SLOT_MODSYMS);
	struct ps_error *err;

	if (!ms) {
		err = ps_modsyms_build(t, &ms);
		if (err)
			return ps_error_prefix(err, "module symbols");
		ps_target_slot_set(t, PS_SLOT_MODSYMS, ms, ps_modsyms_free);
	}
	*ret = ms;
	return NULL;
}
