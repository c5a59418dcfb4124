"""Sphinx extension for the static course site: nothing from a CDN.

- Drops the ipywidgets embedding scripts (require.js and the widget manager, from CDNs) and the
  stored widget state that myst-nb would add to every notebook page: the static pages show each
  explorer's static twin or its PNG instead, and no kernel stands behind them.
- Loads the vendored Vega, Vega-Lite and Vega-Embed (tools/vendor_js.py, served from /vendor/)
  on the pages that hold an explorer's static twin, and on no others.
- Drops the web font that jupyterlite-sphinx links from a CDN on every page (its buttons fall back
  to the theme's font), and turns the theme's JupyterLite launch entry into "Run in the browser",
  pointing at the site's own lite/ build from wherever the page sits.
- Frames each figure (a PNG under _images/) in a link that opens it full size, with its drawn width as
  --course-natural-width: _static/course.css never shows it below half that width, so on a phone a wide
  multi-panel figure scrolls sideways in its frame (with a line saying so) instead of shrinking to a third.
- Keeps the browser console clean, so that a test can treat any console error as a fault
  (tests/test_pages_render.py): each script once (sphinx-thebe adds its `const` config twice, a
  SyntaxError), "auto" as the colour mode a first visit starts in (the theme logs an error for an empty
  one), and, where no icon is configured (sphinx-favicon), an empty one so the browser does not ask for a
  /favicon.ico the site does not have.
"""
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from scaling_course import CHAPTERS

VEGA_FILES = ("vendor/vega/build/vega.min.js", "vendor/vega-lite/build/vega-lite.min.js",
              "vendor/vega-embed/build/vega-embed.min.js")
TWIN_MARKER = "vega-twin"


def drop_widget_scripts(app, env):
    """Remove myst-nb's ipywidgets js files (state and CDN scripts) from every page."""
    for data in getattr(env, "nb_metadata", {}).values():
        files = data.get("js_files", {})
        for key in [k for k in files if k.startswith("ipywidgets")]:
            del files[key]


def add_vega_where_needed(app, pagename, templatename, context, doctree):
    if TWIN_MARKER in context.get("body", ""):
        for path in VEGA_FILES:
            app.add_js_file("../" + path, priority=600)  # resolved against _static/, so /vendor/...


def drop_remote_css(app):
    """Keep only stylesheets the site serves itself (jupyterlite-sphinx adds a font from a CDN)."""
    app.registry.css_files[:] = [(name, attrs) for name, attrs in app.registry.css_files
                                 if not urlsplit(name).scheme]  # Sphinx re-adds these before writing
    builder_files = getattr(app.builder, "_css_files", None)
    if builder_files is not None:
        builder_files[:] = [css for css in builder_files if not urlsplit(str(css.filename)).scheme]


def run_in_the_browser(app, pagename, templatename, context, doctree):
    """Rename the JupyterLite launch entry and make its link relative to this page."""
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if group.get("label") == "launch-buttons" else []:
            if button.get("text") == "JupyterLite":
                query = button["url"].split("?", 1)[1]
                button.update(text="Run in the browser", tooltip="Run this notebook in your browser "
                              "(JupyterLite: no install, no server)",
                              url=context["pathto"](LITE_APP, 1) + "?" + query)


LITE_APP = "lite/notebooks/index.html"

# Runs after the theme's first inline script (Sphinx puts script files after it): a first visit has no stored
# mode, and the theme's own script logs "Got invalid theme mode" for the empty one before it falls back to auto.
DEFAULT_MODE_JS = 'if (!document.documentElement.dataset.mode) document.documentElement.dataset.mode = "auto";'
NO_FAVICON = '<link rel="icon" href="data:,">'


def each_script_once(app, pagename, templatename, context, doctree):
    """Drop repeated script entries (same file or inline body, same attributes), keeping the first."""
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            # an inline script's filename is None or "" depending on who added it
            key = (str(getattr(script, "filename", script) or ""),
                   tuple(sorted(getattr(script, "attributes", {}).items())))
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique


def no_favicon_request(app, pagename, templatename, context, doctree):
    metatags = context.get("metatags", "")
    if not context.get("favicon_url") and NO_FAVICON not in metatags and 'rel="icon"' not in metatags:
        context["metatags"] = context.get("metatags", "") + NO_FAVICON


FIGURE = re.compile(r'<img (?P<before>[^>]*?)src="(?P<src>(?:\.\./)*_images/(?P<name>[^"]+))"(?P<after>[^>]*?)\s*/?>')
SNAPSHOT = re.compile(r'(<img (?:loading="lazy" )?class="explorer-snapshot-image" [^>]*?width="(\d+)")>(</div>)')
# Shown at half size, a figure wider than this is wider than a phone's column (358 px at 390 px).
PHONE_COLUMN = 358
FIGURE_HINT = "Wider than a phone's screen: swipe the figure sideways, or tap it to open it full size."
FIGURE_LINK_TITLE = "Open the figure full size"  # the link around every figure (responsive_figures too)


def image_width(path):
    from PIL import Image  # matplotlib's dependency, so always there where the notebooks run
    with Image.open(path) as image:
        return image.width


def frame_figures(app, pagename, templatename, context, doctree):
    """Wrap each figure of the page in a link to the full-size image, with its drawn width for the CSS."""
    body = context.get("body", "")
    if "_images/" not in body and "explorer-snapshot" not in body:
        return
    sources = {name: Path(app.srcdir, candidate) for candidate, name in getattr(app.builder, "images", {}).items()}

    def framed(match):
        source = sources.get(match["name"])
        if source is None or not source.exists() or source.suffix == ".svg" or \
                "course-figure" in match["before"] + match["after"]:  # an SVG (the landing cards') scales itself
            return match[0]
        width = image_width(source)
        img = (f'<img {match["before"]}src="{match["src"]}"{match["after"]} '
               f'style="--course-natural-width: {width}px">')
        hint = f'<p class="course-figure-hint">{html.escape(FIGURE_HINT)}</p>' if width / 2 > PHONE_COLUMN else ""
        return (f'<a class="course-figure" href="{match["src"]}" title="{FIGURE_LINK_TITLE}">{img}</a>'
                + hint)

    context["body"] = FIGURE.sub(framed, body)
    # An explorer without a twin shows its snapshot inline (a data: URI, with its width): framed the same way,
    # but without the link, since browsers do not open data: URIs from a page.
    context["body"] = SNAPSHOT.sub(lambda m: f'<div class="course-figure">{m[1]} style="--course-natural-width: '
                                             f'{m[2]}px">{m[3]}</div>', context["body"])


def chapter_label(key):
    """What a unit's figures are numbered under: 1 for Chapter 1 ("Figure 1.3"), 0 for the Preface, L for the lab."""
    return int(key) if key.isdigit() else key[-1]


def number_figures_by_chapter(app, env):
    """Figures numbered within their unit, "Figure 1.3" in Chapter 1, instead of across the whole book (the
    toctree is not numbered: the chapter titles carry their own numbers). Runs after Sphinx assigns figure
    numbers (env-get-updated, after the toctree collector); returns the pages whose numbers changed."""
    units = {f"book/{unit.stem(key)}": chapter_label(key) for key, unit in CHAPTERS.items()}
    changed = []
    for docname, numbers in env.toc_fignumbers.items():
        if docname not in units or "figure" not in numbers:
            continue
        ordered = sorted(numbers["figure"], key=numbers["figure"].get)
        renumbered = {figure_id: (units[docname], i) for i, figure_id in enumerate(ordered, 1)}
        if renumbered != numbers["figure"]:
            numbers["figure"] = renumbered
            changed.append(docname)
    return changed


def setup(app):
    app.connect("builder-inited", drop_remote_css)
    app.connect("html-page-context", run_in_the_browser, priority=600)
    app.connect("env-updated", drop_widget_scripts)
    app.connect("html-page-context", add_vega_where_needed, priority=400)
    app.connect("html-page-context", no_favicon_request, priority=700)  # after sphinx-favicon added its icon
    app.connect("html-page-context", frame_figures)
    app.connect("html-page-context", each_script_once, priority=900)  # after every extension added its own
    app.add_js_file(None, body=DEFAULT_MODE_JS, priority=100)
    app.connect("env-get-updated", number_figures_by_chapter, priority=900)  # after the toctree collector
    return {"parallel_read_safe": True, "parallel_write_safe": True}
