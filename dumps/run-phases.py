#!/usr/bin/python3
"""Boot one pagescope test guest and dump it twice: before and after a
workload phase (dumps/guest/init-phases).

The guest captures its truth for phase "before" and prints
PAGESCOPE-TRUTH-READY; we stop it, dump it to OUT.tmp/before/vmcore.elf,
resume it and answer "dumped"; it writes the truth to the disk
pagescope-before and prints PAGESCOPE-TRUTH-WRITTEN; we answer
"next" and it runs phase 2, then the same for "after". Both dumps come
from one boot, so the differences between them are the phase's alone.

OUT/before and OUT/after each look like a dump directory of
dumps/run-guest.py (vmcore.elf, truth/, links); OUT/run.txt and
OUT/console.log are shared. Reuses run-guest.py's QEMU, QMP and truth
helpers unchanged (it is an input of every other dump).

Standard library only: run it with the system /usr/bin/python3.
"""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("run_guest", os.path.join(HERE, "run-guest.py"))
rg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rg)

PHASES = ("before", "after")


def qemu_command(opts, tmp, qmp_path):
    cmd = rg.guest_machine(opts, "rdinit=/init-phases") + [
        "-device", "vmcoreinfo",
        "-drive", f"if=none,id=files,format=raw,readonly=on,file={opts.files_disk}",
        "-device", "virtio-blk-pci,drive=files,serial=pagescope-files",
        "-qmp", f"unix:{qmp_path},server=on,wait=off",
    ]
    for phase in PHASES:
        cmd += ["-drive", f"if=none,id={phase},format=raw,file={tmp}/truth-{phase}.img",
                "-device", f"virtio-blk-pci,drive={phase},serial=pagescope-{phase}"]
    return cmd


def say(qemu, line):
    qemu.stdin.write(line.encode() + b"\n")
    qemu.stdin.flush()


def dump_phase(opts, qemu, qmp, console, tmp, phase, info):
    """Wait for the phase's capture, dump, and let the guest write its truth."""
    t = time.monotonic()
    rg.wait_for_marker(qemu, console, rg.READY, opts.timeout)
    qmp.command("stop")
    info[f"{phase}_ready_s"] = time.monotonic() - t
    rg.drain(qemu, console)
    t = time.monotonic()
    os.makedirs(f"{tmp}/{phase}")
    qmp.command("dump-guest-memory", timeout=opts.dump_timeout, paging=False,
                protocol=f"file:{tmp}/{phase}/vmcore.elf")
    info[f"{phase}_dump_elf_s"] = time.monotonic() - t
    qmp.command("cont")
    say(qemu, "dumped")
    rg.wait_for_marker(qemu, console, rg.WRITTEN, 300)


def boot_and_dump(opts, tmp, console, info):
    qmp_dir = tempfile.mkdtemp(prefix="pagescope-qmp.")
    qmp_path = os.path.join(qmp_dir, "qmp.sock")
    for phase in PHASES:
        with open(f"{tmp}/truth-{phase}.img", "wb") as f:
            f.truncate(rg.truth_disk_size(opts.mem))
    qemu = subprocess.Popen(qemu_command(opts, tmp, qmp_path), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    qmp = None
    try:
        qmp = rg.Qmp(qmp_path, 30)
        dump_phase(opts, qemu, qmp, console, tmp, "before", info)
        say(qemu, "next")
        dump_phase(opts, qemu, qmp, console, tmp, "after", info)
        try:
            qmp.command("quit")
        except rg.GuestError:
            pass
        qemu.wait(timeout=60)
    finally:
        if qmp:
            qmp.close()
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()
        rg.drain(qemu, console)
        shutil.rmtree(qmp_dir, ignore_errors=True)


def finish_phase(opts, tmp, phase, info):
    d = f"{tmp}/{phase}"
    os.makedirs(f"{d}/truth")
    rg.run(["tar", "-xf", f"{tmp}/truth-{phase}.img", "-C", f"{d}/truth"],
           f"extracting the {phase} truth")
    os.unlink(f"{tmp}/truth-{phase}.img")
    for name in ("uname-r", "kpageflags", "buddyinfo-after", "phase"):
        if not os.path.exists(f"{d}/truth/{name}"):
            raise rg.GuestError(f"{phase}/truth/{name} missing from the truth disk")
    with open(f"{d}/truth/phase") as f:
        if f.read().strip() != phase:
            raise rg.GuestError(f"{phase}/truth/phase names another phase")
    info[f"{phase}_buddyinfo_stable"] = "yes" if rg.capture_was_stable(f"{d}/truth") else "no"
    rg.check_vmcoreinfo_elf(f"{d}/vmcore.elf")
    os.chmod(f"{d}/vmcore.elf", 0o644)
    for name, target in opts.link:
        os.symlink(os.path.relpath(target, d), f"{d}/{name}")


def unmoved_at_resume(tmp):
    """How many captures saw buddyinfo unchanged while the host dumped."""
    with open(f"{tmp}/console.log", "rb") as f:
        return f.read().count(rg.UNMOVED_AT_RESUME)


def attempt(opts, tmp, info):
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(f"{tmp}/console.log", "wb") as console:
        boot_and_dump(opts, tmp, console, info)
    for phase in PHASES:
        finish_phase(opts, tmp, phase, info)
    info["buddyinfo_at_resume"] = f"{unmoved_at_resume(tmp)} of {len(PHASES)} same"
    return all(info[f"{p}_buddyinfo_stable"] == "yes" for p in PHASES)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel", required=True, help="vmlinuz")
    p.add_argument("--initrd", required=True, help="an initramfs with /init-phases")
    p.add_argument("--link", type=rg.link_arg, action="append", default=[], metavar="NAME=PATH",
                   help="a relative symlink NAME to PATH in before/ and after/")
    p.add_argument("--files-disk", required=True, help="ext2 image (mkfilesdisk.sh)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--mem", type=int, default=2048, help="guest RAM in MiB")
    p.add_argument("--nodes", type=int, default=2, help="NUMA nodes (one CPU each)")
    p.add_argument("--ram-below-4g", default="1G")
    p.add_argument("--timeout", type=int, default=600, help="seconds until each marker")
    p.add_argument("--dump-timeout", type=int, default=1800, help="seconds per dump")
    p.add_argument("--attempts", type=int, default=rg.ATTEMPTS,
                   help="boots until both truths hold still during their capture")
    opts = p.parse_args()

    out = opts.out.rstrip("/")
    tmp = out + ".tmp"
    start = time.monotonic()
    for n in range(1, opts.attempts + 1):
        info = {"attempt": n}
        try:
            held = attempt(opts, tmp, info)
        except (rg.GuestError, subprocess.CalledProcessError, OSError) as e:
            rg.log(f"{out}: {e}")
            rg.log(f"see {tmp}/console.log")
            return 1
        if held:
            break
        rg.log(f"{out}: attempt {n}: a truth moved during its capture; again")
    else:
        rg.log(f"{out}: a truth moved during its capture in {opts.attempts} boots")
        return 1
    info["total_s"] = time.monotonic() - start
    text = {k: (f"{v:.1f}" if isinstance(v, float) else v) for k, v in info.items()}
    with open(f"{tmp}/run.txt", "w") as f:
        f.writelines(f"{k} {v}\n" for k, v in text.items())
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    rg.log(f"{out}: " + ", ".join(f"{k} {v}" for k, v in text.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
