// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdumpbench: the decompression limit of a kdump-compressed dump's memory
 * map. Finds the pages that hold the struct pages (through the dump's own
 * page tables), reads their compressed bytes straight from the file and
 * times the compressor's own single-core decompression of them, the best
 * of several rounds. Prints "decompress SECONDS PAGES PAGES/S METHOD", the
 * same in CPU time as decompress-cpu, and "memmap STRUCT_PAGES" (the
 * struct pages those pages hold), for bench.py to set beside the walk.
 *
 * Usage: kdumpbench VMLINUX VMCORE.KDUMP
 */
#include <fcntl.h>
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "base/cleanup.h"
#include "kernel/memmodel.h"
#include "target/target.h"

/* The kdump-compressed file format (makedumpfile's diskdump_mod.h). */
enum {
	KB_BLOCK_SIZE = 428, KB_SUB_HDR_SIZE = 432, KB_BITMAP_BLOCKS = 436,
	KB_MAX_MAPNR = 440, KB_HDR_SIZE = 464, KB_DESC_SIZE = 24,
	KB_ZLIB = 0x1, KB_LZO = 0x2, KB_SNAPPY = 0x4, KB_ZSTD = 0x20,
};

struct kb_page {
	uint64_t off;
	uint32_t size, flags;
};

struct kb_file {
	int fd;
	uint32_t block_size;
	uint64_t bitmap_off, bitmap_len;	/* the dumpable-pages bitmap */
	uint64_t descs_off;
	unsigned char *bitmap;
	uint64_t *rank;		/* set bits before each 64-bit word */
};

static double kb_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t kb_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static int kb_read(int fd, uint64_t off, void *buf, size_t len)
{
	return pread(fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

/* The header, the second bitmap (pages in the file) and a rank index. */
static int kb_open(const char *path, struct kb_file *f)
{
	unsigned char h[KB_HDR_SIZE];
	uint32_t bitmap_blocks;
	uint64_t words, acc = 0;

	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0 || kb_read(f->fd, 0, h, sizeof(h)) ||
	    memcmp(h, "KDUMP   ", 8))
		return -1;
	f->block_size = kb_le32(h + KB_BLOCK_SIZE);
	bitmap_blocks = kb_le32(h + KB_BITMAP_BLOCKS);
	if (f->block_size < 4096 || f->block_size > 65536 || !bitmap_blocks)
		return -1;
	f->bitmap_len = (uint64_t)bitmap_blocks / 2 * f->block_size;
	f->bitmap_off = (1ULL + kb_le32(h + KB_SUB_HDR_SIZE)) * f->block_size +
			f->bitmap_len;
	f->descs_off = f->bitmap_off + f->bitmap_len;
	words = f->bitmap_len / 8;
	f->bitmap = malloc(f->bitmap_len);
	f->rank = malloc((words + 1) * sizeof(*f->rank));
	if (!f->bitmap || !f->rank ||
	    kb_read(f->fd, f->bitmap_off, f->bitmap, f->bitmap_len))
		return -1;
	for (uint64_t w = 0; w < words; w++) {
		uint64_t v;

		memcpy(&v, f->bitmap + 8 * w, 8);
		f->rank[w] = acc;
		acc += (uint64_t)__builtin_popcountll(v);
	}
	return 0;
}

/* The descriptor of @pfn, or -1 when the file does not hold it. */
static int kb_desc(const struct kb_file *f, uint64_t pfn, struct kb_page *ret)
{
	unsigned char d[KB_DESC_SIZE];
	uint64_t w = pfn / 64, v, idx;

	if (w >= f->bitmap_len / 8)
		return -1;
	memcpy(&v, f->bitmap + 8 * w, 8);
	if (!(v >> (pfn % 64) & 1))
		return -1;
	idx = f->rank[w] + (uint64_t)__builtin_popcountll(v & ((1ULL << (pfn % 64)) - 1));
	if (kb_read(f->fd, f->descs_off + idx * KB_DESC_SIZE, d, sizeof(d)))
		return -1;
	memcpy(&ret->off, d, 8);
	ret->size = kb_le32(d + 8);
	ret->flags = kb_le32(d + 12);
	return ret->size <= f->block_size ? 0 : -1;
}

struct kb_pages {
	size_t nr;
	unsigned char **data;	/* compressed bytes, as in the file */
	struct kb_page *desc;
	uint64_t struct_pages;
};

static int kb_add(struct kb_pages *p, const struct kb_file *f, uint64_t pfn)
{
	struct kb_page d;

	if (kb_desc(f, pfn, &d))
		return -1;
	p->data = realloc(p->data, (p->nr + 1) * sizeof(*p->data));
	p->desc = realloc(p->desc, (p->nr + 1) * sizeof(*p->desc));
	if (!p->data || !p->desc || !(p->data[p->nr] = malloc(d.size)) ||
	    kb_read(f->fd, d.off, p->data[p->nr], d.size))
		return -1;
	p->desc[p->nr++] = d;
	return 0;
}

/* The physical pages under every section's memory map, in order. */
static struct ps_error *kb_collect(struct ps_target *t, const struct kb_file *f,
				   struct kb_pages *p)
{
	const struct ps_memmodel *m;
	uint64_t sp = (uint64_t)t->layout.page_size.value, prev = UINT64_MAX;
	struct ps_error *err = ps_memmodel_get(t, &m);

	if (err)
		return err;
	for (size_t s = 0; s < m->nr_sections; s++) {
		uint64_t va = m->sections[s].memmap, end = va + m->pages_per_section * sp;

		p->struct_pages += m->pages_per_section;
		for (va &= ~(uint64_t)(f->block_size - 1); va < end; va += f->block_size) {
			uint64_t pa;

			err = t->mem.ops->virt_to_phys(t->mem.priv, va, &pa);
			if (err)
				return err;
			if (pa / f->block_size == prev)
				continue;
			prev = pa / f->block_size;
			if (kb_add(p, f, prev))
				return ps_error_create(PS_ERR_BAD_INPUT,
						       "pfn %#llx: not in the file",
						       (unsigned long long)prev);
		}
	}
	return NULL;
}

/* One zlib stream for every page, as a reader would keep it. */
static int kb_zlib(z_stream *z, const unsigned char *src, uint32_t size,
		   unsigned char *dst, size_t len)
{
	if (inflateReset(z) != Z_OK)
		return -1;
	z->next_in = (unsigned char *)src;
	z->avail_in = size;
	z->next_out = dst;
	z->avail_out = (uInt)len;
	return inflate(z, Z_FINISH) == Z_STREAM_END ? 0 : -1;
}

static int kb_inflate(z_stream *z, ZSTD_DCtx *zd, const struct kb_page *d,
		      const unsigned char *src, unsigned char *dst, size_t len)
{
	if (d->flags & KB_ZLIB)
		return kb_zlib(z, src, d->size, dst, len);
	if (d->flags & KB_ZSTD)
		return ZSTD_isError(ZSTD_decompressDCtx(zd, dst, len, src, d->size)) ? -1 : 0;
	if (d->flags & KB_LZO) {
		lzo_uint n = len;

		return lzo1x_decompress_safe(src, d->size, dst, &n, NULL) == LZO_E_OK ? 0 : -1;
	}
	if (d->flags & KB_SNAPPY)
		return -2;
	memcpy(dst, src, d->size);	/* stored as it was */
	return 0;
}

static const char *kb_method(const struct kb_pages *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		if (p->desc[i].flags & KB_ZLIB)
			return "zlib";
		if (p->desc[i].flags & KB_ZSTD)
			return "zstd";
		if (p->desc[i].flags & KB_LZO)
			return "lzo";
		if (p->desc[i].flags & KB_SNAPPY)
			return "snappy";
	}
	return "none";
}

static int kb_round(const struct kb_pages *p, z_stream *z, ZSTD_DCtx *zd,
		    unsigned char *dst, uint32_t block_size)
{
	for (size_t i = 0; i < p->nr; i++) {
		int rc = kb_inflate(z, zd, &p->desc[i], p->data[i], dst, block_size);

		if (rc)
			return rc;
	}
	return 0;
}

/* The best wall and CPU time of several rounds over every page, one core. */
static int kb_time(const struct kb_pages *p, uint32_t block_size, double best[2])
{
	_cleanup_free_ unsigned char *dst = malloc(block_size);
	ZSTD_DCtx *zd = ZSTD_createDCtx();
	z_stream z = { 0 };
	int rc = dst && zd && inflateInit(&z) == Z_OK && lzo_init() == LZO_E_OK ? 0 : -1;

	best[0] = best[1] = 1e9;
	for (int round = 0; !rc && round < 7; round++) {
		double t0 = kb_clock(CLOCK_MONOTONIC);
		double c0 = kb_clock(CLOCK_THREAD_CPUTIME_ID);

		rc = kb_round(p, &z, zd, dst, block_size);
		if (kb_clock(CLOCK_MONOTONIC) - t0 < best[0])
			best[0] = kb_clock(CLOCK_MONOTONIC) - t0;
		if (kb_clock(CLOCK_THREAD_CPUTIME_ID) - c0 < best[1])
			best[1] = kb_clock(CLOCK_THREAD_CPUTIME_ID) - c0;
	}
	inflateEnd(&z);
	ZSTD_freeDCtx(zd);
	return rc;
}

static int kb_report(const struct kb_pages *p, uint32_t block_size)
{
	double secs[2];
	int rc = kb_time(p, block_size, secs);

	if (rc == -2) {
		fprintf(stderr, "kdumpbench: %s: no decompressor built in\n", kb_method(p));
		return 1;
	}
	if (rc) {
		fprintf(stderr, "kdumpbench: a page of the memory map does not decompress\n");
		return 1;
	}
	printf("decompress %.4f %zu %.0f %s\n", secs[0], p->nr, p->nr / secs[0],
	       kb_method(p));
	printf("decompress-cpu %.4f %zu %.0f %s\n", secs[1], p->nr,
	       p->nr / secs[1], kb_method(p));
	printf("memmap %llu\n", (unsigned long long)p->struct_pages);
	return 0;
}

int main(int argc, char **argv)
{
	struct ps_open_args args = { 0 };
	struct ps_target *t;
	struct kb_file f = { 0 };
	struct kb_pages p = { 0 };
	struct ps_error *err;

	if (argc != 3) {
		fprintf(stderr, "usage: kdumpbench VMLINUX VMCORE.KDUMP\n");
		return 2;
	}
	if (kb_open(argv[2], &f)) {
		fprintf(stderr, "kdumpbench: %s: not a kdump-compressed file it can read\n", argv[2]);
		return 1;
	}
	args.vmlinux = argv[1];
	args.dump = argv[2];
	err = ps_target_open(&args, &t);
	if (!err)
		err = kb_collect(t, &f, &p);
	if (err) {
		fprintf(stderr, "kdumpbench: %s\n", err->message);
		return 1;
	}
	ps_target_destroy(t);
	return kb_report(&p, f.block_size);
}
