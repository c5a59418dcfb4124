"""nbgrader 0.9 can generate and autograde the exported Chapter 1 masters: full marks for the answers, none for
the stubs, and the written reflections left for manual grading; held-out cases become hidden tests; chapter links
point to the published site. The nbgrader runs need
the venv that `make test` builds (.venv-nbgrader)."""
import csv
import json
import os
import subprocess

import pytest
from helpers import ROOT, cell_source

from scaling_course.instructor import exercises, nbgrader_export
from scaling_course.checks import scaling

NBGRADER_BIN = ROOT / ".venv-nbgrader" / "bin"
needs_nbgrader = pytest.mark.skipif(not (NBGRADER_BIN / "nbgrader").exists(),
                                    reason="nbgrader's venv is missing: run `make test` (it builds .venv-nbgrader)")
HELD_OUT = """from scaling_course.checks import Wrong

def survival_probability(call):
    assert abs(call(0.5, 2) - 0.25) < 1e-12, "two periods at even odds leave a quarter."
"""


def nbgrader(course, *args):
    environment = {**os.environ, "PATH": f"{NBGRADER_BIN}:{os.environ['PATH']}", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([str(NBGRADER_BIN / "nbgrader"), *args], cwd=course, capture_output=True, text=True,
                          env=environment, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


REFLECTION_ANSWER = "The loss falls as a power law because the model fits a low-dimensional manifold ever more finely."
MANUAL_GRADES = """
import json, sys
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gradebook:
    grades = {}
    for student in ("alice", "bob"):
        notebook = gradebook.find_submission_notebook("01-scaling-exercises", "ch01", student)
        grades[student] = {g.name: [g.auto_score, g.manual_score, g.needs_manual_grade, g.max_score, g.cell_type]
                           for g in notebook.grades if g.name.startswith("reflection_")}
print(json.dumps(grades))
"""


def fill_in_answers(released, source):
    """A student's submission: the released notebook with the answer cells filled in from the source, and a written
    answer in each reflection cell."""
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
               if c["metadata"].get("nbgrader", {}).get("solution")}
    answers.update({key: REFLECTION_ANSWER for key in answers if key.startswith("reflection_")})
    for cell in released["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return released


@needs_nbgrader
def test_generate_assignment_and_autograde(tmp_path):
    nbgrader_export.export(ROOT / "solutions", tmp_path, HELD_OUT)
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(tmp_path)!r}\nc.CourseDirectory.course_id = 'scaling-era'\n")
    nbgrader(tmp_path, "generate_assignment", "ch01", "--create", "--force")
    released = tmp_path / "release" / "ch01" / "01-scaling-exercises.ipynb"
    assert "raise NotImplementedError" in released.read_text() and "BEGIN SOLUTION" not in released.read_text()
    assert "two periods at even odds" not in released.read_text()  # the hidden test stays with the instructor

    source = json.loads((tmp_path / "source" / "ch01" / "01-scaling-exercises.ipynb").read_text())
    for student, notebook in (("alice", fill_in_answers(json.loads(released.read_text()), source)),
                              ("bob", json.loads(released.read_text()))):
        nbgrader(tmp_path, "db", "student", "add", student)
        folder = tmp_path / "submitted" / student / "ch01"
        folder.mkdir(parents=True)
        (folder / "01-scaling-exercises.ipynb").write_text(json.dumps(notebook))
    nbgrader(tmp_path, "autograde", "ch01", "--force")
    nbgrader(tmp_path, "export")
    scores = {row["student_id"]: (float(row["score"]), float(row["max_score"]))
              for row in csv.DictReader(open(tmp_path / "grades.csv"))}
    total, manual = sum(scaling.POINTS.values()), len(exercises.REFLECTIONS) * exercises.REFLECTION_POINTS
    assert scores == {"alice": (total, total + manual), "bob": (0.0, total + manual)}

    # The reflections are manually graded markdown cells: alice's written answers wait for a person (no score
    # yet); bob's untouched stubs get 0 without one, as nbgrader does for an unchanged answer cell.
    done = subprocess.run([str(NBGRADER_BIN / "python"), "-c", MANUAL_GRADES], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    grades = json.loads(done.stdout)
    names = {f"reflection_{n}" for n in exercises.REFLECTIONS}
    assert set(grades["alice"]) == set(grades["bob"]) == names
    for name in names:
        assert grades["alice"][name] == [None, None, True, exercises.REFLECTION_POINTS, "markdown"], name
        assert grades["bob"][name][0] == 0 and grades["bob"][name][2] is False, name
    # The released answer cells are nbgrader's blanks: neither a written answer nor the course's stub is in one
    # (the instructions above them may name the stub: "double-click a 'Write your answer here.' cell").
    answer_cells = [cell_source(c) for c in json.loads(released.read_text())["cells"]
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("reflection_")]
    assert len(answer_cells) == len(exercises.REFLECTIONS)
    assert REFLECTION_ANSWER not in released.read_text()
    assert all(exercises.REFLECTION_STUB not in text for text in answer_cells), answer_cells


def test_held_out_cases_become_hidden_tests_and_links_point_to_the_site(tmp_path):
    nbgrader_export.export(ROOT / "solutions", tmp_path, HELD_OUT)
    notebook = json.loads((tmp_path / "source" / "ch01" / "01-scaling-exercises.ipynb").read_text())
    test_cell = next(c["source"] for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id")
                     == "survival_probability_check")
    assert "### BEGIN HIDDEN TESTS" in test_cell and "two periods at even odds" in test_cell
    namespace = {}
    exec(test_cell.split("### BEGIN HIDDEN TESTS")[1], {**namespace, "survival_probability": lambda p, n: 0.25})
    with pytest.raises(AssertionError, match="held-out case: two periods at even odds"):
        exec(test_cell.split("### BEGIN HIDDEN TESTS")[1], {"survival_probability": lambda p, n: p ** n * 2})
    intro = notebook["cells"][0]["source"]
    assert "../book/" not in intro and f"({nbgrader_export.site_url()}book/01-scaling.html)" in intro


def test_a_held_out_case_the_model_solution_fails_is_refused(tmp_path):
    with pytest.raises(Exception, match="fails the model solution"):
        nbgrader_export.export(ROOT / "solutions", tmp_path, HELD_OUT.replace("0.25", "0.3"))


def test_site_exercise_notebooks_carry_the_grade_ids_the_export_has(tmp_path):
    """A copy opened from the site (Binder, Colab, JupyterLite) has nbgrader metadata on its answer and check
    cells with the exported grade ids and points, so nbgrader's autograde can match and restore its cells."""
    nbgrader_export.export(ROOT / "solutions", tmp_path)
    for source in sorted((tmp_path / "source").glob("ch*/*.ipynb")):
        exported = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]
                    for c in json.loads(source.read_text())["cells"] if "nbgrader" in c.get("metadata", {})}
        site = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]
                for c in json.loads((ROOT / "exercises" / source.name).read_text())["cells"]
                if "nbgrader" in c.get("metadata", {})}
        graded = {key for key, meta in exported.items() if meta["grade"] or meta["solution"]}
        assert graded and graded <= set(site), f"{source.name}: site copy lacks {sorted(graded - set(site))}"
        for key in graded:
            assert site[key].get("points") == exported[key].get("points") and site[key]["locked"] == exported[key]["locked"]
