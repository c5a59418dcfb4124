"""The course as one PDF, printed from the built site by the headless Chromium the tests already use.

    python tools/course_pdf.py [_build/html] [out.pdf]     # make pdf; default _build/html/course.pdf

Each page of the course, in reading order (the landing page, the on-ramp, the Preface, the eight
chapters, the closing page, the glossary), is printed to PDF by Chromium (CDP Page.printToPDF) with a
print style sheet added for the occasion: the site's navigation hidden, each explorer shown as its
snapshot (the twin's PNG), code and outputs wrapped instead of clipped. pypdf merges the pages and adds
one bookmark per page. Nothing is fetched: the site is served from localhost. The run stops with one
sentence if any code block would still be clipped.
"""
import base64
import io
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_browser import served_in_chromium  # noqa: E402

from scaling_course import CHAPTERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
START = [("book/intro.html", "The Scaling Era, hands-on"), ("book/python.html", "The Python you need")]
END = [("book/closing.html", "Where the threads meet"), ("book/glossary.html", "Glossary")]
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .prev-next-area, .bd-footer-article,
.footer-article-items, #pst-back-to-top, .admonition.dropdown > .admonition-title, .vega-twin-chart,
.vega-twin-readout, .vega-twin > form, .vega-bindings, .copybtn, .toggle-button { display: none !important; }
.bd-container, .bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article {
  max-width: none !important; width: auto !important; margin: 0 !important; padding: 0 !important; }
.vega-twin-fallback { display: block !important; max-width: 100% !important; height: auto !important; }
pre, .output pre, .cell_output pre { white-space: pre-wrap !important; word-break: break-word; overflow: visible !important; }
img { max-width: 100% !important; height: auto !important; page-break-inside: avoid; break-inside: avoid; }
figure, .cell_output, blockquote, table { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
"""
PREPARE = """
var style = document.createElement('style');
style.textContent = arguments[0];
document.head.appendChild(style);
document.querySelectorAll('details').forEach(function (d) { d.open = true; });
document.querySelectorAll('img[loading="lazy"]').forEach(function (i) { i.loading = 'eager'; });
var notice = document.querySelector('.course-licence');  /* the footer's licence notice, printed with each page */
var article = document.querySelector('main article') || document.querySelector('main');
if (notice && article) { var copy = notice.cloneNode(true); copy.style.fontSize = '9pt'; article.appendChild(copy); }
"""
CLIPPED = """
return Array.from(document.querySelectorAll('main pre')).filter(function (p) {
  return p.offsetParent !== null && p.scrollWidth > p.clientWidth + 2;
}).map(function (p) { return p.textContent.slice(0, 60); });
"""


def pages(html):
    """(page, title) in reading order, from the registry, keeping only pages the site has."""
    units = [(f"book/{unit.stem(key)}.html", unit.title) for key, unit in CHAPTERS.items()]
    return [(page, title) for page, title in START + units + END if (html / page).exists()]


def open_for_print(driver, address, page):
    """Load a page of the served folder and switch it to print media."""
    driver.get(f"{address}/{page}")
    deadline = time.time() + 20
    while driver.execute_script("return document.readyState") != "complete" and time.time() < deadline:
        time.sleep(0.1)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})


def wait_until_drawn(driver):
    """Wait for every image of the open page to load and for MathJax (if any) to finish typesetting."""
    driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        var images = Array.from(document.images);
        Promise.all(images.map(function (i) { return i.complete ? 0 : new Promise(function (r) { i.onload = i.onerror = r; }); }))
          .then(function () { return window.MathJax && MathJax.startup ? MathJax.startup.promise : 0; })
          .then(function () { done(true); }, function () { done(false); });""")


def pdf_bytes(driver):
    """The open page printed to PDF, at the page size its CSS asks for (@page)."""
    result = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                                        "displayHeaderFooter": False})
    return base64.b64decode(result["data"])


def print_page(driver, address, page):
    open_for_print(driver, address, page)
    driver.execute_script(PREPARE, PRINT_CSS)
    wait_until_drawn(driver)
    clipped = driver.execute_script(CLIPPED)
    if clipped:
        raise SystemExit(f"{page}: {len(clipped)} code block(s) would be clipped in print, e.g. {clipped[0]!r}.")
    return pdf_bytes(driver)


def build(html=ROOT / "_build" / "html", out=None):
    """Print every page and merge them; returns (output path, {title: (first page, page count)})."""
    html = Path(html)
    out = Path(out) if out else html / "course.pdf"
    writer, index = PdfWriter(), {}
    writer.add_metadata({"/Title": "The Scaling Era, hands-on",
                         "/Subject": "Course text: CC BY 4.0; code: MIT; quotations remain their authors'."})
    with served_in_chromium(html) as (driver, address):
        driver.set_script_timeout(60)
        for page, title in pages(html):
            reader = PdfReader(io.BytesIO(print_page(driver, address, page)))
            index[title] = (len(writer.pages), len(reader.pages))
            for pdf_page in reader.pages:
                writer.add_page(pdf_page)
            writer.add_outline_item(title=title, page_number=index[title][0])
    with open(out, "wb") as handle:
        writer.write(handle)
    return out, index


if __name__ == "__main__":
    started = time.perf_counter()
    html = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    if not (html / "book" / "intro.html").exists():
        raise SystemExit(f"no built site in {html}: run make book first.")
    path, index = build(html, sys.argv[2] if len(sys.argv) > 2 else None)
    total = sum(count for _, count in index.values())
    print(f"wrote {path}: {total} pages ({len(index)} sections, {path.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.0f} s")
