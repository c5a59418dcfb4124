"""Thin ipywidgets wrappers around the demos' compute and draw functions.

Each explorer draws into a matplotlib Figure (not pyplot: nothing is shown twice and no global
state is kept) and shows it as PNG in an ipywidgets.Image. To keep a slider under 50 ms, the
static parts of a figure are drawn once and only the artists that move are redrawn (blitting).
`Explorer.update(...)` runs the same path as a slider, so it can be timed without a kernel
(tools/bench.py).
"""
import base64
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, ImageDraw, ImageFont

from . import fitting, laws, manifold, twins

SNAPSHOT_NOTE = "Snapshot: run this notebook (Binder, Colab or locally) to move the controls."


def widget_bundle(widget, text):
    """The display bundle that shows a live widget: built by hand because ipywidgets 7 (which Colab
    ships) has no _repr_mimebundle_, and a bundle works with 7 and 8 alike."""
    view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    return {"application/vnd.jupyter.widget-view+json": view, "text/plain": text}


def snapshot_png(png):
    """The PNG with a strip above it saying it is a snapshot and how to make it live (static pages)."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    font = ImageFont.load_default(size=13)
    lines, words = [""], SNAPSHOT_NOTE.split()
    for word in words:  # wrap to the picture's width
        trial = f"{lines[-1]} {word}".strip()
        if lines[-1] and font.getlength(trial) > picture.width - 16:
            lines.append(word)
        else:
            lines[-1] = trial
    strip = 6 + 16 * len(lines)
    framed = Image.new("RGB", (picture.width, picture.height + strip), "#fff4d6")
    framed.paste(picture, (0, strip))
    ImageDraw.Draw(framed).multiline_text((8, 4), "\n".join(lines), fill="#5a4500", font=font, spacing=3)
    buffer = io.BytesIO()
    framed.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def figure_png(figure, dpi=100):
    """The whole figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class BlitFigure:
    """A figure whose static parts are rendered once; png() redraws only the moving artists."""

    def __init__(self, figure, moving_artists):
        self.figure, self.moving = figure, moving_artists
        for artist in moving_artists:
            artist.set_animated(True)  # left out of the background render
        self.canvas = FigureCanvasAgg(figure)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(figure.bbox)

    def png(self):
        self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.figure.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        pixels = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        pixels.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


class Explorer:
    """Controls above an image; every change calls render(**values) -> PNG bytes. Displays as the widget."""

    def __init__(self, controls, render, twin=None):
        self.controls, self._render = controls, render  # controls: {argument name: ipywidget}
        self.twin = twin  # (Vega-Lite spec, readout names, alt text) for static pages; see twins.py
        self.image = widgets.Image(format="png")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), self.image])
        self._setting = False  # True while update() sets several controls, so they redraw once
        self.refresh()
        for control in controls.values():
            control.observe(self._on_change, names="value")

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        """Set controls (by argument name) and redraw once, as a learner's slider move would."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"This explorer has no control called {name!r}; it has {sorted(self.controls)}.")
        self._setting = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._setting = False
        self.refresh()  # draws what the controls hold, after any rounding to a slider's step

    def _on_change(self, change):
        if not self._setting:
            self.refresh()

    def refresh(self):
        self.image.value = self._render(**self.values())

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter and Colab, plus a labelled PNG of the current state for static pages."""
        bundle = widget_bundle(self.widget, "(an explorer: live when you run the notebook)")
        snapshot = snapshot_png(self.image.value)
        bundle["image/png"] = base64.b64encode(snapshot).decode("ascii")
        if self.twin is not None:  # sliders that work on the static site, with the snapshot as fallback
            bundle["text/html"] = twins.bundle_html(self.twin, snapshot)
        return bundle


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
    twin = twins.fit_sweep(sweep, coarse,
                           [fitting.piecewise_linear_fit(x_train, y_train, k)(coarse) for k in range(1, len(sweep["piecewise"]) + 1)],
                           [fitting.polynomial_fit(x_train, y_train, k)(coarse) for k in range(len(sweep["polynomial"]))],
                           n_bins, degree)
    return Explorer(controls, render, twin)


def manifold_explorer(seed=0):
    """A dimension selector: held-out error against parameters on log-log axes, with the 4/d line.

    Every dimension (1 to 6) is drawn up front, so switching is instant.
    """
    frames = {}
    dimensions = list(range(1, manifold.MAX_DIMENSION + 1))
    for d in dimensions:
        figure = Figure(figsize=(6, 3.8), layout="constrained")
        manifold.draw_scaling_curve(figure.subplots(), *manifold.scaling_curve(d, seed=seed), d)
        frames[d] = figure_png(figure)
    controls = {"d": widgets.Dropdown(options=dimensions, value=1, description="dimension d")}
    return Explorer(controls, lambda d: frames[d])


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
    return Explorer(controls, render, twins.compute_budget(log10_compute))


def nines_explorer(n_nines=1.0, n_steps=10, target=0.9):
    """Sliders for per-step nines, chain length and a target: task success and the reliability it needs."""
    from . import reliability

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
    return Explorer(controls, render, twins.nines(n_nines, float(np.log10(n_steps)), target))


def emergence_explorer(answer_length=10):
    """A slider for answer length L: exact match turns sharp while the per-token metrics stay smooth."""
    from . import emergence

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
    return Explorer(controls, render, twins.emergence(answer_length))
