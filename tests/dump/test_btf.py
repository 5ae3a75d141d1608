#!/usr/bin/env python3
"""No debuginfo needed: with --btf (BTF and kallsyms read out of the dump),
or the dump's BTF and a System.map where VMCOREINFO has no kallsyms (before
v6.0), every command answers exactly as with the vmlinux's DWARF, on every
kernel; so does -k with /boot's vmlinuz (its BTF) and the System.map."""
import os
import sys

import common
from common import Tap

# pahole writes a multi-dimensional array as one flat array: BTF keeps
# the total length only (mthp_stat.stats[orders][items] on 6.12).
# pahole writes a multi-dimensional array as one BTF array of its total
# count: the inner dimensions, and so MAX_NR_GENS and MAX_NR_TIERS, are lost.
BTF_FLATTENS = {'member struct mthp_stat.stats'} | {
    'member struct %s.%s' % (s, m) for s in ('lru_gen_folio', 'lru_gen_struct')
    for m in ('folios', 'avg_refaulted', 'protected')}


def split_flags_fields(dwarf, btf):
    """page from BTF: page->flags's fields above the flags cannot be placed
    without MAX_NR_GENS (or NR_CPUS: BTF has no VAR for __per_cpu_offset);
    BTF's page must say so, and the rest is compared whole."""
    if not isinstance(dwarf, dict) or 'flags_fields' not in dwarf:
        return dwarf, btf, True
    ff = (btf or {}).pop('flags_fields', {})
    want = dwarf.pop('flags_fields')
    return dwarf, btf, ff == want or (ff.get('known') is False and
                                      'not derivable' in ff.get('why', ''))

# Per-cpu variables sized only by a BTF VAR (5.10's BTF has none): the
# check row each feeds, which BTF must then call n/a.
BTF_VAR_ROWS = {'variable nr_dentry_unused': 'dentry-state nr_unused',
                'variable nr_unused': 'inode-state nr_unused'}

# Where each side says it took its types from; everything else must agree.
SOURCE_KEYS = ('debuginfo', 'vmlinux', 'layout_source', 'source', 'from')


def strip_sources(obj):
    if isinstance(obj, dict):
        return {k: strip_sources(v) for k, v in obj.items() if k not in SOURCE_KEYS}
    if isinstance(obj, list):
        return [strip_sources(v) for v in obj]
    return obj


def commands(kernel):
    pfn = str(min(common.hwpoison_pfns(kernel) or {0x1000}))
    cmds = [['summary'], ['frag'], ['free'], ['blocks', '0x100000+0x4000'],
            ['pages', '0x100000+0x800'], ['page', pfn], ['map', '--by', 'movability'],
            ['sym', 'node_data'], ['sym', 'mem_section'],
            ['lru'], ['split'], ['check']]
    return cmds


def check_layout(t, kernel):
    dwarf = common.layout_items(common.run_json(['layout', '--no-cache'] + common.on(kernel)))
    btf = common.layout_items(common.run_json(['layout'] + common.btf_on(kernel)))
    differ = sorted(k for k in dwarf if dwarf[k] != btf.get(k) and k not in BTF_FLATTENS
                    and not k.startswith('variable '))
    t.eq(differ, [], '%s: every layout item from BTF equals DWARF\'s' % kernel)
    return btf


def split_check(kernel, dwarf, btf, btf_layout):
    """check from BTF: rows of per-cpu variables BTF cannot size are n/a
    and say why; the rest is compared whole."""
    lacking = {row for var, row in BTF_VAR_ROWS.items()
               if not btf_layout.get(var, {}).get('present')}
    if not lacking or not dwarf or not btf:
        return dwarf, btf, True
    rows = {r['counter']: r for r in btf['rows']}
    na = all(rows.get(n, {}).get('verdict') == 'n/a' and
             'per-cpu variable' in rows[n]['why'] for n in lacking)
    keep = lambda d: dict(d, rows=[r for r in d['rows'] if r['counter'] not in lacking])
    return keep(dwarf), keep(btf), na


def same_as_dwarf(t, kernel, args, how, btf_layout):
    """free, lru and check read with @args answer as with the vmlinux's DWARF."""
    for cmd in (['free'], ['lru'], ['check']):
        with_dwarf = common.run(cmd + ['-j'] + common.on(kernel))
        other = common.run(cmd + ['-j'] + args)
        a = strip_sources(common.json.loads(with_dwarf[1] or 'null'))
        b = strip_sources(common.json.loads(other[1] or 'null'))
        if cmd == ['check']:
            a, b, _ = split_check(kernel, a, b, btf_layout)
        t.ok(with_dwarf[0] in (0, 3) and a is not None and
             with_dwarf[0] == other[0] and a == b,
             '%s: %s: %s answers as with DWARF' % (kernel, how, ' '.join(cmd)),
             'status %d/%d\n%s' % (with_dwarf[0], other[0], other[2]))


def check_vmlinuz(t, kernel, btf_layout):
    """-k vmlinuz: the BTF of the kernel unpacked from /boot's image and the
    System.map beside it answer as the vmlinux's DWARF."""
    args = ['-k', os.path.join(common.dump_dir(kernel), 'vmlinuz'), common.vmcore(kernel, 'elf')]
    summary = common.run_json(['summary'] + args)
    t.ok('vmlinuz' in summary['kernel']['debuginfo'] and
         summary['kernel']['layout_source'] == 'BTF',
         '%s: -k vmlinuz: types from the BTF of the unpacked kernel' % kernel,
         summary['kernel'])
    same_as_dwarf(t, kernel, args, '-k vmlinuz', btf_layout)


# What Debian's image packages install as /boot/System.map-REL.
PLACEHOLDER = 'ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n'


def boot_dir(kernel):
    """A /boot as the image package leaves it: the vmlinuz, and a System.map
    that is only the placeholder."""
    release = common.vmcoreinfo(kernel)['OSRELEASE']
    d = os.path.join(common.SCRATCH, 'boot-%s' % kernel)
    os.makedirs(d, exist_ok=True)
    image = os.path.join(d, 'vmlinuz-' + release)
    if not os.path.lexists(image):
        os.symlink(os.path.realpath(os.path.join(common.dump_dir(kernel), 'vmlinuz')), image)
    with open(os.path.join(d, 'System.map-' + release), 'w') as f:
        f.write(PLACEHOLDER)
    return image


def map_symbols(kernel, count):
    """@count symbols spread over the kernel's real System.map (the -dbg
    package's), text, data and per-cpu ones among them."""
    names = []
    with open(os.path.join(common.dump_dir(kernel), 'System.map')) as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in 'TtDdBbRr' and not name.startswith(('__', '.')) and '.' not in name:
                names.append(name)
    step = max(1, len(names) // count)
    return sorted(set(names[::step][:count]) | {'_stext', 'init_uts_ns', 'node_data',
                                                'runqueues', 'vm_zone_stat'})


def check_boot_only(t, kernel, btf_layout):
    """-k /boot/vmlinuz-REL with only the placeholder System.map beside it:
    the symbols come from the dump's kallsyms where VMCOREINFO points at
    them (v6.0+), else from the kallsyms tables inside the image, found by
    their shape; every answer equals DWARF's."""
    args = ['-k', boot_dir(kernel), common.vmcore(kernel, 'elf')]
    in_dump = common.vmcoreinfo_has(kernel, 'SYMBOL(kallsyms_num_syms)')
    summary = common.run(['summary', '-j'] + args)
    source = common.json.loads(summary[1])['kernel']['debuginfo'] if summary[0] == 0 else ''
    want = "the dump's kallsyms" if in_dump else 'its own kallsyms tables'
    t.ok(source.endswith('symbols from ' + want),
         '%s: /boot with a placeholder System.map: symbols from %s' % (kernel, want),
         summary[2] or source)
    same_as_dwarf(t, kernel, args, '/boot only', btf_layout)
    if in_dump:
        return
    differ, compared = [], 0
    for name in map_symbols(kernel, 30):
        a = common.run(['sym', name, '-j'] + common.on(kernel))
        if a[0] != 0:
            continue    # not in the vmlinux's symbol table either
        b = common.run(['sym', name, '-j'] + args)
        compared += 1
        got = common.json.loads(b[1])['address'] if b[0] == 0 else b[2].strip()
        if common.json.loads(a[1])['address'] != got:
            differ.append('%s: %s / %s' % (name, common.json.loads(a[1])['address'], got))
    t.ok(not differ and compared >= 30,
         '%s: /boot only: %d symbols from the image\'s kallsyms at the vmlinux\'s '
         'addresses, per-cpu ones unmoved' % (kernel, compared), differ)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        btf_layout = check_layout(t, kernel)
        for cmd in commands(kernel):
            with_dwarf = common.run(cmd + ['-j'] + common.on(kernel))
            with_btf = common.run(cmd + ['-j'] + common.btf_on(kernel))
            a = strip_sources(common.json.loads(with_dwarf[1] or 'null'))
            b = strip_sources(common.json.loads(with_btf[1] or 'null'))
            na = True
            if cmd == ['check']:
                a, b, na = split_check(kernel, a, b, btf_layout)
                t.ok(na, '%s: check from BTF: rows of per-cpu variables BTF does not '
                     'describe are n/a and say so' % kernel)
            if cmd[0] == 'page':
                a, b, why = split_flags_fields(a, b)
                t.ok(why, '%s: page from BTF: the fields above the flags as from DWARF, '
                     'or not derivable and it says why' % kernel, b)
            # A lost command exits 2 with nothing on both sides: not the same answer.
            answered = with_dwarf[0] in (0, 3) and a is not None
            same = answered and with_dwarf[0] == with_btf[0] and a == b
            t.ok(same, '%s: %s: same answer from BTF as from DWARF' % (kernel, ' '.join(cmd)),
                 'status %d/%d\n%s\n%s' % (with_dwarf[0], with_btf[0], with_dwarf[2], with_btf[2]))
        summary = common.run_json(['summary'] + common.btf_on(kernel))
        t.ok('BTF' in summary['kernel']['debuginfo'] and
             summary['kernel']['layout_source'] == 'BTF',
             '%s: summary says the types came from BTF in the dump' % kernel,
             summary['kernel'])
        check_vmlinuz(t, kernel, btf_layout)
        check_boot_only(t, kernel, btf_layout)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
