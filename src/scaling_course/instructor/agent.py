"""The grader's side inside a learner's kernel: calls one function with plain data and publishes what it returned.

Nothing here decides a verdict: a notebook that patches this module only changes the data it hands back for
its own functions, which it could have returned anyway. The grader (grade_session.py) judges that data.
"""
import json
import signal

from IPython import get_ipython
from IPython.display import publish_display_data

from . import wire

MIME = "application/x.scaling-grader+json"
_handles = []


class _CallTimeout(BaseException):
    """Raised by the alarm when one call runs past its time limit."""


def _alarm(signum, frame):
    raise _CallTimeout()


def _reply(**content):
    publish_display_data({MIME: json.dumps(content)})


def probe(request):
    """Which of the names are callables in the notebook's namespace: {name: type name or None}."""
    namespace = get_ipython().user_ns
    found = {}
    for name in json.loads(request):
        value = namespace.get(name)
        found[name] = None if value is None else ("callable" if callable(value) else type(value).__name__)
    _reply(found=found)


def call(request):
    """Run one call described by the request (JSON): {"fn": ["global", name] | ["handle", n], "args": ..., "limit": s}."""
    request = json.loads(request)
    kind, key = request["fn"]
    fn = get_ipython().user_ns.get(key) if kind == "global" else (
        _handles[key] if isinstance(key, int) and 0 <= key < len(_handles) else None)
    if not callable(fn):
        return _reply(missing=True)
    try:
        args = wire.loads(request["args"])
    except wire.Unreadable as error:
        return _reply(raised="GraderError", message=f"the arguments could not be read ({error}).")
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, float(request["limit"]))
    try:
        result = fn(*args)
    except _CallTimeout:
        return _reply(timeout=True)
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the learner's function raised them
        detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        return _reply(raised=type(error).__name__, message=detail)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    try:
        return _reply(value=wire.dumps(result, _handles))
    except wire.Unreadable as error:
        return _reply(unreadable=str(error))
