"""A teacher's guide for every chapter: goals, what to project, 60- and 90-minute plans that add up, six or more
discussion questions with what a good answer touches on, misconceptions, and solutions linked in the repository;
its pre-reading, launching (with the fallback chain), exercise timings that fit the plans, and exit ticket, all in
step with scaling_course.instructor.syllabus."""
import re

import pytest
import yaml
from helpers import ROOT

from scaling_course import graded_chapters
from scaling_course.instructor import syllabus

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
CHAPTERS = [ROOT / "book" / f"{unit.stem(key)}.ipynb" for key, unit in graded_chapters().items()]


def section(text, title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"missing section '## {title}'"
    return match[1]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_a_complete_guide(chapter):
    guide = ROOT / "book" / "guides" / f"{chapter.stem}.md"
    assert guide.exists(), f"write book/guides/{chapter.stem}.md (see README, Writing a chapter)"
    text = guide.read_text()
    for title in ("Learning goals", "What to project", "Discussion questions", "Common misconceptions (from the checks)"):
        assert section(text, title).strip()
    for minutes in (60, 90):
        rows = re.findall(r"^\| (\d+) \|", section(text, f"Plan for {minutes} minutes"), re.M)
        assert sum(map(int, rows)) == minutes, f"{guide.name}: the {minutes}-minute plan adds up to {sum(map(int, rows))}"
    questions = re.findall(r"^\d+\. \*\*.+?\*\*.+?\*A good answer touches on:\*", section(text, "Discussion questions"),
                           re.M)
    assert len(questions) >= 6, f"{guide.name}: {len(questions)} discussion questions with what a good answer touches on"
    solution = f"{CONFIG['repository']['url']}/blob/main/solutions/{chapter.name}"
    assert solution in text and (ROOT / "solutions" / chapter.name).exists()
    assert "](../../solutions" not in text  # solutions stay off the site


def test_guides_are_in_the_book_and_learners_are_told_how_to_submit():
    toc = (ROOT / "_toc.yml").read_text()
    assert all(f"book/guides/{c.stem}" in toc for c in CHAPTERS)
    index = (ROOT / "book" / "guides" / "index.md").read_text()
    assert all(f"]({c.stem}.md)" in index for c in CHAPTERS), "the teachers' page lists every guide"
    learners = (ROOT / "book" / "learners.md").read_text()
    assert all(word in learners for word in ("Binder", "Colab", "Locally", "Download", "saved"))
    assert "](../learners.md)" in index


# --- Issue 25: pre-reading, launching, exercise timings in the plans, exit tickets, the syllabus ---------------
GRADED = graded_chapters()


def guide_text(key):
    return (ROOT / "book" / "guides" / f"{GRADED[key].stem(key)}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", GRADED)
def test_every_guide_names_its_pre_reading_launching_and_exit_ticket(key):
    text = guide_text(key)
    expected = syllabus.guide_sections(key)
    for title, body in expected.items():
        assert section(text, title).strip() == body.strip(), \
            f"'## {title}' differs from the syllabus module: run python -m scaling_course.instructor.syllabus"
    reading = section(text, "Pre-reading")
    assert syllabus.PRE_READING[key].chapter in reading and "Stripe Press, 2025" in reading
    launching = section(text, "Launching")
    assert "Binder → JupyterLite → the static page's live sliders" in launching
    assert all(service in launching for service in ("Binder", "Colab", "JupyterLite"))
    assert "not measured here" in launching and "measured:" in launching
    tickets = re.findall(r"^\d+\. .+\?$", section(text, "Exit ticket"), re.M)
    assert 1 <= len(tickets) <= 2, f"{key}: the exit ticket has {len(tickets)} questions"
    assert "acting as a learner" in section(text, "Exercise timings")


@pytest.mark.parametrize("key", GRADED)
@pytest.mark.parametrize("minutes", (60, 90))
def test_the_plans_exercises_fit_their_row_by_the_trial_timings(key, minutes):
    """One exercise row per plan, naming the trial minutes of what is done in class; those plus the minutes to open
    the notebook fit in the row, and every exercise is either done in class or set as homework."""
    plan = section(guide_text(key), f"Plan for {minutes} minutes")
    rows = re.findall(r"^\| (\d+) \| (Exercises? .*?) \|$", plan, re.M)
    assert len(rows) == 1, f"{key}: {len(rows)} exercise rows in the {minutes}-minute plan"
    row_minutes, activity = int(rows[0][0]), rows[0][1]
    assert activity == syllabus.exercise_row(key, minutes)
    chosen = syllabus.IN_CLASS[key][minutes]
    stated = [int(n) for n in re.search(r"trial: ([\d + ]+) min", activity)[1].split("+")]
    assert stated == [syllabus.minutes(key, n) for n in chosen]
    assert syllabus.OPEN_MINUTES + sum(stated) <= row_minutes, \
        f"{key}: {syllabus.OPEN_MINUTES} + {sum(stated)} trial minutes do not fit the {row_minutes}-minute row"
    homework = re.search(r"Homework: ([\d, and]+)\.", activity)
    rest = [int(n) for n in re.findall(r"\d+", homework[1])] if homework else []
    assert sorted(list(chosen) + rest) == [t.number for t in syllabus.TRIALS[key]]


def test_chapter_3_exercise_4_leaves_the_class_with_a_scaffold():
    """The issue's case: Chapter 3's exercise 4 did not fit its 25 minutes. It is homework in both plans, and the
    guide gives the scaffold (steps, not code)."""
    assert all(4 not in syllabus.IN_CLASS["03"][minutes] for minutes in (60, 90))
    timings = section(guide_text("03"), "Exercise timings")
    assert "does not fit in class" in timings and "scaffold" in timings
    assert "def previous_token_qk" not in timings and "return" not in timings


def test_the_syllabus_is_in_the_book_and_on_the_teachers_page():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    teachers = next(part for part in toc["parts"] if part["caption"] == "For teachers")["chapters"]
    files = [entry["file"] for entry in teachers]
    assert "book/syllabus" in files and files.index("book/syllabus") == files.index("book/guides/index") + 1
    assert "](../syllabus.md)" in (ROOT / "book" / "guides" / "index.md").read_text()
