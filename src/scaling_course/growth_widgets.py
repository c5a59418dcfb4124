"""Explorers for Chapters 6 "Impact" and 7 "Explosion": automating tasks, and the research feedback loop."""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from . import automation, feedback, twins
from .widgets import BlitFigure, Explorer

SHARES = np.linspace(0, 0.995, 200)


def automation_explorer(automated_share=0.9, sigma=0.5, log10_machines=3.0):
    """Sliders for the share of tasks automated, the elasticity of substitution and the machines per
    automated task: the output multiple (left) and the share of income left to human tasks (right)."""
    figure = Figure(figsize=(10, 3.9))
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.8, wspace=0.25)
    ax_out, ax_share = figure.subplots(1, 2)
    (curve,) = ax_out.plot([], [], color="#0072B2", lw=2, label="unlimited machines")
    (finite,) = ax_out.plot([], [], color="#009E73", lw=1.5, ls="--", label="the machines on the slider")
    (dot,) = ax_out.plot([], [], "o", color="#D55E00", ms=9)
    ax_out.set(yscale="log", xlim=(0, 1), ylim=(1, 1e4), xlabel="share of tasks automated f",
               ylabel="output multiple (log scale)")
    ax_out.legend(loc="upper left", fontsize=8)
    (share_curve,) = ax_share.plot([], [], color="#CC79A7", lw=2)
    (share_dot,) = ax_share.plot([], [], "o", color="#D55E00", ms=9)
    ax_share.plot([0, 1], [1, 0], color="0.6", ls=":", lw=1, label="if income followed tasks")
    ax_share.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="share of tasks automated f",
                 ylabel="income share of human tasks")
    ax_share.legend(loc="lower left", fontsize=8)
    status = figure.suptitle(" ", fontsize=11)
    blit = BlitFigure(figure, [curve, finite, dot, share_curve, share_dot, status])

    def render(automated_share, sigma, log10_machines):
        machines = 10.0**log10_machines
        curve.set_data(SHARES, automation.output_multiple(SHARES, sigma))
        if sigma < 1:
            rho = automation.rho_from_sigma(sigma)
            finite_multiple = ((1 - SHARES) + SHARES * machines**rho) ** (1 / rho)
        else:
            finite_multiple = np.array([automation.output_multiple_numerical(f, sigma, 200, machines) for f in SHARES])
        finite.set_data(SHARES, finite_multiple)
        multiple = automation.output_multiple(automated_share, sigma)
        dot.set_data([automated_share], [min(multiple, 1e4)])
        shares = [automation.labour_share(f, sigma, machines) for f in SHARES]
        share_curve.set_data(SHARES, shares)
        human = automation.labour_share(automated_share, sigma, machines)
        share_dot.set_data([automated_share], [human])
        shown = "unbounded" if np.isinf(multiple) else f"×{multiple:,.1f}"
        status.set_text(f"σ = {sigma:.2f}, {automated_share:.0%} of tasks automated: output {shown} with unlimited "
                        f"machines;\nwith 10^{log10_machines:.1f} machines per automated task, human tasks earn "
                        f"{human:.0%} of income")
        return blit.png()

    controls = {
        "automated_share": widgets.FloatSlider(value=automated_share, min=0, max=0.99, step=0.01,
                                               description="automated f"),
        "sigma": widgets.FloatSlider(value=sigma, min=0.1, max=1.5, step=0.05, description="elasticity σ"),
        "log10_machines": widgets.FloatSlider(value=log10_machines, min=0, max=6, step=0.1,
                                              description="log10 machines"),
    }
    return Explorer(controls, render, twins.automation(automated_share, sigma, log10_machines))


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
    return Explorer(controls, render, twins.feedback_loop(r, years))
