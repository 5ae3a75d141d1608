// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page: what /proc/kpageflags and /proc/kpagecount would report for the
 * page, and where pagescope's own figures say something else.
 */
#include <inttypes.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/page_info.h"

void ps_page_info_kpf(struct ps_page_info *i)
{
	struct ps_error *err;

	ps_kpf_rules_init(i->t, &i->kpf_rules);
	err = ps_kpf_of_page(i->t, &i->kpf_rules, &i->d, &i->p, &i->kpf);
	if (err) {
		snprintf(i->kpf_why, sizeof(i->kpf_why), "%s", err->message);
		ps_error_destroy(err);
		return;
	}
	i->has_kpf = true;
}

/* Where the kernel's files and pagescope's own fields differ for this page. */
static size_t ps_kpf_notes(const struct ps_page_info *i, const char **notes, size_t max)
{
	const struct ps_page *p = &i->p;
	uint64_t f = i->kpf.flags;
	size_t n = 0;

	if (n < max && p->entire_mapcount > 0 && p->mapcount <= 0)
		notes[n++] = "kpagecount counts the folio's PMD mappings on every page; this page's own _mapcount (mapcount) counts its PTE mappings only";
	if (n < max && (f & 1ULL << PS_KPF_mmap) && p->mapcount <= 0 && p->entire_mapcount <= 0)
		notes[n++] = "KPF_MMAP is its folio's: another page of the folio is mapped, not this one";
	if (n < max && i->kpf_rules.file_thp_own_count && (p->state & (PS_PAGE_HEAD | PS_PAGE_TAIL)) &&
	    !(p->mapping & 1) && p->entire_mapcount > 0)
		notes[n++] = "a file THP: this kernel counts its PMD mappings in each page's _mapcount, so kpagecount is that alone";
	if (n < max && !i->kpf_rules.ksm_exact && (f & 1ULL << PS_KPF_ksm) && (p->mapping & 3) != 3)
		notes[n++] = "KPF_KSM on a page that is not KSM: this kernel's stable_page_flags() tests mapping & PAGE_MAPPING_KSM, true on any anon page";
	if (n < max && !i->kpf_rules.folio_flags && (p->state & PS_PAGE_TAIL))
		notes[n++] = "a tail: this kernel reports the tail's own flags word, not its folio's flags that pagescope lists";
	if (n < max && i->kpf_rules.why[0])
		notes[n++] = i->kpf_rules.why;
	return n;
}

void ps_text_page_kpf(FILE *fp, const struct ps_page_info *i)
{
	const char *notes[8];
	char names[512];
	size_t n;

	if (!i->has_kpf) {
		fprintf(fp, "kpageflags   unknown: %s\n", i->kpf_why);
		return;
	}
	fprintf(fp, "kpageflags   %#" PRIx64 " (%s)  kpagecount %" PRId64 "\n", i->kpf.flags,
		*ps_kpf_names(i->kpf.flags, names, sizeof(names)) ? names : "none",
		i->kpf.count);
	fprintf(fp, "             what /proc/kpageflags and /proc/kpagecount report for this pfn (page-types reads them)\n");
	n = ps_kpf_notes(i, notes, 8);
	for (size_t k = 0; k < n; k++)
		fprintf(fp, "             differs: %s\n", notes[k]);
}

void ps_json_page_kpf(struct json_object *o, const struct ps_page_info *i)
{
	struct json_object *names = json_object_new_array();
	struct json_object *arr = json_object_new_array();
	const char *notes[8];
	size_t n = ps_kpf_notes(i, notes, 8);

	if (!i->has_kpf) {
		json_object_put(names);
		json_object_array_add(arr, json_object_new_string(i->kpf_why));
		json_object_object_add(o, PS_KEY_KPAGEFLAGS, NULL);
		ps_json_add(o, PS_KEY_KPAGE_NOTES, arr);
		return;
	}
	for (unsigned b = 0; b < 64; b++) {
		char one[32];

		if (i->kpf.flags >> b & 1)
			json_object_array_add(names, json_object_new_string(
							     ps_kpf_names(1ULL << b, one, sizeof(one))));
	}
	for (size_t k = 0; k < n; k++)
		json_object_array_add(arr, json_object_new_string(notes[k]));
	ps_json_add_hex(o, PS_KEY_KPAGEFLAGS, i->kpf.flags);
	ps_json_add(o, PS_KEY_KPAGEFLAGS_NAMES, names);
	ps_json_add_i64(o, PS_KEY_KPAGECOUNT, i->kpf.count);
	ps_json_add(o, PS_KEY_KPAGE_NOTES, arr);
}
