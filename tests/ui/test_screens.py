#!/usr/bin/env python3
"""Screen tests: tmux runs the viewer on the test dumps, keys drive it,
and the captured screens are compared with tests/ui/expected/. The
expected screens belong to the dumps they were recorded on (dump-id):
on other dumps (rebuilt by `make dumps`) numbers and map cells are masked
and the rest must still match. Checks against the dumps' own truth run
either way. PS_UI_RECORD=1 records the expected screens again."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'dump'))
import common  # noqa: E402
from common import Tap  # noqa: E402
from tmux import Viewer  # noqa: E402

EXPECTED = os.path.join(HERE, 'expected')
RECORD = os.environ.get('PS_UI_RECORD') == '1'
SIZE = (100, 30)


def dump_id(kernel):
    h = hashlib.sha1()
    for name in ('buddyinfo', 'pagetypeinfo', 'uname-r'):
        try:
            h.update(common.truth_text(kernel, name).encode())
        except FileNotFoundError:
            pass
    return h.hexdigest()[:12]


def start(kernel, size=SIZE, env=None, fmt='elf'):
    e = common.env()
    e = {k: e[k] for k in ('XDG_CACHE_HOME',) if k in e}
    e.update(env or {})
    return Viewer([common.BIN] + common.on(kernel, fmt), size[0], size[1], env=e)


def lines(screen):
    return [line.rstrip() for line in screen.rstrip('\n').split('\n')]


GRID = re.compile(r'[A-Za-z.?#+\-]{16,}')
NUMBER = re.compile(r'0x[0-9a-f]+|\d+')


def masked(line):
    """A line with its data hidden: map cells and numbers."""
    return re.sub(r' +', ' ', NUMBER.sub('#', GRID.sub('~', line)))


FLAG_LIST = re.compile(r'\| [a-z0-9_#]+(?:,[a-z0-9_#]+)*(?= \||$)')


# Parts the status line drops when the flags need the room (ps_ui_part).
DROPPABLE = re.compile(r' \| (?:order #|Enter: inspect)(?= \||$)')


def status_masked(line):
    """The page status line with its flag list hidden, and without the
    parts it keeps only when another page's flags leave room for them."""
    if not line.startswith(' pfn #'):
        return line
    return DROPPABLE.sub('', FLAG_LIST.sub('| FLAGS', line))


def headings(lines_):
    """The inspector's headings, up to their colon: on another dump the page
    differs, and so do its rows and paragraphs, but not its sections."""
    return [line.split(':')[0] for line in lines_ if re.match(r' \S', line)]


def compare(t, kernel, name, screen, size=SIZE, nr_lines=None, page_data=None):
    """Compare with expected/KERNEL/NAME.txt: exactly on the recorded dumps,
    masked on others. @nr_lines: only the top of the screen (what other
    commands' reports fill below it is theirs to test). @page_data: the
    screen shows one page, which other dumps hold differently: 'status'
    (its flags on the status line) or 'inspector' (the whole screen)."""
    path = os.path.join(EXPECTED, kernel, name + '.txt')
    ident = dump_id(kernel)
    got = lines(screen)[:nr_lines]
    if RECORD:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write('# dump-id %s size %dx%d\n' % (ident, size[0], size[1]))
            f.write('\n'.join(got) + '\n')
    try:
        with open(path) as f:
            head, *want = f.read().rstrip('\n').split('\n')
        want = want[:nr_lines]
    except FileNotFoundError:
        return t.ok(False, '%s: %s: expected screen %s exists' % (kernel, name, path))
    exact = head.split()[2] == ident
    if exact:
        a, b = want, got
    else:
        if page_data == 'inspector':
            want, got = headings(want), headings(got)
        a, b = [masked(x) for x in want], [masked(x) for x in got]
        if page_data == 'status':
            a, b = [status_masked(x) for x in a], [status_masked(x) for x in b]
        # A line the terminal cut at its right edge ends at another place
        # once numbers have other widths: compare what both show.
        for i, (x, y) in enumerate(zip(want, got)):
            if max(len(x), len(y)) >= size[0] - 1:
                n = min(len(a[i]), len(b[i]))
                a[i], b[i] = a[i][:n], b[i][:n]
    diff = '\n'.join('line %d:\n  want %r\n  got  %r' % (i, x, y)
                     for i, (x, y) in enumerate(zip(a + [''] * len(b), b + [''] * len(a)))
                     if x != y)
    return t.ok(a == b, '%s: %s screen equals expected/%s/%s.txt%s' %
                (kernel, name, kernel, name, '' if exact else ' (masked: other dumps)'),
                diff + '\n--- screen:\n' + screen)


def run(t, name, fn, *args):
    if os.environ.get('PS_UI_ONLY', '') not in name:
        return
    try:
        fn(t, *args)
    except (TimeoutError, subprocess.TimeoutExpired) as e:
        t.ok(False, '%s: %s' % (name, str(e).splitlines()[0]), e)


# ---------------------------------------------------------------------------

def test_map(t, kernel):
    v = start(kernel)
    try:
        s = v.wait('one band = one gigablock')
        compare(t, kernel, 'map', s)
        frag = common.run_json(['frag'] + common.on(kernel))
        labels = re.findall(r'^gb +(\d+) ', s, re.M)
        t.eq([int(x) for x in labels], [g['index'] for g in frag['gigablocks']],
             '%s: map: a band per gigablock of `frag`' % kernel)
        t.ok('gb %d: %s' % (frag['gigablocks'][0]['index'],
                            frag['gigablocks'][0]['explanation'][:20]) in s,
             '%s: map: the status line has the verdict of the gigablock under the cursor' % kernel)
    finally:
        v.close()


def test_zoom(t, kernel):
    v = start(kernel)
    try:
        v.wait('one band = one gigablock')
        v.keys('Enter')
        compare(t, kernel, 'zoom-gigablock', v.wait('One cell = 1 pageblock'))
        v.keys('Enter')
        s = v.wait('one cell = 1 page ')
        compare(t, kernel, 'zoom-pageblock', s)
        v.keys('Enter')
        s = v.wait('Page inspector: pfn')
        t.ok('Page 0 (0x0)' in s or re.search(r'Page \d+ \(0x', s),
             '%s: Enter on a page opens the inspector' % kernel, s)
        v.keys('BSpace')
        v.wait('one cell = 1 page ')
        v.keys('BSpace', 'BSpace')
        v.wait('one band = one gigablock')
        t.ok(True, '%s: Backspace zooms back out to the memory map' % kernel)
    finally:
        v.close()


def test_hwpoison(t, kernel):
    pfns = sorted(common.hwpoison_pfns(kernel))
    if not t.ok(pfns, '%s: the dump has hwpoison pfns (truth/hwpoison-pfns)' % kernel):
        return
    pfn = pfns[0]
    v = start(kernel, size=(100, 60))
    try:
        v.wait('one band = one gigablock')
        v.keys('g')
        v.text(str(pfn))
        v.keys('Enter')
        s = v.wait('one cell = 1 page ')
        t.ok('pfn %#x |' % pfn in s and 'hwpoison' in s.split('\n')[-2],
             '%s: g %d shows the page on the map, its flags on the status line' % (kernel, pfn), s)
        compare(t, kernel, 'hwpoison-zoom', s, size=(100, 60), page_data='status')
        flags = common.run_json(['page', str(pfn)] + common.on(kernel))['flags']
        t.ok('| %s' % ','.join(flags) in s.split('\n')[-2],
             '%s: the status line lists the flags of pagescope page %d' % (kernel, pfn), s)
        v.keys('Enter')
        s = v.wait('Hardware poison')
        compare(t, kernel, 'hwpoison-inspector', s, size=(100, 60), page_data='inspector')
        # Each flag by the name it has on this page (6.1's bit 17 is
        # PG_anon_exclusive on an anon page), as `page` explains it.
        page = common.run_json(['page', str(pfn)] + common.on(kernel))
        named = [f['name'] for f in page['flags_explained']]
        rows = re.findall(r'^   (\w+) {2,}\S', s.split(' Type and counts')[0], re.M)
        t.ok(len(named) == len(flags) and rows[-len(named):] == named,
             '%s: the inspector has a row per flag of pagescope page %d, named as on this page' % (kernel, pfn),
             'rows %s, flags %s' % (rows, named))
        t.ok('Page %d (%#x)' % (pfn, pfn) in s, '%s: the inspector shows pfn %d' % (kernel, pfn), s)
        t.ok(re.search(r'^ +hwpoison +hardware memory error', s, re.M) and
             'Hardware poison: YES' in s,
             '%s: inspector: PG_hwpoison with its meaning, and the verdict' % kernel, s)
        t.ok(re.search(r'^ +owner +hwpoison: hwpoison \(unmovable\)', s, re.M),
             '%s: inspector: the owner of a poisoned page is the poison' % kernel, s)
        t.ok(re.search(r'Anon-exclusive: (yes|no|n/a) \(rule: (own_bit|head_bit|absent|not_anon)\)', s),
             '%s: inspector: the anon-exclusive rule that applies' % kernel, s)
        # The kernel's own view of the page, as `page` derives it.
        v.keys('End')
        s = v.wait("The kernel's own view")
        m = re.search(r'^ +kpageflags +(0x[0-9a-f]+) \(([^)]*)\)', s, re.M)
        want_kpf = (page.get('kpageflags'), ','.join(page.get('kpageflags_names', [])) or 'none')
        t.ok(m and (m.group(1), m.group(2)) == want_kpf,
             '%s: inspector: /proc/kpageflags of pfn %d as page derives it, %s' % (kernel, pfn, want_kpf), s)
        # Search: the next hwpoison page after this one, as the truth lists it.
        v.keys('BSpace')
        v.wait('one cell = 1 page ')
        v.keys('/')
        v.keys('C-u')
        v.text('hwpoison')
        v.keys('Enter')
        s = v.wait('hwpoison: pfn')
        want = pfns[1] if len(pfns) > 1 else pfns[0]
        t.ok('hwpoison: pfn %#x' % want in s,
             '%s: / hwpoison finds the next hwpoison page, pfn %#x' % (kernel, want), s)
    finally:
        v.close()


def test_gigablocks(t, kernel):
    frag = common.run_json(['frag'] + common.on(kernel))
    v = start(kernel)
    try:
        v.wait('one band = one gigablock')
        v.keys('2')
        v.wait('sorted by gb')
        v.keys('s')
        s = v.wait('sorted by free')
        # The table; the owners panel under it is tested against frag.
        compare(t, kernel, 'gigablocks-by-free', s, nr_lines=6)
        shown = [int(x) for x in re.findall(r'^ +(\d+) 0x[0-9a-f]+-', s, re.M)]
        want = [g['index'] for g in sorted(frag['gigablocks'],
                                           key=lambda g: (-g['by_class']['free'], g['index']))]
        t.eq(shown, want, '%s: gigablocks sorted by free pages, most first' % kernel)
        g = next(g for g in frag['gigablocks'] if g['index'] == want[0])
        m = g['owners']['by_movability']
        head = ('gb %d holds: free %d, movable %d, reclaimable %d, pinned %d' %
                (g['index'], m['free'], m['movable'], m['reclaimable'], m['unmovable']))
        rows = re.findall(r'^ +\d+ +(\w+) +(\w+) +(.+?) *$', s.split(head)[-1], re.M)
        want_rows = [(o['movability'], o['owner_kind'], o['owner'])
                     for o in g['owners']['pinned'] + g['owners']['movable']]
        t.ok(head in s and rows and rows == want_rows[:len(rows)],
             '%s: the cursor\'s gigablock: what holds it, its largest owners as frag names them'
             % kernel, '%s\n%s\n%s' % (head, rows, s))
        v.keys('r')
        s = v.wait('smallest first')
        shown = [int(x) for x in re.findall(r'^ +(\d+) 0x[0-9a-f]+-', s, re.M)]
        t.eq(shown, list(reversed(want)), '%s: r reverses the order' % kernel)
        v.keys('Enter')
        s = v.wait('One cell = 1 pageblock')
        t.ok('Map > gigablock %d:' % want[-1] in s,
             '%s: Enter on a gigablock shows it on the map' % kernel, s)
    finally:
        v.close()


def test_help_lists_check(t, kernel):
    v = start(kernel, size=(100, 45))
    try:
        v.wait('one band = one gigablock')
        v.keys('?')
        s = v.wait('Help: keys')
        compare(t, kernel, 'help', s, size=(100, 45))
        v.keys('Escape')
        v.wait('one band = one gigablock')
        v.keys('3')
        s = v.wait('Deferred split queues')
        compare(t, kernel, 'lists', s, size=(100, 45), nr_lines=8)
        t.ok('Buddy free lists (free): intact' in s,
             '%s: lists: the free lists walked intact' % kernel, s)
        v.keys('4')
        s = v.wait('Check:')
        compare(t, kernel, 'check', s, size=(100, 45))
        check_rows(t, kernel, s)
    finally:
        v.close()


def check_rows(t, kernel, s):
    """The Check screen shows the rows `check -j` emits, in its order, each
    with its verdict."""
    report = common.run_json(['check'] + common.on(kernel))
    rows = report['rows']
    t.ok('Check: %d rows, %d failed' % (len(rows), report['failed']) in s,
         '%s: check: the title counts the rows and failures of `check -j`' % kernel, s)
    screen = lines(s)
    header = next((i for i, line in enumerate(screen) if line.startswith('counter ')), len(screen))
    shown = [line for line in screen[header + 1:] if re.match(r'\S', line)
             and not line.startswith('sorted by')]
    missing = []
    for r, line in zip(rows, shown):
        if not (line.startswith(r['counter'][:44]) and
                re.search(r'\s%s\s' % re.escape(r['verdict']), line + ' ')):
            missing.append('%s %s | %s' % (r['counter'], r['verdict'], line))
    t.ok(len(shown) >= min(len(rows), 30) and not missing,
         '%s: check: a line per row of `check -j`, counter and verdict' % kernel,
         '\n'.join(missing) + '\n--- screen:\n' + s)


def test_resize(t, kernel):
    v = start(kernel, size=(140, 50))
    try:
        v.wait('one band = one gigablock')
        v.resize(80, 24)
        s = v.wait('Map: ', gone=' ' * 100)
        compare(t, kernel, 'map-80x24', s, size=(80, 24))
        ls = s.rstrip('\n').split('\n')
        t.ok(len(ls) == 24 and max(len(x) for x in ls) <= 80 and ls[-1].startswith(' pfn '),
             '%s: resized to 80x24, the map fits and keeps its status line' % kernel, s)
    finally:
        v.close()


def test_colour(t, kernel):
    for env, want in (({}, True), ({'NO_COLOR': '1'}, False)):
        v = start(kernel, env=env)
        try:
            v.wait('one band = one gigablock')
            s = v.capture(escapes=True)
            colour = re.search(r'\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|38;5|48;5)[;m]', s)
            t.ok(bool(colour) == want, '%s: %s' % (
                kernel, 'colours by default' if want else 'NO_COLOR: no colour at all, attributes only'),
                repr(s[:400]))
        finally:
            v.close()


def test_exit(t, kernel):
    """q, and SIGTERM, give the terminal back: normal screen, exit status 0."""
    for how in ('q', 'SIGTERM'):
        v = start(kernel)
        try:
            v.wait('one band = one gigablock')
            t.ok(v.pane('#{alternate_on}') == '1',
                 '%s: the viewer runs on the alternate screen' % kernel)
            if how == 'q':
                v.keys('q')
            else:
                shell = v.pane('#{pane_pid}')
                pid = subprocess.run(['ps', '-o', 'pid=', '--ppid', shell],
                                     capture_output=True, text=True).stdout.split()
                subprocess.run(['kill', '-TERM'] + pid)
            s = v.wait('EXIT=')
            t.ok('EXIT=0' in s and v.pane('#{alternate_on}') == '0',
                 '%s: %s restores the terminal and exits with 0' % (kernel, how), s)
        finally:
            v.close()


def test_before(t, kernel):
    """--before: the map counts and marks the pageblocks changed since a
    snapshot of another dump of the kernel, the gigablocks say what each was."""
    import tempfile
    tmp = tempfile.mkdtemp(prefix='pagescope-ui-')
    snap = os.path.join(tmp, 'before.pss')
    try:
        status, _, err = common.run(['save', '-o', snap] + common.on('6.12'))
        if not t.ok(status == 0, '--before: save the 6.12 dump', err):
            return
        d = common.run_json(['diff', snap] + common.on(kernel))
        changed = sum(c['after'] for c in d['changes'] if c['section'] == 'pageblock')
        e = common.env()
        v = Viewer([common.BIN, '--before', snap] + common.on(kernel), SIZE[0], SIZE[1],
                   env={k: e[k] for k in ('XDG_CACHE_HOME',) if k in e})
        try:
            s = v.wait('one band = one gigablock')
            m = re.search(r'since before\.pss: (\d+) pageblocks changed', s)
            t.ok(m and int(m.group(1)) == changed,
                 '%s --before: the map counts the %d pageblocks whose migratetype changed '
                 '(as diff does)' % (kernel, changed), s)
            v.keys('2')
            s = v.wait('sorted by gb')
            t.ok(re.search(r'in before\.pss: (free|migratable|blocked|partial)', s),
                 '%s --before: the gigablock under the cursor says its verdict before' % kernel, s)
        finally:
            v.close()
    finally:
        shutil.rmtree(tmp)


def test_snapshot_viewer(t, kernel):
    """The viewer on a snapshot alone, as on another machine: no dump, no
    vmlinux, an empty cache. Its Map and Check screens are the dump's."""
    import tempfile
    tmp = tempfile.mkdtemp(prefix='pagescope-ui-')
    snap = os.path.join(tmp, 'alone.pss')
    try:
        status, _, err = common.run(['save', '-o', snap] + common.on(kernel))
        if not t.ok(status == 0, '%s: save a snapshot for the viewer' % kernel, err):
            return
        screens = []
        for args, cache in ((common.on(kernel), common.env().get('XDG_CACHE_HOME')),
                            ([snap], os.path.join(tmp, 'empty-cache'))):
            v = Viewer([common.BIN] + args, SIZE[0], SIZE[1],
                       env={'XDG_CACHE_HOME': cache} if cache else {})
            try:
                first = v.wait('one band = one gigablock')
                v.keys('4')
                screens.append((first, v.wait('Check:')))
            finally:
                v.close()
        (dump_map, dump_check), (snap_map, snap_check) = screens
        # The tab bar names the file; everything below it is the dump's.
        t.eq(lines(snap_map)[1:], lines(dump_map)[1:],
             '%s: the viewer on a snapshot alone: the map as on the dump' % kernel)
        t.eq(lines(snap_check)[1:], lines(dump_check)[1:],
             '%s: the viewer on a snapshot alone: the Check screen as on the dump' % kernel)
    finally:
        shutil.rmtree(tmp)


def test_progress_repaint(t, kernel):
    """Cold caches: the slow reads the Lists screen starts say so on the
    status line, never on stderr over the screen; Ctrl-L repaints a
    screen something else wrote over."""
    cache = tempfile.mkdtemp(prefix='psui-cache-')
    v = start(kernel, env={'XDG_CACHE_HOME': cache})
    try:
        v.wait('one band = one gigablock')
        v.keys('3')
        s = v.wait('Deferred split queues')
        t.ok('pagescope:' not in s,
             '%s, cold caches: no progress line left on the Lists screen' % kernel, s)
        with open(v.pane('#{pane_tty}'), 'w') as tty:
            tty.write('\033[5;5HSOMETHING ELSE WROTE HERE')
        v.wait('SOMETHING ELSE WROTE HERE')
        v.keys('C-l')
        after = v.wait('Deferred split queues', gone='SOMETHING ELSE')
        t.ok(after == s, '%s: Ctrl-L repaints the whole screen' % kernel, after)
    finally:
        v.close()
        shutil.rmtree(cache)


def main():
    t = Tap()
    for kernel in common.KERNELS:
        if not os.path.exists(common.vmcore(kernel, 'elf')):
            t.ok(False, '%s: test dump %s exists' % (kernel, common.vmcore(kernel, 'elf')))
            continue
        run(t, kernel + ' map', test_map, kernel)
        run(t, kernel + ' zoom', test_zoom, kernel)
        run(t, kernel + ' gigablocks', test_gigablocks, kernel)
        run(t, kernel + ' help', test_help_lists_check, kernel)
        if common.hwpoison_pfns(kernel):
            run(t, kernel + ' hwpoison', test_hwpoison, kernel)
        else:
            t.ok(not common.feature(kernel, 'hwpoison'),
                 '%s: hwpoison screens: n/a on this kernel: no poisoned page '
                 '(CONFIG_MEMORY_FAILURE off)' % kernel)
    run(t, '6.12 resize', test_resize, '6.12')
    run(t, '6.12 colour', test_colour, '6.12')
    run(t, '6.12 exit', test_exit, '6.12')
    run(t, '6.12 progress', test_progress_repaint, '6.12')
    run(t, '6.12-fault before', test_before, '6.12-fault')
    run(t, '6.12 snapshot', test_snapshot_viewer, '6.12')
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
