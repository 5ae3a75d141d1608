#!/usr/bin/env python3
"""docs/json.md is the contract of -j: every subcommand's document, on
each test dump, holds only the keys it lists, with the types it lists,
snake_case; and what it lists is seen in the documents."""
import json
import os
import re
import sys

import common
from common import Tap

DOC = os.path.join(common.TOP, 'docs', 'json.md')
KERNELS = common.kernels_of(('6.1', '6.12', '6.12-fault', '7.2', '5.10'))
TYPES = {'string': str, 'integer': int, 'number': (int, float), 'boolean': bool,
         'object': dict, 'array': list, 'null': type(None)}
ROW = re.compile(r'^\| `([^`]+)` \| ([a-z ]+?) \| (.*) \|$')


def sections():
    """{section title: {path: (types, meaning)}} from docs/json.md."""
    out, title = {}, None
    with open(DOC) as f:
        for line in f:
            if line.startswith('## '):
                title = line[3:].strip()
                out[title] = {}
            m = ROW.match(line.rstrip('\n'))
            if m and title:
                out[title][m.group(1)] = (m.group(2).split(' or '), m.group(3))
    return out


def contract(doc, command):
    """The rows that apply to @command: its own, the header's, and the
    broken-list rows under every `fault` object it lists."""
    rows = dict(doc.get(command, {}))
    rows.update(doc['Every document'])
    for path in [p for p, (types, _) in rows.items() if p.endswith('fault') and 'object' in types]:
        for sub, row in doc['A broken list'].items():
            if sub != 'fault':
                rows[path + sub[len('fault'):]] = row
    return rows


def flatten(value, path, maps, out):
    """(path, value) of every key and element, map keys collapsed to {}."""
    if path:
        out.append((path, value))
    if isinstance(value, dict):
        for k, v in value.items():
            key = '%s{}' % path if path in maps else (path + '.' if path else '') + k
            if path not in maps and not re.fullmatch(r'[a-z][a-z0-9_]*', k):
                out.append(('!' + key, v))	# not snake_case
            flatten(v, key, maps, out)
    elif isinstance(value, list):
        for v in value:
            flatten(v, path + '[]', maps, out)


MOVABILITIES = {'free', 'movable', 'reclaimable', 'unmovable'}
CLASSES = {'free', 'idle', 'movable', 'unmovable', 'reserved', 'poisoned', 'hole'}


def meanings(value, path='', out=None):
    """Where a key of one meaning (docs/json.md, above the sections) is
    used with another: `owner` without `owner_kind`, a `movability` that is
    no movability, `pages` in a row that is no count, ..."""
    out = [] if out is None else out
    if isinstance(value, list):
        for v in value:
            meanings(v, path + '[]', out)
        return out
    if not isinstance(value, dict):
        return out
    if 'owner' in value and not (isinstance(value['owner'], str) and
                                 isinstance(value.get('owner_kind'), str)):
        out.append('%s: owner without the owner_kind pair' % path)
    if 'movability' in value and value['movability'] not in MOVABILITIES:
        out.append('%s.movability: %r' % (path, value['movability']))
    if 'by_movability' in value and not set(value['by_movability']) <= MOVABILITIES:
        out.append('%s.by_movability: %s' % (path, sorted(value['by_movability'])))
    if 'by_class' in value and not set(value['by_class']) <= CLASSES:
        out.append('%s.by_class: %s' % (path, sorted(value['by_class'])))
    # A document's own `pages` is its section (summary) or its rows (pages).
    if path and 'pages' in value and (isinstance(value['pages'], bool) or
                                      not isinstance(value['pages'], int)):
        out.append('%s.pages: not a count' % path)
    # A node is a list node's address, a zone a zone's name; the keys of
    # page's flags_fields.layout{} are the page->flags fields' names.
    for key in ('node', 'zone'):
        if key in value and not path.endswith('.layout') and not isinstance(value[key], str):
            out.append('%s.%s: %r, not a string' % (path, key, value[key]))
    if path == '.lacks[]' and not re.fullmatch(r'[a-z][a-z0-9_]*', value.get('feature', '')):
        out.append('%s.feature: %r is no identifier' % (path, value.get('feature')))
    for k, v in value.items():
        meanings(v, path + '.' + k, out)
    return out


def runs(kernel):
    """(command, argv) per subcommand on @kernel; list and lru broken ones
    on the fault dump."""
    d = common.dump_dir(kernel)
    cases = [['summary'], ['page', '0x1000'], ['page', '0x100000'], ['pages', '0x10000+64'],
             ['pages', '--kpageflags', '0x10000+64'],
             ['blocks', '0x1000+0x1000'], ['frag'], ['free'], ['map'], ['sym', 'init_task'],
             ['layout'], ['type', 'page'], ['list', 'super_blocks'],
             ['list', 'init_task.tasks', '--type', 'task_struct', '--member', 'tasks'],
             ['list', 'init_struct_pid.tasks[PIDTYPE_PGID]', '--type', 'task_struct',
              '--member', 'pid_links[PIDTYPE_PGID]'],
             ['lru'], ['split'], ['check'], ['watch', '--count', '1'],
             ['save', '-o', os.path.join(common.SCRATCH, 'json-doc.pss')],
             ['diff', os.path.join(d, 'vmcore.elf')], ['owners'],
             # The owner keys and page classes in every shape they take.
             ['owners', '0x1000+0x4000', '--by', 'block'], ['map', '--by', 'movability'],
             ['map', '--by', 'owner']]
    if kernel == '6.12-fault':
        # Two dumps of one kernel: a diff with changes.
        cases.append(['diff', common.vmcore('6.12', 'elf')])
    if kernel == '6.12-fault':
        fm = dict(l.split(None, 1) for l in
                  common.truth_text(kernel, 'faultmod.txt').splitlines() if l.strip())
        cases += [['list', v] for k, v in sorted(fm.items()) if k.endswith('.head')]
        cases += [['lru', fm['lru.struct']]]
    return cases


# Keys of what no test kernel records: Debian builds them without
# CONFIG_PAGE_OWNER and CONFIG_MEM_ALLOC_PROFILING (the 6.12-owner dump,
# once built, has them: test_page_owner.py). Their *_note keys are seen.
NO_TEST_KERNEL_HAS = ('page_owner.', 'alloc_tag.')


def main():
    t = Tap()
    doc = sections()
    _, usage, _ = common.run(['help'])
    block = usage.split('subcommands:\n')[1].split('\n\n')[0]
    names = [l.split()[0] for l in block.splitlines() if re.match(r'  \S', l)]
    for name in names:
        t.ok(name in doc, 'docs/json.md documents %s' % name)
    seen = {}
    os.makedirs(common.SCRATCH, exist_ok=True)
    for kernel in KERNELS:
        tried = set()
        for args in runs(kernel):
            command = args[0]
            tried.add(command)
            rows = contract(doc, command)
            maps = {p[:-2] for p in rows if p.endswith('{}')}
            try:
                status, out, err = common.run(args + ['-j'] + common.on(kernel))
                value = json.loads(out)
            except UnicodeDecodeError as e:	# JSON is UTF-8
                t.ok(False, '%s %s: a JSON document' % (kernel, ' '.join(args)), str(e))
                continue
            except ValueError:
                t.ok(False, '%s %s: a JSON document' % (kernel, ' '.join(args)),
                     'status %d\n%s' % (status, err[-500:]))
                continue
            flat = []
            flatten(value, '', maps, flat)
            bad = set()
            for path, v in flat:
                if path.startswith('!'):
                    bad.add('%s: not snake_case' % path[1:])
                elif path not in rows:
                    bad.add('%s: not in docs/json.md' % path)
                elif not isinstance(v, tuple(TYPES[ty] for ty in rows[path][0])) or \
                        (isinstance(v, bool) and 'boolean' not in rows[path][0]):
                    bad.add('%s: %s, documented as %s' % (path, type(v).__name__,
                                                          ' or '.join(rows[path][0])))
                else:
                    seen.setdefault(command, set()).add(path)
            t.ok(not bad, '%s %s -j: as docs/json.md says (%d keys)'
                 % (kernel, ' '.join(args[:3]), len(flat)), '\n'.join(sorted(bad)[:20]))
            mixed = meanings(value)
            t.ok(not mixed, '%s %s -j: each key in its one meaning' % (kernel, ' '.join(args[:3])),
                 '\n'.join(sorted(set(mixed))[:20]))
        t.ok(set(names) <= tried, '%s: every subcommand was run' % kernel,
             sorted(set(names) - tried))
    for command in names:
        unseen = sorted(k for k in set(doc.get(command, {})) - seen.get(command, set())
                        if not k.startswith(NO_TEST_KERNEL_HAS))
        t.ok(len(unseen) <= len(doc.get(command, {})) // 3,
             '%s: most documented keys were seen on the test dumps (%d unseen)'
             % (command, len(unseen)), unseen)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
