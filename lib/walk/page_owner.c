// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "kernel/page_ext.h"
#include "layout/buf.h"
#include "walk/page_owner.h"

static bool ps_page_owner_layout(const struct ps_layout *L)
{
	return L->page_owner_size.present && L->page_owner_order.present &&
	       L->page_owner_gfp_mask.present &&
	       L->page_owner_handle.present && L->page_owner_pid.present &&
	       L->page_owner_comm.present && L->page_ext_flags.present &&
	       L->page_ext_owner.present && L->page_ext_owner_allocated.present;
}

/* Every member inside the struct, so decoding stays in the buffer. */
static bool ps_page_owner_members_fit(const struct ps_layout *L)
{
	const struct ps_lval *m[] = {
		&L->page_owner_order, &L->page_owner_gfp_mask, &L->page_owner_handle,
		&L->page_owner_free_handle, &L->page_owner_pid, &L->page_owner_tgid,
		&L->page_owner_ts_nsec, &L->page_owner_comm,
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i]->present && (m[i]->value < 0 ||
				      (uint64_t)m[i]->value + m[i]->size >
					      (uint64_t)L->page_owner_size.value))
			return false;
	return true;
}

static bool ps_bit(uint64_t word, int64_t bit)
{
	return bit >= 0 && bit < 64 && (word >> bit) & 1;
}

/* The bytes of a record member, or 0 for a member this kernel lacks. */
static uint64_t ps_opt(const unsigned char *rec, const struct ps_lval *m)
{
	return m->present ? ps_get_member(rec, m) : 0;
}

static void ps_page_owner_decode(const struct ps_layout *L, const unsigned char *rec,
				 struct ps_page_owner *ret)
{
	const struct ps_lval *comm = &L->page_owner_comm;
	size_t n = comm->size < sizeof(ret->comm) ? comm->size : sizeof(ret->comm) - 1;

	ret->order = (unsigned)ps_get_member(rec, &L->page_owner_order);
	ret->gfp_mask = ps_get_member(rec, &L->page_owner_gfp_mask);
	ret->handle = (uint32_t)ps_get_member(rec, &L->page_owner_handle);
	ret->free_handle = (uint32_t)ps_opt(rec, &L->page_owner_free_handle);
	ret->pid = (int32_t)ps_get_member(rec, &L->page_owner_pid);
	ret->tgid = (int32_t)ps_opt(rec, &L->page_owner_tgid);
	ret->ts_nsec = ps_opt(rec, &L->page_owner_ts_nsec);
	memcpy(ret->comm, rec + comm->value, n);
	ret->comm[n] = '\0';
}

struct ps_error *ps_page_owner_read(struct ps_target *t, uint64_t pfn,
				    struct ps_page_owner *ret)
{
	const struct ps_layout *L = &t->layout;
	unsigned char rec[512];
	uint64_t ext, offset, flags;
	struct ps_error *err;

	if (!ps_page_owner_layout(L))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: kernel built without CONFIG_PAGE_OWNER");
	err = ps_page_ext_client(t, &L->sym_page_owner_ops, "page_owner_ops",
				 "CONFIG_PAGE_OWNER (boot with page_owner=on)", &offset);
	if (err)
		return err;
	err = ps_page_ext_entry(t, pfn, &ext);
	if (err)
		return err;
	err = ps_target_read_u64(t, ext + ps_off(&L->page_ext_flags), &flags);
	if (err)
		return ps_error_prefix(err, "reading pfn %#llx's page_ext", (unsigned long long)pfn);
	if (!ps_bit(flags, L->page_ext_owner.value))
		return ps_error_create(PS_ERR_NO_SYMBOL, "no owner recorded for pfn %#llx",
				       (unsigned long long)pfn);
	if ((uint64_t)L->page_owner_size.value > sizeof(rec) || !ps_page_owner_members_fit(L))
		return ps_error_create(PS_ERR_UNSUPPORTED, "struct page_owner of %lld bytes: at most %zu handled",
				       (long long)L->page_owner_size.value, sizeof(rec));
	memset(rec, 0, sizeof(rec));
	err = ps_target_read(t, PS_KVADDR, ext + offset, rec, (size_t)L->page_owner_size.value);
	if (err)
		return ps_error_prefix(err, "reading pfn %#llx's page_owner", (unsigned long long)pfn);
	memset(ret, 0, sizeof(*ret));
	ps_page_owner_decode(L, rec, ret);
	ret->allocated = ps_bit(flags, L->page_ext_owner_allocated.value);
	return NULL;
}

static bool ps_alloc_tag_layout(const struct ps_layout *L)
{
	return L->codetag_ref_ct.present && L->codetag_function.present &&
	       L->codetag_filename.present && L->codetag_lineno.present;
}

static struct ps_error *ps_codetag_string(struct ps_target *t, uint64_t tag,
					  const struct ps_lval *m, char *buf, size_t len)
{
	uint64_t s;
	struct ps_error *err;

	buf[0] = '\0';
	if (!m->present)
		return NULL;
	err = ps_target_read_u64(t, tag + ps_off(m), &s);
	if (err || !s)
		return err;
	return ps_target_read_string(t, s, buf, len);
}

static struct ps_error *ps_codetag_read(struct ps_target *t, uint64_t tag,
					struct ps_alloc_tag_info *ret)
{
	const struct ps_layout *L = &t->layout;
	uint32_t lineno;
	struct ps_error *err;

	memset(ret, 0, sizeof(*ret));
	ret->tag = tag;
	err = ps_target_read_u32(t, tag + ps_off(&L->codetag_lineno), &lineno);
	if (err)
		return err;
	ret->lineno = lineno;
	err = ps_codetag_string(t, tag, &L->codetag_function, ret->function,
				sizeof(ret->function));
	if (err)
		return err;
	err = ps_codetag_string(t, tag, &L->codetag_filename, ret->filename,
				sizeof(ret->filename));
	if (err)
		return err;
	return ps_codetag_string(t, tag, &L->codetag_modname, ret->modname,
				 sizeof(ret->modname));
}

struct ps_error *ps_page_alloc_tag_read(struct ps_target *t, uint64_t pfn,
					struct ps_alloc_tag_info *ret)
{
	const struct ps_layout *L = &t->layout;
	uint64_t ext, offset, ct;
	struct ps_error *err;

	if (!ps_alloc_tag_layout(L))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "n/a: kernel built without CONFIG_MEM_ALLOC_PROFILING");
	err = ps_page_ext_client(t, &L->sym_page_alloc_tagging_ops, "page_alloc_tagging_ops",
				 "CONFIG_MEM_ALLOC_PROFILING", &offset);
	if (err)
		return err;
	err = ps_page_ext_entry(t, pfn, &ext);
	if (err)
		return err;
	err = ps_target_read_u64(t, ext + offset + ps_off(&L->codetag_ref_ct), &ct);
	if (err)
		return ps_error_prefix(err, "reading pfn %#llx's code tag reference",
				       (unsigned long long)pfn);
	/* NULL: no tag; CODETAG_EMPTY (1) and other unaligned values: no tag either */
	if (!ct || (ct & 7))
		return ps_error_create(PS_ERR_NO_SYMBOL, "no code tag for pfn %#llx",
				       (unsigned long long)pfn);
	return ps_alloc_tag_info_read(t, ct, ret);
}

struct ps_error *ps_alloc_tag_info_read(struct ps_target *t, uint64_t tag,
					struct ps_alloc_tag_info *ret)
{
	/* codetag_ref.ct points at the struct codetag inside the alloc_tag */
	struct ps_error *err = ps_codetag_read(t, tag, ret);

	if (err)
		return ps_error_prefix(err, "reading the code tag at %#llx",
				       (unsigned long long)tag);
	ret->tag = tag;
	return NULL;
}
