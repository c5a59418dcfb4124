"""The explorers: one module per chapter (`explorers/<slug>.py`), each explorer with its static twin
right below it. This module holds what they all share.

Each explorer draws into a matplotlib Figure (not pyplot: nothing is shown twice and no global
state is kept) and shows it as PNG in an ipywidgets.Image. To keep a slider under 50 ms, the
static parts of a figure are drawn once and only the artists that move are redrawn (blitting).
`Explorer.update(...)` runs the same path as a slider, so it can be timed without a kernel
(tools/bench.py).

Chapter notebooks read `from scaling_course.explorers import impact as explore`.
"""
import base64
import html
import io
import pickle
import time

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image, ImageDraw, ImageFont

from . import vega

SNAPSHOT_NOTE = "Snapshot: run this notebook (Binder, Colab or locally) to move the controls."


def widget_bundle(widget, text):
    """The display bundle that shows a live widget: built by hand because ipywidgets 7 (which Colab
    ships) has no _repr_mimebundle_, and a bundle works with 7 and 8 alike."""
    view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    return {"application/vnd.jupyter.widget-view+json": view, "text/plain": text}


def snapshot_html(png, alt):
    """text/html for an explorer without a static twin: the note as page text (it wraps, it is read out, it
    takes the page's colours), then the current PNG, which _ext/course_site.py frames like every figure."""
    width = Image.open(io.BytesIO(png)).width
    return (f'<div class="explorer-snapshot"><p class="explorer-snapshot-note">{html.escape(SNAPSHOT_NOTE)}</p>'
            f'<img class="explorer-snapshot-image" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}"'
            f' alt="{html.escape(alt)}" width="{width}"></div>')


def snapshot_png(png):
    """The PNG with a strip above it saying it is a snapshot and how to make it live: for renderers that show
    a notebook's image/png (GitHub, nbviewer's fallback); the static site shows snapshot_html or the twin."""
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

    def still(self):
        """A detached copy of the figure as png() last drew it, its moving artists drawn like the others (an
        ordinary figure, e.g. for the site's phone design of an explorer's snapshot)."""
        copy = pickle.loads(pickle.dumps(self.figure))
        for artist in copy.findobj(lambda artist: artist.get_animated()):
            artist.set_animated(False)
        FigureCanvasAgg(copy)
        return copy


class Explorer:
    """Controls above an image; every change calls render(**values) -> PNG bytes. Displays as the widget.

    An explorer without a twin may also pass figure(**values) -> the matplotlib Figure that render's PNG shows
    (whole, at its dpi): the site build draws that figure's phone design and 2x pictures for the snapshot
    (snapshot_figure, scaling_course.figures)."""

    def __init__(self, controls, render, twin=None, alt=None, figure=None):
        self.controls, self._render, self._figure = controls, render, figure  # controls: {argument name: ipywidget}
        self.twin = twin  # (Vega-Lite spec, readout names, alt text) for static pages; see vega.py
        self.alt = alt or (twin[2] if twin else "A snapshot of the explorer at the settings in the code above.")
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

    def snapshot_figure(self):
        """The Figure the static site's snapshot shows (None with a twin, or without a figure function)."""
        return self._figure(**self.values()) if self._figure is not None and self.twin is None else None

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter and Colab, plus a labelled PNG of the current state for static pages."""
        bundle = widget_bundle(self.widget, "(an explorer: live when you run the notebook)")
        bundle["image/png"] = base64.b64encode(snapshot_png(self.image.value)).decode("ascii")
        if self.twin is not None:  # sliders that work on the static site, with the snapshot as fallback
            bundle["text/html"] = vega.bundle_html(self.twin, self.image.value)
        else:  # the static site: the note as text above the current picture
            bundle["text/html"] = snapshot_html(self.image.value, self.alt)
        return bundle


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
