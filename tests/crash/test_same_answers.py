#!/usr/bin/env python3
"""Inside crash, every pagescope subcommand gives the standalone tool's
answer on the same dump: JSON equal but for the fields that name the
dump, the vmlinux and where the layout came from; text and PNG output
equal byte for byte; and the layout crash's type tables give equals the
one from DWARF, item by item.

The subcommands come from the standalone tool's own usage text, so a new
one is covered at once: with `SUB -j` if it takes no argument, otherwise
the test fails until CASES gives it example arguments."""
import difflib
import json
import os
import re
import struct
import sys
import zlib

import crashsession
from crashsession import common, Session
from common import Tap

# Example command lines per subcommand. {va}: a kernel virtual address
# (the mem_section variable, in the kernel image); {png}, {pss}: output
# files; {before}: a snapshot the standalone tool saved of the same dump,
# so diff inside crash must find nothing changed.
CASES = {
    'summary': ['summary -j'],
    'page': ['page 0x1000 -j', 'page pfn:0x10 -j', 'page phys:0x2000000 -j',
             'page {va} -j', 'page 0x1000'],
    'pages': ['pages 0x1000+512 -j', 'pages 0x40000-0x40100 -j',
              'pages 0x1000+64', 'pages 0x1000+0x4000 --owner slab -j',
              'pages --kpageflags 0x4800+0x800'],
    'blocks': ['blocks -j', 'blocks 0x40000+4096 -j'],
    'frag': ['frag -j', 'frag'],
    'free': ['free -j', 'free --format=buddyinfo', 'free --format=pagetypeinfo'],
    'map': ['map -j', 'map', 'map --by free', 'map --by movability',
            'map --by hwpoison', 'map --by anon-exclusive', 'map --by owner -j',
            'map --png {png}'],
    'sym': ['sym mem_section -j', 'sym {va} -j', 'sym mem_section'],
    'layout': ['layout -j'],
    'list': ['list super_blocks -j', 'list super_blocks', 'list init_task.tasks -j',
             'list init_struct_pid.tasks[PIDTYPE_PGID] --type task_struct '
             '--member pid_links[PIDTYPE_PGID] -j',
             'list init_task.tasks', 'list init_task.se.group_node -j'],
    # Members are listed from the DWARF of crash's own vmlinux.
    'type': ['type list_lru', 'type pid -j', 'type task_struct -j', 'type page'],
    'lru': ['lru -j', 'lru'],
    'split': ['split -j', 'split'],
    'check': ['check -j', 'check'],
    'save': ['save -o {pss} -j'],
    'diff': ['diff {before} -j', 'diff {before}', 'diff {before} --check -j'],
    'watch': ['watch --count 1 -j'],
    'owners': ['owners -j', 'owners --by kind', 'owners 0x1000+4096 -j'],
}

# Fields that legitimately differ: the files crash read for us (it does
# not say) and the names of the type and symbol providers.
# A snapshot records the file it was saved from, so its size differs by
# the length of that name; diff names that file as "after"; watch times
# each sample ("*" stands for every element of a list).
IGNORED = [('kernel', 'dump'), ('kernel', 'vmlinux'), ('kernel', 'debuginfo'),
           ('kernel', 'layout_source'), ('source',), ('from',),
           ('snapshot',), ('bytes',), ('other_bytes',), ('after',),
           ('samples', '*', 'seconds'),
           # crash's type tables give no bit-field widths (gdb's member
           # requests carry none): a slab's counters word is split into
           # struct slab's inuse/objects/frozen standalone only.
           ('slab_objects',), ('slab_inuse',), ('slab_frozen',)]

# Text lines that legitimately differ, for the same reason.
TEXT_IGNORED = [r'^after   ']

# For a quicker look while developing: only the kernels, formats and
# command lines matching this regular expression ("6.12 elf: lru").
ONLY = os.environ.get('PS_CRASH_ONLY')

# Every kernel's ELF dump; the kdump file, read through crash's other
# reader (readmem, not the bulk ELF path) the same way on every kernel, on
# 6.12. PS_CRASH_FORMATS_ON=all reads every format of every kernel.
ALL_FORMATS_ON = os.environ.get('PS_CRASH_FORMATS_ON', '6.12').split(',')
FORMATS = [(k, f) for k in common.KERNELS for f in common.FORMATS
           if f == 'elf' or k in ALL_FORMATS_ON or 'all' in ALL_FORMATS_ON]


def subcommands():
    """(name, synopsis) from `pagescope -h` and `pagescope help NAME`."""
    _, out, _ = common.run(['-h'])
    cmds, inside = [], False
    for line in out.splitlines():
        if line.startswith('subcommands:'):
            inside = True
        elif inside and not line.strip():
            break
        elif inside and re.match(r'  \S', line):
            name = line.split()[0]
            _, page, _ = common.run(['help', name])
            usage = page.split('\n\n')[0].split(None, 3)
            cmds.append((name, usage[3] if len(usage) > 3 else ''))
    return cmds


def needs_argument(synopsis):
    first = synopsis.split()[0] if synopsis.split() else '['
    return not first.startswith('[') and not first.startswith('-')


def case_lines(t):
    lines = []
    for name, synopsis in subcommands():
        if name in CASES:
            lines += CASES[name]
        elif needs_argument(synopsis):
            t.ok(False, '%s: give it example arguments in CASES' % name,
                 'synopsis: %s' % synopsis)
        else:
            lines.append(name + ' -j')
    return lines


def strip_path(node, path):
    if len(path) == 1:
        if isinstance(node, dict):
            node.pop(path[0], None)
        return
    if path[0] == '*' and isinstance(node, list):
        for elem in node:
            strip_path(elem, path[1:])
    elif isinstance(node, dict) and path[0] in node:
        strip_path(node[path[0]], path[1:])


def strip_ignored(doc):
    for path in IGNORED:
        strip_path(doc, path)
    return doc


def without_ignored_lines(text):
    lines = [l for l in text.split('\n')
             if not any(re.search(p, l) for p in TEXT_IGNORED)]
    return '\n'.join(lines).rstrip('\n') + '\n'


def first_difference(a, b, path=''):
    if type(a) != type(b):
        return '%s: %r vs %r' % (path or '/', a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return '%s/%s: only in %s' % (path, k, 'crash' if k in a else 'standalone')
            d = first_difference(a[k], b[k], path + '/' + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return '%s: %d vs %d entries' % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, '%s[%d]' % (path, i))
            if d:
                return d
        return None
    return None if a == b else '%s: crash %r, standalone %r' % (path, a, b)


def png_rows(path):
    """The decoded pixel rows of a non-interlaced 8-bit PNG."""
    data = open(path, 'rb').read()
    i, idat, hdr = 8, b'', None
    while i < len(data):
        n, kind = struct.unpack('>I4s', data[i:i + 8])
        body = data[i + 8:i + 8 + n]
        hdr = struct.unpack('>IIBB', body[:10]) if kind == b'IHDR' else hdr
        idat += body if kind == b'IDAT' else b''
        i += 12 + n
    width, height, depth, ctype = hdr
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype] * depth // 8
    stride, raw = width * bpp, zlib.decompress(idat)
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            paeth = a if abs(p - a) <= min(abs(p - b), abs(p - c)) else b if abs(p - b) <= abs(p - c) else c
            line[x] = (line[x] + (0, a, b, (a + b) // 2, paeth)[kind]) & 255
        rows.append(bytes(line))
        prev = line
    return rows


def kernel_va(kernel, fmt):
    """The runtime address of mem_section, from the standalone layout."""
    lay = common.layout_items(common.run_json(['layout'] + common.on(kernel, fmt)))
    link = lay['symbol mem_section']['value'] & (2 ** 64 - 1)
    s = common.run_json(['summary'] + common.on(kernel, fmt))
    return '0x%x' % (link + int(s['kernel']['kaslr_offset'], 16))


def compare_layout(t, tag, got, want):
    t.eq(got.get('source'), 'crash', '%s: layout -j: resolved through crash' % tag)
    got_items, want_items = common.layout_items(got), common.layout_items(want)
    # crash's type tables give no bit-field widths (see IGNORED): bitfield
    # items are absent there, and must say so rather than guess.
    bad = ['%s: crash %s, DWARF %s' % (k, got_items.get(k), v)
           for k, v in want_items.items() if got_items.get(k) != v and
           not (k.startswith('bitfield ') and got_items.get(k, {}).get('present') is False)]
    t.ok(not bad and len(got_items) == len(want_items),
         '%s: layout -j: all %d items equal to the DWARF layout' % (tag, len(want_items)),
         '\n'.join(bad))


def compare(t, s, tag, line, crash_out, va):
    args = line.replace('{va}', va).replace('{before}', s.out('before.pss'))
    alone_png = s.out('standalone.png')
    args = args.replace('{pss}', s.out('standalone.pss'))
    status, want, err = common.run(args.replace('{png}', alone_png).split()
                                   + common.on(s.kernel, s.fmt))
    got = s.read(crash_out)
    name = '%s: %s' % (tag, line)
    if got is None:
        return t.ok(False, name + ': crash wrote no output', s.output[-2000:])
    if status != 0:
        msg = err.strip().split(': ', 1)[-1]
        return t.ok(msg in got, name + ': both fail with the same message',
                    'standalone: %s\ncrash: %s' % (err.strip(), got.strip()))
    if '{png}' in line:
        # The title names no file: the whole picture is the same.
        a, b = png_rows(s.out('crash.png')), png_rows(alone_png)
        return t.ok(len(a) == len(b) and a == b and got == want,
                    name + ': the same picture, title included, same text')
    if ' -j' not in ' ' + args:
        got, want = without_ignored_lines(got), without_ignored_lines(want)
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                    'standalone', 'crash', lineterm='', n=1)
        return t.ok(got == want, name + ': same text', '\n'.join(list(diff)[:40]))
    try:
        got_doc, want_doc = json.loads(got), json.loads(want)
    except ValueError as e:
        return t.ok(False, name + ': crash printed JSON', '%s\n%s' % (e, got[:1500]))
    if line.startswith('layout'):
        return compare_layout(t, tag, got_doc, want_doc)
    diff = first_difference(strip_ignored(got_doc), strip_ignored(want_doc))
    return t.ok(diff is None, name + ': same JSON', diff)


def check_format(t, kernel, fmt, lines):
    tag = '%s %s' % (kernel, fmt)
    if ONLY:
        lines = [l for l in lines if re.search(ONLY, '%s: %s' % (tag, l))]
    if not lines:
        return
    s = Session(kernel, fmt)
    va = kernel_va(kernel, fmt)
    before = s.out('before.pss')
    status, _, err = common.run(['save', '-o', before] + common.on(kernel, fmt))
    t.ok(status == 0, '%s: the standalone tool saves the snapshot diff compares with' % tag, err)
    s.raw('extend %s' % crashsession.EXT)
    outs = [s.add('pagescope ' + l.replace('{va}', va).replace('{png}', s.out('crash.png'))
                  .replace('{pss}', s.out('crash.pss')).replace('{before}', before))
            for l in lines]
    s.run()
    crashsession.check_session(t, s, tag)
    for line, out in zip(lines, outs):
        compare(t, s, tag, line, out, va)
    s.cleanup()


def main():
    t = Tap()
    if not crashsession.have_crash():
        t.ok(False, 'crash and %s are available' % crashsession.EXT)
        return t.done()
    lines = case_lines(t)
    for kernel, fmt in FORMATS:
        check_format(t, kernel, fmt, lines)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
