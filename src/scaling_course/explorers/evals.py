"""Chapter 2 "Evals": explorers and their static twins.

- `nines_explorer` (task success over a chain of steps, per-step nines) and `nines_twin`;
- `emergence_explorer` (exact match against per-token metrics, answer length) and `emergence_twin`.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import emergence, reliability
from . import BlitFigure, Explorer
from .vega import SCHEMA, current_point, derived, guide_rule, slider, with_sentence


def nines_explorer(n_nines=1.0, n_steps=10, target=0.9):
    """Sliders for per-step nines, chain length and a target: task success and the reliability it needs."""
    figure = Figure(figsize=(8, 4))
    figure.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.9)
    ax = figure.subplots()
    steps = np.logspace(0, 4, 200)
    lines = [ax.plot(steps, steps * 0, color=c, lw=3 if i == 1 else 1.5)[0]
             for i, c in enumerate(reliability.NINES_COLOURS)]
    marker = ax.axvline(1, color="black", ls=":", lw=1)
    (dot,) = ax.plot([], [], "o", color=reliability.NINES_COLOURS[1], ms=9)
    ax.set(xscale="log", xlim=(1, 1e4), ylim=(-0.02, 1.02), xlabel="steps in the task n",
           ylabel="task success $p^n$")
    legend = ax.legend(lines, ["", "", ""], loc="lower left", fontsize=8)
    status = ax.set_title(" ", fontsize=10)
    blit = BlitFigure(figure, lines + [marker, dot, status, legend])

    def render(n_nines, n_steps, target):
        n_steps = int(round(n_steps))
        for offset, line, text in zip((-1, 0, 1), lines, legend.get_texts()):
            level = max(n_nines + offset, 0.5)  # 0.5 nines is p = 0.68
            p = reliability.reliability_from_nines(level)
            line.set_ydata(reliability.chain_success(p, np.round(steps)))
            text.set_text(f"{level:.2f} nines: p = {p:.6f}")
        p = reliability.reliability_from_nines(n_nines)
        success = reliability.chain_success(p, n_steps)
        marker.set_xdata([n_steps, n_steps])
        dot.set_data([n_steps], [success])
        needed = reliability.required_step_reliability(target, n_steps)
        status.set_text(f"p = {p:.6f} over {n_steps} steps: success {success:.1%}. "
                        f"For {target:.0%} you need p = {needed:.6f} ({reliability.nines(needed):.2f} nines)")
        return blit.png()

    controls = {
        "n_nines": widgets.FloatSlider(value=n_nines, min=1, max=6, step=0.05, description="nines"),
        "n_steps": widgets.FloatLogSlider(value=n_steps, base=10, min=0, max=4, step=0.05, description="steps n",
                                          readout_format=".0f"),
        "target": widgets.FloatSlider(value=target, min=0.5, max=0.99, step=0.01, description="target"),
    }
    return Explorer(controls, render, nines_twin(n_nines, float(np.log10(n_steps)), target))


def nines_twin(n_nines=1.0, log10_steps=1.0, target=0.9):
    """Chapter 2: task success p^n for p = 1 - 10^-nines, and the per-step reliability a target needs."""
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": "Task success p^n against the number of steps n",
        "params": [slider("nines", n_nines, 1, 6, 0.05, "per-step nines",
                          shows="format(nines, '.2f') + ' (p = ' + format(1 - pow(10, -nines), '.6~f') + ')'"),
                   slider("log10_steps", log10_steps, 0, 4, 0.05, "steps n", shows="round(pow(10, log10_steps))"),
                   slider("target", target, 0.5, 0.99, 0.01, "target success", shows="format(target, '.0%')"),
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
    spec = with_sentence(spec, "'With p = ' + format(p, '.6~f') + ' per step, a task of ' + steps + ' steps succeeds ' + "
                               "format(success, '.1%') + ' of the time; to succeed ' + format(target, '.0%') + "
                               "' of the time it needs p = ' + format(needed, '.6f') + ' per step (' + "
                               "format(-log(1 - needed) / LN10, '.2f') + ' nines).'")
    return spec, ["nines", "log10_steps", "steps", "target", "p", "success", "needed"], \
        "Static twin of the nines explorer: task success against steps for the chosen per-step reliability."


def emergence_explorer(answer_length=10):
    """A slider for answer length L: exact match turns sharp while the per-token metrics stay smooth."""
    n_params = np.logspace(6, 13, 200)
    figure = Figure(figsize=(11, 3.4))
    figure.subplots_adjust(left=0.06, right=0.99, bottom=0.16, top=0.88, wspace=0.3)
    axes = figure.subplots(1, 3)
    exact_line, edit_line = emergence.draw_metrics(axes, n_params, answer_length)
    axes[2].set_ylim(1e-3, 60)
    blit = BlitFigure(figure, [exact_line, edit_line])

    def render(answer_length):
        exact_line.set_ydata(emergence.exact_match(n_params, answer_length))
        edit_line.set_ydata(emergence.token_edit_distance(n_params, answer_length))
        return blit.png()

    controls = {"answer_length": widgets.IntSlider(value=answer_length, min=1, max=50, description="answer L")}
    return Explorer(controls, render, emergence_twin(answer_length))


def emergence_twin(answer_length=10, log10_params=10.0):
    """Chapter 2: exact match p^L against per-token accuracy p, for a model of 10^log10_params parameters."""
    loss = "(3 * pow(pow(10, {0}) / 1e7, -0.4))"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": "Per-token accuracy rises smoothly; exact match on the whole answer looks sudden",
        "params": [slider("answer_length", answer_length, 1, 50, 1, "answer length L",
                          shows="answer_length + (answer_length == 1 ? ' token' : ' tokens')"),
                   slider("log10_params", log10_params, 6, 13, 0.05, "model size N",
                          shows="'10^' + format(log10_params, '.2f') + ' parameters'"),
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
    spec = with_sentence(spec, "'A model of 10^' + format(log10_params, '.2f') + ' parameters gets each token right ' + "
                               "format(token_accuracy, '.1%') + ' of the time, so it gets all ' + answer_length + "
                               "' tokens of the answer right ' + format(exact_match, '.1%') + ' of the time (' + "
                               "format(wrong_tokens, '.2f') + ' wrong tokens per answer on average).'")
    return spec, ["answer_length", "log10_params", "token_accuracy", "exact_match", "wrong_tokens"], \
        "Static twin of the emergence explorer: exact match and per-token accuracy against model size."
