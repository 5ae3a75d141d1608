/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The snapshot file (docs/snapshot.md): what pagescope read of a kernel,
 * enough to answer every read-only subcommand again without the dump or
 * the debug info. A magic line, then records, each a fixed header and its
 * payload, most zstd-compressed; the last record is an index of them all.
 *
 *   "pagescope-snapshot <version>\n"
 *   record: u32 type, u32 flags, u64 raw length, u64 stored length,
 *           u32 CRC-32 of the header (CRC 0) and the payload, u32 0, payload
 *
 * Little-endian throughout, like the dumps pagescope reads.
 */
#ifndef PS_SNAPSHOT_FORMAT_H
#define PS_SNAPSHOT_FORMAT_H

#include <stdint.h>

/* Bumped when a reader of the old format could misread the new. */
enum { PS_SNAPSHOT_VERSION = 2 };

static const char ps_snapshot_magic[] = "pagescope-snapshot ";

enum ps_snapshot_record_type {
	PS_SNAP_META = 1,	/* JSON: identity, paging, sources */
	PS_SNAP_VMCOREINFO,	/* the note's text */
	PS_SNAP_LAYOUT,		/* the resolved layout, as the layout cache writes it */
	PS_SNAP_MEMMAP,		/* one section's struct pages, lane-delta coded */
	PS_SNAP_EXTENTS,	/* other memory read: a table, then the bytes */
	PS_SNAP_SYMBOLS,	/* symbol queries and their answers, a line each */
	PS_SNAP_TYPES,		/* type queries and their answers, a line each */
	PS_SNAP_TRANSLATIONS,	/* kernel virtual to physical, a line each */
	PS_SNAP_INDEX,		/* every record's type, key and file offset */
	PS_SNAP_NR_TYPES
};

enum {
	PS_SNAP_ZSTD = 1u << 0,		/* the payload is one zstd frame */
	PS_SNAP_LANES = 1u << 1,	/* 8-byte lanes, each delta coded */
};

struct ps_snapshot_record_header {
	uint32_t type;
	uint32_t flags;
	uint64_t raw_len;	/* after decompression and decoding */
	uint64_t stored_len;	/* in the file */
	uint32_t crc;		/* zlib's CRC-32 of this header (crc 0), then the payload */
	uint32_t reserved;
};

/* A MEMMAP record's payload starts with this, before the coded pages. */
struct ps_snapshot_memmap_header {
	uint64_t addr;		/* kernel virtual address of the first struct page */
	uint64_t len;		/* bytes of struct pages */
	uint32_t stride;	/* sizeof(struct page): the lane width of the code */
	uint32_t reserved;
};

/*
 * An EXTENTS record is a u64 count, the entries, then the bytes of the
 * entries that have bytes, in order. A hole is a read that failed there:
 * reading it again fails the same way (its message is its bytes).
 */
struct ps_snapshot_extent {
	uint64_t addr;
	uint64_t len;		/* of the bytes, or of the hole's message */
	uint32_t space;		/* enum ps_addr_space */
	int32_t hole;		/* 0, or the failed read's enum ps_error_code */
};

/* The INDEX record: one entry per record before it. */
struct ps_snapshot_index_entry {
	uint32_t type;
	uint32_t reserved;
	uint64_t key;		/* MEMMAP: the first struct page's address */
	uint64_t key_len;	/* MEMMAP: bytes of struct pages from there */
	uint64_t offset;	/* of the record header in the file */
};

/* The file ends with the INDEX record's offset and this magic. */
static const char ps_snapshot_trailer_magic[8] = "PSSNAPIX";

#endif
