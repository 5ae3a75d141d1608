/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing a snapshot file (snapshot/format.h), record by record. */
#ifndef PS_SNAPSHOT_WRITER_H
#define PS_SNAPSHOT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "snapshot/format.h"

struct ps_snapshot_writer;

/*
 * Start writing @p path: records go to a temporary file beside it, which
 * becomes @p path only at ps_snapshot_writer_finish(). On success, must be
 * freed with ps_snapshot_writer_destroy().
 */
struct ps_error *ps_snapshot_writer_create(const char *path,
					   struct ps_snapshot_writer **ret);

/* A record of @p type holding @p len bytes at @p data, compressed. */
struct ps_error *ps_snapshot_writer_add(struct ps_snapshot_writer *w,
					enum ps_snapshot_record_type type,
					const void *data, size_t len);

/*
 * A MEMMAP record: @p len bytes of struct pages of @p stride bytes each,
 * read at kernel address @p addr. Coded in lanes when @p stride allows.
 */
struct ps_error *ps_snapshot_writer_add_memmap(struct ps_snapshot_writer *w,
					       uint64_t addr, const void *pages,
					       size_t len, uint32_t stride);

/* Write the index and put the file in place. */
struct ps_error *ps_snapshot_writer_finish(struct ps_snapshot_writer *w);

/* Bytes written so far. */
uint64_t ps_snapshot_writer_size(const struct ps_snapshot_writer *w);

/* NULL is a no-op; an unfinished file is removed. */
void ps_snapshot_writer_destroy(struct ps_snapshot_writer *w);

/*
 * @p len bytes of @p stride-byte records at @p in, as delta-coded 8-byte
 * lanes at @p out (each field of every record in a row, as differences),
 * and back. Struct pages compress ten times better so: neighbours differ
 * little, and list pointers point at neighbours.
 */
void ps_snapshot_lanes_encode(const void *in, void *out, size_t len, uint32_t stride);
void ps_snapshot_lanes_decode(const void *in, void *out, size_t len, uint32_t stride);

/*
 * The CRC a record's header carries: of the header with its crc field 0,
 * then of the @p stored payload (h->stored_len bytes). Catches a scribbled
 * byte anywhere in a record, header included.
 */
uint32_t ps_snapshot_record_crc(const struct ps_snapshot_record_header *h,
				const void *stored);

/* Whether @p stride and @p len allow the lane code. */
static inline int ps_snapshot_lanes_fit(size_t len, uint32_t stride)
{
	return stride && !(stride % 8) && !(len % stride);
}

#endif
