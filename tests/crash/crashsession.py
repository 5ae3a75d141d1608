"""Running Debian's crash utility in batch mode with pagescope.so loaded.

Each crash session costs 15-30 s of start-up (gdb reads the whole vmlinux),
so a test gathers many commands into one session. Every command's output
goes to its own file through crash's `> FILE` redirection: crash writes a
command's error() lines there too, so each file holds exactly what the
user would have seen for that command."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'dump'))
import common  # noqa: E402  (tests/dump/common.py: TAP, dumps, standalone runs)

EXT = os.environ.get('PS_CRASH_EXT', os.path.join(common.TOP, 'build', 'pagescope.so'))
CRASH = os.environ.get('PS_CRASH', 'crash')

# crash 8.0.2 predates kernel 6.2, which moved per-cpu cpu_number into
# pcpu_hot. On such a kernel crash's full start-up leaves the IRQ stack size
# at 0 and reads IRQ stacks into a 0-byte buffer: its heap is damaged, its
# gdb then segfaults at random and the kdump file aborts ("malloc():
# unsorted double linked list corrupted"). `--minimal` skips that start-up
# and pagescope works there, on ELF and kdump files alike. Such kernels
# also stop crash at "invalid structure member offset: module_core_size"
# and hide their KASLR offset from it: --no_modules, and say the offset.
# (docs/crash.md, DUMP-FACTS.md.) The test is by feature: pcpu_hot, or,
# from v6.15 when pcpu_hot went, per-cpu data linked in the kernel image
# (__per_cpu_start not 0), which crash 8.0.2 cannot read either.
NEWER_THAN_CRASH_OPTIONS = ['--minimal', '--no_modules', '--kaslr={kaslr}']


def have_crash():
    return shutil.which(CRASH) is not None and os.path.exists(EXT)


def kaslr_offset(kernel):
    s = common.run_json(['summary'] + common.on(kernel, 'elf'))
    return s['kernel']['kaslr_offset']


def newer_than_crash(kernel):
    status, _, _ = common.run(['sym', 'pcpu_hot'] + common.on(kernel, 'elf'))
    if status == 0:
        return True
    status, out, _ = common.run(['sym', '__per_cpu_start'] + common.on(kernel, 'elf'))
    return status == 0 and int(out.split()[0], 16) >> 63 == 1


def crash_options(kernel):
    if not newer_than_crash(kernel):
        return []
    kaslr = kaslr_offset(kernel)
    return [o.replace('{kaslr}', kaslr) for o in NEWER_THAN_CRASH_OPTIONS]


def crash_argv(kernel, fmt, cmdfile):
    return ([CRASH, '-s', '--no_crashrc'] + crash_options(kernel) +
            [common.vmlinux(kernel), common.vmcore(kernel, fmt), '-i', cmdfile])


class Session:
    """Commands for one crash run; each returns the path of its output."""

    def __init__(self, kernel, fmt='elf', env=None):
        self.kernel, self.fmt = kernel, fmt
        self.env = env or {}
        self.dir = tempfile.mkdtemp(prefix='pagescope-crash-')
        self.lines = []
        self.n = 0
        self.status = None
        self.output = ''

    def out(self, name):
        return os.path.join(self.dir, name)

    def add(self, command, name=None):
        """Queue a crash command; its output goes to a file of its own."""
        self.n += 1
        path = self.out(name or 'cmd%03d.out' % self.n)
        self.lines.append('%s > %s' % (command, path))
        return path

    def raw(self, command):
        """Queue a command whose output stays in the session's stdout."""
        self.lines.append(command)

    def _cmdfile(self):
        path = self.out('commands')
        with open(path, 'w') as f:
            f.write('\n'.join(self.lines + ['q']) + '\n')
        return path

    def start(self):
        argv = crash_argv(self.kernel, self.fmt, self._cmdfile())
        # An empty cache: what pagescope finds through crash alone, not what
        # a standalone run left in ~/.cache (the list of global list_lrus).
        env = dict(os.environ, XDG_CACHE_HOME=self.out('cache'), **self.env)
        # PS_CRASH_PRELOAD: e.g. libasan, for an extension built with ASan.
        if os.environ.get('PS_CRASH_PRELOAD'):
            env['LD_PRELOAD'] = os.environ['PS_CRASH_PRELOAD']
        self.proc = subprocess.Popen(argv, cwd=self.dir, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True,
                                     stdin=subprocess.DEVNULL, env=env)
        return self.proc

    def wait(self, timeout=900):
        try:
            self.output, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.output, _ = self.proc.communicate()
            self.output += '\n[killed after %d s]' % timeout
        self.status = self.proc.returncode
        return self.status

    def run(self, timeout=900):
        self.start()
        return self.wait(timeout)

    def interrupt(self):
        self.proc.send_signal(signal.SIGINT)

    def read(self, path):
        try:
            with open(path) as f:
                return f.read()
        except FileNotFoundError:
            return None

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def sanitizer_report(output):
    """The first lines of an ASan or UBSan report in crash's output, or None."""
    for marker in ('ERROR: AddressSanitizer', 'runtime error:', 'ERROR: LeakSanitizer'):
        at = output.find(marker)
        if at >= 0:
            return output[max(0, at - 200):at + 1500]
    return None


def check_session(t, s, what):
    """crash quit normally and no sanitizer spoke."""
    t.eq(s.status, 0, '%s: crash ran every command and quit normally' % what)
    report = sanitizer_report(s.output)
    t.ok(report is None, '%s: no sanitizer report' % what, report)


def wait_for_growth(path, proc, timeout=600):
    """Wait until @path exists and is not empty; False if crash ended first."""
    end = time.time() + timeout
    while time.time() < end and proc.poll() is None:
        try:
            if os.path.getsize(path) > 0:
                return True
        except OSError:
            pass
        time.sleep(0.005)
    return False
