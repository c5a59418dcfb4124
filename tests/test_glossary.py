"""The glossary: at least 60 terms in the course's own words, linked from their first use in every chapter."""
import sys

from helpers import ROOT, cell_source, read_notebook

from scaling_course import graded_chapters

sys.path.insert(0, str(ROOT / "tools"))
import link_glossary  # noqa: E402

ENTRIES = link_glossary.glossary_entries()


def test_glossary_has_at_least_sixty_terms_with_definitions():
    assert len(ENTRIES) >= 60
    text = (ROOT / "book" / "glossary.md").read_text()
    assert text.count("\n  ") >= len(ENTRIES)  # every entry has an indented definition


def test_first_uses_are_linked_in_every_chapter():
    """Re-running the linker changes nothing: every term's first use in running text is already a link."""
    stale = [c.name for c in link_glossary.chapters() if link_glossary.link_notebook(c) != c.read_text()]
    assert not stale, f"run `python tools/link_glossary.py`: {stale}"


def test_every_chapter_links_some_terms():
    for chapter in [ROOT / "book" / f"{u.stem(k)}.ipynb" for k, u in graded_chapters().items()]:
        text = "\n".join(cell_source(c) for c in read_notebook(chapter)["cells"] if c["cell_type"] == "markdown")
        assert text.count("{term}`") >= 3, chapter.name


def test_links_stay_out_of_quotations():
    for chapter in link_glossary.chapters():
        for cell in read_notebook(chapter)["cells"]:
            quoted = [line for line in cell_source(cell).splitlines() if line.startswith(">")]
            assert not any("{term}" in line for line in quoted), chapter.name
