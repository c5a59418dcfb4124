"""The course PDF (make pdf): every chapter printed with its figures and explorer snapshots, bookmarked,
nothing clipped, the licence notice included, and linked from the landing page."""
import io
import sys

import pytest
from helpers import ROOT
from pypdf import PdfReader

from scaling_course import CHAPTERS

sys.path.insert(0, str(ROOT / "tools"))
import course_pdf  # noqa: E402


@pytest.fixture(scope="module")
def course(built_book):
    code, log, html = built_book
    assert code == 0
    path, index = course_pdf.build(html)  # where the site links it: _build/html/course.pdf
    return PdfReader(io.BytesIO(path.read_bytes())), index, html


def test_every_unit_is_printed_in_order_with_a_bookmark(course):
    reader, index, html = course
    titles = [item.title for item in reader.outline]
    expected = [title for _, title in course_pdf.START] + [u.title for u in CHAPTERS.values()] + \
               [title for _, title in course_pdf.END]
    assert titles == expected
    starts = [index[title][0] for title in titles]
    assert starts == sorted(starts)
    for unit in CHAPTERS.values():
        first, count = index[unit.title]
        assert count >= (2 if unit.kind == "preface" else 4), f"{unit.title} printed on only {count} pages"
    assert len(reader.pages) == sum(count for _, count in index.values()) >= 60


def test_chapters_carry_their_figures_and_snapshots(course):
    reader, index, html = course
    for unit in CHAPTERS.values():
        if unit.kind != "chapter":
            continue
        first, count = index[unit.title]
        images = sum(len(page.images) for page in reader.pages[first:first + count])
        assert images >= 2, f"{unit.title}: {images} images in its pages"


def test_text_reads_and_carries_the_licence_notice(course):
    reader, index, html = course
    first, count = index["Scaling"]
    text = " ".join(page.extract_text() for page in reader.pages[first:first + count])
    assert "Scaling" in text and "Traceback" not in text
    every = " ".join(page.extract_text() for page in reader.pages[::7])
    assert "CC BY 4.0" in every or "CC BY 4.0" in " ".join(p.extract_text() for p in reader.pages)


def test_the_landing_page_links_the_pdf():
    assert "course.pdf" in (ROOT / "book" / "intro.md").read_text()
