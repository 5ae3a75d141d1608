#!/usr/bin/python3
"""Boot a pagescope test guest under QEMU and dump its memory.

The guest (dumps/guest/init) builds its workload, reads the ground truth
into memory and prints PAGESCOPE-TRUTH-READY on the serial console. We
stop the VM the moment that line arrives and dump its memory to ELF and
to kdump-compressed format. Then we resume it and answer on the console;
the guest writes the truth to its raw disk (only now, so that disk I/O is
not in the dump) and prints PAGESCOPE-TRUTH-WRITTEN. We quit QEMU,
extract the truth and check the dumps carry VMCOREINFO.

Everything is written to OUT.tmp and renamed to OUT only on success, so a
failed run never looks finished; on failure OUT.tmp/console.log says why.

Standard library only: run it with the system /usr/bin/python3.
"""

import argparse
import json
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

READY = b"PAGESCOPE-TRUTH-READY"      # truth read, guest idle: dump now
WRITTEN = b"PAGESCOPE-TRUTH-WRITTEN"  # truth on its disk: quit
FAIL = b"PAGESCOPE-FAIL"
# printed by dumps/workload/capture.c once the guest runs again after the dump
UNMOVED_AT_RESUME = b"buddyinfo unchanged while the host dumped"


class GuestError(Exception):
    pass


def log(msg):
    print(f"run-guest: {msg}", flush=True)


# --- QMP ---------------------------------------------------------------------

class Qmp:
    """A minimal QMP client over QEMU's unix socket."""

    def __init__(self, path, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise GuestError("QEMU's QMP socket never came up")
                time.sleep(0.05)
        self.buf = b""
        self._read_message(timeout)  # greeting
        self.command("qmp_capabilities", timeout=timeout)

    def _read_message(self, timeout):
        self.sock.settimeout(timeout)
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise GuestError(f"QMP: no answer within {timeout:.0f} s")
            if not chunk:
                raise GuestError("QMP: QEMU closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def command(self, name, timeout=60, **arguments):
        msg = {"execute": name}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read_message(timeout)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise GuestError(f"QMP {name}: {reply['error'].get('desc')}")
            # anything else is an asynchronous event: skip it

    def close(self):
        self.sock.close()


# --- QEMU --------------------------------------------------------------------

def memory_backend(opts, node, mib):
    """A node's RAM: anonymous memory, or with --ram-dir a file QEMU
    creates there and unlinks at once. A file is sparse: only what the
    guest touches takes disk, and the host's commit limit does not apply
    (a 256 GiB guest on a 24 GiB host)."""
    if not getattr(opts, "ram_dir", None):
        return f"memory-backend-ram,id=mem{node},size={mib}M"
    return (f"memory-backend-file,id=mem{node},size={mib}M,share=on,"
            f"mem-path={opts.ram_dir}")


def numa_args(opts):
    args = []
    per_node = opts.mem // opts.nodes
    for n in range(opts.nodes):
        args += ["-object", memory_backend(opts, n, per_node),
                 "-numa", f"node,nodeid={n},cpus={n},memdev=mem{n}"]
    return args


def guest_machine(opts, append=""):
    """QEMU's arguments for the test guest's machine, kernel and console."""
    cmdline = ("console=ttyS0 panic=-1 oops=panic numa_balancing=disable "
               + append).strip()
    return [
        "qemu-system-x86_64", "-accel", "tcg", "-cpu", "max",
        "-machine", f"pc,max-ram-below-4g={opts.ram_below_4g}",
        # one socket per node: CPUs sharing a package across nodes upset
        # the kernel's topology checks
        "-m", f"{opts.mem}M", "-smp", f"{opts.nodes},sockets={opts.nodes},cores=1,threads=1",
        *numa_args(opts),
        "-nodefaults", "-display", "none", "-monitor", "none",
        "-serial", "stdio", "-no-reboot",
        "-kernel", opts.kernel, "-initrd", opts.initrd, "-append", cmdline,
    ]


def qemu_command(opts, tmp, qmp_path):
    return guest_machine(opts, opts.append) + [
        "-device", "vmcoreinfo",
        "-drive", f"if=none,id=files,format=raw,readonly=on,file={opts.files_disk}",
        "-device", "virtio-blk-pci,drive=files,serial=pagescope-files",
        "-drive", f"if=none,id=truth,format=raw,file={tmp}/truth.img",
        "-device", "virtio-blk-pci,drive=truth,serial=pagescope-truth",
        "-qmp", f"unix:{qmp_path},server=on,wait=off",
    ]


def wait_for_marker(qemu, console, marker, timeout):
    """Copy the serial console to @console until the guest prints @marker."""
    deadline = time.monotonic() + timeout
    partial = b""  # the console's last, unfinished line
    fd = qemu.stdout.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise GuestError(f"no {marker.decode()} from the guest after {timeout} s")
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            raise GuestError(f"QEMU exited (status {qemu.wait()}) before the guest "
                             f"printed {marker.decode()}")
        console.write(chunk)
        console.flush()
        *lines, partial = (partial + chunk).split(b"\n")
        for line in lines:
            if marker in line:
                return
            if FAIL in line:
                raise GuestError("the guest failed: "
                                 + line[line.index(FAIL):].decode(errors="replace").strip())
        partial = partial[-4096:]


def drain(qemu, console):
    """Copy whatever the console still holds, without blocking."""
    fd = qemu.stdout.fileno()
    while select.select([fd], [], [], 0)[0]:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        console.write(chunk)


# --- checks and conversions ----------------------------------------------------

def elf_note_names(path):
    """Names of the notes in an ELF64 little-endian core file."""
    names = []
    with open(path, "rb") as f:
        ehdr = f.read(64)
        if ehdr[:4] != b"\x7fELF" or ehdr[4] != 2:
            raise GuestError(f"{path} is not an ELF64 file")
        phoff, = struct.unpack_from("<Q", ehdr, 32)
        phentsize, phnum = struct.unpack_from("<HH", ehdr, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            p_type, _, p_offset, _, _, p_filesz = struct.unpack("<IIQQQQ", f.read(40))
            if p_type != 4:  # PT_NOTE
                continue
            f.seek(p_offset)
            notes = f.read(p_filesz)
            off = 0
            while off + 12 <= len(notes):
                namesz, descsz, _ = struct.unpack_from("<III", notes, off)
                off += 12
                names.append(notes[off:off + namesz].rstrip(b"\0").decode(errors="replace"))
                off += (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
    return names


def check_vmcoreinfo_elf(path):
    if "VMCOREINFO" not in elf_note_names(path):
        raise GuestError(f"{path} has no VMCOREINFO note: did the guest load qemu_fw_cfg?")


# struct disk_dump_header: block_size follows signature, header_version,
# new_utsname and timeval; struct kdump_sub_header starts one block in.
KDUMP_BLOCK_SIZE_OFFSET = 428
KDUMP_SUB_HEADER = struct.Struct("<QiiQQQQ")  # phys_base ... size_vmcoreinfo


def kdump_vmcoreinfo(f):
    """(block_size, sub-header fields, VMCOREINFO text) of a kdump file."""
    f.seek(0)
    header = f.read(KDUMP_BLOCK_SIZE_OFFSET + 4)
    if header[:8] != b"KDUMP   ":
        raise GuestError(f"{f.name} is not a kdump-compressed file")
    block_size, = struct.unpack_from("<i", header, KDUMP_BLOCK_SIZE_OFFSET)
    f.seek(block_size)
    sub = KDUMP_SUB_HEADER.unpack(f.read(KDUMP_SUB_HEADER.size))
    offset, size = sub[5], sub[6]
    if not size:
        raise GuestError(f"{f.name} has no VMCOREINFO: did the guest load qemu_fw_cfg?")
    f.seek(offset)
    return block_size, sub, f.read(size).decode(errors="replace")


def fix_kdump_phys_base(path):
    """QEMU 7.2 parses the guest's decimal NUMBER(phys_base) as hex and
    writes the result into the kdump sub-header, where makedumpfile and
    crash take it from. Put the guest's own value there."""
    with open(path, "r+b") as f:
        block_size, sub, vmcoreinfo = kdump_vmcoreinfo(f)
        for line in vmcoreinfo.splitlines():
            if line.startswith("NUMBER(phys_base)="):
                phys_base = int(line.split("=", 1)[1]) & (1 << 64) - 1
                break
        else:
            raise GuestError(f"{path}: no NUMBER(phys_base) in VMCOREINFO")
        if sub[0] != phys_base:
            f.seek(block_size)
            f.write(struct.pack("<Q", phys_base))
        return sub[0], phys_base


def run(cmd, what):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode:
        raise GuestError(f"{what} failed: {result.stdout.decode(errors='replace').strip()}")
    return result.stdout.decode(errors="replace")


# What a distribution's kdump service writes: makedumpfile -d 31, by
# compression flag (Debian 12's makedumpfile has no snappy or zstd).
FILTERED = {"zlib": ("-c", "vmcore.filtered"), "lzo": ("-l", "vmcore.filtered-lzo")}


def make_filtered(tmp, compression="zlib"):
    """vmcore.filtered (zlib) or vmcore.filtered-lzo: makedumpfile -d 31
    from the kdump file.

    makedumpfile cannot read QEMU's ELF, but reads the kdump file and finds
    what it needs in its VMCOREINFO (no -x vmlinux needed)."""
    flag, name = FILTERED[compression]
    run(["makedumpfile", flag, "-d", "31", f"{tmp}/vmcore.kdump", f"{tmp}/{name}"],
        f"makedumpfile {flag} -d 31")


def capture_was_stable(truth):
    """The guest read buddyinfo first and last: did any free page move?"""
    with open(f"{truth}/buddyinfo", "rb") as a, open(f"{truth}/buddyinfo-after", "rb") as b:
        return a.read() == b.read()


def stable_until_resumed(tmp):
    """The guest reads buddyinfo again once we resumed it: a change is
    either in the dump or happened after 'cont', we cannot tell which."""
    with open(f"{tmp}/console.log", "rb") as f:
        return UNMOVED_AT_RESUME in f.read()


# --- the run -----------------------------------------------------------------

def truth_disk_size(mem_mib):
    # three 8-byte arrays per page frame (kpageflags, kpagecount, kpagecgroup)
    # up to the highest RAM address (above the 4 GiB hole), plus text files
    frames = (mem_mib + 4096) * 256
    return 3 * 8 * frames + (64 << 20)


def boot_and_dump(opts, tmp, console, info):
    qmp_dir = tempfile.mkdtemp(prefix="pagescope-qmp.")  # unix socket paths are short
    qmp_path = os.path.join(qmp_dir, "qmp.sock")
    with open(f"{tmp}/truth.img", "wb") as f:
        f.truncate(truth_disk_size(opts.mem))
    start = time.monotonic()
    qemu = subprocess.Popen(qemu_command(opts, tmp, qmp_path), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    qmp = None
    try:
        qmp = Qmp(qmp_path, 30)
        wait_for_marker(qemu, console, READY, opts.timeout)
        qmp.command("stop")
        info["boot_to_ready_s"] = time.monotonic() - start
        drain(qemu, console)

        if opts.elf:
            t = time.monotonic()
            qmp.command("dump-guest-memory", timeout=opts.dump_timeout,
                        paging=False, protocol=f"file:{tmp}/vmcore.elf")
            info["dump_elf_s"] = time.monotonic() - t
        if opts.kdump:
            t = time.monotonic()
            qmp.command("dump-guest-memory", timeout=opts.dump_timeout, paging=False,
                        protocol=f"file:{tmp}/vmcore.kdump.flat", format="kdump-zlib")
            info["dump_kdump_s"] = time.monotonic() - t
        # Let the guest write the truth to its disk now that memory is saved.
        qmp.command("cont")
        qemu.stdin.write(b"dumped\n")
        qemu.stdin.flush()
        wait_for_marker(qemu, console, WRITTEN, 300)
        try:
            qmp.command("quit")
        except GuestError:
            pass  # QEMU may hang up before it answers
        qemu.wait(timeout=60)
    finally:
        if qmp:
            qmp.close()
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()
        drain(qemu, console)
        shutil.rmtree(qmp_dir, ignore_errors=True)


def extract_truth(tmp):
    os.makedirs(f"{tmp}/truth")
    run(["tar", "-xf", f"{tmp}/truth.img", "-C", f"{tmp}/truth"], "extracting the truth")
    os.unlink(f"{tmp}/truth.img")
    for name in ("uname-r", "kpageflags", "buddyinfo-after"):
        if not os.path.exists(f"{tmp}/truth/{name}"):
            raise GuestError(f"truth/{name} missing from the truth disk")


def convert_kdump(tmp, info):
    # QEMU writes the flattened format; makedumpfile -R makes it seekable.
    with open(f"{tmp}/vmcore.kdump.flat", "rb") as flat:
        subprocess.run(["makedumpfile", "-R", f"{tmp}/vmcore.kdump"], stdin=flat,
                       stdout=subprocess.DEVNULL, check=True)
    os.unlink(f"{tmp}/vmcore.kdump.flat")
    qemu_value, phys_base = fix_kdump_phys_base(f"{tmp}/vmcore.kdump")
    info["kdump_phys_base"] = f"{phys_base:#x} (QEMU wrote {qemu_value:#x})"


def timed(info, key, fn, *args):
    t = time.monotonic()
    fn(*args)
    info[key] = time.monotonic() - t


def finish(opts, tmp, info):
    extract_truth(tmp)
    info["buddyinfo_stable"] = "yes" if capture_was_stable(f"{tmp}/truth") else "no"
    if info["buddyinfo_stable"] != "yes":
        log("warning: truth/buddyinfo and truth/buddyinfo-after differ")
    info["buddyinfo_at_resume"] = "same" if stable_until_resumed(tmp) else "changed"
    if info["buddyinfo_at_resume"] != "same":
        log("warning: buddyinfo moved between truth/buddyinfo-after and the resume")
    if opts.elf:
        check_vmcoreinfo_elf(f"{tmp}/vmcore.elf")
    if opts.kdump:
        timed(info, "kdump_convert_s", convert_kdump, tmp, info)
        for compression in opts.filtered:
            timed(info, f"filtered_{compression}_s", make_filtered, tmp, compression)
    for name in os.listdir(tmp):
        if name.startswith("vmcore."):  # QEMU and makedumpfile make them 0400/0600
            os.chmod(f"{tmp}/{name}", 0o644)
    for name, target in opts.link:
        os.symlink(os.path.relpath(target, opts.out), f"{tmp}/{name}")


# Boots until the guest's truth holds still while it is captured.
ATTEMPTS = 4


def link_arg(text):
    name, sep, target = text.partition("=")
    if not sep or not name or "/" in name:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {text!r}")
    if not os.path.isfile(target):  # a dangling link would pass for a kernel file
        raise argparse.ArgumentTypeError(f"{target} is not a file")
    return name, target


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel", required=True, help="vmlinuz")
    p.add_argument("--initrd", required=True)
    p.add_argument("--link", type=link_arg, action="append", default=[], metavar="NAME=PATH",
                   help="put a relative symlink NAME to PATH next to the dump (vmlinux ...)")
    p.add_argument("--files-disk", required=True, help="ext2 image (mkfilesdisk.sh)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--mem", type=int, default=2048, help="guest RAM in MiB")
    p.add_argument("--nodes", type=int, default=2, help="NUMA nodes (one CPU each)")
    p.add_argument("--ram-below-4g", default="1G",
                   help="RAM below the 4 GiB hole (the rest of RAM goes above 4 GiB)")
    p.add_argument("--append", default="", help="extra kernel command line")
    p.add_argument("--timeout", type=int, default=600, help="seconds until the marker")
    p.add_argument("--dump-timeout", type=int, default=1800, help="seconds per dump")
    p.add_argument("--no-kdump", dest="kdump", action="store_false")
    p.add_argument("--no-elf", dest="elf", action="store_false",
                   help="no vmcore.elf (a guest too big for an ELF on this disk)")
    p.add_argument("--filtered", action="append_const", const="zlib", default=[],
                   help="also vmcore.filtered (makedumpfile -c -d 31)")
    p.add_argument("--filtered-lzo", dest="filtered", action="append_const", const="lzo",
                   help="also vmcore.filtered-lzo (makedumpfile -l -d 31)")
    p.add_argument("--ram-dir", help="back guest RAM with sparse files in this directory")
    p.add_argument("--attempts", type=int, default=ATTEMPTS,
                   help="boots until the truth holds still during its capture")
    p.add_argument("--keep-moved-truth", action="store_true",
                   help="keep the last boot's dump even if its truth moved (bench dumps)")
    opts = p.parse_args()
    if not opts.elf and not opts.kdump:
        p.error("--no-elf and --no-kdump leave no dump")

    out = opts.out.rstrip("/")
    tmp = out + ".tmp"
    start = time.monotonic()
    for attempt in range(1, opts.attempts + 1):
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        info = {"attempt": attempt}  # timings (seconds) and checks, saved as run.txt
        try:
            with open(f"{tmp}/console.log", "wb") as console:
                boot_and_dump(opts, tmp, console, info)
            finish(opts, tmp, info)
        except (GuestError, subprocess.CalledProcessError, OSError) as e:
            log(f"{out}: {e}")
            log(f"see {tmp}/console.log")
            return 1
        held = info["buddyinfo_stable"] == "yes" and info["buddyinfo_at_resume"] == "same"
        if held or attempt == opts.attempts:
            break
        # A free page moved while the guest wrote its truth (it did on 5.10:
        # 2 pages of a reclaimable slab), or between its last read and the
        # resume (on 6.1: a zone's free count in the dump differed from
        # zoneinfo): the truth may not describe the dump. Boot again rather
        # than keep a dump the tests cannot match.
        log(f"{out}: attempt {attempt}: the truth moved during its capture; again")
    if info["buddyinfo_stable"] != "yes" and not opts.keep_moved_truth:
        log(f"{out}: the truth moved during its capture in {opts.attempts} boots")
        return 1
    info["total_s"] = time.monotonic() - start
    text = {k: (f"{v:.1f}" if isinstance(v, float) else v) for k, v in info.items()}
    with open(f"{tmp}/run.txt", "w") as f:
        f.writelines(f"{k} {v}\n" for k, v in text.items())
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    log(f"{out}: " + ", ".join(f"{k} {v}" for k, v in text.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
