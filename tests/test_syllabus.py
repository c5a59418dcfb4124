"""The teachers' syllabus (book/syllabus.md): written from scaling_course.instructor.syllabus and in step with it;
every unit of the registry exactly once in each version (the lab with a week of its own right after Chapter 1 in ten
weeks, sharing Chapter 1's week in six); a spare week; weights that add to 100 %; page ranges that agree with the
reader's notes (source 002); week 1 runnable from the page alone; one trial timing per exercise."""
import collections
import importlib
import json
import re

import pytest
from excerpts import BOOK_PARTS, book_pages
from helpers import ROOT, cell_source, sources_dir

from scaling_course import CHAPTERS, graded_chapters
from scaling_course.instructor import syllabus

PAGE = ROOT / "book" / "syllabus.md"


def test_the_page_is_written_from_the_module():
    assert PAGE.read_text(encoding="utf-8") == syllabus.syllabus_markdown(), \
        "book/syllabus.md is out of date: run python -m scaling_course.instructor.syllabus"


@pytest.mark.parametrize("plan", syllabus.PLANS)
def test_every_unit_of_the_registry_exactly_once(plan):
    weeks = syllabus.PLANS[plan]
    taught = collections.Counter(key for week in weeks for key in week.units)
    assert set(taught) == set(CHAPTERS) and set(taught.values()) == {1}, \
        f"{plan}: units taught {dict(taught)}, registry {list(CHAPTERS)}"
    assert [week.number for week in weeks] == list(range(1, len(weeks) + 1))
    assert all(set(week.in_class) <= set(week.units) for week in weeks)
    assert all(set(week.in_class) <= set(graded_chapters()) for week in weeks)
    lab, first = (next(w for w in weeks if key in w.units) for key in ("01L", "01"))
    if plan == "10-week":
        assert len(weeks) == 10 and lab.units == ("01L",) and lab.number == first.number + 1, \
            "ten weeks: the lab has a week of its own, right after Chapter 1's"
        assert any(not week.units for week in weeks), "ten weeks keep a spare week (debate and final essay)"
    else:
        assert len(weeks) == 6 and lab is first, "six weeks: the lab shares Chapter 1's week"


def test_every_week_has_a_discussion_question_and_what_is_assessed():
    for plan, weeks in syllabus.PLANS.items():
        for week in weeks:
            assert "?" in week.discussion or week.discussion.startswith("Debate"), \
                f"{plan} week {week.number}: the discussion question is not a question"
            assert week.assessed.strip()
    text = PAGE.read_text(encoding="utf-8")
    for week in syllabus.TEN_WEEKS:
        assert f"### Week {week.number} · " in text
    assert text.count("- **Discussion:**") == len(syllabus.TEN_WEEKS)
    assert text.count("- **Assessed:**") == len(syllabus.TEN_WEEKS)


def test_the_weights_add_to_100_on_the_page_too():
    assert sum(weight for _, weight, _ in syllabus.WEIGHTS) == 100
    table = PAGE.read_text(encoding="utf-8").split("## Weighting", 1)[1].split("\n## ", 1)[0]
    rows = [int(w) for w in re.findall(r"^\| [^*|][^|]* \| (\d+) % \|", table, re.M)]
    assert len(rows) == len(syllabus.WEIGHTS) and sum(rows) == 100
    assert "**100 %**" in table
    names = " ".join(name.lower() for name, _, _ in syllabus.WEIGHTS)
    assert all(word in names for word in ("exercise", "discussion", "essay"))


def test_each_week_links_the_units_guide_slides_and_handout():
    text = PAGE.read_text(encoding="utf-8")
    for key, unit in graded_chapters().items():
        stem, exercises = unit.stem(key), unit.exercises_stem(key)
        for link in (f"](guides/{stem}.md)", f'href="../slides/{stem}.html"', f'href="../handouts/{stem}.pdf"',
                     f"](../exercises/{exercises}.ipynb)", f"]({stem}.ipynb)"):
            assert link in text, f"the syllabus lacks {link}"
        assert (ROOT / "book" / "guides" / f"{stem}.md").exists() and (ROOT / "exercises" / f"{exercises}.ipynb").exists()


def test_week_one_can_be_run_from_the_page_alone():
    text = PAGE.read_text(encoding="utf-8")
    week1 = text.split("## Running week 1 from this page", 1)[1]
    for step in ("read", "Project", "Hand out", "Assign", "Grade"):
        assert f"**{step}" in week1 or f"**Before class, {step}" in week1, f"week 1 does not say what to {step.lower()}"
    assert "make grade SUBMISSIONS=" in week1 and "CHAPTER=01" in week1 and "make nbgrader" in week1
    assert 'href="../slides/01-scaling.html"' in week1 and 'href="../handouts/01-scaling.pdf"' in week1
    assert "](setup-check.ipynb)" in week1 and "](learners.md)" in week1
    points = sum(importlib.import_module("scaling_course.checks.scaling").POINTS.values())
    assert f"{points} points" in week1


def test_page_ranges_agree_with_the_readers_notes():
    """Each range starts at or before the chapter's first page anchor in source 002 and ends before the next
    chapter's first anchor; chapters without anchors give no pages and say so."""
    notes = next(sources_dir().glob("002_*.txt"), None)
    if notes is None:
        pytest.skip(f"no source 002 in {sources_dir()}")
    anchors = book_pages(notes.read_text(encoding="utf-8"))
    parts = {"00": "Preface", **{f"0{n}": f"Chapter {n}" for n in range(1, 9)}}
    order = list(parts)
    for key, part in parts.items():
        reading = syllabus.PRE_READING[key]
        numbers = [int(n) for n in re.findall(r"\d+", reading.pages)]
        if part not in anchors:
            assert not reading.pages and "not in our notes" in reading.basis, f"{part}: pages without anchors"
            continue
        first, last = anchors[part]
        assert numbers and numbers[0] <= first, f"{part}: the range starts after the notes' first anchor p. {first}"
        following = next((anchors[parts[k]] for k in order[order.index(key) + 1:] if parts[k] in anchors), None)
        if len(numbers) == 2:
            assert last <= numbers[1] and (following is None or numbers[1] < following[0]), \
                f"{part}: pp. {numbers} against anchors {first}-{last}, next chapter from p. {following}"
        else:
            assert "where it ends is not in" in reading.basis, f"{part}: an open range must say why"


def test_kindle_locations_named_are_ones_the_course_places():
    """Where pages are missing the reading names Kindle locations: each is one a chapter page quotes with that
    location, or a part's opening placed in tests/excerpts.py's BOOK_PARTS."""
    pages = "".join(cell_source(c) for p in (ROOT / "book").glob("0*.ipynb")
                    for c in json.loads(p.read_text())["cells"])
    known = {int(n) for n in re.findall(r"Kindle locations? (\d+)", pages)}
    known |= {int(n) for n in re.findall(r"Kindle locations \d+–(\d+)", pages)}
    known |= {by for _, _, by, _ in BOOK_PARTS if by}
    for key in ("02", "04", "05", "06", "07", "08"):
        named = [int(n) for n in re.findall(r"\b(\d{4})\b", syllabus.PRE_READING[key].basis)]
        assert named or key == "02", f"{key}: no Kindle location named"
        assert set(named) <= known, f"{key}: {sorted(set(named) - known)} is not a location the course places"


def test_the_edition_is_named():
    text = PAGE.read_text(encoding="utf-8")
    assert "Stripe Press, 2025" in text and "The Scaling Era: An Oral History of AI, 2019–2025" in text


def test_one_trial_per_exercise_with_the_notebooks_titles():
    for key, unit in graded_chapters().items():
        cells = json.loads((ROOT / "exercises" / f"{unit.exercises_stem(key)}.ipynb").read_text())["cells"]
        headings = [m.groups() for c in cells if c["cell_type"] == "markdown"
                    for m in re.finditer(r"^## (\d+) · (.+)$", cell_source(c), re.M)]
        trials = [(str(t.number), t.title) for t in syllabus.TRIALS[key]]
        assert trials == headings, f"{key}: trial rows {trials} against the notebook's exercises {headings}"
        points = importlib.import_module(f"scaling_course.checks.{unit.slug}").POINTS
        assert len(points) == len(trials)
        assert all(t.minutes() >= 2 for t in syllabus.TRIALS[key])


def test_the_command_line_finds_nothing_to_do():
    assert syllabus.main(["--check"]) == 0
