#!/usr/bin/env python3
"""Prove that two pagescope builds answer the same: every subcommand, text
and JSON, on every test dump and format, DWARF and BTF, byte for byte
(stdout, stderr and exit status; PNGs by content).

    tests/tools/same_output.py OLD_BIN NEW_BIN [DUMPS]

For refactors that must not change output. Prints one line per difference
and a total; exit 1 when anything differs."""
import os
import re
import subprocess
import sys
import tempfile

KERNELS = ('6.1', '6.12', '6.12-fault')
FORMATS = ('elf', 'kdump', 'filtered')
MAP_MODES = ('migratetype', 'free', 'movability', 'hwpoison', 'anon-exclusive')


def pfns(dump_dir):
    """A page of each kind the workload made, and a few fixed ones."""
    seen, out = set(), ['0x1000', '0x1046', '0x4801', '0x100000', 'phys:0x2000000']
    try:
        for line in open(os.path.join(dump_dir, 'truth', 'workload-pfns.txt')):
            kind, pfn = line.split()
            if kind not in seen:
                seen.add(kind)
                out.append(pfn)
    except OSError:
        pass
    return out


def commands(dump_dir):
    cmds = [['summary'], ['frag'], ['free'], ['free', '--format=pagetypeinfo'],
            ['free', '--format=buddyinfo'], ['blocks'], ['blocks', '0x100000-0x108000'],
            ['pages', '0x10000+4096'], ['layout'], ['lru'], ['split'], ['check'],
            ['sym', 'init_task'], ['sym', 'jiffies'], ['list', 'super_blocks'],
            ['list', 'memcg_list_lrus', '--type', 'list_lru', '--member', 'list'],
            ['page', 'nosuchthing'], ['pages', '5-1']]
    cmds += [['map', '--by', m] for m in MAP_MODES]
    cmds += [['page', p] for p in pfns(dump_dir)]
    return cmds


# Two builds print their own versions at the top of each JSON document.
VERSION_LINE = re.compile(rb'^  "pagescope_version": "[^"]*",\n', re.M)


def run(binary, args, env):
    p = subprocess.run([binary] + args, capture_output=True, timeout=600, env=env)
    return p.returncode, VERSION_LINE.sub(b'', p.stdout), p.stderr


def png(binary, base, env, tmp, tag):
    path = os.path.join(tmp, tag + '.png')
    st = run(binary, ['map', '--png', path] + base, env)
    data = open(path, 'rb').read() if os.path.exists(path) else b''
    return st, data


def main():
    old, new = sys.argv[1], sys.argv[2]
    dumps = sys.argv[3] if len(sys.argv) > 3 else os.path.expanduser('~/.cache/pagescope-dumps')
    env = dict(os.environ)
    n = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        # Each build its own layout cache: the first open says where the
        # layout came from.
        env_old = dict(env, XDG_CACHE_HOME=os.path.join(tmp, 'old'))
        env_new = dict(env, XDG_CACHE_HOME=os.path.join(tmp, 'new'))
        for k in KERNELS:
            d = os.path.join(dumps, k)
            if not os.path.isdir(d):
                print('missing dump %s' % d)
                bad += 1
                continue
            for fmt in FORMATS:
                core = os.path.join(d, 'vmcore.' + fmt)
                if not os.path.exists(core):
                    continue
                bases = [['-k', os.path.join(d, 'vmlinux'), core]]
                if fmt == 'elf':
                    bases.append(['--btf', core])
                for base in bases:
                    for c in commands(d):
                        for j in ([], ['-j']):
                            args = c + j + base
                            n += 1
                            a, b = run(old, args, env_old), run(new, args, env_new)
                            if a != b:
                                bad += 1
                                print('DIFF %s' % ' '.join(args))
                    n += 1
                    if png(old, base, env_old, tmp, 'a') != png(new, base, env_new, tmp, 'b'):
                        bad += 1
                        print('DIFF map --png %s' % ' '.join(base))
    print('%d runs compared, %d differ' % (n, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
