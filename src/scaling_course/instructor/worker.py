"""The per-submission grading process: reads its orders (JSON) on stdin, never on its command line, copies the
notebook into a fresh private folder, runs it in a sandboxed kernel and prints one JSON line per verdict.

    python -m scaling_course.instructor.worker < orders.json
"""
import importlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from types import SimpleNamespace

from .. import checks as checks_package
from . import cases
from .grade_session import InstructorError, Session, emitter
from .kernel import Kernel, KernelTrouble


def read_notebook(path):
    """The notebook's cells as (cell_type, source) records; plain json is enough (and nbformat is slow to import)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in data["cells"]:
        source = cell.get("source", "")
        cells.append(SimpleNamespace(cell_type=str(cell["cell_type"]),
                                     source="".join(source) if isinstance(source, list) else str(source)))
    return SimpleNamespace(cells=cells)


def notebook_kind(notebook, slug):
    """None for this chapter's exercises, else one sentence saying what was handed in instead."""
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    imports = [line for source in sources for line in source.splitlines() if "from scaling_course.checks import" in line]
    if not imports:
        return ("this looks like a chapter notebook (no `from scaling_course.checks import` line), not the "
                "exercises: hand in the exercise notebook.")
    if not any(f"import {slug} " in line + " " for line in imports):
        return f"this is another chapter's exercise notebook ({imports[0].strip()}), not the {slug} exercises."
    return None


def grade(orders, emit):
    # The learner's function is a Remote here: its time limits are the kernel's and the grader's wall clock,
    # so the checks' own alarm and forked mode (meant for calls inside a notebook) stay off in this process.
    checks_package.TIMEOUT, checks_package.ISOLATED = None, False
    chapter, slug = orders["chapter"], orders["slug"]
    module = importlib.import_module(f"scaling_course.checks.{slug}")
    names = list(module.POINTS)
    try:
        notebook = read_notebook(orders["notebook"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # not JSON, or not a notebook
        why = "not JSON" if isinstance(error, ValueError) else "no cells"
        for name in names:
            emit({"exercise": name, "status": "error", "cell": None, "flags": "",
                  "message": f"the file could not be read as a notebook ({why})."})
        return
    kind = notebook_kind(notebook, slug)
    if kind:
        for name in names:
            emit({"exercise": name, "status": "not attempted", "message": kind, "cell": None, "flags": ""})
        return
    held_out = cases.load_held_out(orders["held_out"], chapter, slug, names) if orders.get("held_out") else {}
    model = cases.masters(chapter, slug) if orders.get("seed") else {}
    copied = cases.copied_calls([c.source for c in notebook.cells if c.cell_type == "code"], names)

    def extra(name, proxy, verdict):
        if verdict[0] == "passed" and name in held_out:
            verdict = cases.held_out_verdict(name, proxy, held_out[name]) or verdict
        if verdict[0] == "passed" and model:
            verdict = cases.seeded_verdict(name, proxy, session.calls, model[name], orders["seed"], chapter) or verdict
        return verdict

    def record(entry):
        if entry.get("exercise") in copied:
            entry["flags"] = f"only calls the course package's {copied[entry['exercise']]}"
        emit(entry)

    folder = Path(tempfile.mkdtemp(prefix="submission-", dir=orders.get("scratch")))
    try:
        shutil.copy(orders["notebook"], folder / "submission.ipynb")
        kernel = Kernel(folder, orders["rung"], orders["uid"], orders["memory_mb"], orders["notebook_timeout"],
                        sys.executable)
        session = Session(kernel, lambda name, fn: getattr(module, name)(fn), names, record,
                          orders["cell_timeout"], orders["exercise_timeout"], orders["notebook_timeout"], extra)
        try:
            kernel.start()
            emit({"events": session.run(notebook)})
        except (InstructorError, cases.HeldOutError):
            raise
        except Exception as trouble:  # KernelTrouble, or the kernel's messages broke the connection
            why = str(trouble) if isinstance(trouble, KernelTrouble) else \
                f"the grader lost touch with the kernel ({type(trouble).__name__})"
            for name in names:
                if name not in session.verdicts:
                    emit({"exercise": name, "status": "error", "message": why + ".", "cell": None, "flags": ""})
        finally:
            kernel.stop()
            if orders.get("keep"):  # the instructor asked to keep each folder as the kernel left it
                shutil.copytree(folder, Path(orders["keep"]) / orders["student"], dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("k[0-9]*-[0-9]", "kernel-*.json"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    orders = json.loads(sys.stdin.read())
    emit = emitter(sys.stdout)
    try:
        grade(orders, emit)
    except (InstructorError, cases.HeldOutError) as error:
        emit({"instructor_error": str(error)})
        sys.exit(3)


if __name__ == "__main__":
    main()
