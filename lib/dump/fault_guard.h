/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGBUS on a mapped dump file, contained. libkdumpfile reads a dump
 * through mmap(2); a page of the mapping that the file no longer backs
 * (it was cut while we read, or the disk returned an I/O error) raises
 * SIGBUS, which would kill the process, or the user's crash session.
 * Inside a guarded call, the handler puts a page of zeros where the fault
 * was, notes it, and lets the library go on; the caller turns the note
 * into a read error. Any other SIGBUS goes to the handler that was there
 * before, or kills the process as it would have.
 */
#ifndef PS_FAULT_GUARD_H
#define PS_FAULT_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

/*
 * Install the handler (counted: the first call installs, the last
 * ps_fault_guard_release() puts the previous handler back).
 */
struct ps_error *ps_fault_guard_hold(void);
void ps_fault_guard_release(void);

/* Guard this thread's calls into the library until ps_fault_guard_end(). */
void ps_fault_guard_begin(void);
/*
 * End the guard. True when a SIGBUS was contained since
 * ps_fault_guard_begin(); then the bytes read are not the file's.
 */
bool ps_fault_guard_end(void);

#endif
