#!/usr/bin/env python3
"""Issue 7, live: in the 6.12 guest pagescope reads its own /proc/kcore
with no vmlinux and no layout cache, taking BTF and /proc/kallsyms by
itself, and answers like the kernel's own reports taken right before and
after each run (dumps/live/init). Memory moves while pagescope walks, so
counts are checked within bounds, each widened only by a named mechanism:

  drift   per-cpu vmstat diffs not yet folded into a zone counter: at most
          the zone's "vm stats threshold" summed over CPUs
  pcp     pages moving between the per-cpu lists and the buddy lists while
          they are walked: at most what the per-cpu lists held (before,
          during or after) plus one batch per CPU
  self    pagescope's own memory (its peak RSS), taken from the free lists
          of its node (it runs on CPU 0) while it walks
  churn   what the churn's rings can hold at once (churn runs only)

self and churn apply to the zone allocations are served from, each node's
highest (DMA32 on node 0, Normal on node 1); the DMA zone must hold still.

Also: the layout from BTF equals the layout from the vmlinux's DWARF on the
6.12 test dump (same build); frag, free and check run under the churn;
and free lists that change under the walk are not reported as corruption.
The timings are reported (# lines), not asserted: the guest runs under TCG.
"""
import sys

import live
from live import Tap, common

# x86_64 __START_KERNEL_map (arch/x86/include/asm/page_64_types.h): the
# kernel is linked at it + CONFIG_PHYSICAL_START; KASLR shifts it.
START_KERNEL_MAP = 0xffffffff80000000
PAGESCOPE_CPU = 0  # dumps/live/init runs pagescope with taskset 1
GUEST_MIB = 2048
# pahole writes a multi-dimensional array as one flat array (tests/dump/test_btf.py).
# pahole writes a multi-dimensional array as one BTF array of its total
# count (tests/dump/test_btf.py): these items differ from DWARF's there.
BTF_FLATTENS = {'member struct mthp_stat.stats'} | {
    'member struct %s.%s' % (s, m) for s in ('lru_gen_folio', 'lru_gen_struct')
    for m in ('folios', 'avg_refaulted', 'protected')}


# --- bounds ------------------------------------------------------------------

class Bound:
    """The kernel's count before and after a run, widened by named mechanisms."""

    def __init__(self, what, before, after):
        self.lo, self.hi = min(before, after), max(before, after)
        self.why = ['%s: kernel %d before, %d after' % (what, before, after)]

    def widen(self, name, down, up=None):
        up = down if up is None else up
        self.lo -= down
        self.hi += up
        self.why.append('%s -%d/+%d' % (name, down, up))
        return self

    def holds(self, value):
        return self.lo <= value <= self.hi

    def explain(self, value):
        return 'pagescope %d, allowed [%d, %d]: %s' % (value, self.lo, self.hi,
                                                      '; '.join(self.why))


def serving_zones(zones):
    """Each node's highest populated zone: the one user and kernel
    allocations are served from. Lower zones (DMA) only take them when it
    is below its watermarks plus lowmem reserve, and these guests keep
    most of their memory free."""
    top = {}
    for (nid, name), z in zones.items():
        if z.get('present') and z['start_pfn'] >= top.get(nid, (None, -1))[1]:
            top[nid] = (name, z['start_pfn'])
    return {(nid, name) for nid, (name, _) in top.items()}


def zone_bound(what, key, zb, za, z, run, churn):
    """The bound of a zone's count @key ('free') in @run."""
    b = Bound(what, zb[key], za[key])
    b.widen('drift', max(sum(zb['threshold']), sum(za['threshold'])))
    pcp = max(sum(zb['count']), sum(za['count']), z['pcp_count'], z['pcp_walked'])
    b.widen('pcp', pcp + max(sum(zb['batch']), sum(za['batch'])))
    serves = (z['nid'], z['name']) in serving_zones(live.zoneinfo(run + '.before'))
    if serves and z['nid'] == live.node_of_cpu(PAGESCOPE_CPU):
        b.widen('self', live.timing(run)['maxrss_kb'] // 4, 0)
    if serves and churn:
        b.widen('churn', live.churn_amplitude())
    return b


def zones_of(summary):
    for node in summary['memory']['nodes']:
        for z in node['zones']:
            if z['present']:
                yield dict(z, nid=node['nid'])


# --- checks ------------------------------------------------------------------

def check_environment(t):
    t.ok('absent /usr/lib/debug' in live.text('vmlinux-places') and
         'present' not in live.text('vmlinux-places'),
         'the guest has no vmlinux where pagescope looks', live.text('vmlinux-places'))
    t.ok(all(not line.startswith('0000000000000000')
             for line in live.text('kallsyms-sample').splitlines()) and
         ' _text' in live.text('kallsyms-sample'),
         '/proc/kallsyms shows addresses (root)', live.text('kallsyms-sample'))
    t.eq(live.text('layout', 'cache-after').strip(), '',
         'no layout cache was written or read ($XDG_CACHE_HOME stays empty)')


def check_kernel(t, name, s):
    k = s['kernel']
    t.eq(k['release'], live.text('uname-r').strip(), '%s: release = uname -r' % name)
    with open(live.path('notes'), 'rb') as f:
        t.eq(k['build_id'], live.build_id_from_notes(f.read()),
             '%s: build ID = the running kernel\'s (/sys/kernel/notes)' % name)
    t.ok('BTF' in k['debuginfo'] and 'kallsyms' in k['debuginfo'],
         '%s: says it took BTF and kallsyms' % name, k['debuginfo'])
    t.eq(k['layout_source'], 'BTF', '%s: layout_source is BTF' % name)
    syms = {}
    for line in live.text('kallsyms-sample').splitlines():
        addr, _, sym = line.split()
        syms[sym] = addr
    start = START_KERNEL_MAP + physical_start()
    t.eq(int(k['kaslr_offset'], 16), int(syms['_text'], 16) - start,
         '%s: KASLR offset = _text - (__START_KERNEL_map + CONFIG_PHYSICAL_START)' % name)


def physical_start():
    with open(common.os.path.join(common.DUMPS, 'kernels', '6.12', 'config')) as f:
        for line in f:
            if line.startswith('CONFIG_PHYSICAL_START='):
                return int(line.split('=')[1], 0)
    raise RuntimeError('no CONFIG_PHYSICAL_START in the 6.12 config')


def check_zones(t, run, s, churn):
    zb, za = live.zoneinfo(run + '.before'), live.zoneinfo(run + '.after')
    for z in zones_of(s):
        key = (z['nid'], z['name'])
        tag = '%s: node %d %s' % (run, z['nid'], z['name'])
        for field in ('start_pfn', 'spanned', 'present', 'managed'):
            t.ok(z[field] == zb[key][field] == za[key][field],
                 '%s: %s = zoneinfo' % (tag, field),
                 'pagescope %d, zoneinfo %d before, %d after' % (z[field], zb[key][field],
                                                                za[key][field]))
        for field, what in (('free_walked', 'free pages in buddy blocks'),
                            ('nr_free_pages', 'NR_FREE_PAGES')):
            b = zone_bound('zoneinfo pages free', 'free', zb[key], za[key], z, run, churn)
            t.ok(b.holds(z[field]), '%s: %s within the live bound of zoneinfo pages free'
                 % (tag, what), b.explain(z[field]))
        t.ok(not z['pcp_broken_lists'] or z.get('pcp_transient'),
             '%s: no per-cpu list that changed under the walk reported as broken' % tag,
             '%d per-cpu list(s) broken: pcp->count %d, walked %d'
             % (z['pcp_broken_lists'], z['pcp_count'], z['pcp_walked']))
        high = max(sum(zb[key]['high']), sum(za[key]['high']))
        t.ok(z['pcp_count'] <= high, '%s: pcp->count within the per-cpu lists\' high marks'
             % tag, 'pcp_count %d, high %d' % (z['pcp_count'], high))


def check_pages(t, run, s):
    m = s['memory']
    total = m['sections'] * m['pages_per_section']
    t.eq(total << 12, GUEST_MIB << 20, '%s: the sections cover the guest\'s RAM' % run)
    t.eq(s['pages']['total'], total, '%s: every pfn of every section walked' % run)
    t.eq(s['pages']['unreadable'], 0, '%s: no struct page unreadable through /proc/kcore' % run)
    pfns = {int(x) for x in live.text('hwpoison-pfns').split()}
    t.eq(set(s['pages']['hwpoison_pfns']), pfns,
         '%s: PG_hwpoison pfns = the pages the guest poisoned' % run)
    kb = {live.meminfo_kb(run + side, 'HardwareCorrupted') for side in ('.before', '.after')}
    t.eq(kb, {len(pfns) * 4}, '%s: meminfo HardwareCorrupted = the poisoned pages' % run)


def check_summary(t, run, churn):
    status, s, err = live.run_json(run)
    if not t.ok(status == '0' and s is not None, '%s: pagescope summary -j ran' % run,
                'status %s\n%s' % (status, err)):
        return
    check_kernel(t, run, s)
    check_zones(t, run, s, churn)
    check_pages(t, run, s)
    print('# %s: %.0f ms, peak RSS %d KiB' % (run, live.timing(run)['elapsed_ms'],
                                              live.timing(run)['maxrss_kb']))


def check_summary_text(t):
    status = live.timing('summary-text')['status']
    lines = [x for x in live.text('summary-text.out').splitlines() if x.startswith('debug info')]
    t.ok(status == '0' and lines and 'BTF' in lines[0],
         'summary (text): the debug info line says BTF', '\n'.join(lines) or 'status ' + status)


def dwarf_layout():
    """The layout the host reads from the 6.12 test dump's vmlinux (DWARF)."""
    return common.layout_items(common.run_json(['layout', '--no-cache'] + common.on('6.12')))


def check_layout(t):
    dwarf = dwarf_layout()
    runs = sorted(n[:-len('.time')] for n in common.os.listdir(live.path('layout'))
                  if n.startswith('layout-') and n.endswith('.time'))
    t.ok(len(runs) >= 1, 'pagescope layout -j ran in the guest')
    times = []
    for run in runs:
        status, layout, err = live.run_json('layout/' + run)
        if not t.ok(status == '0' and layout is not None, '%s: ran' % run, err):
            continue
        t.eq(layout['source'], 'BTF', '%s: from BTF' % run)
        btf = common.layout_items(layout)
        differ = sorted(k for k in dwarf if dwarf[k] != btf.get(k) and
                        k not in BTF_FLATTENS and not k.startswith('variable '))
        t.eq(differ, [], '%s: every item from the live BTF and kallsyms = DWARF\'s' % run)
        times.append(live.timing('layout/' + run)['elapsed_ms'])
    report_layout_times(times)


def report_layout_times(times):
    base = live.timing('layout/help')['elapsed_ms']
    kallsyms = live.timing('layout/read-kallsyms')['elapsed_ms']
    btf = live.timing('layout/read-btf')['elapsed_ms']
    if times:
        print('# layout from BTF in the TCG guest: fastest of %d runs %.0f ms (all: %s); '
              'of which starting pagescope (--help) %.0f ms; reading /proc/kallsyms alone '
              '%.0f ms, /sys/kernel/btf/vmlinux alone %.0f ms' %
              (len(times), min(times), ', '.join('%.0f' % x for x in times), base,
               kallsyms, btf))
        print('# layout from BTF, start-up subtracted: %.0f ms' % (min(times) - base))


def gigablock_zones(zb, gb):
    lo, hi = gb['start_pfn'], gb['end_pfn']
    return [k for k, z in zb.items()
            if z.get('present') and lo <= z['start_pfn'] < hi]


def check_frag(t):
    status, f, err = live.run_json('frag')
    if not t.ok(status == '0' and f is not None, 'frag -j ran under the churn',
                'status %s\n%s' % (status, err)):
        return
    zb, za = live.zoneinfo('frag.before'), live.zoneinfo('frag.after')
    amp, rss = live.churn_amplitude(), live.timing('frag')['maxrss_kb'] // 4
    for gb in f['gigablocks']:
        keys = gigablock_zones(zb, gb)
        before = sum(zb[k]['free'] for k in keys)
        after = sum(za[k]['free'] for k in keys)
        b = Bound('zoneinfo pages free of %s' % ', '.join('%d %s' % k for k in keys),
                  before, after)
        b.widen('drift', sum(max(sum(zb[k]['threshold']), sum(za[k]['threshold'])) for k in keys))
        b.widen('pcp', sum(max(sum(zb[k]['count']), sum(za[k]['count'])) +
                           sum(zb[k]['batch']) for k in keys))
        serving = [k for k in keys if k in serving_zones(zb)]
        if any(k[0] == live.node_of_cpu(PAGESCOPE_CPU) for k in serving):
            b.widen('self', rss, 0)
        if serving:
            b.widen('churn', amp)
        t.ok(b.holds(gb['by_class']['free']), 'frag: gigablock %d free within the live bound'
             % gb['index'], b.explain(gb['by_class']['free']))
    pfns = {int(x) for x in live.text('hwpoison-pfns').split()}
    t.eq(sum(gb['hwpoison'] for gb in f['gigablocks']), len(pfns),
         'frag: hwpoison pages over all gigablocks = the pages the guest poisoned')


def broken_in(free):
    """Every list the free report calls broken, and its anomalies."""
    found = []
    for z in free['zones']:
        for b in z['broken_lists']:
            if not b.get('transient'):
                found.append('node %d %s: %s' % (z['nid'], z['zone'], b['fault']['message']))
        if z['pcp_broken_lists'] and not z.get('pcp_transient'):
            found.append('node %d %s: %d per-cpu list(s) broken' %
                         (z['nid'], z['zone'], z['pcp_broken_lists']))
    cc = free['cross_check']
    for kind, n in cc['anomalies'].items():
        if n and not cc.get('transient') and kind != 'on another migratetype\'s list than its pageblock\'s':
            found.append('cross-check: %d %s' % (n, kind))
    return found


def check_free(t):
    runs = sorted(n[:-len('.time')] for n in common.os.listdir(live.OUT)
                  if n.startswith('free-') and n.endswith('.time'))
    t.ok(runs, 'free -j ran under the churn')
    for run in runs:
        status, f, err = live.run_json(run)
        if not t.ok(status in ('0', '3') and f is not None,
                    '%s: exit 0 or 3 with a report, no crash' % run,
                    'status %s\n%s' % (status, err)):
            continue
        zb, za = live.zoneinfo(run + '.before'), live.zoneinfo(run + '.after')
        for z in f['zones']:
            key = (z['nid'], z['zone'])
            if key not in zb or not zb[key].get('present'):
                continue
            zz = dict(z, name=z['zone'], pcp_walked=z['pcp_pages'])
            b = zone_bound('zoneinfo pages free', 'free', zb[key], za[key], zz, run, True)
            t.ok(b.holds(z['free_pages']), '%s: node %d %s: free pages on the lists within '
                 'the live bound' % (run, z['nid'], z['zone']), b.explain(z['free_pages']))
        # The kernel's lists are intact (it would have crashed otherwise):
        # a list that changed under the walk is not corruption.
        found = broken_in(f)
        t.ok(not found, '%s: no list that changed under the walk reported as corruption'
             % run, '\n'.join(found[:12]))


def check_check(t):
    status, c, err = live.run_json('check')
    t.ok(status in ('0', '3') and c is not None and c.get('rows'),
         'check -j ran under the churn: exit 0 or 3, with rows', 'status %s\n%s' % (status, err))
    if c:
        failed = [r for r in c['rows'] if r['verdict'] not in ('ok',)]
        print('# check -j under the churn: exit %s, %d rows, %d not ok' %
              (status, len(c['rows']), len(failed)))
        for r in failed:
            print('#   %s: kernel %s walked %s %s: %s' % (r['counter'], r['kernel'],
                                                       r['walked'], r['verdict'], r['why'][:100]))


def main():
    t = Tap()
    check_environment(t)
    check_layout(t)
    check_summary(t, 'summary-quiet', churn=False)
    check_summary_text(t)
    check_summary(t, 'summary-churn', churn=True)
    check_frag(t)
    check_free(t)
    check_check(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
