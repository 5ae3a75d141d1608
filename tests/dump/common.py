"""Shared pieces of the real-dump tests: TAP output, running pagescope,
reading the truth the guest captured next to each dump (dumps/README.md)."""
import json
import os
import re
import struct
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DUMPS = os.environ.get('PS_DUMPS', os.path.join(TOP, 'dumps', 'out'))
BIN = os.environ.get('PS_BIN', os.path.join(TOP, 'build', 'pagescope'))
# Where tests write their copies of dumps and other files: the sanitizer
# pass runs beside the plain one (make check) and has its own.
SCRATCH = os.environ.get('PS_SCRATCH', os.path.join(TOP, 'build', 'tests'))
# Tests write their outputs here: a fresh PS_SCRATCH must work too.
os.makedirs(SCRATCH, exist_ok=True)
# Every test kernel; PS_KERNELS=6.12,5.10 narrows a run (make asan-check).
ALL_KERNELS = ('6.1', '6.12', '7.2', '5.10')
# Kernels outside that set, which no code was written against: only
# test_outside.py names them (PS_KERNELS=7.3), holding them to the same checks.
OUTSIDE_KERNELS = ('7.3',)
KERNELS = tuple(k for k in os.environ.get('PS_KERNELS', ','.join(ALL_KERNELS)).split(',')
                if k in ALL_KERNELS + OUTSIDE_KERNELS)


def kernels_of(names):
    """@names, without the kernels this run leaves out (a '6.12-fault' dump
    goes with 6.12)."""
    return tuple(n for n in names if n.split('-')[0] in KERNELS)
FORMATS = ('elf', 'kdump')


class Tap:
    """Test Anything Protocol: one line per check, a plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines()[:30]:
                    print('# ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, 'got  %r\nwant %r' % (got, want))

    def done(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


class KernelTap:
    """A Tap whose check names start with the kernel under test."""

    def __init__(self, t, kernel):
        self.t, self.kernel = t, kernel

    def ok(self, cond, name, diag=None):
        return self.t.ok(cond, '%s: %s' % (self.kernel, name), diag)

    def eq(self, got, want, name):
        return self.t.eq(got, want, '%s: %s' % (self.kernel, name))


def dump_dir(kernel):
    return os.path.join(DUMPS, kernel)


def vmcore(kernel, fmt):
    return os.path.join(dump_dir(kernel), 'vmcore.' + fmt)


def vmlinux(kernel):
    return os.path.join(dump_dir(kernel), 'vmlinux')


def env():
    e = dict(os.environ)
    e.setdefault('XDG_CACHE_HOME', os.path.join(TOP, 'build', 'tests', 'cache'))
    return e


def run(args, timeout=300, extra_env=None):
    """Run pagescope; returns (status, stdout, stderr)."""
    e = env()
    e.update(extra_env or {})
    p = subprocess.run([BIN] + list(args), capture_output=True, text=True,
                       timeout=timeout, env=e)
    return p.returncode, p.stdout, p.stderr


def run_json(args, timeout=300):
    status, out, err = run(list(args) + ['-j'], timeout=timeout)
    if status != 0:
        raise RuntimeError('pagescope %s: status %d: %s' % (' '.join(args), status, err))
    return json.loads(out)


def layout_items(doc):
    """{"kind name": item} of a `layout -j` document ("member struct page.flags")."""
    return {'%s %s' % (i['kind'], i['name']): i for i in doc['items']}


def on(kernel, fmt='elf'):
    """The arguments that point pagescope at one test dump."""
    return ['-k', vmlinux(kernel), vmcore(kernel, fmt)]


def truth_path(kernel, name):
    return os.path.join(dump_dir(kernel), 'truth', name)


def truth_text(kernel, name):
    with open(truth_path(kernel, name)) as f:
        return f.read()


def zoneinfo(kernel):
    """{(nid, zone): {'free': n, 'pcp': {cpu: count}}} from /proc/zoneinfo."""
    zones, cur, cpu = {}, None, None
    for line in truth_text(kernel, 'zoneinfo').splitlines():
        m = re.match(r'Node (\d+), zone\s+(\S+)', line)
        if m:
            cur = zones.setdefault((int(m.group(1)), m.group(2)),
                                   {'free': None, 'pcp': {}})
            continue
        m = re.match(r'\s+pages free\s+(\d+)', line)
        if m and cur is not None:
            cur['free'] = int(m.group(1))
        m = re.match(r'\s+cpu: (\d+)', line)
        if m:
            cpu = int(m.group(1))
        m = re.match(r'\s+count:\s+(\d+)', line)
        if m and cur is not None:
            cur['pcp'][cpu] = int(m.group(1))
    return zones


def vmstat(kernel):
    return {k: int(v) for k, v in
            (line.split() for line in truth_text(kernel, 'vmstat').splitlines())}


def hwpoison_pfns(kernel):
    try:
        text = truth_text(kernel, 'hwpoison-pfns')
    except FileNotFoundError:
        return set()
    return {int(x, 0) for x in text.split()}


def pages(kernel, fmt='elf', rng=None):
    """pagescope pages, parsed: {pfn: (flags, type, order, mapping, state, names)}."""
    args = ['pages'] + ([rng] if rng else []) + on(kernel, fmt)
    status, out, err = run(args)
    if status:
        raise RuntimeError('pagescope pages: %s' % err)
    result = {}
    # pfn, struct page, physical, flags, type, order, refcount, mapcount,
    # mapping, index, mapping kind, state, flag names
    for line in out.splitlines()[1:]:
        f = line.split()
        names = set(f[12].split(',')) if f[12] != '-' else set()
        result[int(f[0], 16)] = (int(f[3], 16), f[4], int(f[5]), f[10], f[11], names)
    return result


_layouts = {}


def layout_has(kernel, key):
    """Whether pagescope resolved layout item KEY ("member struct zone.pageset",
    "enum pagetype.PGTY_table") on this kernel: tests gate on features,
    never on the version."""
    if kernel not in _layouts:
        _layouts[kernel] = layout_items(run_json(['layout'] + on(kernel)))
    return _layouts[kernel].get(key, {}).get('present', False)


def feature(kernel, name):
    """What the guest found it had (truth/features: "mthp: absent (...)")."""
    for line in truth_text(kernel, 'features').splitlines():
        key, _, rest = line.partition(':')
        if key.strip() == name:
            return rest.split()[0] == 'present'
    raise KeyError('%s: truth/features has no %r' % (kernel, name))


_vmcoreinfo = {}


def vmcoreinfo(kernel):
    """{KEY: value} of the VMCOREINFO note of the kernel's ELF vmcore."""
    if kernel in _vmcoreinfo:
        return _vmcoreinfo[kernel]
    with open(vmcore(kernel, 'elf'), 'rb') as f:
        eh = f.read(64)
        phoff, = struct.unpack_from('<Q', eh, 32)
        phentsize, phnum = struct.unpack_from('<HH', eh, 54)
        f.seek(phoff)
        phdrs = f.read(phentsize * phnum)
        text = ''
        for i in range(phnum):
            ptype, _, off, _, _, size = struct.unpack_from('<IIQQQQ', phdrs, i * phentsize)
            if ptype != 4:      # PT_NOTE
                continue
            f.seek(off)
            notes, pos = f.read(size), 0
            while pos + 12 <= len(notes):
                namesz, descsz, _ = struct.unpack_from('<III', notes, pos)
                name = notes[pos + 12:pos + 12 + namesz].rstrip(b'\0')
                desc = pos + 12 + (namesz + 3) // 4 * 4
                if name == b'VMCOREINFO':
                    text = notes[desc:desc + descsz].decode('ascii', 'replace')
                pos = desc + (descsz + 3) // 4 * 4
    _vmcoreinfo[kernel] = dict(line.split('=', 1) for line in text.splitlines() if '=' in line)
    return _vmcoreinfo[kernel]


def vmcoreinfo_has(kernel, key):
    return key in vmcoreinfo(kernel)


def btf_on(kernel, fmt='elf'):
    """The arguments that read one test dump without its vmlinux: BTF and
    kallsyms from the dump where VMCOREINFO points at kallsyms (v6.0+),
    else BTF from the dump and the symbols of the kernel's System.map."""
    if vmcoreinfo_has(kernel, 'SYMBOL(kallsyms_num_syms)'):
        return ['--btf', vmcore(kernel, fmt)]
    return ['--system-map', os.path.join(dump_dir(kernel), 'System.map'),
            vmcore(kernel, fmt)]
