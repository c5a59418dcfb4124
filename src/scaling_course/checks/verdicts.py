"""What a check returns (CheckResult, one line), what it raises on a wrong answer (Wrong, one sentence), and how
a call is described in a sentence."""
import numpy as np


class CheckResult:
    """The outcome of one check: `passed` (bool) and a one-line `message`."""

    def __init__(self, name, status, message):
        self.name, self.status, self.message = name, status, message

    @property
    def passed(self):
        return self.status == "passed"

    def __bool__(self):
        return self.passed

    def __repr__(self):
        mark = {"passed": "✔", "failed": "✘", "not attempted": "…"}[self.status]
        return f"{mark} {self.name}: {self.message}"


class Wrong(Exception):
    """Raised inside a check with the one sentence that tells the learner what is wrong."""


NOT_ATTEMPTED = ("not attempted yet: replace the `raise NotImplementedError` line with your code, "
                 "then run this cell again.")


def _one_line(text):
    return " ".join(str(text).split())


def _error_text(error):
    detail = str(error).strip().splitlines()[0].strip() if str(error).strip() else ""
    return f"{type(error).__name__}{': ' + detail if detail else ''}".rstrip(".")


def _describe(args):
    parts = []
    for arg in args:
        if isinstance(arg, np.ndarray) and arg.size > 4:
            parts.append(f"an array of {arg.size} values")
        elif isinstance(arg, np.ndarray):
            parts.append(repr(arg.tolist()))
        elif callable(arg):
            parts.append("a function")
        else:
            text = repr(arg)
            parts.append(text if len(text) <= 60 else f"a {type(arg).__name__}")
    return "(" + ", ".join(parts) + ")"
