#!/usr/bin/python3
"""Boot the live test guest under QEMU and collect what pagescope said there.

The guest (dumps/live/init) runs pagescope on its own /proc/kcore while a
churn allocates and frees memory, writes everything to a tar archive on
the disk with serial pagescope-out, prints PAGESCOPE-LIVE-DONE and powers
off. We copy the console to console.log, extract the archive to out/ and
record timings in run.txt. Everything goes to OUT.tmp, renamed to OUT only
on success; on failure OUT.tmp/console.log says why.

The guest machine is the one of dumps/run-guest.py (same QEMU flags, NUMA
split and console handling, imported from it), without the dump.
Standard library only: run it with the system /usr/bin/python3.
"""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ next to run-guest.py

HERE = os.path.dirname(os.path.abspath(__file__))
DONE = b"PAGESCOPE-LIVE-DONE"
OUT_DISK_MIB = 64


def load_run_guest():
    spec = importlib.util.spec_from_file_location(
        "run_guest", os.path.join(os.path.dirname(HERE), "run-guest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rg = load_run_guest()


def qemu_command(opts, disk):
    return rg.guest_machine(opts) + [
        "-drive", f"if=none,id=out,format=raw,file={disk}",
        "-device", "virtio-blk-pci,drive=out,serial=pagescope-out",
    ]


def boot(opts, tmp, console, info):
    disk = f"{tmp}/out.img"
    with open(disk, "wb") as f:
        f.truncate(OUT_DISK_MIB << 20)
    start = time.monotonic()
    qemu = subprocess.Popen(qemu_command(opts, disk), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        rg.wait_for_marker(qemu, console, DONE, opts.timeout)
        info["boot_to_done_s"] = time.monotonic() - start
        qemu.wait(timeout=60)  # the guest powers off
    finally:
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()
        rg.drain(qemu, console)


def extract(tmp):
    os.makedirs(f"{tmp}/out")
    rg.run(["tar", "-xf", f"{tmp}/out.img", "-C", f"{tmp}/out"], "extracting the guest's output")
    os.unlink(f"{tmp}/out.img")
    for name in ("uname-r", "summary-quiet.out", "viewer/session.txt"):
        if not os.path.exists(f"{tmp}/out/{name}"):
            raise rg.GuestError(f"out/{name} missing from the guest's output")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel", required=True, help="vmlinuz")
    p.add_argument("--initrd", required=True, help="from dumps/live/mkinitramfs.sh")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--mem", type=int, default=2048, help="guest RAM in MiB")
    p.add_argument("--nodes", type=int, default=2, help="NUMA nodes (one CPU each)")
    p.add_argument("--ram-below-4g", default="1G")
    p.add_argument("--timeout", type=int, default=1800, help="seconds until the guest is done")
    opts = p.parse_args()

    out = opts.out.rstrip("/")
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    info = {}
    start = time.monotonic()
    try:
        with open(f"{tmp}/console.log", "wb") as console:
            boot(opts, tmp, console, info)
        extract(tmp)
    except (rg.GuestError, subprocess.CalledProcessError, subprocess.TimeoutExpired,
            OSError) as e:
        rg.log(f"{out}: {e}")
        rg.log(f"see {tmp}/console.log")
        return 1
    info["total_s"] = time.monotonic() - start
    text = {k: f"{v:.1f}" for k, v in info.items()}
    with open(f"{tmp}/run.txt", "w") as f:
        f.writelines(f"{k} {v}\n" for k, v in text.items())
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    rg.log(f"{out}: " + ", ".join(f"{k} {v}" for k, v in text.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
