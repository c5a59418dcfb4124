"""Generate the learners' exercise notebooks from the solution notebooks.

In code cells, everything between `# BEGIN SOLUTION` and `# END SOLUTION` becomes a stub that
raises NotImplementedError (at the marker's indentation). In markdown cells, text between
`<!-- BEGIN SOLUTION -->` and `<!-- END SOLUTION -->` is dropped. Outputs are cleared.

For the course site, the copies also get a "How to start" note under their title (the ways to open
the notebook), and cell tags that Jupyter Book reads and Jupyter ignores: the install cell is left off
the page (`remove-cell`), the imports sit behind a toggle (`hide-input`), and each check cell's output
("… not attempted yet" on the site, which runs the copies unanswered) is hidden (`remove-output`).
The cells themselves stay in the notebook, so the grader and learners find every check cell as before.

Two more kinds of cell in the masters. Cells tagged `answer-key` (the worked answers to "Going further", with the
code that computes their numbers) are for instructors: the copies leave them out, and `make answer-key` collects
them. Each notebook ends with two reflection questions, markdown cells opening with `**Reflection 1.**` and
`**Reflection 2.**`, each followed by an answer cell ("Write your answer here."); in the copies that answer cell
carries nbgrader's metadata for a manually graded answer worth REFLECTION_POINTS (grade ids `reflection_1`,
`reflection_2`), and the course grader counts the words written there without scoring them.

    python -m scaling_course.instructor.exercises solutions exercises
"""
import importlib
import json
import re
import sys
from pathlib import Path

from .. import EXERCISES_SUFFIX, graded_chapters

CODE_BLOCK = re.compile(r"^([ \t]*)# BEGIN SOLUTION[^\n]*\n.*?^[ \t]*# END SOLUTION[^\n]*$", re.S | re.M)
MARKDOWN_BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->\n?", re.S)
STUB = '{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError("Exercise: write this part, then run the check below.")'

INSTALL_CELL = "# Colab, JupyterLite or any Python without the course package"
ANSWER_KEY_TAG = "answer-key"  # instructors' worked answers in the masters: never in a learner's copy
REFLECTION = re.compile(r"^\*\*Reflection (\d+)\.\*\*\s+(.+)", re.M | re.S)
REFLECTION_STUB = "Write your answer here."
REFLECTIONS = (1, 2)  # every unit's notebook ends with two written questions
REFLECTION_POINTS = 4  # the rubric's four levels (4 excellent ... 1 off the question); a blank answer scores 0
STUBS = (REFLECTION_STUB, "YOUR ANSWER HERE")  # ours, and the text nbgrader's generate_assignment puts in
CHECK_CALL = re.compile(r"(?<![\w.])check\.\w+\(")  # a call to the chapter's checks
START_NOTE_ID = "how-to-start"
IMPORTS_PROMPTS = {"code_prompt_show": "Show the imports", "code_prompt_hide": "Hide the imports"}
START_NOTE = (
    "**How to start.** On the course site, the rocket icon at the top of this page opens it as a notebook: "
    "**Binder** (a full Jupyter session, ready in a minute or two), **Colab** (its first cell installs the "
    "course package) or **Run in the browser** (JupyterLite, nothing to install). You can also run it "
    "**locally**: clone the repository and run `make lab`. [Running the notebooks](../book/running.md) "
    "compares the choices, and [For learners](../book/learners.md) says how to save your work and submit "
    "it. Then work from the top: write each answer and run the check cell under it.\n"
)


def site_tags(source, cell_type):
    """The Jupyter Book tags for one cell of the learner's copy (empty for most cells)."""
    if cell_type != "code":
        return []
    if source.startswith(INSTALL_CELL):
        return ["remove-cell"]
    if CHECK_CALL.search(source):
        return ["remove-output"]
    if source.lstrip().startswith(("import ", "from ")) and "def " not in source:
        return ["hide-input"]
    return []


def with_tags(metadata, tags):
    """A copy of a cell's metadata with tags added (kept in order, none repeated); a hidden imports cell's
    toggle says what it hides."""
    if not tags:
        return metadata
    metadata = dict(metadata)
    metadata["tags"] = list(metadata.get("tags", [])) + [tag for tag in tags if tag not in metadata.get("tags", [])]
    if "hide-input" in tags:
        metadata["mystnb"] = {**metadata.get("mystnb", {}), **IMPORTS_PROMPTS}
    return metadata


def strip_solution(source, cell_type):
    """The learner's version of one cell's source."""
    if cell_type == "code":
        if source.count("# BEGIN SOLUTION") != source.count("# END SOLUTION"):
            raise ValueError("A code cell has unbalanced # BEGIN SOLUTION / # END SOLUTION markers.")
        return CODE_BLOCK.sub(lambda m: STUB.format(indent=m.group(1)), source)
    return MARKDOWN_BLOCK.sub("", source)


def nbgrader_metadata(grade_id, solution=False, grade=False, locked=False, points=None):
    """nbgrader 0.9's cell metadata (schema 3): an answer cell, or a locked, graded check cell worth `points`."""
    metadata = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                "solution": solution, "task": False}
    if points is not None:
        metadata["points"] = points
    return {"nbgrader": metadata}


def graded_cell(source, points):
    """nbgrader metadata for an answer cell (it defines an exercise's function) or a check cell
    (`check.name(name)`), matching the grade ids `make nbgrader` exports, so a copy opened from the site
    autogrades in an nbgrader course; {} for other cells."""
    defined = re.search(r"^def (\w+)\(", source, re.M)
    check = re.fullmatch(r"check\.(\w+)\((\w+)\)", source.strip())
    if defined and defined[1] in points and "raise NotImplementedError" in source:
        return nbgrader_metadata(f"{defined[1]}_answer", solution=True)
    if check and check[1] in points:
        return nbgrader_metadata(f"{check[1]}_check", grade=True, locked=True, points=points[check[1]])
    return {}


def text_of(cell):
    """A cell's source as one string (a submitted notebook may hold anything: a missing source is empty)."""
    source = cell.get("source", "")
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def is_answer_key(cell):
    return ANSWER_KEY_TAG in cell.get("metadata", {}).get("tags", [])


def reflection_number(cell):
    """The number of the reflection question a markdown cell asks (1, 2), or None."""
    found = REFLECTION.search(text_of(cell)) if cell.get("cell_type") == "markdown" else None
    return int(found[1]) if found else None


def reflection_questions(notebook):
    """{number: question text (whitespace collapsed)} of a notebook's reflection questions."""
    questions = {}
    for cell in notebook["cells"]:
        if reflection_number(cell):
            found = REFLECTION.search(text_of(cell))
            questions[int(found[1])] = " ".join(found[2].split())
    return questions


def reflection_answer_cells(notebook):
    """{number: index of its answer cell}: the markdown cell right after each reflection question."""
    cells = notebook["cells"]
    return {reflection_number(cell): index + 1 for index, cell in enumerate(cells)
            if reflection_number(cell) and index + 1 < len(cells) and cells[index + 1]["cell_type"] == "markdown"
            and not reflection_number(cells[index + 1])}


def reflection_metadata(number):
    """nbgrader's metadata for a manually graded written answer (a markdown cell)."""
    return nbgrader_metadata(f"reflection_{number}", solution=True, grade=True, points=REFLECTION_POINTS)


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def written_words(text):
    """How many words a learner wrote in an answer: the stub texts and HTML comments do not count."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    for stub in STUBS:
        text = text.replace(stub, " ")
    return len(WORD.findall(text))


def reflection_words(notebook):
    """{number: words written} for each reflection question of a submitted notebook: its markdown and raw cells
    after the question up to the next question (a learner may add cells; code cells are passed over)."""
    words, current = {}, None
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict):
            continue
        number = reflection_number(cell)
        if number:
            current = number
            words.setdefault(number, 0)
        elif current and cell.get("cell_type") in ("markdown", "raw"):
            words[current] += written_words(text_of(cell))
    return words


def exercise_notebook(solution, points=None):
    """The exercise notebook (as a dict) for a solution notebook (as a dict); with the chapter's {exercise:
    points}, its answer and check cells carry nbgrader metadata."""
    cells, answers = [], {index: number for number, index in reflection_answer_cells(solution).items()}
    for index, cell in enumerate(solution["cells"]):
        if is_answer_key(cell):
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = {key: value for key, value in cell.items() if key not in ("outputs", "execution_count", "id")}
        new["source"] = strip_solution(source, cell["cell_type"])
        new["metadata"] = with_tags(cell.get("metadata", {}), site_tags(new["source"], cell["cell_type"]))
        if cell["cell_type"] == "code" and points:
            new["metadata"] = {**new["metadata"], **graded_cell(new["source"], points)}
        if index in answers and points:
            new["metadata"] = {**new["metadata"], **reflection_metadata(answers[index])}
        if cell["cell_type"] == "code":
            new["outputs"], new["execution_count"] = [], None
        if "id" in cell:
            new["id"] = cell["id"]
        cells.append(new)
        if index == 0 and cell["cell_type"] == "markdown":  # the title cell: the note goes right under it
            note = {"cell_type": "markdown", "metadata": {}, "source": START_NOTE}
            if "id" in cell:
                note["id"] = START_NOTE_ID
            cells.append(note)
    metadata = {key: value for key, value in solution["metadata"].items() if key in ("kernelspec", "language_info")}
    return {"cells": cells, "metadata": metadata, "nbformat": solution["nbformat"],
            "nbformat_minor": solution["nbformat_minor"]}


def render(notebook):
    """The exact text stored on disk, so regenerating can be compared byte for byte."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def exercise_text(solution_path):
    """The exact text of the exercise notebook generated from one solution notebook (its chapter's POINTS
    found through the registry by the file's stem)."""
    solution_path = Path(solution_path)
    units = {unit.stem(key): unit.slug for key, unit in graded_chapters().items()}
    slug = units.get(solution_path.stem)
    points = importlib.import_module(f"scaling_course.checks.{slug}").POINTS if slug else None
    return render(exercise_notebook(json.loads(solution_path.read_text()), points))


def exercise_name(solution_path):
    """The exercise notebook's file name for a master: solutions/01-scaling.ipynb -> 01-scaling-exercises.ipynb
    (a name of its own, so a learner's saved exercises never collide with the chapter's notebook)."""
    return f"{Path(solution_path).stem}{EXERCISES_SUFFIX}.ipynb"


def generate(solutions_dir, exercises_dir):
    """Write one exercise notebook per solution notebook; returns the paths written."""
    written = []
    for path in sorted(Path(solutions_dir).glob("*.ipynb")):
        target = Path(exercises_dir) / exercise_name(path)
        target.write_text(exercise_text(path))
        written.append(target)
    return written


if __name__ == "__main__":
    source_dir, target_dir = sys.argv[1:3] if len(sys.argv) >= 3 else ("solutions", "exercises")
    for written_path in generate(source_dir, target_dir):
        print(f"wrote {written_path}")
