"""Grade a folder of submitted exercise notebooks with the course's checks.

    python -m scaling_course.grade SUBMISSIONS_DIR --chapter 01 [--out grades.csv] [--jobs 2]

The verdicts live outside the learners' code: each notebook runs cell by cell in a sandboxed kernel of its own
(see sandbox.py for the isolation ladder) that only answers calls to its functions with plain data (wire.py);
the checks run in the grader and each verdict is recorded as soon as the notebook reaches the cell that defines
the function, so a later crash or hang keeps what was earned. Each exercise gets a status: passed, failed,
not attempted (the stub, or no such function) or error (a timeout or a crash), its one-line message, the cell
it concerns, and its points (declared beside the checks, in each module's POINTS). The two written reflection
answers at the end of each notebook are not graded here: the CSV lists the words written in each and how many
answers are "to read" (a blank or the stub "Write your answer here." counts as not written); the total is the
automatic points only.

--held-out FILE adds the instructor's own cases: for any exercise, a function with the exercise's name that takes
`call` (which calls the learner's function) and raises scaling_course.checks.Wrong("one sentence") or fails an
`assert` for a wrong answer. Every case is first run against the model solutions; a case they fail, a name that
is no exercise, or an error in the file stops the run (exit 2) before any student is graded.
--seed SECRET adds this class's own inputs, drawn from the secret, where an exercise has one right answer.
"""
import argparse
import concurrent.futures
import importlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import checks, graded_chapters
from . import cases, exercises as learners_copies, reports, sandbox, submissions

CHAPTERS = {key: unit.slug for key, unit in graded_chapters().items()}  # {"01": "scaling", ...}
# The checks' one time limit (scaling_course.checks.TIMEOUT, 10 s unless SCALING_CHECK_TIMEOUT says otherwise).
EXERCISE_TIMEOUT = math.ceil(checks.TIMEOUT or checks.DEFAULT_TIMEOUT)
STATUSES = reports.STATUSES


def exercises(chapter):
    """[(exercise name, points)] for a chapter, in the order of the exercise notebook."""
    if chapter not in CHAPTERS:
        raise SystemExit(f"--chapter must be one of {', '.join(CHAPTERS)}, got {chapter!r}.")
    module = importlib.import_module(f"scaling_course.checks.{CHAPTERS[chapter]}")
    return list(module.POINTS.items())


def reflections(path):
    """{question number: words written} in a submitted notebook's reflection answers, read from its JSON (nothing
    runs); {} when the file is not a readable notebook (the grading run reports that for the exercises)."""
    try:
        return learners_copies.reflection_words(json.loads(Path(path).read_text(encoding="utf-8", errors="replace")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


class InstructorFailure(Exception):
    """A worker reported an error on the instructor's side."""


def grade_one(path, number, args, held_out_source, rung, scratch, student):
    """Grade one submission in its own worker process; returns {"verdicts", "events", "isolation"}."""
    orders = {"notebook": str(path), "chapter": args.chapter, "slug": CHAPTERS[args.chapter], "rung": rung,
              "uid": sandbox.FIRST_UID + (os.getpid() % 10000) * 1000 + number % 1000,  # apart from other runs
              "memory_mb": args.memory_mb, "cell_timeout": args.cell_timeout,
              "exercise_timeout": args.exercise_timeout, "notebook_timeout": args.notebook_timeout,
              "held_out": held_out_source, "seed": args.seed, "scratch": str(scratch),
              "keep": str(args.keep_folders.resolve()) if args.keep_folders else None, "student": student}
    environment = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "TMPDIR")}
    environment.update(OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")
    result = {"verdicts": {}, "events": [], "isolation": rung, "reflections": reflections(path)}
    process = subprocess.Popen([sys.executable, "-m", "scaling_course.instructor.worker"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    timed_out = False
    try:
        stdout, stderr = process.communicate(json.dumps(orders), timeout=args.notebook_timeout + 90)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        timed_out = True
        result["events"].append(f"the notebook ran past its {args.notebook_timeout} s limit")
    for line in stdout.splitlines():
        record = json.loads(line)
        if "instructor_error" in record:
            raise InstructorFailure(record["instructor_error"])
        if "events" in record:
            result["events"] += record["events"]
        else:
            result["verdicts"][record["exercise"]] = record
    if process.returncode != 0 and not timed_out:  # the worker never fails for what a notebook does
        raise InstructorFailure(f"the grading process for {path.name} failed: {stderr.strip()[-800:]}")
    for name, _ in exercises(args.chapter):
        result["verdicts"].setdefault(name, {"status": "error", "cell": None, "flags": "", "message":
                                             "; ".join(result["events"]) + "." if result["events"] else "no result."})
    return result


def progress(done, total, started, stream=sys.stderr):
    width = 30
    filled = int(width * done / total) if total else width
    stream.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} graded, {time.time() - started:.0f} s")
    stream.flush()


def parser():
    p = argparse.ArgumentParser(prog="python -m scaling_course.grade", description=__doc__.split("\n\n")[0])
    p.add_argument("submissions", type=Path, help="folder of submitted notebooks (or one folder per student)")
    p.add_argument("--chapter", required=True, help="chapter number: " + ", ".join(CHAPTERS))
    p.add_argument("--out", type=Path, help="also copy the CSV here")
    p.add_argument("--runs", type=Path, default=Path("grading-runs"),
                   help="each run writes a timestamped folder here (default grading-runs)")
    p.add_argument("--held-out", type=Path, default=os.environ.get("SCALING_GRADE_HELD_OUT") or None,
                   help="a Python file of the instructor's own cases (or SCALING_GRADE_HELD_OUT)")
    p.add_argument("--seed", default=os.environ.get("SCALING_GRADE_SEED") or None,
                   help="a secret: this class's own randomised inputs (or SCALING_GRADE_SEED)")
    p.add_argument("--roster", type=Path, help="CSV mapping submissions to students (submission,student,id,email)")
    p.add_argument("--isolation", choices=sandbox.RUNGS, default=os.environ.get("SCALING_GRADE_ISOLATION"),
                   help="force a rung of the isolation ladder (default: the best that works here)")
    p.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell (default 60)")
    p.add_argument("--exercise-timeout", type=int, default=EXERCISE_TIMEOUT,
                   help=f"seconds per call of a learner's function (default {EXERCISE_TIMEOUT}, the checks' limit)")
    p.add_argument("--notebook-timeout", type=int, default=600, help="seconds per notebook (default 600)")
    p.add_argument("--memory-mb", type=int, default=4096, help="memory limit per notebook (default 4096)")
    p.add_argument("--keep-folders", type=Path, help="copy each submission's folder here after its run (to inspect)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2; about one per core)")
    return p


def main(argv=None):
    """The command; exits 2 for a broken held-out file and 3 for a failure on the instructor's side."""
    code = run(argv)
    if code:
        raise SystemExit(code)


def run(argv=None):
    args = parser().parse_args(argv)
    names = exercises(args.chapter)  # refuses an unknown chapter with one sentence
    if not args.submissions.is_dir():
        raise SystemExit(f"{args.submissions} is not a folder of notebooks.")
    held_out = args.held_out.read_text() if args.held_out else None
    if held_out is not None:
        try:
            cases.load_held_out(held_out, args.chapter, CHAPTERS[args.chapter], [n for n, _ in names])
        except cases.HeldOutError as error:
            sys.stderr.write(f"held-out file {args.held_out}: {error}\nNo student was graded.\n")
            return 2
    paths, skipped = submissions.find(args.submissions)
    if not paths:
        raise SystemExit(f"no .ipynb files in {args.submissions}.")
    roster = submissions.read_roster(args.roster) if args.roster else None
    people = [submissions.identify(p, args.submissions, args.chapter, CHAPTERS[args.chapter], roster) for p in paths]
    clashes = submissions.unique(people)
    scratch = Path(tempfile.mkdtemp(prefix="scaling-grade-"))
    os.chmod(scratch, 0o711)
    try:
        rung = sandbox.choose(args.isolation, scratch)
        if args.held_out and rung != "bwrap" and args.held_out.stat().st_mode & 0o004:
            sys.stderr.write(f"warning: {args.held_out} is readable by every user, so by the notebooks on the "
                             f"'{rung}' rung: chmod 600 it.\n")
        started, results = time.time(), []
        progress(0, len(paths), started)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(grade_one, path, number, args, held_out, rung, scratch, person["student"]): person
                       for number, (path, person) in enumerate(zip(paths, people))}
            try:
                for future in concurrent.futures.as_completed(futures):
                    results.append((futures[future], future.result()))
                    progress(len(results), len(paths), started)
            except InstructorFailure as failure:
                pool.shutdown(cancel_futures=True)
                sys.stderr.write(f"\nThe grader failed on the instructor's side, not the student's: {failure}\n"
                                 "No grades were written.\n")
                return 3
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sys.stderr.write("\n")
    run = args.runs / f"ch{args.chapter}-{time.strftime('%Y%m%d-%H%M%S')}"
    run.mkdir(parents=True, exist_ok=True)
    table = reports.rows(results, names)
    reports.write_csv(run / "grades.csv", table)
    reports.write_gradebook(run / "gradebook.csv", table, args.chapter)
    reports.write_feedback(run / "feedback", table, names, args.chapter)
    (run / "skipped.txt").write_text("".join(f"{name}\n" for name in skipped))
    if args.out:
        shutil.copy(run / "grades.csv", args.out)
    print(reports.summary(table, names))
    for name in skipped:
        print(f"skipped (not a notebook): {name}")
    for name in clashes:
        print(f"two submissions for one student: {name} was given a numbered row")
    print(f"isolation: {rung}; wrote {run}/ (grades.csv, gradebook.csv, feedback/) for {len(table)} students "
          f"in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
