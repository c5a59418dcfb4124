"""Sphinx extension for light course pages: each page loads what it shows and little else (`make bench` measures
it: tools/bench.py, page_weights).

- Icons without Font Awesome: the theme loads Font Awesome's JavaScript (1.49 MB, every icon there is) and its
  CSS pulls in two icon fonts (270 KB) for the dozen icons the header and sidebars show. This drops the script
  and writes _static/course-icons.css: one CSS mask per icon the built pages (and the theme's script) name, its
  path taken from the theme's own copy of Font Awesome at build time, drawn in the text's colour. With the
  icons' ::before glyph emptied, and the themes' own glyph icons (admonition titles, external links,
  breadcrumbs) drawn the same way, the browser never asks for the fonts.
- One stylesheet per page instead of fourteen (each a round trip before the first paint on a slow network):
  _static/bundle-<hash>.css, the same files in the same order, @imports inlined.
- The local scripts load deferred (same order, after the HTML is parsed), except documentation_options.js,
  which an inline script in the body uses while the page is read.
- No search machinery on pages that do not search: the theme loads Sphinx's search scripts and the whole search
  index on every page for a search-as-you-type box this site does not turn on (its search box opens search.html).
- No Thebe: sphinx-thebe's script, stylesheet and configuration (a CDN address among them) are on every page,
  but the site has no live-code button that would use them.
- MathJax only on pages that show maths (Sphinx counts a page's toctree children too, so the landing page
  loaded it for nothing), and there after the page has loaded (or as soon as the reader nears the first
  piece of maths, or the page is printed: tools/course_pdf.py waits on MathJax.startup.promise, which loads it).
- The snapshots of explorers and the PNG under each static twin were inlined as base64 (up to 200 KB of a
  chapter's HTML); they become files under _images/. Every figure loads lazily (as the reader nears it).
- Vega, Vega-Lite and Vega-Embed load after the page (the load event): the twin's PNG snapshot shows until
  Vega has drawn the live chart over it, so a reader sees the figure at once, and the 270 KB of Vega no longer
  hold up the first paint. A small stand-in `vegaEmbed` (the function the twins call) fetches the three
  scripts in order and hands each chart to the real one.
- Hover previews (sphinx-tippy) survive incremental builds: the tip sources of pages a build does not rewrite
  are kept between builds, and tip files no page loads are deleted.
"""
import base64
import hashlib
import html
import json
import os
import pickle
import re
from pathlib import Path
from urllib.parse import urlsplit

ICONS_CSS = "course-icons.css"
VEGA_FILES = ("vendor/vega/build/vega.min.js", "vendor/vega-lite/build/vega-lite.min.js",
              "vendor/vega-embed/build/vega-embed.min.js")
# Icons a theme script inserts after the page has loaded (pydata-sphinx-theme.js: the search dialog's close button).
SCRIPT_ICONS = {"xmark"}
# Font Awesome's own modifier classes, not icons.
NOT_ICONS = {"solid", "regular", "brands", "lg", "xs", "sm", "xl", "2xl", "fw", "spin", "pulse", "border",
             "pull-left", "pull-right", "inverse", "stack", "stack-1x", "stack-2x", "ul", "li", "beat", "fade",
             "flip", "shake", "bounce", "rotate-90", "rotate-180", "rotate-270", "flip-horizontal",
             "flip-vertical", "flip-both", "sr-only", "2x", "3x", "4x", "5x", "6x", "7x", "8x", "9x", "10x", "1x"}
PACKS = {"fab": "brands", "far": "regular", "fas": "solid"}


def font_awesome_js():
    import pydata_sphinx_theme
    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / \
        "fontawesome.js"


ENTRY = re.compile(r'(?:(?<=[{,])|^)("?)(?P<name>[a-z0-9-]+)\1:\[(?P<w>\d+),(?P<h>\d+),\[(?P<aliases>[^\]]*)\],'
                   r'"(?P<code>[0-9a-f]+)","(?P<path>[^"]+)"\]')
PACK = re.compile(r'var p=(?P<body>\{.*?\});.*?d\("(?P<prefix>fa[brs])",p\)', re.S)


def icon_paths(source=None):
    """{pack: {name or code point: (width, height, svg path)}} from Font Awesome's all.js as the theme ships it
    (aliases too)."""
    text = Path(source or font_awesome_js()).read_text("utf-8")
    packs = {}
    for pack in PACK.finditer(text):
        icons = packs.setdefault(PACKS[pack["prefix"]], {})
        for entry in ENTRY.finditer(pack["body"]):
            shape = (int(entry["w"]), int(entry["h"]), entry["path"])
            icons[entry["name"]] = shape
            icons.setdefault(int(entry["code"], 16), shape)  # the font's code point, for the themes' CSS glyphs
            for alias in re.findall(r'"([a-z0-9-]+)"', entry["aliases"]):
                icons.setdefault(alias, shape)
    return packs


ICON_CLASS = re.compile(r'class="([^"]*\bfa(?:-solid|-regular|-brands|[srb]?)\b[^"]*)"')


def icons_named(markup):
    """{(pack, name)} for every Font Awesome icon an HTML page names in a class attribute."""
    found = set()
    for classes in ICON_CLASS.findall(markup):
        words = classes.split()
        pack = "brands" if {"fab", "fa-brands"} & set(words) else \
            "regular" if {"far", "fa-regular"} & set(words) else "solid"
        found |= {(pack, w[3:]) for w in words if w.startswith("fa-") and w[3:] not in NOT_ICONS}
    return found


def icons_css(named, packs):
    """A stylesheet that draws each named icon as a mask in currentColor, sized like Font Awesome's glyphs."""
    lines = ["/* Written by _ext/page_weight.py from the theme's Font Awesome: only the icons the site shows. */",
             ":is(.fa, .fas, .fa-solid, .far, .fa-regular, .fab, .fa-brands)::before {",
             "  content: '' !important; display: inline-block; width: var(--course-icon-width, 1em); height: 1em;",
             "  vertical-align: -0.125em; background-color: currentColor;",
             "  -webkit-mask: var(--course-icon) center / contain no-repeat; mask: var(--course-icon) center / contain no-repeat;",
             "}",
             ":is(.fa, .fas, .fa-solid, .far, .fa-regular, .fab, .fa-brands) { font-family: inherit !important; }"]
    missing = []
    for pack, name in sorted(named):
        shape = packs.get(pack, {}).get(name) or packs.get("solid", {}).get(name)
        if shape is None:
            missing.append(f"{pack} {name}")
            continue
        image, ratio = mask(shape)
        selector = {"brands": ":is(.fab, .fa-brands)", "regular": ":is(.far, .fa-regular)"}.get(
            pack, ":not(.fab):not(.fa-brands):not(.far):not(.fa-regular)")
        lines.append(f'.fa-{name}{selector} {{ --course-icon: {image}; --course-icon-width: {ratio:.4g}em; }}')
    return "\n".join(lines) + "\n", missing


def mask(shape):
    width, height, path = shape
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
    uri = svg.replace('"', "'").replace("<", "%3C").replace(">", "%3E").replace("#", "%23")
    return f'url("data:image/svg+xml,{uri}")', width / height


FA_FONT = re.compile(r'font(?:-family)?:[^;]*(?:--fa-font-(?P<var>solid|regular|brands)|Font Awesome\\? 6 (?P<family>Free|Brands))')
CUSTOM = re.compile(r'(--[\w-]+):\s*(?:"(?P<text>\\[0-9a-fA-F]+|[^"])"|var\((?P<ref>--[\w-]+)\))')
RULE = re.compile(r'([^{}]+)\{([^{}]*)\}')
CONTENT = re.compile(r'content:\s*(?:var\((?P<ref>--[\w-]+)\)|"(?P<text>\\[0-9a-fA-F]+|[^"])")')


def code_point(text):
    return int(text[1:], 16) if text.startswith("\\") else ord(text)


def glyph_rules(css_texts, packs):
    """Overrides for the themes' own pseudo-element icons (admonition titles, external links, breadcrumbs,
    "on this page"): each rule that draws a glyph with a Font Awesome font, its glyph drawn as a mask instead."""
    texts = [re.sub(r"/\*.*?\*/", "", t, flags=re.S) for t in css_texts]
    custom = {}
    for text in texts:
        for m in CUSTOM.finditer(text):
            custom.setdefault(m[1], ("text", m["text"]) if m["text"] else ("ref", m["ref"]))

    def resolve(name, depth=0):
        kind, value = custom.get(name, (None, None))
        if kind == "ref" and depth < 5:
            return resolve(value, depth + 1)
        return code_point(value) if kind == "text" else None

    rules = []
    for text in texts:
        for m in RULE.finditer(text):
            selector, declarations = m[1].strip(), m[2]
            font, content = FA_FONT.search(declarations), CONTENT.search(declarations)
            # a rule that sets the font and a glyph, or (admonition kinds) only another glyph through a variable
            if not content or selector.startswith("@") or not (font or content["ref"]):
                continue
            code = resolve(content["ref"]) if content["ref"] else code_point(content["text"])
            if code is None or not 0xE000 <= code <= 0xF8FF:  # Font Awesome's glyphs are in the private use area
                continue
            pack = "brands" if font and (font["var"] == "brands" or font["family"] == "Brands") else \
                "regular" if font and font["var"] == "regular" else "solid"
            shape = packs.get(pack, {}).get(code) or packs.get("solid", {}).get(code)
            if shape is None:
                continue
            image, ratio = mask(shape)
            drawn = (f"width:{ratio:.4g}em;-webkit-mask:{image} center/contain no-repeat;"
                     f"mask:{image} center/contain no-repeat")
            if font:
                # the glyph sat in a line-height box; the mask box is 1em high, so centre it in that line
                centre = "top:calc(0.4rem + 0.25em);" if "admonition-title:after" in selector else ""
                rules.append(f"{selector}{{content:''!important;font-family:inherit!important;display:inline-block;"
                             f"height:1em;vertical-align:-0.125em;background-color:currentColor;{centre}{drawn}}}")
            else:
                rules.append(f"{selector}{{{drawn}}}")
    return rules


def write_icons_css(app, exception):
    """build-finished: the icon stylesheet for every icon the built pages name."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    named = {(pack, name) for pack in ("solid",) for name in SCRIPT_ICONS}
    for page in pages_of(out):
        named |= icons_named(page.read_text("utf-8"))
    packs = icon_paths()
    css, missing = icons_css(named, packs)
    theirs = [f.read_text("utf-8") for f in (out / "_static").rglob("*.css")
              if f.name != ICONS_CSS and not f.name.startswith("bundle-")]
    css += "/* The themes' own glyph icons (their CSS draws them with the icon font). */\n" + \
        "\n".join(dict.fromkeys(glyph_rules(theirs, packs))) + "\n"
    if missing:
        from sphinx.util import logging
        logging.getLogger(__name__).warning("page_weight: no Font Awesome path for %s", ", ".join(missing))
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / ICONS_CSS).write_text(css, "utf-8")


def pages_of(out):
    """The site's own HTML pages (not JupyterLite's, which carries its own)."""
    return [p for p in Path(out).rglob("*.html") if p.relative_to(out).parts[0] not in ("lite", "_static", "vendor")]


FONT_AWESOME_TAG = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
SEARCH_TAGS = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                         r'searchindex\.js)"></script>\n?')
THEBE_CONFIG = re.compile(r'[ \t]*<script type="text/x-thebe-config">.*?</script>\n?', re.S)


def lighten_pages(app, exception):
    """build-finished: take the theme's fixed script tags out of each page (they are in its template, not in
    Sphinx's list of scripts): Font Awesome's JavaScript, the search scripts on pages other than search.html,
    and sphinx-thebe's unused configuration block."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in pages_of(out):
        text = page.read_text("utf-8")
        lighter = FONT_AWESOME_TAG.sub("", text)
        lighter = THEBE_CONFIG.sub("", lighter)
        if page.relative_to(out).as_posix() != "search.html":
            lighter = SEARCH_TAGS.sub("", lighter)
        if lighter != text:
            page.write_text(lighter, "utf-8")


# MathJax (263 KB gzipped) loads once the page has loaded and the browser is idle, or earlier (after the first
# paint, so it does not compete with the stylesheet) when the first piece of maths is within about a screen, when something asks for MathJax.startup.promise
# (tools/course_pdf.py waits on it before printing), or before the browser prints. MathJax 3 typesets the whole
# page once it has loaded.
MATHJAX_LOADER = """(function () {
  var src = %s, loading = null;
  function load() {
    if (!loading) loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src; script.async = true;
      script.onload = function () { resolve(window.MathJax.startup.promise); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }
  var config = window.MathJax = window.MathJax || {};
  var startup = config.startup = config.startup || {};
  Object.defineProperty(startup, "promise", {configurable: true, enumerable: false, get: load});
  window.addEventListener("beforeprint", load);
  function watch() {
    var maths = document.querySelectorAll(".math");
    if (!maths.length || !("IntersectionObserver" in window)) { load(); return; }
    var near = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { near.disconnect(); load(); }
    }, {rootMargin: "1000px 0px"});
    maths.forEach(function (m) { near.observe(m); });
  }
  function afterFirstPaint() {  /* frames run once the page can render, so this starts after the first paint */
    requestAnimationFrame(function () { requestAnimationFrame(watch); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFirstPaint);
  else afterFirstPaint();
  function idle() { (window.requestIdleCallback || setTimeout)(load, {timeout: 3000}); }
  if (document.readyState === "complete") idle(); else window.addEventListener("load", idle);
})();"""


def unused_assets(app, pagename, templatename, context, doctree):
    """Drop sphinx-thebe's files and, on a page without maths, MathJax and its configuration; on a page with
    maths, MathJax loads as the reader nears it (MATHJAX_LOADER)."""
    body = context.get("body", "")
    has_maths = 'class="math' in body or "\\(" in body or "\\[" in body
    scripts = context.get("script_files")
    if scripts is not None:
        def needed(script):
            name = str(getattr(script, "filename", script) or "")
            inline = str(getattr(script, "attributes", {}).get("body", ""))
            if "sphinx-thebe" in name or "THEBE_JS_URL" in inline:
                return False
            if not has_maths and ("mathjax" in name.lower() or inline.startswith("window.MathJax")):
                return False
            return True
        kept = []
        for script in scripts:
            name = str(getattr(script, "filename", script) or "")
            if not needed(script):
                continue
            if has_maths and "mathjax" in name.lower() and not urlsplit(name).scheme:
                from sphinx.builders.html._assets import _JavaScript
                target = name.split("?")[0]  # relative to _static/ (mathjax_path), or already under it
                target = target if target.startswith("_static/") else "_static/" + target
                src = context["pathto"](os.path.normpath(target).replace(os.sep, "/"), 1)
                script = _JavaScript("", body=MATHJAX_LOADER % json.dumps(src),
                                     priority=getattr(script, "priority", 500))
            kept.append(script)
        context["script_files"] = kept
    css = context.get("css_files")
    if css is not None:
        context["css_files"] = [c for c in css if "sphinx-thebe" not in str(getattr(c, "filename", c))]


DATA_PNG = re.compile(r'(<img (?:loading="lazy" )?class="(?:vega-twin-fallback|explorer-snapshot-image)"[^>]*?) '
                      r'src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)"')


IMG_WITHOUT_LOADING = re.compile(r'<img (?![^>]*\bloading=)')


def snapshot_stem(data):
    """The name (without .png) under _images/ of an inlined snapshot PNG: named by its content."""
    return f"snapshot-{hashlib.sha256(data).hexdigest()[:20]}"


def snapshots_as_files(app, pagename, templatename, context, doctree):
    """Write each inlined snapshot PNG to _images/ (named by its content) and load it lazily from there; every
    other figure of the page loads lazily too (when the reader scrolls near it)."""
    body = IMG_WITHOUT_LOADING.sub('<img loading="lazy" ', context.get("body", ""))
    context["body"] = body
    if "data:image/png;base64," not in body:
        return
    images = Path(app.outdir, "_images")
    images.mkdir(parents=True, exist_ok=True)

    def to_file(match):
        data = base64.b64decode(match["data"])
        name = f"{snapshot_stem(data)}.png"
        target = images / name
        if not target.exists():
            target.write_bytes(data)
        src = context["pathto"](f"_images/{name}", 1)
        return f'{match[1]} decoding="async" src="{html.escape(src)}"'

    context["body"] = DATA_PNG.sub(to_file, body)


STYLESHEET = re.compile(r'[ \t]*<link (?=[^>]*rel="stylesheet")[^>]*href="(?P<href>[^"]+)"[^>]*>\n?')
CSS_URL = re.compile(r'url\((?P<q>[\'"]?)(?P<url>[^)\'"]+)(?P=q)\)')
CSS_IMPORT = re.compile(r'@import\s+(?:url\()?[\'"]?(?P<url>[^\'")]+)[\'"]?\)?\s*;')
BUNDLE_HEADER = "/* One stylesheet for a page's many (_ext/page_weight.py), in order: "


def css_for_bundle(path, static, seen=()):
    """A stylesheet's text with its @imports inlined and its url()s made relative to _static/."""
    text = path.read_text("utf-8")
    folder = path.parent

    def rebase(match):
        url = match["url"].strip()
        if urlsplit(url).scheme or url.startswith(("/", "#", "data:")):
            return match[0]
        target = os.path.normpath(folder / url.split("?")[0].split("#")[0])
        return f'url("{Path(os.path.relpath(target, static)).as_posix()}")'

    def inline(match):
        target = Path(os.path.normpath(folder / match["url"]))
        if urlsplit(match["url"]).scheme or target in seen or not target.is_file():
            return match[0]
        return css_for_bundle(target, static, (*seen, target))

    return CSS_URL.sub(rebase, CSS_IMPORT.sub(inline, text))


def write_bundle(static, name, members):
    body = "\n".join(css_for_bundle(static.parent / member, static) for member in members)
    (static / name).write_text(BUNDLE_HEADER + " ".join(members) + " */\n" + body, "utf-8")


def bundle_stylesheets(app, exception):
    """build-finished: each page's stylesheets (fourteen requests, each a round trip before the first paint)
    as one file, _static/bundle-<hash of the list>.css, in the same order. Bundles that only pages left
    unchanged by an incremental build still name are rewritten too, so none goes stale."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    bundles = {}
    for page in pages_of(out):
        text = page.read_text("utf-8")
        head = text[:text.find("</head>")]
        links = [m for m in STYLESHEET.finditer(head) if not urlsplit(m["href"]).scheme]
        if len(links) < 2 or any("bundle-" in m["href"] for m in links):
            continue
        members = [Path(os.path.relpath(os.path.normpath(page.parent / m["href"].split("?")[0]), out)).as_posix()
                   for m in links]
        if not all((out / member).is_file() for member in members):
            continue
        name = "bundle-" + hashlib.sha256("\n".join(members).encode()).hexdigest()[:16] + ".css"
        bundles[name] = members
        href = Path(os.path.relpath(static / name, page.parent)).as_posix()
        first, rest = links[0], links[1:]
        lighter = head[:first.start()] + f'<link rel="stylesheet" type="text/css" href="{href}" />\n'
        position = first.end()
        for link in rest:
            lighter += head[position:link.start()]
            position = link.end()
        lighter += head[position:]
        page.write_text(lighter + text[len(head):], "utf-8")
    for old in static.glob("bundle-*.css"):
        if old.name not in bundles:
            header = old.read_text("utf-8").split("\n", 1)[0]
            if header.startswith(BUNDLE_HEADER):
                bundles[old.name] = header[len(BUNDLE_HEADER):-3].split()
    for name, members in bundles.items():
        if all((out / member).is_file() for member in members):
            write_bundle(static, name, members)


# Scripts the pages' inline code calls while the page is read (documentation_options.js defines
# DOCUMENTATION_OPTIONS, which an inline script in the body sets); every other local script can wait.
KEEP_BLOCKING = ("documentation_options.js",)


def defer_scripts(app, pagename, templatename, context, doctree):
    """The theme's and extensions' local scripts load deferred (in the same order, after the page is parsed)
    instead of each holding up the first paint."""
    from sphinx.builders.html._assets import _JavaScript
    scripts = context.get("script_files")
    if not scripts:
        return
    deferred = []
    for script in scripts:
        name = str(getattr(script, "filename", script) or "")
        attributes = dict(getattr(script, "attributes", {}))
        if name and not urlsplit(name).scheme and not name.endswith(KEEP_BLOCKING) and \
                not {"async", "defer"} & set(attributes) and attributes.get("loading_method") is None:
            script = _JavaScript(name, priority=getattr(script, "priority", 500), **attributes, defer="defer")
        deferred.append(script)
    context["script_files"] = deferred


# Stands in for vegaEmbed until the page has loaded, then fetches Vega, Vega-Lite and Vega-Embed (in that order,
# in parallel) and passes every chart the twins asked for to the real vegaEmbed.
VEGA_LOADER = """(function () {
  var files = %s, ready = null;
  function load() {
    return new Promise(function (resolve, reject) {
      files.forEach(function (src, i) {
        var script = document.createElement("script");
        script.src = src; script.async = false;
        script.onerror = function () { reject(new Error("could not load " + src)); };
        if (i === files.length - 1) script.onload = function () { resolve(window.vegaEmbed); };
        document.head.appendChild(script);
      });
    });
  }
  window.vegaEmbed = function (el, spec, opts) {
    if (!ready) ready = new Promise(function (resolve) {
      if (document.readyState === "complete") resolve(); else window.addEventListener("load", resolve);
    }).then(load);
    return ready.then(function (embed) { return embed(el, spec, opts); });
  };
})();"""


def vega_after_load(app, pagename, templatename, context, doctree):
    """On a page with a static twin, the stand-in vegaEmbed instead of three blocking script tags."""
    if "vega-twin" not in context.get("body", ""):
        return
    files = [context["pathto"](path, 1) for path in VEGA_FILES]
    scripts = context.get("script_files") or []
    kept = [s for s in scripts if not any(p in str(getattr(s, "filename", s) or "") for p in VEGA_FILES)]
    from sphinx.builders.html._assets import _JavaScript
    kept.append(_JavaScript("", body=VEGA_LOADER % json.dumps(files), priority=600))
    context["script_files"] = kept


TIPS_STORE = "tippy-pages.pickle"  # in the doctree folder, beside Sphinx's own pickles (not published)


def earlier_tips(app, builder):
    """write-started: the hover previews of the pages an incremental build does not rewrite. sphinx-tippy keeps
    each page's tip sources only for the pages it writes in this run, so a chapter rewritten alone lost its
    previews of the glossary; this hands it what the last build collected."""
    path = Path(app.doctreedir, TIPS_STORE)
    if app.builder.format != "html" or not path.exists():
        return
    try:
        pages = pickle.loads(path.read_bytes())
    except Exception:  # an unreadable store only means a full set of tips must wait for the pages' rewrite
        return
    from sphinx_tippy import get_tippy_data
    stored = get_tippy_data(app)["pages"]
    for name, page in pages.items():
        if name in app.env.all_docs:
            stored.setdefault(name, page)


def keep_tips(app, exception):
    """build-finished, after sphinx-tippy wrote its files: store the tip sources for the next build, and delete
    the tip files no page loads any more (sphinx-tippy names each run's file anew and leaves the old ones)."""
    data = getattr(app.env, "tippy_data", None)
    if exception or app.builder.format != "html" or data is None:
        return
    Path(app.doctreedir, TIPS_STORE).write_bytes(pickle.dumps(data["pages"]))
    out = Path(app.outdir)
    loaded = set()
    for page in pages_of(out):
        for src in re.findall(r'src="([^"]*_static/tippy/[^"]+\.js)"', page.read_text("utf-8")):
            loaded.add(Path(os.path.normpath(page.parent / src)))
    for tip_file in (out / "_static" / "tippy").rglob("*.js"):
        if tip_file not in loaded:
            tip_file.unlink()


def preview_address(app, config):
    """The link preview's absolute addresses (og:url, og:image) from the one place the site's address is kept,
    and its site name from the book's title."""
    if not getattr(config, "ogp_site_url", None) and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl
    if getattr(config, "ogp_site_name", None) is None and config.html_title:
        config.ogp_site_name = config.html_title  # Sphinx's project name is not set: the book's title


def setup(app):
    app.connect("config-inited", preview_address)
    app.add_css_file(ICONS_CSS, priority=900)
    app.add_css_file("previews.css", priority=900)  # _static/previews.css: the hover previews' look
    app.connect("html-page-context", snapshots_as_files, priority=420)  # before sphinx-tippy reads the body (450)
    app.connect("html-page-context", unused_assets, priority=880)
    app.connect("html-page-context", vega_after_load, priority=880)  # after course_site added the Vega files
    app.connect("html-page-context", defer_scripts, priority=890)  # after the scripts are all listed
    app.connect("write-started", earlier_tips)
    app.connect("build-finished", keep_tips, priority=800)  # after sphinx-tippy wrote this build's tip files
    app.connect("build-finished", lighten_pages)
    app.connect("build-finished", write_icons_css, priority=600)  # after Sphinx and the extensions wrote theirs
    app.connect("build-finished", bundle_stylesheets, priority=700)  # after the icon stylesheet exists
    return {"parallel_read_safe": True, "parallel_write_safe": True}
