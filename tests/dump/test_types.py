#!/usr/bin/env python3
"""`pagescope type` against pahole on the same vmlinux, and the list head
forms crash users write (SYM, SYM.MEMBER, SYM+OFF, (struct T *)ADDR.MEMBER)
against addresses from System.map, VMCOREINFO's KASLR offset and pahole's
offsets; a head that is not a struct list_head is refused with exit 2."""
import json
import os
import re
import subprocess
import sys

import common
from common import Tap

STRUCTS = ['list_lru', 'page', 'super_block', 'free_area', 'zone', 'task_struct']
MEMBER = re.compile(r'^\t+(.*?);\s+/\*\s+(\d+)(?::\s*\d+)?\s+(\d+)\s+\*/')


def member_name(decl):
    decl = re.sub(r'\s*__attribute__\(\(.*\)\)\s*$', '', decl)
    fn = re.search(r'\(\*(\w+)\)', decl)
    if fn:
        return fn.group(1)
    m = re.search(r'(\w+)\s*((\[[^\]]*\])*)\s*(:\s*\d+)?$', decl)
    return m.group(1) if m else None


def pahole(kernel, struct):
    """{(name, offset, size)} of every member pahole prints, anonymous
    structs and unions expanded in place."""
    out = subprocess.run(['pahole', '-C', struct, common.vmlinux(kernel)],
                         capture_output=True, text=True).stdout
    got = set()
    for line in out.splitlines():
        m = MEMBER.match(line)
        # Not the lines that open or close an anonymous struct or union.
        if m and not m.group(1).rstrip().endswith('{') and \
                not m.group(1).lstrip().startswith('}'):
            got.add((member_name(m.group(1)), int(m.group(2)), int(m.group(3))))
    return got


def pahole_offset(kernel, struct, member):
    return {name: off for name, off, _ in pahole(kernel, struct)}[member]


def test_type(t, K):
    for struct in STRUCTS:
        want = pahole(K, struct)
        status, out, err = common.run(['type', struct, '-j'] + common.on(K))
        doc = json.loads(out) if status == 0 else {}
        got = {(m['name'], m['offset'], m['size']) for m in doc.get('members', [])
               if m['name']}
        t.ok(len(want) > 1 and got == want,
             '%s: type %s: every member, offset and size as pahole prints them (%d)'
             % (K, struct, len(want)),
             'missing %s\nextra %s\n%s' % (list(want - got)[:8], list(got - want)[:8], err))
    status, out, _ = common.run(['type', 'page'] + common.on(K))
    lru = {name: (off, size) for name, off, size in pahole(K, 'page')}.get('lru')
    t.ok(status == 0 and out.startswith('struct page {\n') and lru and
         re.search(r'^\s+struct list_head lru;\s+/\*\s+%d\s+%d \*/$' % lru, out, re.M) and
         re.search(r'/\* size: \d+ \*/$', out.rstrip()),
         '%s: type page: pahole-style text' % K, out[:600])
    status, _, err = common.run(['type', 'no_such_struct'] + common.on(K))
    t.ok(status == 2 and 'no_such_struct: no such struct' in err,
         '%s: type of an unknown struct: exit 2, named' % K, err)
    status, out, err = common.run(['type', 'enum pageflags'] + common.on(K))
    t.ok(status == 2 and out == '' and err.count('\n') == 1 and 'an enum has no members' in err,
         '%s: type of an enum: one line saying what type lists, exit 2, nothing half-printed' % K,
         out + err)


def kaslr(kernel):
    """KERNELOFFSET from the dump's VMCOREINFO, as summary reports it."""
    status, out, _ = common.run(['summary', '-j'] + common.on(kernel))
    return int(json.loads(out)['kernel']['kaslr_offset'], 16)


def system_map(kernel, name):
    with open(os.path.join(common.dump_dir(kernel), 'System.map')) as f:
        for line in f:
            addr, _, sym = line.split()
            if sym == name:
                return int(addr, 16)
    raise KeyError(name)


def head_of(args, K):
    status, out, err = common.run(['list'] + args + ['-j'] + common.on(K))
    if status != 0:
        return status, None, err
    doc = json.loads(out)
    return status, (int(doc['head'], 16), doc['count']), err


def test_heads(t, K):
    init_task = system_map(K, 'init_task') + kaslr(K)
    tasks = init_task + pahole_offset(K, 'task_struct', 'tasks')
    forms = ['init_task.tasks', 'init_task+%#x' % pahole_offset(K, 'task_struct', 'tasks'),
             '(struct task_struct *)%#x.tasks' % init_task, '%#x' % tasks]
    counts = set()
    for form in forms:
        status, got, err = head_of([form], K)
        t.ok(status == 0 and got[0] == tasks,
             '%s: list %s: the head is init_task.tasks (System.map, KASLR, pahole)' % (K, form), err)
        counts.add(got[1] if got else None)
    t.ok(len(counts) == 1 and None not in counts and counts.pop() > 10,
         '%s: every form walks the same list of tasks' % K)
    status, got, err = head_of(['init_task.se.group_node'], K)
    t.ok(status == 0 and got[0] == init_task + pahole_offset(K, 'task_struct', 'se') +
         pahole_offset(K, 'sched_entity', 'group_node'),
         '%s: list SYM.MEMBER.MEMBER: a nested member' % K, err)
    refusals = [
        (['init_task'], ['init_task is a struct task_struct', 'tasks', 'init_task.MEMBER']),
        (['init_task', '--type', 'task_struct', '--member', 'tasks'],
         ['init_task is a struct task_struct']),
        (['init_task.pid'], ['init_task.pid is a pid_t']),
        (['init_task+0x10'], ['inside init_task.']),
        (['jiffies'], ['jiffies is a volatile long unsigned int']),
        (['init_task.no_such_member'], ['has no member no_such_member']),
    ]
    for args, words in refusals:
        status, out, err = common.run(['list'] + args + common.on(K))
        t.ok(status == 2 and not out and all(w in err for w in words) and
             len(err.strip().splitlines()) == 1,
             '%s: list %s: refused, exit 2, saying what it is' % (K, ' '.join(args)), err)


def without_source(text):
    doc = json.loads(text or 'null') or {}
    return {k: v for k, v in doc.items() if k != 'from'}


def test_btf(t, K):
    """Types from BTF (--btf: the dump's own; -k vmlinuz: the image's) list
    what DWARF lists, and the list heads that need no variable's type walk
    the same lists."""
    vmlinuz = ['-k', os.path.join(common.dump_dir(K), 'vmlinuz'), common.vmcore(K, 'elf')]
    for struct in STRUCTS + ['folio', 'mm_struct', 'pglist_data', 'dentry', 'pid']:
        status, out, err = common.run(['type', struct, '-j'] + common.on(K))
        want = without_source(out)
        for how, args in (('--btf', common.btf_on(K)), ('-k vmlinuz', vmlinuz)):
            got = common.run(['type', struct, '-j'] + args)
            if status == 2 and 'no such struct' in err:
                t.ok(got[0] == 2 and 'no such struct' in got[2],
                     '%s: type %s %s: n/a on this kernel: struct %s absent, and BTF '
                     'says so as DWARF does' % (K, struct, how, struct), got[2])
                continue
            t.ok(status == 0 and got[0] == 0 and len(want.get('members', [])) > 1 and
                 without_source(got[1]) == want,
                 '%s: type %s %s: every member, type, offset and size as from DWARF' % (K, struct, how),
                 got[2])
    status, out, _ = common.run(['type', 'list_lru'] + common.on(K))
    got = common.run(['type', 'list_lru'] + common.btf_on(K))
    t.ok(got[0] == 0 and got[1] == out, '%s: type list_lru --btf: the same pahole-style text' % K, got[1])
    heads = ['(struct task_struct *)init_task.tasks', '(struct pid *)init_struct_pid.tasks[PIDTYPE_SID]']
    for head in heads:
        want = common.run(['list', head, '-j'] + common.on(K))
        got = common.run(['list', head, '-j'] + common.btf_on(K))
        t.ok(want[0] == 0 and got[0] == 0 and json.loads(got[1])['count'] > 10 and
             without_source(got[1]) == without_source(want[1]),
             '%s: list %s --btf: the list DWARF walks' % (K, head), got[2])
    status, out, err = common.run(['list', 'init_task.tasks'] + common.btf_on(K))
    t.ok(status == 2 and not out and
         'no type for init_task: write (struct T *)init_task.tasks' in err,
         '%s: list SYM.MEMBER --btf: BTF has no type for init_task: exit 2, the cast form named' % K, err)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        test_type(t, kernel)
        test_heads(t, kernel)
        test_btf(t, kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
