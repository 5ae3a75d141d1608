#!/usr/bin/env python3
"""Pageblocks, free lists and gigablocks against the guests' truth:
/proc/pagetypeinfo and /proc/buddyinfo byte for byte, a clean cross-check,
gigablock sums equal to zone and global totals, and a PNG that decodes."""
import os
import struct
import sys
import zlib

import common
from common import Tap


def check_kernel_formats(t, kernel, fmt):
    for name in ('pagetypeinfo', 'buddyinfo'):
        code, out, err = common.run(['free', '--format=' + name] + common.on(kernel, fmt))
        truth = common.truth_text(kernel, name)
        t.ok(code == 0 and out == truth,
             '%s %s: free --format=%s equals the guest\'s /proc/%s' % (kernel, fmt, name, name),
             ''.join(l for l in __import__('difflib').unified_diff(
                 truth.splitlines(True), out.splitlines(True), 'guest', 'pagescope')) + err)


def check_free(t, kernel):
    code, out, err = common.run(['free', '-j'] + common.on(kernel))
    f = common.json.loads(out)
    anomalies = {k: v for k, v in f['cross_check']['anomalies'].items()
                 if v and k != 'wrong_migratetype'}
    t.ok(code == 0 and f['ok'] and not anomalies,
         '%s: free lists intact; every PageBuddy head on exactly one list of its order' % kernel,
         (anomalies, err))
    t.ok(all(o['nr_free'] == o['walked'] for z in f['zones'] for o in z['orders']),
         '%s: nr_free of every free_area = blocks on its lists' % kernel)
    zi = common.zoneinfo(kernel)
    keys = [(z['nid'], z['zone']) for z in f['zones']]
    t.eq([z['free_pages'] for z in f['zones']], [zi[k]['free'] for k in keys],
         '%s: free pages on the lists per zone = zoneinfo pages free' % kernel)


def add(a, b):
    return {k: a.get(k, 0) + b.get(k, 0) for k in set(a) | set(b)}


def check_frag(t, kernel):
    frag = common.run_json(['frag'] + common.on(kernel))
    summary = common.run_json(['summary'] + common.on(kernel))
    gb_pages, gb_blocks = {}, {}
    for g in frag['gigablocks']:
        gb_pages = add(gb_pages, {k: v for k, v in g['by_class'].items() if k != 'hole'})
        gb_blocks = add(gb_blocks, g['pageblocks'])
    total = frag['total']
    zone_pages, zone_blocks = {}, {}
    for z in frag['zones']:
        zone_pages = add(zone_pages, z['by_class'])
        zone_blocks = add(zone_blocks, z['pageblocks'])
    want = {k: v for k, v in total['by_class'].items() if k != 'hole'}
    t.eq(gb_pages, want, '%s: gigablock page counts add up to the total' % kernel)
    t.eq({k: v for k, v in zone_pages.items() if k != 'hole'}, want,
         '%s: zone page counts add up to the total' % kernel)
    t.eq(gb_blocks, total['pageblocks'], '%s: gigablock pageblocks add up to the total' % kernel)
    t.eq(total['by_class']['free'], common.vmstat(kernel)['nr_free_pages'],
         '%s: free pages over all gigablocks = vmstat nr_free_pages' % kernel)
    t.eq(total['present'], summary['pages']['total'] - summary['pages']['unreadable'],
         '%s: gigablocks cover every struct page' % kernel)
    t.eq(total['by_class']['poisoned'], len(common.hwpoison_pfns(kernel)),
         '%s: poisoned pages in gigablocks = recorded hwpoison pfns' % kernel)
    verdicts = {g['verdict'] for g in frag['gigablocks']}
    t.ok(verdicts <= {'free', 'migratable', 'blocked', 'partial'} and
         all(g['tainted'] for g in frag['gigablocks'] if g['verdict'] == 'blocked'),
         '%s: every blocked gigablock is tainted' % kernel)
    return frag


def png_size(path):
    """Width and height from IHDR, after checking every chunk's CRC and
    that the image data inflates to the size the header promises."""
    with open(path, 'rb') as f:
        data = f.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, size = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, 'bad CRC in ' + kind.decode()
        if kind == b'IHDR':
            size = struct.unpack('>II', body[:8])
            depth, colour = body[8], body[9]
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}[colour]
    assert depth == 8 and len(raw) == size[1] * (1 + size[0] * channels), 'short image data'
    return size


def check_png(t, kernel, frag):
    path = os.path.join(common.SCRATCH, 'map-%s.png' % kernel)
    if os.path.exists(path):
        os.unlink(path)
    code, out, err = common.run(['map', '--by', 'movability', '--png', path] + common.on(kernel))
    try:
        width, height = png_size(path)
        ok = True
    except Exception as e:	# a broken image is a failed test, not a crash
        ok, width, height, err = False, 0, 0, '%s %s' % (e, err)
    blocks_per_gigablock = frag['gigablock_pages'] // frag['pageblock_pages']
    rows = len(frag['gigablocks'])
    t.ok(code == 0 and ok, '%s: map --png writes a PNG that decodes' % kernel, err)
    # 112 px of row labels, 2 px per pageblock, 8 px margin; 24 px of
    # title, 18 of axis, 24 px per gigablock band, legend rows of 18 px for
    # 6 classes (4 a row), the line saying what a cell is, margin.
    t.eq((width, height), (112 + 2 * blocks_per_gigablock + 8,
                           24 + 18 + 24 * rows + 4 + 18 * 3 + 8),
         '%s: one band per gigablock, one cell per pageblock' % kernel)
    classic = path + '.classic.png'
    code, _, err = common.run(['map', '--by', 'movability', '--palette', 'classic',
                               '--png', classic] + common.on(kernel))
    t.ok(code == 0 and png_size(classic) == (width, height) and
         open(classic, 'rb').read() != open(path, 'rb').read(),
         '%s: --palette classic: the same picture in other colours' % kernel, err)
    code, _, err = common.run(['map', '--palette', 'rainbow', '--png', classic] + common.on(kernel))
    t.ok(code == 2 and '--palette rainbow' in err, '%s: an unknown palette is a usage error'
         % kernel, err)


def check_text_map(t, kernel, frag):
    code, out, err = common.run(['map', '--by', 'migratetype'] + common.on(kernel),
                                extra_env={'NO_COLOR': '1', 'COLUMNS': '80'})
    lines = out.splitlines()
    bands = [l for l in lines if l.startswith('gb ')]
    t.ok(code == 0 and '\033' not in out and len(bands) == len(frag['gigablocks'])
         and all(len(l) <= 80 for l in lines if not l.startswith(('legend', 'page'))),
         '%s: text map: a band per gigablock, 80 columns, no colour under NO_COLOR' % kernel, out[:2000])
    names = common.truth_text(kernel, 'pagetypeinfo').split('Number of blocks type')[1].split('\n')[0].split()
    t.ok(all(n in lines[-1] for n in names),
         '%s: the legend names the kernel\'s migratetypes' % kernel, lines[-1])


def check_owner_map(t, kernel):
    """map --by owner: one class per owner kind, as owners names kinds; a
    pageblock's class is the kind holding most of its pages (owners over
    that pageblock says which); the workload's whole THPs are anon."""
    m = common.run_json(['map', '--by', 'owner'] + common.on(kernel))
    o = common.run_json(['owners'] + common.on(kernel))
    legend = m['legend']
    t.eq(legend[1:], list(o['by_kind']), '%s: map --by owner: a class per owner kind' % kernel)
    per_block = (1 << 18) // m['pageblocks_per_row']
    cls = {r['start_pfn'] + i * per_block: c
           for r in m['rows'] for i, c in enumerate(r['classes']) if c}
    heads = [int(l.split()[1], 0) for l in
             common.truth_text(kernel, 'workload-pfns.txt').splitlines()
             if l.split()[0] in ('thp-head', 'memcg-thp-head')]
    bad = [h for h in heads if h % per_block == 0 and legend[cls.get(h, 0)] != 'anon']
    t.ok(heads and not bad, '%s: map --by owner: the workload\'s %d THPs\' pageblocks are anon'
         % (kernel, len(heads)), bad)
    blocks = sorted(cls)
    sample = blocks[::max(1, len(blocks) // 12)]
    bad = []
    for b in sample:
        kinds = common.run_json(['owners', '%#x+%#x' % (b, per_block)]
                                + common.on(kernel))['by_kind']
        top = max(kinds, key=lambda k: (kinds[k], -list(kinds).index(k)))
        if legend[cls[b]] != top:
            bad.append('%#x: map %s, owners %s' % (b, legend[cls[b]], top))
    t.ok(not bad, '%s: map --by owner: %d sampled pageblocks show their largest owner kind'
         % (kernel, len(sample)), bad)
    path = os.path.join(common.TOP, 'build', 'tests', 'map-owner-%s.png' % kernel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    code, _, err = common.run(['map', '--by', 'owner', '--png', path] + common.on(kernel))
    t.ok(code == 0 and png_size(path)[0] > 0, '%s: map --by owner --png decodes' % kernel, err)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        for fmt in common.FORMATS:
            check_kernel_formats(t, kernel, fmt)
        check_free(t, kernel)
        frag = check_frag(t, kernel)
        check_png(t, kernel, frag)
        check_text_map(t, kernel, frag)
        check_owner_map(t, kernel)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
