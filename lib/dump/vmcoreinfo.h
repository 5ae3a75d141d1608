/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VMCOREINFO: the KEY=VALUE note the kernel writes for dump tools. It
 * names the release, the build ID, the KASLR offset and a few layout
 * facts, so it is consulted before the debug info.
 */
#ifndef PS_VMCOREINFO_H
#define PS_VMCOREINFO_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct ps_vmcoreinfo;

/*
 * Parse @p len bytes of note text. The text is copied. On success, must
 * be freed with ps_vmcoreinfo_destroy().
 */
struct ps_error *ps_vmcoreinfo_parse(const char *text, size_t len,
				     struct ps_vmcoreinfo **ret);
void ps_vmcoreinfo_destroy(struct ps_vmcoreinfo *vi);

/* The raw value of @p key, or NULL. Valid until @p vi is destroyed. */
const char *ps_vmcoreinfo_get(const struct ps_vmcoreinfo *vi, const char *key);

/*
 * Typed lookups of the kernel's VMCOREINFO_* macros; each returns false
 * when the key is absent or malformed.
 * SYMBOL(name) and KERNELOFFSET are hexadecimal, the rest decimal.
 */
bool ps_vmcoreinfo_symbol(const struct ps_vmcoreinfo *vi, const char *name,
			  uint64_t *ret);
bool ps_vmcoreinfo_number(const struct ps_vmcoreinfo *vi, const char *name,
			  int64_t *ret);
bool ps_vmcoreinfo_offset(const struct ps_vmcoreinfo *vi, const char *member,
			  uint64_t *ret);
bool ps_vmcoreinfo_size(const struct ps_vmcoreinfo *vi, const char *type,
			uint64_t *ret);
bool ps_vmcoreinfo_length(const struct ps_vmcoreinfo *vi, const char *name,
			  uint64_t *ret);
bool ps_vmcoreinfo_kaslr_offset(const struct ps_vmcoreinfo *vi, uint64_t *ret);

/*
 * Check @p len bytes of note text before anything uses it: every line
 * short and printable, and the values dump readers depend on (PAGESIZE,
 * KERNELOFFSET, SECTION_SIZE_BITS, SYMBOL()s, LENGTH()s, ...) within what
 * an x86_64 kernel can have written. PS_ERR_CORRUPT otherwise:
 * "damaged dump: NAME=VALUE is impossible (why)".
 */
struct ps_error *ps_vmcoreinfo_check_text(const char *text, size_t len);

#endif
