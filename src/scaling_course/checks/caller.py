"""The one way every check calls a learner's function (`Caller`): a time limit per call, copies of the arguments,
and one sentence for whatever goes wrong inside; optionally in a forked process of its own.

The settings it reads at each call, `TIMEOUT` and `ISOLATED`, live in `scaling_course.checks` (so a notebook or the
grader changes them in one place).
"""
import copy
import os
import pickle
import signal
import sys
import threading
import time

import scaling_course.checks as settings

from .verdicts import Wrong, _describe, _error_text

try:
    import multiprocessing
except ImportError:  # a Python without it (some browser builds): calls run in-process
    multiprocessing = None


def _seconds(seconds):
    return f"{seconds:g} s"


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
        return multiprocessing is not None and "fork" in multiprocessing.get_all_start_methods()
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
        self.timeout = settings.TIMEOUT if timeout is ... else timeout
        self.isolated = (settings.ISOLATED if isolated is None else isolated) and _fork_available()
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
