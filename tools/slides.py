"""Slides for each graded unit, built from the chapter's own cells (make slides; make book runs it).

    python tools/slides.py [_build/html]          # writes _build/html/slides/<stem>.html and slides/<stem>/*.png

Each deck is reveal.js (the npm copy tools/vendor_js.py puts under vendor/reveal.js/, served by the site itself)
and holds, in the chapter's order:
  - the chapter's opening question: the first paragraph of the notebook's first cell;
  - every excerpt of the chapter: its block quotes with their attribution lines, taken from the notebook's
    Markdown with the parser tests/test_excerpts.py checks them with (never retyped);
  - every captioned figure and explorer snapshot: the PNG of the executed cell (from the site build's
    jupyter-cache, else the notebook is executed with nbclient) with its caption and source line;
  - the guide's discussion questions (book/guides/<stem>.md, "## Discussion questions"), one a slide, with
    "a good answer touches on" in the speaker notes (press S), then the guide's exit ticket if it has one.
Nothing is fetched from outside the site: reveal.js and MathJax are the site's own copies, the images sit
beside the deck with their PNG text chunks removed (matplotlib writes its home page into them).
handouts.py builds the printed one-page sheets from the same material (`material` below).
"""
import base64
import html
import re
import struct
import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from excerpts import blockquotes  # noqa: E402  (the excerpt test's own parser: the decks show what it checks)

from scaling_course import graded_chapters  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL = "../vendor/reveal.js/dist"  # relative to slides/ in the built site
MATHJAX = "../vendor/mathjax/es5/tex-chtml.js"
LICENCE = ("The course's own text and figures: CC BY 4.0. Excerpts from <em>The Scaling Era: An Oral History of AI, "
           "2019–2025</em> (Dwarkesh Patel with Gavin Leech, Stripe Press, 2025) remain their authors' and are "
           "quoted for teaching.")


def _maths(content, options):
    """Inline and display maths for MathJax (the site's own copy), with the TeX escaped for HTML."""
    left, right = (r"\[", r"\]") if options.get("display_mode") else (r"\(", r"\)")
    return f"{left}{html.escape(content)}{right}"


MD = MarkdownIt("commonmark", {"html": True}).enable("table")
dollarmath_plugin(MD, renderer=_maths)


def plain_markdown(text):
    """Markdown that reads the same outside the site: MyST roles become their text ({term}`loss <Loss>` -> loss),
    links become their text (a deck or a sheet has no pages to link to, and names no outside host)."""
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)\s*(?:<[^`>]*>)?`", r"\1", text)
    text = re.sub(r"(?<!!)\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"<https?://[^>]*>", "", text)


def render(text, inline=False):
    """HTML for a piece of the course's Markdown (after plain_markdown)."""
    text = plain_markdown(text)
    return MD.renderInline(text) if inline else MD.render(text)


def cell_text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def bare_png(data):
    """A PNG without its text chunks (tEXt, zTXt, iTXt): matplotlib names its home page there."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    out, at = [data[:8]], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if kind not in (b"tEXt", b"zTXt", b"iTXt"):
            out.append(data[at:end])
        at = end
    return b"".join(out)


# --- The chapter's material ---------------------------------------------------------------------------------

def executed(stem, cache=ROOT / "_build" / ".jupyter_cache"):
    """The chapter notebook with its outputs: the site build's jupyter-cache when it holds this version of the
    notebook (make book fills it), else executed here with nbclient (about a minute a chapter)."""
    import nbformat

    notebook = nbformat.read(ROOT / "book" / f"{stem}.ipynb", as_version=4)
    if Path(cache).exists():
        from jupyter_cache import get_cache

        try:
            return get_cache(str(cache)).merge_match_into_notebook(notebook)[1]
        except KeyError:
            pass
    import nbclient

    print(f"{stem}: not in the site's execution cache, executing it (make book first makes this instant)")
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    return notebook


def opening(first_cell):
    """(title, question, rest): the chapter heading, the opening question (the first paragraph's sentences up
    to its first question; a one-word question keeps the next sentence; without a question, the first two
    sentences) and the rest of that paragraph."""
    blocks = [b.strip() for b in cell_text(first_cell).split("\n\n") if b.strip()]
    title = blocks[0].lstrip("# ").strip()
    paragraph = " ".join(blocks[1].split())
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z*\"“])", paragraph)
    asked = [i for i, s in enumerate(sentences) if s.endswith("?")]
    upto = asked[0] + 1 if asked else 2
    if len(" ".join(sentences[:upto]).split()) < 4:
        upto += 1
    return title, " ".join(sentences[:upto]), " ".join(sentences[upto:])


def figure_png(cell):
    """The PNG a figure cell shows (the explorer's snapshot, for an explorer), or None."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            return bare_png(base64.b64decode(data["image/png"]))
    return None


def guide_section(stem, heading):
    """The Markdown under '## heading' in book/guides/<stem>.md, or None when the guide has no such section."""
    text = (ROOT / "book" / "guides" / f"{stem}.md").read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return found[1].strip() if found else None


def discussion_questions(stem):
    """[(number, title, question, good answer)] from the guide's numbered discussion questions."""
    section = guide_section(stem, "Discussion questions")
    if not section:
        raise SystemExit(f"book/guides/{stem}.md has no '## Discussion questions' section.")
    questions = []
    for number, body in re.findall(r"^(\d+)\. (.+?)(?=^\d+\. |\Z)", section, re.M | re.S):
        body = " ".join(body.split())
        title = re.match(r"\*\*(.+?)\*\*\s*", body)
        if title:
            body = body[title.end():]
        question, _, answer = body.partition("*A good answer touches on:*")
        questions.append((int(number), title[1].rstrip(".") if title else "", question.strip(), answer.strip()))
    return questions


def planned_questions(stem):
    """The numbers of the discussion questions the guide's 60-minute plan uses ("Discussion questions 1, 3 and 5")."""
    plan = guide_section(stem, "Plan for 60 minutes") or ""
    found = re.search(r"[Dd]iscussion questions? ([\d, and]+)", plan)
    return [int(n) for n in re.findall(r"\d+", found[1])] if found else []


def chapter_items(cells, figures=True):
    """The chapter's excerpts (and, with figures, its captioned figures) in order, each with its section heading."""
    items, section = [], plain_markdown(opening(cells[0])[0])
    for cell in cells[1:]:
        source = cell_text(cell)
        if cell["cell_type"] == "markdown":
            for line in source.splitlines():
                if line.startswith("## "):
                    section = plain_markdown(line[3:].strip())
            for paragraphs, attribution in blockquotes(source):
                if attribution:
                    items.append({"kind": "excerpt", "section": section, "quote": paragraphs,
                                  "attribution": attribution.lstrip("— ").strip()})
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if figures and cell["cell_type"] == "code" and figure:
            png = figure_png(cell)
            if png is None:
                raise SystemExit(f"figure {figure.get('name')} has no image in the executed notebook.")
            caption, _, source_line = figure["caption"].partition("\n\nSource:")
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", caption)
            items.append({"kind": "figure", "section": section, "name": figure["name"], "png": png,
                          "caption": caption.strip(), "source": source_line.strip(), "alt": alt,
                          "explorer": "explorer" in figure["name"]})
    return items


def excerpts_of(stem):
    """The excerpts of book/<stem>.ipynb, read without executing it."""
    import nbformat

    return chapter_items(nbformat.read(ROOT / "book" / f"{stem}.ipynb", as_version=4).cells, figures=False)


def material(key, cache=ROOT / "_build" / ".jupyter_cache"):
    """Everything a deck or a handout of unit `key` shows, from the chapter notebook and its guide."""
    unit = graded_chapters()[key]
    stem = unit.stem(key)
    notebook = executed(stem, cache)
    title, question, rest = opening(notebook.cells[0])
    return {"key": key, "stem": stem, "title": title, "question": question, "rest": rest,
            "items": chapter_items(notebook.cells), "discussion": discussion_questions(stem),
            "planned": planned_questions(stem), "exit_ticket": guide_section(stem, "Exit ticket")}


# --- The deck -----------------------------------------------------------------------------------------------

def _slide(body, section="", notes="", classes=""):
    label = f'<p class="section">{html.escape(section)}</p>' if section else ""
    aside = f'<aside class="notes">{notes}</aside>' if notes else ""
    return f'<section class="{classes}">{label}{body}{aside}</section>'


def deck_html(unit, images):
    """The deck's HTML; `images` maps a figure's name to its file name beside the deck."""
    slides = [_slide(f'<p class="kicker">The Scaling Era, hands-on · seminar slides</p><h1>{html.escape(unit["title"])}</h1>'
                     f'<p class="question">{render(unit["question"], inline=True)}</p>'
                     f'<p class="rest">{render(unit["rest"], inline=True)}</p>', classes="opening")]
    for item in unit["items"]:
        if item["kind"] == "excerpt":
            quote = "".join(f"<p>{render(p, inline=True)}</p>" for p in item["quote"])
            size = " long" if len(" ".join(item["quote"]).split()) > 55 else ""
            slides.append(_slide(f'<blockquote class="excerpt{size}">{quote}'
                                 f'<footer>— {render(item["attribution"], inline=True)}</footer></blockquote>',
                                 item["section"]))
        else:
            kind = "Explorer snapshot" if item["explorer"] else "Figure"
            kind = "" if item["caption"].startswith(kind) else f"<strong>{kind}.</strong> "  # captions may say it
            source = f'<p class="source">Source: {render(item["source"], inline=True)}</p>' if item["source"] else ""
            slides.append(_slide(f'<img src="{images[item["name"]]}" alt="{html.escape(item["alt"])}">'
                                 f'<p class="caption">{kind}{render(item["caption"], inline=True)}</p>'
                                 f'{source}', item["section"], classes="figure"))
    for number, title, question, answer in unit["discussion"]:
        heading = f"<h2>{number}. {render(title, inline=True)}</h2>" if title else f"<h2>Question {number}</h2>"
        notes = f"<p>A good answer touches on: {render(answer, inline=True)}</p>" if answer else ""
        slides.append(_slide(f'{heading}<p class="discussion">{render(question, inline=True)}</p>',
                             "Discussion", notes, classes="discussion"))
    if unit["exit_ticket"]:
        slides.append(_slide(f'<h2>Exit ticket</h2><div class="ticket">{render(unit["exit_ticket"])}</div>',
                             "Before you go"))
    slides.append(_slide(f'<h2>{html.escape(unit["title"])}</h2><p class="licence">{LICENCE}</p>'
                         f'<p class="licence">The chapter, its live explorers and its exercises: '
                         f'<a href="../book/{unit["stem"]}.html">the chapter\'s page</a>.</p>', classes="closing"))
    maths = any(marker in "".join(slides) for marker in (r"\(", r"\["))
    mathjax = f'<script src="{MATHJAX}" defer></script>' if maths else ""
    template = (TEMPLATES / "slides.html").read_text(encoding="utf-8")
    return (template.replace("{{title}}", html.escape(unit["title"]))
            .replace("{{reveal}}", REVEAL).replace("{{mathjax}}", mathjax)
            .replace("{{style}}", (TEMPLATES / "slides.css").read_text(encoding="utf-8"))
            .replace("{{slides}}", "\n".join(slides)))


def build(html_dir=ROOT / "_build" / "html", keys=None, cache=ROOT / "_build" / ".jupyter_cache"):
    """Write every deck into html_dir/slides/; returns {stem: (deck path, number of slides)}."""
    out = Path(html_dir) / "slides"
    if not (Path(html_dir) / "vendor" / "reveal.js" / "dist" / "reveal.js").exists():
        raise SystemExit(f"no reveal.js under {html_dir}/vendor: run make book (tools/vendor_js.py) first.")
    built = {}
    for key in keys or graded_chapters():
        unit = material(key, cache)
        folder = out / unit["stem"]
        folder.mkdir(parents=True, exist_ok=True)
        images = {}
        for item in unit["items"]:
            if item["kind"] == "figure":
                images[item["name"]] = f"{unit['stem']}/{item['name']}.png"
                (out / images[item["name"]]).write_bytes(item["png"])
        page = deck_html(unit, images)
        path = out / f"{unit['stem']}.html"
        path.write_text(page, encoding="utf-8")
        built[unit["stem"]] = (path, page.count("<section"))
    return built


if __name__ == "__main__":
    started = time.perf_counter()
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    decks = build(site)
    size = sum(f.stat().st_size for f in (site / "slides").rglob("*") if f.is_file())
    print(f"wrote {len(decks)} decks ({sum(n for _, n in decks.values())} slides, {size / 1e6:.1f} MB) to "
          f"{site / 'slides'} in {time.perf_counter() - started:.0f} s")
