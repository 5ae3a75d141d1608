#!/usr/bin/env python3
"""Fault tests on the 6.12 dump taken with dumps/faultmod loaded: the exact
diagnosis of each of its broken lists, and its list_lru with a known
nr_items lie, against the addresses and counts the module published
(truth/faultmod.txt)."""
import json
import os
import sys

import common
from common import Tap

KERNEL = '6.12-fault'


def faultmod():
    """{'prev_next.head': 0x..., 'lru.add': [...], ...} from faultmod.txt."""
    values, lines = {}, []
    for line in common.truth_text(KERNEL, 'faultmod.txt').splitlines():
        name, rest = line.split(' ', 1)
        lines.append((name, rest))
        first = rest.split()[0]
        try:
            values[name] = int(first, 0)
        except ValueError:
            values[name] = first
    return values, lines


def kv(rest):
    """'0xff.. nr_items=9 len=6 kmemcg_id=2' -> {'addr': .., 'nr_items': 9, ...}"""
    out = {}
    for word in rest.split():
        if '=' in word:
            k, v = word.split('=')
            out[k] = int(v, 0)
        else:
            out['addr'] = int(word, 0)
    return out


def hexint(s):
    return int(s, 16)


def run_list(args):
    status, out, err = common.run(['list'] + args + common.on(KERNEL) + ['-j'])
    return status, json.loads(out) if out.strip() else None, err


def nodes_of(fm, name):
    return [fm['%s.node%d' % (name, i)] for i in range(fm[name + '.count'])]


# ----------------------------------------------------------------------
# The broken lists
# ----------------------------------------------------------------------

def expect_fault(t, fm, name, kind, node, prev=None, expected=None,
                 found=None, index=None, cycle_start=None):
    status, d, err = run_list(['%#x' % fm[name + '.head']])
    if not t.ok(d is not None, '%s: list walks' % name, err):
        return None
    t.eq(status, 3, '%s: exit status 3 for a broken list' % name)
    f = d.get('fault') or {}
    t.eq(f.get('kind'), kind, '%s: diagnosed as %s' % (name, kind))
    t.eq(hexint(f.get('node', '0')), node, '%s: names the broken node' % name)
    if prev is not None:
        t.eq(hexint(f['prev']), prev, '%s: names the node before it' % name)
    if expected is not None:
        t.eq(hexint(f['expected']), expected, '%s: says what the pointer should be' % name)
    if found is not None:
        t.eq(hexint(f['found']), found, '%s: says what the pointer was' % name)
    if index is not None:
        t.eq(f.get('index'), index, '%s: at the right position' % name)
    if cycle_start is not None:
        t.eq(f.get('cycle_start'), cycle_start, '%s: names the entry it loops back to' % name)
    owner = f.get('lies_in', {})
    # The nodes are kzalloc()ed: slab memory in the direct map.
    t.ok(owner.get('kind') == 'page_data' and 'slab' in owner.get('description', ''),
         '%s: the broken node is slab memory of a known pfn' % name, owner)
    # struct fm_node is 24 bytes: kzalloc() takes it from kmalloc-32.
    t.ok(owner.get('description', '').endswith(', in slab cache kmalloc-32'),
         '%s: the broken node\'s slab cache is named, as slabinfo names it' % name, owner)
    status, out, err = common.run(['list', '%#x' % fm[name + '.head']] + common.on(KERNEL))
    t.ok(out.startswith('list head %#x (%s_head [faultmod], module memory of pfn '
                        % (fm[name + '.head'], name)),
         '%s: the head is named by the module\'s own symbol' % name, out[:200] or err)
    return d


def check_lists(t, fm):
    n = nodes_of(fm, 'prev_next')
    d = expect_fault(t, fm, 'prev_next', 'prev_next', node=fm['prev_next.expected'],
                     prev=fm['prev_next.bad_field'], expected=fm['prev_next.expected'],
                     found=fm['prev_next.found'], index=fm['prev_next.bad_node'])
    if d:
        t.eq([hexint(e['node']) for e in d['entries']], n[:fm['prev_next.bad_node']],
             'prev_next: the entries before the break are the module\'s')
        t.ok('prev->next should be %#x, but was %#x' % (fm['prev_next.expected'],
                                                        fm['prev_next.found'])
             in d['fault']['message'], 'prev_next: in CONFIG_DEBUG_LIST words',
             d['fault']['message'])
    n = nodes_of(fm, 'poison')
    d = expect_fault(t, fm, 'poison', 'prev_poison', node=n[fm['poison.bad_node']],
                     prev=fm['poison.bad_field'], found=fm['poison.poison_prev'],
                     index=fm['poison.bad_node'])
    if d:
        t.ok('LIST_POISON2' in d['fault']['message'], 'poison: says LIST_POISON2')
    expect_fault(t, fm, 'cycle', 'cycle', node=fm['cycle.bad_field'],
                 expected=fm['cycle.expected'], found=fm['cycle.found'],
                 index=fm['cycle.bad_node'],
                 cycle_start=nodes_of(fm, 'cycle').index(fm['cycle.found']))
    expect_fault(t, fm, 'null_next', 'next_null', node=fm['null_next.bad_field'],
                 expected=fm['null_next.expected'], found=fm['null_next.found'],
                 index=fm['null_next.bad_node'])
    check_good(t, fm)


def check_good(t, fm):
    n = nodes_of(fm, 'good')
    off = fm['node.list_offset']
    # offsetof(struct list_lru, list) is also 8: a vmlinux type to test with.
    status, d, err = run_list(['%#x' % fm['good.head'], '--type', 'struct list_lru',
                               '--member', 'list'])
    t.eq(status, 0, 'good: exit status 0 for an intact list')
    if not d:
        return
    t.ok(d['intact'] and 'fault' not in d, 'good: intact')
    t.eq([hexint(e['node']) for e in d['entries']], n, 'good: every node, in order')
    t.eq(d.get('member_offset'), off, 'good: member offset from the debug info')
    t.eq([hexint(e['container']) for e in d['entries']], [x - off for x in n],
         'good: containers = node - offsetof(member)')


def check_registry(t, fm):
    """memcg_list_lrus, by symbol name, holds the module's lru."""
    status, d, err = run_list(['memcg_list_lrus', '--type', 'list_lru', '--member', 'list'])
    t.eq(status, 0, 'memcg_list_lrus: walked by symbol name, intact')
    containers = {hexint(e['container']) for e in (d or {}).get('entries', [])}
    t.ok(fm['lru.struct'] in containers,
         'memcg_list_lrus: holds the module\'s memcg-aware list_lru')


# ----------------------------------------------------------------------
# The list_lru
# ----------------------------------------------------------------------

def published_lists(lines):
    """{(nid, kmemcg_id): {'addr', 'nr_items', 'len', 'ino'}}"""
    out = {}
    for name, rest in lines:
        parts = name.split('.')
        if parts[:2] != ['lru', 'list']:
            continue
        v = kv(rest)
        nid = int(parts[2][1:])
        v['ino'] = None if parts[3] == 'root' else int(parts[3][len('memcg'):])
        out[(nid, v['kmemcg_id'])] = v
    return out


def check_lru(t, fm, lines):
    status, out, err = common.run(['lru', '%#x' % fm['lru.struct']] + common.on(KERNEL) + ['-j'])
    t.eq(status, 3, 'faultmod lru: exit status 3 (its counts lie)')
    lru = json.loads(out)['lrus'][0]
    paths = {int(ino): p for p, ino in
             (l.split() for l in common.truth_text(KERNEL, 'cgroups.txt').splitlines())}
    t.eq(lru['memcg_aware'], bool(fm['lru.memcg_aware']), 'faultmod lru: memcg-aware')
    got = {(x['nid'], x['kmemcg_id']): x for x in lru['lists']}
    for key, want in sorted(published_lists(lines).items()):
        x = got.get(key)
        what = 'faultmod lru node %d kmemcg_id %d' % key
        if not t.ok(x is not None, what + ': found'):
            continue
        t.eq(hexint(x['addr']), want['addr'], what + ': at the published address')
        t.eq(x['nr_items'], want['nr_items'], what + ': nr_items as published')
        t.eq(x['walked'], want['len'], what + ': length as published')
        if want['ino'] is not None:
            t.eq(x['memcg'], paths[want['ino']], what + ': named by its cgroup path')
            t.eq(x['shrinker_bit'], 'set', what + ': shrinker bit set')
    mismatched = sorted((x['nid'], x['kmemcg_id']) for x in lru['lists']
                        if x['nr_items'] != x['walked'])
    corrupt = [(int(n.split('.')[2][1:]), None) for n, r in lines
               if n.startswith('lru.corrupt.')]
    t.eq([m[0] for m in mismatched], [c[0] for c in corrupt],
         'faultmod lru: exactly the corrupted list has nr_items != length')
    t.eq(lru['count_mismatches'], 1, 'faultmod lru: one count mismatch')
    for node in lru['nodes']:
        published = fm.get('lru.node.n%d' % node['nid'])
        want_nr = kv([r for n, r in lines if n == 'lru.node.n%d' % node['nid']][0])
        t.eq(hexint(node['addr']), published, 'faultmod lru node %d: address' % node['nid'])
        t.eq(node['nr_items'], want_nr['nr_items'],
             'faultmod lru node %d: nr_items as published' % node['nid'])
    t.eq(lru['node_mismatches'], 1,
         'faultmod lru: the node whose list lies no longer adds up')


def check_discovery_and_check(t, fm):
    d = common.run(['lru'] + common.on(KERNEL) + ['-j'])
    lrus = json.loads(d[1])['lrus']
    ours = [l for l in lrus if hexint(l['addr']) == fm['lru.struct']]
    t.eq(len(ours), 1, 'lru: the module\'s list_lru is discovered through memcg_list_lrus')
    t.eq([l['name'] for l in ours], ['fm_lru [faultmod]'],
         'lru: the module\'s list_lru is named by the module\'s own kallsyms')
    others = [l['name'] for l in lrus if l not in ours and
              (l['broken_lists'] or l['count_mismatches'] or l['node_mismatches'] or
               l['missing_shrinker_bits'])]
    t.eq(others, [], 'lru: every other list_lru is intact')
    status, out, err = common.run(['check'] + common.on(KERNEL) + ['-j'])
    t.eq(status, 3, 'check: exit status 3')
    failed = [r['counter'] for r in json.loads(out)['rows'] if r['verdict'] == 'FAIL']
    t.eq(failed, ['list_lru fm_lru [faultmod]'],
         'check: exactly the module\'s list_lru fails, named by the module\'s own symbol')


def main():
    t = Tap()
    if not os.path.exists(common.truth_path(KERNEL, 'faultmod.txt')):
        t.ok(False, 'the fault dump exists', common.dump_dir(KERNEL))
        return t.done()
    fm, lines = faultmod()
    check_lists(t, fm)
    check_registry(t, fm)
    check_lru(t, fm, lines)
    check_discovery_and_check(t, fm)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
