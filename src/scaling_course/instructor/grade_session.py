"""Grade one submission: its cells run one by one in a sandboxed kernel; the checks run here, in the grader.

The kernel only answers calls to the learner's functions with plain data (wire.py); each verdict is decided
by the package's checks in this process and printed as one JSON line as soon as the notebook reaches the
cell that defines the function (or at the end), so a later crash or hang keeps what was earned.
"""
import ast
import json
import re
import time

from IPython.core.inputtransformer2 import TransformerManager

from . import wire
from .kernel import KernelTrouble

CHECK_CELL = re.compile(r"^check\.\w+\(\w+\)\s*$")
CALL_GRACE = 3


class InstructorError(Exception):
    """Something on the instructor's side failed (a check or a held-out case raised): never a student's zero."""


class _Abort(BaseException):
    """Stops a check once the grader has its verdict (an unreadable result, a timeout, a dead kernel)."""


def cell_plan(notebook, names):
    """[(index, source, defined exercise names, exercise names it calls)] for the code cells worth running."""
    plan = []
    for index, cell in enumerate(notebook.cells):
        source = cell.source if cell.cell_type == "code" else ""
        if not source.strip() or CHECK_CELL.match(source.strip()):
            continue
        try:
            tree = ast.parse(TransformerManager().transform_cell(source))
        except (SyntaxError, ValueError):
            plan.append((index, source, set(), {}))
            continue
        defined, calls = set(), {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
                defined.add(node.name)
                calls[node.name] = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call)
                                    and isinstance(n.func, ast.Name) and n.func.id in names} - {node.name}
            elif isinstance(node, ast.Assign):
                defined |= {t.id for t in node.targets if isinstance(t, ast.Name) and t.id in names}
        plan.append((index, source, defined, calls))
    return plan


class Session:
    def __init__(self, kernel, checks, names, emit, cell_timeout, call_timeout, notebook_timeout, extra=None):
        self.kernel, self.checks, self.names, self.emit = kernel, checks, names, emit
        self.cell_timeout, self.call_timeout, self.deadline = cell_timeout, call_timeout, time.monotonic() + notebook_timeout
        self.extra = extra or (lambda name, proxy, result: result)
        self.verdicts, self.override, self.ran, self.calls = {}, None, [], []

    # -- calls into the kernel ---------------------------------------------------------------------------
    def call(self, target, args):
        try:
            payload = wire.dumps(list(args))
        except wire.Unreadable as error:
            raise InstructorError(f"a check passed an argument the wire cannot carry ({error}).") from None
        outcome, reply = self.kernel.request("call", {"fn": target, "args": payload, "limit": self.call_timeout},
                                             self.call_timeout + CALL_GRACE)
        shown = "(" + ", ".join(_short(a) for a in args) + ")"
        if outcome.status in ("dead", "hung"):
            self._recover(outcome.status)
            self._stop("error", f"when called with {shown} your function "
                       + ("crashed the kernel." if outcome.status == "dead" else
                          f"ran past {self.call_timeout} s and ignored the interrupt; the kernel was restarted."))
        if outcome.status == "timeout" or reply and reply.get("timeout"):
            self._stop("error", f"your function took longer than {self.call_timeout} s when called with {shown} "
                                "(an endless loop?).")
        if reply is None:
            self._stop("error", f"the grader got no answer from your function when called with {shown}.")
        if reply.get("missing"):
            self._stop("error", "your function was gone from the notebook when the grader called it (the kernel "
                                "was restarted, or a later cell deleted it).")
        if "raised" in reply:  # the same exception by name, so the check words it as it does in the notebook
            name = str(reply["raised"])[:60] or "Exception"
            known = {"NotImplementedError": NotImplementedError, "KeyboardInterrupt": KeyboardInterrupt,
                     "SystemExit": SystemExit}
            raise known.get(name, type(name, (Exception,), {}))(reply.get("message", ""))
        if "unreadable" in reply:
            self._stop("failed", f"your function returned a {reply['unreadable']}, which the grader cannot read.")
        try:
            return wire.loads(reply.get("value"), callback=lambda handle: Remote(self, ["handle", handle]))
        except wire.Unreadable as error:
            self._stop("failed", f"your function returned a {error}, which the grader cannot read.")

    def _stop(self, status, message):
        self.override = (status, message)
        raise _Abort()

    def _recover(self, what):
        """The kernel died or hung during a call: restart it and replay the cells run so far."""
        self.kernel.restart()
        for index, source in self.ran:
            if time.monotonic() > self.deadline:
                break
            self.kernel.run(source, self.cell_timeout)

    # -- verdicts ----------------------------------------------------------------------------------------
    def record(self, name, status, message, cell=None, flags=""):
        self.verdicts[name] = {"status": status, "message": message, "cell": cell, "flags": flags}
        self.emit({"exercise": name, **self.verdicts[name]})

    def grade(self, name, cell, cell_outcome, calls):
        outcome, reply = self.kernel.request("probe", [name], self.cell_timeout)
        kind = (reply or {}).get("found", {}).get(name)
        if kind != "callable":
            if cell_outcome and cell_outcome[0] == "error":
                return self.record(name, "failed", f"cell {cell} raised {cell_outcome[1]}: {cell_outcome[2]} "
                                                   f"before {name} was defined.", cell)
            if cell_outcome and cell_outcome[0] in ("dead", "hung", "timeout"):
                return self.record(name, "error", f"cell {cell} {_what(cell_outcome[0], self.cell_timeout)} "
                                                  f"before {name} was defined.", cell)
            why = f"{name} is a {kind}, not a function." if kind else f"no function called {name} was defined."
            return self.record(name, "not attempted", why, cell)
        self.override, proxy, self.calls = None, Remote(self, ["global", name]), []
        try:
            result = self.checks(name, proxy)
            status, message = result.status, result.message
            status, message = self.extra(name, proxy, (status, message))
        except _Abort:
            status, message = self.override
        except InstructorError:
            raise
        except Exception as error:
            raise InstructorError(f"the check for {name} raised {type(error).__name__}: {error}") from None
        if self.override:
            status, message = self.override
        failed_before = sorted(n for n in calls if self.verdicts.get(n, {}).get("status") != "passed")
        if status != "passed" and failed_before:
            message += (f" (your {name} calls your {', '.join(failed_before)}, which did not pass: fix "
                        f"{'that' if len(failed_before) == 1 else 'those'} first.)")
        self.record(name, status, message, cell)

    # -- the notebook --------------------------------------------------------------------------------------
    def run(self, notebook):
        plan = cell_plan(notebook, self.names)
        last = {}
        for index, _, defined, _ in plan:
            for name in defined:
                last[name] = index
        calls = {name: c for _, _, _, cs in plan for name, c in cs.items()}
        events = []
        for index, source, _, _ in plan:
            if time.monotonic() > self.deadline:
                events.append(f"the notebook ran past its time limit at cell {index}")
                break
            outcome = self.kernel.run(source, min(self.cell_timeout, max(1, self.deadline - time.monotonic())))
            result = (outcome.status, outcome.ename, outcome.evalue)
            if outcome.status in ("dead", "hung", "timeout"):
                events.append(f"cell {index} {_what(outcome.status, self.cell_timeout)}")
            if outcome.status in ("dead", "hung"):
                self._recover(outcome.status)
            elif outcome.status != "timeout":
                self.ran.append((index, source))
            for name in sorted((n for n, i in last.items() if i == index), key=self.names.index):
                self.grade(name, index, result, calls.get(name, set()))
        for name in self.names:
            if name not in self.verdicts:
                if events and time.monotonic() > self.deadline:
                    self.record(name, "error", events[-1] + ".", None)
                else:
                    self.grade(name, None, None, calls.get(name, set()))
        return events


class Remote:
    """Stands for a learner's function in the grader: calling it asks the kernel, and returns plain data."""

    def __init__(self, session, target):
        self.session, self.target = session, target

    def __call__(self, *args):
        if self.target[0] == "global":
            self.session.calls.append(args)
        return self.session.call(self.target, args)


def _what(status, timeout):
    return {"dead": "crashed the kernel (os._exit, a segfault or out of memory)",
            "hung": f"ran past {timeout} s and ignored the interrupt (the kernel was restarted)",
            "timeout": f"ran past {timeout} s and was interrupted"}[status]


def _short(value):
    text = f"an array of shape {value.shape}" if hasattr(value, "shape") and getattr(value, "size", 0) > 4 else repr(
        value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) < 80 else text[:77] + "..."


def emitter(stream):
    def emit(record):
        stream.write(json.dumps(record) + "\n")
        stream.flush()
    return emit


__all__ = ["Session", "InstructorError", "KernelTrouble", "cell_plan", "emitter"]
