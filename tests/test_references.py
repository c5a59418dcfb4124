"""One bibliography for the course: every citation resolves, every entry is cited, every paper is findable."""
import re

import pytest
from helpers import ROOT, cell_source, read_notebook

from scaling_course import graded_chapters

BIB = (ROOT / "references.bib").read_text()
ENTRIES = {m[2]: (m[1].lower(), m[3]) for m in re.finditer(r"@(\w+)\{([\w-]+),(.*?)\n\}", BIB, re.S)}
PAGES = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
PREFIX = re.compile(r":keyprefix: ([\w-]+)")


def page_text(path):
    if path.suffix == ".md":
        return path.read_text()
    return "\n".join(cell_source(c) for c in read_notebook(path)["cells"] if c["cell_type"] == "markdown")


def citations(text):
    return [key.strip() for group in CITE.findall(text) for key in group.split(",")]


CITED = {path.name: citations(page_text(path)) for path in PAGES}


def test_bibliography_parses():
    assert len(ENTRIES) >= 30 and BIB.count("\n@") == len(ENTRIES)


@pytest.mark.parametrize("page", [name for name, keys in CITED.items() if keys])
def test_every_citation_resolves_within_its_chapter(page):
    text = page_text(ROOT / "book" / page)
    prefixes = PREFIX.findall(text)
    assert len(prefixes) == 1, f"{page}: cite keys need one bibliography with a :keyprefix: at the end of the page"
    for key in CITED[page]:
        assert key.startswith(prefixes[0]), f"{page}: {key} does not use the page's prefix {prefixes[0]}"
        assert key[len(prefixes[0]):] in ENTRIES, f"{page}: {key} is not in references.bib"


def test_every_entry_is_cited():
    used = {key.split("-", 1)[1] for keys in CITED.values() for key in keys}
    assert set(ENTRIES) - used == set(), f"unused entries in references.bib: {sorted(set(ENTRIES) - used)}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_can_be_found(key):
    kind, body = ENTRIES[key]
    fields = set(re.findall(r"^\s*(\w+)\s*=", body, re.M))
    assert fields & {"doi", "eprint", "url", "isbn"}, f"{key}: give a DOI, an arXiv id, a URL or an ISBN"
    year = int(re.search(r"year\s*=\s*\{(\d{4})\}", body)[1])
    if kind in ("article", "inproceedings") and year >= 2000:
        assert fields & {"doi", "eprint"}, f"{key}: a paper since 2000 needs a DOI or an arXiv id"


def test_every_chapter_ends_with_its_references():
    for path in [ROOT / "book" / f"{u.stem(k)}.ipynb" for k, u in graded_chapters().items()]:
        last = cell_source(read_notebook(path)["cells"][-1])
        assert "## References" in last and "{bibliography}" in last, path.name
