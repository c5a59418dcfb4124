"""nbgrader 0.9 can generate and autograde the exported Chapter 1 masters: full marks for the answers, none for
the stubs. Needs the nbgrader venv that `make test` builds (.venv-nbgrader)."""
import csv
import json
import os
import subprocess

import pytest
from helpers import ROOT

from scaling_course.instructor import nbgrader_export
from scaling_course.checks import scaling

NBGRADER_BIN = ROOT / ".venv-nbgrader" / "bin"
pytestmark = pytest.mark.skipif(not (NBGRADER_BIN / "nbgrader").exists(),
                                reason="nbgrader's venv is missing: run `make test` (it builds .venv-nbgrader)")


def nbgrader(course, *args):
    environment = {**os.environ, "PATH": f"{NBGRADER_BIN}:{os.environ['PATH']}", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([str(NBGRADER_BIN / "nbgrader"), *args], cwd=course, capture_output=True, text=True,
                          env=environment, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def fill_in_answers(released, source):
    """A student's submission: the released notebook with the answer cells filled in from the source."""
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")}
    for cell in released["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return released


def test_generate_assignment_and_autograde(tmp_path):
    nbgrader_export.export(ROOT / "solutions", tmp_path)
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(tmp_path)!r}\nc.CourseDirectory.course_id = 'scaling-era'\n")
    nbgrader(tmp_path, "generate_assignment", "ch01", "--create", "--force")
    released = tmp_path / "release" / "ch01" / "01-scaling.ipynb"
    assert "raise NotImplementedError" in released.read_text() and "BEGIN SOLUTION" not in released.read_text()

    source = json.loads((tmp_path / "source" / "ch01" / "01-scaling.ipynb").read_text())
    for student, notebook in (("alice", fill_in_answers(json.loads(released.read_text()), source)),
                              ("bob", json.loads(released.read_text()))):
        nbgrader(tmp_path, "db", "student", "add", student)
        folder = tmp_path / "submitted" / student / "ch01"
        folder.mkdir(parents=True)
        (folder / "01-scaling.ipynb").write_text(json.dumps(notebook))
    nbgrader(tmp_path, "autograde", "ch01", "--force")
    nbgrader(tmp_path, "export")
    scores = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
              for row in csv.DictReader(open(tmp_path / "grades.csv"))}
    total = sum(scaling.POINTS.values())
    assert scores == {"alice": (total, total), "bob": (0.0, total)}
