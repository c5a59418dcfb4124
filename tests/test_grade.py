"""The grading command grades a folder of awkward submissions to the expected CSV, one process each."""
import csv
import subprocess
import sys

import pytest
from helpers import ROOT

from scaling_course.instructor import grade

FIXTURES = ROOT / "tests" / "fixtures" / "grading"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    done = subprocess.run([sys.executable, "-m", "scaling_course.grade", str(FIXTURES / "01"), "--chapter", "01",
                           "--out", str(out), "--cell-timeout", "5", "--exercise-timeout", "5", "--jobs", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(csv.DictReader(open(out))), done.stdout, done.stderr


def test_fixture_submissions_grade_to_the_expected_csv(graded):
    rows, _, _ = graded
    expected = list(csv.DictReader(open(FIXTURES / "01-expected.csv")))
    assert [{key: row[key] for key in expected[0]} for row in rows] == expected


def test_every_row_explains_itself_in_one_line(graded):
    rows, _, _ = graded
    for row in rows:
        for name, _ in grade.exercises("01"):
            message = row[f"{name} message"]
            assert message and "\n" not in message and "Traceback" not in message, (row["student"], name)


def test_terminal_shows_a_summary_and_a_progress_bar(graded):
    _, stdout, stderr = graded
    assert "mean total" in stdout and "piecewise_linear_fit (3 pt)" in stdout
    assert "12/12 graded" in stderr


def test_held_out_cases_can_fail_an_answer_the_public_checks_pass(tmp_path):
    held_out = tmp_path / "held_out.py"
    held_out.write_text(
        "from scaling_course.checks import Wrong\n\n"
        "def survival_probability(call):\n"
        "    if abs(call(0.25, 3) - 0.75 ** 3) > 1e-12:\n"
        "        raise Wrong('three quarter-risk periods leave 0.75**3.')\n"
        "    raise Wrong('the instructor says no.')  # a held-out case every answer fails, to see it applied\n")
    out = tmp_path / "grades.csv"
    subprocess.run([sys.executable, "-m", "scaling_course.grade", str(FIXTURES / "01"), "--chapter", "01",
                    "--out", str(out), "--held-out", str(held_out), "--cell-timeout", "5", "--exercise-timeout", "5"],
                   capture_output=True, text=True, timeout=300, check=True)
    correct = next(row for row in csv.DictReader(open(out)) if row["student"] == "correct")
    assert correct["survival_probability status"] == "failed"
    assert correct["survival_probability message"] == "held-out case: the instructor says no."
    assert correct["fit_power_law status"] == "passed"


def test_points_are_declared_for_every_exercise_of_every_chapter():
    for chapter in grade.CHAPTERS:
        names = [name for name, _ in grade.exercises(chapter)]
        notebook = next((ROOT / "solutions").glob(f"{chapter}-*.ipynb")).read_text()
        assert names and all(f"def {name}(" in notebook for name in names), chapter


def test_unknown_chapter_is_refused_in_one_sentence():
    done = subprocess.run([sys.executable, "-m", "scaling_course.grade", str(FIXTURES / "01"), "--chapter", "9"],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "--chapter must be one of" in done.stderr and "Traceback" not in done.stderr
