"""The one way checks call a learner's function: a time limit, one sentence for whatever goes wrong inside it,
results read leniently when right and in one sentence when odd, and the same verdict in a process of its own."""
import importlib
import math
import signal
import sys
import time

import numpy as np
import pytest

from scaling_course import checks
from scaling_course.checks import Caller, Wrong, as_array, as_number, as_pair, close, expect_infinite, run_check

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _generator(*args):
    yield 1.0


def _raise(error):
    def learner(*args):
        raise error
    return learner


# Odd things a learner's function can do instead of answering: every check answers each in one sentence.
ODD_ANSWERS = [lambda *a: np.array(0.5), lambda *a: np.array(["a", "b"]), lambda *a: "0.5", lambda *a: {"a": 1},
               _generator, lambda *a: (1.0, 2.0, 3.0), lambda *a: np.zeros((2, 2, 2)), lambda *a: 1 + 1j,
               _raise(KeyboardInterrupt), _raise(SystemExit(1)), _raise(ValueError("bad")), _raise(MemoryError)]


def odd_answers_get_one_sentence(check, names):
    """Assert every odd answer fails every exercise in `names` with one readable sentence; returns the count."""
    count = 0
    for name in names:
        for answer in ODD_ANSWERS:
            result = getattr(check, name)(answer)
            assert result.status == "failed", (name, repr(result))
            assert "\n" not in repr(result) and "could not read" not in result.message, (name, repr(result))
            count += 1
    return count


@pytest.fixture
def one_second(monkeypatch):
    monkeypatch.setattr(checks, "TIMEOUT", 1)


def _loop_forever(*args):
    while True:
        pass


def _swallow_the_alarm(*args):
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            while True:
                pass
        except BaseException:  # a bare except in the learner's code catches the alarm too
            pass
    return 1.0


def _interrupt(*args):
    raise KeyboardInterrupt


def _exit(*args):
    sys.exit("bye")


def _one_number(call):
    got = as_number(call(2.0), "the result")
    if not close(got, 4.0):
        raise Wrong(f"2 squared is 4, but you got {got}.")
    return "squares 2."


# --- the time limit ---------------------------------------------------------------------------------------------

def test_the_default_limit_is_ten_seconds_and_the_environment_can_change_it():
    import os
    import subprocess

    assert checks.DEFAULT_TIMEOUT == 10
    for text, seconds in ((None, "10"), ("2.5", "2.5"), ("off", "None"), ("0", "None"), ("soon", "10")):
        env = {key: value for key, value in os.environ.items() if key != "SCALING_CHECK_TIMEOUT"}
        if text is not None:
            env["SCALING_CHECK_TIMEOUT"] = text
        shown = subprocess.run([sys.executable, "-c", "import scaling_course.checks as c; print(c.TIMEOUT)"],
                               env=env, capture_output=True, text=True, check=True).stdout.strip()
        assert shown == seconds, (text, shown)


def test_the_grader_reads_the_same_default():
    from scaling_course.instructor import grade

    assert grade.parser().get_default("exercise_timeout") == math.ceil(checks.TIMEOUT) == 10


@pytest.mark.parametrize("isolated", [False, True])
def test_an_endless_loop_gets_a_verdict_within_the_limit(one_second, isolated, monkeypatch):
    monkeypatch.setattr(checks, "ISOLATED", isolated)
    started = time.monotonic()
    result = run_check("square", _loop_forever, _one_number)
    assert time.monotonic() - started < 3
    assert result.status == "failed"
    assert result.message == "your function has run 1 s on (2.0): does it loop forever?"


def test_a_function_that_swallows_the_alarm_still_gets_the_verdict(one_second):
    result = run_check("square", _swallow_the_alarm, _one_number)
    assert result.status == "failed" and "loop forever" in result.message


def test_an_endless_predictor_gets_a_verdict_too(one_second):
    result = run_check("fit", lambda x: _loop_forever, lambda call: call(1.0)(2.0))
    assert result.message == ("the function that your function returned has run 1 s on (2.0): "
                              "does it loop forever?")


def test_the_previous_alarm_handler_and_timer_are_put_back(one_second):
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        assert not run_check("square", _loop_forever, _one_number)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 27 < left < 29.5
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
        assert run_check("square", lambda x: x * x, _one_number)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_an_earlier_outer_alarm_is_left_to_fire(monkeypatch):
    """The grader's own per-check alarm, if it comes first, still decides (its behaviour is unchanged)."""
    class OuterTimeout(BaseException):
        pass

    def outer(signum, frame):
        raise OuterTimeout

    monkeypatch.setattr(checks, "TIMEOUT", 5)
    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(OuterTimeout):
            run_check("square", _loop_forever, _one_number)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_limit_and_no_error_outside_the_main_thread(one_second):
    import threading

    results = []
    thread = threading.Thread(target=lambda: results.append(run_check("square", lambda x: x * x, _one_number)))
    thread.start()
    thread.join(10)
    assert results and results[0].passed


def test_in_the_browser_no_limit_no_fork_and_no_error(monkeypatch):
    """Pyodide (sys.platform "emscripten") has no SIGALRM timer and no fork: calls run as they are."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(checks, "ISOLATED", True)
    assert not checks._alarm_possible() and not checks._fork_available()
    previous = signal.getsignal(signal.SIGALRM)
    assert run_check("square", lambda x: x * x, _one_number)
    assert run_check("square", _interrupt, _one_number).message.startswith("your function was interrupted")
    assert signal.getsignal(signal.SIGALRM) is previous and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --- Interrupt, sys.exit() and exceptions -----------------------------------------------------------------------

@pytest.mark.parametrize("isolated", [False, True])
@pytest.mark.parametrize("learner, words", [
    (_interrupt, "was interrupted (KeyboardInterrupt) when called with (2.0)"),
    (_exit, "called sys.exit() (SystemExit) when called with (2.0)"),
    (lambda x: 1 / 0, "raised ZeroDivisionError: division by zero when called with (2.0)"),
    (lambda x: [][1], "raised IndexError: list index out of range"),
    (lambda x: x + "a", "raised TypeError"),
    (lambda x: np.ones(10**20), "raised"),
])
def test_trouble_inside_the_function_is_one_sentence(learner, words, isolated, monkeypatch):
    monkeypatch.setattr(checks, "ISOLATED", isolated)
    result = run_check("square", learner, _one_number)
    assert result.status == "failed" and words in result.message, result.message
    assert "\n" not in repr(result) and "Traceback" not in repr(result)


def test_an_interrupt_in_the_checks_own_code_still_stops_things():
    def cases(call):
        call(2.0)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_check("square", lambda x: x * x, cases)


def test_the_stub_is_not_attempted_in_both_modes(monkeypatch):
    def stub(x):
        raise NotImplementedError

    for isolated in (False, True):
        monkeypatch.setattr(checks, "ISOLATED", isolated)
        assert run_check("square", stub, _one_number).status == "not attempted"


def test_a_function_that_changes_its_input_cannot_change_the_checks_data():
    data = np.array([3.0, 1.0, 2.0])

    def sorts_in_place(values):
        values.sort()
        values[:] = 0
        return 0.0

    def cases(call):
        call(data)
        if not np.array_equal(data, [3.0, 1.0, 2.0]):
            raise AssertionError("the learner's function changed the check's data")
        return "ok"

    assert run_check("mutate", sorts_in_place, cases)


def test_a_check_that_trips_over_an_odd_answer_fails_with_a_sentence_instead_of_raising():
    def cases(call):
        return call(1) + 1  # the check's own code assumes a number

    result = run_check("add", lambda x: "one", cases)
    assert result.status == "failed"
    assert result.message.startswith("the check could not read your answer: TypeError")


# --- odd results -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [2.5, np.float32(2.5), np.float64(2.5), np.array(2.5), np.array([2.5]),
                                   np.array(2.5, dtype=np.float32), 5 // 2 + 0.5, np.int64(2) + 0.5])
def test_numbers_in_any_numeric_form_are_numbers(value):
    assert as_number(value, "the result") == 2.5


@pytest.mark.parametrize("value, words", [
    (None, "did you forget to `return`"), ("2.5", "the text '2.5'"), (True, "truth value"),
    ([2.5], "list of length 1"), (np.array([1.0, 2.0]), "shape (2,)"), (np.array("a"), "0-d array"),
    (1 + 2j, "complex"), (float("nan"), "not a finite number"), (np.array(np.inf), "not a finite number"),
    ({"a": 1}, "dict"), (np.array(["a"]), "labels"),
])
def test_odd_numbers_get_one_sentence(value, words):
    with pytest.raises(Wrong, match=None) as raised:
        as_number(value, "the result")
    assert words in str(raised.value), str(raised.value)


@pytest.mark.parametrize("value", [(1.0, 2.0), [1, 2], np.array([1.0, 2.0]), np.array([1, 2], dtype=np.float32),
                                   (np.array(1.0), np.float32(2.0))])
def test_pairs_in_any_form_are_pairs(value):
    assert as_pair(value, "the result") == (1.0, 2.0)


@pytest.mark.parametrize("value, words", [
    (np.array(["N", "D"]), "an array of 2 labels"), (np.array(1.0), "a 0-d array"), (np.zeros((2, 2)), "(2, 2)"),
    ((1.0, 2.0, 3.0), "tuple of length 3"), ("ab", "text"), ({1: 2, 3: 4}, "dict"), (1.0, "a float"),
    ((1.0, None), "second item"), (("1", 2.0), "first item"),
])
def test_odd_pairs_get_one_sentence(value, words):
    with pytest.raises(Wrong) as raised:
        as_pair(value, "the result")
    assert words in str(raised.value), str(raised.value)


@pytest.mark.parametrize("value", [[1, 2, 3], np.arange(3), np.arange(3, dtype=np.float32), (0.0, 1.0, 2.0)])
def test_arrays_in_any_numeric_form_are_arrays(value):
    assert np.array_equal(as_array(value, (3,), "D"), [0, 1, 2] if value[0] == 0 else [1, 2, 3])


@pytest.mark.parametrize("value, words", [
    (np.array(["0", "1", "2"]), "array of numbers"), ([1, [2, 3]], "array of numbers"), (np.zeros(4), "(3,)"),
    (np.array([True, False, True]), "array of numbers"), ([1.0, np.nan, 2.0], "NaN"), (lambda: 0, "function"),
])
def test_odd_arrays_get_one_sentence(value, words):
    with pytest.raises(Wrong) as raised:
        as_array(value, (3,), "D")
    assert words in str(raised.value), str(raised.value)


@pytest.mark.parametrize("value", [math.inf, np.inf, np.float32(np.inf), np.array(np.inf), np.array([np.inf]),
                                   float("inf")])
def test_infinity_in_any_form_is_infinity(value):
    expect_infinite(value, "no finite answer")


@pytest.mark.parametrize("value", [None, 1e308, -math.inf, np.array([np.inf, np.inf]), "inf", np.nan])
def test_anything_else_is_not_infinity(value):
    with pytest.raises(Wrong) as raised:
        expect_infinite(value, "no finite answer")
    assert str(raised.value).startswith("no finite answer: return math.inf, not ")


def test_tolerances_are_never_tighter_than_float32():
    assert close(np.float32(1 / 3), 1 / 3, rel=1e-12)
    assert not close(1 / 3 * (1 + 1e-5), 1 / 3)


# --- in a process of its own --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [np.array(2.5), np.array(2.5, dtype=np.float32), np.float32(2.5),
                                   np.arange(6, dtype=np.int16).reshape(2, 3), (np.array(1.0), 2), [1, "a"], None,
                                   math.inf])
def test_results_cross_the_process_boundary_intact(value):
    got = checks.call_in_subprocess(lambda: value)
    assert type(got) is type(value)
    if isinstance(value, np.ndarray):
        assert got.dtype == value.dtype and got.shape == value.shape and np.array_equal(got, value)
    elif isinstance(value, tuple):
        assert type(got[0]) is np.ndarray and got[0].shape == ()
    else:
        assert got == value or (got is None and value is None)


def test_the_subprocess_keeps_the_functions_state_between_calls_and_returns_predictors():
    counter = []

    def count(x):
        counter.append(x)
        return len(counter)

    caller = Caller(count, isolated=True)
    try:
        assert [caller(1), caller(2), caller(3)] == [1, 2, 3]
        assert counter == []  # it ran in the other process
    finally:
        caller.close()
    caller = Caller(lambda slope: (lambda x: slope * np.asarray(x)), isolated=True)
    try:
        predict = caller(3.0)
        assert np.array_equal(predict(np.arange(3)), [0.0, 3.0, 6.0])
    finally:
        caller.close()


def test_a_function_that_kills_its_process_gets_a_sentence():
    import os

    with pytest.raises(Wrong, match="ended the Python process it ran in"):
        checks.call_in_subprocess(lambda: os._exit(3))


def test_a_result_that_cannot_be_passed_back_gets_a_sentence():
    import threading

    with pytest.raises(Wrong, match="cannot be passed back"):
        checks.call_in_subprocess(lambda: threading.Lock())


def _verdicts(module, answers, monkeypatch, isolated):
    monkeypatch.setattr(checks, "ISOLATED", isolated)
    return [(name, index, repr(getattr(module, name)(answer))) for name, index, answer in answers]


@pytest.mark.parametrize("slug", ["scaling", "evals", "internals", "safety", "inputs", "impact", "explosion",
                                  "timelines"])
def test_a_verdict_in_a_process_of_its_own_equals_the_verdict_in_the_notebook(slug, monkeypatch):
    """Every chapter's solution and wrong answers get word-for-word the same verdict both ways."""
    contract = importlib.import_module(f"test_checks_{slug}")
    module = importlib.import_module(f"scaling_course.checks.{slug}")
    answers = [(name, "solution", fn) for name, fn in contract.SOLUTION.items() if name in contract.WRONG]
    answers += [(name, index, fn) for name, fns in contract.WRONG.items() for index, fn in enumerate(fns)]
    here = _verdicts(module, answers, monkeypatch, False)
    there = _verdicts(module, answers, monkeypatch, True)
    assert here == there
