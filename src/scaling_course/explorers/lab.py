"""The scaling lab: the isoFLOP explorer and its static twin.

- `isoflop_explorer` (a slider over the stored sweep's compute budgets: each budget's runs, the parabola in ln N
  through the sizes near its lowest loss and the compute-optimal size N_opt; beside it N_opt against compute with
  the fitted exponent and Chinchilla's and Kaplan's slopes) and `isoflop_twin`. Everything comes from the stored
  sweep (lab_sweep.json), computed once by `isoflop_curves`, so the slider only moves artists.
"""
import json

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import scaling_lab
from . import BlitFigure, Explorer
from .vega import SCHEMA, current_point, derived, slider, with_sentence

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7")
CHINCHILLA_A, KAPLAN_A = 0.5, 0.73  # the exponents of N_opt ∝ C^a the papers report


def isoflop_curves(sweep=None, points=60):
    """From the stored sweep: per budget its runs (N, held-out loss), the parabola in ln N sampled at `points`
    sizes across the sizes it was fitted to, N_opt and the loss there; and the exponent a, prefactor k of
    N_opt = k·C^a. A dict: budgets, runs, parabolas, n_opt, loss_opt, a, k."""
    sweep = scaling_lab.load_sweep() if sweep is None else sweep
    optima = scaling_lab.isoflop_optima(sweep["isoflop"])
    budgets = [o["budget"] for o in optima]
    runs, parabolas = [], []
    for o in optima:
        group = sorted((r for r in sweep["isoflop"] if r["budget"] == o["budget"]), key=lambda r: r["params"])
        runs.append(([r["params"] for r in group], [r["held_out_loss"] for r in group]))
        log_n = np.linspace(np.log(min(o["sizes"])), np.log(max(o["sizes"])), points)
        parabolas.append((np.exp(log_n).tolist(), np.polyval(o["parabola"], log_n).tolist()))
    a, k = scaling_lab.fit_exponent(budgets, [o["n_opt"] for o in optima])
    return {"budgets": budgets, "runs": runs, "parabolas": parabolas, "n_opt": [o["n_opt"] for o in optima],
            "loss_opt": [o["loss_opt"] for o in optima], "a": a, "k": k}


def _sentence(curves, i):
    return (f"C = {curves['budgets'][i]:.0e} FLOPs: N_opt ≈ {curves['n_opt'][i]:,.0f} parameters, held-out loss "
            f"{curves['loss_opt'][i]:.3f} there; across the budgets N_opt ∝ C^{curves['a']:.2f}")


def isoflop_explorer(curves=None, budget_index=1):
    """A slider over the compute budgets: held-out loss against N for that budget's runs with the parabola in
    ln N and N_opt (left), and N_opt against C with the fitted exponent beside Chinchilla's 0.5 and Kaplan's 0.73
    (right)."""
    curves = isoflop_curves() if curves is None else curves
    budgets, n_opt = np.array(curves["budgets"]), np.array(curves["n_opt"])
    figure = Figure(figsize=(10, 3.9))
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.82, wspace=0.25)
    ax_loss, ax_opt = figure.subplots(1, 2)
    for i, ((n, loss), colour) in enumerate(zip(curves["runs"], COLOURS)):
        ax_loss.plot(n, loss, "o", color=colour, alpha=0.35, ms=5, label=f"C = {budgets[i]:.0e} FLOPs")
    (runs,) = ax_loss.plot([], [], "o", color="black", ms=8, mfc="none", mew=1.5)
    (parabola,) = ax_loss.plot([], [], color="black", lw=1.8, label="parabola in ln N")
    (vertex,) = ax_loss.plot([], [], "*", color="#D55E00", ms=16, label="N_opt")
    ax_loss.set(xscale="log", xlabel="non-embedding parameters N", ylabel="held-out loss (nats/char)")
    ax_loss.legend(loc="lower left", fontsize=7)
    span = np.geomspace(budgets.min() / 2, budgets.max() * 2, 50)
    ax_opt.plot(span, curves["k"] * span ** curves["a"], color="black", lw=1.8,
                label=f"the lab's fit: a = {curves['a']:.2f}")
    middle = len(budgets) // 2
    for a, style, name in ((CHINCHILLA_A, "--", "Chinchilla"), (KAPLAN_A, ":", "Kaplan")):
        ax_opt.plot(span, n_opt[middle] * (span / budgets[middle]) ** a, color="0.45", ls=style,
                    label=f"{name}'s slope a ≈ {a}")
    ax_opt.plot(budgets, n_opt, "o", color="#0072B2", ms=6)
    (chosen,) = ax_opt.plot([], [], "*", color="#D55E00", ms=16)
    ax_opt.set(xscale="log", yscale="log", xlabel="training compute C (FLOPs)", ylabel="compute-optimal size N_opt")
    ax_opt.legend(loc="upper left", fontsize=7)
    status = figure.suptitle(" ", fontsize=11)
    blit = BlitFigure(figure, [runs, parabola, vertex, chosen, status])

    def render(budget_index):
        i = int(budget_index)
        runs.set_data(*curves["runs"][i])
        parabola.set_data(*curves["parabolas"][i])
        vertex.set_data([n_opt[i]], [curves["loss_opt"][i]])
        chosen.set_data([budgets[i]], [n_opt[i]])
        status.set_text(_sentence(curves, i))
        return blit.png()

    controls = {"budget_index": widgets.SelectionSlider(
        options=[(f"{b:.0e}", i) for i, b in enumerate(budgets)], value=budget_index, description="budget C")}
    return Explorer(controls, render, isoflop_twin(curves, budget_index))


def isoflop_twin(curves=None, budget_index=1):
    """The scaling lab: the stored sweep's isoFLOP runs and parabolas (precomputed by isoflop_curves); a slider
    picks the budget, the readout gives its N_opt, the loss there and the exponent a of N_opt ∝ C^a."""
    curves = isoflop_curves() if curves is None else curves
    rows = []
    for i, ((n, loss), (pn, pl)) in enumerate(zip(curves["runs"], curves["parabolas"])):
        rows += [{"budget_index": i, "kind": "run", "N": float(x), "loss": float(y)} for x, y in zip(n, loss)]
        rows += [{"budget_index": i, "kind": "parabola", "N": float(x), "loss": float(y)} for x, y in zip(pn, pl)]
    lows = [min(min(run[1]), low) for run, low in zip(curves["runs"], curves["loss_opt"])]
    highs = [max(run[1]) for run in curves["runs"]]
    x_axis = {"field": "N", "type": "quantitative", "scale": {"type": "log"}, "title": "non-embedding parameters N"}
    y_axis = {"field": "loss", "type": "quantitative", "scale": {"zero": False, "domain": [
        round(min(lows) - 0.02, 2), round(max(highs) + 0.02, 2)]}, "title": "held-out loss (nats/char)"}
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": "The lab's isoFLOP curves: held-out loss against size at a fixed compute budget",
        "params": [slider("budget_index", budget_index, 0, len(curves["budgets"]) - 1, 1, "budget",
                          shows="format(budget, '.0e') + ' FLOPs'"),
                   derived("budget", f"{json.dumps([float(b) for b in curves['budgets']])}[budget_index]"),
                   derived("n_opt", f"{json.dumps([float(v) for v in curves['n_opt']])}[budget_index]"),
                   derived("loss_opt", f"{json.dumps([float(v) for v in curves['loss_opt']])}[budget_index]"),
                   derived("exponent", repr(float(curves["a"])))],
        "data": {"values": rows},
        "transform": [{"filter": "datum.budget_index == budget_index"}],
        "layer": [
            {"transform": [{"filter": "datum.kind == 'parabola'"}],
             "mark": {"type": "line", "color": "#000000", "strokeWidth": 2},
             "encoding": {"x": x_axis, "y": y_axis}},
            {"transform": [{"filter": "datum.kind == 'run'"}],
             "mark": {"type": "point", "filled": True, "size": 70, "color": "#0072B2"},
             "encoding": {"x": {"field": "N", "type": "quantitative"}, "y": {"field": "loss", "type": "quantitative"}}},
            current_point("n_opt", "loss_opt"),
        ],
    }
    spec = with_sentence(spec, "'At ' + format(budget, '.0e') + ' FLOPs the parabola in ln N puts the compute-optimal "
                               "size at ' + format(n_opt, ',.0f') + ' parameters (held-out loss ' + "
                               "format(loss_opt, '.3f') + '); over the three budgets N_opt grows as C to the ' + "
                               "format(exponent, '.2f') + ', against about 0.5 for Chinchilla and 0.73 for Kaplan.'")
    return spec, ["budget_index", "budget", "n_opt", "loss_opt", "exponent"], \
        "Static twin of the isoFLOP explorer: held-out loss against model size for one compute budget of the lab's " \
        "stored sweep, its runs as dots, the fitted parabola in ln N as a line and the compute-optimal size marked."
