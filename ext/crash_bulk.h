/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bulk reads of crash's ELF dump: long physically contiguous runs handed
 * to crash's own dump reader, where readmem() would read page by page.
 * Callers hold the lock that serialises every entry into crash.
 */
#ifndef PS_CRASH_BULK_H
#define PS_CRASH_BULK_H

#include <stddef.h>
#include <stdint.h>

struct ps_crash_bulk;

/*
 * The segments of crash's dump file, when it is an ELF dump that crash's
 * reader serves in runs; NULL otherwise (then readmem() does all reads).
 * Free with ps_crash_bulk_destroy().
 */
struct ps_crash_bulk *ps_crash_bulk_create(void);

void ps_crash_bulk_destroy(struct ps_crash_bulk *b);

/*
 * Read up to @p len bytes at kernel virtual @p vaddr in runs. Returns how
 * many bytes from the start were read: 0 with a NULL @p b, less than
 * @p len where the rest needs readmem() (unmapped, outside the dump's
 * segments, low memory or a read error), for the caller to finish.
 */
size_t ps_crash_bulk_read(const struct ps_crash_bulk *b, uint64_t vaddr,
			  char *buf, size_t len);

#endif
