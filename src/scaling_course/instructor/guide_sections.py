"""The sections the syllabus module keeps in every teacher's guide: "Pre-reading", "Launching", "Exercise timings",
"Exit ticket" and "Reading the tickets", and the exercise row of each plan. `sync_guides()` replaces only those, so
every other section (the plans' other rows, the discussion questions, the reflection rubrics...) stays as written."""
import re
from pathlib import Path

from scaling_course import CHAPTERS, graded_chapters
from scaling_course.instructor.reading import EDITION, PRE_READING
from scaling_course.instructor.timings import OPEN_MINUTES, exercise_row, timings_markdown

ROOT = Path(__file__).resolve().parents[3]

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
    slow = {"03": " Chapter 3's training cells are slower in the browser than on Binder: run the chapter on "
                  "Binder or a local Jupyter for the demo, and keep JupyterLite for the exercises.",
            "01L": " The lab trains small models; its training cells are slower in the browser (not measured "
                   "here): project them from Binder or a local Jupyter."}.get(key, "")
    return "\n".join([
        f"Learners open the exercise notebook from the rocket menu of its page. Budget {OPEN_MINUTES} minutes for it "
        "at the start of each plan's exercise row (the plans below include them), or have the room open it while "
        "the opening quotes are read.",
        "",
        "- **Binder**: not measured here (this machine has no network). It depends on whether Binder already "
        "holds a built image of the course: [the Binder team's note on launch times]"
        "(https://discourse.jupyter.org/t/how-to-reduce-mybinder-org-repository-startup-time/4956) says a launch "
        "that must first build the image takes much longer than one that finds it built.",
        "- **Colab**: not measured here. Its first cell installs the course package.",
        f"- **JupyterLite** (\"Run in the browser\"): measured: the notebook shows in {span('notebook shown')} s "
        f"and Python is ready {span('kernel ready')} s after the link is opened, on a first visit and after (the "
        f"kernel starts afresh each time); the course package then installs from the site in "
        f"{span('course package installed')} s. The measurement served the built site locally to headless Chromium "
        "on a shared 2-core machine, offline; numpy and matplotlib come from Pyodide's CDN on a learner's first "
        "import, which this measurement could not include.",
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
