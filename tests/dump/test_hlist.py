#!/usr/bin/env python3
"""`list` on hlists: real kernel hlists on every test kernel against an
independent walk of the dump (this test's own page-table reader, offsets
read by drgn from the vmlinux, addresses from System.map and VMCOREINFO's
KASLR offset), the head forms and refusals, and a patched copy of the 6.12
dump where a node's pprev, a next pointer and a poisoned next must be
named exactly.

The lists: init_struct_pid.tasks[PIDTYPE_PGID] and [PIDTYPE_SID] chain
every thread group leader whose process group and session is pid 0
(kthreadd's children, ~80), through task_struct.pid_links[]; and
shmem_fs_type.fs_supers chains the tmpfs super blocks through s_instances.
(drgn 0.0.22 cannot translate addresses in these QEMU dumps, hence the
test's own reader.)"""
import json
import os
import shutil
import struct
import subprocess
import sys

import common
from common import Tap
from test_lists_patch import Vmcore, patch

KERNELS = common.kernels_of(('5.10', '6.1', '6.12', '7.2'))
PATCHED = '6.12'
LIST_POISON1 = 0xdead000000000100	# include/linux/poison.h, x86_64
PGID = ('init_struct_pid.tasks[PIDTYPE_PGID]', 'pid.tasks[PIDTYPE_PGID]',
        'task_struct', 'pid_links[PIDTYPE_PGID]')
SID = ('init_struct_pid.tasks[PIDTYPE_SID]', 'pid.tasks[PIDTYPE_SID]',
       'task_struct', 'pid_links[PIDTYPE_SID]')
SUPERS = ('shmem_fs_type.fs_supers', 'file_system_type.fs_supers',
          'super_block', 's_instances')


def offsets(kernel):
    r = subprocess.run(['/usr/bin/python3', os.path.join(os.path.dirname(__file__),
                                                         'hlist_types.py'),
                        common.vmlinux(kernel)], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError('drgn: ' + r.stderr[-500:])
    return json.loads(r.stdout)


def system_map(kernel, name):
    with open(os.path.join(common.dump_dir(kernel), 'System.map')) as f:
        for line in f:
            addr, _, sym = line.split()
            if sym == name:
                return int(addr, 16)
    raise KeyError(name)


def head_addr(vm, kernel, off, spec):
    sym = spec[0].split('.')[0]
    kaslr = int(vm.vi.get('KERNELOFFSET', '0'), 16)
    return system_map(kernel, sym) + kaslr + off[spec[1]]


def walk(vm, off, head):
    """The nodes from head->first through ->next to NULL."""
    nodes, node = [], vm.read_u64(head + off['hlist_head.first'])
    while node and len(nodes) < 100000:
        nodes.append(node)
        node = vm.read_u64(node + off['hlist_node.next'])
    return nodes


def run_list(args, spec):
    status, out, err = common.run(['list', spec[0], '--type', spec[2], '--member', spec[3],
                                   '-j'] + args)
    try:
        return status, json.loads(out), err
    except ValueError:
        return status, {}, err


def check_real(t, kernel, vm, off):
    for spec, least in ((PGID, 10), (SID, 10), (SUPERS, 1)):
        head = head_addr(vm, kernel, off, spec)
        want = walk(vm, off, head)
        status, d, err = run_list(common.on(kernel), spec)
        nodes = [int(e['node'], 16) for e in d.get('entries', [])]
        containers = [int(e['container'], 16) for e in d.get('entries', [])]
        link = off['%s.%s' % (spec[2], spec[3])]
        t.ok(status == 0 and d.get('head') == '%#x' % head and
             d.get('head_type') == 'struct hlist_head' and d.get('intact') is True,
             '%s list %s: an intact struct hlist_head at System.map + KASLR + drgn\'s offset'
             % (kernel, spec[0]), err or d.get('head'))
        t.ok(len(want) >= least and nodes == want and d.get('count') == len(want),
             '%s list %s: the %d nodes of an independent walk of the dump, in order'
             % (kernel, spec[0], len(want)), '%s\n%s' % (nodes[:4], want[:4]))
        t.ok(containers == [n - link for n in want],
             '%s list %s: containers at node - offsetof(%s, %s)' % (kernel, spec[0], spec[2],
                                                                      spec[3]))


def check_forms(t, kernel, vm, off):
    """Text form, the bare head and the refusals."""
    status, out, err = common.run(['list', PGID[0]] + common.on(kernel))
    t.ok(status == 0 and out.splitlines()[1].split()[:2] == ['entry', 'hlist_node'] and
         out.rstrip().endswith('entries, intact'),
         '%s list %s: text names the hlist_node column' % (kernel, PGID[0]), out[:300] + err)
    status, d, err = run_list(common.on(kernel), SUPERS)
    sb = int(d['entries'][0]['container'], 16) if d.get('entries') else 0
    refusals = [
        (['init_struct_pid.tasks'], ['init_struct_pid.tasks is a struct hlist_head[4]']),
        (['init_struct_pid.tasks[9]'], ['past the 4 elements of tasks']),
        (['init_struct_pid.tasks[NO_SUCH_ENUMERATOR]'], ['neither a number nor an enumerator']),
        (['(struct super_block *)%#x.s_roots' % sb],
         ['is a struct hlist_bl_head, which list does not walk']),
        (['init_struct_pid.tasks[PIDTYPE_PGID]', '--type', 'task_struct', '--member',
          'pid_links[99]'], ['past the']),
    ]
    for args, words in refusals:
        status, out, err = common.run(['list'] + args + common.on(kernel))
        t.ok(status == 2 and not out and all(w in err for w in words) and
             len(err.strip().splitlines()) == 1,
             '%s list %s: refused, exit 2, saying what it is' % (kernel, ' '.join(args)), err)


def check_patched(t, vm, off, src):
    kernel = PATCHED
    pgid = walk(vm, off, head_addr(vm, kernel, off, PGID))
    sid = walk(vm, off, head_addr(vm, kernel, off, SID))
    sup = walk(vm, off, head_addr(vm, kernel, off, SUPERS))
    nxt, pprev = off['hlist_node.next'], off['hlist_node.pprev']
    copy = os.path.join(common.SCRATCH, 'vmcore-hlist.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    os.chmod(copy, 0o600)
    try:
        patch(copy, vm, pgid[3] + pprev, pgid[1] + nxt)	# a pprev that skips one
        patch(copy, vm, sid[5] + nxt, sid[2])			# a cycle
        patch(copy, vm, sup[-1] + nxt, LIST_POISON1)		# an hlist_del()ed next
        args = ['-k', common.vmlinux(kernel), copy]
        status, d, err = run_list(args, PGID)
        f = d.get('fault', {})
        t.ok(status == 3 and d.get('count') == 3 and f.get('kind') == 'pprev' and
             f.get('index') == 3 and f.get('node') == '%#x' % pgid[3] and
             f.get('expected') == '%#x' % (pgid[2] + nxt) and
             f.get('found') == '%#x' % (pgid[1] + nxt) and
             'pprev should be %#x, but was %#x' % (pgid[2] + nxt, pgid[1] + nxt)
             in f.get('message', ''),
             'patched pprev: exit 3, the node, the expected and the found pprev', f or err)
        status, d, err = run_list(args, SID)
        f = d.get('fault', {})
        t.ok(status == 3 and d.get('count') == 6 and f.get('kind') == 'cycle' and
             f.get('node') == '%#x' % sid[5] and f.get('found') == '%#x' % sid[2] and
             f.get('cycle_start') == 2 and 'never to NULL' in f.get('message', ''),
             'patched next: exit 3, a cycle back to entry 2 named', f or err)
        status, d, err = run_list(args, SUPERS)
        f = d.get('fault', {})
        t.ok(status == 3 and d.get('count') == len(sup) and f.get('kind') == 'next_poison' and
             f.get('node') == '%#x' % sup[-1] and f.get('found') == '%#x' % LIST_POISON1,
             'patched LIST_POISON1: exit 3, the node whose next is poisoned', f or err)
        status, out, err = common.run(['list', PGID[0]] + args)
        t.ok(status == 3 and 'hlist corruption. node->pprev should be' in out and
             '3 entries before the list breaks' in out,
             'patched pprev, text: the kernel-style line', out[-400:] + err)
    finally:
        os.unlink(copy)


def main():
    t = Tap()
    for kernel in KERNELS:
        vm = Vmcore(common.vmcore(kernel, 'elf'))
        off = offsets(kernel)
        check_real(t, kernel, vm, off)
        if kernel == PATCHED:
            check_forms(t, kernel, vm, off)
            check_patched(t, vm, off, common.vmcore(kernel, 'elf'))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
