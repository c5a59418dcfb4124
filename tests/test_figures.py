"""Each notebook figure's phone design (scaling_course.figures) and how the site serves it
(_ext/responsive_figures.py), and the same for the snapshot of an explorer without a static twin, without a
browser: the browser's view is in test_pages_render.py."""
import base64
import hashlib
import io
import json
import sys
from types import SimpleNamespace

import matplotlib
import pytest
from helpers import ROOT

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from PIL import Image  # noqa: E402

from scaling_course import figures  # noqa: E402
from scaling_course.explorers import safety, scaling  # noqa: E402

sys.path.insert(0, str(ROOT / "_ext"))
import course_site  # noqa: E402 (_ext is not a package)
import page_weight  # noqa: E402
import responsive_figures  # noqa: E402


@pytest.fixture()
def shell():
    """An IPython shell set up as a site build's kernel is: figures shown as PNG, variants registered."""
    ipython = InteractiveShell.instance()
    figures.register(ipython)
    select_figure_formats(ipython, {"png"})  # as the inline backend does when turned on, after the startup file
    yield ipython
    del ipython.display_formatter.formatters[figures.VARIANTS_MIME]
    InteractiveShell.clear_instance()


@pytest.fixture()
def three_panels():
    """A figure drawn as the chapters draw theirs: three panels side by side, a title, a legend in a panel."""
    fig, axes = plt.subplots(1, 3, figsize=(9, 3), layout="constrained")
    for i, ax in enumerate(axes):
        ax.plot([1, 2, 3], [i, i + 1, i + 3], label=f"a curve whose label is rather long, number {i}")
        ax.set(xlabel="parameters N", ylabel="accuracy", title=f"panel {i}")
    axes[0].legend(fontsize=7)
    fig.suptitle("A title as long as the ones the chapters give their multi-panel figures, and longer")
    yield fig
    plt.close("all")


def test_the_narrow_design_stacks_the_panels_in_a_phone_column_with_readable_text(three_panels):
    shown_before = plt.get_fignums()
    phone = figures.narrow(three_panels)
    assert plt.get_fignums() == shown_before, "the copy must not become a pyplot figure a notebook would show"
    assert phone.get_size_inches()[0] == pytest.approx(figures.NARROW_WIDTH_IN)
    phone.canvas.draw()
    boxes = [ax.get_position() for ax in phone.axes]
    assert [round(b.x0, 2) for b in boxes] == [round(boxes[0].x0, 2)] * 3, "one column"
    assert boxes[0].y0 > boxes[1].y0 > boxes[2].y0, "in the drawn order, top to bottom"
    assert figures.smallest_font_px(phone, 100) >= 11, "the legend's 7 pt is raised to 8 pt (11.1 px)"
    legend = phone.axes[0].get_legend().get_window_extent()
    label = phone.axes[0].xaxis.label.get_window_extent()
    assert legend.y1 <= label.y0 + 1, "the legend sits under its plot's x-axis label, not on the data"
    assert "\n" in phone._suptitle.get_text(), "the long title is wrapped"
    assert three_panels.get_size_inches()[0] == pytest.approx(9), "the notebook's figure is left as drawn"


def test_displaying_a_figure_adds_its_variants_once_registered(shell, three_panels):
    data, _ = shell.display_formatter.format(three_panels)
    entry = data[figures.VARIANTS_MIME]
    assert not {"error", "narrow_error"} & set(entry), entry
    narrow = Image.open(io.BytesIO(base64.b64decode(entry["narrow"])))
    narrow_2x = Image.open(io.BytesIO(base64.b64decode(entry["narrow_2x"])))
    wide_2x = Image.open(io.BytesIO(base64.b64decode(entry["wide_2x"])))
    assert narrow.width == 340 and narrow_2x.width == 680 and abs(narrow_2x.height - 2 * narrow.height) <= 1
    assert wide_2x.width > 1600
    assert entry["narrow_font_px"] >= 11 and entry["wide_font_px"] == pytest.approx(7 * 100 / 72, abs=0.01)
    assert figures.VARIANTS_MIME not in shell.display_formatter.format([1, 2])[0]


def test_the_site_serves_each_figure_as_a_picture_of_both_designs(shell, three_panels, tmp_path):
    """serve_variants turns course_site's frame into a <picture> and writes the narrow and 2x files."""
    data, _ = shell.display_formatter.format(three_panels)
    png = base64.b64decode(data["image/png"])
    name = hashlib.sha256(png).hexdigest()
    executed = tmp_path / "jupyter_execute" / "book" / "x.ipynb"
    executed.parent.mkdir(parents=True)
    output = {"output_type": "display_data", "metadata": {},
              "data": {"image/png": data["image/png"], "text/plain": "<Figure size 900x300 with 3 Axes>",
                       figures.VARIANTS_MIME: data[figures.VARIANTS_MIME]}}
    executed.write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": [output]}]}))
    (tmp_path / "html" / "_images").mkdir(parents=True)
    framed = (f'<a class="course-figure" href="../_images/{name}.png" title="Open the figure full size">'
              f'<img alt="three panels" src="../_images/{name}.png" style="--course-natural-width: 1100px"></a>'
              f'<p class="course-figure-hint">Wider than a phone\'s screen: swipe.</p>')
    context = {"body": framed}
    responsive_figures.serve_variants(SimpleNamespace(outdir=str(tmp_path / "html")), "book/x", None, context, None)
    body = context["body"]
    assert body.startswith('<a class="course-figure course-figure-responsive" '
                           f'href="../_images/{name}@2x.png"'), body
    assert (f'<source media="(max-width: 599px)" srcset="../_images/{name}-narrow.png 1x, '
            f'../_images/{name}-narrow@2x.png 2x">') in body
    assert f'srcset="../_images/{name}.png 1x, ../_images/{name}@2x.png 2x"' in body
    assert "--course-wide-width: 1100px; --course-narrow-width: 340px" in body and "course-figure-hint" not in body
    for suffix in ("@2x", "-narrow", "-narrow@2x"):
        assert (tmp_path / "html" / "_images" / f"{name}{suffix}.png").stat().st_size > 1000
    # a notebook executed before the variants existed is stale; an explorer's snapshot never has them
    del output["data"][figures.VARIANTS_MIME]
    assert responsive_figures.lacks_variants({"cells": [{"outputs": [output]}]})
    output["data"]["text/plain"] = "(an explorer: live when you run the notebook)"
    assert not responsive_figures.lacks_variants({"cells": [{"outputs": [output]}]})


def test_a_title_holding_a_formula_is_wrapped_between_formulas_not_inside_one():
    fig, ax = plt.subplots(figsize=(6, 3.8), layout="constrained")
    ax.loglog([10, 100, 1000], [1e-3, 1e-6, 1e-9])
    ax.set_title("d = 1: error falls as $N^{-3.99}$ (theory 4/d = 4.00), and $\\alpha = 4 / d$ says so", fontsize=10)
    phone = figures.narrow(fig)
    plt.close(fig)
    phone.canvas.draw()
    title = phone.axes[0].title
    lines = title.get_text().split("\n")
    assert len(lines) >= 2, "too wide for a phone: wrapped"
    assert all(line.count("$") % 2 == 0 for line in lines), lines
    assert "$N^{-3.99}$" in title.get_text() and "$\\alpha = 4 / d$" in title.get_text(), lines
    box = title.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= phone.bbox.width, "the title fits inside the narrow design"
    widths = [len(line) for line in lines]
    assert min(widths) >= max(widths) / 3, f"lines as even as their number allows, no last word alone: {lines}"


def test_an_explorers_figure_keeps_its_whole_size_at_2x():
    fig = plt.figure(figsize=(6, 3.8))
    fig.add_subplot().plot([1, 2], [1, 2])
    entry = figures.variants(fig, cropped=False)
    plt.close(fig)
    assert Image.open(io.BytesIO(base64.b64decode(entry["wide_2x"]))).size == (1200, 760)


def test_a_blit_figures_still_copy_draws_its_moving_artists_and_leaves_the_explorer_as_it_was():
    explorer = safety.gaming_explorer(bonus=2.0)
    still = explorer.snapshot_figure()
    written = still.axes[0]
    assert not [a for a in still.findobj() if a.get_animated()], "every artist drawn by savefig"
    assert "circles the bonus" in written.get_title(), "the title the explorer's PNG shows, not the blank it starts with"
    assert sum(a.get_visible() for a in written.texts if isinstance(a, Annotation)) >= 3
    assert still is not explorer.snapshot_figure(), "a copy each time"
    assert explorer.update(bonus=0.5) is None and explorer.image.value[:4] == b"\x89PNG", "the live figure still blits"


def test_an_explorer_without_a_twin_brings_its_snapshots_designs_only_in_the_site_build(shell):
    explorer = safety.gaming_explorer(bonus=2.0)
    assert figures.VARIANTS_MIME not in DisplayFormatter().format(explorer)[0], \
        "a learner's kernel (nothing registered) shows the explorer as before"
    data, _ = shell.display_formatter.format(explorer)
    entry = data[figures.VARIANTS_MIME]
    assert not {"error", "narrow_error"} & set(entry), entry
    shown = Image.open(io.BytesIO(explorer.image.value))
    narrow = Image.open(io.BytesIO(base64.b64decode(entry["narrow"])))
    assert Image.open(io.BytesIO(base64.b64decode(entry["wide_2x"]))).size == (2 * shown.width, 2 * shown.height)
    assert narrow.width == 340 and narrow.height > 340, "the two tracks stacked in a phone's column"
    assert entry["narrow_font_px"] >= 11
    # an explorer with a static twin shows the twin on the site, and its snapshot gets no designs
    assert figures.VARIANTS_MIME not in shell.display_formatter.format(scaling.compute_explorer())[0]


def test_the_site_serves_an_explorers_snapshot_as_a_picture_of_both_designs(shell, tmp_path):
    """The kernel's text/html, through page_weight (the PNG to a file), course_site (the frame) and
    responsive_figures (the <picture>), as the build runs them."""
    explorer = safety.gaming_explorer(bonus=2.0)
    data, _ = shell.display_formatter.format(explorer)
    executed = tmp_path / "jupyter_execute" / "book" / "x.ipynb"
    executed.parent.mkdir(parents=True)
    output = {"output_type": "display_data", "metadata": {}, "data": data}
    executed.write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": [output]}]}))
    html_dir = tmp_path / "html"
    app = SimpleNamespace(outdir=str(html_dir), srcdir=str(tmp_path), builder=SimpleNamespace(images={}))
    context = {"body": data["text/html"], "pathto": lambda name, resource: f"../{name}"}
    for step in (page_weight.snapshots_as_files, course_site.frame_figures, responsive_figures.serve_variants):
        step(app, "book/x", None, context, None)
    stem = page_weight.snapshot_stem(explorer.image.value)
    body = context["body"]
    assert f'<a class="course-figure course-figure-responsive" href="../_images/{stem}@2x.png"' in body, body
    assert (f'<source media="(max-width: 599px)" srcset="../_images/{stem}-narrow.png 1x, '
            f'../_images/{stem}-narrow@2x.png 2x">') in body
    assert f'srcset="../_images/{stem}.png 1x, ../_images/{stem}@2x.png 2x"' in body
    assert "--course-wide-width: 1000px; --course-narrow-width: 340px" in body and 'data-narrow-font-px="' in body
    assert 'class="explorer-snapshot-image"' in body and "explorer-snapshot-note" in body
    with Image.open(html_dir / "_images" / f"{stem}-narrow.png") as narrow:
        assert narrow.width == 340
    for suffix in ("", "@2x", "-narrow@2x"):
        assert (html_dir / "_images" / f"{stem}{suffix}.png").stat().st_size > 1000
