// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The viewer's loop on a real terminal: keys in, canvas out, a live
 * refresh on a timer, progress while a walk runs, and the terminal given
 * back on every way out.
 */
#include <limits.h>
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "term.h"
#include "ui.h"
#include "viewer.h"

/* How often the loop wakes to look at signals and the live timer. */
enum { PS_VIEWER_TICK_MS = 200 };

static volatile sig_atomic_t ps_viewer_quit;

bool ps_viewer_wanted(const struct ps_args *args)
{
	return !args->command && !args->json && isatty(STDIN_FILENO) &&
	       isatty(STDOUT_FILENO);
}

/* -i SECONDS, else every 2 seconds. */
double ps_viewer_interval(const struct ps_args *args)
{
	return args->interval > 0 ? args->interval : 2.0;
}

static double ps_viewer_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* Signals                                                            */
/* ------------------------------------------------------------------ */

static void ps_viewer_on_quit(int sig)
{
	(void)sig;
	ps_viewer_quit = 1;
}

/* A crash still gives the terminal back, then dies as it would have. */
static void ps_viewer_on_fatal(int sig)
{
	ps_ui_term_close();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void ps_viewer_signals(void)
{
	static const int quit[] = { SIGTERM, SIGHUP, SIGQUIT };
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ps_viewer_on_quit;	/* no SA_RESTART: getch returns */
	for (size_t i = 0; i < sizeof(quit) / sizeof(quit[0]); i++)
		sigaction(quit[i], &sa, NULL);
	sa.sa_handler = ps_viewer_on_fatal;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
}

/* ------------------------------------------------------------------ */
/* Progress                                                           */
/* ------------------------------------------------------------------ */

struct ps_viewer {
	struct ps_ui ui;
	struct ps_ui_canvas canvas;
	double last_busy;
	double last_draw;
	bool scanned;		/* the map's scan just ended: show it whole */
	FILE *trace;		/* PAGESCOPE_UI_TRACE: when screens were shown */
};

/*
 * For the viewer's tests: a line per screen shown, with CLOCK_MONOTONIC
 * seconds, which the test's own clock shares: "key CODE READ SHOWN",
 * "first_screen SHOWN PERCENT-SCANNED", "map_done SHOWN" (the map whole),
 * "idle SHOWN" (no walk left). Never on the terminal.
 */
static void ps_viewer_trace(struct ps_viewer *v, const char *what, int key,
			    double since)
{
	if (!v->trace)
		return;
	if (key >= 0 && since > 0)
		fprintf(v->trace, "%s %d %.6f %.6f\n", what, key, since, ps_viewer_now());
	else if (key >= 0)
		fprintf(v->trace, "%s %.6f %d\n", what, ps_viewer_now(), key);
	else
		fprintf(v->trace, "%s %.6f\n", what, ps_viewer_now());
	fflush(v->trace);
}

/*
 * A walk of a large machine takes seconds: the quit key stops it at once;
 * any other key waits for it to end.
 */
static void ps_viewer_poll_quit(struct ps_ui *ui)
{
	int key = ps_ui_term_key(0);

	if (key < 0)
		return;
	if (!ui->prompt.active &&
	    ps_ui_key_action(key, PS_UI_IN_ALL) == PS_ACT_quit) {
		ps_viewer_quit = 1;
		if (ui->data.interrupt)
			*ui->data.interrupt = 1;
		return;
	}
	ungetch(key);
}

/* Drawn straight on the bottom line: the canvas is mid-render. */
static void ps_viewer_busy(struct ps_ui *ui, const char *what, int percent)
{
	struct ps_viewer *v = ui->busy_arg;
	double now = ps_viewer_now();
	int h, w;

	if (now - v->last_busy < 0.1 && percent >= 0 && percent < 100)
		return;
	v->last_busy = now;
	ps_viewer_poll_quit(ui);
	ps_ui_term_size(&w, &h);
	attrset(A_REVERSE);
	mvhline(h - 1, 0, ' ', w);
	if (percent >= 0)
		mvprintw(h - 1, 1, "%s... %d%%", what, percent);
	else
		mvprintw(h - 1, 1, "%s...", what);
	attrset(A_NORMAL);
	refresh();
}

/* What the library tells of a slow step (reading debug info). */
static void ps_viewer_progress(const char *what, void *arg)
{
	struct ps_viewer *v = arg;

	if (what)
		ps_viewer_busy(&v->ui, what, -1);
}

/* ------------------------------------------------------------------ */
/* The loop                                                           */
/* ------------------------------------------------------------------ */

static void ps_viewer_draw(struct ps_viewer *v, bool repaint)
{
	int w, h;

	/* Ctrl-L: forget what curses believes is on the screen. */
	if (repaint)
		clearok(curscr, TRUE);
	ps_ui_term_size(&w, &h);
	if (w != v->canvas.width || h != v->canvas.height)
		ps_ui_canvas_resize(&v->canvas, w, h);
	ps_ui_render(&v->ui, &v->canvas);
	ps_ui_term_show(&v->canvas, v->ui.palette);
}

/* Between keys: a slice of the map's scan, then the screen if it is due. */
static void ps_viewer_background(struct ps_viewer *v, bool *more, bool *scanning)
{
	/* Keys wait at most one slice; the screen follows the scan 10 times a second. */
	bool was_scanning = *scanning;
	unsigned flags = ps_ui_background(&v->ui, 0.03, more, scanning);
	double now = ps_viewer_now();

	if (was_scanning && !*scanning)
		v->scanned = true;
	if (!(flags & PS_UI_REDRAW) || (*more && now - v->last_draw < 0.1 && !v->scanned))
		return;
	ps_viewer_draw(v, false);
	v->last_draw = now;
	if (v->scanned)
		ps_viewer_trace(v, "map_done", -1, 0);
	v->scanned = false;
	/* What was drawn may have started a walk (the map's verdicts). */
	if (!*more)
		ps_ui_background(&v->ui, 0, more, scanning);
	if (!*more)
		ps_viewer_trace(v, "idle", -1, 0);
}

static void ps_viewer_key(struct ps_viewer *v, int key, bool *quit)
{
	double read = ps_viewer_now();
	unsigned flags = ps_ui_key(&v->ui, key);

	if (flags & PS_UI_QUIT) {
		*quit = true;
		return;
	}
	if (!(flags & PS_UI_REDRAW))
		return;
	ps_viewer_draw(v, flags & PS_UI_REPAINT);
	v->last_draw = ps_viewer_now();
	ps_viewer_trace(v, "key", key, read);
}

static void ps_viewer_loop(struct ps_viewer *v, volatile sig_atomic_t *interrupted)
{
	struct ps_ui *ui = &v->ui;
	double last_refresh = ps_viewer_now();
	bool quit = false, more = true, scanning = true;
	int percent = 100;

	ps_viewer_draw(v, false);
	v->last_draw = ps_viewer_now();
	/* How much of the map the first screen had: the walk goes on after it. */
	ps_ui_data_scanning(&ui->data, &percent);
	ps_viewer_trace(v, "first_screen", percent, 0);
	while (!quit && !ps_viewer_quit && !*interrupted) {
		/* A scan to step: only look for a key; a thread: poll it often. */
		int key = ps_ui_term_key(scanning ? 0 : more ? 100 : PS_VIEWER_TICK_MS);

		if (key >= 0)
			ps_viewer_key(v, key, &quit);
		if (quit)
			break;
		bool was_scanning = scanning;

		ps_viewer_background(v, &more, &scanning);
		/* A live map stays whole on the screen for an interval. */
		if (was_scanning && !scanning)
			last_refresh = ps_viewer_now();
		if (ui->data.live && !ui->paused && !scanning &&
		    ps_viewer_now() - last_refresh >= ui->interval) {
			ps_ui_refresh(ui);
			last_refresh = ps_viewer_now();
			ps_viewer_draw(v, false);
		}
	}
}

/* /proc/kcore, however it is named, is the live kernel. */
static bool ps_viewer_is_live(const char *dump)
{
	char real[PATH_MAX];

	return dump && realpath(dump, real) && !strcmp(real, "/proc/kcore");
}

/* The changes since @p before, or why not on the status line. */
static void ps_viewer_before(struct ps_viewer *v, const char *before)
{
	char err[PS_UI_MSG_LEN];

	ps_viewer_busy(&v->ui, "reading the dump before", 0);
	if (!ps_ui_data_set_before(&v->ui.data, before, err, sizeof(err)))
		ps_ui_message(&v->ui, PS_UI_bad, "--before %s", err);
}

int ps_viewer_run(struct ps_target *t, const struct ps_open_args *open,
		  double interval, const char *before,
		  volatile sig_atomic_t *interrupted)
{
	struct ps_viewer *v = calloc(1, sizeof(*v));

	if (!v || !ps_ui_canvas_init(&v->canvas, 80, 24)) {
		free(v);
		ps_target_destroy(t);
		fprintf(stderr, "pagescope: out of memory\n");
		return PS_EXIT_FAIL;
	}
	setlocale(LC_ALL, "");
	if (!ps_ui_term_open()) {
		ps_ui_canvas_deinit(&v->canvas);
		free(v);
		ps_target_destroy(t);
		fprintf(stderr, "pagescope: cannot use this terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return PS_EXIT_FAIL;
	}
	atexit(ps_ui_term_close);
	ps_viewer_signals();
	if (!ps_ui_init(&v->ui, t, open, ps_viewer_is_live(open->dump),
			ps_ui_term_has_colour())) {
		ps_ui_term_close();
		ps_ui_deinit(&v->ui);
		ps_ui_canvas_deinit(&v->canvas);
		free(v);
		fprintf(stderr, "pagescope: out of memory\n");
		return PS_EXIT_FAIL;
	}
	v->ui.data.interrupt = interrupted;
	v->ui.interval = interval;
	v->ui.busy = ps_viewer_busy;
	v->ui.busy_arg = v;
	v->ui.data.open.progress = NULL;	/* the layout is cached by now */
	/* Never on stderr under curses: on the status line. */
	ps_target_set_progress(t, ps_viewer_progress, v);
	if (before)
		ps_viewer_before(v, before);
	if (getenv("PAGESCOPE_UI_TRACE"))
		v->trace = fopen(getenv("PAGESCOPE_UI_TRACE"), "w");
	ps_viewer_loop(v, interrupted);
	ps_ui_term_close();
	if (v->trace)
		fclose(v->trace);
	ps_ui_deinit(&v->ui);
	ps_ui_canvas_deinit(&v->canvas);
	free(v);
	return PS_EXIT_OK;
}
