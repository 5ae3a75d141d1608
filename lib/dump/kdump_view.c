// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <lzo/lzo1x.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "dump/kdump_view.h"

/* struct disk_dump_header, kdump_sub_header, page_desc (makedumpfile). */
enum {
	PS_KV_VERSION = 8, PS_KV_BLOCK_SIZE = 428, PS_KV_SUB_HDR_SIZE = 432,
	PS_KV_BITMAP_BLOCKS = 436, PS_KV_MAX_MAPNR = 440, PS_KV_HDR_SIZE = 464,
	PS_KV_SPLIT = 12, PS_KV_MAX_MAPNR_64 = 96, PS_KV_SUB_SIZE = 104,
	PS_KV_DESC_SIZE = 24,
	PS_KV_ZLIB = 0x1, PS_KV_LZO = 0x2, PS_KV_SNAPPY = 0x4, PS_KV_ZSTD = 0x20,
};

/* Set bits are counted per group of this many, for the descriptor index. */
enum { PS_KV_RANK_BITS = 512 };

/*
 * Read-ahead of a window: a read that starts in the window or just past
 * it reads twice what the window held, up to the maximum; any other read
 * reads only what it asks for.
 */
enum { PS_KV_AHEAD_MAX = 256 << 10, PS_KV_AHEAD_GAP = 64 << 10 };

struct ps_kv_desc {
	uint64_t off;
	uint32_t size, flags;
};

/* Bytes of the file from @off: one pread serves the runs of many chunks. */
struct ps_kv_window {
	unsigned char *buf;
	uint64_t off;
	size_t len, cap;
};

/* The file's header and page bitmap: read once, shared by its views. */
struct ps_kv_index {
	atomic_uint refs;
	struct stat st;			/* the file they were read from */
	uint64_t file_size;
	uint32_t block_size;
	uint64_t nr_bits;		/* pfns the bitmap covers */
	unsigned char *bitmap;		/* pages the file holds */
	uint64_t *rank;			/* set bits before each group */
	uint64_t descs_off;
};

struct ps_kdump_view {
	int fd;
	struct ps_kv_index *ix;
	z_stream z;
	bool z_ready;
	ZSTD_DCtx *zd;
	struct ps_kv_window dwin;	/* page descriptors */
	struct ps_kv_window pwin;	/* compressed pages */
	unsigned char *out;
	struct ps_kv_desc *descs;
	size_t cap_pages;		/* of out and descs */
};

static uint32_t ps_kv_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t ps_kv_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static bool ps_kv_pread(const struct ps_kdump_view *v, uint64_t off, void *buf,
			size_t len)
{
	const struct ps_kv_index *ix = v->ix;
	size_t done = 0;

	if (off > ix->file_size || len > ix->file_size - off)
		return false;
	while (done < len) {
		ssize_t n = pread(v->fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* How much to read for @len bytes at @off, given what @w holds. */
static size_t ps_kv_ahead(const struct ps_kv_window *w, uint64_t off, size_t len)
{
	uint64_t end = w->off + w->len;
	size_t want;

	if (!w->len || off < w->off || (off > end && off - end > PS_KV_AHEAD_GAP))
		return len;
	want = w->len < PS_KV_AHEAD_MAX / 2 ? 2 * w->len : PS_KV_AHEAD_MAX;
	return want > len ? want : len;
}

/* @len bytes of the file at @off, through @w; NULL past the file's end. */
static const unsigned char *ps_kv_bytes(const struct ps_kdump_view *v,
					struct ps_kv_window *w, uint64_t off,
					size_t len)
{
	const struct ps_kv_index *ix = v->ix;
	size_t want;

	if (w->len && off >= w->off && off - w->off <= w->len &&
	    len <= w->len - (off - w->off))
		return w->buf + (off - w->off);
	if (off > ix->file_size || len > ix->file_size - off)
		return NULL;
	want = ps_kv_ahead(w, off, len);
	if (want > ix->file_size - off)
		want = (size_t)(ix->file_size - off);
	if (want > w->cap) {
		unsigned char *buf = realloc(w->buf, want);

		if (!buf)
			return NULL;
		w->buf = buf;
		w->cap = want;
	}
	w->len = 0;
	/* What lies ahead may not read (cut short, a bad sector): not asked. */
	if (!ps_kv_pread(v, off, w->buf, want)) {
		if (want == len || !ps_kv_pread(v, off, w->buf, len))
			return NULL;
		want = len;
	}
	w->off = off;
	w->len = want;
	return w->buf;
}

static struct ps_error *ps_kv_unsupported(const char *why)
{
	return ps_error_create(PS_ERR_UNSUPPORTED, "%s", why);
}

/* Where the bitmap of the pages in the file is, as libkdumpfile reads it. */
static struct ps_error *ps_kv_read_header(struct ps_kdump_view *v,
					  uint64_t *bitmap_off,
					  uint64_t *bitmap_len)
{
	struct ps_kv_index *ix = v->ix;
	unsigned char h[PS_KV_HDR_SIZE], sub[PS_KV_SUB_SIZE];
	uint32_t bitmap_blocks, sub_hdr_size;
	int32_t version;

	if (!ps_kv_pread(v, 0, h, sizeof(h)) || memcmp(h, "KDUMP   ", 8))
		return ps_kv_unsupported("not a kdump-compressed file");
	version = (int32_t)ps_kv_le32(h + PS_KV_VERSION);
	ix->block_size = ps_kv_le32(h + PS_KV_BLOCK_SIZE);
	sub_hdr_size = ps_kv_le32(h + PS_KV_SUB_HDR_SIZE);
	bitmap_blocks = ps_kv_le32(h + PS_KV_BITMAP_BLOCKS);
	ix->nr_bits = ps_kv_le32(h + PS_KV_MAX_MAPNR);
	if (ix->block_size < 4096 || ix->block_size > 65536 ||
	    (ix->block_size & (ix->block_size - 1)) || !bitmap_blocks ||
	    !ps_kv_pread(v, ix->block_size, sub, sizeof(sub)))
		return ps_kv_unsupported("an unreadable kdump header");
	if (version >= 2 && ps_kv_le32(sub + PS_KV_SPLIT))
		return ps_kv_unsupported("one file of a split dump");
	if (version >= 6)
		ix->nr_bits = ps_kv_le64(sub + PS_KV_MAX_MAPNR_64);
	*bitmap_off = (1ULL + sub_hdr_size) * ix->block_size;
	*bitmap_len = (uint64_t)bitmap_blocks * ix->block_size;
	if (ix->nr_bits <= *bitmap_len * 8 / 2) {
		*bitmap_len = (uint64_t)(bitmap_blocks / 2) * ix->block_size;
		*bitmap_off += *bitmap_len;
	}
	ix->descs_off = (1ULL + sub_hdr_size + bitmap_blocks) * (uint64_t)ix->block_size;
	if (ix->nr_bits > *bitmap_len * 8)
		ix->nr_bits = *bitmap_len * 8;
	return NULL;
}

/*
 * The set bits of @p n bytes, 8 at a time. Debian builds for the x86-64
 * baseline, whose popcount is a libgcc call per word: a clone for CPUs
 * with POPCNT, chosen at load time, counts a 256 GiB dump's bitmap (8 MB)
 * in a few milliseconds instead of tens.
 */
__attribute__((target_clones("popcnt", "default")))
static uint64_t ps_kv_popcount(const unsigned char *p, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		acc += (uint64_t)__builtin_popcountll(w);
	}
	for (; i < n; i++)
		acc += (uint64_t)__builtin_popcount(p[i]);
	return acc;
}

static struct ps_error *ps_kv_read_bitmap(struct ps_kdump_view *v,
					  uint64_t off, uint64_t len)
{
	struct ps_kv_index *ix = v->ix;
	uint64_t groups = (ix->nr_bits + PS_KV_RANK_BITS - 1) / PS_KV_RANK_BITS;
	uint64_t acc = 0;

	if (len > ix->file_size)
		return ps_kv_unsupported("a bitmap larger than the file");
	ix->bitmap = calloc(groups * (PS_KV_RANK_BITS / 8) + 1, 1);
	ix->rank = calloc(groups + 1, sizeof(*ix->rank));
	if (!ix->bitmap || !ix->rank)
		return ps_error_nomem();
	if (!ps_kv_pread(v, off, ix->bitmap, (ix->nr_bits + 7) / 8))
		return ps_kv_unsupported("an unreadable page bitmap");
	for (uint64_t g = 0; g < groups; g++) {
		ix->rank[g] = acc;
		acc += ps_kv_popcount(ix->bitmap + g * (PS_KV_RANK_BITS / 8),
				      PS_KV_RANK_BITS / 8);
	}
	return NULL;
}

/* A view of @ix on @fd, with its own decompressors and windows. */
static struct ps_error *ps_kv_create(int fd, struct ps_kv_index *ix,
				     struct ps_kdump_view **ret)
{
	struct ps_kdump_view *v = calloc(1, sizeof(*v));

	if (!v)
		return ps_error_nomem();
	v->ix = ix;
	atomic_fetch_add(&ix->refs, 1);
	/* Its own descriptor: the reader may swap its own for a fresh one. */
	v->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (v->fd < 0) {
		ps_kdump_view_destroy(v);
		return ps_error_create(PS_ERR_OS, "duplicating the dump's descriptor: %s",
				       strerror(errno));
	}
	v->zd = ZSTD_createDCtx();
	if (!v->zd || lzo_init() != LZO_E_OK) {
		ps_kdump_view_destroy(v);
		return ps_error_nomem();
	}
	*ret = v;
	return NULL;
}

static void ps_kv_index_put(struct ps_kv_index *ix)
{
	if (!ix || atomic_fetch_sub(&ix->refs, 1) != 1)
		return;
	free(ix->bitmap);
	free(ix->rank);
	free(ix);
}

struct ps_error *ps_kdump_view_open(int fd, uint64_t size,
				    struct ps_kdump_view **ret)
{
	struct ps_kv_index *ix = calloc(1, sizeof(*ix));
	struct ps_kdump_view *v = NULL;
	uint64_t off = 0, len = 0;
	struct ps_error *err;

	if (!ix)
		return ps_error_nomem();
	atomic_init(&ix->refs, 1);
	ix->file_size = size;
	if (fstat(fd, &ix->st)) {
		free(ix);
		return ps_error_create(PS_ERR_OS, "fstat of the dump: %s", strerror(errno));
	}
	err = ps_kv_create(fd, ix, &v);
	/* Only the view holds the index from here: its destroy frees both. */
	ps_kv_index_put(ix);
	if (err)
		return err;
	err = ps_kv_read_header(v, &off, &len);
	if (err)
		goto fail;
	err = ps_kv_read_bitmap(v, off, len);
	if (err)
		goto fail;
	*ret = v;
	return NULL;
fail:
	ps_kdump_view_destroy(v);
	return err;
}

struct ps_error *ps_kdump_view_share(const struct ps_kdump_view *v, int fd,
				     uint64_t size, struct ps_kdump_view **ret)
{
	const struct stat *was = &v->ix->st;
	struct stat st;

	if (fstat(fd, &st) || st.st_dev != was->st_dev || st.st_ino != was->st_ino ||
	    st.st_mtim.tv_sec != was->st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != was->st_mtim.tv_nsec || size != v->ix->file_size)
		return ps_kv_unsupported("not the file, as it was, whose bitmap was read");
	return ps_kv_create(fd, v->ix, ret);
}

static bool ps_kv_has(const struct ps_kdump_view *v, uint64_t pfn)
{
	const struct ps_kv_index *ix = v->ix;

	return pfn < ix->nr_bits && (ix->bitmap[pfn / 8] >> (pfn % 8) & 1);
}

/* The descriptor index of @pfn: the set bits before it. */
static uint64_t ps_kv_index(const struct ps_kdump_view *v, uint64_t pfn)
{
	const struct ps_kv_index *ix = v->ix;
	uint64_t g = pfn / PS_KV_RANK_BITS, idx = ix->rank[g];

	idx += ps_kv_popcount(ix->bitmap + g * (PS_KV_RANK_BITS / 8),
			      (size_t)(pfn / 8 - g * (PS_KV_RANK_BITS / 8)));
	for (uint64_t b = pfn / 8 * 8; b < pfn; b++)
		idx += ps_kv_has(v, b);
	return idx;
}

static bool ps_kv_reserve(struct ps_kdump_view *v, size_t pages)
{
	const struct ps_kv_index *ix = v->ix;
	unsigned char *out;
	struct ps_kv_desc *descs;

	if (pages <= v->cap_pages)
		return true;
	out = realloc(v->out, pages * ix->block_size);
	if (out)
		v->out = out;
	descs = realloc(v->descs, pages * sizeof(*descs));
	if (descs)
		v->descs = descs;
	if (!out || !descs)
		return false;
	v->cap_pages = pages;
	return true;
}

/* The descriptors of the @n pages from @pfn, all in the file, checked. */
static bool ps_kv_descs(struct ps_kdump_view *v, uint64_t pfn, size_t n)
{
	const struct ps_kv_index *ix = v->ix;
	uint64_t idx = ps_kv_index(v, pfn);
	const unsigned char *raw;

	for (size_t i = 0; i < n; i++)
		if (!ps_kv_has(v, pfn + i))
			return false;
	raw = ps_kv_bytes(v, &v->dwin, ix->descs_off + idx * PS_KV_DESC_SIZE,
			  n * PS_KV_DESC_SIZE);
	if (!raw)
		return false;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *d = raw + i * PS_KV_DESC_SIZE;
		struct ps_kv_desc *k = &v->descs[i];

		k->off = ps_kv_le64(d);
		k->size = ps_kv_le32(d + 8);
		k->flags = ps_kv_le32(d + 12);
		if (!k->size || k->size > ix->block_size || k->off > ix->file_size ||
		    k->size > ix->file_size - k->off)
			return false;
	}
	return true;
}

static bool ps_kv_zlib(struct ps_kdump_view *v, const unsigned char *src,
		       uint32_t size, unsigned char *dst)
{
	const struct ps_kv_index *ix = v->ix;

	if (!v->z_ready) {
		if (inflateInit(&v->z) != Z_OK)
			return false;
		v->z_ready = true;
	} else if (inflateReset(&v->z) != Z_OK) {
		return false;
	}
	v->z.next_in = (unsigned char *)src;
	v->z.avail_in = size;
	v->z.next_out = dst;
	v->z.avail_out = ix->block_size;
	return inflate(&v->z, Z_FINISH) == Z_STREAM_END && !v->z.avail_out;
}

static bool ps_kv_lzo(const struct ps_kdump_view *v, const unsigned char *src,
		      uint32_t size, unsigned char *dst)
{
	const struct ps_kv_index *ix = v->ix;
	lzo_uint len = ix->block_size;

	return lzo1x_decompress_safe(src, size, dst, &len, NULL) == LZO_E_OK &&
	       len == ix->block_size;
}

/* One page as the file has it, into @dst; false for what we cannot. */
static bool ps_kv_page(struct ps_kdump_view *v, const struct ps_kv_desc *d,
		       const unsigned char *src, unsigned char *dst)
{
	const struct ps_kv_index *ix = v->ix;

	if (d->flags & PS_KV_ZLIB)
		return ps_kv_zlib(v, src, d->size, dst);
	if (d->flags & PS_KV_ZSTD)
		return ZSTD_decompressDCtx(v->zd, dst, ix->block_size, src, d->size) ==
		       ix->block_size;
	if (d->flags & PS_KV_LZO)
		return ps_kv_lzo(v, src, d->size, dst);
	if (d->flags & PS_KV_SNAPPY || d->size != ix->block_size)
		return false;
	memcpy(dst, src, d->size);
	return true;
}

/* The pages from @i whose data follow each other in the file: one read. */
static size_t ps_kv_run_end(const struct ps_kdump_view *v, size_t i, size_t n)
{
	size_t j = i + 1;

	while (j < n && v->descs[j].off == v->descs[j - 1].off + v->descs[j - 1].size)
		j++;
	return j;
}

static bool ps_kv_inflate_all(struct ps_kdump_view *v, size_t n)
{
	const struct ps_kv_index *ix = v->ix;

	for (size_t i = 0, j; i < n; i = j) {
		const unsigned char *in;

		j = ps_kv_run_end(v, i, n);
		in = ps_kv_bytes(v, &v->pwin, v->descs[i].off,
				 v->descs[j - 1].off + v->descs[j - 1].size -
					 v->descs[i].off);
		if (!in)
			return false;
		for (size_t k = i; k < j; k++)
			if (!ps_kv_page(v, &v->descs[k],
					in + (v->descs[k].off - v->descs[i].off),
					v->out + k * ix->block_size))
				return false;
	}
	return true;
}

struct ps_error *ps_kdump_view_get(struct ps_kdump_view *v, uint64_t phys,
				   size_t len, const void **ret)
{
	const struct ps_kv_index *ix = v->ix;
	uint64_t first = phys / ix->block_size;
	uint64_t last = (phys + len + ix->block_size - 1) / ix->block_size;
	size_t n = (size_t)(last - first);

	*ret = NULL;
	if (!len || last < first || last > ix->nr_bits)
		return NULL;
	if (!ps_kv_reserve(v, n))
		return ps_error_nomem();
	if (!ps_kv_descs(v, first, n) || !ps_kv_inflate_all(v, n))
		return NULL;
	*ret = v->out + (phys - first * ix->block_size);
	return NULL;
}

void ps_kdump_view_destroy(struct ps_kdump_view *v)
{
	if (!v)
		return;
	if (v->z_ready)
		inflateEnd(&v->z);
	ZSTD_freeDCtx(v->zd);
	if (v->fd >= 0)
		close(v->fd);
	ps_kv_index_put(v->ix);
	free(v->out);
	free(v->dwin.buf);
	free(v->pwin.buf);
	free(v->descs);
	free(v);
}
