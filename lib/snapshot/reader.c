// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "base/cleanup.h"
#include "snapshot/reader.h"
#include "snapshot/writer.h"

/* No record of a snapshot holds more: a section's struct pages are 2 MiB. */
static const uint64_t ps_snapshot_max_record = 1ULL << 30;

struct ps_snapshot {
	int fd;
	char *path;
	uint64_t size;
	size_t nr;
	struct ps_snapshot_index_entry *index;
};

static struct ps_error *ps_snapshot_bad(const struct ps_snapshot *s,
					const char *why)
{
	return ps_error_create(PS_ERR_BAD_INPUT, "%s: damaged snapshot: %s",
			       s->path, why);
}

/* Exactly @p len bytes at @p offset, all inside the file. */
static struct ps_error *ps_snapshot_pread(const struct ps_snapshot *s,
					  void *buf, size_t len, uint64_t offset)
{
	ssize_t n;

	if (offset > s->size || len > s->size - offset)
		return ps_snapshot_bad(s, "a record runs past the end of the file");
	n = pread(s->fd, buf, len, (off_t)offset);
	if (n < 0)
		return ps_error_os("reading %s", s->path);
	if ((size_t)n != len)
		return ps_snapshot_bad(s, "truncated");
	return NULL;
}

bool ps_snapshot_is_snapshot(const char *path)
{
	char head[sizeof(ps_snapshot_magic) - 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes;

	if (fd < 0)
		return false;
	yes = read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	      !memcmp(head, ps_snapshot_magic, sizeof(head));
	close(fd);
	return yes;
}

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_snapshot_unpack(const struct ps_snapshot *s,
					   const struct ps_snapshot_record_header *h,
					   const void *stored, void *out)
{
	size_t n;

	if (!(h->flags & PS_SNAP_ZSTD)) {
		if (h->stored_len != h->raw_len)
			return ps_snapshot_bad(s, "a stored record's length is not its own");
		memcpy(out, stored, h->raw_len);
		return NULL;
	}
	n = ZSTD_decompress(out, h->raw_len, stored, h->stored_len);
	if (ZSTD_isError(n) || n != h->raw_len)
		return ps_snapshot_bad(s, "a record does not decompress to its length");
	return NULL;
}

static bool ps_snapshot_crc_ok(const struct ps_snapshot_record_header *h,
			       const void *stored)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* Mutated inputs must reach the decoders behind the checksum. */
	return true;
#else
	return ps_snapshot_record_crc(h, stored) == h->crc;
#endif
}

/* Undo the lane code of a MEMMAP record after its header. */
static struct ps_error *ps_snapshot_unlane(const struct ps_snapshot *s,
					   unsigned char *buf, size_t len)
{
	struct ps_snapshot_memmap_header mh;
	_cleanup_free_ void *tmp = NULL;

	if (len < sizeof(mh))
		return ps_snapshot_bad(s, "a memory map record without its header");
	memcpy(&mh, buf, sizeof(mh));
	if (mh.len != len - sizeof(mh) || !ps_snapshot_lanes_fit(mh.len, mh.stride))
		return ps_snapshot_bad(s, "a memory map record's shape does not fit");
	tmp = malloc(mh.len ? mh.len : 1);
	if (!tmp)
		return ps_error_nomem();
	ps_snapshot_lanes_decode(buf + sizeof(mh), tmp, mh.len, mh.stride);
	memcpy(buf + sizeof(mh), tmp, mh.len);
	return NULL;
}

/* The record at @p offset, of @p type (0: any), unpacked. */
static struct ps_error *ps_snapshot_read_at(const struct ps_snapshot *s,
					    uint64_t offset, uint32_t type,
					    void **ret, size_t *len_ret)
{
	struct ps_snapshot_record_header h;
	_cleanup_free_ void *stored = NULL;
	_cleanup_free_ unsigned char *out = NULL;
	struct ps_error *err = ps_snapshot_pread(s, &h, sizeof(h), offset);

	if (err)
		return err;
	if (h.raw_len > ps_snapshot_max_record || h.stored_len > s->size)
		return ps_snapshot_bad(s, "a record claims an impossible length");
	stored = malloc(h.stored_len ? h.stored_len : 1);
	out = malloc(h.raw_len + 1);
	if (!stored || !out)
		return ps_error_nomem();
	err = ps_snapshot_pread(s, stored, h.stored_len, offset + sizeof(h));
	if (err)
		return err;
	if (!ps_snapshot_crc_ok(&h, stored))
		return ps_snapshot_bad(s, "a record's checksum does not match its bytes");
	if (type && h.type != type)
		return ps_snapshot_bad(s, "a record is not of the type its index says");
	err = ps_snapshot_unpack(s, &h, stored, out);
	if (err)
		return err;
	if (h.flags & PS_SNAP_LANES) {
		err = ps_snapshot_unlane(s, out, h.raw_len);
		if (err)
			return err;
	}
	out[h.raw_len] = '\0';
	*len_ret = h.raw_len;
	*ret = ps_steal(out);
	return NULL;
}

struct ps_error *ps_snapshot_load_entry(const struct ps_snapshot *s, size_t i,
					void **ret, size_t *len_ret)
{
	return ps_snapshot_read_at(s, s->index[i].offset, s->index[i].type,
				   ret, len_ret);
}

struct ps_error *ps_snapshot_load(const struct ps_snapshot *s,
				  enum ps_snapshot_record_type type,
				  void **ret, size_t *len_ret)
{
	for (size_t i = 0; i < s->nr; i++) {
		if (s->index[i].type == type)
			return ps_snapshot_load_entry(s, i, ret, len_ret);
	}
	return ps_error_create(PS_ERR_BAD_INPUT, "%s: the snapshot has no record of type %d",
			       s->path, (int)type);
}

/* ------------------------------------------------------------------ */
/* Opening                                                            */
/* ------------------------------------------------------------------ */

static struct ps_error *ps_snapshot_check_magic(struct ps_snapshot *s)
{
	char line[64] = "";
	size_t len = s->size < sizeof(line) - 1 ? (size_t)s->size : sizeof(line) - 1;
	int version;
	struct ps_error *err = ps_snapshot_pread(s, line, len, 0);

	if (err)
		return err;
	if (strncmp(line, ps_snapshot_magic, sizeof(ps_snapshot_magic) - 1) ||
	    sscanf(line + sizeof(ps_snapshot_magic) - 1, "%d", &version) != 1)
		return ps_error_create(PS_ERR_BAD_INPUT, "%s: not a pagescope snapshot", s->path);
	if (version != PS_SNAPSHOT_VERSION)
		return ps_error_create(PS_ERR_UNSUPPORTED,
				       "%s: a snapshot of format %d; this pagescope reads format %d",
				       s->path, version, PS_SNAPSHOT_VERSION);
	return NULL;
}

static struct ps_error *ps_snapshot_check_index(struct ps_snapshot *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct ps_snapshot_index_entry *e = &s->index[i];

		if (!e->type || e->type >= PS_SNAP_NR_TYPES || e->offset >= s->size)
			return ps_snapshot_bad(s, "an index entry points nowhere");
	}
	return NULL;
}

static struct ps_error *ps_snapshot_read_index(struct ps_snapshot *s)
{
	char magic[sizeof(ps_snapshot_trailer_magic)];
	uint64_t at;
	size_t len;
	void *buf;
	struct ps_error *err;

	if (s->size < sizeof(at) + sizeof(magic))
		return ps_snapshot_bad(s, "truncated: no index");
	err = ps_snapshot_pread(s, &at, sizeof(at), s->size - sizeof(at) - sizeof(magic));
	if (!err)
		err = ps_snapshot_pread(s, magic, sizeof(magic), s->size - sizeof(magic));
	if (err)
		return err;
	if (memcmp(magic, ps_snapshot_trailer_magic, sizeof(magic)))
		return ps_snapshot_bad(s, "truncated or unfinished: no index at the end");
	err = ps_snapshot_read_at(s, at, PS_SNAP_INDEX, &buf, &len);
	if (err)
		return err;
	if (len % sizeof(*s->index)) {
		free(buf);
		return ps_snapshot_bad(s, "the index is not a whole number of entries");
	}
	s->index = buf;
	s->nr = len / sizeof(*s->index);
	return ps_snapshot_check_index(s);
}

struct ps_error *ps_snapshot_open(const char *path, struct ps_snapshot **ret)
{
	struct ps_snapshot *s = calloc(1, sizeof(*s));
	struct stat st;
	struct ps_error *err;

	if (!s)
		return ps_error_nomem();
	s->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	s->path = strdup(path);
	if (s->fd < 0 || !s->path || fstat(s->fd, &st)) {
		err = s->path ? ps_error_os("opening %s", path) : ps_error_nomem();
		ps_snapshot_close(s);
		return err;
	}
	s->size = (uint64_t)st.st_size;
	err = S_ISREG(st.st_mode) ? ps_snapshot_check_magic(s)
				  : ps_error_create(PS_ERR_BAD_INPUT, "%s: not a regular file", path);
	if (!err)
		err = ps_snapshot_read_index(s);
	if (err) {
		ps_snapshot_close(s);
		return err;
	}
	*ret = s;
	return NULL;
}

void ps_snapshot_close(struct ps_snapshot *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->index);
	free(s->path);
	free(s);
}

const char *ps_snapshot_path(const struct ps_snapshot *s)
{
	return s->path;
}

size_t ps_snapshot_nr_records(const struct ps_snapshot *s)
{
	return s->nr;
}

const struct ps_snapshot_index_entry *ps_snapshot_entry(const struct ps_snapshot *s,
							size_t i)
{
	return i < s->nr ? &s->index[i] : NULL;
}
