"""One bibliography for the course: every citation resolves, every entry is cited, every paper is findable.

Citations in the notebooks are plain Markdown links with author-year text, and each chapter ends with a generated
reference list (tools/plain_markdown.py, from references.bib)."""
import re
import sys

import pytest
from helpers import ROOT, cell_source, read_notebook

from scaling_course import graded_chapters

sys.path.insert(0, str(ROOT / "tools"))
import plain_markdown  # noqa: E402

BIB = (ROOT / "references.bib").read_text()
ENTRIES = {m[2]: (m[1].lower(), m[3]) for m in re.finditer(r"@(\w+)\{([\w-]+),(.*?)\n\}", BIB, re.S)}
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
# A link whose text reads like a citation: "Kaplan et al. (2020)" or "Kaplan et al., 2020"
AUTHOR_YEAR = re.compile(r"^[A-Z][^\[\]]*(?: \(\d{4}[a-z]?\)|, \d{4}[a-z]?)$")


def markdown_cells(path):
    return [cell_source(c) for c in read_notebook(path)["cells"] if c["cell_type"] == "markdown"]


CITED = {path.name: plain_markdown.cited_keys(markdown_cells(path)) for path in NOTEBOOKS}


def test_bibliography_parses():
    assert len(ENTRIES) >= 30 and BIB.count("\n@") == len(ENTRIES)
    assert set(plain_markdown.bibliography()) == set(ENTRIES)


@pytest.mark.parametrize("page", [name for name, keys in CITED.items() if keys])
def test_every_citation_link_resolves_to_an_entry(page):
    """Each author-year link goes to its entry's DOI, arXiv or URL address, with the text that entry gives."""
    for source in markdown_cells(ROOT / "book" / page):
        for text, url in plain_markdown.LINK.findall(plain_markdown.without_reference_list(source)):
            if not AUTHOR_YEAR.match(text):
                continue
            key = plain_markdown.entry_by_url(url)
            assert key, f"{page}: [{text}]({url}) links no entry of references.bib"
            assert text in (plain_markdown.citation_text(key, False), plain_markdown.citation_text(key, True)), \
                f"{page}: [{text}] should read {plain_markdown.citation_text(key, False)!r} (references.bib: {key})"


def test_every_entry_is_cited():
    used = {key for keys in CITED.values() for key in keys}
    assert set(ENTRIES) - used == set(), f"unused entries in references.bib: {sorted(set(ENTRIES) - used)}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_can_be_found(key):
    kind, body = ENTRIES[key]
    fields = set(re.findall(r"^\s*(\w+)\s*=", body, re.M))
    assert fields & {"doi", "eprint", "url"}, f"{key}: give a DOI, an arXiv id or a URL (the notebooks link it)"
    year = int(re.search(r"year\s*=\s*\{(\d{4})\}", body)[1])
    if kind in ("article", "inproceedings") and year >= 2000:
        assert fields & {"doi", "eprint"}, f"{key}: a paper since 2000 needs a DOI or an arXiv id"


def test_every_chapter_ends_with_its_references():
    for path in [ROOT / "book" / f"{u.stem(k)}.ipynb" for k, u in graded_chapters().items()]:
        last = cell_source(read_notebook(path)["cells"][-1])
        assert "## References" in last and "{bibliography}" not in last, path.name
        listed = last.split("## References", 1)[1]
        assert listed.rstrip().endswith(plain_markdown.reference_list(CITED[path.name])), path.name
        assert len(re.findall(r"^- ", listed, re.M)) == len(CITED[path.name]) >= 1, path.name


def test_a_reference_entry_reads_author_year_title_venue_link():
    kaplan = plain_markdown.bibliography()["kaplan2020scaling"]["text"]
    assert kaplan.startswith("Jared Kaplan, Sam McCandlish,") and "Dario Amodei (2020). " in kaplan
    assert "[Scaling Laws for Neural Language Models](https://arxiv.org/abs/2001.08361). *arXiv preprint*." in kaplan
    roldan = plain_markdown.bibliography()["sevilla2024growth"]["text"]
    assert roldan.startswith("Jaime Sevilla and Edu Roldán (2024).")  # LaTeX accents decoded
    nasa = plain_markdown.bibliography()["spacepolicy2024nasa"]["text"]
    assert "\\$24.875 billion" in nasa  # dollars escaped, or MyST reads maths
