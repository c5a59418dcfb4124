"""Generate the learners' exercise notebooks from the solution notebooks.

In code cells, everything between `# BEGIN SOLUTION` and `# END SOLUTION` becomes a stub that
raises NotImplementedError (at the marker's indentation). In markdown cells, text between
`<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->` is dropped. Outputs are cleared.

    python -m scaling_course.instructor.exercises solutions exercises
"""
import json
import re
import sys
from pathlib import Path

CODE_BLOCK = re.compile(r"^([ \t]*)# BEGIN SOLUTION[^\n]*\n.*?^[ \t]*# END SOLUTION[^\n]*$", re.S | re.M)
MARKDOWN_BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->\n?", re.S)
STUB = '{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError("Exercise: write this part, then run the check below.")'


def strip_solution(source, cell_type):
    """The learner's version of one cell's source."""
    if cell_type == "code":
        if source.count("# BEGIN SOLUTION") != source.count("# END SOLUTION"):
            raise ValueError("A code cell has unbalanced # BEGIN SOLUTION / # END SOLUTION markers.")
        return CODE_BLOCK.sub(lambda m: STUB.format(indent=m.group(1)), source)
    return MARKDOWN_BLOCK.sub("", source)


def exercise_notebook(solution):
    """The exercise notebook (as a dict) for a solution notebook (as a dict)."""
    cells = []
    for cell in solution["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = {key: value for key, value in cell.items() if key not in ("outputs", "execution_count", "id")}
        new["source"] = strip_solution(source, cell["cell_type"])
        if cell["cell_type"] == "code":
            new["outputs"], new["execution_count"] = [], None
        if "id" in cell:
            new["id"] = cell["id"]
        cells.append(new)
    metadata = {key: value for key, value in solution["metadata"].items() if key in ("kernelspec", "language_info")}
    return {"cells": cells, "metadata": metadata, "nbformat": solution["nbformat"],
            "nbformat_minor": solution["nbformat_minor"]}


def render(notebook):
    """The exact text stored on disk, so regenerating can be compared byte for byte."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def generate(solutions_dir, exercises_dir):
    """Write one exercise notebook per solution notebook; returns the paths written."""
    written = []
    for path in sorted(Path(solutions_dir).glob("*.ipynb")):
        target = Path(exercises_dir) / path.name
        target.write_text(render(exercise_notebook(json.loads(path.read_text()))))
        written.append(target)
    return written


if __name__ == "__main__":
    source_dir, target_dir = sys.argv[1:3] if len(sys.argv) >= 3 else ("solutions", "exercises")
    for written_path in generate(source_dir, target_dir):
        print(f"wrote {written_path}")
