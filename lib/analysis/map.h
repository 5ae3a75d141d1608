/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The map of physical memory: one class per pageblock, by mode, one row
 * per gigablock; cells aggregate pageblocks when the picture is smaller
 * than memory. Renderers (terminal, PNG, the viewer) read this model.
 */
#ifndef PS_MAP_H
#define PS_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "walk/blockscan.h"
#include "base/error.h"

struct ps_target;

#define PS_MAP_MODES(X)                                                        \
	X(migratetype, "pageblock migratetypes")                               \
	X(free, "how much of each pageblock is free in the buddy allocator")   \
	X(movability, "what pages hold: free, movable, unmovable, reserved")   \
	X(hwpoison, "pageblocks holding PG_hwpoison pages")                    \
	X(anon_exclusive, "share of PG_anon_exclusive pages")                  \
	X(owner, "the owner kind holding most of each pageblock's pages")

enum ps_map_mode {
#define PS_MAP_MODE_ENUM(name, desc) PS_MAP_##name,
	PS_MAP_MODES(PS_MAP_MODE_ENUM)
#undef PS_MAP_MODE_ENUM
	PS_MAP_NR_MODES
};

/* The modes a pageblock's summary decides; owner needs the owner pass. */
enum { PS_MAP_NR_BLOCK_MODES = PS_MAP_owner };

extern const char *const ps_map_mode_names[PS_MAP_NR_MODES];
extern const char *const ps_map_mode_descriptions[PS_MAP_NR_MODES];

/* "migratetype", "anon-exclusive" (or "anon_exclusive"); false if unknown. */
bool ps_map_mode_parse(const char *name, enum ps_map_mode *ret);

enum { PS_MAP_MAX_CLASSES = 32, PS_MAP_HOLE = 0 };

/* A class of pageblock in one mode; index 0 is always "no memory". */
struct ps_map_class {
	char name[16];
	char glyph;		/* without colour */
	uint8_t rgb[3];		/* colour-blind safe (Okabe-Ito): PNG, terminals */
	uint8_t rgb_classic[3];	/* red for unmovable, green for movable */
};

struct ps_map_legend {
	size_t nr;
	struct ps_map_class classes[PS_MAP_MAX_CLASSES];
	/* Aggregation: a cell shows its highest-ranked block's class. */
	uint8_t rank[PS_MAP_MAX_CLASSES];
};

struct ps_map {
	enum ps_map_mode mode;
	struct ps_map_legend legend;
	unsigned page_shift;
	unsigned pageblock_order;
	unsigned pud_order;
	size_t blocks_per_row;		/* pageblocks per gigablock */
	size_t nr_rows;			/* gigablocks holding memory */
	uint64_t *row_pfn;		/* [nr_rows] first pfn */
	int *row_zone;			/* [nr_rows] zone of the first block, -1 */
	uint8_t *cls;			/* [nr_rows * blocks_per_row] */
};

/* The legend of @p mode; migratetype names come from @p bits. */
void ps_map_legend_init(struct ps_map_legend *l, enum ps_map_mode mode,
			const struct ps_pageblock_bits *bits);

/* The class of one pageblock in @p mode. */
uint8_t ps_map_classify(enum ps_map_mode mode,
			const struct ps_pageblock_bits *bits,
			const struct ps_block_summary *b);

/* Scan @p t into a map. On success, must be freed with ps_map_deinit(). */
struct ps_error *ps_map_collect(struct ps_target *t, enum ps_map_mode mode,
				struct ps_map *ret);
void ps_map_deinit(struct ps_map *m);

/* The class of cell blocks [first, first + n) of @p row. */
uint8_t ps_map_cell(const struct ps_map *m, size_t row, size_t first,
		    size_t n);

/* Geometry of a text picture @p width columns wide (labels included). */
struct ps_map_geometry {
	size_t label_width;
	size_t cells_per_line;
	size_t lines_per_row;		/* lines of one gigablock band */
	size_t blocks_per_cell;
};

void ps_map_geometry(const struct ps_map *m, size_t width,
		     struct ps_map_geometry *ret);

/* Print the map for a terminal; @p colour uses 256-colour escapes. */
void ps_map_print(const struct ps_map *m, FILE *fp, size_t width, bool colour);

/* Write the map as a PNG image with axes and a legend. */
struct ps_error *ps_map_write_png(const struct ps_map *m, const char *path,
				  const char *title, bool classic);

#endif
