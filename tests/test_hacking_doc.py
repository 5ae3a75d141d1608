#!/usr/bin/env python3
"""docs/hacking.md names the folder of every feature: each lib/*/ folder
appears as `folder/`, and each lib/*/*.c file as `stem.c` or under a
glob in backticks that matches it (`check*.c`). A new file that the
document does not place fails here. A TAP test.

    python3 tests/test_hacking_doc.py [TOP]
"""
import fnmatch
import glob
import os
import re
import sys

TOP = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    doc = open(os.path.join(TOP, 'docs', 'hacking.md')).read()
    quoted = set(re.findall(r'`([^`\s]+)`', doc))
    globs = [q for q in quoted if '*' in q and q.endswith('.c')]
    folders = sorted(d for d in os.listdir(os.path.join(TOP, 'lib'))
                     if os.path.isdir(os.path.join(TOP, 'lib', d)))
    files = sorted(glob.glob(os.path.join(TOP, 'lib', '*', '*.c')))
    n = failed = 0
    for what, missing in (
            ('every lib/ folder is named in docs/hacking.md',
             [d for d in folders if '%s/' % d not in quoted]),
            ('every lib/ source file is placed in docs/hacking.md',
             [os.path.relpath(f, TOP) for f in files
              if os.path.basename(f) not in quoted and
              not any(fnmatch.fnmatch(os.path.basename(f), g) for g in globs)])):
        n += 1
        print('%s %d - %s' % ('not ok' if missing else 'ok', n, what))
        for m in missing:
            print('# not in docs/hacking.md: %s' % m)
        failed += bool(missing)
    n += 1
    ok = len(folders) > 5 and len(files) > 50
    print('%s %d - found the tree (%d folders, %d files)' % ('ok' if ok else 'not ok', n,
                                                            len(folders), len(files)))
    failed += not ok
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
