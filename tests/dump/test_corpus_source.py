#!/usr/bin/env python3
"""The explanations held to each kernel's own source ($(DUMPS)/src/KERNEL,
make sources): no pagescope run, only the kernel's files.
(a) Every row of explain_corpus.tsv: each file its source column cites
    exists in that kernel; each function, macro or enum it cites is defined
    there (not merely mentioned); "no X" is absent; "A() in B()": B calls A.
    A flag row's enumerator is in that kernel's enum pageflags, printed
    under its own name or the one it aliases, and the functions it cites set
    or clear that flag.
(b) Every set_by text of lib/walk/page_meaning.c, on every kernel that has
    the flag (and the rule's feature): of each NEW()|OLD() group the kernel
    defines at least one, and the first it defines (the one page names)
    sets or clears the flag, itself or through up to three calls. A name
    no kernel of the set uses is an error too.
(c) Every --explain figure's source list (lib/output/explain.c): a function
    looked up as a symbol is, where the kernel has it, in the file cited; of
    a group with an inline function or a macro (named without a lookup), one
    is defined in its file, unless a layout feature (needs) gates it."""
import os
import re
import sys

import common
import ksource
from common import Tap

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = common.TOP
# The source check is cheap: the kernel outside the set is read too.
KERNELS = tuple(k for k in common.ALL_KERNELS + common.OUTSIDE_KERNELS
                if k in os.environ.get('PS_KERNELS', k).split(','))
FUNC = re.compile(r'\b(\w+)\(\)')


def corpus():
    rows = []
    with open(os.path.join(HERE, 'explain_corpus.tsv')) as f:
        for n, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            kernel, kind, field, printed, expect, source = line.rstrip('\n').split('\t')
            rows.append(dict(line=n, kernel=kernel, kind=kind, field=field, printed=printed,
                             expect=expect, source=source))
    return rows


def top_split(text, sep):
    """@text split at @sep outside parentheses."""
    out, depth, cur = [], 0, ''
    i = 0
    while i < len(text):
        c = text[i]
        depth += c == '('
        depth -= c == ')'
        if not depth and text.startswith(sep, i):
            out.append(cur)
            cur = ''
            i += len(sep)
            continue
        cur += c
        i += 1
    return out + [cur]


def unparen(text):
    """@text without its parenthesised asides, " (...)"; a call's "()" and
    a macro's "PAGEFLAG(Error)" are kept."""
    out, depth = '', 0
    for i, c in enumerate(text):
        if c == '(' and (depth or i == 0 or text[i - 1] == ' '):
            depth += 1
        elif c == ')' and depth:
            depth -= 1
        elif not depth:
            out += c
    return out


def citations(source):
    """[(file, claims text)] of a corpus source column."""
    out = []
    for part in top_split(source, '; '):
        path, _, rest = part.partition(': ')
        out.append((path.strip(), rest.strip()))
    return out


def check_claims(src, path, claims, problems):
    """The claims one citation makes of @path; problems appended."""
    f = src.file(path)
    if f is None:
        problems.append('%s does not exist' % path)
        return []
    text = unparen(claims)
    funcs = []
    for m in re.finditer(r'\bno (\w+)(\(\))?', text):
        name = m.group(1)
        if f.defines(name) or (not m.group(2) and f.mentions(name)):
            problems.append('%s: has %s (the row says it has not)' % (path, name))
    text = re.sub(r'\bno \w+(\(\))?', '', text)
    for m in re.finditer(r'\benum (\w+)', text):
        if m.group(1) not in f.enums:
            problems.append('%s: no enum %s' % (path, m.group(1)))
    for m in re.finditer(r'\b([A-Z_]+)\((\w+)\)', text):
        if not re.search(r'^[ \t]*%s\(\s*%s\s*,' % (m.group(1), m.group(2)), f.text, re.M):
            problems.append('%s: no %s(%s, ...)' % (path, m.group(1), m.group(2)))
    callees = set(re.findall(r'\b(\w+)\(\) in \w+\(\)', text))   # defined elsewhere
    for m in FUNC.finditer(text):
        name = m.group(1)
        if name in callees:
            if not src.defined_anywhere(name):
                problems.append('%s() is defined nowhere in this kernel' % name)
            continue
        if not f.defines(name):
            problems.append('%s: does not define %s()' % (path, name))
        else:
            funcs.append(name)
    for m in re.finditer(r'\b(\w+)\(\) in (\w+)\(\)', text):
        body = f.funcs.get(m.group(2), '')
        if body and not re.search(r'\b%s\b' % m.group(1), body):
            problems.append('%s: %s() does not call %s()' % (path, m.group(2), m.group(1)))
    return funcs


def check_flag_row(src, r, funcs, problems):
    name = r['field']
    flags = src.pageflags
    if name not in flags:
        problems.append('%s is not in enum pageflags' % name)
        return
    names = {name[3:]}
    if flags[name]:
        names.add(flags[name][3:])
    if r['printed'] not in names:
        problems.append('printed %r, but %s is %s' % (r['printed'], name,
                                                     flags[name] or 'its own bit'))
    for fn in funcs:
        if fn in src.accessors:
            continue    # the flag's own accessor, cited as its definition
        if not src.sets_or_clears(fn, name[3:]):
            problems.append('%s() neither sets nor clears %s' % (fn, name))


def check_corpus(t, sources):
    for r in corpus():
        src = sources.get(r['kernel'])
        if src is None:
            continue
        problems = []
        funcs = []
        for path, claims in citations(r['source']):
            funcs += check_claims(src, path, claims, problems)
        if r['kind'] == 'flag':
            check_flag_row(src, r, funcs, problems)
        t.ok(not problems, '%s: corpus line %d (%s %s) holds in its source' %
             (r['kernel'], r['line'], r['kind'], r['field']), '\n'.join(problems))


# --- set_by -----------------------------------------------------------------

def c_strings(text):
    """The concatenation of the C string literals in @text."""
    return ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


# A rule holds only where the kernel has its feature; the function that
# marks the feature in the source (as the rule's condition does at run time).
RULE_FEATURE = {
    'PS_FC_MGLRU': 'lru_gen_add_folio',
    'PS_FC_MGLRU_MAYBE': 'lru_gen_add_folio',
    'PS_FC_SLAB_PARTIAL': 'slab_set_node_partial',
}


def set_by_texts():
    """[(flag, text, feature)] of page_meaning.c: ps_flag_setters and the
    rules' set_by; feature: a function the kernel must define for the rule."""
    with open(os.path.join(TOP, 'lib/walk/page_meaning.c')) as f:
        c = f.read()
    out = []
    table = c[c.index('ps_flag_setters[PS_PG_NR] = {'):]
    table = table[:table.index('};')]
    for m in re.finditer(r'\[PS_PG_(\w+)\]\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', table):
        out.append((m.group(1), c_strings(m.group(2)), None))
    rules = c[c.index('ps_flag_rules[] = {'):]
    rules = rules[:rules.index('\n};')]
    for m in re.finditer(r'\{\s*PS_PG_(\w+),\s*(PS_FC_\w+),\s*PS_PG_\w+,(.*?)\},?\n', rules, re.S):
        strings = re.findall(r'((?:"(?:[^"\\]|\\.)*"\s*)+)', m.group(3))
        if len(strings) == 2:
            out.append((m.group(1), c_strings(strings[1]), RULE_FEATURE.get(m.group(2))))
    return out


def groups(text):
    """The NEW()|OLD() groups of a set_by text, as lists of names."""
    return [g.replace('()', '').split('|')
            for g in re.findall(r'\b\w+\(\)(?:\|\w+\(\))*', text)]


def check_set_by(t, sources):
    texts = set_by_texts()
    t.ok(len(texts) > 20, 'page_meaning.c: set_by texts read (%d)' % len(texts))
    for flag, text, feature in texts:
        anywhere = set()
        for kernel, src in sources.items():
            if not src.has_flag(flag) or (feature and not src.defined_anywhere(feature)):
                continue    # page never shows a flag, or a rule, this kernel lacks
            problems = []
            for group in groups(text):
                # Output names the first of NEW()|OLD() this kernel has.
                have = [fn for fn in group if src.defined_anywhere(fn)][:1]
                anywhere.update(have)
                if not have:
                    problems.append('defines none of %s' % '|'.join(g + '()' for g in group))
                for fn in have:
                    if fn not in src.accessors and not src.sets_or_clears(fn, flag):
                        problems.append('%s() neither sets nor clears PG_%s' % (fn, flag))
            t.ok(not problems, '%s: set_by of PG_%s holds in its source' % (kernel, flag),
                 '%s\n%s' % (text, '\n'.join(problems)))
        if len(sources) == len(KERNELS) == len(common.ALL_KERNELS + common.OUTSIDE_KERNELS):
            dead = sorted({fn for g in groups(text) for fn in g} - anywhere)
            t.eq(dead, [], 'set_by of PG_%s names no function that no kernel has' % flag)


# --- --explain figures --------------------------------------------------------

def explain_entries():
    """[(figure, [[(files, func, needs)], ...])] of explain.c: each group is an
    entry and its PS_SRC_OR alternatives."""
    with open(os.path.join(TOP, 'lib/output/explain.c')) as f:
        c = ksource.COMMENT.sub(' ', f.read())
    out = []
    for fig in re.finditer(r'\n\t\{ "[^"]*", "([^"]*)",', c):
        end = c.find('\n\t{ "', fig.end())
        body = c[fig.end():end if end > 0 else len(c)]
        grp = []
        for e in re.finditer(r'\{ "([a-z][^"]*\.[ch][^"]*)", "(\w+)"(?:, ([^,}]*))?(?:, "(\w+)")? \}',
                             body):
            files = [e.group(1).split(' (')[0]]
            alt = re.search(r'\(([^()]+) (?:before|in older)', e.group(1))
            for f in alt.group(1).split(', ') if alt else []:
                d = os.path.dirname(files[0])
                files.append(f if '/' in f else os.path.join(d, f))
            flags = e.group(3) or ''
            entry = (files, e.group(2), flags, e.group(4))
            if 'PS_SRC_OR' in flags and grp:
                grp[-1].append(entry)
            else:
                grp.append([entry])
        if grp:
            out.append((fig.group(1), grp))
    return out


def check_explain(t, sources):
    """A function looked up as a symbol is named only where the kernel has
    it: it must then be in the file cited. An inline function or a macro
    is named without a lookup: one of its group must be in its file, unless
    a layout feature gates it."""
    figures = explain_entries()
    t.ok(len(figures) > 10, 'explain.c: figures with kernel sources read (%d)' % len(figures))
    for kernel, src in sources.items():
        problems = []
        for fig, grp in figures:
            for alts in grp:
                problems += explain_group(src, fig, alts)
        t.ok(not problems, '%s: every --explain source is defined where it is cited' % kernel,
             '\n'.join(problems))


def explain_group(src, fig, alts):
    def in_file(files, fn):
        # With allocation profiling (v6.10+) NAME() is a macro over NAME_noprof().
        return any(src.file(p) and (src.file(p).defines(fn) or src.file(p).defines(fn + '_noprof'))
                   for p in files)
    problems = []
    for files, fn, flags, _ in alts:
        if 'INLINE' not in flags and 'MACRO' not in flags and not in_file(files, fn) and (
                src.defined_anywhere(fn) or src.defined_anywhere(fn + '_noprof')):
            problems.append('%s: %s() is not in %s' % (fig, fn, ' or '.join(files)))
    always = [a for a in alts if 'INLINE' in a[2] or 'MACRO' in a[2]]
    if always and not any(in_file(files, fn) or needs for files, fn, _, needs in always) and \
            not any(in_file(files, fn) for files, fn, _, _ in alts):
        problems.append('%s: none of %s' % (fig, ', '.join(
            '%s() in %s' % (fn, ' or '.join(files)) for files, fn, _, _ in always)))
    return problems


def main():
    t = Tap()
    sources = {}
    for k in KERNELS:
        root = os.path.join(common.DUMPS, 'src', k)
        if t.ok(os.path.isfile(os.path.join(root, 'stamp')),
                '%s: its source is in %s (make sources)' % (k, root)):
            sources[k] = ksource.Source(root)
    check_corpus(t, sources)
    check_set_by(t, sources)
    check_explain(t, sources)
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
