#!/usr/bin/env python3
"""Kernel lists and counters against the guests' own truth, both kernels:
dentry-state and inode-state against the list_lrus, the THP split queues
against the workload's partially unmapped THPs and the mTHP stats,
`pagescope check` passing on the clean dumps with walked values equal to
what /proc said (meminfo, vmstat)."""
import json
import os
import re
import sys
import tempfile

import common
from common import Tap

# Between reading /proc/sys/fs/dentry-state and the host stopping the VM
# the guest keeps running: the capture reads more /proc and /sys files
# and kernel threads run. Dentries released then enter the LRUs. Same
# bound as the foundation's capture churn.
CAPTURE_CHURN = 64


def state_file(kernel, name):
    return [int(x) for x in common.truth_text(kernel, name).split()]


def workload_pfns(kernel):
    """{label: set(pfn)} from the workload's record of what it made."""
    out = {}
    for line in common.truth_text(kernel, 'workload-pfns.txt').splitlines():
        label, pfn = line.split()[:2]
        out.setdefault(label, set()).add(int(pfn, 0))
    return out


def cgroup_paths(kernel):
    """{inode number: path} from cgroups.txt ("/pagescope 27")."""
    out = {}
    for line in common.truth_text(kernel, 'cgroups.txt').splitlines():
        path, ino = line.split()
        out[int(ino)] = path
    return out


def meminfo_kb(kernel, key):
    for line in common.truth_text(kernel, 'meminfo').splitlines():
        if line.startswith(key + ':'):
            return int(line.split()[1])
    return None


def run_json_status(args):
    status, out, err = common.run(list(args) + ['-j'])
    import json
    return status, (json.loads(out) if out.strip() else None), err


# ----------------------------------------------------------------------
# list_lru
# ----------------------------------------------------------------------

def check_lru(t, kernel):
    status, d, err = run_json_status(['lru'] + common.on(kernel))
    t.eq(status, 0, '%s: lru exits 0 on the clean dump' % kernel)
    lrus = d['lrus']
    t.eq(d['discovery']['broken_registries'], 0,
         '%s: super_blocks and memcg_list_lrus intact' % kernel)
    walked = {k: sum(l['walked'] for l in lrus if l['kind'] == k)
              for k in ('dentry', 'inode')}
    truth_d = state_file(kernel, 'dentry-state')[1]
    truth_i = state_file(kernel, 'inode-state')[1]
    t.eq(walked['inode'], truth_i,
         '%s: inodes on the inode LRUs = inode-state nr_unused' % kernel)
    t.ok(abs(walked['dentry'] - truth_d) <= CAPTURE_CHURN,
         '%s: dentries on the dentry LRUs = dentry-state nr_unused, within capture churn'
         % kernel, 'walked %d, dentry-state %d' % (walked['dentry'], truth_d))
    bad = [l['name'] for l in lrus
           if l['broken_lists'] or l['count_mismatches'] or
           l['node_mismatches'] or l['missing_shrinker_bits']]
    t.eq(bad, [], '%s: every list_lru intact and counted right' % kernel)
    names = {l['name']: l for l in lrus}
    t.ok('shadow_nodes' in names and names['shadow_nodes']['memcg_aware'],
         '%s: the workingset shadow_nodes lru is found, memcg-aware' % kernel)
    ext2 = [l for l in lrus if l.get('fstype') == 'ext2']
    t.ok(len(ext2) == 2 and all(l['walked'] for l in ext2),
         '%s: the workload\'s ext2 super block has a dentry and an inode lru, both filled'
         % kernel, [(l['name'], l['walked']) for l in ext2])
    # Objects the workload's cgroup allocated sit on its per-memcg lists.
    paths = set(cgroup_paths(kernel).values())
    memcg_lists = [x for l in ext2 for x in l['lists'] if x['kmemcg_id'] >= 0]
    filled = {x['memcg'] for x in memcg_lists if x['walked']}
    t.ok(filled and filled <= paths,
         '%s: filled per-memcg ext2 lists belong to the guest\'s cgroups' % kernel,
         sorted({x['memcg'] for x in memcg_lists}))
    # Before v5.18 every kmemcg id has a slot in the per-node arrays,
    # also ids no memcg holds any more: their lists were reparented.
    t.ok(all(not x['walked'] and not x['nr_items']
             for x in memcg_lists if x['memcg'] not in paths),
         '%s: per-memcg ext2 lists of no guest cgroup are empty' % kernel,
         [(x['kmemcg_id'], x['memcg'], x['walked']) for x in memcg_lists
          if x['memcg'] not in paths and x['walked']])
    t.ok(all(x['shrinker_bit'] == 'set' for x in memcg_lists if x['walked']),
         '%s: every non-empty per-memcg ext2 list has its shrinker bit' % kernel)
    check_uninitialised(t, kernel, lrus)


def zswap_enabled(kernel):
    """Whether the guest ever had zswap on: its config's default, or the
    command line's zswap.enabled."""
    config = os.path.join(common.DUMPS, 'kernels', kernel, 'config')
    with open(config) as f:
        default = 'CONFIG_ZSWAP_DEFAULT_ON=y\n' in f.read()
    m = re.search(r'zswap\.enabled=(\S+)', common.truth_text(kernel, 'cmdline'))
    return m.group(1) in ('1', 'Y', 'y') if m else default


def check_uninitialised(t, kernel, lrus):
    """A list_lru whose node array is NULL (never list_lru_init()ed) is
    reported as such, not as damage: only zswap's, on a guest that never
    enabled zswap (7.x sets its list_lru up on first enable)."""
    never = sorted(l['name'] for l in lrus if l.get('uninitialised'))
    t.ok(all(not l['lists'] and not l['nodes'] and l['walked'] == 0
             for l in lrus if l.get('uninitialised')),
         '%s: a list_lru never initialised has no nodes and no lists' % kernel)
    t.ok(set(never) <= ({'zswap_list_lru'} if not zswap_enabled(kernel) else set()),
         '%s: list_lrus never initialised: %s (zswap %s)' %
         (kernel, never or 'none', 'on' if zswap_enabled(kernel) else 'never on'), never)


# ----------------------------------------------------------------------
# THP deferred split queues
# ----------------------------------------------------------------------

def queue_of(d, memcg):
    """The memcg's queue: one, or one per node where the queues are a
    list_lru (deferred_split_lru, v7.x); their folios together."""
    qs = [q for q in d['queues'] if q.get('memcg') == memcg]
    if not qs:
        return None
    return {'folios': [f for q in qs for f in q['folios']]}


def check_split(t, kernel):
    status, d, err = run_json_status(['split'] + common.on(kernel))
    t.eq(status, 0, '%s: split exits 0 on the clean dump' % kernel)
    t.ok(all(q['walked'] == q['len'] and not q['broken'] for q in d['queues']),
         '%s: every split queue intact, split_queue_len = its length' % kernel,
         [(q['name'], q['len'], q['walked']) for q in d['queues']])
    pfns = workload_pfns(kernel)
    mthp = common.feature(kernel, 'thp-partially-mapped')
    paths = cgroup_paths(kernel)
    t.ok('/pagescope' in paths.values(), '%s: the workload cgroup exists' % kernel)
    for memcg, prefix in (('/', ''), ('/pagescope', 'memcg-')):
        q = queue_of(d, memcg)
        if not t.ok(q is not None, '%s: memcg %s has a split queue' % (kernel, memcg)):
            continue
        want = set(pfns.get(prefix + 'thp-partial-head', set()))
        if mthp:
            want |= pfns.get(prefix + 'mthp-partial-head', set())
        queued = {f['pfn'] for f in q['folios']}
        if mthp:
            partial = {f['pfn'] for f in q['folios'] if f['partially_mapped']}
            t.eq(partial, want,
                 '%s: memcg %s: PG_partially_mapped folios on its queue = the workload\'s partially unmapped (m)THPs'
                 % (kernel, memcg))
            # v6.8+ queues every faulted PMD THP as an underused-split candidate.
            full = queued - partial
            t.ok(full <= pfns.get(prefix + 'thp-head', set()),
                 '%s: memcg %s: the other queued folios are the workload\'s fully mapped THPs'
                 % (kernel, memcg), sorted(full - pfns.get(prefix + 'thp-head', set())))
        else:
            t.eq(queued, want,
                 '%s: memcg %s: folios on its queue = the workload\'s partially unmapped THPs'
                 % (kernel, memcg))
    if not mthp:
        t.eq(d['has_partially_mapped_flag'], False,
             '%s: no PG_partially_mapped, reported as such' % kernel)
        return
    by_order = d['total']['partially_mapped_by_order']
    for order, value in thp_stat(kernel, 'nr_anon_partially_mapped').items():
        t.eq(by_order.get(str(order), 0), value,
             '%s: order %d: partially mapped folios on the queues = stats/nr_anon_partially_mapped'
             % (kernel, order))


def thp_stat(kernel, name):
    """{order: value} of hugepages-*kB/stats/NAME."""
    import glob
    import os
    out = {}
    pattern = os.path.join(common.truth_path(kernel, 'thp'), 'hugepages-*kB',
                           'stats', name)
    for path in glob.glob(pattern):
        kb = int(path.split('hugepages-')[1].split('kB')[0])
        order = (kb * 1024 // 4096).bit_length() - 1
        with open(path) as f:
            out[order] = int(f.read())
    return out


# ----------------------------------------------------------------------
# check
# ----------------------------------------------------------------------

def rows_by_name(d):
    return {r['counter']: r for r in d['rows']}


def check_check(t, kernel):
    status, d, err = run_json_status(['check'] + common.on(kernel))
    t.eq(status, 0, '%s: check exits 0 on the clean dump' % kernel)
    failed = [(r['counter'], r['why']) for r in d['rows'] if r['verdict'] == 'FAIL']
    t.eq(failed, [], '%s: no check fails' % kernel)
    rows = rows_by_name(d)
    vm = common.vmstat(kernel)
    total = rows.get('NR_FREE_PAGES total (vm_zone_stat)')
    # /proc/vmstat prints the global counter, vm_zone_stat, without the
    # per-cpu vm_stat_diff still pending (refresh_cpu_vm_stats() folds them
    # later): the buddy lists hold the counter plus those diffs.
    m = total and re.search(r'per-cpu diffs \((-?\d+)\)', total['why'])
    pending = int(m.group(1)) if m else 0
    t.ok(total and total['kernel'] == vm['nr_free_pages'],
         '%s: vm_zone_stat[NR_FREE_PAGES] in the dump = vmstat nr_free_pages' % kernel, total)
    t.ok(total and total['walked'] == vm['nr_free_pages'] + pending,
         '%s: free pages on the buddy lists = vmstat nr_free_pages + pending per-cpu diffs (%d)'
         % (kernel, pending), total)
    t.ok('per-cpu drift bound' in total['why'],
         '%s: the NR_FREE_PAGES row states its drift bound' % kernel, total['why'])
    for counter, key in (('NR_ANON_THPS', 'AnonHugePages'),
                         ('NR_FILE_THPS', 'FileHugePages'),
                         ('NR_SHMEM_THPS', 'ShmemHugePages')):
        walked = sum(r['walked'] for n, r in rows.items() if n.startswith(counter + ' '))
        t.eq(walked * 4, meminfo_kb(kernel, key),
             '%s: %s counted from the struct pages = meminfo %s' % (kernel, counter, key))
    # Before v5.13 NR_ANON_THPS counts THPs, since then pages; /proc/vmstat
    # prints THPs either way. check scales the counter by the unit
    # memory.stat's table memory_stats[] gives (its anon_thp ratio).
    pmd_pages = int(common.truth_text(kernel, 'thp/hpage_pmd_size')) // 4096
    anon = [r for n, r in rows.items() if n.startswith('NR_ANON_THPS ')]
    t.eq(sum(r['kernel'] for r in anon),
         vm['nr_anon_transparent_hugepages'] * pmd_pages,
         '%s: NR_ANON_THPS read from the dump, in pages = vmstat nr_anon_transparent_hugepages x %d'
         % (kernel, pmd_pages))
    hw = rows['HardwareCorrupted (num_poisoned_pages)']
    kb = meminfo_kb(kernel, 'HardwareCorrupted')
    if kb is None:
        t.eq(hw['verdict'], 'n/a', '%s: no CONFIG_MEMORY_FAILURE: hwpoison row n/a' % kernel)
    else:
        t.eq(hw['walked'] * 4, kb,
             '%s: PG_hwpoison pages = meminfo HardwareCorrupted' % kernel)
        t.eq(hw['kernel'] * 4, kb,
             '%s: num_poisoned_pages read from the dump = meminfo HardwareCorrupted' % kernel)
    t.eq(rows['inode-state nr_unused']['kernel'], state_file(kernel, 'inode-state')[1],
         '%s: per-cpu nr_unused read from the dump = inode-state' % kernel)
    dk = rows['dentry-state nr_unused']['kernel']
    dt = state_file(kernel, 'dentry-state')[1]
    t.ok(abs(dk - dt) <= CAPTURE_CHURN,
         '%s: per-cpu nr_dentry_unused read from the dump = dentry-state, within capture churn'
         % kernel, 'dump %d, truth %d' % (dk, dt))
    for order, value in thp_stat(kernel, 'nr_anon_partially_mapped').items():
        row = rows.get('nr_anon_partially_mapped order %d' % order)
        t.eq(row['kernel'] if row else 0, value,
             '%s: order %d: mthp_stats read from the dump = stats/nr_anon_partially_mapped'
             % (kernel, order))
    return d


def check_all_globals(t, kernel):
    """Every global struct list_lru the DWARF knows is found: on these
    kernels the only one is mm/workingset.c's shadow_nodes (readelf over
    every unit of both vmlinux files finds no other). BTF cannot say."""
    dwarf = common.run_json(['lru'] + common.on(kernel))
    names = [l['name'] for l in dwarf['lrus']]
    t.ok(dwarf['discovery']['all_globals_searched'] and 'shadow_nodes' in names,
         '%s: lru searched every global struct list_lru the debug info knows' % kernel,
         dwarf['discovery'])
    # A fresh cache: what an earlier DWARF open found would apply.
    with tempfile.TemporaryDirectory() as cache:
        status, out, err = common.run(['lru', '-j'] + common.btf_on(kernel),
                                      extra_env={'XDG_CACHE_HOME': cache})
    btf = json.loads(out)
    t.ok(not btf['discovery']['all_globals_searched'] and
         'shadow_nodes' in [l['name'] for l in btf['lrus']],
         '%s: lru with BTF alone finds the named lrus and says it could not search by type' % kernel,
         btf['discovery'])


def main():
    t = Tap()
    for kernel in common.KERNELS:
        check_all_globals(t, kernel)
        check_lru(t, kernel)
        check_split(t, kernel)
        elf = check_check(t, kernel)
        status, kd, err = run_json_status(['check'] + common.on(kernel, 'kdump'))
        t.eq(kd['rows'] if kd else err, elf['rows'],
             '%s: check gives the same rows on the kdump-compressed dump' % kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
