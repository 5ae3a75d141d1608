#!/usr/bin/python3
"""Print the enumerators of one enum of a vmlinux, read by drgn (an
independent reader of its DWARF), as JSON {name: value}. Run with
/usr/bin/python3: drgn is a Debian package of the system Python.
Usage: enum_values.py VMLINUX 'enum pageflags'"""
import json
import sys

import drgn


def main():
    prog = drgn.Program(drgn.host_platform)
    prog.load_debug_info([sys.argv[1]])
    t = prog.type(sys.argv[2])
    json.dump({e.name: e.value for e in t.enumerators}, sys.stdout)


if __name__ == '__main__':
    main()
