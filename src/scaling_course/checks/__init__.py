"""Exercise checks: each takes a learner's function, tries cases a person can work out by hand,
and returns a CheckResult that shows as one line (and is truthy only when every case passes).

One module per chapter, named by its slug in `scaling_course.CHAPTERS`: `scaling` (1), `evals` (2), `internals` (3),
`safety` (4), `inputs` (5), `impact` (6), `explosion` (7), `timelines` (8). Each declares its exercises'
`POINTS`; exercise notebooks read `from scaling_course.checks import <slug> as check`.

Every check calls the learner's function the one way this module defines (`run_check` hands the check a `call`,
a `Caller`): each call gets a time limit (`TIMEOUT` seconds, 10 unless the environment variable
SCALING_CHECK_TIMEOUT says otherwise; enforced with SIGALRM where the platform allows: Unix, main thread), gets
copies of its arguments (so a function that changes its input in place cannot change the check's data), and an
exception, KeyboardInterrupt, sys.exit() or endless loop inside it becomes one sentence. With `ISOLATED` (or
SCALING_CHECK_ISOLATED=1) the function runs in a forked process of its own, its results pickled back with their
numpy dtype and shape, so the verdict is the same as in the notebook. A check never raises: a result the check's
own code cannot read becomes a failed result saying so.
"""
import math
import os


def _timeout_from(text, default):
    """Seconds from an environment variable's text: a positive number, or 0/none/off for no limit."""
    if text is None or not text.strip():
        return default
    if text.strip().lower() in ("0", "none", "off", "no", "inf"):
        return None
    try:
        seconds = float(text)
    except ValueError:
        return default
    return seconds if math.isfinite(seconds) and seconds > 0 else None


# The one time limit per call of a learner's function, for notebooks and the grader alike (seconds; None = none).
DEFAULT_TIMEOUT = 10
TIMEOUT = _timeout_from(os.environ.get("SCALING_CHECK_TIMEOUT"), DEFAULT_TIMEOUT)

# Run learners' functions in a process of their own (the grader's mode; needs the fork start method).
ISOLATED = os.environ.get("SCALING_CHECK_ISOLATED", "").strip().lower() in ("1", "true", "yes", "on")

# The helpers every chapter's checks use, from the modules that hold them (after the settings they read).
from .answers import (FLOAT32_REL, _kind, _real, as_array, as_number, as_pair, close, expect_infinite,  # noqa: E402
                      expect_numbers, is_infinite, judge, mismatch, shown_apart)
from .caller import Caller, _alarm_possible, _fork_available, call_in_subprocess  # noqa: E402
from .verdicts import NOT_ATTEMPTED, CheckResult, Wrong, _describe, _error_text, _one_line  # noqa: E402

__all__ = ["FLOAT32_REL", "DEFAULT_TIMEOUT", "TIMEOUT", "ISOLATED", "NOT_ATTEMPTED", "CheckResult", "Wrong", "Caller",
           "run_check", "call_in_subprocess", "as_array", "as_number", "as_pair", "close", "expect_infinite",
           "expect_numbers", "is_infinite", "judge", "mismatch", "shown_apart", "_kind", "_real", "_describe",
           "_error_text", "_alarm_possible", "_fork_available"]


def run_check(name, learner_fn, cases):
    """Run cases(call) where call(*args) calls learner_fn (see Caller); turn every outcome into a CheckResult."""
    if not callable(learner_fn):
        return CheckResult(name, "failed", f"pass your function itself (got {type(learner_fn).__name__}).")
    call = Caller(learner_fn)
    try:
        summary = cases(call)
    except NotImplementedError:
        return CheckResult(name, "not attempted", NOT_ATTEMPTED)
    except Wrong as wrong:
        return CheckResult(name, "failed", _one_line(str(wrong)))
    except Exception as error:  # the check's own code tripped over an answer it did not expect
        return CheckResult(name, "failed", f"the check could not read your answer: {_error_text(error)}.")
    finally:
        call.close()
    return CheckResult(name, "passed", summary)
