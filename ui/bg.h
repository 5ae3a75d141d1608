/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Background work: one slow library call (the owner pass) in a thread of
 * its own, on a target of its own, so keys are never kept waiting and no
 * reader is shared between threads. The viewer polls it between keys.
 */
#ifndef PS_UI_BG_H
#define PS_UI_BG_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "pagescope.h"
#include "pagescope_view.h"

enum ps_ui_bg_state {
	PS_UI_BG_IDLE,		/* not started */
	PS_UI_BG_RUNNING,
	PS_UI_BG_DONE,		/* result or error is set */
};

struct ps_ui_bg {
	/* Run on the thread's target; *result_ret is freed with @p drop. */
	struct ps_error *(*run)(struct ps_target *t, struct ps_view_counter *progress,
				void *arg, void **result_ret);
	void (*drop)(void *result);
	void *arg;			/* run's */

	enum ps_ui_bg_state state;
	pthread_t thread;
	atomic_bool finished;		/* set by the thread as it ends */
	volatile sig_atomic_t cancel;	/* the thread's target stops at it */
	struct ps_open_args open;
	struct ps_target *t;		/* the thread's, kept with the result */
	struct ps_view_counter progress;
	void *result;
	char error[256];
};

/*
 * Start @p bg's run on a target opened anew with @p open (copied). False
 * with bg->error set when no thread can be made.
 */
bool ps_ui_bg_start(struct ps_ui_bg *bg, const struct ps_open_args *open);
/*
 * Whether the work has ended (then result or error is set); while it
 * runs, *@p percent_ret says how far it came (-1: not known yet).
 */
bool ps_ui_bg_poll(struct ps_ui_bg *bg, int *percent_ret);
/*
 * Wait for the work to end; @p tick is called every 0.1 s meanwhile, and
 * the work is stopped once *@p stop (may be NULL) is set.
 */
void ps_ui_bg_wait(struct ps_ui_bg *bg, void (*tick)(void *arg, int percent),
		   void *arg, volatile sig_atomic_t *stop);
/* Stop the work if it runs, wait for the thread, drop what it made. */
void ps_ui_bg_reset(struct ps_ui_bg *bg);

#endif
