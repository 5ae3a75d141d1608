// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "walk/ordered.h"

struct ps_ordered {
	const struct ps_ordered_ops *ops;
	void *ctx;
	uint64_t start, end, unit;
	pthread_mutex_t lock;
	pthread_cond_t turn;
	uint64_t next;		/* the next unit to take */
	uint64_t emitted;	/* units handed on */
	bool failed;		/* a thread failed: the others stop */
};

/* The next unit's index into @p k; false when none is left. */
static bool ps_ordered_take(struct ps_ordered *o, uint64_t *k)
{
	bool more;

	pthread_mutex_lock(&o->lock);
	more = !o->failed && o->next < (o->end - o->start + o->unit - 1) / o->unit;
	if (more)
		*k = o->next++;
	pthread_mutex_unlock(&o->lock);
	return more;
}

static void ps_ordered_fail(struct ps_ordered *o)
{
	pthread_mutex_lock(&o->lock);
	o->failed = true;
	pthread_cond_broadcast(&o->turn);
	pthread_mutex_unlock(&o->lock);
}

/* Hand on unit @p k once every unit before it is; nothing if one failed. */
static struct ps_error *ps_ordered_hand_on(struct ps_ordered *o, uint64_t k,
					   const struct ps_ordered_unit *u,
					   const char *text, size_t len)
{
	struct ps_error *err = NULL;

	pthread_mutex_lock(&o->lock);
	while (!o->failed && o->emitted != k)
		pthread_cond_wait(&o->turn, &o->lock);
	if (!o->failed) {
		err = o->ops->emit(o->ctx, u, text, len);
		o->emitted++;
		pthread_cond_broadcast(&o->turn);
	}
	pthread_mutex_unlock(&o->lock);
	return err;
}

static struct ps_error *ps_ordered_unit(struct ps_ordered *o, struct ps_part *part,
					void *worker, uint64_t k)
{
	struct ps_ordered_unit u = { .start = o->start + k * o->unit };
	char *text = NULL;
	size_t len = 0;
	struct ps_error *err;

	u.end = o->end - u.start > o->unit ? u.start + o->unit : o->end;
	u.fp = open_memstream(&text, &len);
	if (!u.fp)
		return ps_error_nomem();
	err = o->ops->fill(worker, part, &u);
	if (fclose(u.fp) && !err)
		err = ps_error_nomem();
	if (!err)
		err = ps_ordered_hand_on(o, k, &u, text, len);
	free(text);
	return err;
}

static struct ps_error *ps_ordered_part(struct ps_part *part)
{
	struct ps_ordered *o = part->arg;
	void *worker = NULL;
	uint64_t k;
	struct ps_error *err = o->ops->worker_init(o->ctx, part, &worker);

	while (!err && ps_ordered_take(o, &k))
		err = ps_ordered_unit(o, part, worker, k);
	if (err)
		ps_ordered_fail(o);
	o->ops->worker_fini(worker);
	return err;
}

struct ps_error *ps_ordered_walk(struct ps_target *t, uint64_t start, uint64_t end,
				 uint64_t unit, const struct ps_ordered_ops *ops,
				 void *ctx)
{
	struct ps_ordered o = { .ops = ops, .ctx = ctx, .start = start,
				.end = end > start ? end : start, .unit = unit ? unit : 1 };
	unsigned max = ps_parallel_parts(), nr;
	void *args[64];
	struct ps_error *err;

	if (max > sizeof(args) / sizeof(args[0]))
		max = sizeof(args) / sizeof(args[0]);
	for (unsigned i = 0; i < max; i++)
		args[i] = &o;
	pthread_mutex_init(&o.lock, NULL);
	pthread_cond_init(&o.turn, NULL);
	err = ps_parallel_walk(t, max, ps_ordered_part, args, &nr);
	pthread_cond_destroy(&o.turn);
	pthread_mutex_destroy(&o.lock);
	return err;
}
