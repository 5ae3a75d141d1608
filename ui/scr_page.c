// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Page inspector: every decoded field of one page and its folio, each
 * flag with its meaning (the library's flag table), and the rules that
 * decide anon-exclusive and hwpoison, in words.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "ui.h"

struct ps_ui_page_state {
	uint64_t pfn;
	bool chosen;		/* a page was asked for */
	bool explain;		/* the "how do we know" panel is open */
	int top, visible_lines, nr_lines;
};

static struct ps_ui_page_state *ps_ui_page(const struct ps_ui *ui)
{
	return ps_ui_state(ui, PS_UI_SCR_PAGE);
}

enum { PS_UI_LABEL = 18 };

/* What the anon-exclusive rule of `page` (anon_exclusive_rule) means. */
static const struct {
	const char *rule;
	const char *text;
} ps_ui_ae_rules[] = {
	{ "own_bit",
	  "An order-0 anonymous page, or a page of a PTE-mapped large folio, carries "
	  "its own PG_anon_exclusive bit (the bit PG_mappedtodisk has on file pages). "
	  "The kernel sets it when a process maps a new page of its own "
	  "(folio_add_new_anon_rmap, or RMAP_EXCLUSIVE on swap-in) and clears it when "
	  "the page stops being exclusive: at fork, unless the page may be pinned "
	  "(then fork copies it), and when it is unmapped for swap-out, migration or "
	  "KSM (page_try_share_anon_rmap on v6.1, folio_try_share_anon_rmap_*() "
	  "later). A GUP pin keeps it set: pinning needs it. While it is set, a write "
	  "fault reuses the page without a copy; on a page no page table maps, it "
	  "is left over and means nothing." },
	{ "head_bit",
	  "A PMD-mapped THP or a hugetlb folio: one bit, on the head page, speaks for "
	  "the whole folio's mapping; the bits of its other pages mean nothing until "
	  "the PMD is split, when every page gets the head's value." },
	{ "absent",
	  "This kernel has no PG_anon_exclusive: v5.19 added it. Before, a write "
	  "fault judged from the page's reference and map counts whether to reuse it." },
	{ "not_anon",
	  "Not an anonymous page: the rule does not apply. On a file page the same "
	  "bit is PG_mappedtodisk (blocks are allocated on disk); KSM pages are never "
	  "exclusive." },
};

static const char *ps_ui_ae_text(const char *rule)
{
	for (size_t i = 0; i < sizeof(ps_ui_ae_rules) / sizeof(ps_ui_ae_rules[0]); i++) {
		if (!strcmp(rule, ps_ui_ae_rules[i].rule))
			return ps_ui_ae_rules[i].text;
	}
	return "";
}

/* Each flag by the name and meaning `page` gives it on this page. */
static void ps_ui_page_flags(struct ps_ui_doc *d, struct json_object *p,
			     const char *key)
{
	struct json_object *flags = ps_ui_json(p, key);
	size_t n = flags ? json_object_array_length(flags) : 0;

	if (!n)
		ps_ui_doc_line(d, PS_UI_dim, "  (none set)");
	for (size_t i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(flags, i);
		const char *name = ps_ui_json_str(f, PS_KEY_NAME, "?");
		enum ps_ui_elem e = !strcmp(name, "hwpoison") ? PS_UI_bad : PS_UI_normal;

		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, e, name, e, "%s",
			       ps_ui_json_str(f, PS_KEY_MEANING, ""));
	}
}

static void ps_ui_page_where(struct ps_ui_doc *d, struct json_object *p)
{
	uint64_t pfn = ps_ui_json_u64(p, PS_KEY_PFN, 0);

	ps_ui_doc_line(d, PS_UI_header, "Page %" PRIu64 " (0x%" PRIx64 ")", pfn, pfn);
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "physical", PS_UI_normal,
		       "%s", ps_ui_json_str(p, PS_KEY_PHYS, "?"));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "struct page", PS_UI_normal,
		       "%s", ps_ui_json_str(p, PS_KEY_STRUCT_PAGE, "?"));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "node, zone", PS_UI_normal,
		       "%" PRId64 ", %s", ps_ui_json_int(p, PS_KEY_NID, -1),
		       ps_ui_json_str(p, PS_KEY_ZONE, "?"));
	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Flags: page->flags %s",
		       ps_ui_json_str(p, PS_KEY_FLAGS_RAW, "?"));
	ps_ui_doc_line(d, PS_UI_dim, "  the low bits are flags, the high bits zone and node; as PageFoo() sees them:");
	ps_ui_page_flags(d, p, PS_KEY_FLAGS_EXPLAINED);
}

static void ps_ui_page_counts(struct ps_ui_doc *d, struct json_object *p)
{
	const char *type = ps_ui_json_str(p, PS_KEY_TYPE, "?");
	const char *meaning = ps_view_page_type_meaning(type);

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Type and counts");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "type", PS_UI_normal,
		       "%s: %s", type, meaning ? meaning : "");
	if (json_object_object_get_ex(p, PS_KEY_OWNER, NULL))
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "owner", PS_UI_normal,
			       "%s: %s (%s)", ps_ui_json_str(p, PS_KEY_OWNER_KIND, "?"),
			       ps_ui_json_str(p, PS_KEY_OWNER, "?"),
			       ps_ui_json_str(p, PS_KEY_MOVABILITY, "?"));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "refcount", PS_UI_normal,
		       "%" PRId64 "  (%s)", ps_ui_json_int(p, PS_KEY_REFCOUNT, 0),
		       ps_ui_json_bool(p, PS_KEY_COMPOUND_TAIL, false)
			       ? "a tail's own _refcount, always 0: the folio's is on its head"
			       : "_refcount: references held; 0 = free or being freed");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "mapcount", PS_UI_normal,
		       "%" PRId64 "  (page_mapcount(): PTEs mapping this page + PMDs mapping its folio; 0 when typed)",
		       ps_ui_json_int(p, PS_KEY_PAGE_MAPCOUNT, ps_ui_json_int(p, PS_KEY_MAPCOUNT, 0)));
	if (ps_ui_json_bool(p, PS_KEY_FREE, false))
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "free", PS_UI_ok,
			       "yes: in a free buddy block of order %" PRId64,
			       ps_ui_json_int(p, PS_KEY_FREE_BLOCK_ORDER, 0));
	else
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "free", PS_UI_normal,
			       "no: not in a buddy free block");
}

static void ps_ui_page_mapping(struct ps_ui_doc *d, struct json_object *p)
{
	const char *kind = ps_ui_json_str(p, PS_KEY_MAPPING_KIND, "?");

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Mapping");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "mapping", PS_UI_normal,
		       "%s  (%s; the low two bits say which: 1 anon, 2 movable_ops, 3 KSM)",
		       ps_ui_json_str(p, PS_KEY_MAPPING, "?"), kind);
	if (!strcmp(kind, "anon"))
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "index", PS_UI_normal,
			       "%" PRIu64 "  (anon: the virtual address 0x%" PRIx64 " >> PAGE_SHIFT)",
			       ps_ui_json_u64(p, PS_KEY_INDEX, 0), ps_ui_json_u64(p, PS_KEY_INDEX, 0) << 12);
	else
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "index", PS_UI_normal,
			       "%" PRIu64 "  (%s)", ps_ui_json_u64(p, PS_KEY_INDEX, 0),
			       !strcmp(kind, "file") ? "page offset in the file, in pages"
						     : "owner's use");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "private", PS_UI_normal,
		       "%s", ps_ui_json_str(p, PS_KEY_PRIVATE, "?"));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "memcg_data", PS_UI_normal,
		       "%s", ps_ui_json_str(p, PS_KEY_MEMCG_DATA, "?"));
}

static void ps_ui_page_folio(struct ps_ui_doc *d, struct json_object *p)
{
	uint64_t pfn = ps_ui_json_u64(p, PS_KEY_PFN, 0);
	uint64_t head = ps_ui_json_u64(p, PS_KEY_FOLIO_HEAD_PFN, pfn);
	int64_t order = ps_ui_json_int(p, PS_KEY_FOLIO_ORDER, 0);
	bool tail = ps_ui_json_bool(p, PS_KEY_COMPOUND_TAIL, false);

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Folio");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "head", PS_UI_normal,
		       "pfn %" PRIu64 " (0x%" PRIx64 ")%s", head, head,
		       tail ? ": this is a tail page (Enter opens the head)"
		       : ps_ui_json_bool(p, PS_KEY_COMPOUND_HEAD, false) ? ": this page"
								   : ": a single page");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "order", PS_UI_normal,
		       "%" PRId64 " (%llu page%s)", order, 1ULL << (order & 63),
		       order ? "s" : "");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "entire mapcount", PS_UI_normal,
		       "%" PRId64 "  (PMD mappings of the whole folio)",
		       ps_ui_json_int(p, PS_KEY_FOLIO_ENTIRE_MAPCOUNT, 0));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "partially mapped",
		       ps_ui_json_bool(p, PS_KEY_FOLIO_PARTIALLY_MAPPED, false) ? PS_UI_warn : PS_UI_normal,
		       "%s", ps_ui_json_bool(p, PS_KEY_FOLIO_PARTIALLY_MAPPED, false)
				     ? "yes: on a deferred split queue"
				     : "no");
	if (tail || order) {
		ps_ui_doc_line(d, PS_UI_dim, "  the folio's flags (from its head):");
		ps_ui_page_flags(d, p, PS_KEY_FOLIO_FLAGS_EXPLAINED);
	}
}

static void ps_ui_page_rules(struct ps_ui_doc *d, struct json_object *p)
{
	const char *rule = ps_ui_json_str(p, PS_KEY_ANON_EXCLUSIVE_RULE, "not_anon");
	bool ae = ps_ui_json_bool(p, PS_KEY_ANON_EXCLUSIVE, false);
	bool hwp = ps_ui_json_bool(p, PS_KEY_HWPOISON, false);

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Anon-exclusive: %s (rule: %s)",
		       !strcmp(rule, "absent") ? "n/a" : ae ? "yes" : "no", rule);
	ps_ui_doc_para(d, 2, PS_UI_normal, ps_ui_ae_text(rule));
	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, hwp ? PS_UI_bad : PS_UI_header, "Hardware poison: %s",
		       hwp ? "YES" : "no");
	if (hwp)
		ps_ui_doc_para(d, 2, PS_UI_normal,
			       "memory_failure() (or soft offline) set PG_hwpoison: the memory "
			       "behind this page had an error. The kernel took the page away from "
			       "its owner and will never allocate it again; HardwareCorrupted in "
			       "/proc/meminfo counts it. For hugetlb only the head carries the flag "
			       "and the raw pages are on a list.");
}

/* ------------------------------------------------------------------ */
/* How do we know: words, chain, structures read (page --explain)     */
/* ------------------------------------------------------------------ */

static void ps_ui_page_words(struct ps_ui_doc *d, struct json_object *p)
{
	struct json_object *words = ps_ui_json(p, PS_KEY_WORDS);
	size_t n = words ? json_object_array_length(words) : 0;

	ps_ui_doc_line(d, PS_UI_header, "Words: the struct page as stored, as this kind of page uses it");
	for (size_t i = 0; i < n; i++) {
		struct json_object *w = json_object_array_get_idx(words, i);

		ps_ui_doc_line(d, PS_UI_normal, "  page[%" PRIu64 "] +0x%02" PRIx64 "  %-20s %s  %s",
			       ps_ui_json_u64(w, PS_KEY_PAGE, 0), ps_ui_json_u64(w, PS_KEY_OFFSET, 0),
			       ps_ui_json_str(w, PS_KEY_FIELD, "?"), ps_ui_json_str(w, PS_KEY_VALUE, "?"),
			       ps_ui_json_str(w, PS_KEY_MEANING, ""));
	}
}

static void ps_ui_page_setters(struct ps_ui_doc *d, struct json_object *p)
{
	struct json_object *flags = ps_ui_json(p, PS_KEY_FLAGS_EXPLAINED);
	size_t n = flags ? json_object_array_length(flags) : 0;

	ps_ui_doc_line(d, PS_UI_header, "Where the kernel sets and clears these flags");
	for (size_t i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(flags, i);

		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, ps_ui_json_str(f, PS_KEY_NAME, "?"),
			       PS_UI_normal, "%s", ps_ui_json_str(f, PS_KEY_SET_BY, ""));
	}
	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
}

static void ps_ui_page_chain(struct ps_ui_doc *d, struct json_object *p)
{
	struct json_object *pb = ps_ui_json(p, PS_KEY_PAGEBLOCK);
	struct json_object *gb = ps_ui_json(p, PS_KEY_GIGABLOCK);

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Pageblock and gigablock");
	if (ps_ui_json(pb, PS_KEY_MIGRATETYPE))
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "pageblock", PS_UI_normal,
			       "pfn 0x%" PRIx64 "-0x%" PRIx64 ": %s%s%s",
			       ps_ui_json_u64(pb, PS_KEY_START_PFN, 0), ps_ui_json_u64(pb, PS_KEY_END_PFN, 0),
			       ps_ui_json_str(pb, PS_KEY_MIGRATETYPE, "?"),
			       ps_ui_json_bool(pb, PS_KEY_SKIP, false) ? ", compaction skips it" : "",
			       ps_ui_json_bool(pb, PS_KEY_ISOLATE, false) ? ", isolated" : "");
	else
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "pageblock", PS_UI_warn,
			       "unknown: %s", ps_ui_json_str(pb, PS_KEY_WHY, "?"));
	if (ps_ui_json(gb, PS_KEY_VERDICT))
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "gigablock", PS_UI_normal,
			       "%" PRIu64 ": %s", ps_ui_json_u64(gb, PS_KEY_INDEX, 0),
			       ps_ui_json_str(gb, PS_KEY_EXPLANATION, "?"));
	else
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "gigablock", PS_UI_warn,
			       "unknown: %s", ps_ui_json_str(gb, PS_KEY_WHY, "?"));
}

/* What /proc/kpageflags and /proc/kpagecount say of this pfn (page_kpf.c). */
static void ps_ui_page_kpf(struct ps_ui_doc *d, struct json_object *p)
{
	struct json_object *names = ps_ui_json(p, PS_KEY_KPAGEFLAGS_NAMES);
	struct json_object *notes = ps_ui_json(p, PS_KEY_KPAGE_NOTES);
	size_t n = names ? json_object_array_length(names) : 0;
	size_t nn = notes ? json_object_array_length(notes) : 0;
	char list[512];
	size_t len = 0;

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "The kernel's own view (/proc/kpageflags, /proc/kpagecount)");
	if (!ps_ui_json(p, PS_KEY_KPAGEFLAGS)) {
		ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "kpageflags", PS_UI_warn,
			       "unknown: %s", nn ? json_object_get_string(
						 json_object_array_get_idx(notes, 0)) : "?");
		return;
	}
	list[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? "," : "",
					json_object_get_string(json_object_array_get_idx(names, i)));
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "kpageflags", PS_UI_normal,
		       "%s (%s)", ps_ui_json_str(p, PS_KEY_KPAGEFLAGS, "?"), n ? list : "none");
	ps_ui_doc_pair(d, 2, PS_UI_LABEL - 2, PS_UI_dim, "kpagecount", PS_UI_normal,
		       "%" PRId64, ps_ui_json_int(p, PS_KEY_KPAGECOUNT, 0));
	for (size_t i = 0; i < nn; i++)
		ps_ui_doc_para(d, 4, PS_UI_dim, json_object_get_string(
							json_object_array_get_idx(notes, i)));
}

static void ps_ui_page_figure(struct ps_ui_doc *d, struct json_object *f)
{
	struct json_object *reads = ps_ui_json(f, PS_KEY_READS);
	size_t n = reads ? json_object_array_length(reads) : 0;

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "  %s", ps_ui_json_str(f, PS_KEY_FIGURE, "?"));
	ps_ui_doc_para(d, 4, PS_UI_normal, ps_ui_json_str(f, PS_KEY_RULE, ""));
	ps_ui_doc_para(d, 4, PS_UI_dim, ps_ui_json_str(f, PS_KEY_KERNEL, ""));
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(reads, i);

		ps_ui_doc_line(d, PS_UI_normal, "    %-50s %-26s %s",
			       ps_ui_json_str(r, PS_KEY_ITEM, "?"), ps_ui_json_str(r, PS_KEY_VALUE, "?"),
			       ps_ui_json_str(r, PS_KEY_SOURCE, ""));
	}
}

static void ps_ui_page_explain(struct ps_ui_doc *d, struct json_object *p, bool open)
{
	struct json_object *figures = ps_ui_json(p, PS_KEY_EXPLAIN);
	size_t n = figures ? json_object_array_length(figures) : 0;

	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	if (!open) {
		ps_ui_doc_line(d, PS_UI_dim, "e: how do we know (the words as stored, pageblock, gigablock, each structure read)");
		return;
	}
	ps_ui_doc_line(d, PS_UI_header, "How do we know (e: close)");
	ps_ui_page_setters(d, p);
	ps_ui_page_words(d, p);
	ps_ui_page_chain(d, p);
	ps_ui_doc_line(d, PS_UI_normal, "%s", "");
	ps_ui_doc_line(d, PS_UI_header, "Where each figure comes from");
	for (size_t i = 0; i < n; i++)
		ps_ui_page_figure(d, json_object_array_get_idx(figures, i));
}

/* ------------------------------------------------------------------ */

/* Entered without a page asked for: the one under the map's cursor. */
static void ps_ui_page_choose(struct ps_ui *ui)
{
	struct ps_ui_page_state *s = ps_ui_page(ui);

	if (!s->chosen && ps_ui_cursor_pfn(ui, &ps_ui_map_screen, &s->pfn, NULL))
		s->chosen = true;
}

static bool ps_ui_page_show(struct ps_ui *ui, uint64_t pfn, enum ps_ui_zoom zoom)
{
	struct ps_ui_page_state *s = ps_ui_page(ui);

	(void)zoom;
	s->pfn = pfn;
	s->chosen = true;
	s->top = 0;
	return true;
}

static bool ps_ui_page_cursor(struct ps_ui *ui, uint64_t *pfn_ret, bool *exact_ret)
{
	struct ps_ui_page_state *s = ps_ui_page(ui);

	*pfn_ret = s->pfn;
	*exact_ret = true;
	return s->chosen;
}

static void ps_ui_page_draw(struct ps_ui *ui, struct ps_ui_canvas *c,
			    struct ps_ui_rect area)
{
	struct ps_ui_rect body = { area.y, 1, area.h - 1, area.w - 1 };
	char err[PS_UI_MSG_LEN];
	struct json_object *p;
	struct ps_ui_doc d;

	ps_ui_page_choose(ui);
	p = ps_ui_data_page(&ui->data, ps_ui_page(ui)->pfn, err, sizeof(err));
	ps_ui_page(ui)->visible_lines = body.h;
	ps_ui_doc_init(&d, c, body, ps_ui_page(ui)->top);
	if (!p) {
		ps_ui_doc_line(&d, PS_UI_bad, "pfn 0x%" PRIx64 ": %s", ps_ui_page(ui)->pfn, err);
	} else {
		ps_ui_page_where(&d, p);
		ps_ui_page_counts(&d, p);
		ps_ui_page_mapping(&d, p);
		ps_ui_page_folio(&d, p);
		ps_ui_page_rules(&d, p);
		ps_ui_page_kpf(&d, p);
		ps_ui_page_explain(&d, p, ps_ui_page(ui)->explain);
	}
	ps_ui_page(ui)->nr_lines = d.nr_lines;
	ps_ui_status(c, area, PS_UI_status,
		     "Page inspector: pfn 0x%" PRIx64 " | Left/Right: previous/next page | g: go to | /: search | Bksp: back",
		     ps_ui_page(ui)->pfn);
}

static unsigned ps_ui_page_scroll(struct ps_ui *ui, enum ps_ui_action act)
{
	struct ps_ui_page_state *s = ps_ui_page(ui);
	int page = s->visible_lines > 1 ? s->visible_lines - 1 : 1;
	int last = s->nr_lines - s->visible_lines;

	switch (act) {
	case PS_ACT_up:
		s->top--;
		break;
	case PS_ACT_down:
		s->top++;
		break;
	case PS_ACT_page_up:
		s->top -= page;
		break;
	case PS_ACT_page_down:
		s->top += page;
		break;
	case PS_ACT_home:
		s->top = 0;
		break;
	case PS_ACT_end:
		s->top = last;
		break;
	default:
		return 0;
	}
	if (s->top > last)
		s->top = last;
	if (s->top < 0)
		s->top = 0;
	return PS_UI_HANDLED | PS_UI_REDRAW;
}

static unsigned ps_ui_page_key(struct ps_ui *ui, enum ps_ui_action act)
{
	char err[PS_UI_MSG_LEN];
	struct json_object *p;
	unsigned flags = ps_ui_goto_key(ui, act);

	if (flags)
		return flags;
	switch (act) {
	case PS_ACT_left:
		return ps_ui_page(ui)->pfn ? ps_ui_inspect(ui, ps_ui_page(ui)->pfn - 1) : PS_UI_HANDLED;
	case PS_ACT_right:
		return ps_ui_inspect(ui, ps_ui_page(ui)->pfn + 1);
	case PS_ACT_explain:
		ps_ui_page(ui)->explain = !ps_ui_page(ui)->explain;
		return PS_UI_HANDLED | PS_UI_REDRAW;
	case PS_ACT_enter:
		p = ps_ui_data_page(&ui->data, ps_ui_page(ui)->pfn, err, sizeof(err));
		if (p && ps_ui_json_bool(p, PS_KEY_COMPOUND_TAIL, false))
			return ps_ui_inspect(ui, ps_ui_json_u64(p, PS_KEY_FOLIO_HEAD_PFN, ps_ui_page(ui)->pfn));
		ps_ui_message(ui, PS_UI_dim, "Enter opens the folio head of a tail page");
		return PS_UI_HANDLED;
	default:
		return ps_ui_page_scroll(ui, act);
	}
}

const struct ps_ui_screen_ops ps_ui_page_screen = {
	.name = "Page",
	.id = PS_UI_SCR_PAGE,
	.state_size = sizeof(struct ps_ui_page_state),
	.draw = ps_ui_page_draw,
	.key = ps_ui_page_key,
	.show = ps_ui_page_show,
	.cursor_pfn = ps_ui_page_cursor,
};
