"""A kernel's source, as far as the explanations cite it: which functions,
macros, enums and generated page-flag accessors a file defines (a
definition, not a mention), a function's body, and whether a function sets
or clears a page flag. Read from $(DUMPS)/src/KERNEL (make sources).
Comments are dropped before anything is looked for."""
import functools
import os
import re

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
# A definition starts a line: its return type, or its name (the type on the line before).
FUNC_START = re.compile(r'^(?![ \t#}])[^\n;{}()=]*?\b(\w+)\s*\(', re.M)
MACRO = re.compile(r'^[ \t]*#[ \t]*define[ \t]+(\w+)((?:\\\n|[^\n])*)', re.M)
ENUM = re.compile(r'\benum\s+(\w+)\s*\{')
# Between a definition's parameters and its body.
ATTRS = re.compile(r'(?:\s|__\w+(?:\([^()]*\))?)*')
# A statement that changes a bit: a bit operation's call with the bit in it.
BITOP = re.compile(r'\b\w*(?:set|clear|lock|change|xor)\w*\s*\(')

# The page-flag accessor generators of include/linux/page-flags.h: each
# macro, the operations it defines, and which argument is the CamelCase
# (Page*) and which the lower-case (folio_*, PG_*) name. *_FALSE stubs are
# not definitions.
GENERATORS = {
    'PAGEFLAG': (('test', 'set', 'clear'), 0, 1),
    'TESTPAGEFLAG': (('test',), 0, 1),
    'SETPAGEFLAG': (('set',), 0, 1),
    'CLEARPAGEFLAG': (('clear',), 0, 1),
    '__SETPAGEFLAG': (('__set',), 0, 1),
    '__CLEARPAGEFLAG': (('__clear',), 0, 1),
    '__PAGEFLAG': (('test', '__set', '__clear'), 0, 1),
    'TESTSETFLAG': (('testset',), 0, 1),
    'TESTCLEARFLAG': (('testclear',), 0, 1),
    'TESTSCFLAG': (('testset', 'testclear'), 0, 1),
    'PAGE_TYPE_OPS': (('test', '__set', '__clear'), 0, 1),
    'FOLIO_FLAG': (('test', 'set', 'clear'), None, 0),
    'FOLIO_TEST_FLAG': (('test',), None, 0),
    'FOLIO_SET_FLAG': (('set',), None, 0),
    'FOLIO_CLEAR_FLAG': (('clear',), None, 0),
    '__FOLIO_SET_FLAG': (('__set',), None, 0),
    '__FOLIO_CLEAR_FLAG': (('__clear',), None, 0),
    'FOLIO_TEST_SET_FLAG': (('testset',), None, 0),
    'FOLIO_TEST_CLEAR_FLAG': (('testclear',), None, 0),
    'FOLIO_TYPE_OPS': (('test', '__set', '__clear'), None, 0),
}
PAGE_PREFIX = {'test': 'Page', 'set': 'SetPage', 'clear': 'ClearPage', '__set': '__SetPage',
               '__clear': '__ClearPage', 'testset': 'TestSetPage', 'testclear': 'TestClearPage'}
FOLIO_PREFIX = {'test': 'folio_test_', 'set': 'folio_set_', 'clear': 'folio_clear_',
                '__set': '__folio_set_', '__clear': '__folio_clear_',
                'testset': 'folio_test_set_', 'testclear': 'folio_test_clear_'}
CHANGES = ('set', 'clear', '__set', '__clear', 'testset', 'testclear')
# Anywhere on a line: one line may hold several (PAGEFLAG(...) TESTSCFLAG(...)).
GEN_CALL = re.compile(r'\b(%s)\(\s*(\w+)\s*(?:,\s*(\w+))?' %
                      '|'.join(sorted(GENERATORS, key=len, reverse=True)))


def close(text, i, open_ch, close_ch):
    """The index after the bracket that closes the one at @i, or -1."""
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if not depth:
                return j + 1
    return -1


class File:
    def __init__(self, path):
        with open(path, errors='replace') as f:
            self.text = COMMENT.sub(' ', f.read())
        self.funcs = {}
        self.macros = {}
        self.enums = {}
        self.accessors = {}     # name -> (op, lower-case flag name, CamelCase name)
        self._scan()

    def _scan(self):
        t = self.text
        for m in FUNC_START.finditer(t):
            end = close(t, m.end() - 1, '(', ')')
            if end < 0:
                continue
            a = ATTRS.match(t, end)
            if a.end() < len(t) and t[a.end()] == '{':
                body_end = close(t, a.end(), '{', '}')
                if body_end > 0:
                    self.funcs.setdefault(m.group(1), t[a.end():body_end])
        for m in MACRO.finditer(t):
            self.macros.setdefault(m.group(1), m.group(2))
        for m in ENUM.finditer(t):
            end = close(t, m.end() - 1, '{', '}')
            if end > 0:
                self.enums.setdefault(m.group(1), t[m.end():end - 1])
        for m in GEN_CALL.finditer(t):
            ops, camel, lower = GENERATORS[m.group(1)]
            args = [m.group(2), m.group(3)]
            low = args[lower]
            cname = args[camel] if camel is not None else None
            for op in ops:
                if cname:
                    self.accessors[PAGE_PREFIX[op] + cname] = (op, low, cname)
                if low:
                    self.accessors[FOLIO_PREFIX[op] + low] = (op, low, cname)

    def defines(self, name):
        return name in self.funcs or name in self.macros or name in self.accessors

    def mentions(self, name):
        return re.search(r'\b%s\b' % re.escape(name), self.text) is not None


class Source:
    """One kernel's kept source tree."""

    def __init__(self, root):
        self.root = root
        self._files = {}

    def exists(self, path):
        return os.path.isfile(os.path.join(self.root, path))

    def file(self, path):
        if path not in self._files:
            self._files[path] = File(os.path.join(self.root, path)) if self.exists(path) else None
        return self._files[path]

    def all_files(self):
        for top, _, names in os.walk(self.root):
            for n in sorted(names):
                if n.endswith(('.c', '.h')):
                    yield os.path.relpath(os.path.join(top, n), self.root)

    @functools.cached_property
    def index(self):
        """name -> [body, ...] of every function defined in the tree: a
        header's stub (CONFIG_X=n) and a .c file's definition are both kept."""
        idx = {}
        for p in self.all_files():
            for name, body in self.file(p).funcs.items():
                idx.setdefault(name, []).append(body)
        return idx

    @functools.cached_property
    def macros(self):
        out = {}
        for p in self.all_files():
            for name, val in self.file(p).macros.items():
                out.setdefault(name, val)
        return out

    @functools.cached_property
    def bit_aliases(self):
        """Enumerators that are a page flag's bit under another name
        (SLUB's SL_locked = PG_locked, v6.17+): name -> PG_ name."""
        out = {}
        for p in self.all_files():
            for m in re.finditer(r'\b(\w+)\s*=\s*(PG_\w+)\s*[,}]', self.file(p).text):
                if not m.group(1).startswith('PG_'):
                    out.setdefault(m.group(1), m.group(2))
        return out

    @functools.cached_property
    def accessors(self):
        return self.file('include/linux/page-flags.h').accessors

    @functools.cached_property
    def pageflags(self):
        """enum pageflags: name -> the enumerator it aliases, or None."""
        body = self.file('include/linux/page-flags.h').enums.get('pageflags', '')
        out = {}
        for m in re.finditer(r'^\s*(PG_\w+)\s*(?:=\s*(PG_\w+))?\s*,?', body, re.M):
            out.setdefault(m.group(1), m.group(2))
        return out

    def has_flag(self, flag):
        """Whether this kernel has PG_@flag: an enumerator, or an accessor
        that names another's bit (PAGEFLAG(Readahead, reclaim) before v5.16)."""
        return 'PG_' + flag in self.pageflags or any(
            (camel or '').lower() == flag.replace('_', '')
            for _, _, camel in self.accessors.values())

    def defined_anywhere(self, name):
        return name in self.index or name in self.macros or name in self.accessors

    def flag_changers(self, flag):
        """The accessors that set or clear PG_@flag (any alias that names its bit)."""
        names = {flag}
        alias = self.pageflags.get('PG_' + flag)
        if alias:
            names.add(alias[3:])
        return {a for a, (op, low, camel) in self.accessors.items()
                if op in CHANGES and (low in names or
                                      (camel or '').lower() == flag.replace('_', ''))}

    def changes_in(self, body, flag, changers):
        """How @body sets or clears PG_@flag itself, or None."""
        for a in changers:
            if re.search(r'\b%s\s*\(' % re.escape(a), body):
                return a + '()'
        pg = 'PG_' + flag
        names = [pg] + [a for a, v in self.bit_aliases.items() if v == pg]
        for stmt in body.split(';'):
            for n in names:
                if re.search(r'\b%s\b' % n, stmt) and BITOP.search(stmt):
                    return n
        # A mask built first, applied after (MGLRU's set_mask_bits(&flags, mask, ...)).
        for n in names:
            if re.search(r'(BIT\(|<<\s*)%s\b' % n, body) and re.search(r'\bset_mask_bits\s*\(', body):
                return 'BIT(%s) in set_mask_bits()' % n
        # A mask macro built from the bit (x86 PAT's _PGMT_WC is 1 << PG_arch_1).
        for tok in set(re.findall(r'\b[A-Z_][A-Z0-9_]+\b', body)):
            if re.search(r'\b%s\b' % pg, self.macros.get(tok, '')):
                return '%s (%s)' % (tok, pg)
        return None

    def sets_or_clears(self, func, flag, depth=3):
        """How @func, or a function it calls (up to @depth calls deep),
        sets or clears PG_@flag: a path "f() -> g(): SetPageX()", or None."""
        changers = self.flag_changers(flag)
        return self._sets(func, flag, changers, depth, {})

    def _sets(self, func, flag, changers, depth, seen):
        # seen: the most calls left that a function was searched with
        if seen.get(func, -1) >= depth:
            return None
        seen[func] = depth
        bodies = self.index.get(func) or ([self.macros[func]] if func in self.macros else [])
        for body in bodies:
            how = self.changes_in(body, flag, changers)
            if how:
                return '%s(): %s' % (func, how)
        if not depth:
            return None
        for body in bodies:
            # Called, or handed on as a pointer (a batch's move function, an rmap_walk's rmap_one).
            for callee in dict.fromkeys(re.findall(r'\b([A-Za-z_]\w*)\b', body)):
                if callee in changers or not (
                        callee in self.index or callee in self.macros):
                    continue
                how = self._sets(callee, flag, changers, depth - 1, seen)
                if how:
                    return '%s() -> %s' % (func, how)
        return None
