"""Static twins of the explorers: sliders that work on the static site, with no kernel behind them.

Each twin is a Vega-Lite spec written as a plain dict. Its sliders are Vega-Lite parameters bound to
range inputs; what the explorer computes in Python is computed again as Vega expressions (derived
parameters), and a text readout under the chart prints those values, for screen readers and for
the test that checks them against the Python functions. The explorer's display bundle carries the
twin as text/html: Jupyter shows the live widget instead; the static site shows the twin, or, with
JavaScript off, the PNG inside it. The site serves Vega itself (tools/vendor_js.py).
"""
import base64
import html
import json
import uuid

import numpy as np

from . import laws

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched
LN10 = "LN10"


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


def twin_html(spec, readout, png, alt):
    """The HTML of a twin: chart, readout, the PNG as a fallback, the spec, and the few lines that start it."""
    twin_id = "twin-" + uuid.uuid4().hex[:12]
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return f"""<div class="vega-twin" id="{twin_id}" data-readout='{html.escape(json.dumps(readout))}'>
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
    vegaEmbed(root.querySelector(".vega-twin-chart"), spec, {{actions: false, renderer: "svg"}}).then(function (result) {{
      root.querySelector(".vega-twin-fallback").style.display = "none";
      var view = result.view, out = root.querySelector(".vega-twin-readout");
      function show() {{
        out.textContent = names.map(function (n) {{ return n + " = " + String(view.signal(n)); }}).join("; ");
      }}
      names.forEach(function (n) {{ view.addSignalListener(n, show); }});
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


def _log10(expr):
    return f"(log({expr}) / {LN10})"


# --- formula twins -----------------------------------------------------------------------------------

def nines(n_nines=1.0, log10_steps=1.0, target=0.9):
    """Chapter 2: task success p^n for p = 1 - 10^-nines, and the per-step reliability a target needs."""
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'p = ' + format(p, '.6f') + ' over ' + steps + ' steps: success ' + format(success, '.1%') + '; for ' + format(target, '.0%') + ' you need p = ' + format(needed, '.6f')"}, "fontSize": 12},
        "params": [slider("nines", n_nines, 1, 6, 0.05, "nines"),
                   slider("log10_steps", log10_steps, 0, 4, 0.05, "log10 steps"),
                   slider("target", target, 0.5, 0.99, 0.01, "target"),
                   derived("p", "1 - pow(10, -nines)"), derived("steps", "round(pow(10, log10_steps))"),
                   derived("success", "pow(p, steps)"), derived("needed", "pow(target, 1 / steps)")],
        "data": {"sequence": {"start": 0, "stop": 4.01, "step": 0.02, "as": "log10_n"}},
        "transform": [{"calculate": "round(pow(10, datum.log10_n))", "as": "n"},
                      {"calculate": "pow(p, datum.n)", "as": "success"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 3},
             "encoding": {"x": {"field": "n", "type": "quantitative", "scale": {"type": "log"},
                                "title": "steps in the task n"},
                          "y": {"field": "success", "type": "quantitative", "scale": {"domain": [0, 1]},
                                "title": "task success p^n"}}},
            current_point("steps", "success"),
        ],
    }
    return spec, ["nines", "log10_steps", "steps", "target", "p", "success", "needed"], \
        "Static twin of the nines explorer: task success against steps for the chosen per-step reliability."


def emergence(answer_length=10, log10_params=10.0):
    """Chapter 2: exact match p^L against per-token accuracy p, for a model of 10^log10_params parameters."""
    loss = "(3 * pow(pow(10, {0}) / 1e7, -0.4))"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'Per-token accuracy rises smoothly; exact match on ' + answer_length + ' tokens looks sudden'"}, "fontSize": 12},
        "params": [slider("answer_length", answer_length, 1, 50, 1, "answer L"),
                   slider("log10_params", log10_params, 6, 13, 0.05, "log10 N"),
                   derived("token_accuracy", f"exp(-{loss.format('log10_params')})"),
                   derived("exact_match", "pow(token_accuracy, answer_length)"),
                   derived("wrong_tokens", "answer_length * (1 - token_accuracy)")],
        "data": {"sequence": {"start": 6, "stop": 13.01, "step": 0.05, "as": "log10_n"}},
        "transform": [{"calculate": f"exp(-{loss.format('datum.log10_n')})", "as": "per token"},
                      {"calculate": "pow(datum['per token'], answer_length)", "as": "exact match"},
                      {"fold": ["per token", "exact match"], "as": ["metric", "score"]}],
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "log10_n", "type": "quantitative", "title": "log10 parameters N"},
                          "y": {"field": "score", "type": "quantitative", "scale": {"domain": [0, 1]},
                                "title": "score"},
                          "color": {"field": "metric", "type": "nominal",
                                    "scale": {"range": ["#D55E00", "#0072B2"]}}}},
            guide_rule("x", "log10_params"),
        ],
    }
    return spec, ["answer_length", "log10_params", "token_accuracy", "exact_match", "wrong_tokens"], \
        "Static twin of the emergence explorer: exact match and per-token accuracy against model size."


def _optimum_exprs(fit, compute="C"):
    """Vega expressions for N_opt, D_opt and the loss there, for one of laws.FITS."""
    c = laws.FITS[fit]
    a, b = c["alpha"], c["beta"]
    n_opt = f"(pow({a} * {c['A']} / ({b} * {c['B']}), 1 / ({a} + {b})) * pow({compute} / 6, {b} / ({a} + {b})))"
    return n_opt, f"({compute} / (6 * {n_opt}))"


def compute_budget(log10_compute=23.77):
    """Chapter 1: the compute-optimal parameters and tokens for a budget, for both sets of constants."""
    params = [slider("log10_compute", log10_compute, 18, 28, 0.25, "log10 FLOPs"),
              derived("C", "pow(10, log10_compute)")]
    readout = ["log10_compute"]
    for fit in ("epoch", "hoffmann"):
        n_opt, d_opt = _optimum_exprs(fit)
        params += [derived(f"n_{fit}", n_opt), derived(f"d_{fit}", d_opt)]
        readout += [f"n_{fit}", f"d_{fit}"]
    n_epoch, _ = _optimum_exprs("epoch", "pow(10, datum.log10_c)")
    n_hoff, _ = _optimum_exprs("hoffmann", "pow(10, datum.log10_c)")
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240, "params": params,
        "title": {"text": {"expr": "'At 10^' + format(log10_compute, '.2f') + ' FLOPs the best model has ' + format(n_epoch, '.2s') + ' parameters on ' + format(d_epoch, '.2s') + ' tokens'"}, "fontSize": 12},
        "data": {"sequence": {"start": 18, "stop": 28.01, "step": 0.1, "as": "log10_c"}},
        "transform": [{"calculate": f"{_log10(n_epoch)}", "as": "replication (Besiroglu et al.)"},
                      {"calculate": f"{_log10(n_hoff)}", "as": "rounded (Hoffmann et al.)"},
                      {"fold": ["replication (Besiroglu et al.)", "rounded (Hoffmann et al.)"],
                       "as": ["constants", "log10_n"]}],
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "log10_c", "type": "quantitative", "title": "log10 training FLOPs"},
                          "y": {"field": "log10_n", "type": "quantitative", "title": "log10 optimal parameters"},
                          "color": {"field": "constants", "type": "nominal",
                                    "scale": {"range": ["#0072B2", "#E69F00"]}}}},
            guide_rule("x", "log10_compute"),
        ],
    }
    return spec, readout, "Static twin of the compute explorer: the optimal model size against the compute budget."


def effective_compute(spend_growth=2.5, hardware_halving_years=2.5, algorithm_doubling_years=1.0, gap_ooms=4.0):
    """Chapter 5: OOMs of effective compute per year from three rates, and the years a gap takes to close."""
    rate = f"({_log10('spend')} + {_log10(2)} / hardware + {_log10(2)} / algorithms)"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 220,
        "title": {"text": {"expr": "format(ooms_per_year, '.2f') + ' orders of magnitude a year: a gap of ' + gap + ' closes in ' + format(years_to_close, '.1f') + ' years'"}, "fontSize": 12},
        "params": [slider("spend", spend_growth, 1.0, 5.0, 0.1, "spend ×/yr"),
                   slider("hardware", hardware_halving_years, 1.0, 5.0, 0.1, "$/FLOP halves (yr)"),
                   slider("algorithms", algorithm_doubling_years, 0.3, 3.0, 0.05, "algos ×2 (yr)"),
                   slider("gap", gap_ooms, 1.0, 8.0, 0.5, "gap (OOMs)"),
                   derived("ooms_per_year", rate), derived("years_to_close", f"gap / {rate}")],
        "data": {"sequence": {"start": 0, "stop": 10.01, "step": 0.5, "as": "years"}},
        "transform": [{"calculate": "datum.years * ooms_per_year", "as": "OOMs gained"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 3},
             "encoding": {"x": {"field": "years", "type": "quantitative", "title": "years from now"},
                          "y": {"field": "OOMs gained", "type": "quantitative", "scale": {"domain": [0, 12]},
                                "title": "orders of magnitude gained"}}},
            guide_rule("y", "gap"),
        ],
    }
    return spec, ["spend", "hardware", "algorithms", "gap", "ooms_per_year", "years_to_close"], \
        "Static twin of the effective-compute explorer: orders of magnitude gained over ten years."


def automation(automated_share=0.9, sigma=0.5, log10_machines=3.0):
    """Chapter 6: the output multiple (1 - f)^(1/rho) and the income share of the tasks people still do."""
    rho = "((sigma - 1) / sigma)"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 220,
        "title": {"text": {"expr": "format(f, '.0%') + ' of tasks automated at σ = ' + format(sigma, '.2f') + ': output ×' + format(output_multiple, ',.1f') + ', human tasks earn ' + format(labour_share, '.0%') + ' of income'"}, "fontSize": 12},
        "params": [slider("f", automated_share, 0, 0.99, 0.01, "automated f"),
                   slider("sigma", sigma, 0.1, 0.95, 0.05, "elasticity σ"),
                   slider("log10_machines", log10_machines, 0, 6, 0.1, "log10 machines"),
                   derived("output_multiple", f"pow(1 - f, 1 / {rho})"),
                   derived("labour_share", f"(1 - f) / ((1 - f) + f * pow(pow(10, log10_machines), {rho}))")],
        "data": {"sequence": {"start": 0, "stop": 0.991, "step": 0.01, "as": "share"}},
        "transform": [{"calculate": f"{_log10(f'pow(1 - datum.share, 1 / {rho})')}", "as": "log10 multiple"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "share", "type": "quantitative", "title": "share of tasks automated f"},
                          "y": {"field": "log10 multiple", "type": "quantitative", "scale": {"domain": [0, 4]},
                                "title": "log10 output multiple"}}},
            current_point("f", f"min(4, {_log10('output_multiple')})"),
        ],
    }
    return spec, ["f", "sigma", "log10_machines", "output_multiple", "labour_share"], \
        "Static twin of the automation explorer: output multiple against the share of tasks automated."


# --- table twins: precomputed results looked up by the sliders ------------------------------------------

def fit_sweep(sweep, grid, piecewise_curves, polynomial_curves, n_bins=5, degree=3):
    """Chapter 1: the two fits and their held-out error, precomputed for every bin count and degree."""
    piece_mse = sweep["piecewise"][:, 2].tolist()
    poly_mse = sweep["polynomial"][:, 2].tolist()
    # One row per curve, its points as arrays (flattened after the filter); drawn curves need only
    # 4 decimals, while the readout's errors stay exact. This keeps the page small.
    xs = [round(float(x), 3) for x in grid]
    rows = [{"f": "piecewise", "k": k + 1, "x": xs, "y": [round(float(y), 4) for y in curve]}
            for k, curve in enumerate(piecewise_curves)]
    rows += [{"f": "polynomial", "k": k, "x": xs, "y": [round(float(y), 4) for y in curve]}
             for k, curve in enumerate(polynomial_curves)]
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'Held-out MSE: piecewise (' + 2 * bins + ' params) ' + format(piecewise_mse, '.3f') + ', polynomial (' + (degree + 1) + ' params) ' + format(polynomial_mse, '.3f')"}, "fontSize": 12},
        "params": [slider("bins", n_bins, 1, len(piece_mse), 1, "bins"),
                   slider("degree", degree, 0, len(poly_mse) - 1, 1, "degree"),
                   derived("piecewise_mse", f"{json.dumps(piece_mse)}[bins - 1]"),
                   derived("polynomial_mse", f"{json.dumps(poly_mse)}[degree]")],
        "data": {"values": rows},
        "transform": [{"filter": "(datum.f == 'piecewise' && datum.k == bins) || "
                                 "(datum.f == 'polynomial' && datum.k == degree)"},
                      {"flatten": ["x", "y"]}],
        "mark": {"type": "line", "strokeWidth": 2.5},
        "encoding": {"x": {"field": "x", "type": "quantitative"},
                     "y": {"field": "y", "type": "quantitative", "scale": {"domain": [-2, 2], "clamp": True}},
                     "color": {"field": "f", "type": "nominal", "title": "fit",
                               "scale": {"range": ["#0072B2", "#E69F00"]}}},
    }
    return spec, ["bins", "degree", "piecewise_mse", "polynomial_mse"], \
        "Static twin of the fit explorer: the piecewise and polynomial fits for the chosen sizes."


def superposition_sweep(sweep):
    """Chapter 3: the feature arrows of the precomputed sweep; the slider picks a trained sparsity."""
    from . import superposition

    sparsities = sorted(sweep)
    rows = []
    for index, s in enumerate(sparsities):
        W = np.asarray(sweep[s][0])
        for feature, (x, y) in enumerate(W.T):
            rows += [{"i": index, "feature": str(feature), "order": 0, "x": 0.0, "y": 0.0},
                     {"i": index, "feature": str(feature), "order": 1, "x": float(x), "y": float(y)}]
    kept = [int(len(superposition.represented(sweep[s][0]))) for s in sparsities]
    spec = {
        "$schema": SCHEMA, "width": 280, "height": 280,
        "title": {"text": {"expr": "'S = ' + sparsity + ': ' + features_kept + ' of 5 features kept in 2 dimensions'"}, "fontSize": 12},
        "params": [slider("index", len(sparsities) - 1, 0, len(sparsities) - 1, 1, "sparsity level"),
                   derived("sparsity", f"{json.dumps(sparsities)}[index]"),
                   derived("features_kept", f"{json.dumps(kept)}[index]")],
        "data": {"values": rows},
        "transform": [{"filter": "datum.i == index"}],
        "mark": {"type": "line", "strokeWidth": 3, "point": True},
        "encoding": {"x": {"field": "x", "type": "quantitative", "scale": {"domain": [-1.5, 1.5]}},
                     "y": {"field": "y", "type": "quantitative", "scale": {"domain": [-1.5, 1.5]}},
                     "color": {"field": "feature", "type": "nominal", "scale": {"scheme": "viridis"}},
                     "order": {"field": "order"}},
    }
    return spec, ["index", "sparsity", "features_kept"], \
        "Static twin of the superposition explorer: each feature's direction at the chosen sparsity."


def data_crossing(growth_per_year=4.5, epochs=1, log10_overtrain=0.0):
    """Chapter 5: the year compute-optimal frontier runs need more tokens than the (repeated) stock."""
    from . import inputs

    c = laws.FITS["epoch"]
    exponent = c["alpha"] / (c["alpha"] + c["beta"])
    now = inputs.tokens_needed(inputs.START_COMPUTE)  # tokens today, before overtraining
    stock = (f"({inputs.STOCK_TOKENS!r} + {inputs.STOCK_TOKENS!r} * {inputs.REPEAT_HALF_LIFE!r} "
             f"* (1 - exp(-(epochs - 1) / {inputs.REPEAT_HALF_LIFE!r})))")
    needed_now = f"({now!r} * sqrt(pow(10, log10_overtrain)))"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'Compute ×' + growth + '/yr, ' + epochs + ' epoch(s): the median stock runs out in '"
                                   " + format(crossing_year, '.1f')"}, "fontSize": 12},
        "params": [slider("growth", growth_per_year, 2.0, 6.0, 0.1, "compute ×/yr"),
                   slider("epochs", epochs, 1, 16, 1, "epochs"),
                   slider("log10_overtrain", log10_overtrain, 0, 2, 0.1, "log10 overtrain"),
                   derived("effective_stock", stock), derived("tokens_now", needed_now),
                   derived("crossing_year", f"{inputs.START_YEAR!r} + log(effective_stock / tokens_now) / "
                                            f"({exponent!r} * log(growth))")],
        "data": {"sequence": {"start": inputs.START_YEAR, "stop": 2036.01, "step": 0.1, "as": "year"}},
        "transform": [{"calculate": f"{_log10(needed_now)} + {exponent!r} * {_log10('growth')} * "
                                    f"(datum.year - {inputs.START_YEAR!r})", "as": "log10 tokens needed"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "year", "type": "quantitative", "scale": {"zero": False}},
                          "y": {"field": "log10 tokens needed", "type": "quantitative", "scale": {"domain": [12.5, 16.5]},
                                "title": "log10 tokens a frontier run needs"}}},
            guide_rule("y", _log10("effective_stock"), color="#009E73"),
        ],
    }
    return spec, ["growth", "epochs", "log10_overtrain", "effective_stock", "crossing_year"], \
        "Static twin of the data explorer: tokens a compute-optimal run needs, against the stock of public text."


def goodhart_table(curves, scales):
    """Chapter 4: precomputed best-of-n curves; sliders pick the error size and a point along n."""
    gaussian = [curves["gaussian", s] for s in scales]
    heavy = [curves["student_t", s] for s in scales]
    n = gaussian[0][0]
    grid = {"n": [float(v) for v in n], "d": [float(v) for v in gaussian[0][1]]}
    gold_gaussian = [[float(v) for v in c[2]] for c in gaussian]
    gold_heavy = [[float(v) for v in c[2]] for c in heavy]
    rows = [{"error": label, "scale": i, "d": grid["d"], "gold": gold}
            for i in range(len(scales)) for label, gold in (("Gaussian", gold_gaussian[i]), ("heavy-tailed", gold_heavy[i]))]
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'Best of ' + n + ' (d = ' + format(d, '.2f') + '): gold ' + format(gold_gaussian, '.2f') + "
                                   "' with Gaussian error, ' + format(gold_heavy, '.2f') + ' with heavy-tailed error'"},
                  "fontSize": 12},
        "params": [slider("point", 20, 0, len(n) - 1, 1, "n (index)"),
                   slider("scale_index", scales.index(1.0) if 1.0 in scales else 0, 0, len(scales) - 1, 1,
                          "error size (index)"),
                   derived("error_scale", f"{json.dumps([float(s) for s in scales])}[scale_index]"),
                   derived("n", f"{json.dumps(grid['n'])}[point]"), derived("d", f"{json.dumps(grid['d'])}[point]"),
                   derived("gold_gaussian", f"{json.dumps(gold_gaussian)}[scale_index][point]"),
                   derived("gold_heavy", f"{json.dumps(gold_heavy)}[scale_index][point]")],
        "data": {"values": rows},
        "transform": [{"filter": "datum.scale == scale_index"}, {"flatten": ["d", "gold"]}],
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "d", "type": "quantitative", "title": "optimisation d = √KL"},
                          "y": {"field": "gold", "type": "quantitative", "title": "gold score of the pick"},
                          "color": {"field": "error", "type": "nominal", "scale": {"range": ["#0072B2", "#D55E00"]}}}},
            guide_rule("x", "d"),
        ],
    }
    return spec, ["point", "scale_index", "error_scale", "n", "d", "gold_gaussian", "gold_heavy"], \
        "Static twin of the best-of-n explorer: gold score of the pick against d for both error shapes."


def feedback_loop(r=1.2, years=10.0):
    """Chapter 7: the idealised research loop in closed form, log A(t) = -log(1 - k delta t) / k with
    k = beta (r - 1): its blow-up time and the level after `years`. (The compute-bottlenecked curve needs
    the notebook: it has no closed form.)"""
    from . import feedback

    beta, delta = feedback.BETA, feedback.DELTA
    k = f"({beta!r} * (r - 1))"
    log_level = ("(abs({k}) < 1e-12 ? {d} * {t} : (1 - {k} * {d} * {t} > 0 ? -log(1 - {k} * {d} * {t}) / {k} "
                 ": 1 / 0))")
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'r = ' + format(r, '.2f') + (blow_up_years < 1e300 ? ': infinite after ' + "
                                   "format(blow_up_years, '.1f') + ' years' : ': no blow-up') + "
                                   "' in the idealised loop'"}, "fontSize": 12},
        "params": [slider("r", r, 0.3, 4.0, 0.01, "returns r"),
                   derived("blow_up_years", f"{k} > 0 ? 1 / ({k} * {delta!r}) : 1 / 0"),
                   derived("log10_level_after", f"{log_level.format(k=k, d=repr(delta), t=repr(float(years)))} / {LN10}")],
        "data": {"sequence": {"start": 0, "stop": years + 0.001, "step": 0.05, "as": "t"}},
        "transform": [{"calculate": f"{log_level.format(k=k, d=repr(delta), t='datum.t')} / {LN10}",
                       "as": "log10 level"},
                      {"filter": "isFinite(datum['log10 level']) && datum['log10 level'] <= 12"}],
        "layer": [
            {"mark": {"type": "line", "color": "#D55E00", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "t", "type": "quantitative", "scale": {"domain": [0, years]},
                                "title": "years after AI takes over research"},
                          "y": {"field": "log10 level", "type": "quantitative", "scale": {"domain": [0, 12]},
                                "title": "software level, log10"}}},
        ],
    }
    return spec, ["r", "blow_up_years", "log10_level_after"], \
        "Static twin of the feedback explorer: the idealised research loop for the chosen returns to research."
