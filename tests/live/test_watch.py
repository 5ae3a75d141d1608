#!/usr/bin/env python3
"""Issue 16, live: `watch -i 1 --count 4 -o DIR -j` on the 6.12 guest's
own /proc/kcore while the churn runs (dumps/live/init). Each sample's free
pages are checked against the kernel's zoneinfo before and after the run,
widened only by the mechanisms tests/live/test_summary.py names (drift,
pcp, self, churn); each sample's snapshot, written in the guest, opens on
the host without the guest and answers within the same bound."""
import json
import os

import live
from live import Tap, common
from test_summary import Bound, serving_zones, PAGESCOPE_CPU

SAMPLES = 4
INTERVAL_S = 1


def live_bound(what, run):
    """Free pages of the whole guest during @run, with the named mechanisms."""
    zb, za = live.zoneinfo(run + '.before'), live.zoneinfo(run + '.after')
    keys = [k for k, z in zb.items() if z.get('present')]
    b = Bound(what, sum(zb[k]['free'] for k in keys), sum(za[k]['free'] for k in keys))
    b.widen('drift', sum(max(sum(zb[k]['threshold']), sum(za[k]['threshold'])) for k in keys))
    b.widen('pcp', sum(max(sum(zb[k]['count']), sum(za[k]['count'])) + sum(zb[k]['batch'])
                       for k in keys))
    if any(k[0] == live.node_of_cpu(PAGESCOPE_CPU) for k in serving_zones(zb)):
        b.widen('self', live.timing(run)['maxrss_kb'] // 4, 0)
    return b.widen('churn', live.churn_amplitude())


def check_samples(t, w):
    samples = w['samples']
    t.eq(len(samples), SAMPLES, 'watch: %d samples' % SAMPLES)
    t.ok(w['live'], 'watch: says it read a running kernel')
    gaps = [b['seconds'] - a['seconds'] for a, b in zip(samples, samples[1:])]
    t.ok(all(g >= INTERVAL_S for g in gaps),
         'watch: samples at least the interval apart', 'gaps %r' % gaps)
    _, frag, _ = live.run_json('frag')
    for i, s in enumerate(samples):
        by_order = sum(n << o for o, n in enumerate(s['free_blocks_by_order']))
        t.eq(by_order, s['free_pages'], 'sample %d: free pages = its blocks per order' % i)
        b = live_bound('zoneinfo pages free, all zones', 'watch')
        t.ok(b.holds(s['free_pages']), 'sample %d: free pages within the live bound' % i,
             b.explain(s['free_pages']))
        t.eq(s['gigablocks'], len(frag['gigablocks']), 'sample %d: gigablocks as frag' % i)
        t.ok(s['tainted'] <= s['gigablocks'] and s['could_be_1gib'] <= s['gigablocks'],
             'sample %d: tainted and 1 GiB chances within the gigablocks' % i)


def opened(status, free):
    """Exit 0, or 3 (a problem found) only for lists seen torn while the churn changed them:
    a snapshot of a running kernel keeps what the walk saw at that moment."""
    if free is None:
        return False
    torn = free['live'] and free['cross_check'].get('transient')
    return status == 0 or (status == 3 and bool(torn))


def check_snapshots(t, w):
    release = live.text('uname-r').strip()
    for i, s in enumerate(w['samples']):
        pss = live.path('watch', 'sample-%04d.pss' % i)
        if not t.ok(os.path.exists(pss), 'sample %d: its snapshot was written' % i):
            continue
        status, out, err = common.run(['free', '-j', pss])
        free = json.loads(out) if out else None
        if not t.ok(opened(status, free), 'sample %d: its snapshot opens on the host' % i,
                    'status %d: %s' % (status, err)):
            continue
        _, summ, _ = common.run(['summary', '-j', pss])
        t.ok(release in summ, 'sample %d: the snapshot names the guest\'s kernel %s' % (i, release))
        got = sum(z['free_pages'] for z in free['zones'])
        b = live_bound('zoneinfo pages free, all zones', 'watch')
        if free['cross_check'].get('transient'):
            # A list the churn tore while it was read ends there: the
            # snapshot keeps what the walk could follow, never more.
            t.ok(0 < got <= b.hi, 'sample %d: its snapshot\'s free pages, lists torn by the '
                 'churn, at most the live bound' % i, b.explain(got))
            continue
        t.ok(b.holds(got), 'sample %d: its snapshot\'s free pages within the live bound' % i,
             b.explain(got))


def main():
    t = Tap()
    status, w, err = live.run_json('watch')
    if not t.ok(status == '0' and w is not None, 'watch -j ran under the churn',
                'status %s\n%s' % (status, err)):
        return t.done()
    check_samples(t, w)
    check_snapshots(t, w)
    return t.done()


if __name__ == '__main__':
    raise SystemExit(main())
