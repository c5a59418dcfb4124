"""Export the master notebooks for nbgrader: `python -m scaling_course.instructor.nbgrader_export solutions COURSE_DIR`.

Writes COURSE_DIR/source/chNN/NN-name.ipynb for every solution notebook, with nbgrader cell metadata:
each answer cell (the one holding `# BEGIN SOLUTION`) becomes an autograded answer cell, and each
check cell becomes a locked autograded test worth the exercise's points (from the chapter's
POINTS), asserting the package's check. The instructors' notes are left out. An instructor already
using nbgrader 0.9 can then run `nbgrader generate_assignment chNN` and `nbgrader autograde chNN`.
"""
import importlib
import json
import re
import sys
from pathlib import Path

from .exercises import MARKDOWN_BLOCK, render
from .. import graded_chapters

CHECK_CALL = re.compile(r"^check\.(\w+)\((\w+)\)\s*$")


def _metadata(grade_id, solution=False, grade=False, locked=False, points=None):
    metadata = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                "solution": solution, "task": False}
    if points is not None:
        metadata["points"] = points
    return {"nbgrader": metadata}


def nbgrader_notebook(solution, points):
    """The nbgrader source version (a dict) of a solution notebook (a dict), given {exercise: points}."""
    cells = []
    for cell in solution["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = {"cell_type": cell["cell_type"], "id": cell.get("id"), "metadata": {}, "source": source}
        if cell["cell_type"] == "markdown":
            new["source"] = MARKDOWN_BLOCK.sub("", source)
        else:
            new["outputs"], new["execution_count"] = [], None
            check = CHECK_CALL.match(source.strip())
            defined = re.search(r"^def (\w+)\(", source, re.M)
            if "# BEGIN SOLUTION" in source and defined:
                new["metadata"] = _metadata(f"{defined[1]}_answer", solution=True)
            elif check and check[1] in points:
                name = check[1]
                new["source"] = (f"result = check.{name}({check[2]})\nprint(result)\n"
                                 f"assert result, result.message")
                new["metadata"] = _metadata(f"{name}_check", grade=True, locked=True, points=points[name])
        cells.append({key: value for key, value in new.items() if value is not None or key != "id"})
    return {"cells": cells, "metadata": solution["metadata"], "nbformat": solution["nbformat"],
            "nbformat_minor": solution["nbformat_minor"]}


def export(solutions_dir, course_dir):
    """Write every chapter's nbgrader source notebook; returns the paths written."""
    written = []
    for chapter, module in ((key, unit.slug) for key, unit in graded_chapters().items()):
        for path in sorted(Path(solutions_dir).glob(f"{chapter}-*.ipynb")):
            points = importlib.import_module(f"scaling_course.checks.{module}").POINTS
            target = Path(course_dir) / "source" / f"ch{chapter}" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            notebook = nbgrader_notebook(json.loads(path.read_text()), points)
            target.write_text(render(notebook))
            written.append(target)
    return written


if __name__ == "__main__":
    source, course = sys.argv[1:3] if len(sys.argv) >= 3 else ("solutions", "nbgrader")
    for written_path in export(source, course):
        print(f"wrote {written_path}")
