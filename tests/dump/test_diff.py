#!/usr/bin/env python3
"""pagescope diff between two dumps of one kernel (the 6.12 guest and the
6.12-fault guest: the same kernel and workload, the fault module's lists
besides), against the differences of the two guests' own reports: free
blocks per zone, order and migratetype (/proc/pagetypeinfo), free pages
per zone (NR_FREE_PAGES in /proc/zoneinfo), pageblocks per migratetype;
pages per owner against `owners` on each side, and the fault module's own
allocations (its slab cache, its vmalloc area) new in AFTER.
A snapshot as BEFORE answers the same as its dump."""
import json
import os
import re
import shutil
import sys
import tempfile

import common
from common import Tap

BEFORE, AFTER = '6.12', '6.12-fault'


def pagetypeinfo(kernel):
    """({(nid, zone, order, type): blocks}, {type: pageblocks, all zones})."""
    free, blocks, header = {}, {}, None
    for line in common.truth_text(kernel, 'pagetypeinfo').splitlines():
        m = re.match(r'Node\s+(\d+), zone\s+(\S+), type\s+(\S+)\s+(.*)', line)
        if m:
            for order, n in enumerate(m.group(4).split()):
                free[(int(m.group(1)), m.group(2), order, m.group(3))] = int(n.lstrip('>'))
            continue
        if line.startswith('Number of blocks type'):
            header = line.split()[4:]
            continue
        m = re.match(r'Node (\d+), zone\s+(\S+)\s+(.*)', line)
        if m and header:
            for name, n in zip(header, m.group(3).split()):
                blocks[name] = blocks.get(name, 0) + int(n)
    return free, blocks


def diff_json(before, after_args):
    status, out, err = common.run(['diff', before] + after_args + ['-j'])
    if status:
        raise RuntimeError('pagescope diff: %s' % err)
    return json.loads(out)


def check_free(t, d):
    fa, _ = pagetypeinfo(BEFORE)
    fb, _ = pagetypeinfo(AFTER)
    want = {k: fb.get(k, 0) - fa.get(k, 0) for k in set(fa) | set(fb)}
    want = {k: v for k, v in want.items() if v}
    got = {}
    for c in d['changes']:
        if c['section'] != 'free':
            continue
        m = re.match(r'node (\d+) (\S+) order +(\d+) (\S+)$', c['key'])
        got[(int(m.group(1)), m.group(2), int(m.group(3)), m.group(4))] = \
            c['after_second'] - c['before_second']
    got = {k: v for k, v in got.items() if v}
    t.eq(got, want, 'diff: free blocks per zone, order and migratetype changed as '
         '/proc/pagetypeinfo did (%d changes)' % len(want))


def check_counters(t, d):
    za, zb = common.zoneinfo(BEFORE), common.zoneinfo(AFTER)
    changes = {c['key']: c for c in d['changes'] if c['section'] == 'counter'}
    for (nid, zone), z in sorted(zb.items()):
        if z['free'] is None or (nid, zone) not in za:
            continue
        key = 'NR_FREE_PAGES node %d %s' % (nid, zone)
        delta = changes[key]['delta'] if key in changes else 0
        t.eq(delta, z['free'] - za[(nid, zone)]['free'],
             'diff: %s changed as /proc/zoneinfo\'s pages free did' % key)


def check_pageblocks(t, d):
    """Blocks that changed type: their net flow per type is the change in
    /proc/pagetypeinfo's block counts."""
    _, ba = pagetypeinfo(BEFORE)
    _, bb = pagetypeinfo(AFTER)
    flow = {}
    for c in d['changes']:
        if c['section'] != 'pageblock':
            continue
        src, dst = c['key'].split(' -> ')
        flow[src] = flow.get(src, 0) - c['after']
        flow[dst] = flow.get(dst, 0) + c['after']
    want = {k: bb.get(k, 0) - ba.get(k, 0) for k in set(ba) | set(bb)}
    t.eq({k: v for k, v in flow.items() if v}, {k: v for k, v in want.items() if v},
         'diff: pageblocks per migratetype moved as /proc/pagetypeinfo\'s counts did')
    t.ok(d['pageblocks_compared'] > 0, 'diff: %d pageblocks compared' % d['pageblocks_compared'])


def owner_pages(args):
    """{"kind name": pages} and {"kind kind": pages} as `owners` reports them."""
    doc = common.run_json(['owners'] + args)
    got = {}
    for o in doc['owners']:
        key = '%s %s' % (o['owner_kind'], o['owner'])
        got[key] = got.get(key, 0) + o['pages']
    for kind, n in doc['by_kind'].items():
        if n:
            got['kind ' + kind] = n
    return got


def check_owners(t, d):
    t.eq(d['owners_compared'], True, 'diff: owners compared on both sides')
    t.eq(d['owners_note'], '', 'diff: no note on the owners')
    oa = owner_pages(common.on(BEFORE))
    ob = owner_pages(common.on(AFTER))
    want = {k: (oa.get(k, 0), ob.get(k, 0)) for k in set(oa) | set(ob)
            if oa.get(k, 0) != ob.get(k, 0)}
    got = {c['key']: (c['before'], c['after']) for c in d['changes']
           if c['section'] == 'owner'}
    t.eq(got, want, 'diff: pages per owner and kind changed as `owners` on each side says '
         '(%d changes)' % len(want))
    for key in ('slab pagescope_faultmod_item', 'vmalloc fm_plant_vmalloc [faultmod]'):
        c = [c for c in d['changes'] if c['section'] == 'owner' and c['key'] == key]
        t.ok(len(c) == 1 and not c[0]['before_present'] and c[0]['after_present'],
             'diff: the fault module\'s %s is new in AFTER' % key, c)
        t.ok(c and c[0]['after'] == ob.get(key) and ob.get(key, 0) > 0,
             'diff: %s holds %s pages, as `owners` on AFTER says' % (key, ob.get(key)),
             c)


def check_snapshot(t, d):
    tmp = tempfile.mkdtemp(prefix='pagescope-diff-')
    try:
        snap = os.path.join(tmp, 'before.pss')
        status, _, err = common.run(['save', '-o', snap] + common.on(BEFORE))
        t.eq(status, 0, 'save BEFORE')
        s = diff_json(snap, common.on(AFTER))
        for k in ('before', 'before_release'):
            s.pop(k)
            d = dict(d)
            d.pop(k, None)
        t.eq(s, d, 'diff from a snapshot of BEFORE equals diff from its dump')
        same = diff_json(snap, [snap])
        t.eq(same['changes'], [], 'a snapshot against itself: no change')
    finally:
        shutil.rmtree(tmp)


def check_same_capture(t, kernel):
    """One capture in two formats, and a snapshot of it: nothing changed,
    on every kernel (the 6.12 pair above is the only one with changes)."""
    d = diff_json(common.vmcore(kernel, 'elf'), common.on(kernel, 'kdump'))
    t.eq(d['changes'], [], '%s: diff of the ELF and kdump files of one capture: no change' % kernel)
    t.ok(d['pageblocks_compared'] >= (1 << 19) >> 9,
         '%s: diff compared every pageblock of the 2 GiB guest' % kernel, d['pageblocks_compared'])
    tmp = tempfile.mkdtemp(prefix='pagescope-diff-')
    try:
        snap = os.path.join(tmp, 'snap.pss')
        status, _, err = common.run(['save', '-o', snap] + common.on(kernel))
        t.eq(status, 0, '%s: save' % kernel)
        t.eq(diff_json(snap, common.on(kernel))['changes'], [],
             '%s: a snapshot against its own dump: no change' % kernel)
    finally:
        shutil.rmtree(tmp)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        check_same_capture(t, kernel)
    d = diff_json(common.vmcore(BEFORE, 'elf'), common.on(AFTER))
    check_free(t, d)
    check_counters(t, d)
    check_pageblocks(t, d)
    check_owners(t, d)
    check_snapshot(t, d)
    status, out, err = common.run(['diff', '--check', common.vmcore(BEFORE, 'elf')] +
                                  common.on(AFTER))
    t.eq(status, 0, 'diff --check: nothing that held broke, exit 0')
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
