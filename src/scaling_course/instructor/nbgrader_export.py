"""Export the master notebooks for nbgrader: `python -m scaling_course.instructor.nbgrader_export solutions COURSE_DIR`.

Writes COURSE_DIR/source/chNN/NN-name-exercises.ipynb (the name the site's exercise notebook has) for every
solution notebook, with nbgrader cell metadata:
each answer cell (the one holding `# BEGIN SOLUTION`) becomes an autograded answer cell, and each
check cell becomes a locked autograded test worth the exercise's points (from the chapter's
POINTS), asserting the package's check. Each reflection answer cell (the markdown cell after a
`**Reflection N.**` question) becomes a manually graded answer (grade id `reflection_N`, REFLECTION_POINTS
points), which autograde leaves for a person to read. The instructors' notes and the answer key are left out.
An instructor already using nbgrader 0.9 can then run `nbgrader generate_assignment chNN` and
`nbgrader autograde chNN`.

With a held-out file (the grader's --held-out format; third argument or SCALING_GRADE_HELD_OUT), each of its
cases is first checked against the model solutions, then added to its exercise's test cell between
`### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS`: nbgrader removes it from the released notebook and puts it
back to autograde. Links to the chapters (`../book/NN-slug.ipynb`) become the published site's pages, since the
book is not beside an nbgrader course. nbgrader runs every test in the learner's kernel, so its verdicts can be
forged by a notebook that patches what the tests use; `make grade` keeps its verdicts outside student code.
"""
import importlib
import json
import os
import re
import sys
from pathlib import Path

from . import cases
from .exercises import MARKDOWN_BLOCK, is_answer_key, nbgrader_metadata, reflection_answer_cells, reflection_metadata, render
from .. import graded_chapters

CHECK_CALL = re.compile(r"^check\.(\w+)\((\w+)\)\s*$")
BOOK_LINK = re.compile(r"\]\(\.\./book/([\w-]+)\.ipynb(#[\w-]*)?\)")
ROOT = Path(__file__).resolve().parents[3]
HIDDEN = """
### BEGIN HIDDEN TESTS
from scaling_course.checks import Wrong as _Wrong, run_check as _run_check
_held_out = {{"__name__": "held_out"}}
exec({source!r}, _held_out)
def _held_out_cases(call):
    try:
        _held_out[{name!r}](call)
    except AssertionError as error:
        raise _Wrong(str(error) or "an assert in the instructor's case failed.") from None
    return "held-out cases passed."
result = _run_check({name!r}, {name}, _held_out_cases)
print("held-out case:", result)
assert result, "held-out case: " + result.message
### END HIDDEN TESTS"""


def site_url(config=ROOT / "_config.yml"):
    """The published site's address (html.baseurl in _config.yml), ending in /; None if there is none."""
    try:
        found = re.search(r"^\s*baseurl:\s*(\S+)", Path(config).read_text(), re.M)
    except OSError:
        return None
    return found[1].rstrip("/") + "/" if found else None


def fix_links(source, site):
    """Chapter links that work inside an nbgrader course: the site's page instead of ../book/NN-slug.ipynb."""
    return BOOK_LINK.sub(lambda m: f"]({site}book/{m[1]}.html{m[2] or ''})", source) if site else source


def nbgrader_notebook(solution, points, held_out=None, site=None):
    """The nbgrader source version (a dict) of a solution notebook (a dict), given {exercise: points};
    held_out (the held-out file's text, its cases already checked) adds hidden tests."""
    cases = _case_names(held_out)
    cells, answers = [], {index: number for number, index in reflection_answer_cells(solution).items()}
    for index, cell in enumerate(solution["cells"]):
        if is_answer_key(cell):
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = {"cell_type": cell["cell_type"], "id": cell.get("id"), "metadata": {}, "source": source}
        if cell["cell_type"] == "markdown":
            new["source"] = fix_links(MARKDOWN_BLOCK.sub("", source), site)
            if index in answers:
                new["metadata"] = reflection_metadata(answers[index])
        else:
            new["outputs"], new["execution_count"] = [], None
            check = CHECK_CALL.match(source.strip())
            defined = re.search(r"^def (\w+)\(", source, re.M)
            if "# BEGIN SOLUTION" in source and defined:
                new["metadata"] = nbgrader_metadata(f"{defined[1]}_answer", solution=True)
            elif check and check[1] in points:
                name = check[1]
                new["source"] = (f"result = check.{name}({check[2]})\nprint(result)\n"
                                 f"assert result, result.message")
                if name in cases:
                    new["source"] += HIDDEN.format(source=held_out, name=name)
                new["metadata"] = nbgrader_metadata(f"{name}_check", grade=True, locked=True, points=points[name])
        cells.append({key: value for key, value in new.items() if value is not None or key != "id"})
    return {"cells": cells, "metadata": solution["metadata"], "nbformat": solution["nbformat"],
            "nbformat_minor": solution["nbformat_minor"]}


def _case_names(held_out):
    if not held_out:
        return set()
    namespace = {"__name__": "held_out"}
    exec(compile(held_out, "held-out file", "exec"), namespace)
    return {key for key, value in namespace.items() if callable(value) and getattr(value, "__module__", "") == "held_out"}


def export(solutions_dir, course_dir, held_out=None):
    """Write every chapter's nbgrader source notebook; returns the paths written. held_out: the held-out
    file's text; its cases are checked against the model solutions of each chapter they name first."""
    written, site = [], site_url()
    for chapter, unit in graded_chapters().items():
        path = Path(solutions_dir) / f"{unit.stem(chapter)}.ipynb"
        if not path.exists():
            continue
        points = importlib.import_module(f"scaling_course.checks.{unit.slug}").POINTS
        target = Path(course_dir) / "source" / f"ch{chapter}" / f"{unit.exercises_stem(chapter)}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        mine = held_out if held_out and _case_names(held_out) & set(points) else None
        if mine:
            cases.load_held_out(mine, chapter, unit.slug, list(points))
        notebook = nbgrader_notebook(json.loads(path.read_text()), points, mine, site)
        target.write_text(render(notebook))
        written.append(target)
    return written


if __name__ == "__main__":
    source, course = sys.argv[1:3] if len(sys.argv) >= 3 else ("solutions", "nbgrader")
    held_out_path = sys.argv[3] if len(sys.argv) >= 4 else os.environ.get("SCALING_GRADE_HELD_OUT")
    for written_path in export(source, course, Path(held_out_path).read_text() if held_out_path else None):
        print(f"wrote {written_path}")
