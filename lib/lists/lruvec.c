// SPDX-License-Identifier: GPL-2.0-or-later
#include "lists/lruvec.h"
#include "lists/memcg.h"
#include "kernel/memmodel.h"
#include "target/target.h"

/* memcg_data's low bits (MEMCG_DATA_OBJEXTS, _KMEM) mark no LRU folio's memcg. */
enum { PS_MEMCG_DATA_FLAGS = 0x3 };

static struct ps_error *ps_lruvec_of(struct ps_target *t, uint64_t memcg_data,
				     int nid, uint64_t *ret)
{
	const struct ps_layout *L = &t->layout;
	struct ps_memcg memcg = { .addr = memcg_data & ~(uint64_t)PS_MEMCG_DATA_FLAGS };
	const struct ps_memmodel *m;
	uint64_t pn;
	struct ps_error *err;

	if (!memcg.addr && L->sym_root_mem_cgroup.present) {
		uint64_t addr;

		err = ps_target_symbol_addr(t, &L->sym_root_mem_cgroup, "root_mem_cgroup", &addr);
		if (err)
			return err;
		err = ps_target_read_u64(t, addr, &memcg.addr);
		if (err)
			return err;
	}
	if (memcg.addr && memcg_data && L->memcg_pn_objcg.present) {
		if (!L->objcg_memcg.present)
			return ps_error_create(PS_ERR_UNSUPPORTED, "no obj_cgroup.memcg in the debug info");
		err = ps_target_read_u64(t, memcg.addr + ps_off(&L->objcg_memcg), &memcg.addr);
		if (err)
			return err;
	}
	if (memcg.addr && L->memcg_pn_lruvec.present) {
		err = ps_memcg_nodeinfo(t, &memcg, nid, &pn);
		if (err)
			return err;
		if (!pn)
			return ps_error_create(PS_ERR_CORRUPT, "memcg %#llx has no nodeinfo[%d]",
					       (unsigned long long)memcg.addr, nid);
		*ret = pn + ps_off(&L->memcg_pn_lruvec);
		return NULL;
	}
	/* Without memcgs the node's own lruvec holds every folio. */
	if (!L->pgdat_lruvec.present)
		return ps_error_create(PS_ERR_UNSUPPORTED, "no lruvec in the debug info");
	err = ps_memmodel_get(t, &m);
	if (err)
		return err;
	for (size_t i = 0; i < m->nr_nodes; i++) {
		if (m->nodes[i].nid == nid) {
			*ret = m->nodes[i].pgdat + ps_off(&L->pgdat_lruvec);
			return NULL;
		}
	}
	return ps_error_create(PS_ERR_CORRUPT, "no node %d", nid);
}

struct ps_error *ps_lruvec_seq(struct ps_target *t, uint64_t memcg_data,
			       int nid, struct ps_lruvec_seq *ret)
{
	const struct ps_layout *L = &t->layout;
	bool folio = L->lrugen_max_seq.present;
	const struct ps_lval *max = folio ? &L->lrugen_max_seq : &L->lrugen61_max_seq;
	const struct ps_lval *min = folio ? &L->lrugen_min_seq : &L->lrugen61_min_seq;
	uint64_t lrugen;
	struct ps_error *err;

	if (!L->lruvec_lrugen.present || !max->present || !min->present ||
	    min->nr_elems != 2 || min->elem_size != sizeof(uint64_t))
		return ps_error_create(PS_ERR_UNSUPPORTED, "no lruvec->lrugen max_seq and min_seq in the debug info");
	err = ps_lruvec_of(t, memcg_data, nid, &ret->lruvec);
	if (err)
		return ps_error_prefix(err, "the folio's lruvec");
	lrugen = ret->lruvec + ps_off(&L->lruvec_lrugen);
	err = ps_target_read(t, PS_KVADDR, lrugen + ps_off(max), &ret->max_seq, sizeof(ret->max_seq));
	if (err)
		return ps_error_prefix(err, "reading lruvec %#llx's max_seq",
				       (unsigned long long)ret->lruvec);
	err = ps_target_read(t, PS_KVADDR, lrugen + ps_off(min), ret->min_seq, sizeof(ret->min_seq));
	if (err)
		return ps_error_prefix(err, "reading lruvec %#llx's min_seq",
				       (unsigned long long)ret->lruvec);
	return NULL;
}

struct ps_error *ps_lruvec_folio_gen(struct ps_target *t, const struct ps_flags_layout *fl,
				     uint64_t folio_flags, uint64_t memcg_data, int nid,
				     struct ps_flags_fields *ff, struct ps_lruvec_seq *seq,
				     bool *on_list_ret)
{
	ps_flags_fields_decode(fl, folio_flags, ff);
	*on_list_ret = ff->gen_stored != 0;
	if (!*on_list_ret)
		return NULL;
	return ps_lruvec_seq(t, memcg_data, nid, seq);
}
