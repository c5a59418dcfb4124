"""Chapter 3 "Internals": the superposition explorer and its static twin.

- `superposition_explorer` (a sparsity slider over a trained sweep, and a button to train at its value)
  and `superposition_twin`; `superposition_frame` draws one trained model.
The training progress bar every chapter can use is `explorers.Progress`.
"""
import json

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import superposition
from . import Explorer, Progress, figure_png  # Progress: the training bar the notebook shows
from .vega import SCHEMA, derived, slider, with_sentence


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
                        superposition_twin(sweep, sparsity))
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


def superposition_twin(sweep, sparsity=None):
    """Chapter 3: the feature arrows of the precomputed sweep; the slider picks a trained sparsity, starting at
    the one nearest `sparsity` (as the explorer does; the sparsest if None)."""

    sparsities = sorted(sweep)
    start = len(sparsities) - 1 if sparsity is None else \
        min(range(len(sparsities)), key=lambda i: abs(np.log1p(-sparsities[i]) - np.log1p(-sparsity)))
    n_features = int(np.asarray(sweep[sparsities[0]][0]).shape[1])
    rows = []
    for index, s in enumerate(sparsities):
        W = np.asarray(sweep[s][0])
        for feature, (x, y) in enumerate(W.T):
            rows += [{"i": index, "feature": str(feature), "order": 0, "x": 0.0, "y": 0.0},
                     {"i": index, "feature": str(feature), "order": 1, "x": float(x), "y": float(y)}]
    kept = [int(len(superposition.represented(sweep[s][0]))) for s in sparsities]
    spec = {
        "$schema": SCHEMA, "width": 280, "height": 280,
        "title": "Each feature's direction in the model's two dimensions",
        "params": [slider("index", start, 0, len(sparsities) - 1, 1, "sparsity S", shows="sparsity"),
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
    spec = with_sentence(spec, "'At sparsity S = ' + sparsity + ' the model keeps ' + features_kept + ' of "
                               f"{n_features} features in 2 dimensions' + (features_kept > 2 ? ': more features than "
                               "dimensions, in superposition.' : '.')")
    return spec, ["index", "sparsity", "features_kept"], \
        "Static twin of the superposition explorer: each feature's direction at the chosen sparsity."

__all__ = ["Progress", "superposition_frame", "superposition_explorer", "superposition_twin"]
