#!/usr/bin/env python3
"""Module symbols from a damaged module table: in a patched copy of the
6.12-fault dump, faultmod's mod_kallsyms.num_symtab is 0xffffffff. The
place is found without pagescope: the modules list is walked here, from
the symbol `modules`, with the vmlinux's member offsets (layout -j), and
the address turned into a file offset through the dump's own page tables
(test_lists_patch.Vmcore). pagescope must say which module and why, in
one line, and still name the other modules' code."""
import os
import shutil
import struct
import sys

import common
from common import Tap
from test_lists_patch import Vmcore, layout, patch

KERNEL = '6.12-fault'
VICTIM = 'faultmod'


def modules(vm, items, head):
    """[(name, struct module address)] in list order."""
    off_list = items['member struct module.list']['value']
    off_name = items['member struct module.name']['value']
    size_name = items['member struct module.name']['size']
    out, node = [], vm.read_u64(head)
    while node != head and len(out) < 1000:
        mod = node - off_list
        vm.f.seek(vm.file_offset(mod + off_name))
        out.append((vm.f.read(size_name).split(b'\0')[0].decode(), mod))
        node = vm.read_u64(node)
    return out


def truth_modules():
    """{name: core base} from /proc/modules."""
    return {f[0]: int(f[5], 16) for f in
            (l.split() for l in common.truth_text(KERNEL, 'modules').splitlines()) if len(f) > 5}


def main():
    t = Tap()
    src = common.vmcore(KERNEL, 'elf')
    if not os.path.exists(src):
        t.ok(False, 'the fault dump exists', src)
        return t.done()
    vm, items = Vmcore(src), layout(KERNEL)
    head = int(common.run_json(['sym', 'modules'] + common.on(KERNEL))['address'], 16)
    mods = dict(modules(vm, items, head))
    t.eq(sorted(mods), sorted(truth_modules()), 'the modules list walked here is /proc/modules')
    kallsyms = vm.read_u64(mods[VICTIM] + items['member struct module.kallsyms']['value'])
    num = kallsyms + items['member struct mod_kallsyms.num_symtab']['value']
    fm_lru = int(next(l.split()[1] for l in common.truth_text(KERNEL, 'faultmod.txt').splitlines()
                      if l.startswith('lru.struct ')), 16)
    other = sorted(n for n in mods if n != VICTIM)[0]
    copy = os.path.join(common.SCRATCH, 'vmcore-modsyms.elf')
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    try:
        # num_symtab and the padding after it (strtab is 8-aligned)
        patch(copy, vm, num, 0xffffffff)
        args = ['-k', common.vmlinux(KERNEL), copy]
        why = 'module %s: num_symtab 4294967295 is not a symbol count' % VICTIM
        status, out, err = common.run(['sym', '%#x' % fm_lru] + args)
        t.ok(status != 0 and err.count('\n') == 1 and why in err,
             'sym in the damaged module: one line that says which and why', err or out)
        base = truth_modules()[other]
        status, out, err = common.run(['sym', '%#x' % (base + 0x10)] + args)
        t.ok(status == 0 and out.strip().endswith('[%s]' % other),
             'sym in module %s, undamaged: still named' % other, out + err)
        o = common.run_json(['owners'] + args)
        t.ok(any(why in n for n in o['notes']), 'owners: a note names the damaged module',
             o['notes'])
        t.eq(sum(o['by_kind'].values()), o['present'], 'owners: every page still accounted for')
    finally:
        os.unlink(copy)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
