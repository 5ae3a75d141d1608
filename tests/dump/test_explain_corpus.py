#!/usr/bin/env python3
"""The explanation corpus (explain_corpus.tsv): one line per (kernel, page
kind, field) with the phrase page must say and the kernel source that
justifies it.
(a) On each test dump, page (-j and text) on pages of each kind says the
    corpus phrase; every flag page explains on those pages is in the
    corpus for that kernel, with its phrase.
(b) Every enumerator of the kernel's own enum pageflags (read from the
    vmlinux by drgn, aliases too) has a line for that kernel, and the name
    page prints for it is a flag on the same bit in pagescope's layout: a
    new kernel's flag, or a bit that moved, cannot reuse an old meaning."""
import json
import os
import subprocess
import sys

import common
from common import Tap

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = 3


def corpus():
    rows = []
    with open(os.path.join(HERE, 'explain_corpus.tsv')) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            kernel, kind, field, printed, expect, source = line.rstrip('\n').split('\t')
            rows.append(dict(kernel=kernel, kind=kind, field=field, printed=printed,
                             expect=expect, source=source))
    return rows


def enum_pageflags(kernel):
    p = subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'enum_values.py'),
                        common.vmlinux(kernel), 'enum pageflags'],
                       capture_output=True, text=True, timeout=300)
    return json.loads(p.stdout) if p.returncode == 0 else {}


def spread(seq, n=SAMPLE):
    seq = list(seq)
    if len(seq) <= n:
        return seq
    return [seq[i * (len(seq) - 1) // (n - 1)] for i in range(n)]


def check_enum(t, kernel, rows, items):
    """(b): the corpus covers the kernel's enum pageflags, bit for bit."""
    enum = enum_pageflags(kernel)
    t.ok(enum, '%s: drgn reads enum pageflags from the vmlinux' % kernel)
    flags = {r['field']: r for r in rows if r['kind'] == 'flag'}
    names = {n for n in enum if n != '__NR_PAGEFLAGS'}
    t.eq(sorted(names - set(flags)), [],
         '%s: every enumerator of enum pageflags has a corpus line' % kernel)
    t.eq(sorted(set(flags) - names), [],
         '%s: the corpus names no flag this kernel lacks' % kernel)
    bad = []
    for name in sorted(names & set(flags)):
        item = items.get('enum pageflags.PG_' + flags[name]['printed'])
        if not item or not item['present'] or item['value'] != enum[name]:
            bad.append((name, enum[name], flags[name]['printed'], item and item.get('value')))
    t.eq(bad, [], '%s: the name page prints for each flag is pagescope\'s flag on the same bit' % kernel)
    for r in flags.values():
        t.ok(r['expect'] and ': ' in r['source'],
             '%s: %s has a phrase and a source file: function' % (kernel, r['field']), r)


def clean_reclaim_bit(pages, items):
    """Pages with PG_reclaim's bit but neither dirty nor under writeback:
    reclaim sets it only on those (pageout(), lru_deactivate_file()), so
    the bit is PG_readahead there (page_cache_ra_unbounded())."""
    def bit(name):
        return 1 << items['enum pageflags.PG_' + name]['value']
    other = bit('dirty') | bit('writeback')
    return [p['pfn'] for p in pages if p['mapping_kind'] == 'file' and
            int(p['flags'], 16) & bit('reclaim') and not int(p['flags'], 16) & other]


def kinds(kernel, pages, items):
    """{kind: [pfn]} of pages from the dump, picked by their properties."""
    ae = [int(pfn, 0) for k, pfn in (line.split() for line in open(common.truth_path(kernel, 'workload-pfns.txt')))
          if k == 'anon-exclusive']
    return {
        'anon': ae,
        'lru': [p['pfn'] for p in pages if p['mapping_kind'] == 'file' and 'T' not in p['state']],
        'slab': [p['pfn'] for p in pages if p['type'] == 'slab' and 'T' not in p['state']],
        'slab_tail': [p['pfn'] for p in pages if p['type'] == 'slab' and 'T' in p['state']],
        'thp_tail': [p['pfn'] + 1 for p in pages if 'H' in p['state'] and 'M' in p['state']],
        'buddy': [p['pfn'] for p in pages if p['type'] == 'buddy'],
        'readahead': clean_reclaim_bit(pages, items),
    }


def check_flag_meanings(t, kernel, kind, pfn, doc, flag_rows, over):
    """Each flag page explains has the corpus phrase (the kind's, else the flag's)."""
    bad = []
    for f in doc['flags_explained']:
        r = over.get((kind, 'flag:' + f['name'])) or flag_rows.get('PG_' + f['name'])
        if not r or r['expect'] not in f['meaning']:
            bad.append((f['name'], f['meaning'][:80], r and r['expect']))
    t.eq(bad, [], '%s: %s pfn %#x: each flag\'s meaning is the corpus\'s' % (kernel, kind, pfn))


def check_kinds(t, kernel, rows, items):
    pages = common.run_json(['pages'] + common.on(kernel))['pages']
    by_kind = kinds(kernel, pages, items)
    flag_rows = {r['field']: r for r in rows if r['kind'] == 'flag'}
    over = {(r['kind'], r['field']): r for r in rows if r['field'].startswith('flag:')}
    seen = set()
    for kind, pfns in sorted(by_kind.items()):
        t.ok(pfns, '%s: the dump has %s pages' % (kernel, kind))
        for pfn in spread(pfns):
            doc = common.run_json(['page', str(pfn)] + common.on(kernel))
            text = common.run(['page', str(pfn), '--explain'] + common.on(kernel))[1]
            for r in rows:
                if r['kind'] != kind:
                    continue
                if r['field'].startswith('text:'):
                    t.ok(r['expect'] in text, '%s: %s pfn %#x says "%s" (%s)' %
                         (kernel, kind, pfn, r['expect'], r['source']), text[:800])
                elif any('flag:' + f['name'] == r['field'] for f in doc['flags_explained']):
                    seen.add((kind, r['field']))
            check_flag_meanings(t, kernel, kind, pfn, doc, flag_rows, over)
    return seen


def main():
    t = Tap()
    rows = corpus()
    t.ok(len({(r['kernel'], r['kind'], r['field']) for r in rows}) == len(rows),
         'the corpus has one line per (kernel, kind, field)')
    for kernel in common.KERNELS:
        mine = [r for r in rows if r['kernel'] == kernel]
        t.ok(mine, '%s: the corpus has lines for this kernel' % kernel)
        items = common.layout_items(common.run_json(['layout'] + common.on(kernel)))
        check_enum(t, kernel, mine, items)
        check_kinds(t, kernel, mine, items)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
