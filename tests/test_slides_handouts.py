"""Seminar slides and handouts (make slides, make handouts; make book runs both): one reveal.js deck and one
one-page PDF per graded unit, built from the chapter's own cells and its guide, with no network and no outside
host named anywhere in them. Both are built once here, into the session's built site, in a sandbox without a
network (bubblewrap, which make test installs for the grader)."""
import html as html_lib
import io
import re
import subprocess
import sys
import time
import unicodedata

import pytest
from excerpts import blockquotes
from helpers import ROOT, cell_source, read_notebook
from pypdf import PdfReader

from scaling_course import graded_chapters
from scaling_course.instructor import sandbox

sys.path.insert(0, str(ROOT / "tools"))
import handouts  # noqa: E402
import slides  # noqa: E402

UNITS = {unit.stem(key): key for key, unit in graded_chapters().items()}
OUTSIDE_HOST = re.compile(rb"https?://(?!localhost[:/]|127\.0\.0\.1[:/])[\w.-]+", re.I)
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:", "chrome:", "chrome-extension:", "devtools:")
A4 = (595, 842)  # points


def offline(command):
    """`command` in a sandbox without a network (loopback only), when bubblewrap can make one; else as is."""
    bwrap = sandbox.bwrap_binary()
    if bwrap and subprocess.run([bwrap, "--dev-bind", "/", "/", "--unshare-net", "true"]).returncode == 0:
        return [bwrap, "--dev-bind", "/", "/", "--unshare-net", "--die-with-parent", *command], True
    return command, False


@pytest.fixture(scope="module")
def built(built_book):
    """Build every deck and handout into the built site, offline; returns (html dir, sandboxed, seconds, logs)."""
    code, log, html = built_book
    assert code == 0, "the build failed; see test_build_passes_with_warnings_as_errors"
    seconds, logs, sandboxed = {}, {}, True
    for tool in ("slides", "handouts"):
        command, sandboxed = offline([sys.executable, str(ROOT / "tools" / f"{tool}.py"), str(html)])
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        seconds[tool] = time.perf_counter() - started
        assert done.returncode == 0, f"tools/{tool}.py failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
        logs[tool] = done.stdout
    return html, sandboxed, seconds, logs


@pytest.fixture(scope="module")
def notebooks():
    return {stem: read_notebook(ROOT / "book" / f"{stem}.ipynb") for stem in UNITS}


def visible_text(page):
    """A deck's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def pdf_text(path):
    """The one page's text, with the ligatures Chromium prints (ﬁ) unfolded and line-end hyphens rejoined."""
    return flat(PdfReader(path).pages[0].extract_text())


def flat(text):
    return re.sub(r"-\s+", "-", " ".join(unicodedata.normalize("NFKC", text).split()))


def chapter_excerpts(notebook):
    """The chapter's block quotes with attribution lines, read here independently of tools/slides.py."""
    return [(quote, attribution) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
            for quote, attribution in blockquotes(cell_source(cell)) if attribution]


def words(markdown):
    """Markdown reduced to the words a reader sees (emphasis, roles and links gone)."""
    return flat(visible_text(slides.render(markdown, inline=True)))


def test_built_offline_and_quickly(built):
    html, sandboxed, seconds, logs = built
    if not sandboxed:
        pytest.skip("bubblewrap cannot make a network-less sandbox here: the builds ran with the network")
    assert seconds["slides"] < 120 and seconds["handouts"] < 120, seconds
    assert f"wrote {len(UNITS)} decks" in logs["slides"] and f"wrote {len(UNITS)} one-page handouts" in logs["handouts"]


@pytest.mark.parametrize("stem", UNITS)
def test_each_deck_has_the_question_every_excerpt_figure_and_discussion_question(built, notebooks, stem):
    html = built[0]
    page = (html / "slides" / f"{stem}.html").read_text(encoding="utf-8")
    text = flat(visible_text(page))
    notebook = notebooks[stem]
    title, question, _ = slides.opening(notebook["cells"][0])
    assert title in text and words(question) in text, f"{stem}: the opening question is not on the first slide"
    excerpts = chapter_excerpts(notebook)
    assert len(excerpts) >= 2
    for quote, attribution in excerpts:
        assert words(" ".join(quote)) in text, f"{stem}: excerpt missing or altered: {' '.join(quote)[:80]}"
        assert words(attribution.lstrip("— ")) in text, f"{stem}: attribution missing: {attribution}"
    figures = [cell["metadata"]["mystnb"]["figure"]["name"] for cell in notebook["cells"]
               if cell.get("metadata", {}).get("mystnb", {}).get("figure")]
    for name in figures:
        image = html / "slides" / stem / f"{name}.png"
        assert f'src="{stem}/{name}.png"' in page and image.read_bytes()[:4] == b"\x89PNG", f"{stem}: {name}"
    questions = slides.discussion_questions(stem)
    assert len(questions) >= 3 and all(words(q) in text for _, _, q, _ in questions)
    assert all(words(answer) in text for *_, answer in questions if answer), "the good answers go in the notes"
    count = page.count("<section")
    assert count >= 1 + len(excerpts) + len(figures) + len(questions) + 1 >= 12, f"{stem}: only {count} slides"
    assert '<aside class="notes">' in page and "{{" not in page


def test_nothing_in_the_outputs_names_an_outside_host(built):
    html = built[0]
    files = [f for folder in ("slides", "handouts") for f in (html / folder).rglob("*") if f.is_file()]
    assert len([f for f in files if f.suffix == ".pdf"]) == len(UNITS) == len(list((html / "slides").glob("*.html")))
    named = {f.relative_to(html).as_posix(): OUTSIDE_HOST.findall(f.read_bytes())[:3] for f in files}
    assert not {name: hosts for name, hosts in named.items() if hosts}
    for pdf in (html / "handouts").glob("*.pdf"):
        page = PdfReader(pdf).pages[0]
        links = [a.get_object().get("/A", {}).get("/URI") for a in page.get("/Annots", [])]
        assert not [link for link in links if link], f"{pdf.name} links outside: {links}"
        assert not OUTSIDE_HOST.findall(page.extract_text().encode()), pdf.name


def test_the_sites_links_to_slides_and_handouts_resolve(built):
    html = built[0]
    links = [(page, href) for page in (html / "book").rglob("*.html")
             for href in re.findall(r'href="([^"#?]*(?:slides/[\w-]+\.html|handouts/[\w-]+\.pdf))"', page.read_text())]
    broken = [(page.relative_to(html).as_posix(), href) for page, href in links
              if not (page.parent / href).resolve().is_file()]
    assert not broken, f"links to decks or handouts that were not built: {broken[:5]}"
    if (html / "book" / "syllabus.html").exists():  # the teachers' syllabus links every unit's deck and handout
        assert len({href.rsplit("/", 1)[-1] for _, href in links}) >= 2 * len(UNITS)


def test_decks_run_from_the_sites_own_reveal_js(built, browser):
    html = built[0]
    driver, base = browser
    for stem in ("01-scaling", "lab-scaling-law"):
        driver.get_log("performance")
        driver.get(f"{base}/slides/{stem}.html#/2")
        deadline = time.time() + 10
        while not driver.execute_script("return !!(window.Reveal && Reveal.isReady())") and time.time() < deadline:
            time.sleep(0.1)
        total = driver.execute_script("return Reveal.getTotalSlides()")
        assert total == (html / "slides" / f"{stem}.html").read_text().count("<section")
        assert driver.execute_script("return Reveal.getIndices().h") == 2
        requests = [entry["message"] for entry in driver.get_log("performance")]
        urls = set(re.findall(r'"url":"([^"]+)"', " ".join(requests)))
        assert not sorted(url for url in urls if not url.startswith(LOCAL)), f"{stem} loads from outside the site"
        assert any("/vendor/reveal.js/dist/reveal.js" in url for url in urls)


@pytest.mark.parametrize("stem", UNITS)
def test_each_handout_is_one_a4_page_with_question_excerpts_figures_and_space(built, notebooks, stem):
    pdf = PdfReader(built[0] / "handouts" / f"{stem}.pdf")
    assert len(pdf.pages) == 1, f"{stem}: {len(pdf.pages)} pages"
    page = pdf.pages[0]
    assert tuple(round(float(x)) for x in page.mediabox[2:]) == A4
    text = pdf_text(built[0] / "handouts" / f"{stem}.pdf")
    _, question, _ = slides.opening(notebooks[stem]["cells"][0])
    assert words(question)[:40] in text
    quotes = chapter_excerpts(notebooks[stem])
    if UNITS[stem].endswith("L"):  # a lab with too few excerpts of its own takes its chapter's
        quotes += chapter_excerpts(notebooks[graded_chapters()[UNITS[stem][:-1]].stem(UNITS[stem][:-1])])
    starts = {" ".join(words(" ".join(quote)).split()[:6]) for quote, _ in quotes}
    assert sum(start in text for start in starts) == 3, f"{stem}: not three of the chapter's excerpts"
    assert len(page.images) >= 2, f"{stem}: {len(page.images)} figures"
    asked = [words(q) for _, _, q, _ in slides.discussion_questions(stem)]
    assert "DISCUSS, THEN WRITE" in text and sum(q[:40] in text for q in asked) == 3


def test_each_handout_carries_its_guides_exit_ticket(built):
    """Waits on the guides' "## Exit ticket" sections (issue 25): until each guide has one, this fails."""
    missing = [stem for stem in UNITS if not slides.guide_section(stem, "Exit ticket")]
    assert not missing, f"these guides have no '## Exit ticket' section for their handout: {missing}"
    for stem in UNITS:
        text = pdf_text(built[0] / "handouts" / f"{stem}.pdf")
        ticket = words(slides.guide_section(stem, "Exit ticket"))
        assert "EXIT TICKET" in text and ticket[:30] in text, f"{stem}: the exit ticket is not on the handout"


def test_course_markdown_reads_the_same_on_a_slide():
    """Roles and links become their text (no outside host), an escaped dollar stays a dollar, maths goes to MathJax."""
    shown = slides.render("A {term}`power law <Power law>`, [the glossary](glossary.md#power-law), \\$50 and "
                          "$L = E + A/N^\\alpha$; <https://example.org>", inline=True)
    assert visible_text(shown).startswith("A power law, the glossary, $50 and")
    assert r"\(L = E + A/N^\alpha\)" in shown and "example.org" not in shown and "{term}" not in shown
    first = {"cell_type": "markdown", "source": "# 8 · Timelines\n\nWhen? Every chapter has a trend. More.\n"}
    assert slides.opening(first) == ("8 · Timelines", "When? Every chapter has a trend.", "More.")
