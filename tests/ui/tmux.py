"""Drive the viewer in a detached tmux: start it at a fixed size, send
keys, wait until the screen shows what a step waits for and stops
changing, capture it. Each Viewer has its own tmux server (socket)."""
import os
import subprocess
import itertools
import time

_servers = itertools.count()

# Status lines of work still under way: a screen showing one is not final.
BUSY = ('scanning memory...', 'walking memory...', 'finding owners of every page...')


class Viewer:
    def __init__(self, args, width, height, env=None, timeout=None):
        self.socket = 'psui-%d-%d' % (os.getpid(), next(_servers))
        # A bound on waiting, not a timing assertion: the sanitizer build
        # reads cold debug info several times slower (PS_UI_TIMEOUT).
        self.timeout = timeout or int(os.environ.get('PS_UI_TIMEOUT', '60'))
        self.last = ''
        e = {'TERM': 'screen-256color', 'LC_ALL': 'C.UTF-8'}
        e.update(env or {})
        envs = ' '.join('%s=%s' % (k, quote(v)) for k, v in sorted(e.items()))
        cmd = 'env %s %s; echo "EXIT=$?"; sleep 600' % (
            envs, ' '.join(quote(a) for a in args))
        self.tmux('-f', '/dev/null', 'new-session', '-d', '-x', str(width),
                  '-y', str(height), '-s', 'v', cmd)
        self.tmux('set-option', '-t', 'v', 'status', 'off')

    def tmux(self, *args):
        p = subprocess.run(['tmux', '-L', self.socket] + list(args),
                           capture_output=True, text=True, timeout=20)
        return p.stdout

    def capture(self, escapes=False):
        args = ['capture-pane', '-p', '-t', 'v'] + (['-e'] if escapes else [])
        return self.tmux(*args)

    def wait(self, marker, gone=None):
        """Until @marker is on the screen (and @gone is not) and the screen
        stays the same for a moment; returns it, or raises TimeoutError."""
        deadline = time.time() + self.timeout
        prev = None
        while time.time() < deadline:
            screen = self.capture()
            ready = marker in screen and (gone is None or gone not in screen)
            if ready and screen == prev and not any(b in screen for b in BUSY):
                self.last = screen
                return screen
            prev = screen if ready else None
            time.sleep(0.15)
        raise TimeoutError('waited %ds for %r; the screen:\n%s' %
                           (self.timeout, marker, self.capture()))

    def keys(self, *keys):
        for k in keys:
            self.tmux('send-keys', '-t', 'v', k)
            time.sleep(0.05)

    def text(self, s):
        self.tmux('send-keys', '-t', 'v', '-l', s)

    def resize(self, width, height):
        self.tmux('resize-window', '-t', 'v', '-x', str(width), '-y', str(height))

    def pane(self, fmt):
        return self.tmux('display-message', '-p', '-t', 'v', fmt).strip()

    def close(self):
        subprocess.run(['tmux', '-L', self.socket, 'kill-server'],
                       capture_output=True, timeout=20)


def quote(s):
    return "'" + str(s).replace("'", "'\\''") + "'"
