/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The memory reader over libkdumpfile: vmcores and /proc/kcore. */
#ifndef PS_MEM_KDUMP_H
#define PS_MEM_KDUMP_H

#include "dump/mem.h"

/*
 * Open a vmcore (ELF or kdump-compressed) or /proc/kcore read-only through
 * libkdumpfile. On success, free with ret->ops->destroy().
 */
struct ps_error *ps_kdump_mem_open(const char *path, struct ps_mem *ret);

#endif
