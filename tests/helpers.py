"""Helpers the tests share: paths, notebooks, the source texts, a notebook's functions, explorer frames."""
import ast
import json
import math
import os
import re
from pathlib import Path

import numpy as np

from scaling_course import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]


def read_notebook(path):
    return json.loads(Path(path).read_text())


def cell_source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def sources_dir():
    """The source texts: $SCALING_SOURCES, else ../shared/sources beside the checkout."""
    return Path(os.environ.get("SCALING_SOURCES", ROOT.parent / "shared" / "sources"))


def functions_from(notebook_path):
    """Execute a notebook's function-defining cells (as a learner would) and return what they define."""
    namespace = {"np": np, "math": math}  # one namespace, so a solution can call an earlier one
    imported = set()
    for cell in read_notebook(notebook_path)["cells"]:
        source = cell_source(cell)
        if cell["cell_type"] != "code":
            continue
        body = ast.parse(source).body
        if body and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body):
            exec(compile(source, str(notebook_path), "exec"), namespace)  # the notebook's imports
            imported |= {alias.asname or alias.name.split(".")[0] for node in body for alias in node.names}
        elif source.lstrip().startswith("def "):
            exec(compile(source, str(notebook_path), "exec"), namespace)
    hidden = {"np", "math", "__builtins__"} | imported
    return {name: value for name, value in namespace.items() if name not in hidden}


def frames_after(explorer, changes):
    """The distinct images an explorer shows: its first, then one after each change (a dict of controls)."""
    frames = {explorer.image.value}
    for change in changes:
        explorer.update(**change)
        frames.add(explorer.image.value)
    return frames


def book_page(slug, folder="book"):
    """The built page of a unit, from its slug alone: book_page("impact") -> "book/06-impact.html"."""
    key = next(key for key, unit in CHAPTERS.items() if unit.slug == slug)
    return f"{folder}/{CHAPTERS[key].stem(key)}.html"


def unit_pages(folder="book", kinds=("preface", "chapter", "lab")):
    """The built pages of every unit of these kinds, in course order."""
    return [f"{folder}/{unit.stem(key)}.html" for key, unit in CHAPTERS.items() if unit.kind in kinds]


def learners_menu_paths(place):
    """The menu paths (menu, item) that book/learners.md's "Saving and submitting" list names for one place,
    the bullet that starts with **place**: "*Kernel → Restart Kernel and Run All Cells…*" gives
    ("Kernel", "Restart Kernel and Run All Cells…")."""
    text = (ROOT / "book" / "learners.md").read_text(encoding="utf-8")
    section = text.split("## Saving and submitting a notebook", 1)[1].split("\n## ", 1)[0]
    bullet = next(b for b in re.split(r"\n(?=- )", section) if b.startswith(f"- **{place}"))
    return [tuple(p.strip() for p in path.split("→")) for path in re.findall(r"\*([^*]*→[^*]*)\*", bullet)]
