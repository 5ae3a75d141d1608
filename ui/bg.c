// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bg.h"

static void ps_ui_bg_error(struct ps_ui_bg *bg, struct ps_error *err)
{
	snprintf(bg->error, sizeof(bg->error), "%s", ps_error_message(err));
	ps_error_destroy(err);
}

/*
 * Threads open their targets one at a time: an open may read debug info
 * and write the layout cache, which are not made for several at once.
 */
static pthread_mutex_t ps_ui_bg_open_lock = PTHREAD_MUTEX_INITIALIZER;

static void *ps_ui_bg_main(void *arg)
{
	struct ps_ui_bg *bg = arg;
	struct ps_error *err;

	pthread_mutex_lock(&ps_ui_bg_open_lock);
	err = ps_target_open(&bg->open, &bg->t);
	pthread_mutex_unlock(&ps_ui_bg_open_lock);

	if (!err) {
		ps_target_set_interrupt(bg->t, &bg->cancel);
		err = bg->run(bg->t, &bg->progress, bg->arg, &bg->result);
	}
	if (err)
		ps_ui_bg_error(bg, err);
	atomic_store(&bg->finished, true);
	return NULL;
}

bool ps_ui_bg_start(struct ps_ui_bg *bg, const struct ps_open_args *open)
{
	int e;

	ps_ui_bg_reset(bg);
	if (!bg->run) {
		snprintf(bg->error, sizeof(bg->error), "nothing to run");
		bg->state = PS_UI_BG_DONE;
		return false;
	}
	bg->open = *open;
	bg->open.progress = NULL;	/* nothing of a thread goes to the screen */
	e = pthread_create(&bg->thread, NULL, ps_ui_bg_main, bg);
	if (e) {
		snprintf(bg->error, sizeof(bg->error), "cannot start a thread: %s", strerror(e));
		bg->state = PS_UI_BG_DONE;
		return false;
	}
	bg->state = PS_UI_BG_RUNNING;
	return true;
}

bool ps_ui_bg_poll(struct ps_ui_bg *bg, int *percent_ret)
{
	uint64_t done, total;

	if (bg->state == PS_UI_BG_RUNNING && atomic_load(&bg->finished)) {
		pthread_join(bg->thread, NULL);
		bg->state = PS_UI_BG_DONE;
	}
	done = atomic_load(&bg->progress.done);
	total = bg->progress.total;
	*percent_ret = total ? (int)(done >= total ? 100 : done * 100 / total) : -1;
	return bg->state == PS_UI_BG_DONE;
}

void ps_ui_bg_wait(struct ps_ui_bg *bg, void (*tick)(void *arg, int percent),
		   void *arg, volatile sig_atomic_t *stop)
{
	const struct timespec pause = { 0, 100 * 1000 * 1000 };
	int percent;

	while (bg->state == PS_UI_BG_RUNNING && !ps_ui_bg_poll(bg, &percent)) {
		if (tick)
			tick(arg, percent);
		if (stop && *stop)
			bg->cancel = 1;
		nanosleep(&pause, NULL);
	}
}

void ps_ui_bg_reset(struct ps_ui_bg *bg)
{
	if (bg->state == PS_UI_BG_RUNNING) {
		bg->cancel = 1;
		pthread_join(bg->thread, NULL);
	}
	if (bg->result && bg->drop)
		bg->drop(bg->result);
	ps_target_destroy(bg->t);
	bg->result = NULL;
	bg->t = NULL;
	bg->state = PS_UI_BG_IDLE;
	bg->cancel = 0;
	bg->error[0] = '\0';
	atomic_store(&bg->finished, false);
	atomic_store(&bg->progress.done, 0);
	bg->progress.total = 0;
}
