/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Answering from a snapshot: a memory reader, a type provider and symbols
 * that give back what was recorded (snapshot/recorder.h), failures
 * included. What was never asked is absent, and the error says the
 * snapshot does not hold it.
 */
#ifndef PS_SNAPSHOT_REPLAY_H
#define PS_SNAPSHOT_REPLAY_H

#include "base/error.h"
#include "debuginfo/symbols.h"
#include "debuginfo/types.h"
#include "dump/mem.h"
#include "snapshot/reader.h"

struct ps_snapshot_replay;

/*
 * Load what the providers answer from, out of @p s, which they take over.
 * On success, the three providers are made; each must be destroyed with
 * its ops' destroy (the last one closes the snapshot).
 */
struct ps_error *ps_snapshot_replay_open(struct ps_snapshot *s, struct ps_mem *mem_ret,
					 struct ps_types *types_ret,
					 struct ps_symbols *symbols_ret);

#endif
