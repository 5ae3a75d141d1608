// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * walkbench: time the struct page walk alone (open excluded), and the
 * walk plus per-flag counting, on one dump. Prints one line per phase:
 * "PHASE seconds pages pages/s"; PHASE-cpu is its CPU time (all threads),
 * which a loaded machine disturbs less than the wall clock; read is the
 * walk's reads alone, the memory map a chunk at a time through the
 * reader's view with nothing decoded (what getting the bytes costs);
 * memcpy is the host's copy bandwidth in struct pages per second, the
 * walk's limit. The -par phases do the same on every core (or
 * PAGESCOPE_THREADS), each thread with its own reader over its own part
 * of the pfn space, as the subcommands walk: their CPU time against the
 * one-thread phases says what a core does when all work at once.
 * Used by make bench.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "kernel/memmodel.h"
#include "walk/page_walk.h"
#include "walk/parallel.h"
#include "analysis/pagestats.h"
#include "target/target.h"

static double ps_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of every thread so far: other work on the machine adds none. */
static double ps_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Every batch of @it, counted into @pages, then @it finished. */
static struct ps_error *ps_bench_iterate(struct ps_page_iter *it, uint64_t *pages)
{
	const struct ps_page *batch;
	size_t nr;
	struct ps_error *err;

	*pages = 0;
	while (!(err = ps_page_iter_next(it, &batch, &nr)))
		*pages += nr;
	ps_page_iter_deinit(it);
	return err == &ps_stop ? NULL : err;
}

static struct ps_error *ps_bench_walk(struct ps_target *t, uint64_t *pages)
{
	struct ps_page_iter it;
	struct ps_error *err = ps_page_iter_init(&it, t, 0, UINT64_MAX);

	*pages = 0;
	return err ? err : ps_bench_iterate(&it, pages);
}

/* The chunks of one section's memory map, as the walk reads them. */
static struct ps_error *ps_bench_read_section(struct ps_target *t,
					      const struct ps_mem *mem,
					      const struct ps_memmodel *m,
					      const struct ps_section *sec,
					      void *buf, uint64_t *pages)
{
	uint64_t size = (uint64_t)t->layout.page_size.value;
	const void *view;
	struct ps_error *err;

	for (uint64_t i = 0; i < m->pages_per_section; i += PS_PAGE_CHUNK) {
		uint64_t n = m->pages_per_section - i < PS_PAGE_CHUNK
				     ? m->pages_per_section - i : PS_PAGE_CHUNK;
		uint64_t addr = sec->memmap + i * size;

		view = NULL;
		err = mem->ops->view ? mem->ops->view(mem->priv, PS_KVADDR,
						      addr, n * size, &view)
				     : NULL;
		if (!err && view)
			err = mem->ops->view_end(mem->priv);
		else if (!err)
			err = ps_mem_read(mem, PS_KVADDR, addr, buf, n * size);
		if (err)
			return err;
		*pages += n;
	}
	return NULL;
}

/* The sections whose first pfn is in [@start, @end), through @mem. */
static struct ps_error *ps_bench_read_range(struct ps_target *t,
					    const struct ps_mem *mem,
					    uint64_t start, uint64_t end,
					    uint64_t *pages)
{
	const struct ps_memmodel *m;
	void *buf = malloc(PS_PAGE_CHUNK * (size_t)t->layout.page_size.value);
	struct ps_error *err = buf ? ps_memmodel_get(t, &m) : ps_error_nomem();

	*pages = 0;
	for (size_t i = 0; !err && i < m->nr_sections; i++) {
		uint64_t pfn = m->sections[i].nr << m->section_shift;

		if (pfn >= start && pfn < end)
			err = ps_bench_read_section(t, mem, m, &m->sections[i],
						    buf, pages);
	}
	free(buf);
	return err;
}

static struct ps_error *ps_bench_read(struct ps_target *t, uint64_t *pages)
{
	return ps_bench_read_range(t, &t->mem, 0, UINT64_MAX, pages);
}

/* No more threads than this (ps_parallel_walk() cuts at as many). */
enum { PS_BENCH_MAX_THREADS = 64 };

/* Each part's count, summed after the threads end. */
static uint64_t ps_part_pages[PS_BENCH_MAX_THREADS];

static struct ps_error *ps_bench_read_part(struct ps_part *part)
{
	return ps_bench_read_range(part->t, &part->mem, part->start, part->end,
				   &ps_part_pages[part->index]);
}

static struct ps_error *ps_bench_walk_part(struct ps_part *part)
{
	struct ps_page_iter it;
	struct ps_error *err = ps_page_iter_init_mem(&it, part->t, &part->mem,
						     part->start, part->end);

	return err ? err : ps_bench_iterate(&it, &ps_part_pages[part->index]);
}

/* @fn on every part at once, as the subcommands run; their pages summed. */
static struct ps_error *ps_bench_parallel(struct ps_target *t,
					  struct ps_error *(*fn)(struct ps_part *),
					  uint64_t *pages)
{
	void *args[PS_BENCH_MAX_THREADS] = { 0 };
	unsigned max = ps_parallel_parts(), nr = 0;
	struct ps_error *err;

	max = max > PS_BENCH_MAX_THREADS ? PS_BENCH_MAX_THREADS : max;
	memset(ps_part_pages, 0, sizeof(ps_part_pages));
	err = ps_parallel_walk(t, max, fn, args, &nr);
	*pages = 0;
	for (unsigned i = 0; i < PS_BENCH_MAX_THREADS; i++)
		*pages += ps_part_pages[i];
	return err;
}

/* One thread's share of a copy: its own source and destination. */
struct ps_copy {
	char *src, *dst;
	size_t len;
	pthread_t thread;
};

static void *ps_copy_main(void *arg)
{
	struct ps_copy *c = arg;

	memcpy(c->dst, c->src, c->len);
	return NULL;
}

/* 256 MiB copied by @nr threads at once, each its share; seconds. */
static double ps_copy_once(struct ps_copy *c, unsigned nr)
{
	double t0 = ps_now();
	unsigned started = 1;

	for (unsigned i = 1; i < nr; i++)
		started += !pthread_create(&c[i].thread, NULL, ps_copy_main, &c[i]);
	ps_copy_main(&c[0]);
	for (unsigned i = 1; i < started; i++)
		pthread_join(c[i].thread, NULL);
	return started == nr ? ps_now() - t0 : 1e9;
}

/*
 * The host's memory bandwidth: the best of several copies of a buffer far
 * larger than the caches, by @nr threads, as struct pages of @page_size
 * bytes per second.
 */
static void ps_bench_memcpy(const char *phase, size_t page_size, unsigned nr)
{
	size_t len = 256 << 20;
	struct ps_copy c[PS_BENCH_MAX_THREADS] = { 0 };
	double best = 1e9;
	bool ok = page_size && nr && nr <= PS_BENCH_MAX_THREADS;

	for (unsigned i = 0; ok && i < nr; i++) {
		c[i].len = len / nr;
		c[i].src = malloc(c[i].len);
		c[i].dst = malloc(c[i].len);
		ok = c[i].src && c[i].dst;
		if (ok) {
			memset(c[i].src, 1, c[i].len);
			memset(c[i].dst, 2, c[i].len);
		}
	}
	for (int i = 0; ok && i < 5; i++) {
		double secs = ps_copy_once(c, nr);

		best = secs < best ? secs : best;
	}
	if (ok && best < 1e9)
		printf("%s %.4f %zu %.0f\n", phase, best, len / page_size,
		       len / page_size / best);
	for (unsigned i = 0; i < PS_BENCH_MAX_THREADS; i++) {
		free(c[i].src);
		free(c[i].dst);
	}
}

static void ps_report(const char *phase, double secs, uint64_t pages)
{
	printf("%s %.4f %llu %.0f\n", phase, secs, (unsigned long long)pages,
	       pages / secs);
}

/* One parallel phase, reported by wall and CPU time. */
static struct ps_error *ps_bench_phase(struct ps_target *t, const char *phase,
				       struct ps_error *(*fn)(struct ps_part *))
{
	double t0 = ps_now(), c0 = ps_cpu();
	uint64_t pages;
	struct ps_error *err = ps_bench_parallel(t, fn, &pages);
	char cpu[64];

	if (err)
		return err;
	ps_report(phase, ps_now() - t0, pages);
	snprintf(cpu, sizeof(cpu), "%s-cpu", phase);
	ps_report(cpu, ps_cpu() - c0, pages);
	return NULL;
}

int main(int argc, char **argv)
{
	struct ps_open_args args = { 0 };
	struct ps_target *t;
	struct ps_pagestats stats;
	const struct ps_memmodel *m;
	uint64_t pages = 0;
	struct ps_error *err;
	double t0, c0;

	if (argc != 3) {
		fprintf(stderr, "usage: walkbench VMLINUX VMCORE\n");
		return 2;
	}
	args.vmlinux = argv[1];
	args.dump = argv[2];
	err = ps_target_open(&args, &t);
	/* The memory model is built on first use: part of the open, not the walk. */
	if (!err)
		err = ps_memmodel_get(t, &m);
	if (!err) {
		t0 = ps_now();
		c0 = ps_cpu();
		err = ps_bench_walk(t, &pages);
		ps_report("walk", ps_now() - t0, pages);
		ps_report("walk-cpu", ps_cpu() - c0, pages);
	}
	if (!err) {
		t0 = ps_now();
		c0 = ps_cpu();
		err = ps_bench_read(t, &pages);
		ps_report("read", ps_now() - t0, pages);
		ps_report("read-cpu", ps_cpu() - c0, pages);
	}
	if (!err) {
		t0 = ps_now();
		c0 = ps_cpu();
		err = ps_pagestats_collect(t, &stats);
		if (!err) {
			ps_report("walk+count", ps_now() - t0, stats.pages);
			ps_report("walk+count-cpu", ps_cpu() - c0, stats.pages);
			ps_pagestats_deinit(&stats);
		}
	}
	if (!err)
		err = ps_bench_phase(t, "read-par", ps_bench_read_part);
	if (!err)
		err = ps_bench_phase(t, "walk-par", ps_bench_walk_part);
	if (!err) {
		ps_bench_memcpy("memcpy", (size_t)t->layout.page_size.value, 1);
		ps_bench_memcpy("memcpy-par", (size_t)t->layout.page_size.value,
				ps_parallel_parts());
	}
	if (err) {
		fprintf(stderr, "walkbench: %s\n", err->message);
		ps_error_destroy(err);
		return 1;
	}
	ps_target_destroy(t);
	return 0;
}
