/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The version of pagescope, from one place: `git describe`, else VERSION. */
#ifndef PS_VERSION_H
#define PS_VERSION_H

/* "0.9.0", "0.9.0-12-gabc1234-dirty": static, never NULL. */
const char *ps_version_string(void);

/*
 * The version of the JSON documents: raised when a key changes meaning or
 * goes away (docs/json.md); a key added does not raise it.
 */
enum { PS_JSON_FORMAT_VERSION = 2 };

#endif
