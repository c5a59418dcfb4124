"""The glossary: at least 60 terms in the course's own words, linked from their first use in every chapter.

The links are plain Markdown links to the term's entry on the site (tools/plain_markdown.py writes them;
tests/test_plain_markdown.py checks the notebooks are up to date)."""
import sys

from helpers import ROOT, cell_source, read_notebook

from scaling_course import graded_chapters

sys.path.insert(0, str(ROOT / "tools"))
import plain_markdown  # noqa: E402

ENTRIES = plain_markdown.glossary_entries()


def markdown_text(chapter):
    return "\n".join(cell_source(c) for c in read_notebook(chapter)["cells"] if c["cell_type"] == "markdown")


def test_glossary_has_at_least_sixty_terms_with_definitions():
    assert len(ENTRIES) >= 60
    text = (ROOT / "book" / "glossary.md").read_text()
    assert text.count("\n  ") >= len(ENTRIES)  # every entry has an indented definition


def test_every_chapter_links_some_terms():
    for chapter in [ROOT / "book" / f"{u.stem(k)}.ipynb" for k, u in graded_chapters().items()]:
        assert len(plain_markdown.linked_terms(markdown_text(chapter))) >= 3, chapter.name


def test_every_glossary_link_names_a_term_and_each_term_is_linked_once():
    known = {canonical for canonical, _ in ENTRIES}
    for chapter in plain_markdown.chapters():
        linked = plain_markdown.linked_terms(markdown_text(chapter))
        assert set(linked) <= known, f"{chapter.name}: links to unknown glossary anchors {set(linked) - known}"
        assert len(linked) == len(set(linked)), f"{chapter.name}: a term is linked more than once"


def test_every_term_has_its_own_anchor():
    """Sphinx derives each term's id from its text; two terms with one id would link the wrong entry."""
    anchors = [plain_markdown.term_anchor(alias) for _, aliases in ENTRIES for alias in aliases]
    assert len(set(anchors)) == len(anchors)
    assert plain_markdown.term_anchor("Baumol's cost disease") == "term-Baumol-s-cost-disease"


def test_links_stay_out_of_quotations():
    for chapter in plain_markdown.chapters():
        for cell in read_notebook(chapter)["cells"]:
            quoted = [line for line in cell_source(cell).splitlines() if line.startswith(">")]
            assert not any(plain_markdown.glossary_url() in line for line in quoted), chapter.name
