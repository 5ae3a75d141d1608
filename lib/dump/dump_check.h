/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The headers of a dump file checked before libkdumpfile sees it.
 * libkdumpfile maps and allocates what the headers say (program headers,
 * notes, the diskdump sub-header and bitmaps) and trusts it: a file cut
 * inside its headers faults on the mapping (SIGBUS), a size field of
 * 0x7fffffff becomes an allocation of that size. Here every extent is
 * read with pread(2) and checked against the file's size and the limits
 * of an x86_64 kernel first.
 */
#ifndef PS_DUMP_CHECK_H
#define PS_DUMP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

enum ps_dump_format {
	PS_DUMP_ELF,		/* an ELF core: /proc/vmcore, QEMU, /proc/kcore */
	PS_DUMP_KDUMP,		/* kdump-compressed (makedumpfile, QEMU) */
};

struct ps_dump_shape {
	enum ps_dump_format format;
};

/*
 * Check the dump open on @p fd (a regular file of @p size bytes), named
 * @p path in messages. PS_ERR_BAD_INPUT for a file that is no dump or is
 * truncated, PS_ERR_CORRUPT for a damaged header, with the field named.
 */
struct ps_error *ps_dump_check_fd(const char *path, int fd, uint64_t size,
				  struct ps_dump_shape *ret);

/* The same over @p len bytes in memory (the fuzz harness). */
struct ps_error *ps_dump_check_buf(const char *path, const void *buf,
				   size_t len, struct ps_dump_shape *ret);

#endif
