// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "kernel/percpu.h"
#include "target/target.h"

static struct ps_error *ps_read_cpumask(struct ps_target *t,
					const struct ps_lval *sym,
					const char *name, unsigned nr,
					bool *ret)
{
	uint64_t addr, words[8];
	struct ps_error *err = ps_target_symbol_addr(t, sym, name, &addr);

	if (err)
		return ps_error_prefix(err, "reading %s", name);
	for (unsigned base = 0; base < nr; base += 64 * 8) {
		err = ps_target_read(t, PS_KVADDR, addr + base / 8, words,
				     sizeof(words));
		if (err)
			return ps_error_prefix(err, "reading %s", name);
		for (unsigned cpu = base; cpu < nr && cpu < base + 512; cpu++)
			ret[cpu] = words[(cpu - base) / 64] >> (cpu % 64) & 1;
	}
	return NULL;
}

static struct ps_error *ps_read_nr_cpu_ids(struct ps_target *t, uint32_t *ret)
{
	uint64_t addr;
	struct ps_error *err;

	err = ps_target_symbol_addr(t, &t->layout.sym_nr_cpu_ids, "nr_cpu_ids",
				    &addr);
	if (err)
		return err;
	err = ps_target_read_u32(t, addr, ret);
	if (err)
		return err;
	if (*ret == 0 || *ret > 65536)
		return ps_error_at(PS_ERR_CORRUPT, addr,
				   "nr_cpu_ids is %u: not a CPU count", *ret);
	return NULL;
}

static struct ps_error *ps_percpu_read(struct ps_target *t, struct ps_percpu *p)
{
	const struct ps_layout *L = &t->layout;
	uint64_t addr;
	uint32_t nr;
	struct ps_error *err;

	err = ps_read_nr_cpu_ids(t, &nr);
	if (err)
		return err;
	p->nr_cpu_ids = nr;
	p->offset = calloc(nr, sizeof(*p->offset));
	p->possible = calloc(nr, sizeof(*p->possible));
	p->online = calloc(nr, sizeof(*p->online));
	if (!p->offset || !p->possible || !p->online)
		return ps_error_nomem();
	err = ps_target_symbol_addr(t, &L->sym_per_cpu_offset,
				    "__per_cpu_offset", &addr);
	if (err)
		return err;
	err = ps_target_read(t, PS_KVADDR, addr, p->offset,
			     nr * sizeof(*p->offset));
	if (err)
		return err;
	err = ps_read_cpumask(t, &L->sym_cpu_possible_mask,
			      "__cpu_possible_mask", nr, p->possible);
	if (err)
		return err;
	return ps_read_cpumask(t, &L->sym_cpu_online_mask, "__cpu_online_mask",
			       nr, p->online);
}

static void ps_percpu_free(void *p)
{
	ps_percpu_destroy(p);
}

struct ps_error *ps_percpu_get(struct ps_target *t,
			       const struct ps_percpu **ret)
{
	struct ps_percpu *p = ps_target_slot(t, PS_SLOT_PERCPU);
	struct ps_error *err;

	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return ps_error_nomem();
		err = ps_percpu_read(t, p);
		if (err) {
			ps_percpu_destroy(p);
			return ps_error_prefix(err, "per-cpu areas");
		}
		ps_target_slot_set(t, PS_SLOT_PERCPU, p, ps_percpu_free);
	}
	*ret = p;
	return NULL;
}

void ps_percpu_destroy(struct ps_percpu *p)
{
	if (!p)
		return;
	free(p->offset);
	free(p->possible);
	free(p->online);
	free(p);
}
