/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kdump-compressed file's pages decompressed a whole run at a time:
 * the page descriptors and the compressed bytes of the run taken from
 * windows of the file that read ahead while reads go forward (one
 * pread(2) serves many runs of a walk), each page inflated by the
 * compressor straight into the caller's run. One per thread, like the
 * reader it belongs to. libkdumpfile reads everything else.
 */
#ifndef PS_KDUMP_VIEW_H
#define PS_KDUMP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_kdump_view;

/*
 * Read the header and page bitmap of the kdump-compressed file open on
 * @p fd, @p size bytes (checked by ps_dump_check_fd() before).
 * PS_ERR_UNSUPPORTED when this file is not one
 * this reader knows (a split dump, a compression it lacks): read it
 * through libkdumpfile. The view reads through a duplicate of @p fd: the
 * caller may close @p fd. On success, free with ps_kdump_view_destroy().
 */
struct ps_error *ps_kdump_view_open(int fd, uint64_t size,
				    struct ps_kdump_view **ret);

/*
 * Another view of the file @p v reads, open on @p fd (@p size bytes): for
 * another thread, or other reads. The header and page bitmap are @p v's,
 * shared and not read again (at 32 TiB the bitmap is 1 GiB). Either view
 * may be destroyed first. PS_ERR_UNSUPPORTED when @p fd is not the file
 * @p v was opened on, with the same size and modification time. On
 * success, free with ps_kdump_view_destroy().
 */
struct ps_error *ps_kdump_view_share(const struct ps_kdump_view *v, int fd,
				     uint64_t size, struct ps_kdump_view **ret);

/*
 * Physical [@p phys, @p phys + @p len), whole pages, decompressed; *@p ret
 * NULL when some page of it is not in the file or not in a form this
 * reader knows (read it instead). Valid until the next call on @p v.
 */
struct ps_error *ps_kdump_view_get(struct ps_kdump_view *v, uint64_t phys,
				   size_t len, const void **ret);

void ps_kdump_view_destroy(struct ps_kdump_view *v);

#endif
