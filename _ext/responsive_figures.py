"""Sphinx extension: each notebook figure in the design that fits the reader's screen.

A figure drawn for a notebook (up to 13 inches wide, several panels side by side) shown in a phone's 358 px
column has 5-7 px labels. When the site is built, every notebook's kernel also draws a narrow design of each
figure (panels stacked, 340 px wide, texts of at least 11 px) and a 2x picture of both designs
(src/scaling_course/figures.py); this extension

- makes the kernels do so: an IPython startup file in a folder of the build (IPYTHONDIR, which the kernels that
  myst-nb starts inherit) registers the extra display format; a learner's own kernel never does, so a learner
  running a notebook sees one figure, as drawn;
- re-executes a notebook whose cached outputs predate this (jupyter-cache keys its records on the code only,
  so an old record would otherwise keep serving figures without their narrow design);
- writes the narrow and 2x pictures next to each figure under _images/ and turns the figure into a <picture>:
  the narrow design up to 599 px, the drawn one above, each sharp on a 2x screen. The link around it (from
  _ext/course_site.py) opens the drawn figure full size, at 2x. The img carries the smallest text of each design
  in pixels of its 1x picture (data-font-px, data-narrow-font-px), so a test can compute the rendered label
  size: font size x displayed width / natural width (tests/test_pages_render.py);
- does the same for the snapshot of an explorer without a static twin (its figure's designs come with the
  explorer's output; _ext/page_weight.py has moved the snapshot to _images/, course_site has framed it).
"""
import base64
import hashlib
import json
import os
import re
from pathlib import Path

from course_site import FIGURE_LINK_TITLE
from page_weight import DATA_PNG, snapshot_stem
from scaling_course.figures import VARIANTS_MIME

STARTUP = ('"""Written by _ext/responsive_figures.py: the site build\'s kernels draw each figure\'s phone design '
           'too."""\n'
           "from scaling_course import figures as _course_figures\n"
           "_course_figures.register(get_ipython())\n"
           "del _course_figures\n")
PHONE_MEDIA = "(max-width: 599px)"  # as _static/course.css's phone rules
# The figure as _ext/course_site.py frames it: the link, the image, and the "swipe sideways" hint if any.
FRAMED = re.compile(r'<a class="course-figure" href="(?P<src>(?P<dir>(?:\.\./)*_images/)(?P<hash>[0-9a-f]{64})\.png)"'
                    r'(?P<attrs>[^>]*)>(?P<img><img [^>]*>)</a>(?P<hint><p class="course-figure-hint">[^<]*</p>)?')
# An explorer's snapshot as course_site frames it (no link: it was a data: URI), once page_weight made it a file.
FRAMED_SNAPSHOT = re.compile(r'<div class="course-figure">(?P<img><img [^>]*?class="explorer-snapshot-image"[^>]*? '
                             r'src="(?P<src>(?P<dir>(?:\.\./)*_images/)(?P<hash>snapshot-[0-9a-f]{20})\.png)"'
                             r'[^>]*>)</div>')
NATURAL = re.compile(r'style="--course-natural-width: (\d+)px"')


def kernels_draw_variants(app, config):
    """Point the kernels myst-nb starts at an IPython folder whose startup file registers the variants."""
    folder = Path(app.outdir).parent / ".course-ipython"
    startup = folder / "profile_default" / "startup" / "50-course-figures.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    if not startup.exists() or startup.read_text("utf-8") != STARTUP:
        startup.write_text(STARTUP, "utf-8")
    os.environ["IPYTHONDIR"] = str(folder)


def lacks_variants(notebook):
    """True if some matplotlib figure among the notebook's outputs has no VARIANTS_MIME entry (executed before
    the kernels drew them). Explorers' outputs (a widget bundle, not a Figure) are not checked: a twin's has no
    entry, and the snapshots' entries came with a change to the package, which re-executes every notebook
    (_ext/execution_cache.py)."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if "image/png" in data and text.startswith("<Figure size") and VARIANTS_MIME not in data:
                return True
    return False


def executed_path(app, docname):
    return Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"


def drop_stale_cache_records(app):
    """Remove the cached executions whose figures have no variants, so those notebooks run again."""
    config = getattr(app.env, "mystnb_config", None)
    app.env.course_stale_figures = set()
    if config is None or config.execution_mode != "cache" or not Path(config.execution_cache_path).exists():
        return
    from jupyter_cache import get_cache

    cache = get_cache(config.execution_cache_path)
    for record in cache.list_cache_records():
        try:
            notebook = cache.get_cache_bundle(record.pk).nb
        except Exception:  # noqa: BLE001 - an unreadable record is jupyter-cache's to report
            continue
        if lacks_variants(notebook):
            app.env.course_stale_figures.add(record.uri)
            cache.remove_cache(record.pk)


def reread_stale_notebooks(app, env, added, changed, removed):
    """Notebooks whose executed copy (or cache record) lacks the variants are read, and so executed, again."""
    stale = getattr(env, "course_stale_figures", set())
    outdated = []
    for docname in env.found_docs - added - changed - removed:
        source = str(env.doc2path(docname))
        if not source.endswith(".ipynb"):
            continue
        path = executed_path(app, docname)
        if source in stale or (path.exists() and lacks_variants(json.loads(path.read_text("utf-8")))):
            outdated.append(docname)
    return outdated


def variants_of_page(app, pagename):
    """{a figure's file name under _images/ without .png: its VARIANTS_MIME entry} for one page: myst-nb names a
    figure by its PNG's sha256, page_weight an explorer's snapshot (in the output's text/html) by snapshot_stem."""
    path = executed_path(app, pagename)
    if not path.exists():
        return {}
    found = {}
    for cell in json.loads(path.read_text("utf-8")).get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and isinstance(data.get(VARIANTS_MIME), dict):
                png = data["image/png"]
                png = "".join(png) if isinstance(png, list) else png
                found[hashlib.sha256(base64.b64decode(png)).hexdigest()] = data[VARIANTS_MIME]
                page = data.get("text/html", "")
                for snapshot in DATA_PNG.finditer("".join(page) if isinstance(page, list) else page):
                    found[snapshot_stem(base64.b64decode(snapshot["data"]))] = data[VARIANTS_MIME]
    return found


def write_variant(path, b64):
    """Write a variant next to its figure, unless it is there already (a figure keeps its name, its content hash,
    when only its narrow design changes, so the file is compared, not just found)."""
    content = base64.b64decode(b64)
    if not path.exists() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)  # Sphinx copies the figures themselves after the pages
        path.write_bytes(content)


def serve_variants(app, pagename, templatename, context, doctree):
    """Each framed figure or explorer snapshot with a narrow design becomes a <picture>: narrow up to 599 px,
    drawn above, 2x both."""
    body = context.get("body", "")
    if 'class="course-figure"' not in body:
        return
    variants = variants_of_page(app, pagename)
    if not variants:
        return
    images = Path(app.outdir) / "_images"

    def responsive(match):
        entry = variants.get(match["hash"])
        natural = NATURAL.search(match["img"])
        if not entry or "narrow" not in entry or natural is None:
            return match[0]
        stem = match["hash"]
        write_variant(images / f"{stem}@2x.png", entry["wide_2x"])
        write_variant(images / f"{stem}-narrow.png", entry["narrow"])
        write_variant(images / f"{stem}-narrow@2x.png", entry["narrow_2x"])
        from PIL import Image
        with Image.open(images / f"{stem}-narrow.png") as narrow:
            narrow_width = narrow.width
        folder, src = match["dir"], match["src"]
        img = match["img"].replace(
            natural[0], f'srcset="{src} 1x, {folder}{stem}@2x.png 2x" style="--course-wide-width: {natural[1]}px; '
                        f'--course-narrow-width: {narrow_width}px" data-font-px="{entry["wide_font_px"]}" '
                        f'data-narrow-font-px="{entry["narrow_font_px"]}"')
        source = (f'<source media="{PHONE_MEDIA}" srcset="{folder}{stem}-narrow.png 1x, '
                  f'{folder}{stem}-narrow@2x.png 2x">')
        # the narrow design fits a phone's column, so the "swipe sideways" hint goes
        attrs = match.groupdict().get("attrs") or f' title="{FIGURE_LINK_TITLE}"'  # a snapshot had no link
        return (f'<a class="course-figure course-figure-responsive" href="{folder}{stem}@2x.png"{attrs}>'
                f'<picture>{source}{img}</picture></a>')

    context["body"] = FRAMED_SNAPSHOT.sub(responsive, FRAMED.sub(responsive, body))


def setup(app):
    app.connect("config-inited", kernels_draw_variants)
    app.connect("builder-inited", drop_stale_cache_records, priority=600)  # after myst-nb sets its config
    app.connect("env-get-outdated", reread_stale_notebooks)
    app.connect("html-page-context", serve_variants, priority=700)  # after course_site frames the figures
    app.add_css_file("figures.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
