"""Exercise checks: each takes a learner's function, tries cases a person can work out by hand,
and returns a CheckResult that shows as one line (and is truthy only when every case passes).

One module per chapter, named by its slug in `scaling_course.CHAPTERS`: `scaling` (1), `evals` (2), `internals` (3),
`safety` (4), `inputs` (5), `impact` (6), `explosion` (7), `timelines` (8). Each declares its exercises'
`POINTS`; exercise notebooks read `from scaling_course.checks import <slug> as check`.
"""
import math
import numbers

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


def run_check(name, learner_fn, cases):
    """Run cases(call) where call invokes learner_fn; turn every outcome into a CheckResult."""
    if not callable(learner_fn):
        return CheckResult(name, "failed", f"pass your function itself (got {type(learner_fn).__name__}).")

    def call(*args):
        try:
            return learner_fn(*args)
        except NotImplementedError:
            raise
        except Exception as error:  # the learner's code failed: one sentence, no traceback
            detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise Wrong(f"your function raised {type(error).__name__}{': ' + detail if detail else ''} "
                        f"when called with {_describe(args)}.") from None

    try:
        summary = cases(call)
    except NotImplementedError:
        return CheckResult(name, "not attempted", "not attempted yet: replace the `raise NotImplementedError` "
                                                  "line with your code, then run this cell again.")
    except Wrong as wrong:
        return CheckResult(name, "failed", str(wrong))
    return CheckResult(name, "passed", summary)


def _describe(args):
    parts = []
    for arg in args:
        if isinstance(arg, np.ndarray) and arg.size > 4:
            parts.append(f"an array of {arg.size} values")
        else:
            parts.append(repr(arg.tolist() if isinstance(arg, np.ndarray) else arg))
    return "(" + ", ".join(parts) + ")"


def as_number(value, what):
    """value as a finite float, or Wrong saying what it is instead."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Wrong(f"{what} should be a number, got {type(value).__name__}.")
    if not math.isfinite(value):
        raise Wrong(f"{what} is {value}, not a finite number.")
    return float(value)


def as_array(value, shape, what):
    """value as a float array of the given shape, or Wrong saying what is off."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be an array of numbers, got {type(value).__name__}.") from None
    if array.shape != shape:
        raise Wrong(f"{what} should have shape {shape}, got {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise Wrong(f"{what} contains NaN or infinite values.")
    return array


def as_pair(value, what):
    """value as a tuple of two finite numbers, or Wrong."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    if not isinstance(value, (tuple, list, np.ndarray)) or len(value) != 2:
        raise Wrong(f"{what} should be a pair of two numbers, got {type(value).__name__}"
                    f"{' of length ' + str(len(value)) if hasattr(value, '__len__') else ''}.")
    return as_number(value[0], f"the first item of {what}"), as_number(value[1], f"the second item of {what}")


def close(actual, expected, rel=1e-6, abs_tol=1e-9):
    return np.allclose(actual, expected, rtol=rel, atol=abs_tol)


def shown_apart(expected, got, least=4):
    """expected and got as text with just enough significant digits that they read differently."""
    for digits in range(least, 17):
        a, b = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if a != b:
            return a, b
    return f"{expected!r}", f"{got!r}"


# Float32 keeps about 7 significant digits; a few operations in float32 stay within this.
FLOAT32_REL = 2e-6


def mismatch(name, args, expected, got, why):
    """The Wrong for a case with a known answer: the call, what it should give and why, and what it gave."""
    shown_expected, shown_got = shown_apart(expected, got)
    return Wrong(f"{name}{args} should be {shown_expected} ({why}), but you got {shown_got}.")


def expect_infinite(got, when):
    """Wrong unless got is +inf: `when` says in words why there is no finite answer."""
    if not (isinstance(got, numbers.Real) and not isinstance(got, bool) and math.isinf(got) and got > 0):
        raise Wrong(f"{when}: return math.inf, not {got!r}.")


def expect_numbers(call, name, cases, rel=1e-9):
    """Each case (args, expected, why): call(*args) must be close to expected, else Wrong naming the case."""
    for args, expected, why in cases:
        got = as_number(call(*args), "the result")
        if not close(got, expected, rel=rel):
            raise mismatch(name, args, expected, got, why)
