/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A target: a memory reader, symbols and a kernel layout, each behind an
 * ops table, so that a vmcore with its vmlinux, /proc/kcore and the crash
 * utility's session all look the same to the walkers.
 */
#ifndef PS_TARGET_H
#define PS_TARGET_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "pagescope.h"
#include "base/error.h"
#include "debuginfo/debuginfo.h"
#include "dump/mem.h"
#include "dump/vmcoreinfo.h"
#include "layout/layout.h"

struct ps_snapshot_recorder;

/*
 * What the layers above build once per target and keep with it (the
 * memory model, the per-cpu areas): freed with the function their
 * builder gave, so the target needs to know nothing of them.
 */
enum ps_target_slot_id {
	PS_SLOT_MEMMODEL,
	PS_SLOT_PERCPU,
	PS_SLOT_MODSYMS,
	PS_NR_SLOTS
};

struct ps_target_slot {
	void *obj;
	void (*destroy)(void *obj);
};

struct ps_target {
	struct ps_mem mem;
	struct ps_debuginfo debuginfo;	/* types and symbols */
	struct ps_vmcoreinfo *vmcoreinfo;
	struct ps_layout layout;
	struct ps_paging paging;
	uint64_t kaslr_offset;
	char *release;
	char *build_id;			/* "" when unknown */
	char *layout_key;		/* the layout cache's key; "": none */
	char *dump_path;		/* NULL inside crash */
	bool live;			/* the running kernel (/proc/kcore) */
	/* Ask the type provider, never the cache (--no-cache, snapshots). */
	bool no_cache;
	/* While a snapshot is saved: told what caches answer (globals). */
	struct ps_snapshot_recorder *recorder;
	struct ps_target_slot slots[PS_NR_SLOTS];
	/* Set from a signal handler to stop long walks. */
	volatile sig_atomic_t *interrupted;
	/* Told when a slow step starts (what) and ends (NULL). */
	void (*progress)(const char *what, void *arg);
	void *progress_arg;
};

/* A slow step starts (@p what says which) or, with NULL, ends. */
void ps_target_progress(struct ps_target *t, const char *what);

/*
 * Build a target from providers the caller made (the crash extension).
 * Ownership of @p mem, @p types and @p symbols passes to the target, also
 * on failure.
 */
struct ps_error *ps_target_create(struct ps_mem mem, struct ps_types types,
				  struct ps_symbols symbols,
				  const struct ps_paging *paging,
				  struct ps_target **ret);

/* Read exactly @p len bytes or fail with the address and the reason. */
struct ps_error *ps_target_read(struct ps_target *t, enum ps_addr_space space,
				uint64_t addr, void *buf, size_t len);
struct ps_error *ps_target_read_u64(struct ps_target *t, uint64_t kvaddr,
				    uint64_t *ret);
struct ps_error *ps_target_read_u32(struct ps_target *t, uint64_t kvaddr,
				    uint32_t *ret);
/* A NUL-terminated string of at most @p len - 1 bytes. */
struct ps_error *ps_target_read_string(struct ps_target *t, uint64_t kvaddr,
				       char *buf, size_t len);

/*
 * On a running kernel, drop what the reader has cached so the next reads
 * see memory as it is now. Nothing to do on a dump.
 */
struct ps_error *ps_target_forget(struct ps_target *t);

/* The runtime address of a layout symbol; PS_ERR_NO_SYMBOL when absent. */
struct ps_error *ps_target_symbol_addr(struct ps_target *t,
				       const struct ps_lval *sym,
				       const char *name, uint64_t *ret);

/*
 * Symbols and types on demand: the vmlinux's tables, or kallsyms and BTF
 * (of the running kernel, or read out of the dump). Owned by the target.
 */
struct ps_error *ps_target_symbols(struct ps_target *t,
				   struct ps_symbols **ret);
struct ps_error *ps_target_types(struct ps_target *t, struct ps_types **ret);

/* The object in slot @p id, or NULL before it was built. */
static inline void *ps_target_slot(const struct ps_target *t,
				   enum ps_target_slot_id id)
{
	return t->slots[id].obj;
}

/* Keep @p obj in slot @p id until the target is destroyed. */
static inline void ps_target_slot_set(struct ps_target *t,
				      enum ps_target_slot_id id, void *obj,
				      void (*destroy)(void *obj))
{
	t->slots[id] = (struct ps_target_slot){ obj, destroy };
}

/*
 * Forget what the layers above built (the memory model, the per-cpu
 * areas): the next use builds it again, reading anew. No pointer to it
 * may be held.
 */
void ps_target_reset_slots(struct ps_target *t);

/*
 * @p ret becomes @p t reading through @p mem (a thread's clone of the
 * reader): everything else is @p t's, shared. Valid while @p t is; never
 * destroyed; it must not build what @p t keeps in slots.
 */
void ps_target_view(const struct ps_target *t, struct ps_mem mem,
		    struct ps_target *ret);

/* Translate kernel virtual address @p vaddr to physical, if the reader can. */
struct ps_error *ps_target_virt_to_phys(struct ps_target *t, uint64_t vaddr,
					uint64_t *ret);

/* True once the user asked to stop (Ctrl-C). */
static inline bool ps_target_interrupted(const struct ps_target *t)
{
	return t->interrupted && *t->interrupted;
}

#endif
