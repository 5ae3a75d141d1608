/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libgd, loaded when a picture is asked for. Linked, it pulls in some
 * sixty libraries (image codecs, abseil) whose start-up every run of
 * pagescope and every load of pagescope.so would pay for.
 */
#ifndef PS_GD_LAZY_H
#define PS_GD_LAZY_H

#include <gd.h>

#include "base/error.h"

/* X(name, return type, parameters): the libgd functions the map uses. */
#define PS_GD_FUNCTIONS(X)                                                     \
	X(gdFontGetSmall, gdFontPtr, (void))                                   \
	X(gdImageCreateTrueColor, gdImagePtr, (int, int))                      \
	X(gdImageColorAllocate, int, (gdImagePtr, int, int, int))              \
	X(gdImageFilledRectangle, void, (gdImagePtr, int, int, int, int, int)) \
	X(gdImageRectangle, void, (gdImagePtr, int, int, int, int, int))       \
	X(gdImageLine, void, (gdImagePtr, int, int, int, int, int))            \
	X(gdImageString, void,                                                 \
	  (gdImagePtr, gdFontPtr, int, int, unsigned char *, int))             \
	X(gdImagePng, void, (gdImagePtr, FILE *))                              \
	X(gdImageDestroy, void, (gdImagePtr))

struct ps_gd {
#define PS_GD_POINTER(name, ret, params) ret(*name) params;
	PS_GD_FUNCTIONS(PS_GD_POINTER)
#undef PS_GD_POINTER
};

/* libgd's functions, loaded once; an error names what is missing. */
struct ps_error *ps_gd_get(const struct ps_gd **ret);

#endif
