// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "kernel/memmodel.h"
#include "layout/features.h"
#include "walk/pageblock.h"
#include "target/target.h"

static struct ps_error *ps_pb_missing(const char *what)
{
	return ps_error_create(PS_ERR_UNSUPPORTED,
			       "this kernel's layout lacks %s: cannot read pageblocks",
			       what);
}

/* The string the pointer at @addr points to. */
static struct ps_error *ps_pb_read_name(struct ps_target *t, uint64_t addr,
					char *buf, size_t len)
{
	uint64_t ptr;
	struct ps_error *err = ps_target_read_u64(t, addr, &ptr);

	if (err)
		return err;
	return ps_target_read_string(t, ptr, buf, len);
}

/* migratetype_names[] as the kernel prints them in /proc/pagetypeinfo. */
static void ps_pb_read_names(struct ps_pageblock_bits *b, struct ps_target *t)
{
	uint64_t addr;
	struct ps_error *err;

	for (unsigned mt = 0; mt < b->nr_types; mt++)
		snprintf(b->names[mt], sizeof(b->names[mt]), "type%u", mt);
	if (!t)
		return;
	err = ps_target_symbol_addr(t, &t->layout.sym_migratetype_names,
				    "migratetype_names", &addr);
	if (err) {
		ps_error_destroy(err);
		return;
	}
	/* A name is a nicety: failing to read one is no error. */
	for (unsigned mt = 0; mt < b->nr_types; mt++)
		ps_error_destroy(ps_pb_read_name(t, addr + 8 * mt, b->names[mt],
						 sizeof(b->names[mt])));
}

/* Until v6.17: PB_migrate..PB_migrate_end, and NR_PAGEBLOCK_BITS itself. */
static bool ps_pb_bits_range(struct ps_pageblock_bits *b,
			     const struct ps_layout *L)
{
	if (!L->nr_pageblock_bits.present || !L->pb_migrate.present ||
	    !L->pb_migrate_end.present ||
	    L->pb_migrate_end.value < L->pb_migrate.value ||
	    L->pb_migrate_end.value - L->pb_migrate.value >= 8)
		return false;
	b->nr_bits = (unsigned)L->nr_pageblock_bits.value;
	b->mt_shift = (unsigned)L->pb_migrate.value;
	b->mt_mask = (1ULL << (L->pb_migrate_end.value - L->pb_migrate.value + 1)) - 1;
	return true;
}

static unsigned ps_roundup_pow2(unsigned n)
{
	unsigned p = 1;

	while (p < n && p < 64)
		p <<= 1;
	return p;
}

/*
 * v6.17+: one enumerator per migratetype bit (PB_migrate_0, _1, ...), and
 * NR_PAGEBLOCK_BITS became roundup_pow_of_two(__NR_PAGEBLOCK_BITS), a
 * macro: the rule is applied here.
 */
static bool ps_pb_bits_each(struct ps_pageblock_bits *b,
			    const struct ps_layout *L)
{
	const struct ps_lval *bit[] = { &L->pb_migrate_0, &L->pb_migrate_1,
					&L->pb_migrate_2, &L->pb_migrate_3 };
	unsigned n = 0;

	if (!L->nr_pageblock_bits_raw.present || !L->pb_migrate_0.present ||
	    L->nr_pageblock_bits_raw.value <= 0 ||
	    L->nr_pageblock_bits_raw.value > 64)
		return false;
	while (n < 4 && bit[n]->present &&
	       bit[n]->value == L->pb_migrate_0.value + n)
		n++;
	b->nr_bits = ps_roundup_pow2((unsigned)L->nr_pageblock_bits_raw.value);
	b->mt_shift = (unsigned)L->pb_migrate_0.value;
	b->mt_mask = (1ULL << n) - 1;
	return true;
}

/* A block's bits must tile the words, and its migratetype fit the block. */
static struct ps_error *ps_pb_bits_sane(const struct ps_pageblock_bits *b)
{
	unsigned width = (unsigned)__builtin_popcountll(b->mt_mask);

	if (!b->nr_bits || 64 % b->nr_bits)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "NR_PAGEBLOCK_BITS is %u: blocks would straddle words",
				       b->nr_bits);
	if (b->mt_shift >= b->nr_bits || b->mt_shift + width > b->nr_bits)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "migratetype bits %u..%u do not fit a pageblock's %u bits",
				       b->mt_shift, b->mt_shift + width - 1, b->nr_bits);
	return NULL;
}

struct ps_error *ps_pageblock_bits_init(struct ps_pageblock_bits *b,
					const struct ps_layout *L,
					struct ps_target *t)
{
	struct ps_error *err;

	memset(b, 0, sizeof(*b));
	err = ps_feature_require(L, PS_FEAT_pageblocks);
	if (err)
		return err;
	if (!ps_pb_bits_range(b, L) && !ps_pb_bits_each(b, L))
		return ps_pb_missing("enum pageblock_bits");
	if (L->migrate_types.value > PS_MAX_MIGRATETYPES)
		return ps_pb_missing("enum migratetype");
	err = ps_pb_bits_sane(b);
	if (err)
		return err;
	b->skip_bit = L->pb_migrate_skip.present ? (int)L->pb_migrate_skip.value
		      : L->pb_compact_skip.present ? (int)L->pb_compact_skip.value
						    : -1;
	/* Newer kernels isolate with a bit of its own, older with a type. */
	b->isolate_bit = L->pb_migrate_isolate.present
				 ? (int)L->pb_migrate_isolate.value
				 : -1;
	b->nr_types = (unsigned)L->migrate_types.value;
	b->isolate_type = L->migrate_isolate.present
				  ? (int)L->migrate_isolate.value
				  : -1;
	b->movable_type = L->migrate_movable.present
				  ? (int)L->migrate_movable.value
				  : -1;
	b->cma_type = L->migrate_cma.present ? (int)L->migrate_cma.value : -1;
	ps_pb_read_names(b, t);
	return NULL;
}

void ps_pageblock_decode(const struct ps_pageblock_bits *b,
			 const uint64_t *words, size_t index,
			 struct ps_pageblock *ret)
{
	size_t bitidx = index * b->nr_bits;
	uint64_t word = words[bitidx / 64] >> (bitidx % 64);
	uint64_t mask = b->nr_bits < 64 ? (1ULL << b->nr_bits) - 1 : ~0ULL;

	ret->raw = (uint8_t)(word & mask);
	ret->migratetype = (uint8_t)((word >> b->mt_shift) & b->mt_mask);
	ret->skip = b->skip_bit >= 0 && (word >> b->skip_bit) & 1;
	ret->isolate = (b->isolate_bit >= 0 && (word >> b->isolate_bit) & 1) ||
		       (b->isolate_type >= 0 &&
			ret->migratetype == (unsigned)b->isolate_type);
}

const char *ps_migratetype_name(const struct ps_pageblock_bits *b, unsigned mt)
{
	return mt < b->nr_types ? b->names[mt] : "invalid";
}

struct ps_error *ps_pageblock_read_section(struct ps_target *t,
					   const struct ps_pageblock_bits *b,
					   uint64_t pfn,
					   struct ps_pageblock *ret,
					   size_t *nr_ret)
{
	return ps_pageblock_read_section_mem(t, &t->mem, b, pfn, ret, nr_ret);
}

struct ps_error *ps_pageblock_read_section_mem(struct ps_target *t,
					       const struct ps_mem *mem,
					       const struct ps_pageblock_bits *b,
					       uint64_t pfn,
					       struct ps_pageblock *ret,
					       size_t *nr_ret)
{
	const struct ps_memmodel *m;
	const struct ps_section *s;
	uint64_t words[64], first;
	size_t nr_blocks, nr_words;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	if (!t->layout.usage_pageblock_flags.present)
		return ps_pb_missing("mem_section_usage.pageblock_flags");
	s = ps_memmodel_section(m, pfn);
	nr_blocks = (size_t)(m->pages_per_section >> m->pageblock_order);
	nr_words = (nr_blocks * b->nr_bits + 63) / 64;
	if (!s || !s->usage)
		return ps_error_create(PS_ERR_FAULT,
				       "pfn %#llx: no memory section with pageblock bits",
				       (unsigned long long)pfn);
	if (nr_words > sizeof(words) / sizeof(words[0]))
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%zu pageblocks per section: too many", nr_blocks);
	err = ps_mem_read(mem, PS_KVADDR,
			  s->usage + ps_off(&t->layout.usage_pageblock_flags),
			  words, nr_words * sizeof(words[0]));
	if (err)
		return ps_error_prefix(err, "pageblock bits of section %llu",
				       (unsigned long long)s->nr);
	first = s->nr << m->section_shift;
	for (size_t i = 0; i < nr_blocks; i++) {
		ps_pageblock_decode(b, words, i, &ret[i]);
		ret[i].pfn = first + ((uint64_t)i << m->pageblock_order);
	}
	*nr_ret = nr_blocks;
	return NULL;
}

/*
 * The zone of the page at @pfn, as page_zone() would say: when only one
 * zone spans @pfn the spans say it, else read its flags.
 */
static struct ps_error *ps_pb_sample_zone(struct ps_target *t,
					  const struct ps_memmodel *m,
					  uint64_t pfn, const struct ps_zone **ret)
{
	const struct ps_zone *found = NULL;
	unsigned spanning = 0;
	uint64_t flags, addr;
	struct ps_error *err;

	for (size_t i = 0; i < m->nr_zones; i++) {
		const struct ps_zone *z = &m->zones[i];

		if (z->spanned && pfn >= z->start_pfn &&
		    pfn < z->start_pfn + z->spanned) {
			found = z;
			spanning++;
		}
	}
	*ret = found;
	if (spanning < 2)
		return NULL;
	addr = ps_memmodel_page_addr(m, (uint64_t)t->layout.page_size.value, pfn);
	err = ps_target_read_u64(t, addr + ps_off(&t->layout.page_flags), &flags);
	if (err)
		return err;
	*ret = ps_memmodel_zone_of_page(m, pfn, flags);
	return NULL;
}

struct ps_error *ps_pageblock_count_zone(struct ps_target *t,
					 const struct ps_pageblock_bits *b,
					 const struct ps_zone *zone,
					 uint64_t *counts)
{
	const struct ps_memmodel *m;
	struct ps_pageblock blocks[512];
	uint64_t section = UINT64_MAX, end = zone->start_pfn + zone->spanned;
	size_t nr = 0;
	struct ps_error *err = ps_memmodel_get(t, &m);

	memset(counts, 0, b->nr_types * sizeof(*counts));
	if (err)
		return err;
	for (uint64_t pfn = zone->start_pfn; pfn < end;
	     pfn += 1ULL << m->pageblock_order) {
		const struct ps_section *s = ps_memmodel_section(m, pfn);
		const struct ps_zone *z;
		const struct ps_pageblock *pb;

		if (!s || !s->online)
			continue;
		if (s->nr != section) {
			section = s->nr;
			err = ps_pageblock_read_section(t, b, pfn, blocks, &nr);
			if (err)
				return err;
		}
		err = ps_pb_sample_zone(t, m, pfn, &z);
		if (err)
			return err;
		if (z != zone)
			continue;
		pb = &blocks[(pfn & (m->pages_per_section - 1)) >> m->pageblock_order];
		if (pb->migratetype < b->nr_types)
			counts[pb->migratetype]++;
	}
	return NULL;
}
