"""Held-out cases are checked against the model solutions before any student is graded, and fail safely; `assert`
and Wrong both work; a passing case keeps the public message. --seed draws this class's own inputs, so answers
hard-coded from the public cases fail. An exception on the instructor's side is never a student's zero."""
import shutil

import pytest
from test_grade import FAST, FIXTURES, run_grader

from scaling_course.instructor import grade_session
from scaling_course.instructor.kernel import Outcome

GOOD = '''import numpy as np
from scaling_course import superposition

def toy_loss(call):
    rng = np.random.default_rng(11)
    W, b = rng.normal(size=(2, 4)), rng.normal(scale=0.3, size=4)
    x, importance = superposition.sample_features(rng, 6, 4, 0.5), superposition.importances(4)
    got = call(W, b, x, importance)
    assert abs(got - superposition.loss(W, b, x, importance)) < 1e-9, "a held-out batch of 6 inputs gives another loss."
'''


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    for name in ("Copy of 03-internals.ipynb", "hardcoded.ipynb"):
        shutil.copy(FIXTURES / "03" / name, folder / name)
    return folder


@pytest.mark.parametrize("source, says", [
    ("def toy_loss(call):\n    return undefined_name\n", "NameError: name 'undefined_name' is not defined"),
    ("x = 1 / 0\n", "the held-out file raised ZeroDivisionError"),
    ("def toy_los(call):\n    pass\n", "defines toy_los, which match no exercise of Chapter 03"),
    ("from scaling_course.checks import Wrong\ndef toy_forward(call):\n    raise Wrong('too strict.')\n",
     "the held-out case toy_forward fails the model solution: too strict."),
    ("def toy_forward(call):\n    assert call([[1.0]], [0.0], [[1.0]]) == 2\n", "fails the model solution"),
])
def test_a_broken_held_out_file_stops_before_any_student_with_a_clear_error(tmp_path, small_class, source, says):
    held_out = tmp_path / "cases.py"
    held_out.write_text(source)
    done, rows, _ = run_grader(small_class, "03", tmp_path / "runs", "--held-out", str(held_out))
    assert done.returncode == 2 and rows is None
    assert says in done.stderr and "No student was graded." in done.stderr and "Traceback" not in done.stderr


def test_an_assert_case_fails_one_exercise_and_a_passing_case_keeps_the_public_message(tmp_path, small_class):
    held_out = tmp_path / "cases.py"
    held_out.write_text(GOOD)
    done, rows, _ = run_grader(small_class, "03", tmp_path / "runs", "--held-out", str(held_out), *FAST)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {row["student"]: row for row in rows}
    assert rows["hardcoded"]["toy_loss message"] == "held-out case: a held-out batch of 6 inputs gives another loss."
    assert rows["hardcoded"]["total"] == "8"
    assert rows["Copy of 03-internals"]["toy_loss message"].startswith("matches the importance-weighted")


def test_a_class_seed_fails_answers_hard_coded_from_the_public_cases(tmp_path, small_class):
    done, rows, _ = run_grader(small_class, "03", tmp_path / "runs", "--seed", "autumn-term-secret", *FAST)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {row["student"]: row for row in rows}
    assert rows["hardcoded"]["toy_loss status"] == "failed"
    assert "on this class's own inputs (seeded case 1)" in rows["hardcoded"]["toy_loss message"]
    assert rows["Copy of 03-internals"]["total"] == "10"


class FakeKernel:
    """Answers the probe as if the function exists; the check below never calls it."""

    def request(self, function, payload, timeout):
        return Outcome("ok"), {"found": {name: "callable" for name in payload}}


def test_a_check_that_raises_is_the_instructors_error_not_a_zero():
    def broken_check(name, fn):
        raise KeyError("a bug in the checks")

    session = grade_session.Session(FakeKernel(), broken_check, ["toy_forward"], lambda record: None, 5, 5, 60)
    with pytest.raises(grade_session.InstructorError, match="the check for toy_forward raised KeyError"):
        session.grade("toy_forward", 4, ("ok", "", ""), set())
