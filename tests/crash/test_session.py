#!/usr/bin/env python3
"""The crash session survives whatever pagescope is given: loading the
extension twice, unloading and loading it again, bad arguments, addresses
that are not mapped, PFNs beyond memory, and Ctrl-C in the middle of a long
walk. After each, a later command in the same session still gives the
standalone tool's answer; the test says so for each case. Also: `help
pagescope` in crash's format, listing every subcommand, and agreeing with
the man page."""
import json
import os
import re
import sys
import time

import crashsession
from crashsession import common, Session
from common import Tap
import test_same_answers as same

KERNEL, FMT = '6.1', 'elf'  # the kernel of the one-off cases; robustness runs on every one
MAN = os.path.join(common.TOP, 'docs', 'pagescope-crash.1')


def summary_alive(t, s, path, want, what):
    """The summary a later command printed equals the standalone one."""
    text = s.read(path)
    try:
        got = same.strip_ignored(json.loads(text or ''))
    except ValueError:
        return t.ok(False, 'crash survives %s: a later command still works' % what,
                    (text or '(no output)')[:800])
    diff = same.first_difference(got, want)
    return t.ok(diff is None,
                'crash survives %s: a later `pagescope summary -j` gives the standalone answer' % what,
                diff)


def crash_form(line):
    """The standalone tool's "pagescope page: msg" as crash's error() prints it."""
    return re.sub(r'^pagescope (\S+): ', r'pagescope: \1: ', line)


def same_failure(t, s, path, what, command, expect=None):
    """The command fails as the standalone tool fails: the same message, in
    one line from crash's error() (usage errors add a pointer to the help).
    Where the standalone tool prints a report instead, the same report.
    @expect: crash's line where the two grammars differ."""
    args = command.split()[1:]
    status, out, err = common.run(args + common.on(KERNEL, FMT))
    text = s.read(path) or ''
    if status == 0 or not err.strip():
        return t.ok(text == out, '%s: the same output as the standalone tool' % what,
                    'crash: %r\nstandalone: %r' % (text[:300], out[:300]))
    want = expect or crash_form(err.splitlines()[0])
    lines = text.splitlines()
    t.ok(lines[:1] == [want] and len(lines) <= 2,
         '%s: one error line, the standalone message: %s' % (what, want),
         'crash printed:\n' + text[:800])


def robustness(t):
    s = Session(KERNEL, FMT)
    want = same.strip_ignored(common.run_json(['summary'] + common.on(KERNEL, FMT)))
    ext = crashsession.EXT
    cases = []   # (what, command, expected error pattern or None)
    first = s.add('extend %s' % ext)
    second = s.add('extend %s' % ext)
    after_second = s.add('pagescope summary -j')
    # Standalone, a word that is no subcommand is the dump: the message differs.
    for what, command, expect in [
            ('a missing argument', 'pagescope page', None),
            ('an unknown subcommand', 'pagescope frobnicate',
             'pagescope: unknown subcommand frobnicate'),
            ('an unknown option', 'pagescope summary --frobnicate', None),
            ('a malformed number', 'pagescope page 0x12zz', None),
            ('an unmapped kernel address', 'pagescope page 0xffffffffffff0000', None),
            ('a PFN beyond memory', 'pagescope page pfn:0xfffffffff', None),
            ('a PFN range beyond memory', 'pagescope pages 0xffffffff00+16 -j', None),
            ('a list head that is not mapped', 'pagescope list 0xffffffffffff0000', None),
    ]:
        cases.append((what, command, expect, s.add(command),
                      s.add('pagescope summary -j')))
    help1 = s.add('help pagescope')
    help2 = s.add('pagescope -h')
    sub_help = s.add('pagescope help page')
    sub_help2 = s.add('pagescope page --help')
    version = s.add('pagescope --version')
    unload = s.add('extend -u %s' % ext)
    gone = s.add('pagescope summary -j')
    reload_ = s.add('extend %s' % ext)
    after_reload = s.add('pagescope summary -j')
    # crash's --minimal mode (kernels newer than crash 8.0.2) has sym, not p.
    minimal = crashsession.newer_than_crash(KERNEL)
    jiffies = s.add('sym jiffies' if minimal else 'p jiffies')
    s.run()
    crashsession.check_session(t, s, 'the whole session')

    t.ok('shared object loaded' in (s.read(first) or ''), 'extend loads pagescope.so',
         s.read(first))
    t.ok('already loaded' in (s.read(second) or ''),
         'loading it twice: crash says it is already loaded', s.read(second))
    summary_alive(t, s, after_second, want, 'loading the extension twice')
    for what, command, expect, out, alive in cases:
        same_failure(t, s, out, what, command, expect)
        summary_alive(t, s, alive, want, what)
    check_help(t, s.read(help1) or '', 'help pagescope')
    check_help(t, s.read(help2) or '', 'pagescope -h')
    check_sub_help(t, s.read(sub_help) or '', s.read(sub_help2) or '')
    _, want_version, _ = common.run(['--version'])
    t.ok(want_version and s.read(version) == want_version,
         'pagescope --version inside crash: the standalone version', s.read(version))
    t.ok(('This is %s;' % want_version.strip()) in (s.read(help1) or ''),
         'help pagescope names the version', want_version)
    t.ok('unloaded' in (s.read(unload) or ''), 'extend -u unloads it', s.read(unload))
    gone_text = s.read(gone) or s.output
    t.ok('command not found' in gone_text or 'not found' in s.output or
         (minimal and 'pagescope: command not available in minimal mode' in gone_text),
         'after extend -u, crash no longer knows pagescope', gone_text[:300])
    t.ok('shared object loaded' in (s.read(reload_) or ''), 'it loads again after unloading',
         s.read(reload_))
    summary_alive(t, s, after_reload, want, 'unloading and loading again')
    own = r'[0-9a-f]+ \([A-Za-z]\) jiffies' if minimal else r'jiffies = \$\d+ = \d+'
    t.ok(re.search(own, s.read(jiffies) or '') is not None,
         "crash's own commands still work at the end", s.read(jiffies))
    s.cleanup()


def subcommand_names():
    return [name for name, _ in same.subcommands()]


def check_help(t, text, how):
    sections = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES']
    t.ok(all(re.search(r'^%s$' % sec, text, re.M) for sec in sections),
         '%s: crash help format (%s)' % (how, ', '.join(sections)), text[:600])
    missing = [n for n in subcommand_names() if not re.search(r'^\s+%s\s' % n, text, re.M)]
    t.ok(not missing, '%s: lists every subcommand' % how, 'missing: %s' % missing)
    try:
        man = open(MAN).read().replace('\\-', '-')
    except FileNotFoundError:
        man = ''
    options = sorted(set(re.findall(r'(?<![\w-])--?[a-z][a-z-]*', text)) - {'-u', '-s', '-i'})
    missing = [o for o in options if o not in man]
    t.ok(not missing, '%s: every option it names is in the man page' % how,
         'missing: %s' % missing)


def check_sub_help(t, text, again):
    """One subcommand's help, in crash's form: no DUMP, no -k."""
    t.ok(text.startswith('usage: pagescope page PFN|PHYSADDR|VADDR [-j]\n') and
         'examples:' in text and '--vmlinux' not in text and
         all(len(l) <= 80 for l in text.splitlines()),
         'pagescope help page: its usage, options and examples, within 80 columns', text[:800])
    t.ok(text == again, 'pagescope page --help prints the same', again[:300])


def check_man_page(t):
    try:
        man = open(MAN).read()
    except FileNotFoundError:
        return t.ok(False, 'the man page %s exists' % MAN)
    missing = [n for n in subcommand_names() if not re.search(r'^\.B %s\b' % n, man, re.M)]
    t.ok(not missing, 'the man page describes every subcommand', 'missing: %s' % missing)
    text = man.replace('\\-', '-')
    missing = [o for o in ('-j', '--json', '-h', '--help', '--format', '--by', '--png',
                           '--type', '--member', '--minimal') if o not in text]
    t.ok(not missing, 'the man page describes the options the help text names',
         'missing: %s' % missing)


def interrupt(t):
    """Ctrl-C during a long walk: the walk stops with an error, crash goes on.
    The extension is loaded by its bare name, found where crash looks for
    extensions (here through CRASH_EXTENSIONS, as it would be in
    /usr/lib/crash/extensions after make install)."""
    ext_dir, ext_name = os.path.split(crashsession.EXT)
    s = Session(KERNEL, FMT, env={'CRASH_EXTENSIONS': ext_dir})
    want = same.strip_ignored(common.run_json(['summary'] + common.on(KERNEL, FMT)))
    loaded = s.add('extend %s' % ext_name)
    s.add('pagescope layout -j')      # the layout is resolved before the clock starts
    walks = [s.add('pagescope pages') for _ in range(6)]
    after = s.add('pagescope summary -j')
    s.start()
    hit = crashsession.wait_for_growth(walks[0], s.proc)
    if hit:
        time.sleep(0.2)
        s.interrupt()
    s.wait()
    t.ok('%s: shared object loaded' % crashsession.EXT in (s.read(loaded) or ''),
         '`extend %s` finds it in the extensions directory' % ext_name, s.read(loaded))
    t.ok(hit, 'Ctrl-C: the long walk was running when SIGINT came')
    crashsession.check_session(t, s, 'Ctrl-C')
    texts = [s.read(w) or '' for w in walks]
    stopped = [i for i, x in enumerate(texts) if re.search(r'^pagescope: pages: interrupted', x, re.M)]
    whole = max(len(x) for x in texts)
    t.ok(len(stopped) == 1, 'Ctrl-C: exactly one walk stopped with "pagescope: pages: interrupted"',
         '\n'.join(x[-200:] for x in texts))
    if stopped:
        t.ok(len(texts[stopped[0]]) < whole, 'Ctrl-C: the stopped walk printed less than a whole one')
        t.ok(all(texts[i] == texts[-1] for i in range(stopped[0] + 1, len(texts))),
             'Ctrl-C: the walks after it are whole and identical')
    summary_alive(t, s, after, want, 'Ctrl-C in a walk')
    s.cleanup()


def snapshot(t):
    """save inside crash, diff inside crash, and the snapshot read standalone."""
    s = Session(KERNEL, FMT)
    snap = s.out('crash.pss')
    s.add('extend %s' % crashsession.EXT)
    saved = s.add('pagescope save -o %s -j' % snap)
    diff = s.add('pagescope diff %s -j' % snap)
    s.run()
    crashsession.check_session(t, s, 'save and diff')
    try:
        info = json.loads(s.read(saved) or '{}')
    except ValueError:
        info = {}
    t.ok(info.get('snapshot') == snap and os.path.exists(snap),
         'save inside crash writes the snapshot', s.read(saved))
    try:
        d = json.loads(s.read(diff) or '{}')
    except ValueError:
        d = {}
    t.ok(d.get('changes') == [] and d.get('pageblocks_compared', 0) > 0,
         'diff inside crash against its own snapshot: no change', s.read(diff))
    for cmd in (['check'], ['free'], ['frag']):
        a = common.run_json(cmd + common.on(KERNEL, FMT))
        b = common.run_json(cmd + [snap]) if os.path.exists(snap) else None
        t.eq(b, a, '%s from the snapshot saved inside crash equals standalone on the dump'
             % cmd[0])
    s.cleanup()


def main():
    global KERNEL
    t = Tap()
    if not crashsession.have_crash():
        t.ok(False, 'crash and %s are available' % crashsession.EXT)
        return t.done()
    one_off = KERNEL
    for KERNEL in common.KERNELS:
        robustness(common.KernelTap(t, KERNEL))
    KERNEL = one_off if one_off in common.KERNELS else common.KERNELS[0]
    snapshot(t)
    interrupt(t)
    check_man_page(t)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
