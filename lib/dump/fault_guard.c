// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dump/fault_guard.h"

/* Initial-exec: a handler must not allocate thread-local storage lazily. */
#define PS_TLS __thread __attribute__((tls_model("initial-exec")))

static PS_TLS volatile sig_atomic_t ps_guard_depth;
static PS_TLS volatile sig_atomic_t ps_guard_faulted;

static pthread_mutex_t ps_guard_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned ps_guard_holders;
static struct sigaction ps_guard_previous;
static uintptr_t ps_guard_page_mask;

/* Faults of a file mapping: past the file's end, or an I/O error. */
static bool ps_guard_is_file_fault(const siginfo_t *si)
{
	return si->si_code == BUS_ADRERR || si->si_code == BUS_OBJERR;
}

static bool ps_guard_patch(void *addr)
{
	void *page = (void *)((uintptr_t)addr & ps_guard_page_mask);

	/* mmap(2) is a plain system call: safe in a handler on Linux. */
	return mmap(page, ~ps_guard_page_mask + 1, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED;
}

static void ps_guard_pass_on(int sig, siginfo_t *si, void *uc)
{
	const struct sigaction *old = &ps_guard_previous;

	if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
		old->sa_sigaction(sig, si, uc);
		return;
	}
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	/* Returning re-runs the access, which now takes the default action. */
	signal(sig, SIG_DFL);
}

static void ps_guard_on_sigbus(int sig, siginfo_t *si, void *uc)
{
	if (ps_guard_depth && ps_guard_is_file_fault(si) &&
	    ps_guard_patch(si->si_addr)) {
		ps_guard_faulted = 1;
		return;
	}
	ps_guard_pass_on(sig, si, uc);
}

struct ps_error *ps_fault_guard_hold(void)
{
	struct ps_error *err = NULL;
	struct sigaction sa;

	pthread_mutex_lock(&ps_guard_lock);
	if (!ps_guard_holders) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = ps_guard_on_sigbus;
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
		sigemptyset(&sa.sa_mask);
		ps_guard_page_mask = ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
		if (sigaction(SIGBUS, &sa, &ps_guard_previous))
			err = ps_error_os("installing a SIGBUS handler");
	}
	if (!err)
		ps_guard_holders++;
	pthread_mutex_unlock(&ps_guard_lock);
	return err;
}

void ps_fault_guard_release(void)
{
	struct sigaction now;

	pthread_mutex_lock(&ps_guard_lock);
	if (ps_guard_holders && !--ps_guard_holders &&
	    !sigaction(SIGBUS, NULL, &now) &&
	    (now.sa_flags & SA_SIGINFO) &&
	    now.sa_sigaction == ps_guard_on_sigbus)
		sigaction(SIGBUS, &ps_guard_previous, NULL);
	pthread_mutex_unlock(&ps_guard_lock);
}

void ps_fault_guard_begin(void)
{
	if (!ps_guard_depth++)
		ps_guard_faulted = 0;
}

bool ps_fault_guard_end(void)
{
	ps_guard_depth--;
	return ps_guard_faulted;
}
