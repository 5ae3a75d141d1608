#!/usr/bin/env python3
"""pagescope diff between two dumps of ONE boot of the 6.12 guest, before
and after a workload phase ($(DUMPS)/6.12-phases, dumps/guest/init-phases:
more THPs, some partly unmapped onto the deferred split queue, more anon
memory, the page cache dropped and refilled, 3000 dentries looked up),
against the differences of the guest's own two reports:
- free blocks per zone, order and migratetype (/proc/pagetypeinfo) and
  per zone and order (/proc/buddyinfo), free pages per zone
  (/proc/zoneinfo) and in all (/proc/vmstat nr_free_pages), pageblocks
  per migratetype: exactly;
- pages on the per-cpu lists per zone (zoneinfo's pcp counts): within the
  capture's own churn on each side (it reads more truth files after
  zoneinfo, allocating from the per-cpu lists; a refill or drain moves at
  most pcp->batch pages: CAPTURE_CHURN of test_foundation.py);
- anon THPs (vmstat nr_anon_transparent_hugepages), partially mapped THPs
  (the mTHP stat nr_anon_partially_mapped), order-9 folios (the mTHP stat
  anon_fault_alloc, nothing split): exactly;
- pages per slab cache (/proc/slabinfo slabs x pages per slab): within the
  KFENCE objects of that cache (slab-typed pages slabinfo does not count,
  see test_owners.py); the dentry cache the phase grows by the lookups;
- dentry-state nr_unused: within the dentries released after the guest
  read dentry-state (measured: the dump of phase 1 holds 2 more than its
  truth; dput puts a dentry on the LRU at its last reference).
The text output carries the same per-counter changes as the JSON, and the
diff of two snapshots saved from the dumps equals the diff of the dumps."""
import json
import os
import re
import shutil
import sys
import tempfile

import common
from common import Tap
from test_diff import pagetypeinfo

SET = '6.12-phases'
BEFORE, AFTER = SET + '/before', SET + '/after'
# Dentries the capture's own reads may put on the LRU after it read
# dentry-state (see the docstring).
DENTRY_RELEASE_BOUND = 2
# Per side, as test_foundation.py's CAPTURE_CHURN.
CAPTURE_CHURN = 64
# CONFIG_KFENCE_NUM_OBJECTS in Debian's configs (test_owners.py).
KFENCE_OBJECTS = 255


def buddyinfo(kernel):
    """{(nid, zone, order): blocks}."""
    out = {}
    for line in common.truth_text(kernel, 'buddyinfo').splitlines():
        m = re.match(r'Node (\d+), zone\s+(\S+)\s+(.*)', line)
        for order, n in enumerate(m.group(3).split()):
            out[(int(m.group(1)), m.group(2), order)] = int(n)
    return out


def slabinfo_pages(kernel):
    out = {}
    for line in common.truth_text(kernel, 'slabinfo').splitlines()[2:]:
        f = line.split()
        out[f[0]] = out.get(f[0], 0) + int(f[14]) * int(f[5])
    return out


def thp_stat(kernel, name):
    return int(common.truth_text(kernel, 'thp/hugepages-2048kB/stats/' + name))


def dentry_unused(kernel):
    return int(common.truth_text(kernel, 'dentry-state').split()[1])


def delta(a, b):
    """{key: b - a} without the zeros."""
    d = {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}
    return {k: v for k, v in d.items() if v}


def diff_json(before_args, after_args):
    status, out, err = common.run(['diff'] + before_args + after_args + ['-j'])
    if status:
        raise RuntimeError('pagescope diff: %s' % err)
    return json.loads(out)


def section(d, name):
    return {c['key']: c for c in d['changes'] if c['section'] == name}


def counter(d, key):
    c = section(d, 'counter').get(key)
    return c['delta'] if c else 0


def check_free(t, d):
    fa, _ = pagetypeinfo(BEFORE)
    fb, _ = pagetypeinfo(AFTER)
    want = delta(fa, fb)
    got, by_order = {}, {}
    for key, c in section(d, 'free').items():
        m = re.match(r'node (\d+) (\S+) order +(\d+) (\S+)$', key)
        n = c['after_second'] - c['before_second']
        got[(int(m.group(1)), m.group(2), int(m.group(3)), m.group(4))] = n
        k = (int(m.group(1)), m.group(2), int(m.group(3)))
        by_order[k] = by_order.get(k, 0) + n
    t.ok(len(want) > 0, 'the phase changed the free lists (%d changes in /proc/pagetypeinfo)'
         % len(want))
    t.eq({k: v for k, v in got.items() if v}, want,
         'diff: free blocks per zone, order and migratetype changed as /proc/pagetypeinfo did')
    t.eq({k: v for k, v in by_order.items() if v}, delta(buddyinfo(BEFORE), buddyinfo(AFTER)),
         'diff: free blocks per zone and order changed as /proc/buddyinfo did')


def check_zone_counters(t, d):
    za, zb = common.zoneinfo(BEFORE), common.zoneinfo(AFTER)
    for (nid, zone), z in sorted(zb.items()):
        if z['free'] is None or (nid, zone) not in za:
            continue
        key = 'NR_FREE_PAGES node %d %s' % (nid, zone)
        t.eq(counter(d, key), z['free'] - za[(nid, zone)]['free'],
             'diff: %s changed as /proc/zoneinfo\'s pages free did' % key)
        key = 'pcp->count node %d %s' % (nid, zone)
        want = sum(z['pcp'].values()) - sum(za[(nid, zone)]['pcp'].values())
        got = counter(d, key)
        t.ok(abs(got - want) <= 2 * CAPTURE_CHURN,
             'diff: %s changed by %d, /proc/zoneinfo\'s per-cpu counts by %d (bound %d)'
             % (key, got, want, 2 * CAPTURE_CHURN))
    va, vb = common.vmstat(BEFORE), common.vmstat(AFTER)
    want = vb['nr_free_pages'] - va['nr_free_pages']
    t.ok(want < 0, 'the phase took free pages (%d)' % want)
    t.eq(counter(d, 'NR_FREE_PAGES total (vm_zone_stat)'), want,
         'diff: NR_FREE_PAGES in all changed as /proc/vmstat nr_free_pages did')


def check_pageblocks(t, d):
    _, ba = pagetypeinfo(BEFORE)
    _, bb = pagetypeinfo(AFTER)
    flow = {}
    for key, c in section(d, 'pageblock').items():
        src, dst = key.split(' -> ')
        flow[src] = flow.get(src, 0) - c['after']
        flow[dst] = flow.get(dst, 0) + c['after']
    t.eq({k: v for k, v in flow.items() if v}, delta(ba, bb),
         'diff: pageblocks per migratetype moved as /proc/pagetypeinfo\'s counts did')


def check_thp(t, d):
    va, vb = common.vmstat(BEFORE), common.vmstat(AFTER)
    per_thp = int(common.truth_text(AFTER, 'thp/hpage_pmd_size')) // 4096
    want = vb['nr_anon_transparent_hugepages'] - va['nr_anon_transparent_hugepages']
    got = sum(c['delta'] for k, c in section(d, 'counter').items()
              if k.startswith('NR_ANON_THPS node '))
    t.ok(want > 0, 'the phase made anon THPs (%d)' % want)
    t.eq(got, want * per_thp, 'diff: NR_ANON_THPS over the nodes grew by %d THPs x %d pages, '
         'as /proc/vmstat nr_anon_transparent_hugepages did' % (want, per_thp))
    want = thp_stat(AFTER, 'nr_anon_partially_mapped') - \
        thp_stat(BEFORE, 'nr_anon_partially_mapped')
    t.ok(want > 0, 'the phase partly unmapped THPs (%d)' % want)
    t.eq(counter(d, 'nr_anon_partially_mapped order 9'), want,
         'diff: partially mapped 2 MiB THPs changed as the mTHP stat did')
    t.eq(thp_stat(AFTER, 'split') - thp_stat(BEFORE, 'split'), 0, 'no THP split in the phase')
    c = section(d, 'pages').get('folios of order 9')
    want = thp_stat(AFTER, 'anon_fault_alloc') - thp_stat(BEFORE, 'anon_fault_alloc')
    t.eq(c and c['delta'], want, 'diff: order-9 folios grew as the mTHP stat anon_fault_alloc')


def owner_slabs(d):
    return {k[5:]: c for k, c in section(d, 'owner').items() if k.startswith('slab ')}


def check_slab(t, d):
    sa, sb = slabinfo_pages(BEFORE), slabinfo_pages(AFTER)
    got = owner_slabs(d)
    bad = {}
    for name in sorted(set(got) & (set(sa) | set(sb))):
        c = got[name]
        # KFENCE objects: slab-typed pages beyond slabinfo's, on each side
        excess = (c['before'] - sa.get(name, 0), c['after'] - sb.get(name, 0))
        if min(excess) < 0 or max(excess) > KFENCE_OBJECTS:
            bad[name] = (c['before'], c['after'], sa.get(name), sb.get(name))
    t.ok(len(got) > 0 and not bad, 'diff: pages of %d changed slab caches are slabinfo\'s on '
         'each side plus at most its KFENCE objects' % len(got), bad)
    want = sb['dentry'] - sa['dentry']
    t.ok(want > 0, 'the phase grew the dentry cache by %d pages (slabinfo)' % want)
    c = got.get('dentry')
    t.eq(c and c['delta'], want, 'diff: slab dentry grew as slabinfo\'s slabs x pages per slab')


def check_dentries(t, d):
    want = dentry_unused(AFTER) - dentry_unused(BEFORE)
    got = counter(d, 'dentry-state nr_unused')
    t.ok(want > 0 and abs(got - want) <= DENTRY_RELEASE_BOUND,
         'diff: dentry-state nr_unused changed by %d, /proc/sys/fs/dentry-state by %d '
         '(bound %d)' % (got, want, DENTRY_RELEASE_BOUND))


def text_delta(line):
    return int(line.split()[-1]) if not line.split()[-1] in ('new', 'gone') \
        else int(line.split()[-2])


def check_text(t, d):
    """The text output lists every counter change of the JSON, same delta."""
    status, out, err = common.run(['diff'] + common.on(BEFORE)[-1:] + common.on(AFTER))
    t.eq(status, 0, 'diff (text): exit 0')
    counters = {}
    part = None
    for line in out.splitlines():
        if line and not line.startswith(' '):
            part = line
        elif part and part.startswith('counters') and line.strip():
            key = re.split(r'\s{2,}', line.strip())[0]
            counters[key] = text_delta(line)
    want = {k: c['delta'] for k, c in section(d, 'counter').items()}
    t.ok(len(want) > 0, 'diff: %d counters changed' % len(want))
    t.eq(counters, want, 'diff (text): every changed counter with the JSON\'s delta')


def drop_names(d):
    return {k: v for k, v in d.items() if k not in ('before', 'after')}


def check_snapshots(t, d):
    tmp = tempfile.mkdtemp(prefix='pagescope-phases-', dir=common.SCRATCH)
    try:
        snaps = []
        for kernel in (BEFORE, AFTER):
            snap = os.path.join(tmp, kernel.split('/')[-1] + '.pss')
            status, _, err = common.run(['save', '-o', snap] + common.on(kernel))
            t.eq(status, 0, 'save %s' % kernel)
            snaps.append(snap)
        s = diff_json([snaps[0]], [snaps[1]])
        t.eq(drop_names(s), drop_names(d), 'diff of the two snapshots equals diff of the dumps')
        s = diff_json([snaps[0]], common.on(AFTER))
        t.eq(drop_names(s), drop_names(d), 'diff of the before snapshot and the after dump '
             'equals diff of the dumps')
    finally:
        shutil.rmtree(tmp)


def main():
    t = Tap()
    d = diff_json(common.on(BEFORE)[-1:], common.on(AFTER))
    t.eq(d['before_release'], d['after_release'], 'both dumps are of one kernel')
    check_free(t, d)
    check_zone_counters(t, d)
    check_pageblocks(t, d)
    check_thp(t, d)
    check_slab(t, d)
    check_dentries(t, d)
    check_text(t, d)
    check_snapshots(t, d)
    status, _, _ = common.run(['diff', '--check'] + common.on(BEFORE)[-1:] + common.on(AFTER))
    t.eq(status, 0, 'diff --check: nothing that held broke, exit 0')
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
