// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pagescope.h"

struct ps_error ps_stop = {
	.code = PS_ERR_STOP,
	.message = (char *)"end of iteration",
};

static struct ps_error ps_nomem = {
	.code = PS_ERR_NOMEM,
	.message = (char *)"out of memory",
};

static bool ps_error_is_static(const struct ps_error *err)
{
	return err == &ps_stop || err == &ps_nomem;
}

struct ps_error *ps_error_nomem(void)
{
	return &ps_nomem;
}

struct ps_error *ps_error_vcreate(enum ps_error_code code, const char *fmt,
				  va_list ap)
{
	struct ps_error *err = calloc(1, sizeof(*err));

	if (!err)
		return &ps_nomem;
	if (vasprintf(&err->message, fmt, ap) < 0) {
		free(err);
		return &ps_nomem;
	}
	err->code = code;
	return err;
}

struct ps_error *ps_error_create(enum ps_error_code code, const char *fmt, ...)
{
	struct ps_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = ps_error_vcreate(code, fmt, ap);
	va_end(ap);
	return err;
}

struct ps_error *ps_error_at(enum ps_error_code code, uint64_t addr,
			     const char *fmt, ...)
{
	struct ps_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = ps_error_vcreate(code, fmt, ap);
	va_end(ap);
	if (!ps_error_is_static(err)) {
		err->has_addr = true;
		err->addr = addr;
	}
	return err;
}

struct ps_error *ps_error_os(const char *fmt, ...)
{
	int saved = errno;
	char *what = NULL;
	struct ps_error *err;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	if (!what)
		return &ps_nomem;
	err = ps_error_create(PS_ERR_OS, "%s: %s", what, strerror(saved));
	free(what);
	return err;
}

struct ps_error *ps_error_prefix(struct ps_error *err, const char *fmt, ...)
{
	char *context = NULL, *joined = NULL;
	va_list ap;

	if (!err || ps_error_is_static(err))
		return err;
	va_start(ap, fmt);
	if (vasprintf(&context, fmt, ap) < 0)
		context = NULL;
	va_end(ap);
	if (context && asprintf(&joined, "%s: %s", context, err->message) >= 0) {
		free(err->message);
		err->message = joined;
	}
	free(context);
	return err;
}

void ps_error_destroy(struct ps_error *err)
{
	if (!err || ps_error_is_static(err))
		return;
	free(err->message);
	free(err);
}

const char *ps_error_message(const struct ps_error *err)
{
	return err->message;
}
