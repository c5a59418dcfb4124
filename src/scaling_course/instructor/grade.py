"""Grade a folder of submitted exercise notebooks with the course's checks.

    python -m scaling_course.grade SUBMISSIONS_DIR --chapter 01 --out grades.csv

Each notebook runs in a process of its own (nbclient), with a time limit per cell and a memory
limit, so an endless loop or a crash costs that submission only. After the learner's cells, one
more cell reloads the package's checks from disk (so edited check cells or patched modules count
for nothing) and runs them on the functions the notebook defined. Each exercise gets a status:
passed, failed, not attempted (the stub, or no such function) or error (the check could not run:
a timeout or a dead kernel), with the check's one-line message and its points (declared beside
the checks, in each module's POINTS).

Instructors can add held-out cases from a file of their own (--held-out FILE): for any exercise,
define a function with the exercise's name that takes `call` (which calls the learner's function)
and raises scaling_course.checks.Wrong("one sentence") for a wrong answer. An exercise scores
only if the public check and the held-out cases both pass.
"""
import argparse
import concurrent.futures
import csv
import importlib
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from .. import checks, graded_chapters

CHAPTERS = {key: unit.slug for key, unit in graded_chapters().items()}  # {"01": "scaling", ...}
STATUSES = ("passed", "failed", "not attempted", "error")
MARKER = "SCALING-COURSE-GRADES:"
# The checks' one time limit (scaling_course.checks.TIMEOUT, 10 s unless SCALING_CHECK_TIMEOUT says otherwise).
EXERCISE_TIMEOUT = math.ceil(checks.TIMEOUT or checks.DEFAULT_TIMEOUT)


def exercises(chapter):
    """[(exercise name, points)] for a chapter, in the order of the exercise notebook."""
    if chapter not in CHAPTERS:
        raise SystemExit(f"--chapter must be one of {', '.join(CHAPTERS)}, got {chapter!r}.")
    module = importlib.import_module(f"scaling_course.checks.{CHAPTERS[chapter]}")
    return list(module.POINTS.items())


def grading_cell(chapter, exercise_timeout, held_out=None):
    """Source of the cell appended to a submission: fresh checks, run on the notebook's own functions."""
    names = [name for name, _ in exercises(chapter)]
    return f'''
import importlib as __grade_importlib, json as __grade_json, signal as __grade_signal
import scaling_course.checks as __grade_checks
__grade_checks = __grade_importlib.reload(__grade_checks)
__grade_module = __grade_importlib.reload(__grade_importlib.import_module(
    "scaling_course.checks.{CHAPTERS[chapter]}"))
class __GradeTimeout(BaseException):
    pass
def __grade_alarm(signum, frame):
    raise __GradeTimeout()
__grade_signal.signal(__grade_signal.SIGALRM, __grade_alarm)
__grade_held_out, __grade_held_out_path = {{}}, {None if held_out is None else str(held_out)!r}
if __grade_held_out_path:
    exec(compile(open(__grade_held_out_path).read(), __grade_held_out_path, "exec"), __grade_held_out)
__grade_results = {{}}
for __grade_name in {names!r}:
    __grade_fn = globals().get(__grade_name)
    if __grade_fn is None:
        __grade_results[__grade_name] = ["not attempted", f"no function called {{__grade_name}} was defined."]
        continue
    __grade_signal.alarm({int(exercise_timeout)})
    try:
        __grade_result = getattr(__grade_module, __grade_name)(__grade_fn)
        if __grade_result.passed and callable(__grade_held_out.get(__grade_name)):
            __grade_result = __grade_checks.run_check(__grade_name, __grade_fn, __grade_held_out[__grade_name])
            if not __grade_result.passed:
                __grade_result.message = "held-out case: " + __grade_result.message
        __grade_results[__grade_name] = [__grade_result.status, __grade_result.message]
    except __GradeTimeout:
        __grade_results[__grade_name] = ["error", "the check took longer than {int(exercise_timeout)} s "
                                                  "(an endless loop?)."]
    finally:
        __grade_signal.alarm(0)
print("{MARKER}" + __grade_json.dumps(__grade_results))
'''


def run_submission(path, chapter, cell_timeout, exercise_timeout, held_out):
    """Execute one submission with its grading cell appended; returns {exercise: [status, message]}.
    Runs inside the worker process (see worker()), whose memory limit the kernel inherits."""
    names = [name for name, _ in exercises(chapter)]
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # not JSON, or not a notebook
        return {name: ["error", f"the file could not be read as a notebook ({type(error).__name__})."]
                for name in names}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    notebook.cells.append(nbformat.v4.new_code_cell(grading_cell(chapter, exercise_timeout, held_out)))
    grading = notebook.cells[-1]
    # The learner's cells get cell_timeout each; the grading cell runs every check, each under its own alarm.
    client = NotebookClient(notebook, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(Path(path).parent)}},
                            timeout_func=lambda cell: (exercise_timeout * (len(names) + 1) + 30
                                                       if cell is grading else cell_timeout))
    try:
        client.execute()
    except DeadKernelError:
        return {name: ["error", "the notebook's kernel died (out of memory, or a crash)."] for name in names}
    except Exception as error:
        return {name: ["error", f"the notebook could not be run ({type(error).__name__})."] for name in names}
    for output in notebook.cells[-1].get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(MARKER):
                return json.loads(line[len(MARKER):])
    return {name: ["error", "the grading cell did not finish (timeout or a crash)."] for name in names}


def worker(args):
    """The per-submission process: set the memory limit (the kernel inherits it), grade, print JSON."""
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps(run_submission(args.worker, args.chapter, args.cell_timeout, args.exercise_timeout,
                                    args.held_out)))


def grade_one(path, args):
    """Grade one submission in its own process; a process that fails or hangs costs only this row."""
    command = [sys.executable, "-m", "scaling_course.instructor.grade", str(args.submissions), "--chapter", args.chapter,
               "--worker", str(path), "--cell-timeout", str(args.cell_timeout), "--memory-mb", str(args.memory_mb),
               "--exercise-timeout", str(args.exercise_timeout)]
    if args.held_out:
        command += ["--held-out", str(Path(args.held_out).resolve())]
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    names = [name for name, _ in exercises(args.chapter)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=environment,
                              timeout=args.notebook_timeout)
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {name: ["error", f"the notebook took longer than {args.notebook_timeout} s in all."] for name in names}
    except (json.JSONDecodeError, IndexError):
        return {name: ["error", "the grading process failed."] for name in names}


def rows(results, chapter):
    """CSV rows: one per student, with each exercise's status, points and message, and the total."""
    table = []
    for student, result in sorted(results.items()):
        row, total = {"student": student}, 0
        for name, points in exercises(chapter):
            status, message = result.get(name, ["error", "no result."])
            earned = points if status == "passed" else 0
            row.update({f"{name} status": status, f"{name} points": earned, f"{name} message": message})
            total += earned
        row["total"] = total
        row["out of"] = sum(points for _, points in exercises(chapter))
        table.append(row)
    return table


def summary(table, chapter):
    """A short terminal table: how many students reached each status on each exercise, and mean total."""
    width = max(len(name) for name, _ in exercises(chapter)) + 9
    lines = [f"{'exercise':{width}} " + " ".join(f"{s:>13}" for s in STATUSES)]
    for name, points in exercises(chapter):
        counts = [sum(row[f"{name} status"] == s for row in table) for s in STATUSES]
        lines.append(f"{name + f' ({points} pt)':{width}} " + " ".join(f"{c:>13}" for c in counts))
    if table:
        mean = sum(row["total"] for row in table) / len(table)
        lines.append(f"mean total {mean:.1f} of {table[0]['out of']} over {len(table)} submissions")
    return "\n".join(lines)


def progress(done, total, started, stream=sys.stderr):
    width = 30
    filled = int(width * done / total) if total else width
    stream.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} graded, {time.time() - started:.0f} s")
    stream.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scaling_course.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="folder of submitted .ipynb files, one per student")
    parser.add_argument("--chapter", required=True, help="chapter number: " + ", ".join(CHAPTERS))
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="CSV to write (default grades.csv)")
    parser.add_argument("--held-out", help="a Python file of the instructor's own cases (see the module docstring)")
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell (default 60)")
    parser.add_argument("--exercise-timeout", type=int, default=EXERCISE_TIMEOUT,
                        help=f"seconds per check (default {EXERCISE_TIMEOUT}, the checks' time limit)")
    parser.add_argument("--notebook-timeout", type=int, default=600, help="seconds per notebook (default 600)")
    parser.add_argument("--memory-mb", type=int, default=4096, help="memory limit per notebook (default 4096)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    exercises(args.chapter)  # refuses an unknown chapter with one sentence
    if args.worker:
        return worker(args)
    if not args.submissions.is_dir():
        raise SystemExit(f"{args.submissions} is not a folder of notebooks.")
    paths = sorted(args.submissions.glob("*.ipynb"))
    if not paths:
        raise SystemExit(f"no .ipynb files in {args.submissions}.")
    started, results = time.time(), {}
    progress(0, len(paths), started)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(grade_one, path, args): path for path in paths}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future].stem] = future.result()
            progress(len(results), len(paths), started)
    sys.stderr.write("\n")
    table = rows(results, args.chapter)
    with open(args.out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    print(summary(table, args.chapter))
    print(f"wrote {args.out} ({len(table)} students) in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
