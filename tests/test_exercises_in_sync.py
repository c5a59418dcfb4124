"""exercises/ is generated from solutions/ (make exercises); the two must never drift."""
import pytest
from helpers import ROOT, cell_source, read_notebook

from scaling_course.instructor import exercises

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def test_every_solution_has_an_exercise_and_vice_versa():
    assert SOLUTIONS, "no solution notebooks found"
    assert {p.name for p in SOLUTIONS} == {p.name for p in (ROOT / "exercises").glob("*.ipynb")}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_exercise_notebook_is_regenerated_exactly(solution):
    expected = exercises.exercise_text(solution)
    actual = (ROOT / "exercises" / solution.name).read_text()
    assert actual == expected, f"exercises/{solution.name} is stale: run `make exercises`"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_no_answer_leaks_and_every_answer_is_stubbed(solution):
    exercise = read_notebook(ROOT / "exercises" / solution.name)
    text = "\n".join(cell_source(c) for c in exercise["cells"])
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    code = "\n".join(cell_source(c) for c in exercise["cells"] if c["cell_type"] == "code")
    n_answers = sum(cell_source(c).count("# BEGIN SOLUTION") for c in read_notebook(solution)["cells"])
    assert n_answers >= 4 and code.count("raise NotImplementedError") == n_answers
    assert all(not c.get("outputs") for c in exercise["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_are_stored_with_outputs(solution):
    code = [c for c in read_notebook(solution)["cells"] if c["cell_type"] == "code"]
    checks = [c for c in code if "check." in cell_source(c)]
    assert checks and all(c.get("outputs") for c in checks), "run `make solutions`"


def test_stub_keeps_indentation():
    source = "def f(x):\n    y = 1\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n"
    assert exercises.strip_solution(source, "code") == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n"
        '    raise NotImplementedError("Exercise: write this part, then run the check below.")\n')


def test_unbalanced_markers_are_refused():
    with pytest.raises(ValueError, match="unbalanced"):
        exercises.strip_solution("# BEGIN SOLUTION\nx = 1\n", "code")


def test_markdown_solution_notes_are_dropped():
    assert exercises.strip_solution("a\n<!-- BEGIN SOLUTION -->\nsecret\n<!-- END SOLUTION -->\nb", "markdown") == "a\nb"
