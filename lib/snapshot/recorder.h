/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recording what pagescope reads: the memory reader, the type provider and
 * the symbols of a target are wrapped so that every read and every query
 * is kept with its answer, failures included, for a snapshot to replay.
 */
#ifndef PS_SNAPSHOT_RECORDER_H
#define PS_SNAPSHOT_RECORDER_H

#include <stdint.h>

#include "base/error.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "dump/mem.h"
#include "snapshot/writer.h"

struct ps_snapshot_recorder;

/*
 * Start recording through @p mem, @p types and @p symbols (the providers
 * must be made already): each is replaced in place by a recording wrapper
 * until ps_snapshot_recorder_destroy() puts the original back. They must
 * stay where they are until then. On success, must be freed with
 * ps_snapshot_recorder_destroy().
 */
struct ps_error *ps_snapshot_recorder_create(struct ps_mem *mem,
					     struct ps_types *types,
					     struct ps_symbols *symbols,
					     struct ps_snapshot_recorder **ret);

/*
 * Do not keep reads in [@p start, @p start + @p len) of kernel virtual
 * addresses: the caller stores that memory itself (the memory map).
 */
struct ps_error *ps_snapshot_recorder_skip(struct ps_snapshot_recorder *r,
					   uint64_t start, uint64_t len);

/*
 * Keep @p names as the answer to "the globals of @p type": what a cache
 * answered instead of the type provider, the snapshot must hold too.
 */
void ps_snapshot_recorder_note_variables(struct ps_snapshot_recorder *r,
					 const char *type, char *const *names,
					 size_t nr);

/* The memory reader recording is done through: read the original. */
const struct ps_mem *ps_snapshot_recorder_inner(const struct ps_snapshot_recorder *r);

/* The VMCOREINFO text of the original reader, or NULL when it has none. */
const char *ps_snapshot_recorder_vmcoreinfo(const struct ps_snapshot_recorder *r);

/* Write what was recorded: the EXTENTS, SYMBOLS, TYPES and TRANSLATIONS records. */
struct ps_error *ps_snapshot_recorder_write(struct ps_snapshot_recorder *r,
					    struct ps_snapshot_writer *w);

/* Bytes of memory kept so far. */
uint64_t ps_snapshot_recorder_bytes(const struct ps_snapshot_recorder *r);

/* Put the original providers back. NULL is a no-op. */
void ps_snapshot_recorder_destroy(struct ps_snapshot_recorder *r);

#endif
