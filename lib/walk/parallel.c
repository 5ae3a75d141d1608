// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/memmodel.h"
#include "walk/parallel.h"
#include "kernel/percpu.h"
#include "target/target.h"

enum { PS_MAX_PARTS = 64 };

unsigned ps_parallel_parts(void)
{
	const char *env = getenv("PAGESCOPE_THREADS");
	long n = env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > PS_MAX_PARTS ? PS_MAX_PARTS : (unsigned)n;
}

/*
 * Boundaries on gigablock edges (so no gigablock or pageblock is split),
 * with about the same number of sections on each side.
 */
static unsigned ps_cut(const struct ps_memmodel *m, unsigned parts,
		       uint64_t *bounds)
{
	unsigned n = 0;
	size_t per = (m->nr_sections + parts - 1) / parts;

	bounds[n++] = 0;
	for (size_t i = per; i < m->nr_sections && n < parts; i += per) {
		uint64_t pfn = (m->sections[i].nr << m->section_shift) >>
			       m->pud_order << m->pud_order;

		if (pfn > bounds[n - 1])
			bounds[n++] = pfn;
	}
	bounds[n] = UINT64_MAX;
	return n;
}

struct ps_part_run {
	struct ps_part part;
	struct ps_error *(*fn)(struct ps_part *);
	struct ps_error *err;
	pthread_t thread;
	bool started;
};

static void *ps_part_main(void *arg)
{
	struct ps_part_run *r = arg;

	r->err = r->fn(&r->part);
	return NULL;
}

static struct ps_error *ps_parts_prepare(struct ps_target *t,
					 struct ps_part_run *runs, unsigned n,
					 const uint64_t *bounds, void **args)
{
	struct ps_error *err;

	for (unsigned i = 0; i < n; i++) {
		struct ps_part *p = &runs[i].part;

		p->t = t;
		p->index = i;
		p->start = bounds[i];
		p->end = bounds[i + 1];
		p->arg = args[i];
		if (!i) {
			p->mem = t->mem;
			continue;
		}
		err = t->mem.ops->clone(t->mem.priv, &p->mem);
		if (err)
			return err;
	}
	return NULL;
}

/* Start parts 1..n-1 in threads (in this one when a thread will not start). */
static void ps_parts_start(struct ps_part_run *runs, unsigned n,
			   struct ps_error *(*fn)(struct ps_part *))
{
	for (unsigned i = 1; i < n; i++) {
		runs[i].fn = fn;
		runs[i].started = !pthread_create(&runs[i].thread, NULL,
						  ps_part_main, &runs[i]);
		if (!runs[i].started)
			ps_part_main(&runs[i]);
	}
}

static struct ps_error *ps_parts_run(struct ps_target *t,
				     struct ps_part_run *runs, unsigned n,
				     const uint64_t *bounds, void **args,
				     struct ps_error *(*fn)(struct ps_part *))
{
	struct ps_error *err = ps_parts_prepare(t, runs, n, bounds, args);

	if (err)
		return err;
	ps_parts_start(runs, n, fn);
	return fn(&runs[0].part);
}

/* The first error of @err and the parts' errors; the others are freed. */
static struct ps_error *ps_parts_first_error(struct ps_part_run *runs,
					     unsigned n, struct ps_error *err)
{
	for (unsigned i = 1; i < n; i++) {
		if (err)
			ps_error_destroy(runs[i].err);
		else
			err = runs[i].err;
	}
	return err;
}

static void ps_parts_finish(struct ps_part_run *runs, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		if (runs[i].started)
			pthread_join(runs[i].thread, NULL);
		if (runs[i].part.mem.ops)
			runs[i].part.mem.ops->destroy(runs[i].part.mem.priv);
	}
}

struct ps_error *ps_parallel_walk(struct ps_target *t, unsigned max_parts,
				  struct ps_error *(*fn)(struct ps_part *),
				  void **args, unsigned *nr_parts_ret)
{
	const struct ps_memmodel *m;
	const struct ps_percpu *pc;
	struct ps_part_run runs[PS_MAX_PARTS];
	uint64_t bounds[PS_MAX_PARTS + 1];
	unsigned n;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	/* Build what the threads share before they start: they only read it. */
	ps_error_destroy(ps_percpu_get(t, &pc));
	if (max_parts > PS_MAX_PARTS)
		max_parts = PS_MAX_PARTS;
	n = ps_cut(m, t->mem.ops->clone ? max_parts : 1, bounds);
	memset(runs, 0, sizeof(runs));
	err = ps_parts_run(t, runs, n, bounds, args, fn);
	ps_parts_finish(runs, n);
	*nr_parts_ret = n;
	return ps_parts_first_error(runs, n, err);
}
