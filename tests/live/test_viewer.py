#!/usr/bin/env python3
"""Issue 6, live: the viewer on the 6.12 guest's own /proc/kcore (-i 1, in
tmux, no vmlinux), while the churn allocates and frees memory. The guest
(dumps/live/viewer.sh) sent the keys and captured the screens; here we
judge them: the map is drawn, the "read at HH:MM:SS: N pageblocks
changed" indicator updates (and, in the free mode, counts the pageblocks
a 64 MiB file took from the buddy allocator and gave back), `p` stops
the updates until `p` again, the Lists screen never shows a list that
changed under the walk as broken,
and `q` exits with status 0 and gives the terminal back."""
import os
import re
import sys

import live
from live import Tap

INDICATOR = re.compile(r'(\d\d:\d\d:\d\d): (\d+) pageblocks changed')
# A refresh must have had time to happen while paused: the pause lasts
# this many times the longest refresh period seen while live.
PAUSE_PERIODS = 1.5


class Capture:
    def __init__(self, base):
        self.name = os.path.basename(base)
        self.step = self.name.split('-', 1)[1]
        with open(base + '.txt') as f:
            self.screen = f.read()
        # "uptime SECONDS", then the pane's "key=value ..." (viewer.sh)
        uptime, pane = live.text('viewer', self.name + '.meta').splitlines()[:2]
        self.uptime = float(uptime.split()[1])
        self.pane = dict(kv.split('=', 1) for kv in pane.split())
        m = INDICATOR.search(self.screen)
        self.indicator = m.group(0) if m else None
        self.title = self.screen.split('\n', 1)[0]


def captures():
    d = live.path('viewer')
    names = sorted(n[:-4] for n in os.listdir(d) if re.match(r'\d{3}-.*\.txt$', n))
    return [Capture(os.path.join(d, n)) for n in names]


def of_step(caps, step):
    return [c for c in caps if c.step == step]


def distinct(values):
    out = []
    for v in values:
        if v and (not out or out[-1] != v):
            out.append(v)
    return out


def check_session(t):
    log = live.text('viewer', 'session.txt')
    bad = [x for x in log.splitlines() if 'timeout' in x or 'failed' in x]
    t.ok(not bad, 'the scripted viewer session ran every step in time', '\n'.join(bad) or log)


def check_map(t, caps):
    maps = of_step(caps, 'map')
    screen = maps[0].screen if maps else ''
    t.ok('legend:' in screen and re.search(r'^gb +0 ', screen, re.M) and
         re.search(r'^gb +4 ', screen, re.M),
         'the map is drawn: gigablocks 0 and 4 (both nodes) and the legend', screen)
    t.ok('kcore [live]' in (maps[0].title if maps else ''),
         'the top bar says the viewer is live on kcore', screen[:200])


def live_periods(caps):
    """Seconds between new indicators while live (sampled every 0.5 s)."""
    live_caps = of_step(caps, 'live')
    return [b.uptime - a.uptime for a, b in zip(live_caps, live_caps[1:])]


def check_updates(t, caps):
    shown = distinct(c.indicator for c in of_step(caps, 'live'))
    t.ok(len(shown) >= 3, 'the "N pageblocks changed" indicator updated at least twice',
         '\n'.join(shown) or 'no indicator on any live capture')
    times = [INDICATOR.match(x).group(1) for x in shown]
    t.ok(times == sorted(times) and len(set(times)) == len(times),
         'each update has a later read time', times)
    periods = live_periods(caps)
    if periods:
        print('# live refresh period with -i 1 under TCG: %s s' %
              ', '.join('%.1f' % p for p in periods))


def check_pause(t, caps):
    paused = of_step(caps, 'paused')
    if not t.ok(paused, 'p: the viewer paused (captures while paused)'):
        return
    t.ok(all('[paused]' in c.title for c in paused), 'p: the top bar says [paused]',
         '\n'.join(c.title for c in paused if '[paused]' not in c.title))
    shown = distinct(c.indicator for c in paused)
    t.ok(len(shown) == 1, 'p: no update while paused', '\n'.join(shown))
    span = paused[-1].uptime - paused[0].uptime
    longest = max(live_periods(caps) or [0])
    t.ok(longest and span >= PAUSE_PERIODS * longest,
         'p: the pause lasted long enough for a refresh to show (%.0f s, refresh period '
         'up to %.0f s)' % (span, longest))
    resumed = of_step(caps, 'resumed')
    after = distinct(c.indicator for c in resumed if c.indicator != (shown or [None])[0])
    t.ok(resumed and all('[live]' in c.title for c in resumed) and after,
         'p again: live again, the indicator updates',
         '\n'.join('%s %s' % (c.title, c.indicator) for c in resumed))


def check_changes(t, caps):
    free = of_step(caps, 'free-mode') + of_step(caps, 'free-hog') + of_step(caps, 'free-unhog')
    t.ok(free and all('how much of each pageblock is free' in c.screen for c in free),
         'm: the map switched to the free mode')
    # The churn alone may not move the free map (its rings reuse the pages
    # they free). viewer.sh writes a 64 MiB file just after a refresh ended
    # and captures each refresh up to one that began after the write; then
    # removes it the same way. Each pageblock the file took (or gave back)
    # is counted by one refresh of its run.
    for step, what in (('free-hog', 'written'), ('free-unhog', 'removed')):
        counts = [int(INDICATOR.search(c.indicator).group(2))
                  for c in of_step(caps, step) if c.indicator]
        t.ok(sum(counts), 'm (free mode): a 64 MiB file %s shows as changed pageblocks'
             % what, counts)


def check_lists(t, caps):
    lists = of_step(caps, 'lists')
    if not t.ok(lists, 'the Lists screen was drawn while live'):
        return
    t.ok(all('Buddy free lists (free):' in c.screen for c in lists),
         'Lists: every capture shows the buddy free lists')
    bad = []
    for c in lists:
        bad += ['%s: %s' % (c.name, line.strip()) for line in c.screen.splitlines()
                if 'BROKEN' in line or 'corruption' in line]
    t.ok(not bad, 'Lists: no list that changed under the walk shown as broken '
         '(transient at most)', '\n'.join(bad[:12]))
    transient = sum('transient' in c.screen for c in lists)
    print('# Lists: %d captures, %d with a transient mark, %d lines saying broken' %
          (len(lists), transient, len(bad)))


def check_other_screens(t, caps):
    check = of_step(caps, 'check')
    t.ok(check and re.search(r'^Check: \d+ rows, \d+ failed', check[0].screen, re.M),
         'the Check screen was drawn while live', check[0].screen if check else '')
    # Live counters move: a counter's row is ok, or drift.
    t.ok(check and re.search(r'^NR_FREE_PAGES node \d+ \S+ +\d+ +\d+ +(ok|drift) ',
                             check[0].screen, re.M),
         'the Check screen shows check\'s rows, ok or drift while live',
         check[0].screen if check else '')
    gb = of_step(caps, 'gigablocks')
    t.ok(gb and 'Gigablocks: 2 with memory' in gb[0].screen,
         'the Gigablocks screen was drawn while live', gb[0].screen if gb else '')


# A fresh terminal's modes, which the viewer must leave behind.
RESTORED = {'alternate': '0', 'cursor': '1', 'keypad': '0', 'keypad_cursor': '0',
            'mouse': '0'}


def check_quit(t, caps):
    quit_, dead = of_step(caps, 'quit'), of_step(caps, 'dead')
    if not t.ok(quit_ and dead, 'q: captures after quitting'):
        return
    c = quit_[-1]
    t.ok('EXIT=0' in c.screen, 'q: the viewer exited with status 0 (the shell around it says)',
         c.screen.strip())
    modes = {k: c.pane.get(k) for k in RESTORED}
    t.eq(modes, RESTORED, 'q: the terminal is restored (normal screen, cursor shown, keypad '
         'and mouse off)')
    t.ok('legend:' not in c.screen and ' 1 Map ' not in c.screen,
         'q: the viewer\'s screen is gone', c.screen)
    # tmux's own pane_dead_status is not reliable in the guest (see
    # dumps/live/viewer.sh); when it is there it must agree.
    d = dead[-1]
    t.ok(d.pane.get('dead') == '1' and d.pane.get('status') in ('0', ''),
         'Enter: the shell exited with the viewer\'s status, the pane is dead', d.pane)


def main():
    t = Tap()
    caps = captures()
    check_session(t)
    check_map(t, caps)
    check_updates(t, caps)
    check_pause(t, caps)
    check_changes(t, caps)
    check_lists(t, caps)
    check_other_screens(t, caps)
    check_quit(t, caps)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
