"""Chapter 3 widgets: the superposition explorer and a progress bar for training runs.

Thin wrappers, like widgets.py: the computing is in superposition.py and induction.py.
"""
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import superposition, twins
from .widgets import Explorer, figure_png, widget_bundle


def superposition_frame(W, b, sparsity):
    """PNG of one trained toy model: the feature arrows, WᵀW and the bias."""
    figure = Figure(figsize=(9, 3.3), layout="constrained")
    ax_arrows, ax_gram, ax_bias = figure.subplots(1, 3, width_ratios=[1, 1.15, 1])
    superposition.draw_features(ax_arrows, W, "feature directions")
    superposition.draw_gram(ax_gram, W)
    superposition.draw_bias(ax_bias, b)
    mean_bias = float(np.mean(b[superposition.represented(W)])) if len(superposition.represented(W)) else 0.0
    figure.suptitle(f"S = {sparsity:.3g}: {superposition.describe(W)}; mean bias of kept features "
                    f"{mean_bias:+.2f}", fontsize=11)
    return figure_png(figure, dpi=100)


class Progress:
    """A progress bar with a label, to pass as a training function's progress callback.

    Shows as the live bar in Jupyter; on a static page it shows the last status line instead.
    """

    def __init__(self, description="training"):
        self.bar = widgets.IntProgress(value=0, min=0, max=1, description=description)
        self.label = widgets.Label("")
        self.widget = widgets.HBox([self.bar, self.label])
        self.started = time.perf_counter()

    def __call__(self, step, total):
        self.bar.max, self.bar.value = total, step
        self.label.value = f"step {step} of {total}, {time.perf_counter() - self.started:.1f} s"

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, "(training progress: a live bar when you run the notebook)")


def superposition_explorer(sweep, sparsity=0.9):
    """A sparsity slider over a precomputed sweep {sparsity: (W, b)}, plus a button to train at its value.

    The slider shows the nearest trained sparsity at once; "train at this sparsity" trains at the
    slider's exact value (with a progress bar) and adds the result to the sweep.
    """
    frames = {s: superposition_frame(W, b, s) for s, (W, b) in sweep.items()}
    slider = widgets.FloatSlider(value=sparsity, min=0.0, max=0.995, step=0.005, description="sparsity S",
                                 readout_format=".3f", continuous_update=True)

    def nearest(value):
        return min(frames, key=lambda s: abs(np.log1p(-s) - np.log1p(-value)))

    explorer = Explorer({"sparsity": slider}, lambda sparsity: frames[nearest(sparsity)],
                        twins.superposition_sweep(sweep))
    button = widgets.Button(description="train at this sparsity", icon="play")
    progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="160px"))
    status = widgets.Label()

    def show_status(change=None):
        status.value = f"showing the nearest trained sparsity: {nearest(slider.value):.3g}"

    show_status()

    def train_here(_=None):
        value = round(slider.value, 3)
        button.disabled = True
        try:
            def report(step, total):
                progress.max, progress.value = total, step
            W, b = superposition.train(sparsity=value, progress=report)
            sweep[value] = (W, b)
            frames[value] = superposition_frame(W, b, value)
            explorer.refresh()
            show_status()
        finally:
            button.disabled = False

    slider.observe(show_status, names="value")
    button.on_click(train_here)
    explorer.train_here = train_here  # the same path as a click, for tests and benchmarks
    explorer.widget.children = (widgets.HBox([slider, button, progress]), status, explorer.image)
    return explorer
