/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside target/: the steps of opening a target that its files share. */
#ifndef PS_TARGET_OPEN_H
#define PS_TARGET_OPEN_H

#include "target/target.h"

/* Release, build ID and KASLR offset from the reader's VMCOREINFO. */
struct ps_error *ps_target_load_vmcoreinfo(struct ps_target *t);

/* Open t->dump_path, a snapshot (snapshot/format.h), as the target. */
struct ps_error *ps_target_open_snapshot(struct ps_target *t);

#endif
