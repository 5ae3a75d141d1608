/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a snapshot file (snapshot/format.h). Everything in the file is
 * untrusted: offsets, lengths and counts are checked against the file and
 * against sane bounds before anything is allocated or decoded.
 */
#ifndef PS_SNAPSHOT_READER_H
#define PS_SNAPSHOT_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "snapshot/format.h"

struct ps_snapshot;

/* Whether the file at @p path starts like a snapshot. */
bool ps_snapshot_is_snapshot(const char *path);

/*
 * Open the snapshot at @p path and read its index. On success, must be
 * freed with ps_snapshot_close().
 */
struct ps_error *ps_snapshot_open(const char *path, struct ps_snapshot **ret);
/* NULL is a no-op. */
void ps_snapshot_close(struct ps_snapshot *s);

const char *ps_snapshot_path(const struct ps_snapshot *s);

/* Entries of the index, in file order. Valid until @p s is closed. */
size_t ps_snapshot_nr_records(const struct ps_snapshot *s);
const struct ps_snapshot_index_entry *ps_snapshot_entry(const struct ps_snapshot *s,
							size_t i);

/*
 * The first record of @p type, decompressed and decoded, NUL-terminated
 * past its *@p len_ret bytes. PS_ERR_BAD_INPUT when there is none. On
 * success, *@p ret must be freed with free().
 */
struct ps_error *ps_snapshot_load(const struct ps_snapshot *s,
				  enum ps_snapshot_record_type type,
				  void **ret, size_t *len_ret);

/* The same for the record of index entry @p i. */
struct ps_error *ps_snapshot_load_entry(const struct ps_snapshot *s, size_t i,
					void **ret, size_t *len_ret);

#endif
