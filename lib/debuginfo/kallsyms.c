// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Symbols without a vmlinux: /proc/kallsyms of the running kernel, or the
 * kernel's own compressed kallsyms tables read out of a dump, which
 * VMCOREINFO points at (kallsyms_names, _token_table, _token_index,
 * _offsets, _relative_base, _num_syms).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "debuginfo/kallsyms.h"
#include "base/cleanup.h"
#include "base/name_index.h"

/* A name is at most KSYM_NAME_LEN (512) bytes; tokens expand to that. */
enum { PS_KSYM_NAME_LEN = 512, PS_KSYM_CHUNK = 1 << 16 };

struct ps_ksym {
	uint64_t addr;
	const char *name;
};

struct ps_kallsyms {
	char *strings;		/* all names, NUL-separated */
	size_t strings_len, strings_cap;
	struct ps_ksym *syms;	/* by address once sorted */
	size_t nr, cap;
	struct ps_name_index by_name;
};

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_ksyms_add(struct ps_kallsyms *k, const char *name,
				     uint64_t addr)
{
	size_t len = strlen(name) + 1;

	if (k->strings_len + len > k->strings_cap) {
		size_t cap = k->strings_cap ? 2 * k->strings_cap : 1 << 20;
		char *s;

		while (cap < k->strings_len + len)
			cap *= 2;
		s = realloc(k->strings, cap);
		if (!s)
			return ps_error_nomem();
		k->strings = s;
		k->strings_cap = cap;
	}
	if (k->nr == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 4096;
		struct ps_ksym *v = realloc(k->syms, cap * sizeof(*v));

		if (!v)
			return ps_error_nomem();
		k->syms = v;
		k->cap = cap;
	}
	memcpy(k->strings + k->strings_len, name, len);
	/* Offsets for now: the strings buffer may still move. */
	k->syms[k->nr].name = (const char *)(uintptr_t)k->strings_len;
	k->syms[k->nr++].addr = addr;
	k->strings_len += len;
	return NULL;
}

static int ps_ksym_cmp(const void *a, const void *b)
{
	const struct ps_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool ps_ksyms_sorted(const struct ps_kallsyms *k)
{
	for (size_t i = 1; i < k->nr; i++) {
		if (k->syms[i - 1].addr > k->syms[i].addr)
			return false;
	}
	return true;
}

/* Turn offsets into pointers, index names, sort by address. */
static struct ps_error *ps_ksyms_finish(struct ps_kallsyms *k)
{
	struct ps_error *err;

	for (size_t i = 0; i < k->nr; i++)
		k->syms[i].name = k->strings + (uintptr_t)k->syms[i].name;
	err = ps_name_index_reserve(&k->by_name, k->nr);
	if (err)
		return err;
	for (size_t i = 0; i < k->nr; i++) {
		err = ps_name_index_add(&k->by_name, 0, k->syms[i].name,
					k->syms[i].addr, 0);
		if (err)
			return err;
	}
	/* The kernel's tables come sorted already; /proc/kallsyms nearly. */
	if (!ps_ksyms_sorted(k))
		qsort(k->syms, k->nr, sizeof(*k->syms), ps_ksym_cmp);
	return NULL;
}

static struct ps_error *ps_ksyms_lookup(void *priv, const char *name,
					uint64_t *ret)
{
	struct ps_kallsyms *k = priv;

	if (!ps_name_index_find(&k->by_name, 0, name, ret, NULL))
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "symbol %s not in kallsyms", name);
	return NULL;
}

static struct ps_error *ps_ksyms_resolve(void *priv, uint64_t addr,
					 const char **name_ret,
					 uint64_t *offset_ret)
{
	struct ps_kallsyms *k = priv;
	size_t lo = 0, hi = k->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return ps_error_create(PS_ERR_NO_SYMBOL, "no symbol there");
	*name_ret = k->syms[lo - 1].name;
	*offset_ret = addr - k->syms[lo - 1].addr;
	return NULL;
}

static void ps_ksyms_destroy(void *priv)
{
	struct ps_kallsyms *k = priv;

	if (!k)
		return;
	ps_name_index_deinit(&k->by_name);
	free(k->syms);
	free(k->strings);
	free(k);
}

PS_DEFINE_CLEANUP(struct ps_kallsyms, ps_ksyms_destroy)

static const struct ps_symbol_ops ps_kallsyms_ops = {
	.name = "kallsyms",
	.lookup = ps_ksyms_lookup,
	.resolve = ps_ksyms_resolve,
	.destroy = ps_ksyms_destroy,
};

static struct ps_kallsyms *ps_ksyms_create(void)
{
	struct ps_kallsyms *k = calloc(1, sizeof(*k));

	if (k)
		ps_name_index_init(&k->by_name);
	return k;
}

/* Index the table and hand it to @ret; on error it stays with the caller. */
static struct ps_error *ps_ksyms_done(struct ps_kallsyms **k,
				      struct ps_symbols *ret)
{
	struct ps_error *err;

	if (!(*k)->nr)
		return ps_error_create(PS_ERR_BAD_INPUT, "kallsyms holds no symbol");
	err = ps_ksyms_finish(*k);
	if (err)
		return err;
	ret->ops = &ps_kallsyms_ops;
	ret->priv = ps_steal(*k);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* /proc/kallsyms                                                     */
/* ------------------------------------------------------------------ */

/*
 * One line: "ffffffff81000000 T _stext", "[module]" after a module's
 * symbols. False for a line that is not a core kernel symbol. The line is
 * NUL-terminated in place; the name is left in it.
 */
static bool ps_kallsyms_parse_line(char *line, uint64_t *addr, char **name)
{
	char *end, *sp;

	*addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return false;
	*name = end + 3;
	sp = strpbrk(*name, " \t");
	if (sp) {	/* "name\t[module]" */
		if (strchr(sp, '['))
			return false;
		*sp = '\0';
	}
	return **name != '\0';
}

/* /proc/kallsyms is one too; a FIFO opened without blocking reads empty. */
static bool ps_kallsyms_regular(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && S_ISREG(st.st_mode);
}

/* The whole file: /proc/kallsyms has no size, and lines are generated. */
static struct ps_error *ps_kallsyms_slurp(const char *path, char **ret,
					  size_t *len_ret)
{
	/* Doubled as it fills: an 8 MiB first buffer, poisoned whole under
	 * ASan, was most of the kallsyms fuzz harness's time. */
	size_t len = 0, cap = 64 << 10;
	char *buf = malloc(cap);
	/* A FIFO without a writer reads as empty instead of blocking. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n = 0;

	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return buf ? ps_error_os("%s", path) : ps_error_nomem();
	}
	if (!ps_kallsyms_regular(fd)) {
		free(buf);
		close(fd);
		return ps_error_create(PS_ERR_BAD_INPUT, "%s: not a regular file",
				       path);
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len - 1 < 4096) {
			char *b = realloc(buf, cap * 2);

			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
	}
	close(fd);
	if (n != 0) {
		struct ps_error *err = n < 0 ? ps_error_os("%s", path)
					     : ps_error_nomem();

		free(buf);
		return err;
	}
	buf[len] = '\0';
	*ret = buf;
	*len_ret = len;
	return NULL;
}

/* Add the core kernel's symbols of @text; @nonzero_ret ORs their addresses. */
static struct ps_error *ps_kallsyms_parse(struct ps_kallsyms *k, char *text,
					  size_t len, uint64_t *nonzero_ret)
{
	char *line, *next, *name;
	uint64_t addr;
	struct ps_error *err;

	for (line = text; line && line < text + len; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!ps_kallsyms_parse_line(line, &addr, &name))
			continue;
		*nonzero_ret |= addr;
		err = ps_ksyms_add(k, name, addr);
		if (err)
			return err;
	}
	return NULL;
}

/* The core kernel's symbols in the text file @path, into a new *@ret. */
static struct ps_error *ps_kallsyms_load(const char *path,
					 struct ps_kallsyms **ret,
					 uint64_t *nonzero_ret)
{
	_cleanup_(ps_ksyms_destroyp) struct ps_kallsyms *k = ps_ksyms_create();
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	struct ps_error *err;

	*nonzero_ret = 0;
	if (!k)
		return ps_error_nomem();
	err = ps_kallsyms_slurp(path, &text, &len);
	if (err)
		return err;
	err = ps_kallsyms_parse(k, text, len, nonzero_ret);
	if (err)
		return err;
	*ret = ps_steal(k);
	return NULL;
}

struct ps_error *ps_kallsyms_from_file(const char *path, struct ps_symbols *ret)
{
	_cleanup_(ps_ksyms_destroyp) struct ps_kallsyms *k = NULL;
	uint64_t nonzero;
	struct ps_error *err = ps_kallsyms_load(path, &k, &nonzero);

	if (err)
		return err;
	if (!nonzero)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s shows every address as 0: run as root (kernel.kptr_restrict)",
				       path);
	return ps_ksyms_done(&k, ret);
}

/* ------------------------------------------------------------------ */
/* System.map                                                         */
/* ------------------------------------------------------------------ */

struct ps_error *ps_kallsyms_from_system_map(const char *path,
					     uint64_t kaslr_offset,
					     struct ps_symbols *ret)
{
	_cleanup_(ps_ksyms_destroyp) struct ps_kallsyms *k = NULL;
	uint64_t nonzero;
	struct ps_error *err = ps_kallsyms_load(path, &k, &nonzero);

	if (err)
		return err;
	if (!k->nr)
		return ps_error_create(PS_ERR_BAD_INPUT,
				       "%s: no line \"ADDRESS TYPE NAME\": not a System.map",
				       path);
	/* Link-time addresses; per-cpu offsets are never relocated. */
	for (size_t i = 0; i < k->nr; i++) {
		if (!ps_symbol_is_percpu(k->syms[i].addr))
			k->syms[i].addr += kaslr_offset;
	}
	return ps_ksyms_done(&k, ret);
}

/* ------------------------------------------------------------------ */
/* The kernel's compressed tables                                     */
/* ------------------------------------------------------------------ */

struct ps_ksym_tables {
	const struct ps_ksym_source *src;
	uint32_t nr;
	uint16_t token_index[256];
	uint8_t token_len[256];
	char *token_table;
	size_t token_table_len;
	int32_t *offsets;
	uint64_t relative_base;	/* 0: PC-relative offsets (v6.15+) */
	unsigned char *names;	/* a window of kallsyms_names */
	uint64_t names_addr;	/* where the window starts */
	size_t names_len;
};

static struct ps_error *ps_ksym_read_at(const struct ps_ksym_tables *kt,
					const char *name, uint64_t addr,
					void *buf, size_t len)
{
	const struct ps_ksym_source *src = kt->src;

	return ps_error_prefix(src->read(src->priv, addr, buf, len), "reading %s", name);
}

static struct ps_error *ps_ksym_read_tokens(struct ps_ksym_tables *kt)
{
	uint16_t end = 0;
	struct ps_error *err;

	err = ps_ksym_read_at(kt, "kallsyms_token_index", kt->src->token_index,
			      kt->token_index, sizeof(kt->token_index));
	if (err)
		return err;
	for (int i = 0; i < 256; i++)
		end = kt->token_index[i] > end ? kt->token_index[i] : end;
	/* The last token is short; leave room for it and its NUL. */
	kt->token_table_len = (size_t)end + 64;
	kt->token_table = calloc(1, kt->token_table_len + 1);
	if (!kt->token_table)
		return ps_error_nomem();
	err = ps_ksym_read_at(kt, "kallsyms_token_table", kt->src->token_table,
			      kt->token_table, kt->token_table_len);
	if (err)
		return err;
	for (int i = 0; i < 256; i++) {
		const char *tok = kt->token_table + kt->token_index[i];
		size_t n = strnlen(tok, kt->token_table_len - kt->token_index[i]);

		if (n > UINT8_MAX)
			return ps_error_create(PS_ERR_CORRUPT, "kallsyms token %d is %zu bytes long", i, n);
		kt->token_len[i] = (uint8_t)n;
	}
	return NULL;
}

/*
 * kallsyms_relative_base is gone since v6.15, whose offsets are relative
 * to their own slot in kallsyms_offsets; the source then names no base.
 */
static struct ps_error *ps_ksym_read_base(struct ps_ksym_tables *kt)
{
	struct ps_error *err;

	if (!kt->src->relative_base)
		return NULL;
	err = ps_ksym_read_at(kt, "kallsyms_relative_base", kt->src->relative_base,
			      &kt->relative_base, sizeof(kt->relative_base));
	if (err)
		return err;
	if (!kt->relative_base)
		return ps_error_create(PS_ERR_CORRUPT, "kallsyms_relative_base is 0");
	return NULL;
}

static struct ps_error *ps_ksym_read_tables(struct ps_ksym_tables *kt)
{
	struct ps_error *err;

	err = ps_ksym_read_at(kt, "kallsyms_num_syms", kt->src->num_syms, &kt->nr,
			      sizeof(kt->nr));
	if (err)
		return err;
	if (!kt->nr || kt->nr > (1u << 24))
		return ps_error_create(PS_ERR_CORRUPT,
				       "kallsyms_num_syms is %u: not a symbol count",
				       kt->nr);
	err = ps_ksym_read_tokens(kt);
	if (err)
		return err;
	kt->offsets = calloc(kt->nr, sizeof(*kt->offsets));
	if (!kt->offsets)
		return ps_error_nomem();
	err = ps_ksym_read_at(kt, "kallsyms_offsets", kt->src->offsets, kt->offsets,
			      kt->nr * sizeof(*kt->offsets));
	if (err)
		return err;
	err = ps_ksym_read_base(kt);
	if (err)
		return err;
	kt->names = malloc(PS_KSYM_CHUNK);
	if (!kt->names)
		return ps_error_nomem();
	kt->names_addr = kt->src->names;
	return NULL;
}

static void ps_ksym_tables_deinit(struct ps_ksym_tables *kt)
{
	free(kt->token_table);
	free(kt->offsets);
	free(kt->names);
}

/* Make bytes [pos, pos + need) of kallsyms_names available in the window. */
static struct ps_error *ps_ksym_names_window(struct ps_ksym_tables *kt,
					     uint64_t *pos, size_t need)
{
	uint64_t start = kt->names_addr;

	if (*pos + need <= kt->names_len)
		return NULL;
	kt->names_addr = start + *pos;
	*pos = 0;
	kt->names_len = PS_KSYM_CHUNK;
	return kt->src->read(kt->src->priv, kt->names_addr, kt->names, PS_KSYM_CHUNK);
}

/* Expand the next compressed name; the first character is its type. */
static struct ps_error *ps_ksym_next_name(struct ps_ksym_tables *kt,
					  uint64_t *pos, char *out)
{
	size_t len, used = 0;
	struct ps_error *err = ps_ksym_names_window(kt, pos, 2 + 255);

	if (err)
		return err;
	len = kt->names[*pos];
	/* Long names (v6.1+) take a second length byte. */
	if (len & 0x80) {
		len = (len & 0x7f) | ((size_t)kt->names[*pos + 1] << 7);
		(*pos)++;
	}
	(*pos)++;
	err = ps_ksym_names_window(kt, pos, len);
	if (err)
		return err;
	for (size_t i = 0; i < len; i++) {
		unsigned tok = kt->names[*pos + i];
		const char *s = kt->token_table + kt->token_index[tok];
		size_t n = kt->token_len[tok];

		if (used + n >= PS_KSYM_NAME_LEN)
			return ps_error_create(PS_ERR_CORRUPT, "kallsyms name too long");
		/* Tokens are a few bytes: a loop beats a call. */
		for (size_t j = 0; j < n; j++)
			out[used + j] = s[j];
		used += n;
	}
	*pos += len;
	out[used] = '\0';
	return NULL;
}

/*
 * The encodings of kallsyms_offsets: relative to kallsyms_relative_base,
 * or, with CONFIG_KALLSYMS_ABSOLUTE_PERCPU, absolute when non-negative
 * (per-cpu symbols) and base - 1 - offset otherwise; since v6.15, with no
 * base, relative to the offset's own address (offset_to_ptr()). Which one
 * the kernel used shows in _stext. Addresses as the tables hold them; the
 * source's shift moves all but absolute per-cpu ones.
 */
static uint64_t ps_ksym_address(const struct ps_ksym_tables *kt, uint32_t i,
				bool absolute_percpu)
{
	int32_t off = kt->offsets[i];

	if (!kt->relative_base)
		return kt->src->offsets_vaddr + 4ULL * i + (uint64_t)(int64_t)off;
	if (!absolute_percpu)
		return kt->relative_base + (uint32_t)off;
	return off >= 0 ? (uint64_t)off : kt->relative_base - 1 - off;
}

static uint64_t ps_ksym_shifted(const struct ps_ksym_tables *kt, uint32_t i,
				bool absolute_percpu)
{
	uint64_t addr = ps_ksym_address(kt, i, absolute_percpu);

	if (absolute_percpu && kt->relative_base && kt->offsets[i] >= 0)
		return addr;
	return addr + kt->src->shift;
}

/* The names, in table order; the index of _stext in @p stext_ret. */
static struct ps_error *ps_ksym_names(struct ps_ksym_tables *kt,
				      struct ps_kallsyms *k, int64_t *stext_ret)
{
	uint64_t pos = 0;
	char name[PS_KSYM_NAME_LEN];
	struct ps_error *err;

	*stext_ret = -1;
	for (uint32_t i = 0; i < kt->nr; i++) {
		err = ps_ksym_next_name(kt, &pos, name);
		if (err)
			return err;
		err = ps_ksyms_add(k, name + 1, 0);
		if (err)
			return err;
		if (*stext_ret < 0 && !strcmp(name + 1, "_stext"))
			*stext_ret = i;
	}
	if (*stext_ret < 0)
		return ps_error_create(PS_ERR_CORRUPT, "kallsyms has no _stext");
	return NULL;
}

static struct ps_error *ps_ksym_decode(struct ps_ksym_tables *kt,
				       struct ps_kallsyms *k)
{
	uint64_t stext = kt->src->stext;
	int64_t stext_index;
	bool absolute;
	struct ps_error *err = ps_ksym_names(kt, k, &stext_index);

	if (err)
		return err;
	absolute = ps_ksym_address(kt, (uint32_t)stext_index, true) == stext;
	if (ps_ksym_address(kt, (uint32_t)stext_index, absolute) != stext)
		return ps_error_create(PS_ERR_CORRUPT,
				       "kallsyms tables do not decode: _stext is not at %#llx",
				       (unsigned long long)stext);
	for (uint32_t i = 0; i < kt->nr; i++)
		k->syms[i].addr = ps_ksym_shifted(kt, i, absolute);
	return NULL;
}

struct ps_error *ps_kallsyms_decode(const struct ps_ksym_source *src,
				    struct ps_symbols *ret)
{
	_cleanup_(ps_ksym_tables_deinit) struct ps_ksym_tables kt = { .src = src };
	_cleanup_(ps_ksyms_destroyp) struct ps_kallsyms *k = ps_ksyms_create();
	struct ps_error *err;

	if (!k)
		return ps_error_nomem();
	err = ps_ksym_read_tables(&kt);
	if (err)
		return err;
	err = ps_ksym_decode(&kt, k);
	if (err)
		return err;
	return ps_ksyms_done(&k, ret);
}

/* ------------------------------------------------------------------ */
/* The tables in a dump, where VMCOREINFO says                        */
/* ------------------------------------------------------------------ */

struct ps_ksym_dump {
	const struct ps_mem *mem;
};

static struct ps_error *ps_ksym_dump_read(void *priv, uint64_t addr, void *buf,
					  size_t len)
{
	const struct ps_ksym_dump *d = priv;

	return ps_mem_read(d->mem, PS_KVADDR, addr, buf, len);
}

static struct ps_error *ps_ksym_where(const struct ps_vmcoreinfo *vi,
				      const char *name, uint64_t *ret)
{
	if (!ps_vmcoreinfo_symbol(vi, name, ret))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "VMCOREINFO has no SYMBOL(%s): no kallsyms in the dump",
				       name);
	return NULL;
}

/* Every table's address from VMCOREINFO; relative_base may be absent. */
static struct ps_error *ps_ksym_dump_source(const struct ps_vmcoreinfo *vi,
					    struct ps_ksym_source *src)
{
	const struct {
		const char *name;
		uint64_t *where;
	} tables[] = {
		{ "kallsyms_num_syms", &src->num_syms },
		{ "kallsyms_names", &src->names },
		{ "kallsyms_token_table", &src->token_table },
		{ "kallsyms_token_index", &src->token_index },
		{ "kallsyms_offsets", &src->offsets },
		{ "_stext", &src->stext },
	};
	struct ps_error *err;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		err = ps_ksym_where(vi, tables[i].name, tables[i].where);
		if (err)
			return err;
	}
	if (!ps_vmcoreinfo_symbol(vi, "kallsyms_relative_base", &src->relative_base))
		src->relative_base = 0;
	src->offsets_vaddr = src->offsets;
	return NULL;
}

struct ps_error *ps_kallsyms_from_dump(const struct ps_mem *mem,
				       const struct ps_vmcoreinfo *vi,
				       struct ps_symbols *ret)
{
	struct ps_ksym_dump d = { .mem = mem };
	struct ps_ksym_source src = { .priv = &d, .read = ps_ksym_dump_read };
	struct ps_error *err = ps_ksym_dump_source(vi, &src);

	if (!err)
		err = ps_kallsyms_decode(&src, ret);
	return ps_error_prefix(err, "kallsyms in the dump");
}
