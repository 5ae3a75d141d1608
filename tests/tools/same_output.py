#!/usr/bin/env python3
"""Prove that two pagescope builds answer the same: every subcommand, text
and JSON, on every test dump and format, DWARF and BTF, byte for byte
(stdout, stderr and exit status; PNGs by content).

    tests/tools/same_output.py OLD_BIN NEW_BIN [DUMPS]

The dumps are those of tests/dump/common.py (PS_KERNELS=6.12 narrows
them), the subcommands those `pagescope help` lists: one it does not
know how to run is a difference.

For refactors that must not change output. Prints one line per difference
and a total; exit 1 when anything differs."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                'dump'))
import common  # noqa: E402

# Every test dump (PS_KERNELS narrows them), the fault dump with its kernel.
KERNELS = common.kernels_of(common.ALL_KERNELS + ('6.12-fault',))
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


def subcommands(binary):
    """The subcommands `pagescope help` lists."""
    text = subprocess.run([binary, 'help'], capture_output=True, text=True).stdout
    listing = text.split('subcommands:', 1)[-1].split('\n\n', 1)[0]
    return re.findall(r'^  (\w+)  ', listing, re.M)


def arguments(dump_dir, core, tmp):
    """The argument lists each subcommand runs with. @core is the dump in
    use (diff compares it with itself), @tmp takes save's snapshot."""
    return {
        'summary': [[]], 'frag': [[]], 'layout': [[]], 'lru': [[]], 'split': [[]],
        'check': [[]],
        'free': [[], ['--format=pagetypeinfo'], ['--format=buddyinfo']],
        'blocks': [[], ['0x100000-0x108000']],
        'pages': [['0x10000+4096'], ['5-1']],
        'page': [['nosuchthing']] + [[p] for p in pfns(dump_dir)],
        'owners': [[], ['Normal'], ['0x100000-0x108000', '--by', 'kind']],
        'map': [['--by', m] for m in MAP_MODES],
        'sym': [['init_task'], ['jiffies']],
        'type': [['page'], ['union nosuchthing']],
        'list': [['super_blocks'],
                 ['memcg_list_lrus', '--type', 'list_lru', '--member', 'list']],
        'save': [['-o', os.path.join(tmp, 'save.pss')]],
        'diff': [[core]],
        'watch': [['--count', '1', '-i', '1']],
    }


def commands(binary, dump_dir, core, tmp):
    """(subcommand, args) of each run; an error line for a subcommand that
    `help` lists and this script does not know, or the reverse."""
    known = arguments(dump_dir, core, tmp)
    listed = subcommands(binary)
    errors = ['no arguments known for subcommand %s' % c for c in listed if c not in known]
    errors += ['%s is not a subcommand of %s' % (c, binary) for c in known if c not in listed]
    runs = [[c] + args for c in listed if c in known for args in known[c]]
    return runs, errors


# Two builds print their own versions at the top of each JSON document,
# and watch the time of each sample.
VERSION_LINE = re.compile(rb'^  "pagescope_version": "[^"]*",\n', re.M)
WATCH_TIME = re.compile(rb'^( *"seconds": )[0-9.e-]+|^( *)[0-9]+\.[0-9] ', re.M)
# save's snapshot holds the time it was made: its compressed size moves.
SAVE_BYTES = re.compile(rb'^( *"bytes": )[0-9]+', re.M)


def run(binary, args, env):
    p = subprocess.run([binary] + args, capture_output=True, timeout=600, env=env)
    out = VERSION_LINE.sub(b'', p.stdout)
    if args[0] == 'watch':
        out = WATCH_TIME.sub(rb'\1\2T', out)
    if args[0] == 'save':
        out = SAVE_BYTES.sub(rb'\1N', out)
    return p.returncode, out, p.stderr


def saved(binary, args, env):
    """save, and summary -j on what it saved, so that a snapshot is compared
    by what it answers rather than by its bytes (it holds a date)."""
    st = run(binary, args, env)
    path = args[args.index('-o') + 1]
    summary = run(binary, ['summary', '-j', path], env)
    if os.path.exists(path):
        os.unlink(path)
    return st, summary


def png(binary, base, env, tmp, tag):
    path = os.path.join(tmp, tag + '.png')
    st = run(binary, ['map', '--png', path] + base, env)
    data = open(path, 'rb').read() if os.path.exists(path) else b''
    return st, data


def compare(old, new, args, env_old, env_new):
    if args[0] == 'save':
        return saved(old, args, env_old) == saved(new, args, env_new)
    return run(old, args, env_old) == run(new, args, env_new)


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
                runs, errors = commands(new, d, core, tmp)
                for e in errors:
                    print(e)
                    bad += 1
                for base in bases:
                    for c in runs:
                        for j in ([], ['-j']):
                            args = c + j + base
                            n += 1
                            if not compare(old, new, args, env_old, env_new):
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
