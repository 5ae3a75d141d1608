// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "base/cleanup.h"
#include "snapshot/writer.h"

/* Fast enough to save 16 GiB of memory map in a second per core. */
enum { PS_SNAPSHOT_ZSTD_LEVEL = 3 };

struct ps_snapshot_writer {
	FILE *f;
	char *path, *tmp;
	uint64_t offset;
	size_t nr_index, cap_index;
	struct ps_snapshot_index_entry *index;
	bool finished;
};

/* ------------------------------------------------------------------ */
/* The lane code                                                      */
/* ------------------------------------------------------------------ */

void ps_snapshot_lanes_encode(const void *in, void *out, size_t len,
			      uint32_t stride)
{
	size_t nr = len / stride, lanes = stride / 8;
	const unsigned char *src = in;
	uint64_t *dst = out;

	for (size_t l = 0; l < lanes; l++) {
		uint64_t prev = 0, v;

		for (size_t i = 0; i < nr; i++) {
			memcpy(&v, src + i * stride + l * 8, sizeof(v));
			dst[l * nr + i] = v - prev;
			prev = v;
		}
	}
}

void ps_snapshot_lanes_decode(const void *in, void *out, size_t len,
			      uint32_t stride)
{
	size_t nr = len / stride, lanes = stride / 8;
	const uint64_t *src = in;
	unsigned char *dst = out;

	for (size_t l = 0; l < lanes; l++) {
		uint64_t v = 0;

		for (size_t i = 0; i < nr; i++) {
			v += src[l * nr + i];
			memcpy(dst + i * stride + l * 8, &v, sizeof(v));
		}
	}
}

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

uint32_t ps_snapshot_record_crc(const struct ps_snapshot_record_header *h,
				const void *stored)
{
	struct ps_snapshot_record_header zero = *h;
	uLong crc = crc32(0L, Z_NULL, 0);

	zero.crc = 0;
	crc = crc32(crc, (const Bytef *)&zero, sizeof(zero));
	/* zlib's length is 32-bit; a record is at most 1 GiB. */
	return (uint32_t)crc32(crc, stored, (uInt)h->stored_len);
}

static struct ps_error *ps_snapshot_write(struct ps_snapshot_writer *w,
					  const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, w->f) != len)
		return ps_error_os("writing %s", w->tmp);
	w->offset += len;
	return NULL;
}

static struct ps_error *ps_snapshot_index_add(struct ps_snapshot_writer *w,
					      uint32_t type, uint64_t key,
					      uint64_t key_len)
{
	if (w->nr_index == w->cap_index) {
		size_t cap = w->cap_index ? 2 * w->cap_index : 64;
		void *v = realloc(w->index, cap * sizeof(*w->index));

		if (!v)
			return ps_error_nomem();
		w->index = v;
		w->cap_index = cap;
	}
	w->index[w->nr_index++] = (struct ps_snapshot_index_entry){
		.type = type, .key = key, .key_len = key_len, .offset = w->offset,
	};
	return NULL;
}

/* Compress @p len bytes and write them as a record of @p type. */
static struct ps_error *ps_snapshot_put(struct ps_snapshot_writer *w,
					uint32_t type, uint32_t flags,
					uint64_t key, uint64_t key_len,
					const void *data, size_t len)
{
	size_t bound = ZSTD_compressBound(len);
	_cleanup_free_ void *packed = malloc(bound ? bound : 1);
	struct ps_snapshot_record_header h = {
		.type = type, .flags = flags | PS_SNAP_ZSTD, .raw_len = len,
	};
	struct ps_error *err;
	size_t n;

	if (!packed)
		return ps_error_nomem();
	n = ZSTD_compress(packed, bound, data, len, PS_SNAPSHOT_ZSTD_LEVEL);
	if (ZSTD_isError(n))
		return ps_error_create(PS_ERR_NOMEM, "zstd: %s", ZSTD_getErrorName(n));
	h.stored_len = n;
	h.crc = ps_snapshot_record_crc(&h, packed);
	err = ps_snapshot_index_add(w, type, key, key_len);
	if (err)
		return err;
	err = ps_snapshot_write(w, &h, sizeof(h));
	if (err)
		return err;
	return ps_snapshot_write(w, packed, n);
}

struct ps_error *ps_snapshot_writer_add(struct ps_snapshot_writer *w,
					enum ps_snapshot_record_type type,
					const void *data, size_t len)
{
	return ps_snapshot_put(w, type, 0, 0, 0, data, len);
}

struct ps_error *ps_snapshot_writer_add_memmap(struct ps_snapshot_writer *w,
					       uint64_t addr, const void *pages,
					       size_t len, uint32_t stride)
{
	struct ps_snapshot_memmap_header mh = { addr, len, stride, 0 };
	bool lanes = ps_snapshot_lanes_fit(len, stride);
	_cleanup_free_ unsigned char *buf = malloc(sizeof(mh) + len);

	if (!buf)
		return ps_error_nomem();
	memcpy(buf, &mh, sizeof(mh));
	if (lanes)
		ps_snapshot_lanes_encode(pages, buf + sizeof(mh), len, stride);
	else
		memcpy(buf + sizeof(mh), pages, len);
	return ps_snapshot_put(w, PS_SNAP_MEMMAP, lanes ? PS_SNAP_LANES : 0,
			       addr, len, buf, sizeof(mh) + len);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                         */
/* ------------------------------------------------------------------ */

struct ps_error *ps_snapshot_writer_create(const char *path,
					   struct ps_snapshot_writer **ret)
{
	struct ps_snapshot_writer *w = calloc(1, sizeof(*w));
	char magic[64];
	struct ps_error *err;

	if (!w)
		return ps_error_nomem();
	w->path = strdup(path);
	if (!w->path || asprintf(&w->tmp, "%s.%d.tmp", path, (int)getpid()) < 0) {
		ps_snapshot_writer_destroy(w);
		return ps_error_nomem();
	}
	w->f = fopen(w->tmp, "wxe");
	if (!w->f) {
		err = ps_error_os("creating %s", w->tmp);
		ps_snapshot_writer_destroy(w);
		return err;
	}
	snprintf(magic, sizeof(magic), "%s%d\n", ps_snapshot_magic, PS_SNAPSHOT_VERSION);
	err = ps_snapshot_write(w, magic, strlen(magic));
	if (err) {
		ps_snapshot_writer_destroy(w);
		return err;
	}
	*ret = w;
	return NULL;
}

struct ps_error *ps_snapshot_writer_finish(struct ps_snapshot_writer *w)
{
	uint64_t at = w->offset;
	size_t nr = w->nr_index;
	struct ps_error *err;

	err = ps_snapshot_put(w, PS_SNAP_INDEX, 0, 0, 0, w->index,
			      nr * sizeof(*w->index));
	if (err)
		return err;
	err = ps_snapshot_write(w, &at, sizeof(at));
	if (err)
		return err;
	err = ps_snapshot_write(w, ps_snapshot_trailer_magic,
				sizeof(ps_snapshot_trailer_magic));
	if (err)
		return err;
	if (fflush(w->f) || fsync(fileno(w->f)))
		return ps_error_os("writing %s", w->tmp);
	if (rename(w->tmp, w->path))
		return ps_error_os("renaming %s to %s", w->tmp, w->path);
	w->finished = true;
	return NULL;
}

uint64_t ps_snapshot_writer_size(const struct ps_snapshot_writer *w)
{
	return w->offset;
}

void ps_snapshot_writer_destroy(struct ps_snapshot_writer *w)
{
	if (!w)
		return;
	if (w->f)
		fclose(w->f);
	if (w->tmp && !w->finished)
		unlink(w->tmp);
	free(w->index);
	free(w->tmp);
	free(w->path);
	free(w);
}
