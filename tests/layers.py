#!/usr/bin/env python3
"""The layer rules of lib/, ui/ and ext/ (docs/hacking.md), as a TAP test.

lib/ is a stack of folders; a file includes only from its own folder or
from folders below it, always naming the folder. The faces see only what
is meant for them: ui/ the public headers, ext/ its backends' interfaces
and the command table. Commands get numbers from walkers and counters;
they never read kernel memory or decode it themselves. The viewer's
screen manager knows its screens only by their ops tables.

    python3 tests/layers.py [TOP]
"""
import os
import re
import sys

TOP = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Bottom to top: a folder may include from itself and from those before it.
LAYERS = ('base', 'dump', 'debuginfo', 'layout', 'snapshot', 'target', 'kernel', 'walk',
          'lists', 'analysis', 'output', 'cmd', 'api')
RANK = {name: i for i, name in enumerate(LAYERS)}
PUBLIC = {'pagescope.h', 'pagescope_view.h', 'pagescope_report.h'}

# What only the command layer and the faces built on it may include.
COMMANDS_ONLY = {'cmd/commands.h', 'cmd/command_table.h'}
COMMANDS_USERS = ('cmd', 'api', 'ext')

# ext/ reaches lib/ through its backends' interfaces and the commands.
# crash's type provider reads the DWARF of crash's vmlinux for member
# listings, which gdb's requests cannot give (ext/crash_types.c).
EXT_ALLOWED = {'base/error.h', 'dump/mem.h', 'dump/elf_file.h', 'debuginfo/types.h',
               'debuginfo/dwarf_types.h', 'debuginfo/symbols.h',
               'target/target.h'} | COMMANDS_ONLY

# A command that reads or decodes kernel memory does a walker's job: it
# reads through the target or the memory ops, decodes page->flags' fields,
# or adds a layout item's offset to a buffer of its own.
MEM_OPS = r'read|vmcoreinfo|virt_to_phys|paging|clone|view|view_end|forget'
CMD_FORBIDDEN = re.compile(
    r'\bps_target_read\w*\s*\(|->mem\.ops|\bps_off\s*\(|\bps_get_(u64|u32|member|elem)\s*\('
    r'|\bps_list_(for_each|count|walk)\w*\s*\(|\bps_counter_\w+\s*\('
    r'|\b\w*mem\w*(->|\.)ops->|\bops->(' + MEM_OPS + r')\s*\('
    r'|\bps_flags_fields_decode\s*\('
    r'|\+\s*\(?\s*[\w\[\]]+((->|\.)[\w\[\]]+)*(->|\.)offset\b'
    r'|\blayout\.\w+\.value\s*[-+]|[-+]\s*\(?\s*([\w\[\]]+(->|\.))*layout\.\w+\.value\b')

# A page walk of its own in a command: only `pages`, which prints pages as
# it walks (in pfn order, through walk/ordered.h), walks pages itself.
CMD_PAGE_WALK = re.compile(r'\bps_page_iter\w*')
CMD_PAGE_WALKERS = {'lib/cmd/cmd_pages.c'}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def ok(self, cond, name, diag=()):
        self.n += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, name))
        if not cond:
            self.failed += 1
            for line in list(diag)[:40]:
                print('# ' + line)
        return cond


def sources(folder):
    for root, _, files in os.walk(os.path.join(TOP, folder)):
        for f in sorted(files):
            if f.endswith(('.c', '.h')):
                path = os.path.join(root, f)
                yield os.path.relpath(path, TOP), open(path, errors='replace').read()


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def lib_folder(rel):
    parts = rel.split(os.sep)
    return parts[1] if len(parts) == 3 and parts[0] == 'lib' else None


def check_lib(tap):
    bad, unplaced = [], []
    for rel, text in sources('lib'):
        folder = lib_folder(rel)
        if folder == 'include':
            continue
        if folder not in RANK:
            unplaced.append('%s: not in a layer folder (%s)' % (rel, ', '.join(LAYERS)))
            continue
        for inc in INCLUDE.findall(text):
            if inc in PUBLIC:
                continue
            if '/' not in inc:
                bad.append('%s: #include "%s" does not name its folder' % (rel, inc))
                continue
            to = inc.split('/')[0]
            if to not in RANK:
                bad.append('%s: #include "%s": no such layer' % (rel, inc))
            elif RANK[to] > RANK[folder]:
                bad.append('%s (%s) includes %s from the layer above (%s)'
                           % (rel, folder, inc, to))
            elif inc in COMMANDS_ONLY and folder not in COMMANDS_USERS:
                bad.append('%s includes %s: only cmd/ and api/ may' % (rel, inc))
            elif not os.path.exists(os.path.join(TOP, 'lib', inc)):
                bad.append('%s: #include "%s": no such file' % (rel, inc))
    tap.ok(not unplaced, 'every lib/ file is in a layer folder', unplaced)
    tap.ok(not bad, 'lib/ includes point down the layers, naming the folder', bad)


def check_header_cycles(tap):
    graph = {}
    for rel, text in sources('lib'):
        if rel.endswith('.h'):
            key = os.path.relpath(rel, 'lib')
            graph[key] = [i for i in INCLUDE.findall(text) if '/' in i]
    cycles, state = [], {}

    def visit(node, path):
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycles.append(' -> '.join(path[path.index(nxt):] + [nxt]))
            elif nxt in graph and not state.get(nxt):
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [node])
    tap.ok(not cycles, 'no header includes itself through others', cycles)


def check_cmd(tap):
    bad = []
    for rel, text in sources('lib/cmd'):
        code = strip_comments(text)
        for no, line in enumerate(code.split('\n'), 1):
            m = CMD_FORBIDDEN.search(line)
            if m:
                bad.append('%s:%d: %s' % (rel, no, m.group(0)))
            m = CMD_PAGE_WALK.search(line)
            if m and rel not in CMD_PAGE_WALKERS:
                bad.append('%s:%d: %s: a page walk outside cmd_pages.c' % (rel, no, m.group(0)))
    tap.ok(not bad, 'commands neither read nor decode kernel memory', bad)


# Lines each rule must catch, and lines of commands it must let pass: a
# rule that stops matching fails here, not silently.
CMD_LEAKS = (
    'v = *(uint64_t *)(b + l->page_flags.offset);',
    'v = *(uint64_t *)(buf + t->layout.page_flags.value);',
    'v = t->layout.page_flags.value + 8;',
    'text = mem->ops->vmcoreinfo(mem->priv);',
    'err = s->mem.ops->read(s->mem.priv, PS_KVADDR, a, &v, 8, &done);',
    'err = ops->virt_to_phys(priv, a, &p);',
    'ps_flags_fields_decode(&fl, p->folio_flags, &ff);',
    'err = ps_target_read_u64(t, a, &v);',
)
CMD_FINE = (
    'err = types->ops->members(types->priv, name, ps_type_member, &l);',
    'err = c->syms->ops->lookup(c->syms->priv, name, &addr);',
    'if (!m->name || m->info.offset > at->off ||',
    'ps_json_add_u64(o, PS_KEY_OFFSET, pf.f[k].offset);',
    'uint64_t page_size = (uint64_t)t->layout.page_size.value;',
)


def check_rules_bite(tap):
    missed = [l for l in CMD_LEAKS if not CMD_FORBIDDEN.search(l)]
    wrong = [l for l in CMD_FINE if CMD_FORBIDDEN.search(l)]
    if not CMD_PAGE_WALK.search('err = ps_page_iter_init_mem(&it, t, &mem, 0, 8);'):
        missed.append('ps_page_iter_init_mem')
    tap.ok(not missed and not wrong, 'the command rules catch their leaks, and only those',
           ['not caught: ' + l for l in missed] + ['caught wrongly: ' + l for l in wrong])


# A step of an `if (!err) err = f();` chain: STYLE.md asks for early returns.
ERR_STEP = re.compile(r'\bif\s*\(\s*!err\b|!err\s*&&')
MAX_ERR_STEPS = 2


def functions(code):
    """(name, first line, body) of each function defined at column 0."""
    lines = code.split('\n')
    start = name = None
    for i, line in enumerate(lines):
        if start is None and line.startswith('{'):
            start, j = i, i - 1
            while j >= 0 and '(' not in lines[j]:
                j -= 1
            m = re.search(r'(\w+)\s*\(', lines[j]) if j >= 0 else None
            name = m.group(1) if m else '?'
        elif start is not None and line.startswith('}'):
            yield name, start + 1, '\n'.join(lines[start:i + 1])
            start = None


def check_err_chains(tap, folders=('lib', 'ui', 'ext')):
    bad = []
    for folder in folders:
        for rel, text in sources(folder):
            if not rel.endswith('.c'):
                continue
            for name, _, body in functions(strip_comments(text)):
                steps = len(ERR_STEP.findall(body))
                if steps > MAX_ERR_STEPS:
                    bad.append('%s: %s() has %d `if (!err)` steps: return early instead'
                               % (rel, name, steps))
    sample = 'int f(void)\n{\n\terr = a();\n\tif (!err)\n\t\terr = b();\n' \
             '\tif (!err && x)\n\t\terr = c();\n\tfor (; !err && i < n; i++)\n\t\terr = d();\n}\n'
    if [len(ERR_STEP.findall(b)) for _, _, b in functions(sample)] != [3]:
        bad.append('the chain rule no longer counts the three steps of its sample')
    tap.ok(not bad, 'no function chains more than %d `if (!err)` steps' % MAX_ERR_STEPS, bad)


def check_faces(tap):
    bad = []
    for rel, text in sources('ui'):
        for inc in INCLUDE.findall(text):
            if '/' in inc or (inc not in PUBLIC and
                              not os.path.exists(os.path.join(TOP, 'ui', inc))):
                bad.append('%s includes %s: ui/ sees only lib/include/' % (rel, inc))
    tap.ok(not bad, 'ui/ sees only the public headers', bad)
    bad = []
    for rel, text in sources('ext'):
        for inc in INCLUDE.findall(text):
            if inc in PUBLIC or os.path.exists(os.path.join(TOP, 'ext', inc)):
                continue
            if inc not in EXT_ALLOWED:
                bad.append('%s includes %s: ext/ may include %s'
                           % (rel, inc, ', '.join(sorted(EXT_ALLOWED))))
    tap.ok(not bad, 'ext/ sees its backends\' interfaces and the commands', bad)


FUNC_DEF = re.compile(r'^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(ps_\w+)\s*\([^;]*$', re.M)


def check_screens(tap):
    """Screens are reached through their ops; the manager calls no
    screen's functions, and screens do not call each other's."""
    texts = {rel: strip_comments(text) for rel, text in sources('ui') if rel.endswith('.c')}
    owner = {}
    for rel, code in texts.items():
        if os.path.basename(rel).startswith('scr_'):
            for name in FUNC_DEF.findall(code):
                if not re.search(r'^static\b[^\n]*\b%s\s*\(' % name, code, re.M):
                    owner[name] = rel
    bad = []
    for rel, code in texts.items():
        for name, home in owner.items():
            if home != rel and re.search(r'\b%s\s*\(' % name, code):
                bad.append('%s calls %s() of %s' % (rel, name, home))
    tap.ok(not bad, 'screens are reached only through their ops tables', bad)


def main():
    tap = Tap()
    check_lib(tap)
    check_header_cycles(tap)
    check_cmd(tap)
    check_rules_bite(tap)
    check_err_chains(tap)
    check_faces(tap)
    check_screens(tap)
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
