"""Chapter 1 "Scaling": explorers and their static twins.

- `fit_explorer` (piecewise against polynomial fits, error against parameters) and `fit_twin`;
- `manifold_explorer` (held-out error against parameters per data dimension; no twin: six stored frames);
- `compute_explorer` (loss along an iso-compute line, the compute-optimal model) and `compute_twin`.
"""
import json

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import fitting, laws, manifold
from . import BlitFigure, Explorer, figure_png
from .vega import SCHEMA, count_expr, derived, slider, with_sentence


def fit_explorer(x_train, y_train, x_test, y_test, n_bins=5, degree=3):
    """Sliders for bin count and polynomial degree: the two fits, and error against parameter count."""
    sweep = fitting.complexity_sweep(x_train, y_train, x_test, y_test)
    figure = Figure(figsize=(10, 3.6))
    figure.subplots_adjust(left=0.06, right=0.99, bottom=0.14, top=0.9, wspace=0.2)
    ax_fit, ax_err = figure.subplots(1, 2)
    poly_line, piece_line = fitting.draw_fits(ax_fit, x_train, y_train, n_bins, degree, legend=False)
    ax_fit.legend([poly_line, piece_line], ["polynomial", "piecewise linear"], loc="lower left", fontsize=8)
    fitting.draw_sweep(ax_err, sweep)
    ax_err.set_ylim(0.05, 1)  # past ~35 parameters the piecewise fit overfits wildly; keep the scale readable
    ax_err.set_title("error against parameters (dots: the current fits)", fontsize=10)
    (poly_dot,) = ax_err.plot([], [], "o", color=fitting.POLY_COLOUR, ms=9)
    (piece_dot,) = ax_err.plot([], [], "o", color=fitting.PIECE_COLOUR, ms=9)
    status = ax_fit.set_title(" ", fontsize=10)
    grid = poly_line.get_xdata()
    blit = BlitFigure(figure, [poly_line, piece_line, poly_dot, piece_dot, status])

    def render(n_bins, degree):
        poly_line.set_ydata(fitting.polynomial_fit(x_train, y_train, degree)(grid))
        piece_line.set_ydata(fitting.piecewise_linear_fit(x_train, y_train, n_bins)(grid))
        poly_row, piece_row = sweep["polynomial"][degree], sweep["piecewise"][n_bins - 1]
        poly_dot.set_data([poly_row[0]], [poly_row[2]])
        piece_dot.set_data([piece_row[0]], [piece_row[2]])
        status.set_text(f"held-out MSE: polynomial ({degree + 1} params) {poly_row[2]:.3f}, "
                        f"piecewise ({2 * n_bins} params) {piece_row[2]:.3f}")
        return blit.png()

    controls = {
        "n_bins": widgets.IntSlider(value=n_bins, min=1, max=len(sweep["piecewise"]), description="bins"),
        "degree": widgets.IntSlider(value=degree, min=0, max=len(sweep["polynomial"]) - 1, description="degree"),
    }
    coarse = np.linspace(*fitting.INTERVAL, 100)
    twin = fit_twin(sweep, coarse,
                           [fitting.piecewise_linear_fit(x_train, y_train, k)(coarse) for k in range(1, len(sweep["piecewise"]) + 1)],
                           [fitting.polynomial_fit(x_train, y_train, k)(coarse) for k in range(len(sweep["polynomial"]))],
                           n_bins, degree)
    return Explorer(controls, render, twin)


def fit_twin(sweep, grid, piecewise_curves, polynomial_curves, n_bins=5, degree=3):
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
        "title": "Two fits of the same 100 noisy points, at the sizes you choose",
        "params": [slider("bins", n_bins, 1, len(piece_mse), 1, "piecewise: bins",
                          shows="bins + ' (' + 2 * bins + ' parameters)'"),
                   slider("degree", degree, 0, len(poly_mse) - 1, 1, "polynomial: degree",
                          shows="degree + ' (' + (degree + 1) + ' parameters)'"),
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
    spec = with_sentence(spec, "'Held-out error (mean squared): piecewise linear with ' + bins + ' bins (' + "
                               "2 * bins + ' parameters) ' + format(piecewise_mse, '.3f') + '; polynomial of degree ' + "
                               "degree + ' (' + (degree + 1) + ' parameters) ' + format(polynomial_mse, '.3f') + '.'")
    return spec, ["bins", "degree", "piecewise_mse", "polynomial_mse"], \
        "Static twin of the fit explorer: the piecewise and polynomial fits for the chosen sizes."


def manifold_explorer(seed=0):
    """A dimension selector: held-out error against parameters on log-log axes, with the 4/d line.

    Every dimension (1 to 6) is drawn up front, so switching is instant.
    """
    figures, frames = {}, {}
    dimensions = list(range(1, manifold.MAX_DIMENSION + 1))
    for d in dimensions:
        figures[d] = Figure(figsize=(6, 3.8), layout="constrained")
        manifold.draw_scaling_curve(figures[d].subplots(), *manifold.scaling_curve(d, seed=seed), d)
        frames[d] = figure_png(figures[d])
    controls = {"d": widgets.Dropdown(options=dimensions, value=1, description="dimension d")}
    return Explorer(controls, lambda d: frames[d], figure=lambda d: figures[d])


def compute_explorer(log10_compute=23.77):
    """A compute slider: loss along the iso-compute line for both fits, and the optimal N and D."""
    figure = Figure(figsize=(7, 4.0))
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.13, top=0.85)
    ax = figure.subplots()
    moving = []
    for fit, (colour, label) in laws.FIT_STYLE.items():
        (curve,) = ax.plot([], [], color=colour, lw=2, label=label)
        (dot,) = ax.plot([], [], "o", color=colour, ms=8)
        moving.append((fit, curve, dot))
    ax.set(xscale="log", xlim=(1e5, 1e16), ylim=(1.7, 4.0), xlabel="parameters N (trained on D = C / 6N tokens)",
           ylabel="predicted loss (nats/token)")
    ax.legend(loc="upper right", fontsize=8)
    status = ax.set_title(" ", fontsize=10)
    blit = BlitFigure(figure, [a for _, curve, dot in moving for a in (curve, dot)] + [status])

    def render(log10_compute):
        compute = 10.0**log10_compute
        optimum = {}
        for fit, curve, dot in moving:
            curve.set_data(*laws.isoflop_curve(compute, fit))
            optimum[fit] = n_opt, d_opt = laws.compute_optimal(compute, fit)
            dot.set_data([n_opt], [laws.chinchilla_loss(n_opt, d_opt, fit)])
        (n_epoch, d_epoch), (n_hoff, d_hoff) = optimum["epoch"], optimum["hoffmann"]
        status.set_text(f"At C = {compute:.2g} FLOPs the best model has {n_epoch:.2g} parameters on {d_epoch:.2g} "
                        f"tokens ({d_epoch / n_epoch:.0f} per parameter);\nthe rounded Chinchilla fit says "
                        f"{n_hoff:.2g} on {d_hoff:.2g} ({d_hoff / n_hoff:.0f} per parameter)")
        return blit.png()

    controls = {"log10_compute": widgets.FloatSlider(value=log10_compute, min=18, max=28, step=0.25,
                                                     description="log10 FLOPs", readout_format=".2f")}
    return Explorer(controls, render, compute_twin(log10_compute))


def _optimum_exprs(fit, compute="C"):
    """Vega expressions for N_opt, D_opt and the loss there, for one of laws.FITS."""
    c = laws.FITS[fit]
    a, b = c["alpha"], c["beta"]
    n_opt = f"(pow({a} * {c['A']} / ({b} * {c['B']}), 1 / ({a} + {b})) * pow({compute} / 6, {b} / ({a} + {b})))"
    return n_opt, f"({compute} / (6 * {n_opt}))"


def _loss_expr(fit, n, d):
    """A Vega expression for laws.chinchilla_loss at N = n and D = d (two expressions)."""
    c = laws.FITS[fit]
    return f"({c['E']} + {c['A']} / pow({n}, {c['alpha']}) + {c['B']} / pow({d}, {c['beta']}))"


def compute_twin(log10_compute=23.77):
    """Chapter 1: the explorer's chart on the static page: the loss along the fixed-compute line C = 6 N D for
    both sets of constants, with each compute-optimal model marked."""
    params = [slider("log10_compute", log10_compute, 18, 28, 0.25, "compute C",
                     shows="'10^' + format(log10_compute, '.2f') + ' FLOPs'"),
              derived("C", "pow(10, log10_compute)")]
    readout = ["log10_compute"]
    for fit in ("epoch", "hoffmann"):
        n_opt, d_opt = _optimum_exprs(fit)
        params += [derived(f"n_{fit}", n_opt), derived(f"d_{fit}", d_opt),
                   derived(f"loss_{fit}", _loss_expr(fit, f"n_{fit}", f"d_{fit}"))]
        readout += [f"n_{fit}", f"d_{fit}"]
    labels = {fit: label for fit, (_, label) in laws.FIT_STYLE.items()}
    colour = {"domain": [labels["epoch"], labels["hoffmann"]],
              "range": [laws.FIT_STYLE["epoch"][0], laws.FIT_STYLE["hoffmann"][0]]}
    x = {"type": "quantitative", "title": "parameters N (trained on D = C / 6N tokens)",
         "scale": {"type": "log", "domain": [1e5, 1e16]},
         "axis": {"values": [10.0 ** k for k in range(6, 17, 2)],
                  "labelExpr": "'10^' + format(log(datum.value) / LN10, '.0f')"}}
    y = {"type": "quantitative", "title": "predicted loss (nats/token)", "scale": {"domain": [1.7, 4.0]}}
    optimum = [{"mark": {"type": "point", "filled": True, "size": 110, "color": laws.FIT_STYLE[fit][0],
                         "opacity": 1},
                "encoding": {"x": {**x, "datum": {"expr": f"n_{fit}"}}, "y": {**y, "datum": {"expr": f"loss_{fit}"}}}}
               for fit in ("epoch", "hoffmann")]
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 260, "params": params,
        "title": "Loss along the fixed-compute line, and the best model for each set of constants",
        "data": {"sequence": {"start": 5, "stop": 16.001, "step": 0.05, "as": "log10_n"}},
        # Field names are plain words: Vega-Lite reads a dot in a field name as a path into a nested
        # object, so the fits' labels (which hold "et al.") are values, never field names.
        "transform": [{"calculate": "pow(10, datum.log10_n)", "as": "n"},
                      {"calculate": "C / (6 * datum.n)", "as": "d"},
                      {"calculate": _loss_expr("epoch", "datum.n", "datum.d"), "as": "epoch"},
                      {"calculate": _loss_expr("hoffmann", "datum.n", "datum.d"), "as": "hoffmann"},
                      {"fold": ["epoch", "hoffmann"], "as": ["fit", "loss"]},
                      {"filter": "datum.d >= 1 && datum.loss <= 4.2"},
                      {"calculate": f"datum.fit == 'epoch' ? {json.dumps(labels['epoch'])} : "
                                    f"{json.dumps(labels['hoffmann'])}", "as": "constants"}],
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5, "clip": True},
             "encoding": {"x": {**x, "field": "n"}, "y": {**y, "field": "loss"},
                          "color": {"field": "constants", "type": "nominal", "title": "constants",
                                    "scale": colour}}},
            *optimum,
        ],
    }
    spec = with_sentence(spec, "'At C = 10^' + format(log10_compute, '.2f') + ' FLOPs the best model has ' + "
                               f"{count_expr('n_epoch')} + ' parameters trained on ' + {count_expr('d_epoch')} + "
                               "' tokens (' + format(d_epoch / n_epoch, '.0f') + ' per parameter); the rounded Chinchilla "
                               f"constants say ' + {count_expr('n_hoffmann')} + ' on ' + {count_expr('d_hoffmann')} + "
                               "' (' + format(d_hoffmann / n_hoffmann, '.0f') + ' per parameter).'")
    return spec, readout, ("Static twin of the compute explorer: predicted loss against model size along the "
                           "fixed-compute line, for both sets of constants, with each optimum marked.")
