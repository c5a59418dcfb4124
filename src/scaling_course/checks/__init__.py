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
import copy
import math
import numbers
import os
import pickle
import signal
import sys
import threading
import time

import numpy as np


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

# Float32 keeps about 7 significant digits; a few operations in float32 stay within this. It is the floor of
# every relative tolerance in the checks: an answer computed in float32 is a correct answer.
FLOAT32_REL = 2e-6


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


def _seconds(seconds):
    return f"{seconds:g} s"


# --- calling a learner's function ---------------------------------------------------------------------------------

class _TimeUp(BaseException):
    """Raised by the alarm inside a learner's function that ran past the time limit."""


def _alarm_possible():
    """SIGALRM timers work here: Unix (not Pyodide/WASI, not Windows), in the main thread."""
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM") and sys.platform not in ("emscripten", "wasi")
            and threading.current_thread() is threading.main_thread())


class _TimeLimit:
    """`with _TimeLimit(seconds) as limit:` raises _TimeUp in the block after `seconds` (where the platform allows),
    then puts back whatever SIGALRM handler and timer were there before. If an earlier timer (the grader's) would
    fire first, it is left to fire and nothing is armed. `limit.fired` says whether it went off."""

    def __init__(self, seconds):
        self.seconds, self.fired, self.armed = seconds, False, False

    def _on_alarm(self, signum, frame):
        self.fired = True
        raise _TimeUp()

    def __enter__(self):
        if not self.seconds or not _alarm_possible():
            return self
        try:
            self.previous_delay, self.previous_interval = signal.getitimer(signal.ITIMER_REAL)
            if self.previous_delay and self.previous_delay <= self.seconds:
                return self  # someone else's limit comes first: theirs decides
            self.previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        except (ValueError, OSError, AttributeError):
            return self
        self.started = time.monotonic()
        self.armed = True
        # Fires after `seconds`, then every half second in case the function swallowed the first one.
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.5)
        return self

    def __exit__(self, *exc):
        if not self.armed:
            return False
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            self.armed = False
            handler = self.previous_handler
            signal.signal(signal.SIGALRM, signal.SIG_DFL if handler is None else handler)
            if self.previous_delay:
                left = max(self.previous_delay - (time.monotonic() - self.started), 1e-6)
                signal.setitimer(signal.ITIMER_REAL, left, self.previous_interval)
        return False


def _copies(args):
    """Deep copies of the arguments (a learner's function may change its input in place), or the originals."""
    try:
        return copy.deepcopy(args)
    except Exception:
        return args


def _fork_available():
    if sys.platform in ("emscripten", "wasi") or not hasattr(os, "fork"):  # Pyodide, Windows
        return False
    try:
        import multiprocessing  # here, not at the top: JupyterLite need not import it at all
        return "fork" in multiprocessing.get_all_start_methods()
    except (ImportError, OSError):
        return False


class Caller:
    """The one way a check calls a learner's function: `call = Caller(fn); call(*args)`.

    Each call gets copies of its arguments and a time limit (`timeout` seconds, default TIMEOUT; None for none).
    Whatever goes wrong inside the function becomes Wrong with one sentence: an exception, KeyboardInterrupt,
    sys.exit(), running past the limit. NotImplementedError (the stub) passes through, so the check reports
    "not attempted". A callable the function returns (a predictor, say) is called the same way.

    With isolated=True (default ISOLATED) the function runs in a forked process of its own, which lives until
    close(); arguments and results cross by pickle, so numpy dtypes, shapes and 0-d arrays arrive intact, and the
    limit is kept by waiting on the pipe (no signals needed). Where fork is unavailable it runs in-process.
    """

    def __init__(self, fn, timeout=..., isolated=None, what="your function"):
        self.fn, self.what = fn, what
        self.timeout = TIMEOUT if timeout is ... else timeout
        self.isolated = (ISOLATED if isolated is None else isolated) and _fork_available()
        self._worker = None

    def __call__(self, *args):
        if self.isolated:
            return self._call_isolated(0, args, self.what)
        return self._call_here(self.fn, args, self.what)

    # in this process
    def _call_here(self, fn, args, what):
        limit = _TimeLimit(self.timeout)
        try:
            with limit:
                result = fn(*_copies(args))
        except NotImplementedError:
            raise
        except _TimeUp:
            raise self._too_long(what, args) from None
        except KeyboardInterrupt:
            raise self._interrupted(what, args) from None
        except SystemExit:
            raise self._exited(what, args) from None
        except Exception as error:
            raise self._raised(what, args, _error_text(error)) from None
        if limit.fired:  # the function caught the alarm and carried on
            raise self._too_long(what, args)
        if callable(result) and not isinstance(result, type):
            return _LearnerCallable(self, result, None)
        return result

    # in a forked process
    def _call_isolated(self, handle, args, what):
        if self._worker is None:
            self._worker = _Worker(self.fn)
        reply = self._worker.ask(handle, args, self.timeout)
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "callable":
            return _LearnerCallable(self, None, reply[1])
        if kind == "not implemented":
            raise NotImplementedError
        if kind == "raised":
            raise self._raised(what, args, reply[1])
        self.close()  # stuck, interrupted or gone: a fresh process for any later call
        if kind == "timeout":
            raise self._too_long(what, args)
        if kind == "interrupted":
            raise self._interrupted(what, args)
        if kind == "exited":
            raise self._exited(what, args)
        if kind == "unpicklable":
            raise Wrong(f"{what} returned a {reply[1]} that cannot be passed back when called with "
                        f"{_describe(args)}: return numbers or numpy arrays.")
        raise Wrong(f"{what} ended the Python process it ran in ({reply[1]}) when called with {_describe(args)}.")

    def close(self):
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    # the sentences
    def _too_long(self, what, args):
        return Wrong(f"{what} has run {_seconds(self.timeout)} on {_describe(args)}: does it loop forever?")

    def _interrupted(self, what, args):
        return Wrong(f"{what} was interrupted (KeyboardInterrupt) when called with {_describe(args)}: "
                     f"if you stopped it, make it faster and run the check again.")

    def _exited(self, what, args):
        return Wrong(f"{what} called sys.exit() (SystemExit) when called with {_describe(args)}: "
                     f"return the answer instead of exiting.")

    def _raised(self, what, args, error_text):
        return Wrong(f"{what} raised {error_text} when called with {_describe(args)}.")


class _LearnerCallable:
    """A function that a learner's function returned: calling it goes through the same Caller."""

    def __init__(self, caller, fn, handle):
        self._caller, self._fn, self._handle = caller, fn, handle

    def __call__(self, *args):
        what = f"the function that {self._caller.what} returned"
        if self._handle is not None:
            return self._caller._call_isolated(self._handle, args, what)
        return self._caller._call_here(self._fn, args, what)


def _serve(fn, connection):
    """The forked process: call registered functions on request; reply with a tagged, pickled result."""
    try:
        sys.stdout = sys.stderr = open(os.devnull, "w")  # the notebook's streams do not survive a fork
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.default_int_handler)
    functions = [fn]
    while True:
        try:
            handle, args = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            result = functions[handle](*args)
            if callable(result) and not isinstance(result, type):
                functions.append(result)
                reply = ("callable", len(functions) - 1)
            else:
                reply = ("ok", result)
        except NotImplementedError:
            reply = ("not implemented",)
        except KeyboardInterrupt:
            reply = ("interrupted",)
        except SystemExit:
            reply = ("exited",)
        except Exception as error:
            reply = ("raised", _error_text(error))
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = pickle.dumps(("unpicklable", type(reply[-1]).__name__))
        try:
            connection.send_bytes(data)
        except (OSError, ValueError):
            return


class _Worker:
    """A forked process that holds the learner's function and calls it on request."""

    def __init__(self, fn):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(fn, child), daemon=True)
        self.process.start()
        child.close()

    def ask(self, handle, args, timeout):
        """("ok", value) / ("callable", handle) / ... / ("timeout",) / ("died", what)."""
        try:
            self.connection.send((handle, args))
        except (OSError, ValueError):
            return ("died", self._how_it_ended())
        except Exception as error:  # arguments that cannot be pickled: a bug in the check, not the learner's
            raise RuntimeError(f"arguments could not be sent to the learner's process: {error}") from None
        if not self.connection.poll(timeout):
            return ("timeout",)
        try:
            return pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError):
            return ("died", self._how_it_ended())

    def _how_it_ended(self):
        self.process.join(1)
        code = self.process.exitcode
        if code is None:
            return "it stopped answering"
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def close(self):
        try:
            self.connection.close()
        finally:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)


def call_in_subprocess(fn, *args, timeout=...):
    """fn(*args) in a forked process with the time limit, as a check would call it (Wrong for what went wrong)."""
    caller = Caller(fn, timeout=timeout, isolated=True)
    try:
        return caller(*args)
    finally:
        caller.close()


# --- reading what the learner's function returned -----------------------------------------------------------------

def _real(value):
    """value as a float if it is one real number (a Python or numpy number, a 0-d or one-element array), else None."""
    if isinstance(value, np.ndarray):
        if value.size != 1 or value.dtype.kind not in "iuf":
            return None
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _kind(value):
    """A few words for what value is, for a sentence."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"a 0-d array holding {value.item()!r}"
        if value.dtype.kind in "USO" and value.size <= 4:
            return f"an array of {value.size} {'labels' if value.dtype.kind in 'US' else 'objects'} {value.tolist()}"
        return f"an array of shape {value.shape}"
    if isinstance(value, (str, bytes)):
        return f"the text {value[:30]!r}"
    if isinstance(value, (bool, np.bool_)):
        return f"the truth value {bool(value)}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, complex):
        return f"the complex number {value}"
    return f"a {type(value).__name__}"


def as_number(value, what):
    """value as a finite float, or Wrong saying what it is instead. 0-d and one-element arrays and numpy
    scalars (float32 included) count as numbers."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    number = _real(value)
    if number is None:
        raise Wrong(f"{what} should be a number, got {_kind(value)}.")
    if not math.isfinite(number):
        raise Wrong(f"{what} is {number}, not a finite number.")
    return number


def as_array(value, shape, what):
    """value as a float array of the given shape, or Wrong saying what is off."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "USbcMm" or raw.dtype.kind == "V":
            raise TypeError
        array = raw.astype(float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be an array of numbers, got {_kind(value)}.") from None
    if array.shape != tuple(shape):
        raise Wrong(f"{what} should have shape {tuple(shape)}, got {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise Wrong(f"{what} contains NaN or infinite values.")
    return array


def as_pair(value, what):
    """value as a tuple of two finite numbers (a tuple, list or 2-element array), or Wrong."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    if isinstance(value, np.ndarray):
        if value.ndim != 1 or value.size != 2:
            raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
        if value.dtype.kind not in "iufO":
            raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
        value = tuple(value)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
    return as_number(value[0], f"the first item of {what}"), as_number(value[1], f"the second item of {what}")


def close(actual, expected, rel=FLOAT32_REL, abs_tol=1e-9):
    """actual within rel (never tighter than FLOAT32_REL) or abs_tol of expected, elementwise."""
    return bool(np.allclose(actual, expected, rtol=max(rel, FLOAT32_REL), atol=abs_tol))


def shown_apart(expected, got, least=4):
    """expected and got as text with just enough significant digits that they read differently."""
    for digits in range(least, 17):
        a, b = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if a != b:
            return a, b
    return f"{expected!r}", f"{got!r}"


def mismatch(name, args, expected, got, why):
    """The Wrong for a case with a known answer: the call, what it should give and why, and what it gave."""
    shown_expected, shown_got = shown_apart(expected, got)
    return Wrong(f"{name}{args} should be {shown_expected} ({why}), but you got {shown_got}.")


def is_infinite(value):
    """value is +inf: math.inf, a numpy infinity (float32 too), or a 0-d / one-element array holding it."""
    number = _real(value)
    return number is not None and math.isinf(number) and number > 0


def expect_infinite(got, when):
    """Wrong unless got is +inf (as is_infinite reads it): `when` says in words why there is no finite answer."""
    if not is_infinite(got):
        shown = "None" if got is None else (repr(_real(got)) if _real(got) is not None else _kind(got))
        raise Wrong(f"{when}: return math.inf, not {shown}.")


def expect_numbers(call, name, cases, rel=FLOAT32_REL):
    """Each case (args, expected, why): call(*args) must be close to expected, else Wrong naming the case."""
    for args, expected, why in cases:
        got = as_number(call(*args), "the result")
        if not close(got, expected, rel=rel):
            raise mismatch(name, args, expected, got, why)
