// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "snapshot/journal.h"
#include "snapshot/replay.h"

/* What the providers share: loaded once, freed with the last of them. */
struct ps_snapshot_replay {
	unsigned refs;
	struct ps_snapshot *s;
	struct ps_paging paging;
	char *vmcoreinfo;		/* NULL when the dump had none */
	/* Memory other than the memory map. */
	uint64_t nr_extents;
	const struct ps_snapshot_extent *extents;
	const unsigned char **bytes;	/* each extent's */
	void *extents_record;
	/* The memory map: an entry of the index per section, by address. */
	size_t nr_memmaps;
	size_t *memmaps;		/* index entries, sorted by key */
	char *texts[3];			/* the journals' records */
	struct ps_journal types, symbols, translations;
};

/*
 * Decoded memory map sections, least recently used first out: a walk goes
 * section by section, a free list jumps between a few.
 */
enum { PS_REPLAY_CACHED = 8 };

struct ps_replay_section {
	size_t entry;			/* in the index */
	unsigned char *buf;		/* decoded MEMMAP record, header first */
	uint64_t used;			/* when last read */
};

struct ps_replay_mem {
	struct ps_snapshot_replay *r;
	struct ps_replay_section cache[PS_REPLAY_CACHED];
	uint64_t clock;
};

static void ps_replay_put(struct ps_snapshot_replay *r)
{
	if (!r || --r->refs)
		return;
	for (size_t i = 0; i < 3; i++)
		free(r->texts[i]);
	ps_journal_deinit(&r->types);
	ps_journal_deinit(&r->symbols);
	ps_journal_deinit(&r->translations);
	free(r->memmaps);
	free((void *)r->bytes);
	free(r->extents_record);
	free(r->vmcoreinfo);
	ps_snapshot_close(r->s);
	free(r);
}

static struct ps_error *ps_replay_absent(const struct ps_snapshot_replay *r,
					 uint64_t addr)
{
	return ps_error_at(PS_ERR_EXCLUDED, addr,
			   "%#" PRIx64 " is not in snapshot %s (it holds what pagescope's commands read when it was saved)",
			   addr, ps_snapshot_path(r->s));
}

/* ------------------------------------------------------------------ */
/* Memory                                                             */
/* ------------------------------------------------------------------ */

/* The memory map section holding kernel address @p addr, or -1. */
static long ps_replay_memmap_of(const struct ps_snapshot_replay *r, uint64_t addr)
{
	size_t lo = 0, hi = r->nr_memmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ps_snapshot_index_entry *e = ps_snapshot_entry(r->s, r->memmaps[mid]);

		if (addr < e->key)
			hi = mid;
		else if (addr - e->key >= e->key_len)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/* The decoded section of index entry @p entry, from the cache or the file. */
static struct ps_error *ps_replay_section(struct ps_replay_mem *m, size_t entry,
					  const unsigned char **ret)
{
	struct ps_replay_section *slot = &m->cache[0];
	void *buf;
	size_t len;
	struct ps_error *err;

	for (size_t i = 0; i < PS_REPLAY_CACHED; i++) {
		struct ps_replay_section *c = &m->cache[i];

		if (c->buf && c->entry == entry) {
			c->used = ++m->clock;
			*ret = c->buf;
			return NULL;
		}
		if (!c->buf || (slot->buf && c->used < slot->used))
			slot = c;
	}
	err = ps_snapshot_load_entry(m->r->s, entry, &buf, &len);
	if (err)
		return err;
	if (len < sizeof(struct ps_snapshot_memmap_header) ||
	    len - sizeof(struct ps_snapshot_memmap_header) != ps_snapshot_entry(m->r->s, entry)->key_len) {
		free(buf);
		return ps_error_create(PS_ERR_BAD_INPUT, "%s: damaged snapshot: a memory map record is not as long as its index says",
				       ps_snapshot_path(m->r->s));
	}
	free(slot->buf);
	*slot = (struct ps_replay_section){ entry, buf, ++m->clock };
	*ret = slot->buf;
	return NULL;
}

/* Copy what the memory map holds at @p addr; 0 bytes when it holds none. */
static struct ps_error *ps_replay_from_memmap(struct ps_replay_mem *m, uint64_t addr,
					      void *buf, size_t len, size_t *n_ret)
{
	long i = ps_replay_memmap_of(m->r, addr);
	const struct ps_snapshot_index_entry *e;
	const unsigned char *section = NULL;
	struct ps_error *err;
	uint64_t off;

	*n_ret = 0;
	if (i < 0)
		return NULL;
	err = ps_replay_section(m, m->r->memmaps[i], &section);
	if (err)
		return err;
	e = ps_snapshot_entry(m->r->s, m->r->memmaps[i]);
	off = addr - e->key;
	*n_ret = len < e->key_len - off ? len : (size_t)(e->key_len - off);
	memcpy(buf, section + sizeof(struct ps_snapshot_memmap_header) + off, *n_ret);
	return NULL;
}

/* The last extent of @p space starting at or before @p addr, or -1. */
static long ps_replay_extent_of(const struct ps_snapshot_replay *r,
				enum ps_addr_space space, uint64_t addr)
{
	long lo = 0, hi = (long)r->nr_extents, found = -1;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		const struct ps_snapshot_extent *x = &r->extents[mid];

		if (x->space < (uint32_t)space ||
		    (x->space == (uint32_t)space && x->addr <= addr)) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return found >= 0 && r->extents[found].space == (uint32_t)space ? found : -1;
}

static struct ps_error *ps_replay_from_extents(const struct ps_snapshot_replay *r,
					       enum ps_addr_space space, uint64_t addr,
					       void *buf, size_t len, size_t *n_ret)
{
	long i = ps_replay_extent_of(r, space, addr);
	const struct ps_snapshot_extent *x = i >= 0 ? &r->extents[i] : NULL;

	*n_ret = 0;
	if (x && x->hole && x->addr == addr)
		return ps_error_at((enum ps_error_code)x->hole, addr, "%.*s",
				   (int)x->len, (const char *)r->bytes[x - r->extents]);
	if (!x || x->hole || addr - x->addr >= x->len)
		return ps_replay_absent(r, addr);
	*n_ret = len < x->len - (addr - x->addr) ? len : (size_t)(x->len - (addr - x->addr));
	memcpy(buf, r->bytes[x - r->extents] + (addr - x->addr), *n_ret);
	return NULL;
}

static struct ps_error *ps_replay_read(void *priv, enum ps_addr_space space,
				       uint64_t addr, void *buf, size_t len,
				       size_t *done_ret)
{
	struct ps_replay_mem *m = priv;
	struct ps_error *err = NULL;
	size_t n;

	*done_ret = 0;
	while (*done_ret < len) {
		uint64_t at = addr + *done_ret;
		char *to = (char *)buf + *done_ret;

		n = 0;
		if (space == PS_KVADDR)
			err = ps_replay_from_memmap(m, at, to, len - *done_ret, &n);
		if (!err && !n)
			err = ps_replay_from_extents(m->r, space, at, to, len - *done_ret, &n);
		if (err)
			return err;
		*done_ret += n;
	}
	return NULL;
}

static const char *ps_replay_vmcoreinfo(void *priv)
{
	struct ps_replay_mem *m = priv;

	return m->r->vmcoreinfo;
}

static struct ps_error *ps_replay_virt_to_phys(void *priv, uint64_t vaddr,
					       uint64_t *ret)
{
	struct ps_replay_mem *m = priv;
	const char *value;
	struct ps_error *err;
	char key[32];

	snprintf(key, sizeof(key), "%#" PRIx64, vaddr);
	if (!ps_journal_get(&m->r->translations, key, &value, &err))
		return ps_error_at(PS_ERR_EXCLUDED, vaddr,
				   "%#" PRIx64 ": snapshot %s holds no translation of this address",
				   vaddr, ps_snapshot_path(m->r->s));
	if (err)
		return err;
	*ret = strtoull(value, NULL, 0);
	return NULL;
}

static struct ps_error *ps_replay_paging(void *priv, struct ps_paging *ret)
{
	struct ps_replay_mem *m = priv;

	*ret = m->r->paging;
	return NULL;
}

static void ps_replay_mem_destroy(void *priv)
{
	struct ps_replay_mem *m = priv;

	ps_replay_put(m->r);
	for (size_t i = 0; i < PS_REPLAY_CACHED; i++)
		free(m->cache[i].buf);
	free(m);
}

static struct ps_error *ps_replay_clone(void *priv, struct ps_mem *ret);

static const struct ps_mem_ops ps_replay_mem_ops = {
	.name = "snapshot",
	.read = ps_replay_read,
	.vmcoreinfo = ps_replay_vmcoreinfo,
	.virt_to_phys = ps_replay_virt_to_phys,
	.paging = ps_replay_paging,
	.clone = ps_replay_clone,
	.destroy = ps_replay_mem_destroy,
};

static struct ps_error *ps_replay_mem_make(struct ps_snapshot_replay *r,
					   struct ps_mem *ret)
{
	struct ps_replay_mem *m = calloc(1, sizeof(*m));

	if (!m)
		return ps_error_nomem();
	m->r = r;
	r->refs++;
	*ret = (struct ps_mem){ &ps_replay_mem_ops, m };
	return NULL;
}

/* Each thread its own decoded section. */
static struct ps_error *ps_replay_clone(void *priv, struct ps_mem *ret)
{
	struct ps_replay_mem *m = priv;

	return ps_replay_mem_make(m->r, ret);
}

/* ------------------------------------------------------------------ */
/* Types and symbols                                                  */
/* ------------------------------------------------------------------ */

/* Never asked when saved: not absent from the kernel, absent from the file. */
static struct ps_error *ps_replay_unasked(const struct ps_snapshot_replay *r,
					  const char *key)
{
	static const struct {
		const char *prefix, *what;
	} words[] = {
		{ "lookup ", "the address of symbol" }, { "resolve ", "the symbol at" },
		{ "member ", "member" }, { "size ", "the size of" },
		{ "enum ", "enumerator" }, { "variables ", "the globals of type" },
		{ "variable ", "variable" },
	};
	const char *what = "the answer to", *arg = key;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!strncmp(key, words[i].prefix, strlen(words[i].prefix))) {
			what = words[i].what;
			arg = key + strlen(words[i].prefix);
			break;
		}
	}
	return ps_error_create(PS_ERR_EXCLUDED,
			       "snapshot %s does not hold %s %s (it holds what pagescope's commands asked when it was saved)",
			       ps_snapshot_path(r->s), what, arg);
}

/* The recorded answer to @p key: its value, or its error. */
static struct ps_error *ps_replay_answer(const struct ps_snapshot_replay *r,
					 const struct ps_journal *j,
					 const char *key, const char **value_ret)
{
	struct ps_error *err;

	if (!ps_journal_get(j, key, value_ret, &err))
		return ps_replay_unasked(r, key);
	return err;
}

static struct ps_error *ps_replay_type_size(void *priv, const char *type,
					    uint64_t *ret)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL;
	const char *v;
	struct ps_error *err;

	if (asprintf(&key, "size %s", type) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->types, key, &v);
	if (err)
		return err;
	*ret = strtoull(v, NULL, 10);
	return NULL;
}

static struct ps_error *ps_replay_info(const char *v, struct ps_member_info *ret)
{
	int is_array;

	memset(ret, 0, sizeof(*ret));
	if (sscanf(v, "%" SCNu64 " %" SCNu64 " %d %" SCNu64 " %" SCNu64 " %u %u",
		   &ret->offset, &ret->size, &is_array, &ret->nr_elems,
		   &ret->elem_size, &ret->bit_offset, &ret->bit_size) != 7)
		return ps_error_create(PS_ERR_BAD_INPUT, "damaged snapshot: a member's answer \"%.40s\"", v);
	ret->is_array = is_array;
	return NULL;
}

static struct ps_error *ps_replay_member(void *priv, const char *type,
					 const char *path,
					 struct ps_member_info *ret)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL;
	const char *v;
	struct ps_error *err;

	if (asprintf(&key, "member %s|%s", type, path) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->types, key, &v);
	return err ? err : ps_replay_info(v, ret);
}

static struct ps_error *ps_replay_enumerator(void *priv, const char *enum_type,
					     const char *name, int64_t *ret)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL;
	const char *v;
	struct ps_error *err;

	if (asprintf(&key, "enum %s|%s", enum_type ? enum_type : "*", name) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->types, key, &v);
	if (err)
		return err;
	*ret = strtoll(v, NULL, 10);
	return NULL;
}

static struct ps_error *ps_replay_variable(void *priv, const char *name,
					   struct ps_member_info *ret)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL;
	const char *v;
	struct ps_error *err;

	if (asprintf(&key, "variable %s", name) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->types, key, &v);
	return err ? err : ps_replay_info(v, ret);
}

static struct ps_error *ps_replay_variables_of_type(void *priv, const char *type,
						    void (*fn)(const char *name, void *arg),
						    void *arg)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL, *names = NULL;
	const char *v;
	char *name, *save = NULL;
	struct ps_error *err;

	if (asprintf(&key, "variables %s", type) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->types, key, &v);
	if (err)
		return err;
	names = strdup(v);
	if (!names)
		return ps_error_nomem();
	for (name = strtok_r(names, " ", &save); name; name = strtok_r(NULL, " ", &save))
		fn(name, arg);
	return NULL;
}

static void ps_replay_types_destroy(void *priv)
{
	ps_replay_put(priv);
}

static const struct ps_type_ops ps_replay_type_ops = {
	.name = "snapshot",
	.type_size = ps_replay_type_size,
	.member = ps_replay_member,
	.enumerator = ps_replay_enumerator,
	.variable = ps_replay_variable,
	.variables_of_type = ps_replay_variables_of_type,
	.destroy = ps_replay_types_destroy,
};

/*
 * The provider saved from could not list variables (crash's, BTF's) and no
 * cache answered in its place: nor can we.
 */
static const struct ps_type_ops ps_replay_type_ops_no_list = {
	.name = "snapshot",
	.type_size = ps_replay_type_size,
	.member = ps_replay_member,
	.enumerator = ps_replay_enumerator,
	.variable = ps_replay_variable,
	.destroy = ps_replay_types_destroy,
};

static bool ps_replay_lists_variables(const struct ps_snapshot_replay *r)
{
	const char *v;
	struct ps_error *err;

	if (ps_journal_has_prefix(&r->types, "variables "))
		return true;
	if (!ps_journal_get(&r->types, "can list variables", &v, &err))
		return true;
	ps_error_destroy(err);
	return !v || strcmp(v, "0");
}

static struct ps_error *ps_replay_lookup(void *priv, const char *name,
					 uint64_t *ret)
{
	struct ps_snapshot_replay *r = priv;
	_cleanup_free_ char *key = NULL;
	const char *v;
	struct ps_error *err;

	if (asprintf(&key, "lookup %s", name) < 0)
		return ps_error_nomem();
	err = ps_replay_answer(r, &r->symbols, key, &v);
	if (err)
		return err;
	*ret = strtoull(v, NULL, 0);
	return NULL;
}

static struct ps_error *ps_replay_resolve(void *priv, uint64_t addr,
					  const char **name_ret,
					  uint64_t *offset_ret)
{
	struct ps_snapshot_replay *r = priv;
	const char *v, *space;
	struct ps_error *err;
	char key[48];

	snprintf(key, sizeof(key), "resolve %#" PRIx64, addr);
	err = ps_replay_answer(r, &r->symbols, key, &v);
	if (err)
		return err;
	space = strchr(v, ' ');
	if (!space)
		return ps_error_create(PS_ERR_BAD_INPUT, "damaged snapshot: a symbol's answer");
	*offset_ret = strtoull(v, NULL, 0);
	*name_ret = space + 1;	/* lives in the journal's text */
	return NULL;
}

static void ps_replay_symbols_destroy(void *priv)
{
	ps_replay_put(priv);
}

static const struct ps_symbol_ops ps_replay_symbol_ops = {
	.name = "snapshot",
	.lookup = ps_replay_lookup,
	.resolve = ps_replay_resolve,
	.destroy = ps_replay_symbols_destroy,
};

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_replay_bad(const struct ps_snapshot_replay *r,
				      const char *why)
{
	return ps_error_create(PS_ERR_BAD_INPUT, "%s: damaged snapshot: %s",
			       ps_snapshot_path(r->s), why);
}

static bool ps_replay_json_uint(struct json_object *o, const char *key,
				unsigned max, unsigned *ret)
{
	struct json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	n = json_object_get_int64(v);
	if (n < 0 || n > max)
		return false;
	*ret = (unsigned)n;
	return true;
}

static struct ps_error *ps_replay_meta(struct ps_snapshot_replay *r)
{
	_cleanup_free_ char *text = NULL;
	struct json_object *meta, *paging;
	size_t len;
	bool ok;
	struct ps_error *err = ps_snapshot_load(r->s, PS_SNAP_META, (void **)&text, &len);

	if (err)
		return err;
	meta = json_tokener_parse(text);
	ok = meta && json_object_object_get_ex(meta, "paging", &paging) &&
	     ps_replay_json_uint(paging, "page_shift", 16, &r->paging.page_shift) &&
	     ps_replay_json_uint(paging, "pmd_shift", 40, &r->paging.pmd_shift) &&
	     ps_replay_json_uint(paging, "pud_shift", 50, &r->paging.pud_shift) &&
	     r->paging.page_shift >= 12 && r->paging.page_shift < r->paging.pmd_shift &&
	     r->paging.pmd_shift < r->paging.pud_shift;
	json_object_put(meta);
	return ok ? NULL : ps_replay_bad(r, "its description (META) lacks a sane page-table geometry");
}

static struct ps_error *ps_replay_vmcoreinfo_load(struct ps_snapshot_replay *r)
{
	size_t len;
	struct ps_error *err = ps_snapshot_load(r->s, PS_SNAP_VMCOREINFO,
						(void **)&r->vmcoreinfo, &len);

	/* A dump without VMCOREINFO (inside crash) saves none. */
	if (ps_error_is(err, PS_ERR_BAD_INPUT) && !r->vmcoreinfo) {
		ps_error_destroy(err);
		return NULL;
	}
	return err;
}

/* The table of extents, each inside the record; their bytes found. */
static struct ps_error *ps_replay_extents(struct ps_snapshot_replay *r)
{
	unsigned char *buf;
	size_t len, at;
	uint64_t count;
	struct ps_error *err = ps_snapshot_load(r->s, PS_SNAP_EXTENTS, (void **)&buf, &len);

	if (err)
		return err;
	r->extents_record = buf;
	if (len < sizeof(count))
		return ps_replay_bad(r, "the memory record is cut short");
	memcpy(&count, buf, sizeof(count));
	if (count > (len - sizeof(count)) / sizeof(*r->extents))
		return ps_replay_bad(r, "the memory record counts more extents than it holds");
	r->nr_extents = count;
	r->extents = (const struct ps_snapshot_extent *)(buf + sizeof(count));
	r->bytes = calloc(count ? count : 1, sizeof(*r->bytes));
	if (!r->bytes)
		return ps_error_nomem();
	at = sizeof(count) + count * sizeof(*r->extents);
	for (uint64_t i = 0; i < count; i++) {
		if (r->extents[i].len > len - at ||
		    (i && r->extents[i].space < r->extents[i - 1].space))
			return ps_replay_bad(r, "an extent's bytes run past the record");
		r->bytes[i] = buf + at;
		at += r->extents[i].len;
	}
	return NULL;
}

static int ps_replay_memmap_cmp(const void *a, const void *b, void *arg)
{
	const struct ps_snapshot *s = arg;
	uint64_t x = ps_snapshot_entry(s, *(const size_t *)a)->key;
	uint64_t y = ps_snapshot_entry(s, *(const size_t *)b)->key;

	return x < y ? -1 : x > y;
}

static struct ps_error *ps_replay_memmaps(struct ps_snapshot_replay *r)
{
	size_t n = ps_snapshot_nr_records(r->s);

	r->memmaps = calloc(n ? n : 1, sizeof(*r->memmaps));
	if (!r->memmaps)
		return ps_error_nomem();
	for (size_t i = 0; i < n; i++) {
		const struct ps_snapshot_index_entry *e = ps_snapshot_entry(r->s, i);

		if (e->type != PS_SNAP_MEMMAP)
			continue;
		if (!e->key_len || e->key + e->key_len < e->key)
			return ps_replay_bad(r, "a memory map record's range is impossible");
		r->memmaps[r->nr_memmaps++] = i;
	}
	qsort_r(r->memmaps, r->nr_memmaps, sizeof(*r->memmaps), ps_replay_memmap_cmp, r->s);
	for (size_t i = 1; i < r->nr_memmaps; i++) {
		const struct ps_snapshot_index_entry *a = ps_snapshot_entry(r->s, r->memmaps[i - 1]);

		if (a->key + a->key_len > ps_snapshot_entry(r->s, r->memmaps[i])->key)
			return ps_replay_bad(r, "memory map records overlap");
	}
	return NULL;
}

static struct ps_error *ps_replay_journal(struct ps_snapshot_replay *r,
					  enum ps_snapshot_record_type type,
					  char **text, struct ps_journal *j)
{
	size_t len;
	struct ps_error *err = ps_snapshot_load(r->s, type, (void **)text, &len);

	if (err)
		return err;
	return ps_journal_load(j, *text);
}

static struct ps_error *ps_replay_load(struct ps_snapshot_replay *r)
{
	struct ps_error *err = ps_replay_meta(r);

	if (err)
		return err;
	err = ps_replay_vmcoreinfo_load(r);
	if (err)
		return err;
	err = ps_replay_extents(r);
	if (err)
		return err;
	err = ps_replay_memmaps(r);
	if (err)
		return err;
	err = ps_replay_journal(r, PS_SNAP_TYPES, &r->texts[0], &r->types);
	if (err)
		return err;
	err = ps_replay_journal(r, PS_SNAP_SYMBOLS, &r->texts[1], &r->symbols);
	if (err)
		return err;
	return ps_replay_journal(r, PS_SNAP_TRANSLATIONS, &r->texts[2], &r->translations);
}

struct ps_error *ps_snapshot_replay_open(struct ps_snapshot *s, struct ps_mem *mem_ret,
					 struct ps_types *types_ret,
					 struct ps_symbols *symbols_ret)
{
	struct ps_snapshot_replay *r = calloc(1, sizeof(*r));
	struct ps_error *err;

	if (!r) {
		ps_snapshot_close(s);
		return ps_error_nomem();
	}
	r->s = s;
	r->refs = 1;
	err = ps_replay_load(r);
	if (!err)
		err = ps_replay_mem_make(r, mem_ret);
	if (err) {
		ps_replay_put(r);
		return err;
	}
	/* The first reference is the types provider's; symbols take one more. */
	r->refs++;
	*types_ret = (struct ps_types){ ps_replay_lists_variables(r) ? &ps_replay_type_ops
								   : &ps_replay_type_ops_no_list, r };
	*symbols_ret = (struct ps_symbols){ &ps_replay_symbol_ops, r };
	return NULL;
}
