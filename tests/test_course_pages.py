"""The chapters read like a course (issue 23): numbered, captioned figures with a source line, a Key takeaways
box closing each chapter, clean outputs (one block per cell's printed text, nothing scrolling sideways at
1,280 px on screen or in print, the install and import cells off the page), each citation shown once, titles
with their capitals, and exercise pages that say how to start and hide the checks' "not attempted yet"."""
import html as html_lib
import re

import pytest
from helpers import ROOT, cell_source, read_notebook

from scaling_course.instructor import exercises

CHAPTER_PATHS = sorted((ROOT / "book").glob("0[0-8]-*.ipynb"))
EXERCISE_PATHS = sorted((ROOT / "exercises").glob("0[1-8]-*.ipynb"))
FIGURE_NAME = re.compile(r"^fig-(\d\d)-[a-z0-9]+(-[a-z0-9]+)*$")
# plain Markdown (tools/plain_markdown.py): a bold "Key takeaways" and its list; _ext/plain_links.py draws the box
TAKEAWAYS = re.compile(r"^\*\*Key takeaways\*\*\n\n((?:- .*(?:\n|$))+)", re.M)
DEMO = re.compile(r"^## Demo\b", re.M)
WIDTH = 1280


def ids(path):
    return path.stem


def figure_cells(notebook):
    """The code cells that draw a figure or an explorer: they carry alt text (tests/test_book.py requires it)."""
    return [cell for cell in notebook["cells"]
            if cell["cell_type"] == "code" and "image" in cell.get("metadata", {}).get("mystnb", {})]


def demo_count(notebook):
    return sum(len(DEMO.findall(cell_source(c))) for c in notebook["cells"] if c["cell_type"] == "markdown")


def takeaway_lines(notebook):
    boxes = [m.group(1) for c in notebook["cells"] if c["cell_type"] == "markdown"
             for m in TAKEAWAYS.finditer(cell_source(c))]
    assert len(boxes) == 1, f"one Key takeaways box per chapter, found {len(boxes)}"
    return [line for line in boxes[0].splitlines() if line.startswith("- ")]


# ---- the notebooks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_every_figure_cell_has_a_caption_a_source_line_and_a_name(path):
    cells = figure_cells(read_notebook(path))
    assert cells, f"{path.name}: no figure cells found"
    names = []
    for cell in cells:
        options = cell["metadata"]["mystnb"]
        assert options["image"].get("alt"), f"{path.name}: a figure lost its alt text"
        figure = options.get("figure", {})
        caption, name = figure.get("caption", ""), figure.get("name", "")
        match = FIGURE_NAME.match(name)
        assert match and match.group(1) == path.name[:2], f"{path.name}: figure name {name!r} is not fig-NN-slug"
        finding, _, source = caption.partition("\n\n")
        assert len(finding.split()) >= 8, f"{name}: the caption should state what the figure shows"
        assert source.startswith("Source: ") and "\n" not in source.strip(), f"{name}: no one-line source line"
        assert not re.search(r"[\"“”]", caption), f"{name}: captions are in the course's words, without quotes"
        assert not re.search(r"(?<!\\)\$", caption), f"{name}: escape dollar amounts in captions (\\$)"
        assert not re.search(r"(?<!`)\b\w+\.py\b(?!`)", caption), f"{name}: put module names in backticks (x.py links)"
        names.append(name)
    assert len(set(names)) == len(names), f"{path.name}: figure names repeat"


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_a_key_takeaways_box_closes_the_chapter_with_a_line_per_demo(path):
    notebook = read_notebook(path)
    lines = takeaway_lines(notebook)
    assert len(lines) >= max(1, demo_count(notebook)), f"{path.name}: {len(lines)} takeaways"
    for n in range(1, demo_count(notebook) + 1):
        if demo_count(notebook) > 1:
            assert any(line.startswith(f"- **Demo {n}.**") for line in lines), f"{path.name}: Demo {n} has no line"
    text = "\n".join(cell_source(c) for c in notebook["cells"] if c["cell_type"] == "markdown")
    box = text.index("Key takeaways")
    close = "## How to read this course" if path.name.startswith("00") else "## Exercises"
    assert box < text.index(close) < text.index("## References"), f"{path.name}: the box must close the chapter"
    last_demo = [m.start() for m in DEMO.finditer(text)]
    assert not last_demo or last_demo[-1] < box


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_install_and_import_cells_stay_in_the_notebook_but_off_the_page(path):
    code = [c for c in read_notebook(path)["cells"] if c["cell_type"] == "code"]
    install, imports = code[0], code[1]
    assert "pip" in cell_source(install) and "remove-cell" in install["metadata"].get("tags", [])
    assert cell_source(imports).lstrip().startswith(("import ", "from "))
    assert {"hide-input", "remove-input"} & set(imports["metadata"].get("tags", []))
    assert imports["metadata"].get("mystnb", {}).get("code_prompt_show") == "Show the imports"


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_code_lines_are_short_enough_to_read_without_scrolling(path):
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] == "code" and "remove-cell" not in cell["metadata"].get("tags", []):
            long = [line for line in cell_source(cell).splitlines() if len(line) > 100]
            assert not long, f"{path.name}: wrap these lines (at most 100 characters): {long}"


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=ids)
def test_exercise_copies_start_with_the_note_and_hide_check_outputs(path):
    cells = read_notebook(path)["cells"]
    assert cells[1]["cell_type"] == "markdown" and cell_source(cells[1]) == exercises.START_NOTE
    for words in ("Binder", "Colab", "Run in the browser", "locally", "../book/running.md", "../book/learners.md"):
        assert words in exercises.START_NOTE
    checks = [c for c in cells if c["cell_type"] == "code" and exercises.CHECK_CALL.search(cell_source(c))]
    assert checks and all("remove-output" in c["metadata"].get("tags", []) for c in checks)
    # the grader and nbgrader find check cells by their source, which the tags leave alone
    assert all("check." in cell_source(c) for c in checks)


def test_the_generator_tags_only_what_it_should():
    assert exercises.site_tags("check.fit(fit)\n", "code") == ["remove-output"]
    assert exercises.site_tags("if check.fit(fit):\n    print(1)\n", "code") == ["remove-output"]
    assert exercises.site_tags("x = mycheck.fit(1)\n", "code") == []
    assert exercises.site_tags("import numpy as np\n", "code") == ["hide-input"]
    assert exercises.site_tags("def f(x):\n    import math\n", "code") == []
    assert exercises.site_tags(exercises.INSTALL_CELL + "\nimport sys\n", "code") == ["remove-cell"]
    assert exercises.site_tags("check.fit(fit)\n", "markdown") == []
    assert exercises.with_tags({"tags": ["a"]}, ["a", "b"]) == {"tags": ["a", "b"]}
    assert exercises.with_tags({}, ["hide-input"])["mystnb"]["code_prompt_show"] == "Show the imports"


# ---- the built pages --------------------------------------------------------------------------------------

def page_html(built_book, relative):
    code, log, html = built_book
    assert code == 0, "the build failed; see test_build_passes_with_warnings_as_errors"
    return (html / relative).read_text()


def visible_text(markup):
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)))


def article(markup):
    start = markup.find("<article")
    return markup[start:markup.find("</article>", start)] if start >= 0 else markup


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_built_figures_are_numbered_and_captioned(built_book, path):
    markup = article(page_html(built_book, f"book/{path.stem}.html"))
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", markup, re.S)
    expected = len(figure_cells(read_notebook(path)))
    numbered = [c for c in captions if re.search(r"Figure \d+", visible_text(c))]
    assert len(numbered) == expected, f"{path.name}: {len(numbered)} numbered captions for {expected} figures"
    chapter = int(path.stem[:2])  # numbered within the chapter: Figure 1.1, 1.2, ... (_ext/course_site.py)
    shown = [re.search(r"Figure (\d+)\.(\d+)", visible_text(c)) for c in numbered]
    assert [(int(m[1]), int(m[2])) for m in shown if m] == [(chapter, i) for i in range(1, expected + 1)]
    assert all("Source:" in visible_text(c) for c in numbered)
    assert not any(re.search(r'href="https?://[^"]*\.py"', c) for c in captions), "a module name became a link"


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=ids)
def test_built_takeaways_box_and_merged_streams(built_book, path):
    markup = article(page_html(built_book, f"book/{path.stem}.html"))
    box = re.search(r'<div class="(?=[^"]*\btip\b)[^"]*\badmonition\b[^"]*">\s*'
                    r'<p class="admonition-title">Key takeaways</p>(.*?)</div>', markup, re.S)
    assert box, f"{path.name}: no Key takeaways box on the page"
    assert box.group(1).count("<li>") >= max(1, demo_count(read_notebook(path)))
    # one block per cell for its printed text (nb_merge_streams), not a grey box per flush
    for cell in re.split(r'<div class="cell docutils container"', markup)[1:]:
        assert cell.count('class="output stream') <= 1, f"{path.name}: a cell's printed text is split"
    # the imports cell is behind a toggle, the install cell is not on the page
    assert "piplite" not in markup


def test_each_citation_appears_once(built_book):
    """No hand-written author-year next to the linked one: 'Sharma and Kaplan (2020) (Sharma and Kaplan, 2020)'."""
    code, log, html = built_book
    pages = [html / "book" / f"{p.stem}.html" for p in CHAPTER_PATHS] + \
            [html / "exercises" / f"{p.stem}.html" for p in EXERCISE_PATHS] + \
            sorted((html / "book" / "guides").glob("*.html")) + [html / "book" / "closing.html"]
    doubled = []
    for page in pages:
        text = visible_text(article(page.read_text()))
        for match in re.finditer(r"\(([A-Z][^()]{1,80}?), (\d{4})[a-z]?\)", text):
            surname, year = match.group(1).split()[0], match.group(2)
            before = text[max(0, match.start() - 200):match.start()]
            sentence = re.split(r"[.!?] (?=[A-Z])", before)[-1]
            if surname in sentence and year in sentence:
                doubled.append(f"{page.name}: ...{sentence[-80:]}{match.group(0)}")
    assert not doubled, "citations written twice:\n" + "\n".join(doubled)


@pytest.mark.parametrize("page, title", [("book/01-scaling.html", "Training Compute-Optimal Large Language Models"),
                                         ("book/03-internals.html", "Toy Models of Superposition"),
                                         ("book/02-evals.html", "Measuring AI Ability to Complete Long Tasks")])
def test_reference_titles_keep_their_capitals(built_book, page, title):
    citations = re.findall(r'<li><p id="ref-.*?</li>', page_html(built_book, page), re.S)
    assert any(title in visible_text(c) for c in citations), f"{page}: {title!r} not in its references"


@pytest.mark.parametrize("path", EXERCISE_PATHS, ids=ids)
def test_exercise_pages_say_how_to_start_and_hide_the_checks(browser, path):
    driver, base = browser
    driver.get(f"{base}/exercises/{path.stem}.html")
    text = driver.execute_script("return document.querySelector('article').innerText")
    assert "not attempted yet" not in text
    assert "How to start." in text and "Binder" in text and "Colab" in text and "Run in the browser" in text
    links = driver.execute_script("return [...document.querySelectorAll('article a')].map(a => a.href)")
    assert any(link.endswith("book/running.html") for link in links)
    assert any(link.endswith("book/learners.html") for link in links)


OVERFLOW_JS = """
return [...document.querySelectorAll('article pre')]
  .filter(pre => pre.getClientRects().length && pre.scrollWidth > pre.clientWidth + 1)
  .map(pre => pre.textContent.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 80));
"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_no_code_or_output_block_scrolls_sideways(browser, media):
    driver, base = browser
    pages = [f"book/{p.stem}.html" for p in CHAPTER_PATHS] + [f"exercises/{p.stem}.html" for p in EXERCISE_PATHS]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    try:
        overflowing = {}
        for page in pages:
            driver.get(f"{base}/{page}")
            blocks = driver.execute_script(OVERFLOW_JS)
            if blocks:
                overflowing[page] = blocks
        assert not overflowing, f"blocks wider than the column at {WIDTH} px ({media}): {overflowing}"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_plain_links_become_the_sites_own_references(built_book):
    """The notebooks' plain Markdown links (issue 24) on the site: glossary terms link the glossary page as term
    references (relative, as {term} made them), citations point at the page's reference list, each chapter's
    References list is there and links its papers."""
    code, log, html = built_book
    public_glossary = re.escape(yaml_baseurl()) + r"book/glossary\.html"
    anchors = set(re.findall(r'id="(term-[^"]+)"', page_html(built_book, "book/glossary.html")))
    for path in CHAPTER_PATHS + [ROOT / "book" / "lab-scaling-law.ipynb"]:
        markup = article(page_html(built_book, f"book/{path.stem}.html"))
        assert not re.search(public_glossary, markup), f"{path.name}: a glossary link still leaves the site"
        terms = re.findall(r'<a class="reference internal" href="glossary\.html#(term-[^"]+)"><span class="xref std '
                           r'std-term">', markup)
        assert set(terms) <= anchors, f"{path.name}: glossary links to no term: {set(terms) - anchors}"
        assert terms or path.name.startswith("00"), f"{path.name}: no glossary links"  # the preface has none
        references = re.search(r'<section id="references">.*?<ul class="references[^"]*">(.*?)</ul>', markup, re.S)
        assert references, f"{path.name}: no reference list"
        entries = re.findall(r'<li><p id="(ref-[^"]+)">(.*?)</p>', references.group(1), re.S)
        assert entries and all('<a class="reference external" href="http' in e for _, e in entries), path.name
        cited = set(re.findall(r'<a class="citation-link reference internal" href="#(ref-[^"]+)"', markup))
        assert cited == {entry_id for entry_id, _ in entries}, f"{path.name}: citations and entries differ"


def yaml_baseurl():
    import yaml
    return yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]



# ---- light pages, the site's icon and link preview, the landing page's cards (_ext/page_weight.py,
# _ext/card_figures.py) ---------------------------------------------------------------------------------------

def site_pages(built_book):
    html = built_book[2]
    # The Sphinx pages: not JupyterLite's, nor the decks and handouts tools/slides.py and tools/handouts.py write
    # into the site (tests/test_slides_handouts.py checks those; a used checkout has them from an earlier run).
    return [p for p in html.rglob("*.html")
            if p.relative_to(html).parts[0] not in ("lite", "_static", "vendor", "slides", "handouts")]


def test_no_page_loads_font_awesome_a_cdn_or_unused_script_config(built_book):
    for page in site_pages(built_book):
        text = page.read_text()
        name = page.relative_to(built_book[2]).as_posix()
        for unwanted in ("fontawesome.js", "THEBE_JS_URL", "sphinx-thebe", "x-thebe-config"):
            assert unwanted not in text, f"{name} still names {unwanted}"
        assert not re.search(r'<script[^>]+src="(https?:)?//', text), f"{name} loads a script from another host"
        if "</head>" in text:  # not the root's redirect
            assert len(re.findall(r'<link [^>]*rel="stylesheet"', text)) == 1, f"{name}: one stylesheet bundle"
        if name != "search.html":
            assert "searchindex.js" not in text, f"{name} loads the search index it does not use"
        has_maths = 'class="math' in article(text) or "\\(" in article(text)
        assert ("tex-chtml.js" in text) == has_maths, f"{name}: MathJax should load exactly where there is maths"


def test_icons_are_drawn_from_the_site_stylesheet(built_book):
    css = (built_book[2] / "_static" / "course-icons.css").read_text()
    for icon in ("bars", "magnifying-glass", "github", "xmark", "circle-half-stroke"):
        assert re.search(rf"\.fa-{icon}\b[^{{]*\{{ --course-icon: url\(\"data:image/svg\+xml,", css), icon
    assert ".admonition>.admonition-title:after" in css  # the themes' glyph icons too
    assert len(css) < 40_000


def test_snapshots_are_files_that_load_lazily(built_book):
    for page in site_pages(built_book):
        text = page.read_text()
        assert 'src="data:image/png' not in text, f"{page.name} still inlines a PNG"
        for tag in re.findall(r'<img [^>]*class="(?:vega-twin-fallback|explorer-snapshot-image)"[^>]*>', text):
            assert 'loading="lazy"' in tag, tag[:120]
            src = re.search(r'src="([^"]+)"', tag)[1]
            assert (page.parent / src).resolve().is_file(), f"{page.name}: {src} is missing"


def test_every_page_has_the_icon_a_description_and_a_preview_image_the_site_serves(built_book):
    import yaml
    from PIL import Image
    html = built_book[2]
    baseurl = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"]
    for relative in ("book/intro.html", "book/01-scaling.html", "book/guides/01-scaling.html"):
        text = page_html(built_book, relative)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
        assert icon and (html / relative).parent.joinpath(icon[1]).resolve().is_file(), relative
        assert 'href="data:,"' not in text
        image = re.search(r'<meta property="og:image" content="([^"]+)"', text)[1]
        assert image == baseurl + "_static/course-preview.png"
        assert re.search(r'<meta content="[^"]{60,}" name="description"|<meta name="description" content="[^"]{60,}"', text)
        assert re.search(r'<meta property="og:image:alt" content="[^"]{20,}"', text)
    with Image.open(html / "_static" / "course-preview.png") as preview:
        assert preview.size == (1200, 630)
    assert "Scaling Era" in re.search(r'<meta property="og:site_name" content="([^"]+)"',
                                      page_html(built_book, "book/intro.html"))[1]


def test_the_landing_cards_show_a_small_key_figure_with_alt_text(built_book):
    import sys
    sys.path.insert(0, str(ROOT / "_ext"))
    import card_figures
    text = page_html(built_book, "book/intro.html")
    cards = [(re.search(r'alt="([^"]*)"', tag)[1], re.search(r'src="([^"]+)"', tag)[1])
             for tag in re.findall(r'<img [^>]*course-card-figure[^>]*>', text)]
    assert len(cards) == len(card_figures.CARDS), cards
    for alt, src in cards:
        assert len(alt) > 30, src
        svg = (built_book[2] / "book" / src).resolve()
        assert svg.suffix == ".svg" and svg.stat().st_size < 3000, src
    for stem, draw in card_figures.CARDS.items():  # the committed cards are what the build step draws
        assert (ROOT / "_static" / "cards" / f"{stem}.svg").read_text() == draw(), stem


def test_on_a_phone_the_chapters_start_in_the_first_screen(browser):
    driver, base = browser
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844,
                                                                  "deviceScaleFactor": 1, "mobile": True})
    try:
        driver.get(f"{base}/book/intro.html")
        top = driver.execute_script("return document.querySelector('.sd-card').getBoundingClientRect().top "
                                    "+ window.scrollY")
        image = driver.execute_script("const i = document.querySelector('.sd-card img'); "
                                      "return i.complete && i.naturalWidth > 0")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert top < 480, f"the first chapter card starts {top:.0f} px down at 390 px (it was about 600)"
    assert image
