/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a target's types and symbols come from, in order of preference:
 * a vmlinux with DWARF (given with -k, or found where distributions put
 * it), else BTF and kallsyms: the running kernel's for /proc/kcore, the
 * kernel image's .BTF section and kallsyms tables read out of a dump.
 */
#ifndef PS_DEBUGINFO_H
#define PS_DEBUGINFO_H

#include "pagescope.h"

struct ps_target;

/*
 * Choose the source for @p t (VMCOREINFO already read) and check a
 * vmlinux against the dump's build ID and release. Sets t->debuginfo.
 */
struct ps_error *ps_debuginfo_open(struct ps_target *t,
				   const struct ps_open_args *args);

#endif
