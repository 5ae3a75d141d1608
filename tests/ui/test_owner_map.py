#!/usr/bin/env python3
"""The map's owner mode, against `map -j --by owner` and `blocks -j` of the
same dump: the kinds of its legend, the cells of a gigablock, the owners of
one pageblock in the detail pane. And how fast the viewer answers: the
time to the first screen and each key's redraw (PAGESCOPE_UI_TRACE), as
TAP diagnostics, never asserted: the machine is shared."""
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'dump'))
import common  # noqa: E402
from common import Tap  # noqa: E402
from tmux import Viewer  # noqa: E402

SIZE = (100, 40)
OWNER_HEADER = "Map: the owner kind holding most"
# The map at one cell per pageblock: 64 cells a line at 100 columns.
CELLS_PER_LINE = 64


def start(kernel, trace, fmt='elf'):
    e = common.env()
    e = {k: e[k] for k in ('XDG_CACHE_HOME',) if k in e}
    e['PAGESCOPE_UI_TRACE'] = trace
    return Viewer([common.BIN] + common.on(kernel, fmt), SIZE[0], SIZE[1], env=e)


def read_trace(path):
    events = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if w[0] == 'key':
                events.append(('key', int(w[1]), float(w[2]), float(w[3])))
            elif w[0] == 'first_screen':
                events.append(('first_screen', int(w[2]), None, float(w[1])))
            else:
                events.append((w[0], None, None, float(w[1])))
    return events


def key_name(code):
    return {9: 'Tab', 353: 'BTab', 13: 'Enter', 10: 'Enter', 263: 'BSpace', 127: 'BSpace'}.get(
        code, chr(code) if 32 < code < 127 else str(code))


def report_times(t, what, launched, events):
    """The figures, as diagnostics."""
    first = [e[3] for e in events if e[0] == 'first_screen']
    idle = [e[3] for e in events if e[0] == 'idle']
    whole = [e[3] for e in events if e[0] == 'map_done']
    if first:
        print('# %s: first screen %.0f ms after launch' % (what, (first[0] - launched) * 1e3))
    if whole:
        print('# %s: the map whole %.0f ms after launch' % (what, (whole[0] - launched) * 1e3))
    if idle:
        print('# %s: no walk left (map, the walks of the screens asked for) %.0f ms after launch'
              % (what, (idle[0] - launched) * 1e3))
    keys = [(key_name(e[1]), (e[3] - e[2]) * 1e3) for e in events if e[0] == 'key']
    for name, ms in keys:
        print('# %s: key %s redrawn in %.1f ms' % (what, name, ms))
    if keys:
        print('# %s: %d keys, slowest redraw %.1f ms' % (what, len(keys), max(ms for _, ms in keys)))
    scanned = [e[1] for e in events if e[0] == 'first_screen']
    return t.ok(scanned and scanned[0] < 100,
                '%s: the first screen is drawn before the walk of the map ends (%s%% scanned)'
                % (what, scanned[0] if scanned else '?'), events)


def legend_kinds(screen):
    """Names of the legend's classes: 'G name' pairs after 'legend:'."""
    lines = screen.rstrip('\n').split('\n')
    at = [i for i, line in enumerate(lines) if line.startswith('legend:')]
    if not at:
        return {}
    text = lines[at[0]][len('legend:'):]
    for line in lines[at[0] + 1:]:
        if not line.startswith('        '):
            break
        text += '  ' + line
    return {name: glyph for glyph, name in re.findall(r'(?:^|  ) ?(\S) (\S+)', text)}


def owner_map(kernel):
    doc = common.run_json(['map', '--by', 'owner'] + common.on(kernel))
    return doc['legend'], doc['rows']


def block_owners(row):
    """What `blocks -j` says holds a pageblock: by movability, then the
    pinned and movable owners as (pages, movability, kind, name)."""
    o = row.get('owners') or {}
    owners = [(x['pages'], x['movability'], x['owner_kind'], x['owner'])
              for x in o.get('pinned', []) + o.get('movable', [])]
    return o.get('by_movability', {}), owners


def pane_owners(screen, pfn):
    """The detail pane of the pageblock at @pfn: the heading's figures and
    the owner lines."""
    lines = screen.split('\n')
    head = [i for i, line in enumerate(lines) if line.startswith('pageblock %#x owners:' % pfn)]
    if not head:
        return None, []
    movs = dict((k, int(v)) for k, v in re.findall(r'(\w+) (\d+)', lines[head[0]].split('owners:')[1]))
    owners = []
    for line in lines[head[0] + 1:]:
        m = re.match(r' +(\d+) pages  (\S+) +(\S+) +(.*)$', line)
        if not m:
            break
        owners.append((int(m.group(1)), m.group(2), m.group(3), m.group(4).rstrip()))
    return movs, owners


def same_owners(shown, want):
    """Names may be cut at the screen's edge."""
    return len(shown) == len(want) and all(
        s[:3] == w[:3] and s[3] and w[3].startswith(s[3]) for s, w in zip(shown, want))


def to_owner_mode(v):
    for _ in range(12):
        s = v.wait('legend:')
        if OWNER_HEADER in s:
            return s
        v.keys('m')
        time.sleep(0.1)
    raise TimeoutError('no owner mode after 12 presses of m')


def check_legend(t, kernel, s, legend, rows):
    kinds = legend_kinds(s)
    want = {legend[c] for r in rows for c in r['classes'] if c}
    t.eq(set(kinds), want, '%s: owner map: its legend names the kinds of `map -j --by owner`' % kernel)
    return kinds


def check_gigablock(t, kernel, s, kinds, rows):
    """Enter: the first gigablock, a cell per pageblock, each the glyph of
    its class in `map -j --by owner`."""
    glyphs = []
    for line in s.split('\n')[2:]:
        m = re.match(r' *0x[0-9a-f]+  (\S+)', line)
        if not m:
            break
        glyphs.extend(m.group(1))
    legend, classes = rows
    want = [kinds.get(legend[c], ' ') if c else ' ' for c in classes]
    n = min(len(glyphs), len(want))
    t.ok(n >= CELLS_PER_LINE and glyphs[:n] == want[:n],
         '%s: owner map: gigablock 0 has the owner kind of each pageblock of `map -j --by owner`' % kernel,
         'got  %s\nwant %s' % (''.join(glyphs[:n]), ''.join(want[:n])))


def interesting_block(blocks, start, end):
    """A pageblock of [start, end) with pinned and movable owners."""
    inside = [b for b in blocks if start <= b['pfn'] < end]
    for b in inside:
        movs = {o[1] for o in block_owners(b)[1]}
        if 'movable' in movs and movs - {'movable'}:
            return b
    return inside[0] if inside else None


def check_pane(t, kernel, v, block, start, order):
    col = (block['pfn'] - start) >> order
    v.keys(*(['j'] * (col // CELLS_PER_LINE) + ['l'] * (col % CELLS_PER_LINE)))
    s = v.wait('pageblock %#x owners:' % block['pfn'])
    movs, shown = pane_owners(s, block['pfn'])
    want_movs, want = block_owners(block)
    t.eq(movs, want_movs, '%s: owner map: pageblock %#x: pages by movability as `blocks -j`'
         % (kernel, block['pfn']))
    t.ok(same_owners(shown, want),
         '%s: owner map: pageblock %#x: its largest owners, pages and movability as `blocks -j`'
         % (kernel, block['pfn']), 'shown %s\nwant  %s' % (shown, want))


def test_owner_map(t, kernel):
    legend, rows = owner_map(kernel)
    blocks = common.run_json(['blocks'] + common.on(kernel))['blocks']
    # Pageblock order: `blocks` lists every pageblock, in pfn order.
    order = (blocks[1]['pfn'] - blocks[0]['pfn']).bit_length() - 1
    first = rows[0]['start_pfn']
    fd, trace = tempfile.mkstemp(prefix='psui-trace-')
    os.close(fd)
    launched = time.monotonic()
    v = start(kernel, trace)
    try:
        v.wait('one band = one gigablock')
        s = to_owner_mode(v)
        t.ok('finding owners' not in s, '%s: owner map: the owner pass ends' % kernel, s)
        kinds = check_legend(t, kernel, s, legend, rows)
        v.keys('Enter')
        s = v.wait('Map > gigablock')
        check_gigablock(t, kernel, s, kinds, (legend, rows[0]['classes']))
        block = interesting_block(blocks, first, first + (len(rows[0]['classes']) << order))
        if t.ok(block, '%s: `blocks -j` has a pageblock of gigablock 0 to look at' % kernel):
            check_pane(t, kernel, v, block, first, order)
        # Keys for the figures: screens, zoom out, modes back and forth.
        v.keys('Tab', 'BTab', 'BSpace', 'M', 'm')
        v.wait(OWNER_HEADER, gone='Map > gigablock')
    finally:
        v.close()
    report_times(t, '%s elf' % kernel, launched, read_trace(trace))
    os.unlink(trace)


def first_screen(v):
    """As soon as the map is up, its walk still running or not."""
    deadline = time.monotonic() + v.timeout
    while time.monotonic() < deadline:
        if 'one band = one gigablock' in v.capture():
            return
        time.sleep(0.02)
    raise TimeoutError('no first screen')


def test_times(t, kernel, fmt):
    """The first screen and the keys, on another format: the screens of the
    walks that run in the background (check, frag, lists) at once, then the map."""
    fd, trace = tempfile.mkstemp(prefix='psui-trace-')
    os.close(fd)
    launched = time.monotonic()
    v = start(kernel, trace, fmt)
    try:
        first_screen(v)
        v.keys('4', '2', '3', '1')
        v.wait('one band = one gigablock')
        v.keys('l', 'j', 'Enter', 'l', 'BSpace', 'm', 'Tab', 'BTab', 'M')
        v.wait('one band = one gigablock')
    finally:
        v.close()
    report_times(t, '%s %s' % (kernel, fmt), launched, read_trace(trace))
    os.unlink(trace)


def main():
    t = Tap()
    kernel = '6.12'
    if kernel not in common.KERNELS:
        kernel = common.KERNELS[0]
    if not t.ok(os.path.exists(common.vmcore(kernel, 'elf')),
                '%s: test dump %s exists' % (kernel, common.vmcore(kernel, 'elf'))):
        return t.done()
    try:
        test_owner_map(t, kernel)
        test_times(t, kernel, 'kdump')
    except TimeoutError as e:
        t.ok(False, '%s: %s' % (kernel, str(e).splitlines()[0]), e)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
