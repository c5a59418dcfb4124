"""Find the notebooks in a submissions folder and say whose each one is.

Read: any `.ipynb` (any case), in the folder or in one folder per student (nested folders too); `.ipynb_checkpoints`
and hidden files are passed over, and every other file is listed as skipped. Who a notebook belongs to, first match:
a roster row (its `submission` column equals the file name, the student's folder, or the LMS key below); Canvas's
download name `lastnamefirstname[_LATE]_12345_67890_<file>` (key `lastnamefirstname`, Canvas ID 12345); Moodle's
folder `Full Name_12345_assignsubmission_file_` (key `Full Name`); the student's folder; the file name without
`.ipynb`, with Colab's `Copy of `, JupyterLite's `exercises_` and `-exercises` stripped when that leaves nothing.
"""
import csv
import re
from pathlib import Path

from .. import CHAPTERS, EXERCISES_SUFFIX

CANVAS = re.compile(r"^(?P<key>[a-z][a-z-]*?)(?:_LATE)?_(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+)$", re.I)
MOODLE = re.compile(r"^(?P<key>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_\w*$")
ROSTER_COLUMNS = ("submission", "student", "id", "email")


def exercise_stem(stem, chapter, slug):
    """True when a file stem is one of the names the exercise notebook gets saved under."""
    base = CHAPTERS[chapter].stem(chapter) if chapter in CHAPTERS else f"{chapter}-{slug}"
    clean = re.sub(r"^(copy of |exercises_)", "", stem.strip(), flags=re.I)
    clean = re.sub(rf"({re.escape(EXERCISES_SUFFIX)})?( \(\d+\))?$", "", clean, flags=re.I)  # a browser's " (1)" after either name
    return clean.lower() == base


def find(folder):
    """(notebooks, skipped): every .ipynb under folder, and the other files (paths relative to folder)."""
    notebooks, skipped = [], []
    for path in sorted(Path(folder).rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        (notebooks if path.suffix.lower() == ".ipynb" else skipped).append(path)
    return notebooks, [str(p.relative_to(folder)) for p in skipped]


def read_roster(path):
    """[{submission, student, id, email}] from a CSV with at least `submission` and `student` columns."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not {"submission", "student"} <= set(rows[0]):
        raise SystemExit(f"the roster {path} needs the columns submission and student (and optionally id, email).")
    return [{key: (row.get(key) or "").strip() for key in ROSTER_COLUMNS} for row in rows]


def identify(path, folder, chapter, slug, roster=None):
    """{student, id, email, key, submission} for one notebook."""
    relative = path.relative_to(folder)
    top = relative.parts[0] if len(relative.parts) > 1 else None
    person = {"submission": str(relative), "id": "", "email": ""}
    canvas, moodle = CANVAS.match(path.name), MOODLE.match(top or "")
    if moodle:
        person.update(key=moodle["key"], id=moodle["id"])
    elif canvas:
        person.update(key=canvas["key"], id=canvas["id"])
    elif top:
        person["key"] = top
    else:
        person["key"] = path.stem
    person["student"] = person["key"]
    for row in roster or []:
        if row["submission"] in (path.name, top, person["key"], str(relative)):
            person.update({key: row[key] or person.get(key, "") for key in ("student", "id", "email")})
            break
    return person


def unique(people):
    """Make the student names unique (a second `01-scaling` becomes `01-scaling (2)`); returns the clashes."""
    seen, clashes = {}, []
    for person in people:
        name = person["student"]
        if name in seen:
            seen[name] += 1
            person["student"] = f"{name} ({seen[name]})"
            clashes.append(person["submission"])
        else:
            seen[name] = 1
    return clashes
