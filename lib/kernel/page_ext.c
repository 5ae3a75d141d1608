// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel/memmodel.h"
#include "kernel/page_ext.h"

/*
 * mem_section.page_ext is stored minus the section's first pfn times
 * page_ext_size (lookup_page_ext()). Its low bit marks it invalid
 * (PAGE_EXT_INVALID, a #define); being a pointer, any low bit set means
 * no records.
 */
static const uint64_t ps_page_ext_low_bits = 7;

/* page_ext_size: bytes per pfn, all clients included. */
static struct ps_error *ps_page_ext_size(struct ps_target *t, uint64_t *ret)
{
	uint64_t addr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_page_ext_size, "page_ext_size", &addr);
	if (err)
		return err;
	err = ps_target_read_u64(t, addr, ret);
	if (err)
		return err;
	/* a few words per client; 0 when none was wanted at boot */
	if (*ret > 4096)
		return ps_error_create(PS_ERR_CORRUPT, "page_ext_size %llu is not a record size",
				       (unsigned long long)*ret);
	return NULL;
}

static struct ps_error *ps_page_ext_present(struct ps_target *t)
{
	if (!t->layout.mem_section_page_ext.present || !t->layout.sym_page_ext_size.present)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: kernel built without CONFIG_PAGE_EXTENSION");
	return NULL;
}

struct ps_error *ps_page_ext_section(struct ps_target *t, const struct ps_section *s,
				     uint64_t first_pfn, uint64_t *addr_ret,
				     uint64_t *stride_ret)
{
	uint64_t size;
	struct ps_error *err = ps_page_ext_present(t);

	if (err)
		return err;
	if (!s->page_ext || (s->page_ext & ps_page_ext_low_bits))
		return ps_error_create(PS_ERR_NO_SYMBOL,
				       "section %llu has no page extensions (page_ext %#llx)",
				       (unsigned long long)s->nr, (unsigned long long)s->page_ext);
	err = ps_page_ext_size(t, &size);
	if (err)
		return err;
	if (!size)
		return ps_error_create(PS_ERR_NO_SYMBOL, "no page extension was wanted at boot");
	*addr_ret = s->page_ext + first_pfn * size;
	*stride_ret = size;
	return NULL;
}

struct ps_error *ps_page_ext_entry(struct ps_target *t, uint64_t pfn,
				   uint64_t *ret)
{
	const struct ps_memmodel *m;
	const struct ps_section *s;
	uint64_t stride;
	struct ps_error *err = ps_page_ext_present(t);

	if (err)
		return err;
	err = ps_memmodel_get(t, &m);
	if (err)
		return err;
	s = ps_memmodel_section(m, pfn);
	if (!s)
		return ps_error_create(PS_ERR_NO_SYMBOL, "pfn %#llx is in no present section",
				       (unsigned long long)pfn);
	return ps_page_ext_section(t, s, pfn, ret, &stride);
}

struct ps_error *ps_page_ext_client(struct ps_target *t, const struct ps_lval *ops,
				    const char *name, const char *config,
				    uint64_t *offset_ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t addr, offset, csize, size;
	struct ps_error *err;

	if (!ops->present || !L->page_ext_ops_offset.present || !L->page_ext_ops_size.present)
		return ps_error_create(PS_ERR_UNSUPPORTED, "n/a: kernel built without %s", config);
	err = ps_target_symbol_addr(t, ops, name, &addr);
	if (err)
		return err;
	err = ps_target_read_u64(t, addr + ps_off(&L->page_ext_ops_offset), &offset);
	if (err)
		return ps_error_prefix(err, "reading %s.offset", name);
	err = ps_page_ext_size(t, &size);
	if (err)
		return err;
	err = ps_target_read_u64(t, addr + ps_off(&L->page_ext_ops_size), &csize);
	if (err)
		return ps_error_prefix(err, "reading %s.size", name);
	/*
	 * invoke_need_callbacks() gives each client wanted at boot the
	 * running page_ext_size as offset; the others keep 0. So 0 is a
	 * wanted client's only when no flags word comes first and it is
	 * alone (a first of several is taken for unwanted: a known gap).
	 */
	if (!offset && csize != size)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: %s was off at boot (%s.offset is 0)", config, name);
	if (!csize || offset + csize > size)
		return ps_error_create(PS_ERR_CORRUPT,
				       "%s: offset %llu + size %llu is past page_ext_size %llu",
				       name, (unsigned long long)offset,
				       (unsigned long long)csize, (unsigned long long)size);
	*offset_ret = offset;
	return NULL;
}
