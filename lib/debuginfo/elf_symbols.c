// SPDX-License-Identifier: GPL-2.0-or-later
/* Symbols from a vmlinux's .symtab, indexed by name or address on first use. */
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/name_index.h"
#include "debuginfo/symbols.h"

struct ps_elf_sym {
	uint64_t addr;		/* link-time */
	uint64_t size;
	const char *name;
};

struct ps_elf_symbols {
	struct ps_elf_file *elf;
	uint64_t kaslr_offset;
	bool names_indexed;
	struct ps_name_index by_name;
	struct ps_elf_sym *by_addr;	/* sorted by address */
	size_t nr_syms;
};

static bool ps_elf_sym_wanted(const struct ps_elf_symbol *sym)
{
	return *sym->name && sym->value &&
	       (sym->type == STT_OBJECT || sym->type == STT_FUNC ||
		sym->type == STT_NOTYPE);
}

static size_t ps_elf_symbols_wanted(const struct ps_elf_file *elf, size_t n)
{
	struct ps_elf_symbol sym;
	size_t wanted = 0;

	for (size_t i = 0; i < n; i++) {
		ps_elf_file_symbol(elf, i, &sym);
		wanted += ps_elf_sym_wanted(&sym);
	}
	return wanted;
}

/* Names are indexed for lookup() only: resolve() needs just the order. */
static struct ps_error *ps_elf_symbols_index_names(struct ps_elf_symbols *s)
{
	size_t n = ps_elf_file_symbol_count(s->elf);
	struct ps_elf_symbol sym;
	struct ps_error *err;

	/* Sized once: growing by doubling held the old table and the new. */
	err = ps_name_index_reserve(&s->by_name, ps_elf_symbols_wanted(s->elf, n));
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		ps_elf_file_symbol(s->elf, i, &sym);
		if (!ps_elf_sym_wanted(&sym))
			continue;
		/* Globals come after locals in .symtab; prefer them. */
		err = ps_name_index_add(&s->by_name,
					sym.bind == STB_LOCAL ? 1 : 0,
					sym.name, sym.value, 0);
		if (err)
			return err;
	}
	s->names_indexed = true;
	return NULL;
}

/*
 * Sort by address, a byte at a time from the lowest (LSD radix sort):
 * a vmlinux has some 150,000 symbols, which qsort() took a third of a
 * frag run to order. Bytes every address shares are skipped.
 */
static struct ps_error *ps_elf_sort_by_addr(struct ps_elf_sym *v, size_t n)
{
	struct ps_elf_sym *tmp = malloc((n ? n : 1) * sizeof(*tmp)), *src = v, *dst = tmp;
	size_t count[256];

	if (!tmp)
		return ps_error_nomem();
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t pos = 0;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[(src[i].addr >> shift) & 0xff]++;
		if (n && count[(src[0].addr >> shift) & 0xff] == n)
			continue;
		for (size_t b = 0; b < 256; b++) {
			size_t c = count[b];

			count[b] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].addr >> shift) & 0xff]++] = src[i];
		src = dst;
		dst = src == v ? tmp : v;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
	return NULL;
}

static struct ps_error *ps_elf_symbols_index_addrs(struct ps_elf_symbols *s)
{
	size_t n = ps_elf_file_symbol_count(s->elf);
	struct ps_elf_symbol sym;

	s->by_addr = calloc(n ? n : 1, sizeof(*s->by_addr));
	if (!s->by_addr)
		return ps_error_nomem();
	for (size_t i = 0; i < n; i++) {
		ps_elf_file_symbol(s->elf, i, &sym);
		if (!ps_elf_sym_wanted(&sym))
			continue;
		s->by_addr[s->nr_syms++] = (struct ps_elf_sym){
			.addr = sym.value, .size = sym.size, .name = sym.name,
		};
	}
	return ps_elf_sort_by_addr(s->by_addr, s->nr_syms);
}

static struct ps_error *ps_elf_symbols_lookup(void *priv, const char *name,
					      uint64_t *ret)
{
	struct ps_elf_symbols *s = priv;
	struct ps_error *err = s->names_indexed ? NULL : ps_elf_symbols_index_names(s);
	uint64_t addr;

	if (err)
		return err;
	if (!ps_name_index_find(&s->by_name, 0, name, &addr, NULL) &&
	    !ps_name_index_find(&s->by_name, 1, name, &addr, NULL))
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "symbol %s not in %s", name,
				       ps_elf_file_path(s->elf));
	*ret = ps_symbol_is_percpu(addr) ? addr : addr + s->kaslr_offset;
	return NULL;
}

static struct ps_error *ps_elf_symbols_resolve(void *priv, uint64_t addr,
					       const char **name_ret,
					       uint64_t *offset_ret)
{
	struct ps_elf_symbols *s = priv;
	struct ps_error *err = s->by_addr ? NULL : ps_elf_symbols_index_addrs(s);
	size_t lo = 0, hi;
	const struct ps_elf_sym *sym;

	if (err)
		return err;
	if (!ps_symbol_is_percpu(addr))
		addr -= s->kaslr_offset;
	hi = s->nr_syms;
	/* The last symbol starting at or below @addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->by_addr[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	sym = lo ? &s->by_addr[lo - 1] : NULL;
	if (!sym || (sym->size && addr >= sym->addr + sym->size))
		return ps_error_create(PS_ERR_NO_SYMBOL, "no symbol there");
	*name_ret = sym->name;
	*offset_ret = addr - sym->addr;
	return NULL;
}

static void ps_elf_symbols_destroy(void *priv)
{
	struct ps_elf_symbols *s = priv;

	if (!s)
		return;
	ps_name_index_deinit(&s->by_name);
	free(s->by_addr);
	free(s);
}

static const struct ps_symbol_ops ps_elf_symbol_ops = {
	.name = "vmlinux",
	.lookup = ps_elf_symbols_lookup,
	.resolve = ps_elf_symbols_resolve,
	.destroy = ps_elf_symbols_destroy,
};

struct ps_error *ps_elf_symbols_create(struct ps_elf_file *elf,
				       uint64_t kaslr_offset,
				       struct ps_symbols *ret)
{
	struct ps_elf_symbols *s = calloc(1, sizeof(*s));

	if (!s)
		return ps_error_nomem();
	if (!ps_elf_file_symbol_count(elf)) {
		free(s);
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s has no symbol table",
				       ps_elf_file_path(elf));
	}
	s->elf = elf;
	s->kaslr_offset = kaslr_offset;
	ps_name_index_init(&s->by_name);
	ret->ops = &ps_elf_symbol_ops;
	ret->priv = s;
	return NULL;
}
