#!/usr/bin/env python3
"""Explanations that were wrong on some kind of page or kernel (issue 18),
each held to the kernel's rule on the pages of every test dump:
- a slab's tail pages show their slab's fields (struct slab is in the
  first page), never their own words as mapping and index;
- PG_reclaim's bit on a clean file page is PG_readahead, also on 5.10,
  whose PG_readahead was a macro (PAGEFLAG(Readahead, reclaim));
- slab pages of a kernel that allocates them frozen (alloc_frozen_pages(),
  v6.14) have refcount 0 in use, and page says so;
- no phrase found wrong is in any text the binaries carry (the viewer's
  legend, crash's help) or in pages and blocks output;
- every raw word of a page table (struct ptdesc) and of a folio's page[1]
  and page[2] (struct folio) that holds a member of this kernel's type is
  labelled with a field, whatever the kernel names them (pt_list,
  _mm_ids, ...);
- every function a flag's set_by names on pages of every kind is a symbol
  of that dump's kernel (its System.map) or is marked inline there: a
  function renamed between kernels is named as this kernel has it."""
import json
import os
import re
import subprocess
import sys

import common
from common import Tap
from test_explain import WRONG

SAMPLE = 4
# Phrases found wrong in the viewer's legend and crash's help example.
WRONG_TEXT = WRONG + ('with blocks allocated on disk',)


def spread(seq, n=SAMPLE):
    seq = list(seq)
    if len(seq) <= n:
        return seq
    return [seq[i * (len(seq) - 1) // (n - 1)] for i in range(n)]


def page(kernel, pfn):
    return common.run_json(['page', str(pfn)] + common.on(kernel))


def page_text(kernel, pfn):
    status, out, err = common.run(['page', str(pfn)] + common.on(kernel))
    if status:
        raise RuntimeError('page %#x: %s' % (pfn, err))
    return out


def layout(kernel):
    return common.layout_items(common.run_json(['layout'] + common.on(kernel)))


def check_slab_tails(t, kernel, pages):
    """struct slab overlays a slab's first page: a tail keeps none of it."""
    tails = [p for p in pages if p['type'] == 'slab' and 'T' in p['state']]
    t.ok(tails, '%s: the dump has slab tail pages' % kernel)
    for p in spread(tails):
        doc = page(kernel, p['pfn'])
        head = page(kernel, doc['folio_head_pfn'])
        text = page_text(kernel, p['pfn'])
        t.ok(doc.get('slab_cache') and doc.get('slab_cache') == head.get('slab_cache') and
             doc.get('slab_objects') == head.get('slab_objects') and
             doc['index'] == head['index'],
             '%s: slab tail %#x: slab_cache %r, objects and index are its head %#x\'s'
             % (kernel, p['pfn'], doc.get('slab_cache'), doc['folio_head_pfn']),
             (doc.get('slab_cache'), head.get('slab_cache'), doc['index'], head['index']))
        t.ok('slab         cache ' in text and '\nmapping ' not in text and
             'from its first page (pfn %#x)' % doc['folio_head_pfn'] in text,
             '%s: slab tail %#x: the slab line, from its first page, no mapping/index line'
             % (kernel, p['pfn']), text[:900])


def reclaim_bits(items):
    def bit(name):
        return 1 << items['enum pageflags.PG_' + name]['value']
    return bit('reclaim'), bit('dirty') | bit('writeback')


def check_readahead(t, kernel, pages, items):
    """Reclaim sets PG_reclaim only on dirty or writeback folios (pageout(),
    lru_deactivate_file()); on a clean file page the bit is PG_readahead."""
    reclaim, busy = reclaim_bits(items)
    clean = [p['pfn'] for p in pages if p['mapping_kind'] == 'file' and
             int(p['flags'], 16) & reclaim and not int(p['flags'], 16) & busy]
    t.ok(clean, '%s: the dump has clean file pages with PG_reclaim\'s bit' % kernel)
    if not clean:
        return
    names = common.pages(kernel)
    bad = [hex(pfn) for pfn in clean
           if 'readahead' not in names[pfn][5] or 'reclaim' in names[pfn][5]]
    t.eq(bad, [], '%s: pages names the bit readahead on all %d clean file pages' %
         (kernel, len(clean)))
    for pfn in spread(clean, 2):
        text = page_text(kernel, pfn)
        t.ok('  readahead        the readahead mark' in text and
             'as soon as writeback ends' not in text,
             '%s: page %#x: the readahead mark, not "reclaimed as soon as writeback ends"'
             % (kernel, pfn), text[:700])


def check_frozen_slab(t, kernel, pages, items):
    """v6.14 alloc_slab_page() allocates with alloc_frozen_pages(): slab
    pages keep refcount 0 in use. The dump shows which kernel does."""
    heads = [p for p in pages if p['type'] == 'slab' and 'T' not in p['state']]
    frozen = bool(items.get('symbol __alloc_frozen_pages_noprof', {}).get('present'))
    zero = [p for p in heads if p['refcount'] == 0]
    if frozen:
        t.ok(heads and len(zero) == len(heads),
             '%s: slabs allocated frozen: all %d slab heads have refcount 0' % (kernel, len(heads)),
             [hex(p['pfn']) for p in heads if p['refcount']][:10])
    else:
        t.ok(heads and len(zero) <= len(heads) // 100,
             '%s: slabs not frozen: slab heads hold a reference (%d of %d at 0)' %
             (kernel, len(zero), len(heads)))
    for p in spread(heads, 2):
        text = page_text(kernel, p['pfn'])
        says = 'this kernel allocates them frozen' in text
        t.ok(says == (frozen and p['refcount'] == 0) and
             (not says or '0 means free or being freed' not in text),
             '%s: slab %#x, refcount %d: page %s frozen slab pages' %
             (kernel, p['pfn'], p['refcount'], 'explains' if frozen else 'does not claim'),
             [l for l in text.splitlines() if l.startswith('refcount')])


# Members that are padding, another kind's words or struct page seen whole.
UNUSED = ('__page_', '_hugetlb', '_pt_pad', '_usable', '_unused', '__filler')


def member_words(kernel, type_name, lo, hi):
    """{word offset - lo: member} of the named members of @type_name in [lo, hi)."""
    status, out, err = common.run(['type', type_name, '-j'] + common.on(kernel))
    if status:
        return None
    words = {}
    for m in json.loads(out)['members']:
        name = m['name']
        if name and lo <= m['offset'] < hi and not name.startswith(UNUSED):
            words.setdefault((m['offset'] - lo) & ~7, name)
    return words


def check_word_labels(t, kernel, doc, nth, expect, what, by_name=False):
    """Each word of @expect labelled; @by_name: with that very member."""
    labelled = {(w['offset'], w['field'] if by_name else '') for w in doc['words']
                if w['page'] == nth and w['field']}
    missing = {'+%#x' % off: name for off, name in expect.items()
               if (off, name if by_name else '') not in labelled}
    t.ok(expect and not missing, '%s: %s: every word with a member is labelled' %
         (kernel, what), missing)


def check_words(t, kernel, pages, items):
    """Raw words of page tables and of a folio's page[1] and page[2]."""
    tables = [p['pfn'] for p in pages if p['type'] == 'table']
    ptdesc = member_words(kernel, 'struct ptdesc', 0, 64)
    # struct ptdesc came in v6.5: older page tables keep struct page's words.
    t.eq(ptdesc is None, not items.get('member struct ptdesc.pt_mm', {}).get('present'),
         '%s: struct ptdesc is in the type info exactly when the layout has it' % kernel)
    t.ok(tables, '%s: the dump has page tables' % kernel)
    by_name = ptdesc is None
    if by_name:	# struct page's own page-table members, not lru, mapping, index
        members = common.run_json(['type', 'struct page', '-j'] + common.on(kernel))['members']
        ptdesc = {m['offset'] & ~7: m['name'] for m in members
                  if m['name'] in ('pmd_huge_pte', 'pt_mm', 'ptl')}
    for pfn in spread(tables, 2):
        check_word_labels(t, kernel, page(kernel, pfn), 0, ptdesc,
                          'page table %#x' % pfn, by_name)
    heads = [p['pfn'] for p in pages if p['order'] >= 2 and 'H' in p['state'] and
             p['type'] == 'none' and p['mapping_kind'] == 'anon']
    for nth in (1, 2):
        folio = member_words(kernel, 'struct folio', 64 * nth, 64 * nth + 64)
        if folio is None or not folio:
            # struct folio came in v5.16; 6.1's has nothing of its own in page[2].
            t.ok(kernel in ('5.10',) or nth == 2,
                 '%s: struct folio page[%d] has no members' % (kernel, nth))
            continue
        t.ok(heads, '%s: the dump has anonymous large folios' % kernel)
        for pfn in spread(heads, 2):
            check_word_labels(t, kernel, page(kernel, pfn), nth, folio,
                              'folio %#x page[%d]' % (pfn, nth))


NO_SYMBOL = ' (inline: no symbol in this kernel)'
FUNC = re.compile(r'\b([A-Za-z_]\w*)\(\)')


def system_map(kernel):
    names = set()
    with open(os.path.join(common.dump_dir(kernel), 'System.map')) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                names.add(parts[2])
    return names


def check_set_by(t, kernel, pages):
    """Sampled pages of every type and mapping kind, with their folio's flags."""
    symbols = system_map(kernel)
    t.ok(len(symbols) > 10000, '%s: System.map read (%d symbols)' % (kernel, len(symbols)))
    kinds = {}
    for p in pages:
        kinds.setdefault((p['type'], p['mapping_kind'], 'H' in p['state'], 'P' in p['state']),
                         []).append(p['pfn'])
    shown, bad, texts = set(), [], set()
    for pfns in kinds.values():
        for pfn in spread(pfns, 2):
            doc = page(kernel, pfn)
            for f in doc['flags_explained'] + doc.get('folio_flags_explained', []):
                text = f.get('set_by', '')
                texts.add(text)
                for m in FUNC.finditer(text):
                    name = m.group(1)
                    shown.add(name)
                    marked = text.startswith(NO_SYMBOL, m.end())
                    if marked == (name in symbols or name + '_noprof' in symbols):
                        bad.append((hex(pfn), f['name'], name, 'marked' if marked else 'unmarked'))
    t.ok(len(shown) > 10, '%s: set_by names %d functions on %d kinds of page' %
         (kernel, len(shown), len(kinds)), sorted(shown))
    t.eq(sorted(set(bad))[:10], [], '%s: every set_by function is a symbol of this kernel, '
         'or marked inline exactly when it is not' % kernel)
    t.eq([s for s in texts if '()|' in s], [], '%s: no NEW()|OLD() alternatives left' % kernel)


def binary_strings(path):
    out = subprocess.run(['strings', '-n', '8', path], capture_output=True, text=True)
    return out.stdout


def check_texts(t):
    """The viewer's legend and help and crash's help are strings in the binaries."""
    tool = common.BIN
    # The release build's extension: the sanitizer build makes its own only
    # for the hostile suite, after this test; the strings are the same.
    ext = os.environ.get('PS_CRASH_EXT', os.path.join(common.TOP, 'build', 'pagescope.so'))
    for path in (tool, ext):
        t.ok(os.path.exists(path), 'built: %s' % path)
        if os.path.exists(path):
            text = binary_strings(path)
            bad = [w for w in WRONG_TEXT if w in text]
            t.eq(bad, [], '%s: no phrase found wrong in any string it carries' %
                 os.path.basename(path))


def check_outputs(t, kernel):
    outs = [common.run(['pages', '0x10000+0x800'] + common.on(kernel))[1],
            common.run(['blocks'] + common.on(kernel))[1]]
    t.ok(all(outs), '%s: pages and blocks print' % kernel)
    bad = [w for w in WRONG_TEXT if any(w in o for o in outs)]
    t.eq(bad, [], '%s: no phrase found wrong in pages or blocks' % kernel)


def main():
    t = Tap()
    check_texts(t)
    for kernel in common.KERNELS:
        pages = common.run_json(['pages'] + common.on(kernel))['pages']
        items = layout(kernel)
        check_slab_tails(t, kernel, pages)
        check_readahead(t, kernel, pages, items)
        check_frozen_slab(t, kernel, pages, items)
        check_outputs(t, kernel)
        check_words(t, kernel, pages, items)
        check_set_by(t, kernel, pages)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
