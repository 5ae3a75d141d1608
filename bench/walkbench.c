// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * walkbench: time the struct page walk alone (open excluded), and the
 * walk plus per-flag counting, on one dump. Prints one line per phase:
 * "PHASE seconds pages pages/s"; PHASE-cpu is its CPU time (all threads),
 * which a loaded machine disturbs less than the wall clock; read is the
 * walk's reads alone, the memory map a chunk at a time through the
 * reader's view with nothing decoded (what getting the bytes costs);
 * memcpy is the host's copy bandwidth in struct pages per second, the
 * walk's limit.
 * Used by make bench.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "kernel/memmodel.h"
#include "walk/page_walk.h"
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

static struct ps_error *ps_bench_walk(struct ps_target *t, uint64_t *pages)
{
	struct ps_page_iter it;
	const struct ps_page *batch;
	size_t nr;
	struct ps_error *err = ps_page_iter_init(&it, t, 0, UINT64_MAX);

	*pages = 0;
	if (err)
		return err;
	while (!(err = ps_page_iter_next(&it, &batch, &nr)))
		*pages += nr;
	ps_page_iter_deinit(&it);
	return err == &ps_stop ? NULL : err;
}

/* The chunks of one section's memory map, as the walk reads them. */
static struct ps_error *ps_bench_read_section(struct ps_target *t,
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
		err = t->mem.ops->view ? t->mem.ops->view(t->mem.priv, PS_KVADDR,
							  addr, n * size, &view)
				       : NULL;
		if (!err && view)
			err = t->mem.ops->view_end(t->mem.priv);
		else if (!err)
			err = ps_mem_read(&t->mem, PS_KVADDR, addr, buf, n * size);
		if (err)
			return err;
		*pages += n;
	}
	return NULL;
}

static struct ps_error *ps_bench_read(struct ps_target *t, uint64_t *pages)
{
	const struct ps_memmodel *m;
	void *buf = malloc(PS_PAGE_CHUNK * (size_t)t->layout.page_size.value);
	struct ps_error *err = buf ? ps_memmodel_get(t, &m) : ps_error_nomem();

	*pages = 0;
	for (size_t i = 0; !err && i < m->nr_sections; i++)
		err = ps_bench_read_section(t, m, &m->sections[i], buf, pages);
	free(buf);
	return err;
}

/*
 * The host's memory bandwidth: the best of several copies of a buffer far
 * larger than the caches, as struct pages of @page_size bytes per second.
 */
static void ps_bench_memcpy(size_t page_size)
{
	size_t len = 256 << 20;
	char *src = malloc(len), *dst = malloc(len);
	double best = 1e9;

	if (!src || !dst || !page_size)
		goto out;
	memset(src, 1, len);
	memset(dst, 2, len);
	for (int i = 0; i < 5; i++) {
		double t0 = ps_now();

		memcpy(dst, src, len);
		if (ps_now() - t0 < best)
			best = ps_now() - t0;
	}
	printf("memcpy %.4f %zu %.0f\n", best, len / page_size,
	       len / page_size / best);
out:
	free(src);
	free(dst);
}

static void ps_report(const char *phase, double secs, uint64_t pages)
{
	printf("%s %.4f %llu %.0f\n", phase, secs, (unsigned long long)pages,
	       pages / secs);
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
		ps_bench_memcpy((size_t)t->layout.page_size.value);
	if (err) {
		fprintf(stderr, "walkbench: %s\n", err->message);
		ps_error_destroy(err);
		return 1;
	}
	ps_target_destroy(t);
	return 0;
}
