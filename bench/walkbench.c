// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * walkbench: time the struct page walk alone (open excluded), and the
 * walk plus per-flag counting, on one dump. Prints one line per phase:
 * "PHASE seconds pages pages/s". Used by make bench.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "walk/page_walk.h"
#include "analysis/pagestats.h"
#include "target/target.h"

static double ps_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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
	uint64_t pages = 0;
	struct ps_error *err;
	double t0;

	if (argc != 3) {
		fprintf(stderr, "usage: walkbench VMLINUX VMCORE\n");
		return 2;
	}
	args.vmlinux = argv[1];
	args.dump = argv[2];
	err = ps_target_open(&args, &t);
	if (!err) {
		t0 = ps_now();
		err = ps_bench_walk(t, &pages);
		ps_report("walk", ps_now() - t0, pages);
	}
	if (!err) {
		t0 = ps_now();
		err = ps_pagestats_collect(t, &stats);
		if (!err) {
			ps_report("walk+count", ps_now() - t0, stats.pages);
			ps_pagestats_deinit(&stats);
		}
	}
	if (err) {
		fprintf(stderr, "walkbench: %s\n", err->message);
		ps_error_destroy(err);
		return 1;
	}
	ps_target_destroy(t);
	return 0;
}
