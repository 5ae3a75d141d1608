// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VMCOREINFO values against what an x86_64 kernel can have written, before
 * libkdumpfile or a walker uses them: libkdumpfile divides by PAGESIZE,
 * pagescope shifts by SECTION_SIZE_BITS and allocates by LENGTH()s.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "dump/vmcoreinfo.h"

/* The kernel writes VMCOREINFO into one page; its lines are short. */
enum { PS_VI_MAX_LINE = 512, PS_VI_MAX_TEXT = 64 << 10 };

struct ps_vi_rule {
	const char *key;	/* exact, or a prefix ending in '(' */
	bool (*ok)(const char *value);
	const char *why;
};

static bool ps_vi_u64(const char *s, int base, uint64_t *ret)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	*ret = strtoull(s, &end, base);
	return !errno && !*end;
}

static bool ps_vi_i64(const char *s, int64_t *ret)
{
	char *end;

	if (!*s || *s == ' ')
		return false;
	errno = 0;
	*ret = strtoll(s, &end, 0);
	if (errno == ERANGE) {
		errno = 0;
		*ret = (int64_t)strtoull(s, &end, 0);
	}
	return !errno && !*end;
}

static bool ps_vi_in(const char *s, int base, uint64_t lo, uint64_t hi)
{
	uint64_t v;

	return ps_vi_u64(s, base, &v) && v >= lo && v <= hi;
}

static bool ps_vi_release(const char *s)
{
	size_t n = strlen(s);

	/* struct new_utsname: 65 bytes with the NUL. */
	return n && n <= 64 && ps_text_printable(s, n) && !strchr(s, ' ');
}

static bool ps_vi_build_id(const char *s)
{
	size_t n = strlen(s);

	return n <= 128 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static bool ps_vi_page_size(const char *s)
{
	uint64_t v;

	return ps_vi_u64(s, 10, &v) && v >= 4096 && v <= 65536 &&
	       !(v & (v - 1));
}

static bool ps_vi_kaslr(const char *s)
{
	uint64_t v;

	/* KASLR moves the kernel in CONFIG_PHYSICAL_ALIGN (2 MiB) steps
	 * within KERNEL_IMAGE_SIZE (1 GiB). */
	return ps_vi_u64(s, 16, &v) && !(v & ((2u << 20) - 1)) && v < (1u << 30);
}

static bool ps_vi_phys_base(const char *s)
{
	int64_t v;

	return ps_vi_i64(s, &v) && !(v & 4095) && v > -(1LL << 52) &&
	       v < (1LL << 52);
}

static bool ps_vi_section_bits(const char *s)
{
	return ps_vi_in(s, 0, 21, 31);
}

static bool ps_vi_physmem_bits(const char *s)
{
	return ps_vi_in(s, 0, 36, 52);
}

static bool ps_vi_bool(const char *s)
{
	return ps_vi_in(s, 0, 0, 1);
}

static bool ps_vi_sme_mask(const char *s)
{
	uint64_t v;

	return ps_vi_u64(s, 0, &v) && !(v & (v - 1)) && v < (1ULL << 52);
}

static bool ps_vi_image_size(const char *s)
{
	uint64_t v;

	return ps_vi_u64(s, 0, &v) && v && !(v & 4095) && v <= (1u << 30);
}

static bool ps_vi_node_data(const char *s)
{
	return ps_vi_in(s, 10, 1, 1024);
}

static bool ps_vi_orders(const char *s)
{
	return ps_vi_in(s, 10, 1, 32);
}

static bool ps_vi_migratetypes(const char *s)
{
	return ps_vi_in(s, 10, 1, 16);
}

static bool ps_vi_page_flag(const char *s)
{
	return ps_vi_in(s, 0, 0, 63);
}

static bool ps_vi_flag_mask(const char *s)
{
	uint64_t v;

	return ps_vi_u64(s, 0, &v) && v && !(v & (v - 1));
}

static bool ps_vi_kernel_addr(const char *s)
{
	/* x86_64's kernel half starts there with 5-level paging. */
	return ps_vi_in(s, 16, 0xff00000000000000ULL, UINT64_MAX);
}

static bool ps_vi_length(const char *s)
{
	return ps_vi_in(s, 10, 1, 1u << 24);
}

static bool ps_vi_size(const char *s)
{
	return ps_vi_in(s, 10, 1, 1u << 24);
}

static bool ps_vi_offset(const char *s)
{
	return ps_vi_in(s, 10, 0, 1u << 24);
}

/* First match wins: the exact keys come before the prefixes. */
static const struct ps_vi_rule ps_vi_rules[] = {
	{ "OSRELEASE", ps_vi_release, "a kernel release is 1 to 64 printable characters" },
	{ "BUILD-ID", ps_vi_build_id, "a build ID is up to 128 hexadecimal digits" },
	{ "PAGESIZE", ps_vi_page_size, "a page size is a power of two from 4 KiB to 64 KiB" },
	{ "KERNELOFFSET", ps_vi_kaslr, "a KASLR offset is a multiple of 2 MiB below 1 GiB" },
	{ "NUMBER(phys_base)", ps_vi_phys_base, "phys_base is page-aligned and within 52 address bits" },
	{ "NUMBER(SECTION_SIZE_BITS)", ps_vi_section_bits, "x86_64 memory sections are 2^21 to 2^31 bytes" },
	{ "NUMBER(MAX_PHYSMEM_BITS)", ps_vi_physmem_bits, "x86_64 physical addresses have 36 to 52 bits" },
	{ "NUMBER(pgtable_l5_enabled)", ps_vi_bool, "it is 0 or 1" },
	{ "NUMBER(sme_mask)", ps_vi_sme_mask, "the SME mask is 0 or one address bit below 2^52" },
	{ "NUMBER(KERNEL_IMAGE_SIZE)", ps_vi_image_size, "the kernel image mapping is at most 1 GiB" },
	{ "NUMBER(PG_head_mask)", ps_vi_flag_mask, "a page flag mask has one bit set" },
	{ "NUMBER(PG_", ps_vi_page_flag, "page flags are bits 0 to 63" },
	{ "LENGTH(node_data)", ps_vi_node_data, "x86_64 has 1 to 1024 NUMA nodes" },
	{ "LENGTH(zone.free_area)", ps_vi_orders, "a zone has 1 to 32 free-area orders" },
	{ "LENGTH(free_area.free_list)", ps_vi_migratetypes, "there are 1 to 16 migratetypes" },
	{ "SYMBOL(", ps_vi_kernel_addr, "x86_64 kernel addresses start at 0xff00000000000000" },
	{ "LENGTH(", ps_vi_length, "an array length is 1 to 2^24" },
	{ "SIZE(", ps_vi_size, "a type size is 1 to 2^24 bytes" },
	{ "OFFSET(", ps_vi_offset, "a member offset is below 2^24" },
};

/* A key ending in '(' or '_' names a family of keys. */
static bool ps_vi_is_prefix(const struct ps_vi_rule *r)
{
	char last = r->key[strlen(r->key) - 1];

	return last == '(' || last == '_';
}

static const struct ps_vi_rule *ps_vi_rule_for(const char *key)
{
	for (size_t i = 0; i < sizeof(ps_vi_rules) / sizeof(ps_vi_rules[0]); i++) {
		const struct ps_vi_rule *r = &ps_vi_rules[i];

		if (ps_vi_is_prefix(r) ? !strncmp(key, r->key, strlen(r->key))
				       : !strcmp(key, r->key))
			return r;
	}
	return NULL;
}

/*
 * A SIZE(), OFFSET() or NUMBER() that does not parse is left to its user,
 * which treats it as absent; the values dump readers depend on must parse.
 */
static bool ps_vi_must_parse(const struct ps_vi_rule *r)
{
	return !ps_vi_is_prefix(r);
}

static struct ps_error *ps_vi_impossible(const char *key, const char *value,
					 const char *why)
{
	char k[PS_TEXT_SHORT], v[PS_TEXT_SHORT];

	return ps_error_create(PS_ERR_CORRUPT,
			       "damaged dump: %s=%s is impossible (%s)",
			       ps_text_safe(key, strlen(key), k, sizeof(k)),
			       ps_text_safe(value, strlen(value), v, sizeof(v)),
			       why);
}

static bool ps_vi_parses(const char *value)
{
	uint64_t u;
	int64_t i;

	return ps_vi_u64(value, 0, &u) || ps_vi_u64(value, 16, &u) ||
	       ps_vi_i64(value, &i);
}

/*
 * KEY or TYPE(name[.member...]), as the kernel's VMCOREINFO_* macros write
 * them. libkdumpfile makes every key an attribute path split at '.': a
 * malformed key (".X", "X.", "OFFSET(a" beside "OFFSET(a.b)") makes a
 * leaf where it has a directory, and its open then reads past its heap.
 */
static bool ps_vi_key_ok(const char *key)
{
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n = strspn(key, upper);
	const char *name = key + n + 1;

	if (!n)
		return false;
	if (!key[n] || key[n] != '(')
		return key[n + strspn(key + n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")] == '\0';
	for (;;) {
		size_t seg = strspn(name, "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

		if (!seg)
			return false;
		name += seg;
		if (*name != '.')
			return name[0] == ')' && !name[1];
		name++;
	}
}

static struct ps_error *ps_vi_check_line(char *line, size_t nr)
{
	char *eq = strchr(line, '=');
	const struct ps_vi_rule *r;
	char shown[PS_TEXT_SHORT];

	if (!ps_text_printable(line, strlen(line)))
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: VMCOREINFO line %zu has control characters: %s",
				       nr, ps_text_safe(line, strlen(line), shown,
							sizeof(shown)));
	if (!*line)
		return NULL;
	if (eq)
		*eq = '\0';
	if (!eq || !ps_vi_key_ok(line))
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: VMCOREINFO line %zu is not KEY=VALUE: %s",
				       nr, ps_text_safe(line, strlen(line), shown,
							sizeof(shown)));
	r = ps_vi_rule_for(line);
	if (!r || r->ok(eq + 1) || (!ps_vi_must_parse(r) && !ps_vi_parses(eq + 1)))
		return NULL;
	return ps_vi_impossible(line, eq + 1, r->why);
}

struct ps_error *ps_vmcoreinfo_check_text(const char *text, size_t len)
{
	size_t nr = 0;

	/* The note may carry NUL padding after the text. */
	while (len && !text[len - 1])
		len--;
	if (len > PS_VI_MAX_TEXT)
		return ps_error_create(PS_ERR_CORRUPT,
				       "damaged dump: its VMCOREINFO is %zu bytes (the kernel writes at most one page)",
				       len);
	for (size_t at = 0; at < len; nr++) {
		const char *end = memchr(text + at, '\n', len - at);
		size_t n = (end ? (size_t)(end - text) : len) - at;
		char line[PS_VI_MAX_LINE + 1];
		struct ps_error *err;

		if (n > PS_VI_MAX_LINE)
			return ps_error_create(PS_ERR_CORRUPT,
					       "damaged dump: VMCOREINFO line %zu is %zu bytes long (its lines are short)",
					       nr + 1, n);
		memcpy(line, text + at, n);
		line[n] = '\0';
		if (strlen(line) != n)
			return ps_error_create(PS_ERR_CORRUPT,
					       "damaged dump: VMCOREINFO line %zu holds a NUL byte",
					       nr + 1);
		err = ps_vi_check_line(line, nr + 1);
		if (err)
			return err;
		at += n + 1;
	}
	return NULL;
}
