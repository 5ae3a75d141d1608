#!/usr/bin/python3
"""Read by drgn (an independent reader of the vmlinux's DWARF) the items
that `--explain` names, one per line on stdin ("member struct zone.free_area"),
and print each with its value or "absent", as JSON. Run with /usr/bin/python3:
drgn is a Debian package of the system Python."""
import json
import sys

import drgn


def value(prog, key):
    kind, _, rest = key.partition(' ')
    try:
        if kind == 'member':
            typ, _, member = rest.rpartition('.')
            return drgn.offsetof(prog.type(typ), member)
        if kind == 'size':
            return drgn.sizeof(prog.type(rest))
        if kind == 'enum':
            return int(prog[rest.rpartition('.')[2]])
    except (LookupError, ValueError):
        return 'absent'
    return None


def main():
    prog = drgn.Program(drgn.host_platform)
    prog.load_debug_info([sys.argv[1]])
    out = {}
    for key in sys.stdin.read().splitlines():
        out[key] = value(prog, key)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
