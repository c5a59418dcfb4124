"""exercises/ is generated from solutions/ (make exercises); the two must never drift."""
import pytest
from helpers import ROOT, cell_source, read_notebook

from scaling_course.instructor import exercises

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def test_every_solution_has_an_exercise_and_vice_versa():
    assert SOLUTIONS, "no solution notebooks found"
    assert {exercises.exercise_name(p) for p in SOLUTIONS} == {p.name for p in (ROOT / "exercises").glob("*.ipynb")}
    # Names of their own (issue 21): a learner's downloaded exercises never share the chapter notebook's name.
    chapters = {p.name for p in (ROOT / "book").glob("*.ipynb")}
    assert not chapters & {p.name for p in (ROOT / "exercises").glob("*.ipynb")}
    assert exercises.exercise_name(ROOT / "solutions" / "01-scaling.ipynb") == "01-scaling-exercises.ipynb"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_exercise_notebook_is_regenerated_exactly(solution):
    expected = exercises.exercise_text(solution)
    actual = (ROOT / "exercises" / exercises.exercise_name(solution)).read_text()
    assert actual == expected, f"exercises/{exercises.exercise_name(solution)} is stale: run `make exercises`"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_no_answer_leaks_and_every_answer_is_stubbed(solution):
    exercise = read_notebook(ROOT / "exercises" / exercises.exercise_name(solution))
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


REFLECTION_NUMBERS = list(exercises.REFLECTIONS)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_each_notebook_ends_with_two_reflection_questions_graded_by_hand(solution):
    """The last cells: question 1, its answer cell, question 2, its answer cell; in the learner's copy each answer
    cell is an nbgrader manually graded answer (unlocked, REFLECTION_POINTS points) holding only the stub."""
    master, exercise = read_notebook(solution), read_notebook(ROOT / "exercises" / exercises.exercise_name(solution))
    assert list(exercises.reflection_questions(master)) == REFLECTION_NUMBERS
    tail = exercise["cells"][-2 * len(REFLECTION_NUMBERS):]
    for number, question, answer in zip(REFLECTION_NUMBERS, tail[::2], tail[1::2]):
        assert exercises.reflection_number(question) == number and answer["cell_type"] == "markdown"
        assert cell_source(answer) == exercises.REFLECTION_STUB and exercises.written_words(cell_source(answer)) == 0
        assert answer["metadata"]["nbgrader"] == {
            "grade": True, "grade_id": f"reflection_{number}", "locked": False, "points": exercises.REFLECTION_POINTS,
            "schema_version": 3, "solution": True, "task": False}
        assert len(exercises.reflection_questions(master)[number].split()) <= 80, "a short question"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_the_answer_key_stays_in_the_master(solution):
    """The worked answer to Going further (a code cell with its stored output and a markdown cell, tagged
    answer-key) is in the master and nowhere in the learner's copy."""
    master = read_notebook(solution)
    key = [c for c in master["cells"] if exercises.is_answer_key(c)]
    assert {c["cell_type"] for c in key} == {"code", "markdown"}
    assert all(c.get("outputs") for c in key if c["cell_type"] == "code"), "run `make solutions`"
    exercise = (ROOT / "exercises" / exercises.exercise_name(solution)).read_text()
    assert exercises.ANSWER_KEY_TAG not in exercise
    for cell in key:
        assert cell_source(cell).splitlines()[0] not in exercise


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_the_guide_rubrics_ask_the_notebooks_questions(solution):
    """One source: the guide's section repeats the master's questions word for word, each with four levels."""
    import re
    guide = (ROOT / "book" / "guides" / f"{solution.stem}.md").read_text()
    section = re.search(r"^## Reflection questions and rubrics\n(.*?)(?=^## |\Z)", guide, re.M | re.S)
    assert section, f"book/guides/{solution.stem}.md: add '## Reflection questions and rubrics'"
    asked = {int(n): " ".join(q.split()) for n, q in re.findall(r"^\*\*Reflection (\d+)\.\*\* (.+)$", section[1], re.M)}
    assert asked == exercises.reflection_questions(read_notebook(solution))
    for block in re.split(r"^\*\*Reflection \d+\.\*\*", section[1], flags=re.M)[1:]:
        levels = re.findall(r"^\| ([1-4]) · [^|]+\| (.+) \|$", block, re.M)
        assert [level for level, _ in levels] == ["4", "3", "2", "1"] and all(len(t.split()) >= 5 for _, t in levels)


def test_written_words_count_what_a_learner_wrote():
    assert exercises.written_words("Write your answer here.") == 0
    assert exercises.written_words("YOUR ANSWER HERE") == 0
    assert exercises.written_words("  \n<!-- a comment -->\n") == 0
    assert exercises.written_words("Write your answer here. The loss isn't a skill: it's an average.") == 8
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "**Reflection 1.** Why?"},
        {"cell_type": "markdown", "source": ["Because ", "errors compound."]},
        {"cell_type": "code", "source": "x = 1"},
        {"cell_type": "markdown", "source": "And one more cell."},
        {"cell_type": "markdown", "source": "**Reflection 2.** How?"},
        {"cell_type": "markdown", "source": "Write your answer here."}]}
    assert exercises.reflection_words(notebook) == {1: 7, 2: 0}
    assert exercises.reflection_words({"cells": ["junk", {"cell_type": "markdown"}]}) == {}
