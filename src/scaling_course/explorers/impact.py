"""Chapter 6 "Impact": the task-automation explorer and its static twin.

- `automation_explorer` (output when a share of tasks is automated, by elasticity of substitution, with the
  displaced workers moved to the remaining tasks as in Aghion, Jones & Jones, and the idle-workers contrast) and
  `automation_twin`.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import automation
from . import BlitFigure, Explorer
from .vega import SCHEMA, current_point, derived, log10_expr, slider, with_sentence


SHARES = np.linspace(0, 0.995, 200)


def automation_explorer(automated_share=0.9, sigma=0.5, log10_machines=3.0):
    """Sliders for the share of tasks automated, the elasticity of substitution and the machines per
    automated task: the output multiple (left) and the share of income left to human tasks (right).
    The headline is Aghion, Jones & Jones's case, the displaced workers moving to the remaining tasks; the
    dashed grey curve is the contrast in which they drop out."""
    figure = Figure(figsize=(10, 3.9))
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.8, wspace=0.25)
    ax_out, ax_share = figure.subplots(1, 2)
    (curve,) = ax_out.plot([], [], color="#0072B2", lw=2, label="unlimited machines, workers move (the paper)")
    (idle,) = ax_out.plot([], [], color="0.45", lw=1.5, ls="--", label="unlimited machines, displaced workers idle")
    (finite,) = ax_out.plot([], [], color="#009E73", lw=1.5, ls="-.", label="the machines on the slider, workers move")
    (dot,) = ax_out.plot([], [], "o", color="#D55E00", ms=9)
    ax_out.set(yscale="log", xlim=(0, 1), ylim=(1, 1e6), xlabel="share of tasks automated f",
               ylabel="output multiple (log scale)")
    ax_out.legend(loc="upper left", fontsize=7)
    (share_curve,) = ax_share.plot([], [], color="#CC79A7", lw=2)
    (share_dot,) = ax_share.plot([], [], "o", color="#D55E00", ms=9)
    ax_share.plot([0, 1], [1, 0], color="0.6", ls=":", lw=1, label="if income followed tasks")
    ax_share.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="share of tasks automated f",
                 ylabel="income share of human tasks")
    ax_share.legend(loc="lower left", fontsize=8)
    status = figure.suptitle(" ", fontsize=11)
    blit = BlitFigure(figure, [curve, idle, finite, dot, share_curve, share_dot, status])

    def render(automated_share, sigma, log10_machines):
        machines = 10.0**log10_machines
        curve.set_data(SHARES, automation.output_multiple(SHARES, sigma))
        idle.set_data(SHARES, automation.output_multiple(SHARES, sigma, displaced=automation.IDLE))
        finite.set_data(SHARES, automation.output_multiple_with_machines(SHARES, sigma, machines))
        multiple = automation.output_multiple(automated_share, sigma)
        multiple_idle = automation.output_multiple(automated_share, sigma, displaced=automation.IDLE)
        dot.set_data([automated_share], [min(multiple, 1e6)])
        shares = [automation.labour_share(f, sigma, machines) for f in SHARES]
        share_curve.set_data(SHARES, shares)
        human = automation.labour_share(automated_share, sigma, machines)
        share_dot.set_data([automated_share], [human])
        shown = "unbounded" if np.isinf(multiple) else f"×{multiple:,.1f}"
        shown_idle = "unbounded" if np.isinf(multiple_idle) else f"×{multiple_idle:,.1f}"
        status.set_text(f"σ = {sigma:.2f}, {automated_share:.0%} of tasks automated: output {shown} with unlimited "
                        f"machines ({shown_idle} if displaced workers stayed idle);\nwith 10^{log10_machines:.1f} "
                        f"machines per automated task, human tasks earn {human:.0%} of income")
        return blit.png()

    controls = {
        "automated_share": widgets.FloatSlider(value=automated_share, min=0, max=0.99, step=0.01,
                                               description="automated f"),
        "sigma": widgets.FloatSlider(value=sigma, min=0.1, max=1.5, step=0.05, description="elasticity σ"),
        "log10_machines": widgets.FloatSlider(value=log10_machines, min=0, max=6, step=0.1,
                                              description="log10 machines"),
    }
    return Explorer(controls, render, automation_twin(automated_share, sigma, log10_machines))


def automation_twin(automated_share=0.9, sigma=0.5, log10_machines=3.0):
    """Chapter 6: the output multiple (1 - f)^((1 - rho)/rho) with the displaced workers moved to the remaining
    tasks (Aghion, Jones & Jones), the contrast (1 - f)^(1/rho) in which they stay idle, and the income share of
    the tasks people still do."""
    rho = "((sigma - 1) / sigma)"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 220,
        "title": {"text": {"expr": "format(f, '.0%') + ' of tasks automated at σ = ' + format(sigma, '.2f') + ': output ×' + format(output_multiple, ',.1f') + ' (×' + format(output_multiple_idle, ',.1f') + ' if displaced workers stayed idle), human tasks earn ' + format(labour_share, '.0%') + ' of income'"}, "fontSize": 11},
        "params": [slider("f", automated_share, 0, 0.99, 0.01, "automated f", shows="format(f, '.0%') + ' of tasks'"),
                   slider("sigma", sigma, 0.1, 0.95, 0.05, "elasticity σ", shows="'σ = ' + format(sigma, '.2f')"),
                   slider("log10_machines", log10_machines, 0, 6, 0.1, "machines per task",
                          shows="format(pow(10, log10_machines), ',.3~r') + ' per automated task'"),
                   derived("output_multiple", f"pow(1 - f, (1 - {rho}) / {rho})"),
                   derived("output_multiple_idle", f"pow(1 - f, 1 / {rho})"),
                   derived("labour_share", f"pow(1 - f, 1 - {rho}) / (pow(1 - f, 1 - {rho}) + "
                                           f"f * pow(pow(10, log10_machines), {rho}))")],
        "data": {"sequence": {"start": 0, "stop": 0.991, "step": 0.01, "as": "share"}},
        "transform": [{"calculate": f"{log10_expr(f'pow(1 - datum.share, (1 - {rho}) / {rho})')}",
                       "as": "log10 multiple"},
                      {"calculate": f"{log10_expr(f'pow(1 - datum.share, 1 / {rho})')}",
                       "as": "log10 multiple, workers idle"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 2.5, "clip": True},
             "encoding": {"x": {"field": "share", "type": "quantitative", "title": "share of tasks automated f"},
                          "y": {"field": "log10 multiple", "type": "quantitative", "scale": {"domain": [0, 6]},
                                "title": "log10 output multiple"}}},
            {"mark": {"type": "line", "color": "#737373", "strokeWidth": 1.5, "strokeDash": [6, 4], "clip": True},
             "encoding": {"x": {"field": "share", "type": "quantitative"},
                          "y": {"field": "log10 multiple, workers idle", "type": "quantitative"}}},
            current_point("f", f"min(6, {log10_expr('output_multiple')})"),
        ],
    }
    spec = with_sentence(spec, "'Automating ' + format(f, '.0%') + ' of tasks at σ = ' + format(sigma, '.2f') + ' multiplies output "
                               "by ' + format(output_multiple, ',.3~r') + ' (by ' + format(output_multiple_idle, ',.3~r') + ' if the "
                               "displaced workers sit idle); the tasks people still do then earn ' + format(labour_share, '.1%') + ' of income.'")
    return spec, ["f", "sigma", "log10_machines", "output_multiple", "output_multiple_idle", "labour_share"], \
        "Static twin of the automation explorer: output multiple against the share of tasks automated, with the " \
        "displaced workers moved to the remaining tasks (solid) or idle (dashed)."
