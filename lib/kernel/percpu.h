/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-cpu data: which CPUs exist and where each CPU's copy of a per-cpu
 * variable lives: its address plus __per_cpu_offset[cpu]. The address is
 * the link address while per-cpu data is zero-based (x86-64 before
 * v6.15), else the runtime one (ps_target_symbol_addr() does both).
 */
#ifndef PS_PERCPU_H
#define PS_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

struct ps_target;

struct ps_percpu {
	unsigned nr_cpu_ids;
	uint64_t *offset;	/* [nr_cpu_ids] */
	bool *possible;		/* [nr_cpu_ids] */
	bool *online;		/* [nr_cpu_ids] */
};

/* The target's per-cpu geometry, read on first use. Owned by the target. */
struct ps_error *ps_percpu_get(struct ps_target *t,
			       const struct ps_percpu **ret);
void ps_percpu_destroy(struct ps_percpu *p);

/* CPU @cpu's copy of the __percpu pointer or per-cpu symbol @ptr. */
static inline uint64_t ps_percpu_addr(const struct ps_percpu *p, uint64_t ptr,
				      unsigned cpu)
{
	return ptr + p->offset[cpu];
}

#endif
