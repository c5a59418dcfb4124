"""The teachers' syllabus: the weeks of a 10-week and a 6-week term, each unit's pre-reading in *The Scaling
Era*, the exercise timings of a trial run, the launch times and fallback chain, the exit tickets and the weighting.
One data source for two kinds of page: `book/syllabus.md` is written whole from `syllabus_markdown()`, and each
teacher's guide carries the sections `guide_sections(key)` returns ("Pre-reading", "Launching", "Exercise timings",
"Exit ticket", "Reading the tickets"), placed in the guide by `sync_guides()`, which replaces only those sections.
`tests/test_syllabus.py` fails when either has drifted from this module.

    python -m scaling_course.instructor.syllabus            # rewrite book/syllabus.md and the guides' sections
    python -m scaling_course.instructor.syllabus --check    # exit 1 if either is out of date

Where the page numbers come from: a reader's chapter notes (`/work/shared/sources/002…`, source 002 in the course's
README) cite the book by page for the Preface and Chapters 1-4. A chapter's range here starts at or before its first
page anchor in those notes and ends before the next chapter's first anchor (where a chapter opens is taken from
tests/excerpts.py's BOOK_PARTS, which places the openings by Kindle location), so it is approximate. For Chapters 5-8
the notes give no pages; the course places the passages it quotes from those chapters by Kindle location (source 001),
and this module says so rather than guessing pages.
"""
import argparse
import importlib
import math
import re
import sys
from pathlib import Path
from typing import NamedTuple

from scaling_course import CHAPTERS, graded_chapters

ROOT = Path(__file__).resolve().parents[3]

EDITION = ("*The Scaling Era: An Oral History of AI, 2019–2025*, Dwarkesh Patel with Gavin Leech (Stripe Press, "
           "2025). Page numbers are approximate: they come from one reader's chapter notes, which cite the Stripe "
           "Press edition by page but do not say which printing, and cover only the Preface and Chapters 1–4. For "
           "Chapters 5–8 we give the Kindle locations (Kindle edition, ASIN B0F22SKW5Y) of the passages the course "
           "quotes, which say where in the book to look, not how long the chapter is.")


class Reading(NamedTuple):
    """What to read before class: the chapter, an approximate page range ("" when our notes have none), and how we
    know."""
    chapter: str
    pages: str
    basis: str

    def line(self):
        where = f", {self.pages}" if self.pages else ""
        return f"{self.chapter}{where}. {self.basis}"


PRE_READING = {
    "00": Reading("The Preface and the short Primer after it", "about pp. 1–14",
                  "Our notes cite the Preface at pp. 1 and 6; Chapter 1's first citation is p. 15."),
    "01": Reading('Chapter 1, "Scaling"', "about pp. 14–46",
                  "It opens less than a page before the passage our notes cite at p. 15, and they cite it up to "
                  "p. 40; Chapter 2's first citation is p. 47."),
    "01L": Reading("No new chapter: Chapter 1's opening pages again, on compute growth and the scaling-law figure",
                   "about pp. 14–18",
                   "Our notes cite the compute-growth passage at p. 15 and Kaplan on predictable trends over many "
                   "orders of magnitude at p. 18; the book's Figure 2 (a scaling law) lies between them."),
    "02": Reading('Chapter 2, "Evals"', "about pp. 47–67",
                  "Our notes cite it from p. 47 to p. 66; Chapter 3 opens about p. 68 (its first paragraph is a "
                  "highlight at Kindle location 1030, which the notes' pages put there)."),
    "03": Reading('Chapter 3, "Internals"', "about pp. 68–88",
                  "Our notes cite it from p. 71 to p. 88; Chapter 4's first citation is p. 91."),
    "04": Reading('Chapter 4, "Safety"', "from about p. 89",
                  "Our notes cite only its first pages (p. 91), so where it ends is not in them; two passages the "
                  "course quotes from it are at Kindle locations 1582–1584, and Chapter 5 opens at location 1767."),
    "05": Reading('Chapter 5, "Inputs"', "",
                  "Page numbers are not in our notes; it opens at Kindle location 1767, and the passages the "
                  "course quotes from it run to location 1975."),
    "06": Reading('Chapter 6, "Impact"', "",
                  "Page numbers are not in our notes; it opens at Kindle location 2063, and the passages the "
                  "course quotes from it run to location 2427."),
    "07": Reading('Chapter 7, "Explosion"', "",
                  "Page numbers are not in our notes, and our sources do not fix where it begins: it follows "
                  "Chapter 6, and the passage at Kindle location 2830 that the chapter page quotes is on its "
                  "subject."),
    "08": Reading('Chapter 8, "Timelines"', "",
                  "Page numbers are not in our notes; the passages the course quotes from it are at Kindle "
                  "locations 2949–2960, and the essays the book reprints after its chapters follow by location "
                  "3107."),
}

# --- Exercise timings from a trial run -------------------------------------------------------------------------
# A helper (an AI assistant, not a person) acted as a learner: it read each exercise in exercises/, wrote its own
# answer without the masters, and ran the course's check, keeping every attempt the check rejected. What it
# measured: the words of the exercise's text, the lines of its accepted answer, the attempts rejected, and the
# extra "use it" cells that follow the check. Minutes are converted from those by the rule in `minutes()`, for a
# pair who know basic numpy; the checks ran in under 0.1 s each, so machine time is not a factor.


class Trial(NamedTuple):
    number: int
    title: str
    words: int      # the exercise's text
    lines: int      # code lines of the accepted answer (comments and the def line not counted)
    rejected: int   # attempts the check turned down before it passed
    follow_up: int  # cells after the check that use the answer

    def minutes(self):
        """Reading at 100 words a minute, 1.5 minutes per line written, 4 per rejected attempt (read the check's
        sentence, rethink, rewrite), 1 to run the check and 1 per follow-up cell; rounded up."""
        return math.ceil(self.words / 100 + 1.5 * self.lines + 4 * self.rejected + 1 + self.follow_up)


TRIALS = {
    "01": [Trial(1, "A piecewise-linear fit", 103, 12, 0, 0), Trial(2, "Recover a power-law exponent", 55, 2, 0, 0),
           Trial(3, "The compute-optimal split", 85, 3, 0, 0),
           Trial(4, "What doubling time does a growth factor imply?", 73, 3, 1, 0),
           Trial(5, "Shulman's survival odds", 87, 1, 0, 0)],
    "01L": [Trial(1, "Fit α when E is known", 77, 3, 0, 0), Trial(2, "Pick E by scanning a grid", 129, 11, 0, 0),
            Trial(3, "Predict the next model, then score the prediction", 75, 2, 0, 0),
            Trial(4, "The compute-optimal size from an isoFLOP curve", 101, 4, 0, 0)],
    "02": [Trial(1, "Task success from per-step reliability", 30, 1, 0, 0),
           Trial(2, "The reliability a target needs", 25, 1, 0, 0), Trial(3, "The pass@k estimator", 124, 5, 1, 0),
           Trial(4, "Fit an agent's time horizon", 98, 8, 0, 0)],
    "03": [Trial(1, "The toy model's forward pass", 74, 1, 0, 0), Trial(2, "The toy model's loss", 41, 1, 0, 1),
           Trial(3, "Feature dimensionality", 65, 6, 1, 0),
           Trial(4, "A previous-token head from positional embeddings", 141, 3, 2, 0),
           Trial(5, "The induction score of an attention pattern", 107, 6, 0, 1)],
    "04": [Trial(1, "How far does best-of-n move?", 39, 1, 0, 0), Trial(2, "The expected best of n", 109, 4, 0, 0),
           Trial(3, "Fit the paper's best-of-n form", 74, 4, 0, 0), Trial(4, "When to stop", 108, 9, 0, 1),
           Trial(5, "One step of value iteration", 100, 2, 0, 0)],
    "05": [Trial(1, "A cluster's power", 28, 1, 0, 1), Trial(2, "Orders of magnitude per year", 34, 1, 0, 0),
           Trial(3, "Effective compute", 45, 1, 0, 0), Trial(4, "When two exponentials cross", 73, 5, 0, 0),
           Trial(5, "What repeated data is worth", 88, 2, 0, 0)],
    "06": [Trial(1, "The CES aggregate", 24, 1, 0, 0), Trial(2, "The output multiple", 127, 7, 0, 0),
           Trial(3, "Who earns the income", 69, 4, 0, 0), Trial(4, "How much must be automated?", 38, 2, 1, 0)],
    "07": [Trial(1, '"Five times faster with ten times the compute"', 69, 1, 0, 1), Trial(2, "Which regime?", 18, 5, 0, 0),
           Trial(3, "The sequence of doubling times", 47, 1, 0, 0), Trial(4, "Time to infinity", 33, 3, 0, 0),
           Trial(5, "The compute ceiling", 54, 4, 0, 0)],
    "08": [Trial(1, "How many doublings?", 37, 1, 0, 0), Trial(2, "From doublings to a date", 25, 1, 0, 1),
           Trial(3, "A probability from a Monte Carlo sample", 36, 1, 0, 0),
           Trial(4, "A requirement spread over orders of magnitude", 64, 2, 0, 0)],
}

OPEN_MINUTES = 3  # each plan's exercise row starts with this much for opening the notebook (see "Launching")


def minutes(key, number):
    """Trial minutes of exercise `number` of unit `key`."""
    return next(t.minutes() for t in TRIALS[key] if t.number == number)


# Which exercises each plan does in class; the rest are homework. Each in-class set, plus OPEN_MINUTES, fits the
# plan's exercise row (tests/test_guides.py checks the rows against these and the trial minutes).
IN_CLASS = {
    "01": {60: (2, 3), 90: (2, 3, 5)},
    "01L": {60: (1, 3), 90: (1, 3, 4)},
    "02": {60: (1, 2), 90: (1, 4)},
    "03": {60: (1, 2), 90: (1, 2, 5)},
    "04": {60: (5,), 90: (1, 2, 3)},
    "05": {60: (2, 3), 90: (1, 2, 3, 5)},
    "06": {60: (1,), 90: (1, 2)},
    "07": {60: (1,), 90: (1, 3, 4, 5)},
    "08": {60: (1, 3), 90: (1, 2, 3, 4)},
}


def numbers(items):
    """1 → "1"; (1, 2) → "1 and 2"; (1, 2, 3) → "1, 2 and 3"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def exercise_row(key, plan):
    """The activity text of a plan's exercise row: the in-class set with its trial minutes, and the homework."""
    chosen = IN_CLASS[key][plan]
    rest = [t.number for t in TRIALS[key] if t.number not in chosen]
    word = "Exercise" if len(chosen) == 1 else "Exercises"
    trial = " + ".join(str(minutes(key, n)) for n in chosen)
    text = f"{word} {numbers(chosen)} in pairs (open the notebook: {OPEN_MINUTES} min; trial: {trial} min)."
    return text + (f" Homework: {numbers(rest)}." if rest else " No homework.")


# --- Launching -----------------------------------------------------------------------------------------------
# Measured on 2026-12-06 the way tools/bench.py's lite_figures measures its REPL (site_browser.served_in_chromium on a
# copy of the built site, offline), but opening lite/notebooks/index.html?path=<notebook> and timing until the cells
# show and the kernel indicator reads idle; then piplite.install('scaling-course', deps=False) and an import.
LITE_MEASURED = {  # seconds, [lowest, highest] over the runs: two notebooks, each opened on a first visit and again
    "notebook shown": (3.4, 4.6), "kernel ready": (16.2, 19.6), "course package installed": (11.9, 15.8)}


def span(name):
    low, high = LITE_MEASURED[name]
    return f"{low:.0f}–{high:.0f}"


def launching_markdown(key):
    unit = CHAPTERS[key]
    slow = {"03": " Chapter 3's training cells are slower in the browser than on Binder: run the chapter on "
                  "Binder or a local Jupyter for the demo, and keep JupyterLite for the exercises.",
            "01L": " The lab trains small models; its training cells are slower in the browser (not measured "
                   "here): project them from Binder or a local Jupyter."}.get(key, "")
    return "\n".join([
        f"Learners open the exercise notebook from the rocket menu of its page. Budget {OPEN_MINUTES} minutes for it "
        "at the start of each plan's exercise row (the plans below include them), or have the room open it while "
        "the opening quotes are read.",
        "",
        "| service | time to a running notebook | measured? |",
        "|---|---|---|",
        "| Binder | depends on whether Binder already holds a built image of the course; [the Binder team's "
        "note on launch times](https://discourse.jupyter.org/t/how-to-reduce-mybinder-org-repository-startup-time/4956) "
        "says a launch that must first build the image takes much longer than one that finds it built | not measured "
        "here (this machine has no network) |",
        "| Colab | its first cell installs the course package | not measured here |",
        f"| JupyterLite (\"Run in the browser\") | notebook shown in {span('notebook shown')} s and Python ready "
        f"{span('kernel ready')} s after the link is opened, on a first visit and after (the kernel starts afresh "
        f"each time); the course package then installs from the site in {span('course package installed')} s "
        "| measured: the built site served locally, headless Chromium on a shared 2-core machine, offline; numpy "
        "and matplotlib come from Pyodide's CDN on a learner's first import, "
        "which this measurement could not include |",
        "",
        "**Fallback chain: Binder → JupyterLite → the static page's live sliders.** If Binder does not start "
        "within about five minutes, switch the room to \"Run in the browser\" (JupyterLite); if that cannot load "
        "numpy (a network that blocks Pyodide's CDN says so in one sentence), project the chapter's page on the "
        f"course site, whose sliders work without Python, and set the exercises as homework.{slow}",
        "",
        "Binder's service rules matter for a class: mybinder.org stops a session after about 10 minutes without "
        "activity, and allows at most 100 simultaneous sessions of one repository ([its usage guidelines]"
        "(https://mybinder.readthedocs.io/en/latest/about/user-guidelines.html)), so a "
        "larger group, or one that pauses for a long discussion, should download its notebooks before the pause.",
    ])


# --- Exit tickets --------------------------------------------------------------------------------------------
EXIT_TICKETS = {
    "01": ["A quantity grew 1,000-fold in five years. About how many months did each doubling take? Show the "
           "one line of arithmetic.",
           "In one sentence: why can the loss be predictable when the skills are not?"],
    "01L": ["The lab's prediction missed by about 0.25 % on L and about 5 % on L − E. In one sentence: which "
            "would you report, and why?",
            "What is one thing a tiny character model on a small corpus cannot tell us about frontier models?"],
    "02": ["Each step of an agent's task succeeds 95 % of the time. Roughly what share of 20-step tasks does it "
           "finish?",
           "In one sentence: how can a smooth metric and a sudden, \"emergent\" skill both be true?"],
    "03": ["Five sparse features share two dimensions. What changes when the features are no longer sparse, "
           "and why?",
           "An induction head needs a second head to work. What does that other head attend to?"],
    "04": ["Best-of-100 sampling: about how far (KL, in nats) is it from plain sampling?",
           "In one sentence: why can choosing harder on a proxy make the real result worse?"],
    "05": ["100,000 chips drawing 1,400 W each at the wall: how many megawatts is the cluster?",
           "Which input do you expect to run short first (chips, power or data), and what would change your "
           "mind?"],
    "06": ["Automate 90 % of tasks with σ = 0.5, the displaced workers moving to the rest: how many times "
           "does output grow?",
           "In one sentence: why do the last tasks people still do matter so much when tasks are complements?"],
    "07": ["Ten times the compute made research five times faster. What elasticity is that?",
           "With returns to research r = 0.8, is the loop slowing, exponential or accelerating?"],
    "08": ["A 1-hour horizon doubles every 7 months. About how many years until a 160-hour (work-month) "
           "horizon?",
           "Which single assumption behind that projection do you trust least?"],
}

TICKET_NOTES = {
    "01": "1,000 ≈ 2¹⁰, so ten doublings in 60 months: about 6 months each. The second should mention averaging "
          "over many tokens (a smooth loss) against thresholds on particular tasks.",
    "01L": "L − E, since most of L is E and no model size removes it; the second can be any of the lab's "
           "limits (one seed, a small repeated corpus, character tokens, two layers, a 2× extrapolation).",
    "02": "0.95²⁰ ≈ 0.36, about a third. The second: a per-token metric improves smoothly while a task that "
          "needs every step right crosses a threshold.",
    "03": "Dense features interfere every time they co-occur, so the model keeps the two most important and "
          "drops the rest. The other head is a previous-token head: it writes which token came before into the stream, "
          "where the induction head's keys read it.",
    "04": "ln 100 − 99/100 ≈ 3.6 nats. The second: past a point, the chosen samples are those where the "
          "proxy's error is largest, not the real score.",
    "05": "100,000 × 1,400 W = 140 MW. Any input is a fair answer if the number named would really move it.",
    "06": "100 times (0.1 of the tasks, each with ten workers: (1 − f)^(−2) at ρ = −1). The second: output is "
          "held back by the scarcest input, so unautomated tasks become the bottleneck.",
    "07": "log 5 / log 10 ≈ 0.70. r < 1 is slowing: each doubling takes longer than the one before.",
    "08": "log₂ 160 ≈ 7.3 doublings × 7 months ≈ 51 months, about 4.3 years. Good second answers name the "
          "doubling time holding, the benchmark's tasks standing for real work, or the 50 % horizon being the "
          "one that matters.",
}


def trial_table(key):
    rows = ["| exercise | minutes | lines written | attempts rejected |", "|---|---|---|---|"]
    rows += [f"| {t.number} · {t.title} | {t.minutes()} | {t.lines} | {t.rejected} |" for t in TRIALS[key]]
    total = sum(t.minutes() for t in TRIALS[key])
    return "\n".join(rows + [f"| all | {total} | | |"])


SCAFFOLD_03 = (
    "**Chapter 3, exercise 4 does not fit in class** (the trial took two rejected attempts and 15 minutes "
    "on top of the rest; in the 90-minute plan all five came to 51 minutes against 25). Set it as homework "
    "with this scaffold, which leads to the idea without giving the code: (a) print `P @ P.T` and check that "
    "`P.T` turns each positional embedding into a one-hot vector; (b) decide which one-hot vector position "
    "*s* must show as its key so that the query of position *t* matches it exactly when *s* = *t* − 1, and "
    "build it with a shifted identity (`np.eye(T, k=...)`: try both signs on five positions and print the "
    "attention); (c) the scores are 0 or one number *c*, so a softmax over up to 40 positions puts at least "
    "95 % on the right one only when *c*/√*e* is at least ln(0.95 × 39 / 0.05) ≈ 6.6: scale the query.")


def timings_markdown(key):
    extra = "\n\n" + SCAFFOLD_03 if key == "03" else ""
    return "\n".join([
        "Minutes per exercise from a trial run by a helper (an AI assistant acting as a learner, not a person "
        "timed with a stopwatch): it read each exercise, wrote its own answer without the solutions and ran "
        "the check, keeping every attempt the check rejected. The minutes are converted from what it measured by "
        "a stated rule: reading at 100 words a minute, 1.5 minutes per line of code, 4 per rejected attempt, "
        "1 to run the check and 1 per cell that uses the answer afterwards. Read them as a pair who know "
        "basic numpy; a group new to numpy needs about half as long again. The plans do the exercises that fit "
        "in class and set the rest as homework.",
        "",
        trial_table(key)]) + extra


def pre_reading_markdown(key):
    keys = [key]
    return "\n".join([f"- {PRE_READING[k].line()}" for k in keys] + ["", f"Edition: {EDITION}",
                     "The [syllabus](../syllabus.md) lists every week's reading."])


def guide_sections(key):
    """{section title: markdown body} that the guide of unit `key` must carry, in the order they appear."""
    tickets = "\n".join(f"{i}. {q}" for i, q in enumerate(EXIT_TICKETS[key], 1))
    return {"Pre-reading": pre_reading_markdown(key),
            "Launching": launching_markdown(key),
            "Exercise timings": timings_markdown(key),
            "Exit ticket": tickets,
            "Reading the tickets": "The exit ticket takes the last two minutes, on paper or in the chat, "
                                   "unsigned if you like; read the tickets before the next class. What a good "
                                   "answer says: " + TICKET_NOTES[key]}


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
    stem = CHAPTERS[key].stem(key)
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
        body.append(f"- **{page_link(key)}.** Pre-reading: {PRE_READING[key].line()} Exercises: "
                    f"{exercise_set(key, key in week.in_class)}. Materials: {materials(key)}.")
    body += [f"- **Discussion:** {week.discussion}", f"- **Assessed:** {week.assessed}."]
    return "\n".join([title, ""] + body)


def weights_table():
    rows = ["| component | weight | what it is |", "|---|---|---|"]
    rows += [f"| {name} | {weight} % | {what} |" for name, weight, what in WEIGHTS]
    return "\n".join(rows + [f"| **total** | **{sum(w for _, w, _ in WEIGHTS)} %** | |"])


def week_one_markdown():
    ch1 = graded_chapters()["01"].stem("01")
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
        f"4. **Assign** the [Chapter 1 exercises](../exercises/{ch1}.ipynb), {points} points: the ones the plan "
        "does in class, and the rest as homework, due before week 2, handed in as the downloaded notebook "
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


# --- Writing the pages -------------------------------------------------------------------------------------------
GUIDE_ANCHORS = {"Pre-reading": "## Learning goals", "Launching": "## Learning goals",
                 "Exercise timings": "## Learning goals", "Exit ticket": "## Common misconceptions",
                 "Reading the tickets": "## Common misconceptions"}


def guide_path(key):
    return ROOT / "book" / "guides" / f"{CHAPTERS[key].stem(key)}.md"


def synced_plans(text, key):
    """The guide's text with the exercise row of each plan set to `exercise_row` (its minutes kept)."""
    for plan in (60, 90):
        start = text.index(f"## Plan for {plan} minutes")
        end = text.index("\n## ", start + 1)
        rows = list(re.finditer(r"^\| (\d+) \| ((?:All .*?exercises|Exercises? \d).*?) \|$", text[start:end], re.M))
        if len(rows) != 1:
            raise SystemExit(f"{guide_path(key).name}: the {plan}-minute plan needs exactly one exercise row, "
                             f"found {len(rows)}.")
        row = rows[0]
        text = text[:start + row.start(2)] + exercise_row(key, plan) + text[start + row.end(2):]
    return text


def synced_guide(text, key):
    """The guide's text with this module's sections replaced, or inserted before their anchor if missing; every
    other section (the plans, the discussion questions, C2's reflection rubrics...) is left as it is."""
    for title, body in guide_sections(key).items():
        block = f"## {title}\n\n{body}\n\n"
        pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: block, text, count=1)
        else:
            anchor = text.index(GUIDE_ANCHORS[title])
            text = text[:anchor] + block + text[anchor:]
    return synced_plans(text, key)


def sync_guides(check=False):
    """Bring every guide's sections in step with this module; return the guides that were (or would be) changed."""
    changed = []
    for key in graded_chapters():
        path = guide_path(key)
        text = path.read_text(encoding="utf-8")
        new = synced_guide(text, key)
        if new != text:
            changed.append(path.name)
            if not check:
                path.write_text(new, encoding="utf-8")
    return changed


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
