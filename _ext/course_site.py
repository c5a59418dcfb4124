"""Sphinx extension for the static course site: nothing from a CDN.

- Drops the ipywidgets embedding scripts (require.js and the widget manager, from CDNs) and the
  stored widget state that myst-nb would add to every notebook page: the static pages show each
  explorer's static twin or its PNG instead, and no kernel stands behind them.
- Loads the vendored Vega, Vega-Lite and Vega-Embed (tools/vendor_js.py, served from /vendor/)
  on the pages that hold an explorer's static twin, and on no others.
"""

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


def setup(app):
    app.connect("env-updated", drop_widget_scripts)
    app.connect("html-page-context", add_vega_where_needed, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
