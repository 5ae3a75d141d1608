#!/usr/bin/env python3
"""Every explanation `page`, `summary`, `split` and `check` print, checked
on real pages of each test dump against what the kernel itself
reported (kpageflags, kpagecount, slabinfo, its build config) or against a
patched copy of the dump. Pages are picked by their properties from the
dump, never by a fixed pfn. Each check names the kernel rule it holds
pagescope to."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import common
import kpf
from common import Tap

# How many pages of each kind to ask `page` about (each call is a process).
SAMPLE = 6
# Phrases a review found wrong: none may come back in any output.
WRONG = ('x86: unused', 'never allocated', 'refault seen', 'free as a 1 GiB page now',
         'fork or GUP pinning', 'a split queue lock held',
         'lock is held: deferred_split_scan() may hold')


def page(kernel, pfn):
    return common.run_json(['page', str(pfn)] + common.on(kernel))


def page_text(kernel, pfn):
    status, out, err = common.run(['page', str(pfn)] + common.on(kernel))
    if status:
        raise RuntimeError('pagescope page %d: %s' % (pfn, err))
    return out


def pages_json(kernel):
    return common.run_json(['pages'] + common.on(kernel))['pages']


def flag_bits(kernel):
    """enum pageflags, from the kernel's own type info via `layout`."""
    items = common.layout_items(common.run_json(['layout'] + common.on(kernel)))
    bits = {}
    for key, v in items.items():
        if key.startswith('enum pageflags.PG_') and v['present']:
            bits[key[len('enum pageflags.PG_'):]] = v['value']
    return bits, items


def spread(seq, n=SAMPLE):
    """@n items spread over @seq (first, last and between)."""
    seq = list(seq)
    if len(seq) <= n:
        return seq
    return [seq[i * (len(seq) - 1) // (n - 1)] for i in range(n)]


def explained(p, bit):
    for f in p['flags_explained']:
        if f['bit'] == bit:
            return f
    return None


def workload(kernel, kind):
    pfns = []
    for line in open(common.truth_path(kernel, 'workload-pfns.txt')):
        k, pfn = line.split()
        if k == kind:
            pfns.append(int(pfn, 0))
    return pfns


def kernel_config(kernel):
    path = os.path.join(common.DUMPS, 'kernels', kernel, 'config')
    conf = {}
    for line in open(path):
        if line.startswith('CONFIG_') and '=' in line:
            k, v = line.strip().split('=', 1)
            conf[k] = v
    return conf


# ---------------------------------------------------------------------------
# Flags by page kind

def present(items, key):
    v = items.get(key)
    return bool(v and v['present'])


def slab_marks_partial(items):
    """slab_set_node_partial() (v6.8) came with partial_context.object;
    sheaves (v6.18) dropped partial_context and kept the mark."""
    return present(items, 'member struct partial_context.object') or \
        present(items, 'size struct slab_sheaf')


def check_slab(t, kernel, all_pages, bits, items):
    """SLUB marks a slab on its node's partial list with PG_workingset
    (slab_set_node_partial, v6.8+): never the LRU's meaning there."""
    ws = 1 << bits['workingset']
    slab_pages = [p for p in all_pages if p['type'] == 'slab' and 'T' not in p['state']]
    slabs = [p['pfn'] for p in slab_pages]
    marked = [p['pfn'] for p in slab_pages if int(p['flags'], 16) & ws]
    marks = slab_marks_partial(items)
    if not marks:
        t.eq(marked, [], '%s: SLUB without slab_set_node_partial (v6.8) sets no PG_workingset '
             'on slab pages' % kernel)
    else:
        t.ok(marked, '%s: slab pages on a partial list carry PG_workingset' % kernel)
    for pfn in spread(marked):
        text = common.run(['page', str(pfn), '--explain'] + common.on(kernel))[1]
        # Inline in SLUB: set_by says so (test_teach holds the marks). Its
        # caller is add_partial() on 6.12, set_node_partial_state() on 7.x: unnamed.
        t.ok(re.search(r'set by slab_set_node_partial\(\)( \(inline: [^)]*\))? as the slab joins '
                       r"its node's partial list", text),
             '%s: slab pfn %#x: page --explain says where SLUB sets PG_workingset' % (kernel, pfn), text[:600])
        f = explained(page(kernel, pfn), bits['workingset'])
        t.ok(f and f['name'] == 'workingset' and 'partial list' in f['meaning'] and
             'active list' not in f['meaning'],
             '%s: slab pfn %#x: PG_workingset means on the node\'s partial list' % (kernel, pfn), f)
    # slabinfo: name active_objs num_objs objsize objperslab pagesperslab ...
    per_slab = {f[0]: int(f[4]) for f in
                (line.split() for line in common.truth_text(kernel, 'slabinfo').splitlines()[2:])}
    names = set(per_slab)
    for pfn in spread(slabs):
        p = page(kernel, pfn)
        text = page_text(kernel, pfn)
        t.ok(p.get('slab_cache') in names,
             '%s: slab pfn %#x: its struct slab names cache %r, one /proc/slabinfo lists' %
             (kernel, pfn, p.get('slab_cache')), sorted(names)[:10])
        # allocate_slab() falls back to the cache's minimum order when the
        # preferred one fails: such a slab holds fewer objects than objperslab.
        t.ok(0 < (p.get('slab_objects') or 0) <= per_slab.get(p.get('slab_cache'), 0) and
             0 <= p.get('slab_inuse', -1) <= p['slab_objects'],
             '%s: slab pfn %#x: counters split by struct slab\'s bit-fields: %s of %s objects, '
             '/proc/slabinfo objperslab %s' % (kernel, pfn, p.get('slab_inuse'), p.get('slab_objects'),
                                                per_slab.get(p.get('slab_cache'))))
        t.ok('slab         cache ' in text and '\nmapping ' not in text,
             '%s: slab pfn %#x: cache, freelist and counters, not mapping and index' % (kernel, pfn),
             text)
        w = [x for x in p['words'] if x['offset'] == 0]
        t.ok(w and ('PG_workingset' in w[0]['meaning']) == marks,
             '%s: slab pfn %#x: the flags word names PG_workingset among the bits SLUB '
             'reuses only where it does' % (kernel, pfn), w)


def check_anon_exclusive(t, kernel, bits, flags_truth):
    """PG_anon_exclusive aliases PG_mappedtodisk (6.1) or PG_owner_2 (6.12):
    on an anon page the bit is called and explained by that name."""
    ae = bits.get('anon_exclusive')
    pfns = workload(kernel, 'anon-exclusive')
    t.ok(pfns, '%s: the workload left anon-exclusive pages' % kernel)
    if ae is None:
        # PG_anon_exclusive came in v5.19: no rule of it applies.
        for pfn in spread(pfns, 3):
            p = page(kernel, pfn)
            t.ok(p['anon_exclusive_rule'] == 'absent' and
                 'anon-excl.   n/a: ' in page_text(kernel, pfn) and
                 not [f for f in p['flags_explained'] if f['name'] == 'anon_exclusive'],
                 '%s: anon pfn %#x: no PG_anon_exclusive in this kernel, anon-exclusive is n/a' %
                 (kernel, pfn), p['anon_exclusive_rule'])
        return
    for pfn in spread(pfns):
        p = page(kernel, pfn)
        f = explained(p, ae)
        t.ok(kpf.bit(flags_truth[pfn], 'OWNER_2') and f and f['name'] == 'anon_exclusive' and
             'exclusive' in f['meaning'],
             '%s: anon pfn %#x: bit %d (kpageflags OWNER_2 set) is PG_anon_exclusive, '
             'not %s' % (kernel, pfn, ae, 'mappedtodisk' if kernel == '6.1' else 'owner_2'),
             (f, p['flags']))
    # `pages` names a bit from the same table as `page`.
    for pfn in spread(pfns, 3):
        row = common.run(['pages', str(pfn)] + common.on(kernel))[1].splitlines()[-1]
        # The flag names, then two spaces and the owner (kind:name, may hold spaces).
        names = row.rsplit('  ', 1)[0].split()[-1].split(',')
        t.ok('anon_exclusive' in names and 'mappedtodisk' not in names and 'owner_2' not in names,
             '%s: anon pfn %#x: pages names bit %d anon_exclusive, as page does' % (kernel, pfn, ae), row)


def check_mglru(t, kernel, all_pages, flags_truth):
    """Under the multi-gen LRU, PG_active is clear on every folio on a
    generation list (lru_gen_add_folio clears it): kpageflags shows no page
    both LRU and ACTIVE. pagescope must know which LRU the kernel runs."""
    conf = kernel_config(kernel)
    cmdline = common.truth_text(kernel, 'cmdline')
    want = 'on' if conf.get('CONFIG_LRU_GEN_ENABLED') == 'y' and 'lru_gen' not in cmdline \
        else 'off' if conf.get('CONFIG_LRU_GEN') == 'y' else 'absent'
    lru = [p['pfn'] for p in all_pages if 'lru' in p.get('names', ())]
    pfn = lru[0] if lru else all_pages[0]['pfn']
    p = page(kernel, pfn)
    t.eq(p['lru_gen'], want, '%s: multi-gen LRU %s, as the kernel was built and booted' % (kernel, want))
    active_lru = sum(1 for v in flags_truth if kpf.bit(v, 'LRU') and kpf.bit(v, 'ACTIVE'))
    if want == 'on':
        t.eq(active_lru, 0, '%s: under MGLRU no page on an LRU list has PG_active (kpageflags)' % kernel)
    else:
        t.ok(active_lru > 0, '%s: the classic LRU has active pages (kpageflags)' % kernel, active_lru)
        act = [q['pfn'] for q in all_pages if 'T' not in q['state']
               and kpf.bit(flags_truth[q['pfn']], 'ACTIVE') and kpf.bit(flags_truth[q['pfn']], 'LRU')]
        for pfn in spread(act, 2):
            f = [x for x in page(kernel, pfn)['flags_explained'] if x['name'] == 'active']
            t.ok(f and 'active LRU list' in f[0]['meaning'],
                 '%s: pfn %#x: PG_active is the active LRU list here' % (kernel, pfn), f)


def check_reserved(t, kernel, bits, flags_truth, all_pages):
    res = [p['pfn'] for p in all_pages if int(p['flags'], 16) >> bits['reserved'] & 1]
    t.ok(res, '%s: the dump has PG_reserved pages' % kernel)
    for pfn in spread(res, 3):
        f = explained(page(kernel, pfn), bits['reserved'])
        t.ok(kpf.bit(flags_truth[pfn], 'RESERVED') and f and
             'out of the page allocator' in f['meaning'] and 'never allocated' not in f['meaning'],
             '%s: pfn %#x: PG_reserved (kpageflags RESERVED) is kept out of the allocator' %
             (kernel, pfn), f)


def check_unknown_types(t, kernel, all_pages, flags_truth, items):
    """Before enum pagetype (v6.11) PG_table and PG_guard are #defines no
    debug info carries; pagescope derives their bits from VMCOREINFO's
    PG_buddy and PG_offline. What stays unnamed must be PG_kmemcg (before
    v5.11), a type kpageflags has no bit for, and page says so."""
    unknown = [p['pfn'] for p in all_pages if p['type'] == 'unknown']
    if 'enum pagetype.PGTY_table' in items and 'value' in items['enum pagetype.PGTY_table']:
        t.eq(unknown, [], '%s: enum pagetype names every page type: none unknown' % kernel)
        return
    tables = [p['pfn'] for p in all_pages if p['type'] == 'table']
    want = [pfn for pfn, v in enumerate(flags_truth) if kpf.bit(v, 'PGTABLE')]
    t.eq(tables, want, '%s: page tables named without enum pagetype: the KPF_PGTABLE pages '
         '(%d)' % (kernel, len(want)))
    kmemcg = [pfn for pfn in unknown if flags_truth[pfn] == 0]
    if not common.layout_has(kernel, 'member struct page.mem_cgroup'):
        t.eq(unknown, [], '%s: no typed page left unnamed' % kernel)
        return
    t.ok(unknown and kmemcg == unknown,
         '%s: the %d typed pages without a name are PG_kmemcg pages (no kpageflags bit)'
         % (kernel, len(unknown)), (len(unknown), len(kmemcg)))
    text = page_text(kernel, unknown[0]) if unknown else ''
    t.ok('kmemcg (before v5.11)' in text,
         '%s: page says what an unnamed page type can be' % kernel, text[:400])


# ---------------------------------------------------------------------------
# Folios

def nr_pages_member(items):
    """Where page[1] keeps the folio's page count: struct folio's
    _folio_nr_pages, _nr_pages after 6.12, or struct page's compound_nr
    (v5.9) before struct folio had one; its offset in page[1]."""
    for name in ('_folio_nr_pages', '_nr_pages'):
        v = items.get('member struct folio.' + name)
        if v and v['present']:
            return name, v['value'] - items['size struct page']['value']
    v = items.get('member struct page.compound_nr')
    if v and v['present']:
        return 'compound_nr', v['value']
    return None, None


def check_thp(t, kernel, all_pages, counts, items):
    """A PMD-mapped THP: page_mapcount() = own PTE mappings + the folio's
    PMD mappings, as /proc/kpagecount reports; a tail's _refcount is 0 and
    page[1] keeps the folio's page count where struct folio puts it.
    PageAnonExclusive(): a PMD mapping is judged by the head's bit
    (__folio_try_dup_anon_rmap at RMAP_LEVEL_PMD); a file THP has none."""
    heads = [p for p in all_pages if 'H' in p['state'] and 'M' in p['state']]
    nr_name, nr_off = nr_pages_member(items)
    t.ok(nr_name, '%s: the types say where page[1] keeps the folio\'s page count' % kernel)
    t.ok(heads, '%s: the dump has PMD-mapped THPs' % kernel)
    for h in spread(heads, 3):
        pfn, order = h['pfn'], h['order']
        head = page(kernel, pfn)
        for q in (pfn, pfn + 1, pfn + (1 << order) // 2):
            p = head if q == pfn else page(kernel, q)
            t.eq(p['page_mapcount'], counts[q],
                 '%s: PMD-mapped pfn %#x: page_mapcount = /proc/kpagecount' % (kernel, q))
        p1 = page(kernel, pfn + 1)
        nr = [w for w in p1['words'] if w['field'] == nr_name and w['offset'] == nr_off]
        t.ok(nr and nr[0]['value'] == str(1 << order),
             '%s: page[1] of pfn %#x keeps %s = %d at +%#x' %
             (kernel, pfn, nr_name, 1 << order, nr_off or 0), nr)
        t.eq(p1['index'], head['index'] + 1,
             '%s: pfn %#x: a tail\'s index is the folio\'s index + its place' % (kernel, pfn + 1))
        t.eq(p1['refcount'], 0, '%s: pfn %#x: a tail\'s own _refcount is 0' % (kernel, pfn + 1))
        text = page_text(kernel, pfn + 1)
        t.ok('always 0' in text and ('pfn %#x: %d)' % (pfn, head['refcount'])) in text,
             '%s: pfn %#x: the tail says where the folio\'s references are counted' %
             (kernel, pfn + 1), text)
        if h['mapping_kind'] != 'anon':
            t.eq(p1['anon_exclusive_rule'], 'not_anon',
                 '%s: pfn %#x: a %s THP has no anon-exclusive rule' %
                 (kernel, pfn + 1, h['mapping_kind']))
            continue
        if not present(items, 'enum pageflags.PG_anon_exclusive'):
            t.eq(p1['anon_exclusive_rule'], 'absent',
                 '%s: pfn %#x: no PG_anon_exclusive (v5.19) in this kernel' % (kernel, pfn + 1))
            continue
        t.ok(p1['anon_exclusive_rule'] == 'head_bit' and
             p1['anon_exclusive'] == head['anon_exclusive'],
             '%s: pfn %#x: a PMD-mapped tail takes PG_anon_exclusive from the head' %
             (kernel, pfn + 1))


def check_partially_mapped(t, kernel, bits):
    s = common.run_json(['summary'] + common.on(kernel))['pages']
    split = common.run_json(['split'] + common.on(kernel))['total']
    status, text, err = common.run(['summary'] + common.on(kernel))
    if 'partially_mapped' not in bits:
        t.ok(s['partially_mapped_folios'] is None and
             s.get('deferred_split_folios') == split['folios'] and
             'partially mapped n/a (no PG_partially_mapped' in text,
             '%s: no PG_partially_mapped: summary says n/a and counts the %d folios on the queues' %
             (kernel, split['folios']), (s.get('partially_mapped_folios'), s.get('deferred_split_folios')))
    else:
        t.eq(s['partially_mapped_folios'], split['partially_mapped'],
             '%s: PG_partially_mapped folios = those split finds on the queues' % kernel)


# ---------------------------------------------------------------------------
# The chain

def check_chain(t, kernel, all_pages):
    frag = common.run_json(['frag'] + common.on(kernel))
    verdicts = {g['start_pfn']: g['verdict'] for g in frag['gigablocks']}
    for p in spread([q for q in all_pages if 'T' not in q['state']], 4):
        pfn = p['pfn']
        j = page(kernel, pfn)
        pb, gb = j['pageblock'], j['gigablock']
        blocks = common.run_json(['blocks', str(pb['start_pfn'])] + common.on(kernel))['blocks']
        row = blocks[0]
        t.ok(pb['start_pfn'] <= pfn < pb['end_pfn'] and
             row.get('migratetype') == pb['migratetype'],
             '%s: pfn %#x: its pageblock and migratetype, as blocks reads them' % (kernel, pfn),
             (pb, row))
        t.ok(gb['start_pfn'] <= pfn < gb['end_pfn'] and verdicts.get(gb['start_pfn']) == gb['verdict'],
             '%s: pfn %#x: its gigablock and verdict, as frag gives them' % (kernel, pfn), gb)


# ---------------------------------------------------------------------------
# The deferred split lock rule, on a patched copy

def check_split_lock_rule(t):
    """deferred_split_scan() moves folios to a list on its stack and drops
    the queue lock while it splits them: a queue shorter than
    split_queue_len with the lock free is what it leaves; a longer one is
    corruption. Patch split_queue_len in a copy and read check's reasons."""
    import test_lists_patch as tlp
    kernel = tlp.KERNEL
    items = tlp.layout(kernel)
    off = items['member struct deferred_split.split_queue_len']['value']
    split = common.run_json(['split'] + common.on(kernel))
    q = [q for q in split['queues'] if q['len'] > 0 and not q['locked']]
    if not t.ok(q, '%s: a deferred split queue with folios and its lock free' % kernel):
        return
    q = q[0]
    src = common.vmcore(kernel, 'elf')
    copy = os.path.join(common.SCRATCH, 'vmcore-explain.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    os.chmod(copy, 0o600)
    try:
        vm = tlp.Vmcore(copy)
        where = vm.file_offset(int(q['addr'], 16) + off)
        for delta, want in ((+1, 'deferred_split_scan() holds folios on its stack'),
                            (-1, 'more folios than split_queue_len counts')):
            with open(copy, 'r+b') as f:
                f.seek(where)
                f.write(struct.pack('<Q', q['len'] + delta))
            status, out, err = common.run(['check', '-j', '-k', common.vmlinux(kernel), copy])
            rows = [r for r in json.loads(out)['rows']
                    if r['counter'].startswith('split_queue_len') and r['verdict'] == 'FAIL']
            # PS_EXIT_CHECK: a check found a problem.
            t.ok(status == 3 and len(rows) == 1 and want in rows[0]['why'],
                 '%s: split_queue_len %+d with the lock free: %s' % (kernel, delta, want), rows)
    finally:
        os.unlink(copy)


# ---------------------------------------------------------------------------
# --explain

def system_map(kernel):
    syms = {}
    for line in open(os.path.join(common.dump_dir(kernel), 'System.map')):
        addr, _, name = line.split()[:3]
        syms.setdefault(name, int(addr, 16))
    return syms


def check_explain(t, kernel, pfn):
    """Every member offset, size and enumerator --explain names equals what
    drgn reads from the vmlinux; every symbol is System.map's address plus
    the KASLR offset (per-cpu symbols are offsets, never moved)."""
    kaslr = int(common.run_json(['summary'] + common.on(kernel))['kernel']['kaslr_offset'], 16)
    syms = system_map(kernel)
    for cmd in (['summary'], ['page', str(pfn)], ['check'], ['frag'], ['free']):
        doc = common.run_json(cmd + ['--explain'] + common.on(kernel))
        figures = doc.get('explain', []) if isinstance(doc, dict) else []
        t.ok(figures and all(f['rule'] and f['kernel'] and (f['reads'] or f['functions'])
                             for f in figures),
             '%s: %s --explain: each figure has its rule, kernel source and reads' %
             (kernel, cmd[0]), figures[:1])
        reads = [r for f in figures for r in f['reads']]
        keys = sorted({r['item'] for r in reads if r['item'].split()[0] in ('member', 'size', 'enum')})
        drgn = subprocess.run(['/usr/bin/python3', os.path.join(os.path.dirname(__file__), 'explain_types.py'),
                               common.vmlinux(kernel)], input='\n'.join(keys), capture_output=True,
                              text=True, timeout=300)
        truth = json.loads(drgn.stdout) if drgn.returncode == 0 else {}
        t.ok(truth, '%s: drgn reads the vmlinux\'s types' % kernel, drgn.stderr[-500:])
        bad = []
        for r in reads:
            kind, name = r['item'].split(' ', 1)
            if kind in ('member', 'size', 'enum'):
                ours = 'absent' if r['value'].startswith('absent') else int(r['value'].split()[0].lstrip('+'), 0)
                if truth.get(r['item']) != ours:
                    bad.append((r['item'], r['value'], truth.get(r['item'])))
            elif kind == 'symbol' and not r['value'].startswith('absent'):
                link = syms.get(name)
                want = link if link is not None and link < 1 << 32 else (link or 0) + kaslr
                if int(r['value'], 16) != want:
                    bad.append((r['item'], r['value'], hex(want)))
        t.eq(bad, [], '%s: %s --explain: its %d reads: members, sizes, enumerators and symbols as drgn and '
             'System.map give them' % (kernel, cmd[0], len(reads)))
        check_explain_functions(t, kernel, cmd[0], figures, syms, kaslr)
        check_explain_sources(t, kernel, cmd[0], figures, syms)
    status, out, err = common.run(['blocks', '--explain'] + common.on(kernel))
    t.ok(status == 2 and '--explain' in err, '%s: --explain on a command without figures: usage error' % kernel,
         err)


def check_explain_functions(t, kernel, cmd, figures, syms, kaslr):
    """Each kernel function a figure names is found where System.map has
    it (or its _noprof twin, v6.10+ allocation profiling), and said to be
    missing only when System.map has neither."""
    bad = []
    for f in figures:
        for name, where in f['functions'].items():
            link = syms.get(name, syms.get(name + '_noprof'))
            ok = (where.startswith('at %#x' % (link + kaslr)) if link is not None
                  else where.startswith('no symbol'))
            if not ok:
                bad.append((name, where, link and hex(link + kaslr)))
    t.eq(bad, [], '%s: %s --explain: every kernel function at its System.map address, '
         '_noprof names included' % (kernel, cmd))


def check_explain_sources(t, kernel, cmd, figures, syms):
    """The kernel source locations are this kernel's: every function a
    figure's kernel line names is in its functions, and is a symbol of
    this kernel (System.map, or its _noprof twin) unless marked inline or
    macro there; a function of another kernel (page_add_anon_rmap() on
    6.12, folio_mapping() on 5.10) is never named."""
    bad = []
    named = 0
    for f in figures:
        for m in re.finditer(r'(\w+)\(\)( \((inline|macro)\))?', f['kernel']):
            name, mark = m.group(1), m.group(3)
            named += 1
            where = f['functions'].get(name)
            in_map = name in syms or name + '_noprof' in syms
            if where is None:
                bad.append((f['figure'], name, 'named but not looked up'))
            elif mark and not where.startswith('no symbol: %s' % ('a macro' if mark == 'macro'
                                                                  else 'inline')):
                bad.append((f['figure'], name, mark, where))
            elif not mark and not in_map:
                bad.append((f['figure'], name, 'not in System.map', where))
    t.ok(named > 0 and not bad, '%s: %s --explain: each of %d functions named is a symbol of '
         'this kernel or marked inline or macro' % (kernel, cmd, named), bad)


# Which figures explain each line of `summary`: the first pattern that
# matches a line names them; an indented line no pattern names belongs to
# the figures of the section it is in.
SUMMARY_LINES = (
    (r'kernel ', ('kernel release', 'build ID, dump and debug info')),
    (r'dump ', ('build ID, dump and debug info',)),
    (r'debug info ', ('build ID, dump and debug info',)),
    (r'KASLR offset ', ('KASLR offset',)),
    (r'memory ', ('nodes and zones', 'memory sections and struct pages',
                  'pageblocks: migratetype, skip, isolate', 'gigablocks and their verdict')),
    (r'  node \d+ ', ('nodes and zones',)),
    (r'    \S+ +pfn ', ('nodes and zones',)),
    (r' +free \d+ in buddy blocks \(NR_FREE_PAGES says \d+\), \d+ on per-cpu lists',
     ('free pages in buddy blocks', 'NR_FREE_PAGES', 'pages on per-cpu lists')),
    (r'pages +\d+ with a struct page, \d+ of them not in the dump',
     ('memory sections and struct pages', 'pages not in the dump')),
    (r'page types ', ('pages per flag and type',)),
    (r'mappings ', ('mapping kinds: anon, file, KSM, movable_ops', 'anon-exclusive')),
    (r'anon-exclusive', ('anon-exclusive',)),
    (r'folios ', ('folios: order, PMD mappings, partially mapped',)),
    (r'  by order ', ('folios: order, PMD mappings, partially mapped',)),
    (r'flags ', ('pages per flag and type',)),
    (r'  multi-gen LRU ', ('multi-gen LRU',)),
    (r'hwpoison', ('hwpoison',)),
    (r'lacks ', ('what this kernel lacks',)),
)

CHECK_ROWS = (
    (r'NR_FREE_PAGES ', ('NR_FREE_PAGES',)),
    (r'pcp->count ', ('pages on per-cpu lists',)),
    (r'free_area\[\]\.nr_free ', ('free pages in buddy blocks',)),
    (r'(split_queue_len|deferred_split_lru) ', ('deferred split queues',)),
    (r'nr_anon_partially_mapped ', ('nr_anon_partially_mapped',)),
    (r'(list_lru |\d+ empty list_lrus|dentry-state |inode-state )',
     ('list_lru items, unused dentries and inodes',)),
    (r'HardwareCorrupted ', ('hwpoison',)),
    (r'NR_(ANON|FILE|SHMEM)_THPS ', ('NR_ANON_THPS, NR_FILE_THPS, NR_SHMEM_THPS per node',)),
)


def explained_by(patterns, line, section):
    """The figures of @line's pattern; @section's for an indented line no
    pattern names (a table row, a note); None when nothing names it."""
    for pattern, figures in patterns:
        if re.match(pattern, line):
            return figures
    return section if line.startswith(' ') else None


def check_explain_coverage(t, kernel):
    """Every line `summary` prints and every row `check` prints is one an
    --explain figure explains, and that figure is there."""
    for cmd, patterns in (('summary', SUMMARY_LINES), ('check', CHECK_ROWS)):
        status, out, err = common.run([cmd, '--explain'] + common.on(kernel))
        t.ok(status in (0, 3), '%s: %s --explain runs' % (kernel, cmd), err)
        text, _, how = out.partition('\nhow the figures above are derived (--explain)')
        have = set(re.findall(r'^(\S.*)\n  rule ', how, re.M))
        lines = text.splitlines()
        if cmd == 'check':
            lines = [l for l in lines[1:] if l.strip() and not re.match(r'\d+ rows, ', l)]
        unnamed, missing, section = [], set(), None
        for line in lines:
            if not line.strip():
                continue
            figures = explained_by(patterns, line, section)
            if figures is None:
                unnamed.append(line)
                continue
            if not line.startswith(' '):
                section = figures
            missing |= set(figures) - have
        t.eq(unnamed, [], '%s: every line of %s is one an --explain figure explains' % (kernel, cmd))
        t.eq(sorted(missing), [], '%s: %s --explain has the figure of each of its %d lines' %
             (kernel, cmd, len(lines)))


# ---------------------------------------------------------------------------

def check_no_wrong_phrase(t, kernel, pfns):
    outs = []
    for cmd in (['summary'], ['check'], ['split'], ['frag']):
        outs.append(common.run(cmd + common.on(kernel))[1])
    outs += [page_text(kernel, pfn) for pfn in pfns]
    bad = [w for w in WRONG if any(w in o for o in outs)]
    t.eq(bad, [], '%s: none of the statements found wrong comes back in any output' % kernel)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        bits, items = flag_bits(kernel)
        all_pages = pages_json(kernel)
        for p in all_pages:
            p['names'] = ()
        flags_truth = kpf.load(common.truth_path(kernel, 'kpageflags'))
        counts = kpf.load(common.truth_path(kernel, 'kpagecount'))
        lru_bit = 1 << bits['lru']
        for p in all_pages:
            if int(p['flags'], 16) & lru_bit:
                p['names'] = ('lru',)
        check_slab(t, kernel, all_pages, bits, items)
        check_anon_exclusive(t, kernel, bits, flags_truth)
        check_mglru(t, kernel, all_pages, flags_truth)
        check_reserved(t, kernel, bits, flags_truth, all_pages)
        check_unknown_types(t, kernel, all_pages, flags_truth, items)
        check_thp(t, kernel, all_pages, counts, items)
        check_partially_mapped(t, kernel, bits)
        check_chain(t, kernel, all_pages)
        sample = [p['pfn'] for p in spread(all_pages, 8)]
        check_no_wrong_phrase(t, kernel, sample)
        slab = [p['pfn'] for p in all_pages if p['type'] == 'slab' and 'T' not in p['state']]
        check_explain(t, kernel, slab[0])
        check_explain_coverage(t, kernel)
    check_split_lock_rule(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
