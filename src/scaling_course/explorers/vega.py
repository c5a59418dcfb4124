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


def slider(name, value, low, high, step, label, shows=None):
    """A range input bound to parameter `name`. `shows`: a Vega expression for what the slider shows beside it
    (and tells screen readers), in the quantity the text uses, e.g. "n" for a slider that moves an index."""
    param = {"name": name, "value": value, "bind": {"input": "range", "min": low, "max": high, "step": step,
                                                    "name": label + " "}}
    if shows is not None:
        param[SHOWS] = shows  # taken out again by course_spec(), which makes it a signal the page reads
    return param


def with_sentence(spec, expr):
    """The spec with a Vega expression for its readout: one sentence with units, which the page shows under the
    chart instead of the list of values (the values stay in the readout's data-values attribute)."""
    if expr.replace("\\'", "").count("'") % 2:  # an apostrophe inside a '...' string: Vega cannot parse it
        raise ValueError(f"the readout sentence has an unbalanced quote (write around apostrophes): {expr[:60]}...")
    return {**spec, "usermeta": {**spec.get("usermeta", {}), "sentence": expr}}


def count_expr(expr, digits=2):
    """A Vega expression writing a count as the course does: 73 B, 1.3 T, 450 M (`digits` significant)."""
    fmt = f"'.{digits}~r'"
    return (f"({expr} >= 1e12 ? format({expr} / 1e12, {fmt}) + ' T' : {expr} >= 1e9 ? format({expr} / 1e9, {fmt}) + "
            f"' B' : {expr} >= 1e6 ? format({expr} / 1e6, {fmt}) + ' M' : format({expr}, ',.0f'))")


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
# Shown, as page text, only while the snapshot stands in for the chart (no JavaScript, or no Vega).
NO_SCRIPT_NOTE = ("Snapshot: with JavaScript on, this page draws the chart with sliders; run the notebook "
                  "(Binder, Colab or locally) for the full explorer.")
TITLE_SIGNAL = "twin_title"
SENTENCE_SIGNAL = "twin_sentence"
SHOWS = "shows"  # a slider's displayed value: signal "shows_<name>"


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
    params, shown = [], []
    for param in spec.get("params", []):
        if SHOWS in param:
            param = dict(param)
            shown.append(derived(f"{SHOWS}_{param['name']}", param.pop(SHOWS)))
        params.append(param)
    spec["params"] = params + shown  # after every parameter they may read
    usermeta = dict(spec.pop("usermeta", {}))
    if "sentence" in usermeta:
        spec["params"] = spec["params"] + [derived(SENTENCE_SIGNAL, usermeta.pop("sentence"))]
    if usermeta:
        spec["usermeta"] = usermeta
    _years_without_commas(spec)
    title = spec.pop("title", None)
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, dict) and "expr" in text:
        spec["params"] = list(spec.get("params", [])) + [derived(TITLE_SIGNAL, text["expr"])]
        text = None
    return spec, text


def _years_without_commas(spec):
    """Axes of a field called "year" print 2024, not the thousands-grouped 2,024 (in place)."""
    if isinstance(spec, dict):
        for channel, encoding in spec.get("encoding", {}).items():
            if isinstance(encoding, dict) and encoding.get("field") == "year" and channel in ("x", "y"):
                axis = encoding.setdefault("axis", {})
                if isinstance(axis, dict):
                    axis.setdefault("format", "d")
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for part in spec.get(key, []):
                _years_without_commas(part)


def twin_html(spec, readout, png, alt):
    """The HTML of a twin: title, chart, readout, the PNG as a fallback, the spec, and the few lines that start it."""
    check_field_names(spec)
    spec, title = course_spec(spec, alt)
    twin_id = "twin-" + uuid.uuid4().hex[:12]
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return f"""<div class="vega-twin" id="{twin_id}" data-readout='{html.escape(json.dumps(readout))}'>
<p class="vega-twin-title">{html.escape(title or "")}</p>
<div class="vega-twin-chart"></div>
<p class="vega-twin-note">{html.escape(NO_SCRIPT_NOTE)}</p>
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
      root.querySelector(".vega-twin-note").style.display = "none";
      var view = result.view, out = root.querySelector(".vega-twin-readout");
      var heading = root.querySelector(".vega-twin-title");
      function signal(name) {{ try {{ return view.signal(name); }} catch (e) {{ return undefined; }} }}
      var sliders = Array.prototype.slice.call(chart.querySelectorAll("input[type=range]"));
      function show() {{
        var values = {{}};
        names.forEach(function (n) {{ values[n] = String(view.signal(n)); }});
        out.dataset.values = JSON.stringify(values);  /* exact, for tests and anyone who wants the numbers */
        var sentence = signal("{SENTENCE_SIGNAL}");
        out.textContent = sentence !== undefined ? String(sentence)
          : names.map(function (n) {{ return n + " = " + values[n]; }}).join("; ");
        var title = signal("{TITLE_SIGNAL}");
        if (title !== undefined) heading.textContent = String(title);
        sliders.forEach(function (input) {{
          var shown = signal("{SHOWS}_" + input.name);
          if (shown === undefined) return;
          input.setAttribute("aria-valuetext", String(shown));
          if (input.nextElementSibling) input.nextElementSibling.textContent = String(shown);
        }});
      }}
      names.forEach(function (n) {{ view.addSignalListener(n, show); }});
      ["{TITLE_SIGNAL}", "{SENTENCE_SIGNAL}"].concat(sliders.map(function (input) {{ return input.name; }}))
        .forEach(function (n) {{ if (signal(n) !== undefined) view.addSignalListener(n, show); }});
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
