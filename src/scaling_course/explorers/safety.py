"""Chapter 4 "Safety": explorers and their static twins.

- `goodhart_explorer` (best-of-n against a proxy, with light- and heavy-tailed errors) and `goodhart_twin`;
  the curves for a grid of error scales are computed once (`goodhart_curves`, about a second), so the
  sliders only move artists;
- `gaming_explorer` (a reward with a loophole, and the shaped reward that closes it; no twin).
"""
import json

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import gaming, goodhart
from . import BlitFigure, Explorer
from .vega import SCHEMA, derived, guide_rule, slider, with_sentence


ERROR_SCALES = tuple(np.round(np.arange(0.25, 2.01, 0.25), 2))
REGIMES = (("gaussian", "Gaussian error"),
           ("student_t", f"Student-t error ({goodhart.HEAVY_TAIL_DF} degrees of freedom)"))


def goodhart_curves(error_scales=ERROR_SCALES, n_max=10_000):
    """{(error, scale): (n, d, gold, proxy, (alpha, beta))} for both error regimes and every scale."""
    curves = {}
    for error, _ in REGIMES:
        for scale in error_scales:
            n, d, gold, proxy = goodhart.curve(error, float(scale), n_max=n_max)
            curves[error, float(scale)] = n, d, gold, proxy, goodhart.fit_bon_form(d, gold)
    return curves


def goodhart_explorer(curves=None, log10_n=1.5, error_scale=1.0):
    """Sliders for n (log scale) and the error's size: gold and proxy score of the best-of-n pick
    against d = sqrt(KL), Gaussian and heavy-tailed error side by side, with the fitted d(alpha - beta d)."""
    curves = goodhart_curves() if curves is None else curves
    scales = sorted({scale for _, scale in curves})
    figure = Figure(figsize=(11, 4.2))
    figure.subplots_adjust(left=0.06, right=0.99, bottom=0.13, top=0.8, wspace=0.18)
    panels = []
    for ax, (error, label) in zip(figure.subplots(1, 2), REGIMES):
        (proxy,) = ax.plot([], [], color=goodhart.PROXY_COLOUR, lw=2, label="proxy score of the pick")
        (gold,) = ax.plot([], [], color=goodhart.GOLD_COLOUR, lw=2.5, label="gold score of the pick")
        (fit,) = ax.plot([], [], color=goodhart.FIT_COLOUR, ls="--", lw=1.5, label="fit d(α − βd)")
        peak = ax.axvline(-1, color=goodhart.FIT_COLOUR, ls=":", lw=1)
        (dot,) = ax.plot([], [], "o", color=goodhart.GOLD_COLOUR, ms=9)
        ax.axhline(0, color="0.6", lw=0.8)
        ax.set(xlim=(0, 3.0), ylim=(-0.6, 3.5), xlabel="optimisation d = √KL", ylabel="score (gold sd)")
        ax.legend(loc="upper left", fontsize=8)
        note = ax.set_title(label, fontsize=10)
        panels.append((error, label, proxy, gold, fit, peak, dot, note))
    status = figure.suptitle(" ", fontsize=11)
    blit = BlitFigure(figure, [a for panel in panels for a in panel[2:]] + [status])

    def render(log10_n, error_scale):
        scale = min(scales, key=lambda s: abs(s - error_scale))
        n_now = max(1, int(round(10**log10_n)))
        d_now = float(np.sqrt(goodhart.best_of_n_kl(n_now)))
        picks = []
        for error, label, proxy, gold, fit, peak, dot, note in panels:
            n, d, gold_curve, proxy_curve, (alpha, beta) = curves[error, scale]
            proxy.set_data(d, proxy_curve)
            gold.set_data(d, gold_curve)
            fit.set_data(d, goodhart.bon_form(d, alpha, beta))
            d_peak = goodhart.bon_peak(alpha, beta)
            peak.set_xdata([d_peak, d_peak] if d_peak < 3 else [-1, -1])
            gold_now = float(np.interp(d_now, d, gold_curve))
            dot.set_data([d_now], [gold_now])
            best = int(n[np.argmax(gold_curve)])
            note.set_text(f"{label}\nα = {alpha:.2f}, β = {beta:.2f}; best n ≈ {best:,}"
                          if best < n[-1] else f"{label}\nα = {alpha:.2f}, β = {beta:.2f}; still rising at n = {n[-1]:,.0f}")
            picks.append(gold_now)
        status.set_text(f"Best of n = {n_now:,} (d = {d_now:.2f}), error size {scale}: gold score of the pick "
                        f"{picks[0]:.2f} with Gaussian error, {picks[1]:.2f} with heavy-tailed error")
        return blit.png()

    controls = {
        "log10_n": widgets.FloatSlider(value=log10_n, min=0, max=4, step=0.05, description="log10 n"),
        "error_scale": widgets.SelectionSlider(options=scales, value=min(scales, key=lambda s: abs(s - error_scale)),
                                               description="error size"),
    }
    return Explorer(controls, render, goodhart_twin(curves, scales, log10_n, error_scale))


def goodhart_twin(curves, scales, log10_n=None, error_scale=1.0):
    """Chapter 4: precomputed best-of-n curves; sliders pick the error size and a point along n, starting at the
    grid's n nearest 10^log10_n (as the explorer does; its 21st point if None) and the scale nearest error_scale."""
    gaussian = [curves["gaussian", s] for s in scales]
    heavy = [curves["student_t", s] for s in scales]
    n = gaussian[0][0]
    point = 20 if log10_n is None else int(np.argmin(np.abs(np.log10(np.asarray(n, float)) - log10_n)))
    scale_index = min(range(len(scales)), key=lambda i: abs(scales[i] - error_scale))
    grid = {"n": [float(v) for v in n], "d": [float(v) for v in gaussian[0][1]]}
    gold_gaussian = [[float(v) for v in c[2]] for c in gaussian]
    gold_heavy = [[float(v) for v in c[2]] for c in heavy]
    rows = [{"error": label, "scale": i, "d": grid["d"], "gold": gold}
            for i in range(len(scales)) for label, gold in (("Gaussian", gold_gaussian[i]), ("heavy-tailed", gold_heavy[i]))]
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": "Gold score of the best-of-n pick, as optimisation against the proxy grows",
        "params": [slider("point", point, 0, len(n) - 1, 1, "best of n", shows="'n = ' + n"),
                   slider("scale_index", scale_index, 0, len(scales) - 1, 1, "error size", shows="error_scale"),
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
    spec = with_sentence(spec, "'Picking the best of ' + n + ' answers by the proxy (optimisation d = ' + "
                               "format(d, '.2f') + '): gold score ' + format(gold_gaussian, '.2f') + "
                               "' when the proxy errs with Gaussian error of size ' + error_scale + ', ' + "
                               "format(gold_heavy, '.2f') + ' when its error is heavy-tailed.'")
    return spec, ["point", "scale_index", "error_scale", "n", "d", "gold_gaussian", "gold_heavy"], \
        "Static twin of the best-of-n explorer: gold score of the pick against d for both error shapes."


def gaming_explorer(bonus=2.0, gamma=0.95):
    """A slider for the respawning bonus: the policy that maximises the written reward, drawn on the track,
    beside the policy under the patched (shaped) reward."""
    track = gaming.make_track()
    figure = Figure(figsize=(10, 3.4), layout="constrained")
    ax_written, ax_patched = figure.subplots(1, 2)
    _, patched_policy = gaming.solve(track, "patched", gamma=gamma)
    patched_path = gaming.rollout(track, patched_policy)
    gaming.draw_track(ax_written, track, title=" ")
    gaming.draw_track(ax_patched, track, patched_path, "patched (shaped) reward: finishes\n"
                      f"intended return {gaming.path_return(track, patched_path, 'intended', gamma=gamma):.1f}",
                      colour="#009E73")
    # One hidden arrow for every move between neighbouring cells; a path shows the ones it uses.
    arrows = {}
    for state, (r0, c0) in enumerate(track.cells):
        for following in set(track.next_state[state].tolist()) - {state}:
            r1, c1 = track.cells[following]
            arrows[state, following] = ax_written.annotate(
                "", (c1, r1), (c0, r0), arrowprops=dict(arrowstyle="->", lw=2, shrinkA=6, shrinkB=6), visible=False)
    blit = BlitFigure(figure, list(arrows.values()) + [ax_written.title])
    cache = {}

    def render(bonus):
        key = round(bonus, 2)
        if key not in cache:
            _, policy = gaming.solve(track, "written", gamma=gamma, bonus=key)
            cache[key] = gaming.rollout(track, policy)
        path = cache[key]
        finishes = path[-1] == track.finish
        used = set(zip(path, path[1:]))
        for edge, arrow in arrows.items():
            arrow.set_visible(edge in used)
            arrow.arrow_patch.set_color("#0072B2" if finishes else "#D55E00")
        written = gaming.path_return(track, path, "written", gamma=gamma, bonus=key)
        intended = gaming.path_return(track, path, "intended", gamma=gamma)
        ax_written.set_title(f"written reward, bonus {key:g}: {'finishes' if finishes else 'circles the bonus'}\n"
                             f"written return {written:.1f}, intended return {intended:.1f}", fontsize=10)
        return blit.png()

    controls = {"bonus": widgets.FloatSlider(value=bonus, min=0.0, max=3.0, step=0.05, description="bonus")}
    return Explorer(controls, render, figure=lambda bonus: blit.still())
