// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scripts/kallsyms writes its tables as one block of .rodata, each table
 * 8-byte aligned: before v6.4 kallsyms_offsets, _relative_base,
 * _num_syms, _names, _markers, _token_table, _token_index; since then
 * _num_syms first, and _offsets and _relative_base after _token_index.
 * Nothing names them in a stripped image, so they are found by what they
 * hold, from the most distinctive one down:
 * - the token table holds every character symbols use as a one-byte
 *   token at its own code, so "0", "1", ... "9" follow each other;
 * - the token index that follows it gives each token's offset, which
 *   the strings confirm one by one;
 * - the markers before the token table rise from 0;
 * - the names before them parse into exactly kallsyms_num_syms entries,
 *   every 256th where the markers say.
 */
#include <string.h>

#include "debuginfo/kallsyms_image.h"
#include "debuginfo/kallsyms.h"
#include "dump/elf_file.h"

/* How far after the digits the token index may start: the table is small. */
enum { PS_KSCAN_INDEX_WINDOW = 1 << 16 };

struct ps_kscan {
	const unsigned char *data;
	size_t len;
	uint64_t vaddr;
};

static uint64_t ps_kscan_get(const struct ps_kscan *s, size_t off, size_t width)
{
	uint64_t v = 0;

	for (size_t i = 0; i < width; i++)
		v |= (uint64_t)s->data[off + i] << (8 * i);
	return v;
}

/* @p off rounded up to the kernel's 8-byte alignment; SIZE_MAX past the end. */
static size_t ps_kscan_align(const struct ps_kscan *s, size_t off)
{
	size_t pad = (size_t)((8 - ((s->vaddr + off) & 7)) & 7);

	return off + pad <= s->len ? off + pad : SIZE_MAX;
}

/* Whether the u16 array at @p idx indexes the 256 strings from @p table. */
static bool ps_kscan_index_fits(const struct ps_kscan *s, size_t table, size_t idx)
{
	size_t expect = 0;

	for (unsigned i = 0; i < 256; i++) {
		size_t off = (size_t)ps_kscan_get(s, idx + 2 * i, 2);
		const unsigned char *str = s->data + table + off, *nul;

		if (off != expect || table + off >= idx)
			return false;
		nul = memchr(str, 0, idx - table - off);
		if (!nul)
			return false;
		expect = off + (size_t)(nul - str) + 1;
	}
	return ps_kscan_align(s, table + expect) == idx;
}

/* The token index after the digit tokens at @p digits; false for none. */
static bool ps_kscan_tokens_at(const struct ps_kscan *s, size_t digits,
			       struct ps_ksym_found *f)
{
	size_t end = s->len - digits > PS_KSCAN_INDEX_WINDOW ?
			     digits + PS_KSCAN_INDEX_WINDOW : s->len;

	for (size_t idx = digits; idx + 512 <= end; idx += 2) {
		size_t zero = (size_t)ps_kscan_get(s, idx + 2 * '0', 2);

		if (ps_kscan_get(s, idx, 2) || zero > digits ||
		    ps_kscan_align(s, digits - zero) != digits - zero)
			continue;
		if (ps_kscan_index_fits(s, digits - zero, idx)) {
			f->token_table = digits - zero;
			f->token_index = idx;
			return true;
		}
	}
	return false;
}

static bool ps_kscan_tokens(const struct ps_kscan *s, struct ps_ksym_found *f)
{
	static const char digits[] = "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9";
	const unsigned char *p = s->data, *end = s->data + s->len;

	while ((p = memmem(p, (size_t)(end - p), digits, sizeof(digits))) != NULL) {
		if (ps_kscan_tokens_at(s, (size_t)(p - s->data), f))
			return true;
		p++;
	}
	return false;
}

/*
 * The markers end where the token table starts (padded to 8): entries of
 * @p width bytes that rise from 0 going forward. Their count in *@p nr.
 */
static bool ps_kscan_markers(const struct ps_kscan *s, size_t width,
			     struct ps_ksym_found *f, size_t *nr)
{
	size_t pos = f->token_table;
	uint64_t next = UINT64_MAX;

	/* An odd count of 4-byte markers leaves 4 bytes of padding. */
	if (width == 4 && pos >= 4 && ps_kscan_align(s, pos - 4) != pos - 4 &&
	    !ps_kscan_get(s, pos - 4, 4))
		pos -= 4;
	for (*nr = 0; pos >= width; pos -= width, ++*nr) {
		uint64_t v = ps_kscan_get(s, pos - width, width);

		if (v >= next)
			return false;
		next = v;
		if (!v) {
			f->markers = pos - width;
			++*nr;
			return ps_kscan_align(s, f->markers) == f->markers;
		}
	}
	return false;
}

/* Entry lengths from @p names: N entries end at the markers, 256 apart as they say. */
static bool ps_kscan_names_fit(const struct ps_kscan *s, const struct ps_ksym_found *f,
			       size_t names, uint32_t n, size_t width)
{
	size_t pos = names;

	for (uint32_t i = 0; i < n; i++) {
		size_t len;

		if (!(i % 256) && ps_kscan_get(s, f->markers + width * (i / 256), width) !=
					  pos - names)
			return false;
		if (pos >= f->markers)
			return false;
		len = s->data[pos++];
		if (len & 0x80) {
			if (pos >= f->markers)
				return false;
			len = (len & 0x7f) | ((size_t)s->data[pos++] << 7);
		}
		if (!len || len > f->markers - pos)
			return false;
		pos += len;
	}
	return ps_kscan_align(s, pos) == f->markers;
}

/* kallsyms_num_syms just before the names, which end at the markers. */
static bool ps_kscan_names(const struct ps_kscan *s, struct ps_ksym_found *f,
			   size_t nr_markers, size_t width)
{
	uint64_t lo = (nr_markers - 1) * 256, hi = nr_markers * 256;

	for (size_t ns = f->markers; ns >= 8;) {
		uint64_t n;

		ns -= 8;
		if (ps_kscan_align(s, ns) != ns)
			continue;
		n = ps_kscan_get(s, ns, 4);
		if (n <= lo || n > hi || !ps_kscan_names_fit(s, f, ns + 8, (uint32_t)n, width))
			continue;
		f->nr = (uint32_t)n;
		f->num_syms = ns;
		f->names = ns + 8;
		return true;
	}
	return false;
}

static bool ps_kscan_is_kernel_address(uint64_t v)
{
	return v >> 47 == 0x1ffff;
}

/* Offsets before num_syms with the base between (before v6.4), or after the index. */
static bool ps_kscan_offsets(const struct ps_kscan *s, struct ps_ksym_found *f)
{
	size_t bytes = ((size_t)f->nr * 4 + 7) & ~(size_t)7, after;

	if (f->num_syms >= 8 + bytes &&
	    ps_kscan_is_kernel_address(ps_kscan_get(s, f->num_syms - 8, 8))) {
		f->relative_base = f->num_syms - 8;
		f->offsets = f->relative_base - bytes;
		return true;
	}
	f->offsets = ps_kscan_align(s, f->token_index + 512);
	if (f->offsets == SIZE_MAX || s->len - f->offsets < (size_t)f->nr * 4)
		return false;
	after = ps_kscan_align(s, f->offsets + (size_t)f->nr * 4);
	f->relative_base = SIZE_MAX;
	if (after != SIZE_MAX && s->len - after >= 8 &&
	    ps_kscan_is_kernel_address(ps_kscan_get(s, after, 8)))
		f->relative_base = after;
	return true;
}

struct ps_error *ps_kallsyms_scan(const unsigned char *data, size_t len,
				  uint64_t vaddr, struct ps_ksym_found *ret)
{
	const struct ps_kscan s = { .data = data, .len = len, .vaddr = vaddr };
	size_t nr_markers;

	memset(ret, 0, sizeof(*ret));
	if (!ps_kscan_tokens(&s, ret))
		return ps_error_create(PS_ERR_NO_SYMBOL, "no kallsyms token table in the image");
	for (size_t width = 4; width <= 8; width += 4) {
		if (ps_kscan_markers(&s, width, ret, &nr_markers) &&
		    ps_kscan_names(&s, ret, nr_markers, width))
			return ps_kscan_offsets(&s, ret) ? NULL :
				ps_error_create(PS_ERR_NO_SYMBOL,
						"kallsyms in the image: no room for kallsyms_offsets");
	}
	return ps_error_create(PS_ERR_NO_SYMBOL,
			       "kallsyms in the image: a token table at +%#zx, but no names and markers before it",
			       ret->token_table);
}

/* ------------------------------------------------------------------ */
/* Decoding what was found                                            */
/* ------------------------------------------------------------------ */

/* Reads by link-time address inside the section; what lies past it reads 0. */
static struct ps_error *ps_kimage_read(void *priv, uint64_t addr, void *buf, size_t len)
{
	const struct ps_elf_section *sec = priv;
	uint64_t off = addr - sec->addr;

	if (addr < sec->addr || off >= sec->size)
		return ps_error_at(PS_ERR_CORRUPT, addr,
				   "kallsyms in the image: %#llx is outside %s",
				   (unsigned long long)addr, sec->name);
	memset(buf, 0, len);
	memcpy(buf, (const unsigned char *)sec->data + off,
	       sec->size - off < len ? sec->size - off : len);
	return NULL;
}

/* The allocated section that holds the tables, by its name or any with data. */
static const struct ps_elf_section *ps_kimage_rodata(const struct ps_elf_file *image)
{
	for (size_t i = 1; i < ps_elf_file_section_count(image); i++) {
		const struct ps_elf_section *sec = ps_elf_file_section(image, i);

		if (sec->data && sec->size && !strcmp(sec->name, ".rodata"))
			return sec;
	}
	return NULL;
}

struct ps_error *ps_kallsyms_from_image(const struct ps_elf_file *image,
					uint64_t stext, uint64_t kaslr_offset,
					struct ps_symbols *ret)
{
	const struct ps_elf_section *sec = ps_kimage_rodata(image);
	struct ps_ksym_found f;
	struct ps_ksym_source src = { .read = ps_kimage_read, .shift = kaslr_offset };
	struct ps_error *err;

	if (!sec)
		return ps_error_create(PS_ERR_NO_SYMBOL, "%s: no .rodata to find kallsyms in",
				       ps_elf_file_path(image));
	err = ps_kallsyms_scan(sec->data, sec->size, sec->addr, &f);
	if (err)
		return ps_error_prefix(err, "%s", ps_elf_file_path(image));
	src.priv = (void *)sec;
	src.num_syms = sec->addr + f.num_syms;
	src.names = sec->addr + f.names;
	src.token_table = sec->addr + f.token_table;
	src.token_index = sec->addr + f.token_index;
	src.offsets = src.offsets_vaddr = sec->addr + f.offsets;
	src.relative_base = f.relative_base == SIZE_MAX ? 0 : sec->addr + f.relative_base;
	src.stext = stext - kaslr_offset;
	return ps_error_prefix(ps_kallsyms_decode(&src, ret), "kallsyms in %s",
			       ps_elf_file_path(image));
}
