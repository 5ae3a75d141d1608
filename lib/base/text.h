/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text that came from a dump, a vmlinux or VMCOREINFO, made fit to show:
 * untrusted bytes may hold control characters (a raw \r rewrites the
 * terminal line) or run on for megabytes.
 */
#ifndef PS_TEXT_H
#define PS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Copy at most @p len bytes of @p s (up to a NUL) into @p buf of @p size
 * bytes: printable ASCII as it is, anything else as \xNN, and "..." when
 * it does not fit. Returns @p buf, always NUL-terminated.
 */
const char *ps_text_safe(const char *s, size_t len, char *buf, size_t size);

/* True when the @p len bytes of @p s are all printable ASCII. */
bool ps_text_printable(const char *s, size_t len);

/* A buffer size for ps_text_safe() that keeps a message to one short line. */
enum { PS_TEXT_SHORT = 80 };

#endif
