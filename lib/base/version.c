// SPDX-License-Identifier: GPL-2.0-or-later
/* The version string; the build passes it (scripts/version.sh). */
#include "base/version.h"

const char *ps_version_string(void)
{
	return PS_VERSION_STRING;
}
