"""The teachers' syllabus: the weeks of a 10-week and a 6-week term, each unit's pre-reading in *The Scaling
Era*, the exercise timings of a trial run, the launch times and fallback chain, the exit tickets and the weighting.
One data source for two kinds of page: `book/syllabus.md` is written whole from `syllabus_markdown()`, and each
teacher's guide carries the sections `guide_sections(key)` returns ("Pre-reading", "Launching", "Exercise timings",
"Exit ticket", "Reading the tickets"), placed in the guide by `sync_guides()`, which replaces only those sections.
`tests/test_syllabus.py` fails when either has drifted from this module.

    python -m scaling_course.instructor.syllabus            # rewrite book/syllabus.md and the guides' sections
    python -m scaling_course.instructor.syllabus --check    # exit 1 if either is out of date

The pieces: `reading.py` (pre-reading), `timings.py` (the trial run and the plans' exercise rows) and
`guide_sections.py` (the guides' sections and their sync).
"""
import argparse
import importlib
import sys
from pathlib import Path
from typing import NamedTuple

from scaling_course import CHAPTERS, graded_chapters
from scaling_course.instructor.guide_sections import guide_sections, sync_guides, synced_guide
from scaling_course.instructor.reading import EDITION, PRE_READING
from scaling_course.instructor.timings import IN_CLASS, OPEN_MINUTES, TRIALS, exercise_row, minutes

# The syllabus's data in one place for the tests and the tools, wherever each piece lives.
__all__ = ["EDITION", "PRE_READING", "TRIALS", "IN_CLASS", "OPEN_MINUTES", "exercise_row", "minutes", "guide_sections",
           "sync_guides", "synced_guide", "WEIGHTS", "TEN_WEEKS", "SIX_WEEKS", "PLANS", "syllabus_markdown", "main"]

ROOT = Path(__file__).resolve().parents[3]


# --- The weeks ---------------------------------------------------------------------------------------------------

class Week(NamedTuple):
    number: int
    units: tuple          # unit keys taught this week (empty for the spare week)
    in_class: tuple       # unit keys whose exercise set is started in class; the others' sets are homework
    discussion: str
    assessed: str


WEIGHTS = [("Exercise sets", 40, "the autograded checks of each unit's exercise notebook (`make grade`), "
                              "averaged over the units with equal weight"),
           ("Discussion and exit tickets", 20, "taking part in the seminar discussion, and handing in the "
                                               "two-minute exit ticket (read, not marked right or wrong)"),
           ("Reflection answers", 15, "the two written questions at the end of each exercise notebook, marked "
                                      "with the four-level rubric in each guide"),
           ("Final essay", 25, "1,500–2,000 words answering one of the course's discussion questions with "
                               "numbers from the notebooks, due a week after the last class")]

TEN_WEEKS = [
    Week(1, ("00", "01"), ("01",),
         "Compute grew about ten billion times since 2010, and doubled every six months. Do those two figures "
         "agree? What would you need to know to decide?",
         "Chapter 1 exercise set; exit ticket"),
    Week(2, ("01L",), ("01L",),
         "You predicted a bigger model's loss to within a few percent of the reducible part. How far out would "
         "you trust the same law, and what would make you trust it further?",
         "Lab exercise set; exit ticket; reflection answers (Chapter 1 and the lab)"),
    Week(3, ("02",), ("02",),
         "An agent that is right 99 % of the time per step still fails most long tasks. Is reliability or "
         "capability the better thing to measure?",
         "Chapter 2 exercise set; exit ticket"),
    Week(4, ("03",), ("03",),
         "If one neuron can stand for several features, what does it mean to \"understand\" a network?",
         "Chapter 3 exercise set (exercise 4 as homework, with the guide's scaffold); exit ticket; reflection "
         "answers (Chapters 2 and 3)"),
    Week(5, ("04",), ("04",),
         "When does optimising a measurable stand-in stop helping with what we actually want?",
         "Chapter 4 exercise set; exit ticket"),
    Week(6, ("05",), ("05",),
         "Chips, power or data: which runs short first, and what number would change your mind?",
         "Chapter 5 exercise set; exit ticket; reflection answers (Chapters 4 and 5); essay question chosen"),
    Week(7, ("06",), ("06",),
         "If machines can do most tasks, why might the economy grow less than expected?",
         "Chapter 6 exercise set; exit ticket"),
    Week(8, ("07",), ("07",),
         "What would have to be true for AI research to speed itself up without limit, and which part is "
         "least certain?",
         "Chapter 7 exercise set; exit ticket; reflection answers (Chapters 6 and 7)"),
    Week(9, ("08",), ("08",),
         "Which assumption in a timeline forecast would you most like to measure, and how?",
         "Chapter 8 exercise set; exit ticket; reflection answers (Chapter 8)"),
    Week(10, (), (),
         "Debate: \"A system that does a month of expert work unaided arrives before 2030.\" Two teams, each "
         "arguing from the course's numbers.",
         "Debate (counts under discussion); essay drafts discussed in pairs; final essay due a week later"),
]

SIX_WEEKS = [
    Week(1, ("00", "01", "01L"), ("01",),
         TEN_WEEKS[0].discussion,
         "Chapter 1 exercise set; the lab as homework (its exercise set due in week 2); exit ticket"),
    Week(2, ("02",), ("02",), TEN_WEEKS[2].discussion,
         "Chapter 2 exercise set; exit ticket; reflection answers (Chapter 1, the lab)"),
    Week(3, ("03",), ("03",), TEN_WEEKS[3].discussion,
         "Chapter 3 exercise set (exercise 4 as homework, with the guide's scaffold); exit ticket"),
    Week(4, ("04", "05"), ("04",),
         "Optimising a stand-in and running short of inputs: which of the two limits progress sooner?",
         "Chapter 4 exercise set; Chapter 5's as homework; exit ticket; reflection answers (Chapters 2–4)"),
    Week(5, ("06", "07"), ("07",),
         "Chapter 6 says complements cap growth; Chapter 7 says research can feed itself. Can both be right?",
         "Chapter 7 exercise set; Chapter 6's as homework; exit ticket; essay question chosen"),
    Week(6, ("08",), ("08",),
         TEN_WEEKS[9].discussion + " (second half of the class)",
         "Chapter 8 exercise set; debate; reflection answers (Chapters 5–8); final essay due a week later"),
]

PLANS = {"10-week": TEN_WEEKS, "6-week": SIX_WEEKS}


def unit_name(key):
    unit = CHAPTERS[key]
    if unit.kind == "preface":
        return "Preface"
    if unit.kind == "lab":
        return "Lab · Measure a scaling law"
    return f"Chapter {int(key)} · {unit.title}"


def page_link(key):
    return f"[{unit_name(key)}]({CHAPTERS[key].stem(key)}.ipynb)"


def materials(key):
    """Links from book/syllabus.md to the unit's guide, slides and handout (site paths slides/, handouts/)."""
    if key not in graded_chapters():
        return "the chapter page only (no guide, slides or handout)"
    stem = CHAPTERS[key].stem(key)
    return (f"[guide](guides/{stem}.md) · <a href=\"../slides/{stem}.html\">slides</a> · "
            f"<a href=\"../handouts/{stem}.pdf\">handout</a>")


def exercise_set(key, in_class):
    if key not in graded_chapters():
        return "none (the [setup check](setup-check.ipynb) instead)"
    stem = CHAPTERS[key].exercises_stem(key)
    points = sum(importlib.import_module(f"scaling_course.checks.{CHAPTERS[key].slug}").POINTS.values())
    total = sum(t.minutes() for t in TRIALS[key])
    where = "started in class, finished at home" if in_class else "homework"
    return (f"[{len(TRIALS[key])} exercises](../exercises/{stem}.ipynb), {points} points, about {total} min "
            f"in the trial run; {where}")


def week_markdown(week):
    if not week.units:
        title = f"### Week {week.number} · The spare week: debate and final essay"
        body = ["- **Pre-reading:** none new; re-read the two chapters your essay draws on.",
                "- **Exercises:** none; finish any homework sets.",
                f"- **Discussion:** {week.discussion}",
                f"- **Assessed:** {week.assessed}."]
        return "\n".join([title, ""] + body)
    title = f"### Week {week.number} · " + " and ".join(unit_name(k) for k in week.units)
    body = []
    for key in week.units:
        body += [f"- **{page_link(key)}**", f"  - *Pre-reading:* {PRE_READING[key].line()}",
                 f"  - *Exercises:* {exercise_set(key, key in week.in_class)}.",
                 f"  - *Materials:* {materials(key)}."]
    body += [f"- **Discussion:** {week.discussion}", f"- **Assessed:** {week.assessed}."]
    return "\n".join([title, ""] + body)


def weights_table():
    rows = ["| component | weight | what it is |", "|---|---|---|"]
    rows += [f"| {name} | {weight} % | {what} |" for name, weight, what in WEIGHTS]
    return "\n".join(rows + [f"| **total** | **{sum(w for _, w, _ in WEIGHTS)} %** | |"])


def week_one_markdown():
    unit = graded_chapters()["01"]
    ch1, ch1_exercises = unit.stem("01"), unit.exercises_stem("01")
    points = sum(importlib.import_module("scaling_course.checks.scaling").POINTS.values())
    return "\n".join([
        "## Running week 1 from this page",
        "",
        "Week 1 is the Preface and Chapter 1. Everything it needs:",
        "",
        "1. **Before class, read** the Preface, the Primer and Chapter 1 (pre-reading above; about 45 pages), the "
        f"[Chapter 1 guide](guides/{ch1}.md) and the chapter itself, [Chapter 1 · Scaling]({ch1}.ipynb). Run "
        "the [setup check](setup-check.ipynb) where your learners will work (Binder, JupyterLite or your own "
        "Jupyter): one line per item says what is missing. Tell learners to read the same pages "
        "and [For learners](learners.md) before they come.",
        "2. **Project** the [Preface](00-preface.ipynb) for five minutes (what the book is, \"grown, not "
        "designed\"), then Chapter 1 following the guide's 60- or 90-minute plan: its <a "
        f"href=\"../slides/{ch1}.html\">slides</a> for the quotes and figures, the chapter page for the live "
        "explorers. The guide's \"Launching\" section says how long the notebooks take to open and what to "
        "switch to when a service is down (Binder → JupyterLite → the page's own sliders).",
        f"3. **Hand out** the one-page <a href=\"../handouts/{ch1}.pdf\">Chapter 1 handout</a> (question, "
        "excerpts, figures, discussion questions with space to write, exit ticket), one per learner.",
        f"4. **Assign** the [Chapter 1 exercises](../exercises/{ch1_exercises}.ipynb), {points} points: the ones "
        "the plan does in class, and the rest as homework, due before week 2, handed in as the downloaded notebook "
        "(For learners says how from each service); and the lab's pre-reading (Chapter 1's opening pages "
        "again). Collect the exit tickets at the door.",
        "5. **Grade** with the course's grader (README, \"For instructors\"): put the submitted notebooks in "
        "one folder, as downloaded, and run `make grade SUBMISSIONS=path/to/folder CHAPTER=01`. It writes "
        "`grading-runs/ch01-…/` with `grades.csv` (each exercise's points and message), `gradebook.csv` "
        "(for Canvas or Moodle import) and one feedback file per learner. With nbgrader instead, "
        "`make nbgrader` exports the masters to `nbgrader/source/ch01`; release and autograde them in your "
        "nbgrader course as usual (hand out the notebooks nbgrader releases, not the site's). The exercise "
        "points go into the 40 % for exercise sets; the exit tickets and the discussion into the 20 %.",
    ])


def syllabus_markdown():
    """The whole of book/syllabus.md."""
    keys = {k for week in TEN_WEEKS for k in week.units}
    out = [
        "# Syllabus",
        "",
        "A plan for teaching the course as a seminar: ten weeks, or six for a short course. Each week names "
        "the unit, what to read in the book beforehand, the exercise set, one discussion question and what is "
        "assessed, with links to the unit's teacher's guide (timed 60- and 90-minute plans), slides and "
        "one-page handout. The reading pages and the guides' \"Pre-reading\" sections come from one list in the "
        "course package (`scaling_course.instructor.syllabus`), and a test keeps them in step.",
        "",
        f"**The book.** {EDITION}",
        "",
        "**How the ten weeks are built.** The course has ten units: the Preface, eight chapters and the lab. The "
        "Preface is short and has no exercises, so it opens week 1 together with Chapter 1; the lab gets a week "
        "of its own straight after Chapter 1, whose scaling laws it measures; that leaves week 10 spare for a "
        "debate on the timelines chapter and the final essay. The six-week version pairs chapters, and the lab "
        "shares Chapter 1's week as homework.",
        "",
        "## Weighting",
        "",
        weights_table(),
        "",
        "The exercise points come from the grader; the reflection answers and the essay are read and marked by "
        "you (each guide has the rubric for its reflection questions).",
        "",
        "## Ten weeks",
        "",
    ]
    out += [block for week in TEN_WEEKS for block in (week_markdown(week), "")]
    out += ["## Six weeks", "",
            "The same units in six weeks: the lab shares Chapter 1's week, and chapters are paired from week 4. "
            "In a paired week one set is started in class and the other is homework. Pre-reading, exercise "
            "sets and materials are as in the ten-week plan.", "",
            "| week | units | in class | homework | discussion | assessed |", "|---|---|---|---|---|---|"]
    for week in SIX_WEEKS:
        units = ", ".join(page_link(k) for k in week.units)
        in_class = ", ".join(unit_name(k) for k in week.in_class) or "–"
        home = ", ".join(unit_name(k) for k in week.units if k not in week.in_class and k in graded_chapters()) or "–"
        out.append(f"| {week.number} | {units} | {in_class} | {home} | {week.discussion} | {week.assessed} |")
    out += ["", week_one_markdown(), ""]
    assert keys == set(CHAPTERS), "the ten weeks must cover every unit"
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is out of date")
    args = parser.parse_args(argv)
    page = ROOT / "book" / "syllabus.md"
    stale = [] if page.exists() and page.read_text(encoding="utf-8") == syllabus_markdown() else ["syllabus.md"]
    if stale and not args.check:
        page.write_text(syllabus_markdown(), encoding="utf-8")
    stale += sync_guides(check=args.check)
    verb = "out of date" if args.check else "written"
    print(f"{verb}: {', '.join(stale)}" if stale else "the syllabus and the guides are in step")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
