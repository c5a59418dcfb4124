"""Chapter 7 "Explosion": the research-feedback explorer and its static twin.

- `feedback_explorer` (the research feedback loop: blow-up, exponential or slowing growth, and the compute ceiling
  under which growth keeps slowing) and
  `feedback_twin` (the idealised loop, in closed form).
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from .. import feedback
from . import BlitFigure, Explorer
from .vega import LN10, SCHEMA, derived, slider, with_sentence


def feedback_explorer(r=1.2, sigma=0.5, compute_share=0.5, years=10.0):
    """Sliders for the returns to research r and for the compute bottleneck (elasticity between compute and
    research labour, compute's share): the software level over time, without and with the bottleneck,
    and the range of published estimates of r."""
    figure = Figure(figsize=(10, 3.9))
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.8, wspace=0.25)
    ax_level, ax_r = figure.subplots(1, 2, width_ratios=[1.6, 1])
    (free,) = ax_level.plot([], [], color="#D55E00", lw=2, label="research grows with AI")
    (bound,) = ax_level.plot([], [], color="#0072B2", lw=2, ls="--", label="…but compute is fixed")
    (exponential,) = ax_level.plot([], [], color="0.6", lw=1, ls=":", label="r = 1 (exponential)")
    ax_level.set(xlim=(0, years), ylim=(0, 12), xlabel="years after AI takes over research",
                 ylabel="software level, log10")
    ax_level.legend(loc="upper left", fontsize=8)
    low, median, high = (feedback.R_ESTIMATES[k] for k in ("low", "median", "high"))
    ax_r.axvspan(low, high, color="#999999", alpha=0.25, label="Davidson & Houlden: 0.4–3.6")
    ax_r.axvline(median, color="0.3", lw=1, label="their median, 1.2")
    ax_r.axvline(1, color="0.6", ls=":", lw=1)
    marker = ax_r.axvline(r, color="#D55E00", lw=3)
    ax_r.set(xscale="log", xlim=(0.25, 5), ylim=(0, 1), yticks=[], xlabel="returns to software R&D r")
    ax_r.set_xticks([0.25, 0.5, 1, 2, 4], ["0.25", "0.5", "1", "2", "4"])
    ax_r.xaxis.set_minor_formatter(NullFormatter())
    ax_r.legend(loc="upper left", fontsize=8)
    status = figure.suptitle(" ", fontsize=11)
    blit = BlitFigure(figure, [free, bound, exponential, marker, status])
    baseline_times, baseline_levels = feedback.simulate(1.0, years=years, steps=250)
    exponential.set_data(baseline_times, np.log10(baseline_levels))

    def render(r, sigma, compute_share):
        times, levels = feedback.simulate(r, years=years, steps=250, max_log_step=0.3)
        free.set_data(times, np.log10(levels))
        times_b, levels_b = feedback.simulate(
            r, years=years, steps=250, max_log_step=0.3,
            research=feedback.bottlenecked_research(sigma, compute_share))
        bound.set_data(times_b, np.log10(levels_b))
        marker.set_xdata([r, r])
        ceiling = feedback.speed_ceiling(sigma, compute_share)
        blow_up = feedback.blow_up_time(r)
        fate = f"infinite after {blow_up:.1f} years" if np.isfinite(blow_up) else feedback.regime(r) + " growth"
        limit = "no ceiling" if np.isinf(ceiling) else f"research at most ×{ceiling:.1f}"
        status.set_text(f"r = {r:.2f}: {fate} in the idealised loop;\nwith fixed compute (σ = {sigma:.2f}, compute "
                        f"share {compute_share:.2f}): {limit}, level ×10^{np.log10(levels_b[-1]):.1f} after {years:g} years")
        return blit.png()

    controls = {
        "r": widgets.FloatLogSlider(value=r, base=10, min=np.log10(0.3), max=np.log10(4), step=0.01,
                                    description="returns r", readout_format=".2f"),
        "sigma": widgets.FloatSlider(value=sigma, min=0.1, max=1.0, step=0.05, description="σ compute/labour"),
        "compute_share": widgets.FloatSlider(value=compute_share, min=0.1, max=0.9, step=0.05,
                                             description="compute share"),
    }
    return Explorer(controls, render, feedback_twin(r, years))


def feedback_twin(r=1.2, years=10.0):
    """Chapter 7: the idealised research loop in closed form, log A(t) = -log(1 - k delta t) / k with
    k = beta (r - 1): its blow-up time and the level after `years`. (The compute-bottlenecked curve needs
    the notebook: it has no closed form.)"""

    beta, delta = feedback.BETA, feedback.DELTA
    k = f"({beta!r} * (r - 1))"
    log_level = ("(abs({k}) < 1e-12 ? {d} * {t} : (1 - {k} * {d} * {t} > 0 ? -log(1 - {k} * {d} * {t}) / {k} "
                 ": 1 / 0))")
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'r = ' + format(r, '.2f') + (blow_up_years < 1e300 ? ': infinite after ' + "
                                   "format(blow_up_years, '.1f') + ' years' : ': no blow-up') + "
                                   "' in the idealised loop'"}, "fontSize": 12},
        "params": [slider("r", r, 0.3, 4.0, 0.01, "returns r", shows="'r = ' + format(r, '.2f')"),
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
    spec = with_sentence(spec, "r > 1 ? 'With r = ' + format(r, '.2f') + ', software progress blows up after ' + "
                               "format(blow_up_years, '.1f') + ' years.' : 'With r = ' + format(r, '.2f') + ', there is "
                               "no blow-up: after " + repr(float(years)) + " years the level is 10^' + format(log10_level_after, '.2f') + '.'")
    return spec, ["r", "blow_up_years", "log10_level_after"], \
        "Static twin of the feedback explorer: the idealised research loop for the chosen returns to research."
