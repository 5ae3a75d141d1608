#!/usr/bin/env python3
"""pages --kpageflags against the guests' own /proc/kpageflags and
/proc/kpagecount, every pfn, one run per kernel: the planted pages of
truth/workload-pfns.txt exactly, the rest within a bound per mechanism
that changes a page between the capture and the dump."""
import re
import sys

import common
import kpf
from common import Tap

# After kpageflags is read the guest still reads other truth files
# (allocating and freeing slab, page cache and per-cpu list pages): a
# per-cpu list refill or drain moves at most pcp->batch (63 here) pages.
CAPTURE_CHURN = 64
# LRU bits that reclaim and aging move on their own (PG_referenced,
# PG_active, PG_reclaim, PG_lru while a folio is isolated).
LRU_BITS = sum(1 << kpf.KPF[k] for k in ('REFERENCED', 'ACTIVE', 'RECLAIM', 'LRU'))
LRU_MOVES = 64
# PG_idle: only DAMON's access sampling sets it on these kernels
# (damon_folio_mkold(); 7.x runs DAMON_STAT by default, idle page tracking
# is off), a sample of a few dozen folios at a time.
IDLE = 1 << kpf.KPF['IDLE']
IDLE_MOVES = 64
# kpagecount of a page the capture's own processes map (the reader's
# shared libraries, its stack): one mapping more or less.
COUNT_MOVES = 8


def ours(kernel):
    """{pfn: (kpageflags, kpagecount)} from one run of pages --kpageflags."""
    status, out, err = common.run(['pages', '--kpageflags'] + common.on(kernel), timeout=600)
    if status:
        raise RuntimeError('pages --kpageflags: status %d: %s' % (status, err))
    got = {}
    for line in out.splitlines():
        if line.startswith('#'):
            continue
        pfn, flags, count = line.split()[:3]
        got[int(pfn, 16)] = (int(flags, 16), int(count))
    return got


def workload_pfns(kernel):
    pfns = set()
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        parts = line.split()
        if len(parts) >= 2:
            pfns.add(int(parts[1], 0))
    return pfns


def classify(want_f, want_c, got_f, got_c):
    """The mechanism that explains one pfn's difference, or 'other'."""
    if got_f != want_f:
        if not want_f or not got_f or (want_f ^ got_f) & (1 << kpf.KPF['BUDDY']):
            return 'allocated or freed after the capture'
        if want_f ^ got_f == IDLE:
            return 'PG_idle set by DAMON sampling'
        if not (want_f ^ got_f) & ~LRU_BITS:
            return 'LRU bits moved by reclaim or aging'
        return 'other'
    if got_c != want_c:
        return 'mapped or unmapped after the capture'
    return None


BOUNDS = {'allocated or freed after the capture': CAPTURE_CHURN,
          'PG_idle set by DAMON sampling': IDLE_MOVES,
          'LRU bits moved by reclaim or aging': LRU_MOVES,
          'mapped or unmapped after the capture': COUNT_MOVES,
          'other': 0}


def check(t, kernel):
    flags = kpf.load(common.truth_path(kernel, 'kpageflags'))
    counts = kpf.load(common.truth_path(kernel, 'kpagecount'))
    got = ours(kernel)
    t.ok(len(got) == 1 << 19, 'every pfn of the 2 GiB guest has a line', len(got))
    holes = [pfn for pfn in range(len(flags)) if pfn not in got and
             flags[pfn] not in (0, 1 << kpf.KPF['NOPAGE'])]
    t.eq(holes[:8], [], 'pfns without a line are holes the kernel reports as NOPAGE or 0')
    planted = workload_pfns(kernel)
    bad = [(hex(p), hex(got[p][0]), got[p][1], hex(flags[p]), counts[p]) for p in sorted(planted)
           if p in got and got[p] != (flags[p], counts[p])]
    t.ok(planted and not bad, 'the %d planted pages: kpageflags and kpagecount exactly the kernel\'s'
         % len(planted), bad[:10])
    seen, first = {}, {}
    for pfn, (f, c) in got.items():
        if pfn >= len(flags):
            continue
        why = classify(flags[pfn], counts[pfn], f, c)
        if why:
            seen[why] = seen.get(why, 0) + 1
            first.setdefault(why, (hex(pfn), hex(f), c, hex(flags[pfn]), counts[pfn]))
    for why, bound in BOUNDS.items():
        t.ok(seen.get(why, 0) <= bound, 'pfns whose difference is %s: %d <= %d'
             % (why, seen.get(why, 0), bound), first.get(why))
    print('# %s: %d pfns differ: %s' % (kernel, sum(seen.values()),
                                         ', '.join('%s %d' % kv for kv in sorted(seen.items()))))


def check_page(t, kernel):
    """page shows the kernel's figures, and says why a PMD-mapped THP
    tail's own mapcount is 0 where kpagecount says 1 (issue 18)."""
    flags = kpf.load(common.truth_path(kernel, 'kpageflags'))
    counts = kpf.load(common.truth_path(kernel, 'kpagecount'))
    heads = [l.split()[1] for l in common.truth_text(kernel, 'workload-pfns.txt').splitlines()
             if l.startswith('thp-head ')]
    if not t.ok(heads, 'the workload planted PMD-mapped THPs'):
        return
    pfn = int(heads[0], 0) + 1
    status, out, err = common.run(['page', hex(pfn)] + common.on(kernel))
    line = [l for l in out.splitlines() if l.startswith('kpageflags ')]
    t.ok(status == 0 and line and line[0].split()[1] == hex(flags[pfn]) and
         line[0].endswith('kpagecount %d' % counts[pfn]),
         'page %#x: the kpageflags line is the kernel\'s' % pfn, out + err)
    t.ok(counts[pfn] == 1 and re.search(r'^mapcount +1 \(page_mapcount\(\): 0 PTE', out, re.M) and
         'differs: kpagecount counts the folio\'s PMD mappings' in out,
         'page %#x: its own mapcount 0 against kpagecount 1 is explained' % pfn, out)


def main():
    t = Tap()
    for kernel in common.kernels_of(('5.10', '6.1', '6.12', '7.2')):
        check(common.KernelTap(t, kernel), kernel)
        # One more run, on one kernel: the page command's line.
        if kernel == '6.12':
            check_page(common.KernelTap(t, kernel), kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
