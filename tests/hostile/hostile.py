#!/usr/bin/env python3
"""The hostile-dump suite: damaged copies of the 6.12 test dumps, every
subcommand run on each, and the crash extension on some.

Copies: the kdump file (54 MB) and a sparse copy of the ELF file, each
damaged in place and restored after its case; truncated files are made
small and deleted with their case; all of it lives in one scratch folder
removed at the end. Every run must end without a signal, a sanitizer
report or a time-out; exit 0 with output, or exit 1 with exactly one
line on stderr (or, for a command with a verdict, a clean report); and
the dump must be unchanged (size, mtime and ctime, and the kdump file's
hash). Each of issue 13's reproductions is a case, with the words its
line must hold.

    PS_DUMPS=... PS_BIN=build-asan/pagescope python3 tests/hostile/hostile.py
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'dump'))
import common  # noqa: E402
from common import Tap  # noqa: E402
from test_lists_patch import Vmcore  # noqa: E402

KERNEL = '6.12'
TIMEOUT = 60
# The first layout and lru on the sound dump fill a cold cache, which under
# ASan, with make check's two streams, took longer than TIMEOUT: this bound
# is for hangs only.
WARM_TIMEOUT = 600
JOBS = 2
VERDICT_CMDS = {'free', 'check', 'list', 'lru', 'split'}
# Everything that opens a dump; run on every case that opens.
ALL_CMDS = [['summary'], ['summary', '-j'], ['page', '0x1000'],
            ['pages', '0x1000-0x1040'], ['blocks', '0x0-0x8000'], ['frag'],
            ['free'], ['map'], ['sym', 'jiffies'], ['layout'],
            ['list', 'shrinker_list'], ['lru'], ['split'], ['check'],
            ['owners', '-j']]
# A dump refused at open is refused by every command alike.
OPEN_CMDS = [['summary'], ['check', '-j']]


class Suite:
    def __init__(self, t, scratch):
        self.t, self.scratch = t, scratch
        self.env = dict(os.environ, XDG_CACHE_HOME=os.path.join(scratch, 'cache'))
        # make check's full malloc stacks make a run 5-10 times slower:
        # leaks are still found, with shorter stacks.
        if 'ASAN_OPTIONS' in self.env:
            self.env['ASAN_OPTIONS'] = 'detect_leaks=1:abort_on_error=0'
        self.vmlinux = common.vmlinux(KERNEL)
        self.cases = 0

    # -- running -------------------------------------------------------

    def run(self, args, extra_env=None, timeout=TIMEOUT):
        env = dict(self.env, **(extra_env or {}))
        start = time.time()
        try:
            p = subprocess.run([common.BIN] + args, capture_output=True,
                               timeout=timeout, env=env, stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout.decode('latin-1'), p.stderr.decode('latin-1'), time.time() - start
        except subprocess.TimeoutExpired as e:
            return 'timeout', '', (e.stderr or b'').decode('latin-1'), timeout

    def judge(self, name, cmd, result, words=None):
        status, out, err, _ = result
        lines = [l for l in err.split('\n') if l.strip()]
        why = 'status %s\nstderr: %r\nstdout: %r' % (status, err[-1500:], out[:300])
        sanitizer = 'Sanitizer' in err or 'runtime error' in err
        if status == 'timeout' or sanitizer or not isinstance(status, int) or status < 0:
            return self.t.ok(False, '%s: %s: no signal, hang or sanitizer report' % (name, ' '.join(cmd)), why)
        # 1: cannot read, one line; 3: a verdict command found a problem
        # and reported it.
        ok = status in (0, 1, 3)
        if status == 0:
            ok = ok and not lines and out.strip()
        elif status == 3:
            ok = ok and cmd[0] in VERDICT_CMDS and out.strip() and len(lines) <= 1
        else:
            ok = ok and len(lines) == 1
        ok = ok and not re.search(r'[\x00-\x08\x0b-\x1f\x7f]', err) and \
            all(len(l) < 2000 for l in lines)
        if words is not None:
            ok = ok and status == 1 and any(w in err for w in words)
        return self.t.ok(ok, '%s: %s: %s' % (name, ' '.join(cmd),
                                             'exit 1, one line naming the cause' if words
                                             else 'a sane answer or one clear line'), why)

    def run_case(self, name, dump, cmds, words=None, vmlinux=True, extra=(),
                 timeout=TIMEOUT):
        """Every command of @cmds on @dump, two at a time."""
        self.cases += 1
        before = self.fingerprint(dump)
        argvs = [c + (['-k', self.vmlinux] if vmlinux else []) + list(extra) + [dump]
                 for c in cmds]
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            results = list(pool.map(lambda a: self.run(a, timeout=timeout), argvs))
        for cmd, r in zip(cmds, results):
            self.judge(name, cmd, r, words)
        self.t.ok(self.fingerprint(dump) == before, '%s: the dump is unchanged' % name)
        return results

    @staticmethod
    def fingerprint(path):
        try:
            st = os.stat(path)
        except OSError:
            return None
        fp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)
        if st.st_size <= (64 << 20) and os.path.isfile(path):
            with open(path, 'rb') as f:
                fp += (hashlib.sha256(f.read()).hexdigest(),)
        return fp

    # -- damaging ------------------------------------------------------

    def truncated(self, src, size, name):
        path = os.path.join(self.scratch, name)
        with open(src, 'rb') as f, open(path, 'wb') as g:
            g.write(f.read(size))
        return path

    def patched(self, path, patches):
        """Apply [(offset, bytes)] and return what to put back."""
        undo = []
        with open(path, 'r+b') as f:
            for off, data in patches:
                f.seek(off)
                undo.append((off, f.read(len(data))))
                f.seek(off)
                f.write(data)
        return undo

    def damage_case(self, name, path, patches, cmds, words=None):
        undo = self.patched(path, patches)
        try:
            return self.run_case(name, path, cmds, words)
        finally:
            self.patched(path, reversed(undo))


def u16(v):
    return struct.pack('<H', v)


def u32(v):
    return struct.pack('<I', v & 0xffffffff)


def u64(v):
    return struct.pack('<Q', v & 0xffffffffffffffff)


# ---------------------------------------------------------------------
# Truncations, header fields
# ---------------------------------------------------------------------

def elf_layout(path):
    with open(path, 'rb') as f:
        h = f.read(64)
        phoff, = struct.unpack_from('<Q', h, 32)
        phnum, = struct.unpack_from('<H', h, 56)
        f.seek(phoff)
        phdrs = [struct.unpack('<IIQQQQQQ', f.read(56)) for _ in range(phnum)]
    return phoff, phdrs


def truncations(s, elf, kdump):
    phoff, phdrs = elf_layout(elf)
    note = [p for p in phdrs if p[0] == 4][0]
    cuts = {'elf': [1, 16, 63, 64, phoff + 20, 300, 1000, note[2] + 100,
                    note[2] + note[5] - 1, 4096, note[2] + note[5] + 4096, 1 << 20],
            'kdump': [4, 100, 463, 4096, 4200, 5000, 8000, 12288, 200000, 339968 + 100,
                      1 << 20, os.path.getsize(kdump) - 1]}
    for fmt, src in (('elf', elf), ('kdump', kdump)):
        for n in cuts[fmt]:
            path = s.truncated(src, n, 'cut-%s-%d' % (fmt, n))
            s.run_case('%s cut at %d bytes' % (fmt, n), path, OPEN_CMDS,
                       ['truncated', 'empty', 'not a readable vmcore'])
            os.unlink(path)


def elf_fields(s, elf):
    phoff, phdrs = elf_layout(elf)
    note_i = [i for i, p in enumerate(phdrs) if p[0] == 4][0]
    load_i = [i for i, p in enumerate(phdrs) if p[0] == 1][0]
    note_off = phdrs[note_i][2]
    ph = lambda i, field: phoff + 56 * i + field  # noqa: E731
    cases = [
        ('ELF class 32-bit', [(4, b'\x01')], ['EI_CLASS']),
        ('ELF class 0', [(4, b'\x00')], ['EI_CLASS']),
        ('ELF big-endian', [(5, b'\x02')], ['EI_DATA']),
        ('ELF type EXEC', [(16, u16(2))], ['not a core dump']),
        ('ELF machine i386', [(18, u16(3))], ['not x86_64']),
        ('e_phoff huge', [(32, u64(1 << 62))], ['truncated']),
        ('e_phentsize 0', [(54, u16(0))], ['e_phentsize']),
        ('e_phentsize 32', [(54, u16(32))], ['e_phentsize']),
        ('e_phnum 0xffff (PN_XNUM, section 0 says 0)', [(56, u16(0xffff))], ['PT_LOAD']),
        ('e_phnum 0', [(56, u16(0))], ['PT_LOAD']),
        ('e_shoff huge', [(40, u64(1 << 62))], ['truncated']),
        ('e_shentsize 0', [(58, u16(0))], ['e_shentsize']),
        ('e_shnum 0xffff', [(60, u16(0xffff))], ['truncated', 'section']),
        ('e_shstrndx 0x7fff', [(62, u16(0x7fff))], None),
        ('PT_NOTE p_offset huge', [(ph(note_i, 8), u64(1 << 62))], ['truncated']),
        ('PT_NOTE p_filesz huge', [(ph(note_i, 32), u64(1 << 40))], ['impossible']),
        ('PT_NOTE p_filesz 7', [(ph(note_i, 32), u64(7))], ['VMCOREINFO']),
        ('note namesz huge', [(note_off, u32(0x7fffffff))], ['note']),
        ('note descsz huge', [(note_off + 4, u32(0xfffffff0))], ['note']),
        ('PT_LOAD p_offset huge', [(ph(load_i, 8), u64(1 << 62))], ['truncated']),
        ('PT_LOAD p_filesz huge', [(ph(load_i, 32), u64(1 << 62))], ['p_filesz', 'impossible']),
        ('PT_LOAD p_paddr huge', [(ph(load_i, 24), u64(0xfff0000000000000))], ['p_paddr']),
        ('PT_LOAD p_memsz huge', [(ph(load_i, 40), u64(1 << 62))], ['p_paddr', 'impossible']),
        ('PT_LOAD p_filesz < p_memsz (the rest reads as zeros)',
         [(ph(load_i, 32), u64(phdrs[load_i][5] // 2))], None),
    ]
    for name, patches, words in cases:
        s.damage_case(name, elf, patches, OPEN_CMDS if words else ALL_CMDS, words)


def kdump_fields(s, kdump):
    with open(kdump, 'rb') as f:
        sub = f.read(8192)[4096:4096 + 104]
    note_off, = struct.unpack_from('<Q', sub, 48)
    cases = [
        ('kdump header_version 0', [(8, u32(0))], ['header_version']),
        ('kdump header_version -1', [(8, u32(-1))], ['header_version']),
        ('kdump block_size 0', [(428, u32(0))], ['block_size']),
        ('kdump block_size 4097', [(428, u32(4097))], ['block_size']),
        ('kdump block_size 1 MiB', [(428, u32(1 << 20))], ['block_size']),
        ('kdump sub_hdr_size 0', [(432, u32(0))], ['sub_hdr_size']),
        ('kdump sub_hdr_size 0x7fffffff', [(432, u32(0x7fffffff))], ['truncated']),
        ('kdump bitmap_blocks 0x7fffffff', [(436, u32(0x7fffffff))], ['truncated']),
        ('kdump bitmap_blocks 0', [(436, u32(0))], ['bitmap_blocks']),
        ('kdump max_mapnr 0xffffffff', [(440, u32(0xffffffff))], ['bitmap_blocks']),
        ('kdump reads as 32-bit', [(416, u32(8192)), (424, u32(7))], ['32-bit']),
        ('kdump size_note huge', [(4096 + 56, u64(1 << 40))], ['impossible']),
        ('kdump offset_note huge', [(4096 + 48, u64(1 << 62))], ['truncated']),
        ('kdump max_mapnr_64 huge', [(4096 + 96, u64(1 << 62))], ['max_mapnr_64']),
        ('kdump split with a bad range', [(4096 + 12, u32(1)), (4096 + 80, u64(100)),
                                          (4096 + 88, u64(5))], ['start_pfn']),
        ('kdump phys_base random', [(4096, u64(0x123456789000))], None),
        ('kdump note descsz huge', [(note_off + 4, u32(0xfffffff0))], ['note']),
    ]
    for name, patches, words in cases:
        s.damage_case(name, kdump, patches, OPEN_CMDS if words else ALL_CMDS, words)
    # A page descriptor scribbled: one page unreadable, the rest answered.
    descs = 4096 * (1 + 2 + 80)
    for name, patch in (('page descriptor offset huge', u64(1 << 62)),
                        ('page descriptor size 0', b'\0' * 12)):
        s.damage_case('kdump ' + name, kdump, [(descs + 24 * 5000, patch)], ALL_CMDS)


# ---------------------------------------------------------------------
# VMCOREINFO values
# ---------------------------------------------------------------------

def vmcoreinfo_patches(path, key, value):
    """Rewrite KEY=VALUE everywhere the file holds it, padded with newlines
    to the old length (the note keeps its size)."""
    with open(path, 'rb') as f:
        data = f.read(16 << 20)
    out = []
    for m in re.finditer(re.escape(key.encode()) + rb'=([^\n]*)\n', data):
        old = m.group(1)
        new = value.encode()
        if len(new) > len(old):
            raise ValueError('%s: %r longer than %r' % (key, new, old))
        out.append((m.start(1), new + b'\n' * (len(old) - len(new))))
    return out


VMCOREINFO_CASES = [
    ('PAGESIZE', '0', ['PAGESIZE=0']),
    ('PAGESIZE', '4097', ['PAGESIZE=4097']),
    ('KERNELOFFSET', 'fffffff', ['KERNELOFFSET']),
    ('KERNELOFFSET', 'dc00001', ['KERNELOFFSET']),
    ('NUMBER(SECTION_SIZE_BITS)', '63', ['NUMBER(SECTION_SIZE_BITS)=63 is impossible']),
    ('NUMBER(SECTION_SIZE_BITS)', '0', ['NUMBER(SECTION_SIZE_BITS)=0 is impossible']),
    ('NUMBER(MAX_PHYSMEM_BITS)', '99', ['NUMBER(MAX_PHYSMEM_BITS)=99 is impossible']),
    ('LENGTH(mem_section)', '0', ['LENGTH(mem_section)=0']),
    ('LENGTH(mem_section)', '999999', ['LENGTH(mem_section)=999999']),
    ('LENGTH(node_data)', '0', ['LENGTH(node_data)=0']),
    ('LENGTH(node_data)', '99', None),
    ('SYMBOL(mem_section)', '0000000000000000', ['SYMBOL(mem_section)']),
    ('SYMBOL(init_top_pgt)', 'ffffffff00000000', None),
    ('NUMBER(phys_base)', '1', ['phys_base']),
    ('NUMBER(pgtable_l5_enabled)', '7', ['pgtable_l5_enabled']),
    ('SIZE(page)', '0', ['SIZE(page)']),
    ('OSRELEASE', '6.12\r', ['control characters']),
    ('BUILD-ID', '../../etc', ['BUILD-ID']),
    ('NUMBER(PG_hwpoison)', '99', ['NUMBER(PG_hwpoison)=99']),
]


def vmcoreinfo_values(s, kdump, elf):
    for i, (key, value, words) in enumerate(VMCOREINFO_CASES):
        path = kdump if i % 2 == 0 else elf
        fmt = 'kdump' if path == kdump else 'elf'
        patches = vmcoreinfo_patches(path, key, value)
        s.t.ok(patches, 'VMCOREINFO %s found in the %s dump' % (key, fmt))
        s.damage_case('%s VMCOREINFO %s=%r' % (fmt, key, value), path, patches,
                      OPEN_CMDS if words else ALL_CMDS, words)


# ---------------------------------------------------------------------
# Kernel memory: struct pages, lists, counters, spans
# ---------------------------------------------------------------------

class Memory:
    """Kernel addresses of the ELF copy, from the layout pagescope printed
    for the sound dump and the page tables (test_lists_patch.Vmcore)."""

    def __init__(self, s, elf):
        self.vm = Vmcore(elf)
        status, out, err, _ = s.run(['layout', '-j', '-k', s.vmlinux, elf])
        import json
        self.items = common.layout_items(json.loads(out))
        self.kaslr = int(self.vm.vi['KERNELOFFSET'], 16)
        status, out, err, _ = s.run(['sym', 'node_data', '-k', s.vmlinux, elf])
        self.node_data = int(re.search(r'0x[0-9a-f]+', out).group(0), 16)
        self.vmemmap = int(self.vm.vi['SYMBOL(vmemmap)'], 16)

    def item(self, key):
        return self.items[key]['value']

    def pgdat(self, nid):
        return self.vm.read_u64(self.node_data + 8 * nid)

    def zone(self, nid, zid):
        return self.pgdat(nid) + self.item('member struct pglist_data.node_zones') + \
            zid * self.item('size struct zone')

    def off(self, vaddr):
        return self.vm.file_offset(vaddr)

    def struct_pages(self, pfn, n, byte):
        base = self.vmemmap + 64 * pfn
        return [(self.off(base + i * 4096), byte * 4096) for i in range((64 * n + 4095) // 4096)]


def memory_cases(s, elf):
    m = Memory(s, elf)
    normal = m.zone(1, 2)
    fa = normal + m.item('member struct zone.free_area')
    fa_size = m.item('size struct free_area')
    fl = fa + 3 * fa_size + m.item('member struct free_area.free_list')
    nr_free = fa + 3 * fa_size + m.item('member struct free_area.nr_free')
    spanned = m.pgdat(1) + m.item('member struct pglist_data.node_spanned_pages')
    zspanned = normal + m.item('member struct zone.spanned_pages')
    cases = [
        ("a zone's nr_free of 2^63", [(m.off(nr_free), u64(1 << 63))], 'nr_free'),
        ('a node span past 52 physical address bits', [(m.off(spanned), u64(1 << 50))], 'node 1'),
        ("a zone's span past its node", [(m.off(zspanned), u64(1 << 40))], 'zone'),
        ('free list pointer NULL', [(m.off(fl), u64(0))], None),
        ('free list pointer random', [(m.off(fl), u64(0xffff888812345678))], None),
        ('free list pointer to itself', [(m.off(fl + 8), u64(fl))], None),
        ('free list pointer LIST_POISON1', [(m.off(fl), u64(0xdead000000000100))], None),
        ('struct pages 0xff', m.struct_pages(0x100000, 512, b'\xff'), None),
        ('struct pages zero', m.struct_pages(0x104000, 512, b'\x00'), None),
        ('struct pages random', [(o, os.urandom(len(d))) for o, d in
                                 m.struct_pages(0x108000, 512, b'\x00')], None),
    ]
    must_fail = {"a zone's nr_free of 2^63": ['free', 'check'],
                 'a node span past 52 physical address bits': ['summary', 'check'],
                 "a zone's span past its node": ['summary', 'check']}
    cmds = ALL_CMDS + [['list', '%#x' % fl], ['check', '-j']]
    for name, patches, word in cases:
        results = s.damage_case(name, elf, patches, cmds)
        if name == "a zone's nr_free of 2^63":
            nr_free_unsigned(s, dict((' '.join(c), r) for c, r in zip(cmds, results)))
        for cmd, r in zip(cmds, results):
            if cmd[0] in must_fail.get(name, ()) and len(cmd) == 1:
                # free and check report what they found (3) or cannot
                # read the dump at all (1); summary fails (1).
                want = (1, 3) if cmd[0] in VERDICT_CMDS else (1,)
                s.t.ok(r[0] in want and (word in r[2] or 'impossible' in r[1] or
                                         'IMPOSSIBLE' in r[1]),
                       '%s: %s fails and names it' % (name, cmd[0]),
                       'status %s\n%s\n%s' % (r[0], r[2][-500:], r[1][-800:]))
    return m, cases


def pgtable_cases(s, elf, m):
    """A workload PMD table given an entry past the memory map and one back
    at itself (a cycle): the walk counts both, names the first, ends."""
    status, out, err, _ = s.run(['pages', '--owner', 'page_table', '-j', '-k', s.vmlinux, elf])
    rows = json.loads(out)['pages'] if status == 0 else []
    pmds = [r['pfn'] for r in rows if re.match(r'pid \d+ .*: PMD$', r.get('owner', ''))]
    s.t.ok(pmds, 'page tables: the sound dump names PMD tables', err)
    if not pmds:
        return
    pmd = pmds[0]
    entries = struct.unpack('<512Q', m.vm.read_phys(pmd << 12, 4096))
    free = [i for i, e in enumerate(entries) if not e & 1][:2]
    at = [m.vm.offset((pmd << 12) + 8 * i) for i in free]
    patches = [(at[0], u64((1 << 51) | 0x67)), (at[1], u64((pmd << 12) | 0x67))]
    cmds = [['owners', '-j'], ['page', '%#x' % pmd], ['pages', '--owner', 'page_table']]
    results = s.damage_case('a PMD table pointing past memory and at itself', elf, patches, cmds)
    try:
        doc = json.loads(results[0][1])
        got = (doc['page_tables']['damaged'],
               any('past the memory map' in n for n in doc['notes']))
    except (ValueError, KeyError, TypeError) as e:
        got = repr(e)
    s.t.eq(got, (2, True), 'a damaged PMD table: owners counts 2 damaged entries and names'
           ' the first')


def nr_free_unsigned(s, results):
    """nr_free is unsigned: 2^63 in check's kernel column, not -2^63."""
    text = results['check'][1]
    rows = re.findall(r'^free_area\[\]\.nr_free node \d+ \S+ +(-?\d+) +-?\d+ +FAIL', text, re.M)
    s.t.ok(rows == [str(1 << 63)],
           "a zone's nr_free of 2^63: check's kernel column says %d" % (1 << 63), text[-1500:])
    try:
        doc = json.loads(results['check -j'][1])
        kernel = [r.get('kernel') for r in doc['rows']
                  if r['counter'].startswith('free_area[].nr_free') and r['verdict'] == 'FAIL']
    except (ValueError, KeyError) as e:
        kernel = [repr(e)]
    s.t.ok(kernel == [1 << 63], "a zone's nr_free of 2^63: check -j's kernel is %d" % (1 << 63),
           repr(kernel))


# ---------------------------------------------------------------------
# Files that are no dumps, arguments, output
# ---------------------------------------------------------------------

def odd_files(s, elf):
    fifo = os.path.join(s.scratch, 'fifo')
    os.mkfifo(fifo)
    text = os.path.join(s.scratch, 'notes.txt')
    with open(text, 'w') as f:
        f.write('not a vmcore\n' * 50)
    for name, path, words in (('a FIFO with no writer', fifo, ['FIFO']),
                              ('a directory', s.scratch, ['directory']),
                              ('/dev/null', '/dev/null', ['character device']),
                              ('/bin/ls', '/bin/ls', ['not a core dump']),
                              ('a text file', text, ['not a readable vmcore'])):
        s.run_case(name + ' as the dump', path, OPEN_CMDS, words)
    s.run_case('a FIFO as the vmlinux', elf, [['summary']], ['not a regular file'],
               vmlinux=False, extra=['-k', fifo])
    s.run_case('a FIFO as the System.map', elf, [['summary']], ['not a regular file'],
               vmlinux=False, extra=['--system-map', fifo])
    # .strtab without a NUL: symbol indexing was quadratic (minutes).
    bad = os.path.join(s.scratch, 'vmlinux-strtab')
    with open(bad, 'wb') as f:
        f.write(tiny_elf_without_strtab_nul())
    r = s.run(['sym', 'jiffies', '--no-cache', '-k', bad, elf])
    s.t.ok(r[3] < 20 and r[0] == 1 and len([l for l in r[2].split('\n') if l]) == 1,
           'a vmlinux whose .strtab has no NUL: one line, in %.1f s' % r[3],
           'status %s: %s' % (r[0], r[2][-500:]))
    r = s.run(['summary', '--no-cache', '-k', bad, elf])
    s.t.ok(r[0] == 1 and 'no .debug_info' in r[2],
           'a vmlinux without .debug_info is named stripped, not the kernel blamed', r[2][-500:])
    # Damaged, without -k: the damage comes first, not "install -dbg".
    _, phdrs = elf_layout(elf)
    phoff, _ = elf_layout(elf)
    load_i = [i for i, p in enumerate(phdrs) if p[0] == 1][0]
    undo = s.patched(elf, [(phoff + 56 * load_i + 32, u64(phdrs[load_i][5] // 2))])
    try:
        r = s.run(['summary', '--no-cache', elf])
    finally:
        s.patched(elf, reversed(undo))
    s.t.ok(r[0] == 1 and 'damaged dump' in r[2] and 'install' not in r[2],
           'a damaged dump without -k: the damage named, no -dbg advice', r[2][-500:])
    r = s.run(['pages', '-5-10', '-k', s.vmlinux, elf])
    s.t.ok(r[0] == 2 and '-5-10' in r[2].split('\n')[0],
           'pages -5-10: the usage error names -5-10', r[2][:300])
    with open('/dev/full', 'w') as full:
        p = subprocess.run([common.BIN, 'summary', '-k', s.vmlinux, elf], stdout=full,
                           stderr=subprocess.PIPE, env=s.env, timeout=TIMEOUT)
    s.t.ok(p.returncode == 1 and b'writing the output' in p.stderr,
           'summary > /dev/full: exit 1, the write error said', p.stderr[-300:])
    for args in (['help'], ['--version']):
        with open('/dev/full', 'w') as full:
            p = subprocess.run([common.BIN] + args, stdout=full, stderr=subprocess.PIPE,
                               env=s.env, timeout=TIMEOUT)
        s.t.ok(p.returncode == 1 and
               p.stderr == b'pagescope: writing the output: No space left on device\n',
               '%s > /dev/full: exit 1, the write error in one line' % args[0],
               'status %s: %r' % (p.returncode, p.stderr[-300:]))


def tiny_elf_without_strtab_nul(nsyms=20000, strsize=4 << 20):
    """An x86_64 ELF with a .symtab of @nsyms symbols into a .strtab of
    @strsize bytes with no NUL at all."""
    shstr = b'\0.symtab\0.strtab\0.shstrtab\0'
    strtab = b'A' * strsize
    syms = b'\0' * 24 + b''.join(struct.pack('<IBBHQQ', (i * 97) % strsize, 0x11, 0, 1,
                                             0xffffffff81000000 + i, 8)
                                 for i in range(1, nsyms))
    off_sym = 64
    off_str = off_sym + len(syms)
    off_shstr = off_str + len(strtab)
    off_sh = (off_shstr + len(shstr) + 7) & ~7
    ehdr = b'\x7fELF\x02\x01\x01' + b'\0' * 9 + struct.pack(
        '<HHIQQQIHHHHHH', 2, 62, 1, 0, 0, off_sh, 0, 64, 56, 0, 64, 4, 3)
    sh = b'\0' * 64
    sh += struct.pack('<IIQQQQIIQQ', 1, 2, 0, 0, off_sym, len(syms), 2, 1, 8, 24)
    sh += struct.pack('<IIQQQQIIQQ', 9, 3, 0, 0, off_str, len(strtab), 0, 0, 1, 0)
    sh += struct.pack('<IIQQQQIIQQ', 17, 3, 0, 0, off_shstr, len(shstr), 0, 0, 1, 0)
    body = ehdr + syms + strtab + shstr
    return body + b'\0' * (off_sh - len(body)) + sh


# ---------------------------------------------------------------------
# Inside crash
# ---------------------------------------------------------------------

def crash_cases(s, elf, m, cases):
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'crash'))
    import crashsession
    if not crashsession.have_crash():
        s.t.ok(False, 'crash and pagescope.so are there for the crash cases',
               'PS_CRASH_EXT=%s' % crashsession.EXT)
        return
    opts = crashsession.crash_options(KERNEL)
    # What a command must say inside crash as it does standalone.
    expect = {"a zone's nr_free of 2^63": {'free': 'impossible', 'check': 'impossible'},
              'a node span past 52 physical address bits':
                  {'summary': 'node_spanned_pages=%d is impossible' % (1 << 50)},
              'struct pages 0xff': {}}
    for name, patches, _ in [c for c in cases if c[0] in expect]:
        undo = s.patched(elf, patches)
        try:
            crash_session(s, crashsession, opts, elf, name, expect[name])
        finally:
            s.patched(elf, reversed(undo))


def crash_session(s, crashsession, opts, elf, name, expect):
    d = tempfile.mkdtemp(dir=s.scratch)
    outs = []
    lines = []
    for i, cmd in enumerate(ALL_CMDS):
        path = os.path.join(d, 'out%d' % i)
        outs.append((cmd, path))
        lines.append('extend %s' % crashsession.EXT if i == 0 else '')
        lines.append('pagescope %s > %s' % (' '.join(cmd), path))
    cmdfile = os.path.join(d, 'commands')
    with open(cmdfile, 'w') as f:
        f.write('\n'.join(l for l in lines if l) + '\nq\n')
    argv = ([crashsession.CRASH, '-s', '--no_crashrc'] + opts +
            [s.vmlinux, elf, '-i', cmdfile])
    env = dict(s.env)
    if os.environ.get('PS_CRASH_PRELOAD'):
        # crash itself leaks and mixes allocators (ext/ext.mk).
        env['LD_PRELOAD'] = os.environ['PS_CRASH_PRELOAD']
        env['ASAN_OPTIONS'] = 'detect_leaks=0:alloc_dealloc_mismatch=0:intercept_strstr=0'
    try:
        p = subprocess.run(argv, cwd=d, capture_output=True, env=env, timeout=600,
                           stdin=subprocess.DEVNULL)
        status, output = p.returncode, (p.stdout + p.stderr).decode('latin-1')
    except subprocess.TimeoutExpired:
        status, output = 'timeout', ''
    report = crashsession.sanitizer_report(output)
    s.t.ok(status == 0 and report is None,
           'inside crash, %s: every command ran, crash quit normally, no sanitizer report' % name,
           'status %s\n%s' % (status, (report or output)[-1500:]))
    for cmd, path in outs:
        try:
            text = open(path, errors='replace').read()
        except OSError:
            text = None
        s.t.ok(text is not None and text.strip() and
               not re.search(r'[\x00-\x08\x0b-\x1f\x7f]', text),
               'inside crash, %s: pagescope %s answered or said why' % (name, ' '.join(cmd)),
               repr((text or '')[:400]))
        word = expect.get(' '.join(cmd))
        if word:
            s.t.ok(word.lower() in (text or '').lower(),
                   'inside crash, %s: pagescope %s says "%s"' % (name, ' '.join(cmd), word),
                   repr((text or '')[-800:]) + '\n' + output[-800:])


def main():
    t = Tap()
    top_scratch = common.SCRATCH
    os.makedirs(top_scratch, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix='hostile-', dir=top_scratch)
    start = time.time()
    s = Suite(t, scratch)
    try:
        kdump = os.path.join(scratch, 'vmcore.kdump')
        shutil.copyfile(common.vmcore(KERNEL, 'kdump'), kdump)
        elf = os.path.join(scratch, 'vmcore.elf')
        subprocess.run(['cp', '--sparse=always', common.vmcore(KERNEL, 'elf'), elf], check=True)
        # Warm the suite's layout cache on the sound dump.
        s.run_case('the sound ELF dump', elf, [['layout'], ['lru']], timeout=WARM_TIMEOUT)
        s.run_case('the sound kdump dump', kdump, [['layout']], timeout=WARM_TIMEOUT)
        # PS_HOSTILE_PARTS=crash etc.: one part while developing.
        parts = os.environ.get('PS_HOSTILE_PARTS', 'files,memory,crash').split(',')
        if 'files' in parts:
            truncations(s, elf, kdump)
            elf_fields(s, elf)
            kdump_fields(s, kdump)
            vmcoreinfo_values(s, kdump, elf)
            odd_files(s, elf)
        m, cases = memory_cases(s, elf) if 'memory' in parts or 'crash' in parts else (None, [])
        if 'memory' in parts:
            pgtable_cases(s, elf, m)
        if 'crash' in parts:
            crash_cases(s, elf, m, cases)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print('# %d cases, %d checks in %.0f s' % (s.cases, t.n, time.time() - start))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
