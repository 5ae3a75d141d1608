/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Errors: every fallible function in lib/ returns one; NULL is success. */
#ifndef PS_ERROR_H
#define PS_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

enum ps_error_code {
	PS_ERR_NOMEM = 1,	/* allocation failed */
	PS_ERR_OS,		/* a system call failed; errno is in the message */
	PS_ERR_FAULT,		/* address not readable in the target */
	PS_ERR_EXCLUDED,	/* page filtered out of the dump */
	PS_ERR_NO_TYPE,		/* type, member or enumerator absent from type info */
	PS_ERR_NO_SYMBOL,	/* symbol absent */
	PS_ERR_BAD_INPUT,	/* a file is not what it should be */
	PS_ERR_MISMATCH,	/* vmlinux and dump are from different builds */
	PS_ERR_CORRUPT,		/* kernel data does not make sense */
	PS_ERR_USAGE,		/* bad command line */
	PS_ERR_UNSUPPORTED,	/* the kernel lacks what is asked for */
	PS_ERR_INTERRUPTED,	/* the user asked to stop */
	PS_ERR_STOP,		/* end of an iteration; not a failure */
};

struct ps_error {
	enum ps_error_code code;
	bool has_addr;
	uint64_t addr;		/* the faulting or offending address */
	char *message;
};

/* Returned by iterators at the end; ps_error_destroy() ignores it. */
extern struct ps_error ps_stop;

/*
 * Create an error. Never returns NULL: when memory is short, a static
 * out-of-memory error comes back instead.
 */
struct ps_error *ps_error_create(enum ps_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct ps_error *ps_error_vcreate(enum ps_error_code code, const char *fmt,
				  va_list ap);
/* An error about @p addr in the target's memory. */
struct ps_error *ps_error_at(enum ps_error_code code, uint64_t addr,
			     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The static out-of-memory error. */
struct ps_error *ps_error_nomem(void);
/* An error for a failed system call, with strerror(errno) appended. */
struct ps_error *ps_error_os(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Add context in front of the message: "reading zone Normal: <message>".
 * Returns @p err (which may be NULL, then nothing happens).
 */
struct ps_error *ps_error_prefix(struct ps_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Free @p err; NULL, ps_stop and the static errors are ignored. */
void ps_error_destroy(struct ps_error *err);

/* True when @p err has code @p code (false for NULL). */
static inline bool ps_error_is(const struct ps_error *err,
			       enum ps_error_code code)
{
	return err && err->code == code;
}

/* Scope guard (base/cleanup.h): _cleanup_(ps_error_destroyp) struct ps_error *e; */
static inline void ps_error_destroyp(struct ps_error **errp)
{
	ps_error_destroy(*errp);
}

#endif
