#!/usr/bin/env python3
"""Snapshots (docs/snapshot.md): saved from every test dump, in every
format, with DWARF and with BTF, they answer every read-only subcommand,
text and JSON, as the dump does, but for the fields that say where the
answer came from. A damaged snapshot is one line and exit 1; a question
the snapshot never recorded says so."""
import json
import os
import re
import shutil
import struct
import sys
import tempfile

import common
from common import Tap

KERNELS = common.kernels_of(('6.1', '6.12', '6.12-fault', '7.2', '5.10'))

# Where the answer came from: the only fields a snapshot answers otherwise.
IDENTITY_JSON = {('summary', 'kernel'): ('dump', 'vmlinux', 'debuginfo', 'layout_source'),
                 ('layout', None): ('source',)}
IDENTITY_TEXT = ('dump ', 'debug info ', '# kernel ')


def commands(kernel):
    """Every read-only subcommand, and a page of each kind the workload made."""
    pfns, kinds = ['0x1000', '0x4801', '0x1046'], set()
    for line in open(common.truth_path(kernel, 'workload-pfns.txt')):
        kind, pfn = line.split()
        if kind not in kinds:
            kinds.add(kind)
            pfns.append(pfn)
    cmds = [['summary'], ['frag'], ['free'], ['free', '--format=pagetypeinfo'],
            ['free', '--format=buddyinfo'], ['blocks'], ['blocks', '0x100000+0x4000'],
            ['map'], ['map', '--by', 'anon-exclusive'], ['layout'], ['lru'], ['split'],
            ['check'], ['pages', '0x100000+0x800'],
            # The owner pass: what it read is recorded too.
            ['owners'], ['owners', '--by', 'cache'], ['owners', '--by', 'task'],
            ['owners', '--by', 'block'], ['map', '--by', 'owner'],
            ['map', '--by', 'movability'], ['map', '--by', 'free'],
            ['pages', '--owner', 'slab']]
    return cmds + [['page', p] for p in pfns]


# The other formats and BTF read the same kernel another way: the walks.
SOME = {
    'kdump': [['summary'], ['free'], ['frag'], ['check'], ['page', '0x4801']],
    'filtered': [['summary'], ['free'], ['frag'], ['lru'], ['split'], ['check'],
                 ['page', '0x4801']],
    'btf': [['summary'], ['check'], ['lru'], ['page', '0x4801']],
}


def normal_json(cmd, text):
    try:
        doc = json.loads(text)
    except ValueError:
        return text
    for (name, key), fields in IDENTITY_JSON.items():
        if cmd[0] != name:
            continue
        obj = doc.get(key, {}) if key else doc
        for f in fields:
            obj.pop(f, None)
    return doc


def normal_text(text):
    return '\n'.join(line for line in text.splitlines()
                     if not line.startswith(IDENTITY_TEXT))


def same(t, tag, cmd, base, snap):
    for j in ([], ['-j']):
        a = common.run(cmd + j + base)
        b = common.run(cmd + j + [snap])
        if j:
            ga, gb = normal_json(cmd, a[1]), normal_json(cmd, b[1])
        else:
            ga, gb = normal_text(a[1]), normal_text(b[1])
        t.ok(a[0] == b[0] and ga == gb and a[2] == b[2],
             '%s: %s%s from the snapshot equals the dump\'s' % (tag, ' '.join(cmd), ' -j' if j else ''),
             'status %d/%d\nstderr %r / %r\n--- dump\n%s\n--- snapshot\n%s' %
             (a[0], b[0], a[2], b[2], a[1][:1500], b[1][:1500]))


def round_trip(t, tmp, kernel, base, tag):
    snap = os.path.join(tmp, '%s-%s.pss' % (kernel, tag))
    status, out, err = common.run(['save', '-o', snap, '-j'] + base)
    if not t.ok(status == 0 and os.path.exists(snap),
                '%s %s: save writes the snapshot' % (kernel, tag), err):
        return None
    info = json.loads(out)
    size = os.path.getsize(snap)
    t.eq(info['bytes'], size, '%s %s: save says the size it wrote' % (kernel, tag))
    # A few MiB per 16 GiB: the memory map is 1/64 of memory, coded ~100x.
    t.ok(size < info['memmap_bytes'] // 16,
         '%s %s: %d bytes for %d of memory map' % (kernel, tag, size, info['memmap_bytes']))
    for cmd in SOME.get(tag) or commands(kernel):
        same(t, '%s %s' % (kernel, tag), cmd, base, snap)
    return snap


def damaged(t, tmp, snap):
    data = open(snap, 'rb').read()
    cases = {
        'cut in half': data[:len(data) // 2],
        'cut before its trailer': data[:-4],
        'only its magic line': data[:data.index(b'\n') + 1],
        'a future format': re.sub(rb'^pagescope-snapshot \d+', b'pagescope-snapshot 99', data),
    }
    # Zeros or one flipped bit anywhere past the magic line: every record,
    # its header too, carries a checksum.
    head = data.index(b'\n') + 1
    for i in range(8):
        at = head + (len(data) - head - 16) * i // 8
        while data[at:at + 8] == bytes(8):      # zeros over zeros change nothing
            at += 8
        cases['scribbled at byte %d' % at] = data[:at] + bytes(8) + data[at + 8:]
        flip = at + 3
        cases['a bit flipped at byte %d' % flip] = (
            data[:flip] + bytes([data[flip] ^ 0x10]) + data[flip + 1:])
    for what, content in cases.items():
        path = os.path.join(tmp, 'damaged.pss')
        with open(path, 'wb') as f:
            f.write(content)
        status, out, err = common.run(['summary', path])
        lines = err.strip().splitlines()
        t.ok(status == 1 and len(lines) == 1 and 'snapshot' in lines[0] and not out,
             'a snapshot %s: one line, exit 1' % what, 'status %d\n%s' % (status, err))


def unrecorded(t, snap):
    status, out, err = common.run(['sym', 'jiffies', snap])
    t.ok(status == 1 and 'does not hold the address of symbol jiffies' in err,
         'a symbol never looked up: the snapshot says it does not hold it', err)
    status, out, err = common.run(['page', '0xffff888000000000', snap])
    t.ok(status == 1 and 'holds no translation' in err,
         'an address never translated: the snapshot says it holds no translation', err)


def watch_dump(t, tmp, kernel):
    """watch on a dump: -o makes its directory (parents too) and writes a
    snapshot per sample, each answering as the dump; --png plots them; a
    DIR that cannot be made is one line and exit non-zero, before any
    sample."""
    base = common.on(kernel)
    out_dir = os.path.join(tmp, 'watch', 'not', 'made', 'yet')
    png = os.path.join(tmp, 'watch.png')
    status, out, err = common.run(['watch', '--count', '2', '-i', '0.1', '-o', out_dir,
                                   '--png', png] + base)
    t.eq(status, 0, '%s: watch --count 2 -o NEW/DIR --png on a dump' % kernel)
    samples = sorted(os.listdir(out_dir)) if os.path.isdir(out_dir) else []
    t.eq(samples, ['sample-0000.pss', 'sample-0001.pss'],
         '%s: watch -o created the missing directories and a snapshot per sample' % kernel)
    for name in samples[:1]:
        same(t, '%s watch' % kernel, ['summary'], base, os.path.join(out_dir, name))
    data = open(png, 'rb').read() if os.path.exists(png) else b''
    width, height = struct.unpack('>II', data[16:24]) if len(data) > 24 else (0, 0)
    t.ok(data[:8] == b'\x89PNG\r\n\x1a\n' and data[12:16] == b'IHDR' and width and height,
         '%s: watch --png wrote a PNG (%dx%d)' % (kernel, width, height))
    blocker = os.path.join(tmp, 'a-file')
    open(blocker, 'w').close()
    for bad in (blocker, os.path.join(blocker, 'below')):
        status, out, err = common.run(['watch', '-o', bad] + base)
        t.ok(status != 0 and len(err.strip().splitlines()) == 1 and bad in err and not out,
             '%s: watch -o %s: one line, exit %d, no sample' %
             (kernel, bad.replace(tmp, 'TMP'), status), err)


def main():
    t = Tap()
    tmp = tempfile.mkdtemp(prefix='pagescope-snap-')
    try:
        snap = None
        for kernel in KERNELS:
            for fmt in common.FORMATS + ('filtered',):
                if os.path.exists(common.vmcore(kernel, fmt)):
                    got = round_trip(t, tmp, kernel, common.on(kernel, fmt), fmt)
                    snap = snap or got
        # 7.x: BTF with symbols from the dump's PC-relative kallsyms.
        if '7.2' in KERNELS:
            round_trip(t, tmp, '7.2', ['--btf', common.vmcore('7.2', 'elf')], 'btf')
        # No kallsyms in VMCOREINFO: BTF from the dump, symbols from System.map.
        if '5.10' in KERNELS:
            round_trip(t, tmp, '5.10', common.btf_on('5.10'), 'btf')
        btf = round_trip(t, tmp, '6.12', ['--btf', common.vmcore('6.12', 'elf')], 'btf')
        watch_dump(t, tmp, '6.12')
        if snap:
            damaged(t, tmp, snap)
            unrecorded(t, btf or snap)
    finally:
        shutil.rmtree(tmp)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
