"""A teacher's guide for every chapter: goals, what to project, 60- and 90-minute plans that add up, six or more
discussion questions with what a good answer touches on, misconceptions, and solutions linked in the repository."""
import re

import pytest
import yaml
from helpers import ROOT

from scaling_course import graded_chapters

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
