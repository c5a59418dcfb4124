"""What the explorers' static twins are built from: sliders that work on the static site, with no kernel behind them.

Each twin is a Vega-Lite spec written as a plain dict. Its sliders are Vega-Lite parameters bound to
range inputs; what the explorer computes in Python is computed again as Vega expressions (derived
parameters), and a text readout under the chart prints those values, for screen readers and for
the test that checks them against the Python functions. The explorer's display bundle carries the
twin as text/html: Jupyter shows the live widget instead; the static site shows the twin, or, with
JavaScript off, the PNG inside it. The site serves Vega itself (tools/vendor_js.py).

Each chapter's twins sit beside their explorers, in `explorers/<slug>.py`, named after them
(`automation_explorer` -> `automation_twin`).
"""
import base64
import html
import json
import uuid

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched
LN10 = "LN10"


# Keys whose strings Vega-Lite reads as field names (or that name a field a later step reads). Vega-Lite
# reads "a.b" as field b inside field a, and "a[0]" as an index: such names find nothing and draw nothing.
FIELD_KEYS = ("field", "fields", "fold", "flatten", "as", "groupby")
FIELD_PATH_CHARACTERS = ".[]"


def field_names(spec):
    """Every field name a spec uses or makes (in encodings, folds, flattens, calculates), with repeats."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in FIELD_KEYS:
                yield from ([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
                            if isinstance(value, list) else [])
            yield from field_names(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from field_names(item)


def check_field_names(spec):
    """Raise ValueError if a field name holds '.', '[' or ']', which Vega-Lite would read as a nested path."""
    bad = sorted({name for name in field_names(spec) if any(c in name for c in FIELD_PATH_CHARACTERS)})
    if bad:
        raise ValueError(f"Vega-Lite reads '.', '[' and ']' in a field name as a path into nested data, so "
                         f"these fields would draw nothing: {bad}; rename them (put labels in the data instead).")
    return spec


def slider(name, value, low, high, step, label):
    return {"name": name, "value": value, "bind": {"input": "range", "min": low, "max": high, "step": step,
                                                   "name": label + " "}}


def derived(name, expr):
    return {"name": name, "expr": expr}


def guide_rule(axis, expr, color="#444"):
    """A dashed line across the chart at the value of a Vega expression, on the x or y axis."""
    return {"mark": {"type": "rule", "strokeDash": [4, 4], "color": color},
            "encoding": {axis: {"datum": {"expr": expr}, "type": "quantitative"}}}


def current_point(x_expr, y_expr):
    """The slider setting's point on the curve, at two Vega expressions."""
    return {"mark": {"type": "point", "filled": True, "size": 120, "color": "#D55E00"},
            "encoding": {"x": {"datum": {"expr": x_expr}, "type": "quantitative"},
                         "y": {"datum": {"expr": y_expr}, "type": "quantitative"}}}


# The look the matplotlib figures have (DejaVu Sans, 10-12 px text, the Okabe-Ito colours), for every twin.
FONT = "'DejaVu Sans', Verdana, 'Helvetica Neue', Arial, sans-serif"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
COURSE_CONFIG = {
    "font": FONT,
    "background": "white",  # a figure is white paper in both themes, as the PNG figures are
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal", "labelColor": "#222",
             "titleColor": "#222", "gridColor": "#e6e6e6", "domainColor": "#444", "tickColor": "#444"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal", "labelLimit": 320,
               "labelColor": "#222", "titleColor": "#222"},
    "range": {"category": OKABE_ITO},
    "view": {"stroke": "#bbb"},
}
# Wide charts follow their column's width (a phone's 358 px as a desktop's 680); small square ones (whose
# axes must keep one scale) keep their size.
FIT_WIDTH_FROM = 400
# Below this many pixels of column, legends go under the chart, one entry a line (set when the page opens).
NARROW = 560
TITLE_SIGNAL = "twin_title"


def _merged(base, override):
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) \
            else value
    return merged


def course_spec(spec, alt):
    """The spec as the page draws it: the course's look, the column's width, the alt text as the chart's
    accessible description, and the title as a signal, so the page shows it as text that wraps on a phone."""
    spec = dict(spec)
    spec["config"] = _merged(COURSE_CONFIG, spec.get("config", {}))
    spec.setdefault("description", alt)  # Vega gives the SVG this as its aria-label
    if isinstance(spec.get("width"), (int, float)) and spec["width"] >= FIT_WIDTH_FROM:
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding", "resize": True}
    title = spec.pop("title", None)
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, dict) and "expr" in text:
        spec["params"] = list(spec.get("params", [])) + [derived(TITLE_SIGNAL, text["expr"])]
        text = None
    return spec, text


def twin_html(spec, readout, png, alt):
    """The HTML of a twin: title, chart, readout, the PNG as a fallback, the spec, and the few lines that start it."""
    check_field_names(spec)
    spec, title = course_spec(spec, alt)
    twin_id = "twin-" + uuid.uuid4().hex[:12]
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return f"""<div class="vega-twin" id="{twin_id}" data-readout='{html.escape(json.dumps(readout))}'>
<p class="vega-twin-title">{html.escape(title or "")}</p>
<div class="vega-twin-chart"></div>
<img class="vega-twin-fallback" src="data:image/png;base64,{png}" alt="{html.escape(alt)}">
<p class="vega-twin-readout" aria-live="polite"></p>
<script type="application/json" class="vega-twin-spec">{spec_json}</script>
<script>(function () {{
  var root = document.getElementById("{twin_id}");
  function start() {{
    if (!window.vegaEmbed) return;  /* no Vega on this page: the snapshot stays */
    var spec = JSON.parse(root.querySelector(".vega-twin-spec").textContent);
    var names = JSON.parse(root.dataset.readout);
    var chart = root.querySelector(".vega-twin-chart");
    if (chart.clientWidth < {NARROW}) {{  /* a phone: the legend under the chart, one entry a line */
      spec.config.legend = Object.assign({{}}, spec.config.legend, {{orient: "bottom", direction: "vertical", columns: 1}});
    }}
    vegaEmbed(chart, spec, {{actions: false, renderer: "svg"}}).then(function (result) {{
      root.querySelector(".vega-twin-fallback").style.display = "none";
      var view = result.view, out = root.querySelector(".vega-twin-readout");
      var heading = root.querySelector(".vega-twin-title");
      function show() {{
        out.textContent = names.map(function (n) {{ return n + " = " + String(view.signal(n)); }}).join("; ");
        try {{ heading.textContent = String(view.signal("{TITLE_SIGNAL}")); }} catch (e) {{ /* a fixed title */ }}
      }}
      names.forEach(function (n) {{ view.addSignalListener(n, show); }});
      try {{ view.addSignalListener("{TITLE_SIGNAL}", show); }} catch (e) {{ /* a fixed title */ }}
      show();
    }});
  }}
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
}})();</script>
</div>"""


def bundle_html(twin, png_bytes):
    """text/html for an explorer's display bundle, from its twin (spec, readout, alt) and current PNG."""
    spec, readout, alt = twin
    return twin_html(spec, readout, base64.b64encode(png_bytes).decode("ascii"), alt)


def log10_expr(expr):
    """A Vega expression for the base-10 logarithm of another."""
    return f"(log({expr}) / {LN10})"
