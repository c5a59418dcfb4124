"""One printable page per graded unit: the seminar's discussion sheet (make handouts; make book runs it).

    python tools/handouts.py [_build/html]       # writes _build/html/handouts/<stem>.pdf

Each sheet holds the chapter's opening question, three of its excerpts (block quotes with their attribution
lines, as tools/slides.py takes them from the notebook), two of its figures (the executed notebook's images;
explorer snapshots only when the chapter has too few figures), the three discussion questions the guide's
60-minute plan uses, each with space to write, and the guide's exit ticket below a cut line. The sheet is
laid out at A4 (210 x 297 mm) in a box of fixed height whose writing spaces take what is left; when the text
does not fit, the type and figures shrink and the page is laid out again, and the printed PDF must have
exactly one page. Chromium prints it with the helpers of tools/course_pdf.py; nothing is fetched.
"""
import html
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slides  # noqa: E402
from course_pdf import open_for_print, pdf_bytes, wait_until_drawn  # noqa: E402
from site_browser import served_in_chromium  # noqa: E402

from scaling_course import graded_chapters  # noqa: E402

ROOT = slides.ROOT
SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7)  # type and figure sizes tried, largest first
OVERFLOW = "var s = document.querySelector('.sheet'); return s.scrollHeight - s.clientHeight;"


def chosen_excerpts(items, count=3, longest=55, more=()):
    """`count` excerpts in the chapter's order: the first ones of at most `longest` words, topped up with the
    shortest of the rest when the chapter has too few short ones; a unit with fewer than `count` excerpts (the
    lab) takes the rest from `more` (its chapter's), skipping quotes it already has."""
    excerpts = [item for item in items if item["kind"] == "excerpt"]
    quoted = [item["quote"] for item in excerpts]
    excerpts += [item for item in more if item["kind"] == "excerpt" and item["quote"] not in quoted]
    words = {id(item): len(" ".join(item["quote"]).split()) for item in excerpts}
    picked = [item for item in excerpts if words[id(item)] <= longest][:count]
    rest = sorted((item for item in excerpts if item not in picked), key=lambda item: words[id(item)])
    picked += rest[:count - len(picked)]
    return sorted(picked, key=excerpts.index)


def chosen_figures(items, count=2):
    """`count` figures in the chapter's order, the chapter's own figures before explorer snapshots."""
    figures = [item for item in items if item["kind"] == "figure"]
    picked = ([item for item in figures if not item["explorer"]] + [item for item in figures if item["explorer"]])[:count]
    return sorted(picked, key=figures.index)


def chosen_questions(unit, count=3):
    """The discussion questions the guide's 60-minute plan uses, else the first `count`."""
    by_number = {q[0]: q for q in unit["discussion"]}
    planned = [by_number[n] for n in unit["planned"] if n in by_number][:count]
    return planned if len(planned) == count else unit["discussion"][:count]


def sheet_html(unit, images):
    """The handout's HTML; `images` maps a figure's name to its file beside the page."""
    render = slides.render
    excerpts = "".join(
        f'<blockquote>{"".join(f"<p>{render(p, inline=True)}</p>" for p in item["quote"])}'
        f'<footer>— {render(item["attribution"], inline=True)}</footer></blockquote>'
        for item in chosen_excerpts(unit["items"], more=unit.get("chapter_items", ())))
    figures = "".join(
        f'<figure><img src="{images[item["name"]]}" alt="{html.escape(item["alt"])}">'
        f'<figcaption>{"Explorer snapshot: " if item["explorer"] and not item["caption"].startswith("Explorer snapshot") else ""}{render(item["caption"], inline=True)}'
        f'</figcaption></figure>' for item in chosen_figures(unit["items"]))
    questions = "".join(
        f'<li><p><strong>{number}.{f" {render(title, inline=True)}." if title else ""}</strong> '
        f'{render(question, inline=True)}</p><div class="space"></div></li>'
        for number, title, question, _ in chosen_questions(unit))
    ticket = ""
    if unit["exit_ticket"]:
        ticket = (f'<section class="ticket"><p class="cut">✂</p><h2>Exit ticket <span>{html.escape(unit["title"])}'
                  f' · name: ____________________</span></h2>{render(unit["exit_ticket"])}<div class="space ticket-space">'
                  f'</div></section>')
    question = render(unit["question"], inline=True)
    maths = any(marker in question + excerpts + figures + questions + ticket for marker in (r"\(", r"\["))
    template = (slides.TEMPLATES / "handout.html").read_text(encoding="utf-8")
    return (template.replace("{{title}}", html.escape(unit["title"]))
            .replace("{{mathjax}}", '<script src="vendor/mathjax/es5/tex-chtml.js" defer></script>' if maths else "")
            .replace("{{style}}", (slides.TEMPLATES / "handout.css").read_text(encoding="utf-8"))
            .replace("{{question}}", question)
            .replace("{{excerpts}}", excerpts).replace("{{figures}}", figures)
            .replace("{{questions}}", questions).replace("{{ticket}}", ticket)
            .replace("{{licence}}", slides.LICENCE))


def print_sheet(driver, address, page):
    """The sheet printed on one page: shrinks the type until the sheet's box no longer overflows; returns
    (PDF bytes, scale used)."""
    open_for_print(driver, address, page)
    wait_until_drawn(driver)
    for scale in SCALES:
        driver.execute_script("document.documentElement.style.setProperty('--scale', arguments[0]);", scale)
        if driver.execute_script(OVERFLOW) <= 0:
            break
    else:
        raise SystemExit(f"{page}: the sheet does not fit one page even at {scale:.0%} type.")
    data = pdf_bytes(driver)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    if pages != 1:
        raise SystemExit(f"{page}: the sheet printed on {pages} pages, not one.")
    return data, scale


def build(html_dir=ROOT / "_build" / "html", keys=None, cache=ROOT / "_build" / ".jupyter_cache"):
    """Write every handout into html_dir/handouts/; returns {stem: (PDF path, scale, has exit ticket)}."""
    html_dir = Path(html_dir)
    out = html_dir / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    built = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if (html_dir / "vendor").exists():  # the site's MathJax, for a sheet with maths
            os.symlink((html_dir / "vendor").resolve(), tmp / "vendor")
        units = []
        for key in keys or graded_chapters():
            unit = slides.material(key, cache)
            if unit["key"].endswith("L"):  # a lab (01L) belongs to its chapter (01): its excerpts can top up the sheet
                chapter = graded_chapters()[unit["key"][:-1]]
                unit["chapter_items"] = slides.excerpts_of(chapter.stem(unit["key"][:-1]))
            if not unit["exit_ticket"]:
                print(f"book/guides/{unit['stem']}.md has no '## Exit ticket' section: its handout has no exit ticket.")
            images = {}
            for item in chosen_figures(unit["items"]):
                images[item["name"]] = f"{unit['stem']}-{item['name']}.png"
                (tmp / images[item["name"]]).write_bytes(item["png"])
            (tmp / f"{unit['stem']}.html").write_text(sheet_html(unit, images), encoding="utf-8")
            units.append(unit)
        with served_in_chromium(tmp) as (driver, address):
            driver.set_script_timeout(60)
            for unit in units:
                data, scale = print_sheet(driver, address, f"{unit['stem']}.html")
                path = out / f"{unit['stem']}.pdf"
                path.write_bytes(data)
                built[unit["stem"]] = (path, scale, bool(unit["exit_ticket"]))
    return built


if __name__ == "__main__":
    started = time.perf_counter()
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    sheets = build(site)
    size = sum(path.stat().st_size for path, _, _ in sheets.values())
    print(f"wrote {len(sheets)} one-page handouts ({size / 1e6:.1f} MB) to {site / 'handouts'} in "
          f"{time.perf_counter() - started:.0f} s")
