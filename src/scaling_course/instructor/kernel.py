"""One learner's kernel, seen from the grader: start it in its sandbox, run a cell or a call against a wall clock,
interrupt it, and restart it when it stops answering.

The kernel talks over Unix sockets in the submission's own folder (ZeroMQ's ipc transport), so it needs no
network at all. Only messages answering our own request are read; printed output is counted, not kept.
"""
import json
import os
import signal
import time
from pathlib import Path
from queue import Empty

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

from . import agent, sandbox

BOOT = "import scaling_course.instructor.agent as __scaling_grader__\n"
INTERRUPT_GRACE = 3.0


class Outcome:
    """What one request did: status ok / error / timeout (interrupted) / hung (ignored the interrupt) / dead."""

    def __init__(self, status, ename="", evalue="", data=None, seconds=0.0):
        self.status, self.ename, self.evalue, self.data, self.seconds = status, ename, evalue, data, seconds


class SandboxedKernelManager(KernelManager):
    """A KernelManager whose kernel command starts inside the sandbox launcher, interrupted by message."""

    prefix = []

    def format_kernel_cmd(self, extra_arguments=None):
        return [*self.prefix, self.python, "-m", "ipykernel_launcher", "-f", self.connection_file]


class Kernel:
    def __init__(self, folder, rung, uid, memory_mb, cpu_seconds, python):
        self.folder, self.rung, self.uid = Path(folder), rung, uid
        self.memory_mb, self.cpu_seconds, self.python = memory_mb, cpu_seconds, python
        self.km = self.kc = None
        self.starts = self.garbled = 0

    def environment(self):
        home = str(self.folder)
        return {"PATH": os.path.dirname(self.python) + ":/usr/local/bin:/usr/bin:/bin", "HOME": home,
                "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": home, "IPYTHONDIR": f"{home}/.ipython", "JUPYTER_RUNTIME_DIR": home,
                "PYTHONNOUSERSITE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

    def start(self, timeout=60):
        self.starts += 1
        km = SandboxedKernelManager(transport="ipc", ip=str(self.folder / f"k{self.starts}"),
                                    connection_file=str(self.folder / f"kernel-{self.starts}.json"))
        km.prefix = sandbox.launcher(self.rung, self.folder, self.uid, self.memory_mb, self.cpu_seconds)
        km.python = self.python
        km._kernel_spec = KernelSpec(argv=[], display_name="grader", language="python", interrupt_mode="message")
        km.start_kernel(env=self.environment(), cwd=str(self.folder))
        sandbox.prepare(self.folder, self.rung, self.uid)
        self.km, self.kc = km, km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=timeout)
        except RuntimeError as error:
            raise KernelTrouble(f"the kernel did not start ({error})") from None
        boot = self.run(BOOT, timeout)
        if boot.status != "ok":
            raise KernelTrouble(f"the grader's helper did not load in the kernel ({boot.status} {boot.ename})")

    def stop(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # already gone
                pass
            self.km.cleanup_resources()
        if self.rung == "user" and os.geteuid() == 0:
            kill_uid(self.uid)
        self.km = self.kc = None

    def restart(self):
        self.stop()
        self.start()

    def run(self, code, timeout, silent=False):
        """Execute code; wait at most timeout s of wall clock, then interrupt; hung if the interrupt is ignored."""
        started = time.monotonic()
        msg_id = self.kc.execute(code, silent=silent, store_history=False, allow_stdin=False, stop_on_error=False)
        outcome = self._collect(msg_id, started + timeout)
        if outcome is None:
            self.km.interrupt_kernel()
            outcome = self._collect(msg_id, time.monotonic() + INTERRUPT_GRACE)
            outcome = Outcome("hung") if outcome is None else Outcome("timeout", outcome.ename, outcome.evalue)
        outcome.seconds = time.monotonic() - started
        return outcome

    def _collect(self, msg_id, deadline):
        ename = evalue = ""
        data = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                msg = self.kc.get_iopub_msg(timeout=min(left, 0.5))
            except Empty:
                if not self.km.is_alive():
                    return Outcome("dead")
                continue
            except Exception:  # a malformed message (the notebook broke its own json or session): ignore it
                self.garbled += 1
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                ename, evalue = str(content.get("ename", ""))[:100], str(content.get("evalue", ""))[:300]
            elif kind == "display_data" and agent.MIME in content.get("data", {}):
                data = content["data"][agent.MIME]
            elif kind == "status" and content.get("execution_state") == "idle":
                return Outcome("error" if ename else "ok", ename, evalue, data)

    def request(self, function, payload, timeout):
        """Run __scaling_grader__.<function>(payload) and return (Outcome, reply dict or None)."""
        outcome = self.run(f"__scaling_grader__.{function}({json.dumps(payload)!r})", timeout)
        reply = None
        if outcome.status == "ok" and isinstance(outcome.data, str):
            try:
                reply = json.loads(outcome.data)
            except ValueError:
                reply = None
        return outcome, reply if isinstance(reply, dict) else None


class KernelTrouble(Exception):
    """The kernel could not be started or reached: an error for this submission, not a verdict on it."""


def kill_uid(uid):
    """Kill every process left running as the submission's own uid (forked children included)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue
