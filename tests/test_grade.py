"""The grading command grades a folder of awkward Chapter 1 submissions to the expected CSV, one sandboxed kernel
each, and writes a timestamped run folder with feedback for each student and a gradebook."""
import csv
import subprocess
import sys

import pytest
from helpers import ROOT

from scaling_course import CHAPTERS
from scaling_course.instructor import grade

FIXTURES = ROOT / "tests" / "fixtures" / "grading"
FAST = ["--cell-timeout", "4", "--exercise-timeout", "2", "--jobs", "6"]  # mostly waiting on timeouts: 6 at once


def run_grader(submissions, chapter, runs, *options, timeout=300, env=None):
    """Run the grading command; returns (completed process, rows of grades.csv or None, the run folder or None)."""
    done = subprocess.run([sys.executable, "-m", "scaling_course.grade", str(submissions), "--chapter", chapter,
                           "--runs", str(runs), *options], capture_output=True, text=True, timeout=timeout,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", **(env or {})})
    folders = sorted(runs.glob(f"ch{chapter}-*")) if runs.exists() else []
    if not folders:
        return done, None, None
    return done, list(csv.DictReader(open(folders[-1] / "grades.csv"))), folders[-1]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    done, rows, run = run_grader(FIXTURES / "01", "01", runs, *FAST, "--out", str(runs / "copy.csv"))
    assert done.returncode == 0, done.stderr[-2000:]
    return rows, done.stdout, done.stderr, run


def test_fixture_submissions_grade_to_the_expected_csv(graded):
    rows, _, _, _ = graded
    expected = list(csv.DictReader(open(FIXTURES / "01-expected.csv")))
    assert [{key: row[key] for key in expected[0]} for row in rows] == expected


def test_every_row_explains_itself_in_one_line(graded):
    rows, _, _, _ = graded
    for row in rows:
        for name, _ in grade.exercises("01"):
            message = row[f"{name} message"]
            assert message and "\n" not in message and "Traceback" not in message, (row["student"], name)


def test_the_cell_that_failed_and_the_isolation_are_in_each_row(graded):
    rows, _, _, _ = graded
    wrong = next(row for row in rows if row["student"] == "wrong")
    assert wrong["fit_power_law cell"] == "7" and wrong["isolation"] in ("bwrap", "user", "limits")
    loop = next(row for row in rows if row["student"] == "infinite_loop")
    assert "longer than 2 s" in loop["implied_doubling_time_months message"]


def test_terminal_shows_a_summary_and_a_progress_bar(graded):
    _, stdout, stderr, _ = graded
    assert "mean total" in stdout and "piecewise_linear_fit (3 pt)" in stdout
    assert "12/12 graded" in stderr


def test_each_run_keeps_its_folder_with_feedback_gradebook_and_the_csv_copy(graded):
    rows, _, _, run = graded
    assert (run.parent / "copy.csv").read_text() == (run / "grades.csv").read_text()
    feedback = (run / "feedback" / "wrong.md").read_text()
    assert "**0 of 10 points**" in feedback and "| `fit_power_law` | failed | 0 / 2 |" in feedback
    assert "(cell 7)" in feedback
    book = list(csv.DictReader(open(run / "gradebook.csv")))
    assert {row["Student"]: row["Chapter 01 exercises"] for row in book}["correct"] == "10"


def test_points_are_declared_for_every_exercise_of_every_chapter():
    for chapter in grade.CHAPTERS:
        names = [name for name, _ in grade.exercises(chapter)]
        notebook = (ROOT / "solutions" / f"{CHAPTERS[chapter].stem(chapter)}.ipynb").read_text()
        assert names and all(f"def {name}(" in notebook for name in names), chapter


def test_unknown_chapter_is_refused_in_one_sentence():
    done = subprocess.run([sys.executable, "-m", "scaling_course.grade", str(FIXTURES / "01"), "--chapter", "9"],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "--chapter must be one of" in done.stderr and "Traceback" not in done.stderr


def test_reflection_answers_are_listed_to_read_and_left_out_of_the_total(tmp_path):
    """Two copies of the Chapter 1 exercise notebook, exercises untouched: one with both reflections written (one
    across two cells), one with the stubs. The CSV counts the words and the answers to read; the total stays 0."""
    import json
    from scaling_course.instructor import exercises as copies
    notebook = json.loads((ROOT / "exercises" / "01-scaling-exercises.ipynb").read_text())
    answers = copies.reflection_answer_cells(notebook)
    (tmp_path / "blank.ipynb").write_text(json.dumps(notebook))
    notebook["cells"][answers[1]]["source"] = "Write your answer here. The argument explains the exponent, not why."
    notebook["cells"][answers[2]]["source"] = "Bins get smaller."
    notebook["cells"].insert(answers[2] + 1, {"cell_type": "markdown", "metadata": {}, "source": "Noise stops it."})
    (tmp_path / "written.ipynb").write_text(json.dumps(notebook))
    done, rows, run = run_grader(tmp_path, "01", tmp_path / "runs", *FAST)
    assert done.returncode == 0, done.stderr[-2000:]
    by_student = {row["student"]: row for row in rows}
    written, blank = by_student["written"], by_student["blank"]
    assert (written["reflection 1 words"], written["reflection 2 words"], written["reflections to read"]) == ("7", "6", "2")
    assert (blank["reflection 1 words"], blank["reflection 2 words"], blank["reflections to read"]) == ("0", "0", "0")
    assert written["total"] == blank["total"] == "0" and written["out of"] == "10"
    assert "**Reflections:** you wrote 2 of 2 answers (7 words, 6 words)" in (run / "feedback" / "written.md").read_text()
    assert "reflections to read (not in the total): 2 answers from 1 submissions" in done.stdout
    book = list(csv.DictReader(open(run / "gradebook.csv")))
    assert {row["Chapter 01 exercises"] for row in book} == {"0"}  # the gradebook carries automatic points only


def test_an_unreadable_notebook_has_no_reflections_and_no_crash(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert grade.reflections(tmp_path / "broken.ipynb") == {}
    assert grade.reflections(tmp_path / "missing.ipynb") == {}
    (tmp_path / "odd.ipynb").write_text('{"cells": [{"cell_type": "markdown", "source": 5}, 3]}')
    assert grade.reflections(tmp_path / "odd.ipynb") == {}
