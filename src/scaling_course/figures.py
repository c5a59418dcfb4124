"""Every notebook figure in two designs: the one the notebook draws, and a narrow one for phones.

A learner running a notebook sees one figure, as drawn. When the course's site is built, the Sphinx extension
_ext/responsive_figures.py makes each kernel call `register(get_ipython())`; from then on, displaying a matplotlib
figure adds one more entry to its output bundle (VARIANTS_MIME, which no notebook front end shows):

- "wide_2x": the same figure at twice the resolution, for high-density screens;
- "narrow" / "narrow_2x": a copy re-laid out for a phone: its panels stacked in one column, NARROW_WIDTH_IN
  inches wide (shown at full size in a phone's 358 px column), every text at least MIN_FONT_PT, long titles
  wrapped;
- the smallest text of each design in pixels of its 1x picture ("wide_font_px", "narrow_font_px"), so that a
  test can compute how large the labels are on the page (font size x displayed width / natural width).

An explorer without a static twin shows on the site as a PNG snapshot of its figure; displaying it adds the
same entry for that figure (VariantsFormatter asks the explorer for it: Explorer.snapshot_figure).

The site serves the narrow design to screens up to 599 px wide (<picture>), the drawn one to wider screens.

Used in: every unit's page on the site (the figures of book/*.ipynb and the snapshots of the explorers without
a twin), through _ext/responsive_figures.py.
"""
import base64
import io
import pickle
import re
import textwrap

import matplotlib.pyplot as plt
from IPython.core.formatters import JSONFormatter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.text import Text

VARIANTS_MIME = "application/vnd.scaling-course.figure-variants+json"
NARROW_WIDTH_IN = 3.4   # 340 px at 100 dpi: a figure's column on a 390 px phone is 342 px
MIN_FONT_PT = 8         # 8 pt at 100 dpi is 11.1 px
SUPTITLE_IN = 0.45      # height of one line of a figure title, inches


def _png(figure, dpi, tight=True):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    return buffer.getvalue()


def _visible_texts(figure):
    """The texts the figure draws: visible, not empty, not in a hidden axes."""
    return [text for text in figure.findobj(Text)
            if text.get_visible() and text.get_text().strip()
            and (text.axes is None or text.axes.get_visible())]


def smallest_font_px(figure, dpi):
    """The smallest text drawn in the figure, in pixels of a picture rendered at `dpi`."""
    figure.canvas.draw()  # tick labels exist once drawn
    sizes = [text.get_fontsize() for text in _visible_texts(figure)]
    return round(min(sizes) * dpi / 72, 2) if sizes else None


def _copy(figure):
    """A detached copy of the figure (pickled and back); pyplot, which adopts an unpickled copy of one of its
    figures, lets go of it again, so it is never shown."""
    clone = pickle.loads(pickle.dumps(figure))
    plt.close(clone)
    FigureCanvasAgg(clone)  # drawn off screen, whatever the backend
    return clone


def _grid_cells(figure):
    """The axes placed in the figure's one top-level grid, as {axes: (row, column)} (a twin axes shares its
    cell); None if the figure is not one simple grid (nested or several grids, axes placed by hand). Colorbars
    are left out: the layout keeps each next to its axes."""
    cells, grids = {}, set()
    for ax in figure.axes:
        if getattr(ax, "_colorbar", None) is not None:
            continue
        spec = ax.get_subplotspec()
        if spec is None or type(spec.get_gridspec()) is not GridSpec:
            return None
        grids.add(id(spec.get_gridspec()))
        cells[ax] = (spec.rowspan.start, spec.colspan.start)
    return cells if len(grids) == 1 else None


def _is_maths(content):
    return content.count("$") - content.count("\\$") >= 2


FORMULA = re.compile(r"(?<!\\)\$.+?(?<!\\)\$")  # a $...$ formula (mathtext), not an escaped \$


def _fill(line, chars):
    """One line of a text filled to at most `chars` characters a line, the lines as even as their number allows
    (no last line of one word), never breaking inside a $...$ formula: mathtext draws each line on its own, so
    a formula split over two lines would show its source."""
    maths = _is_maths(line)
    whole = FORMULA.sub(lambda formula: formula[0].replace(" ", "\0"), line) if maths else line  # no break there
    options = {"break_long_words": not maths, "break_on_hyphens": not maths}
    lines, longest_word = len(textwrap.wrap(whole, chars, **options)), max(map(len, whole.split()), default=0)
    while chars > longest_word and len(textwrap.wrap(whole, chars - 1, **options)) == lines:
        chars -= 1
    return textwrap.fill(whole, chars, **options).replace("\0", " ")


def _wrap(text, width_px):
    """Wrap a title, label or note to width_px pixels of its figure, measuring it as drawn."""
    content = getattr(text, "_course_unwrapped", None) or text.get_text()  # its own line breaks, not ours
    if not content.strip():
        return
    text._course_unwrapped = content
    renderer = text.figure.canvas.get_renderer()
    for _ in range(4):  # a narrower fill until it fits (characters differ in width)
        box = text.get_window_extent(renderer)
        width = box.height if abs(text.get_rotation() % 180 - 90) < 1 else box.width  # a y-axis label runs up
        if width <= width_px:
            return
        longest = max(len(line) for line in text.get_text().split("\n"))
        chars = max(6, min(longest - 1, int(longest * width_px / width)))
        text.set_text("\n".join(_fill(line, chars) for line in content.split("\n")))


LEGEND_CHARS = 44   # a legend entry wider than this (at 8 pt, beside its handle) is wrapped


def _legend_below(ax, dpi):
    """Move the axes' legend under its x-axis label, one entry a line, long entries wrapped; returns the
    inches it takes (0 without a legend). On a phone a legend inside the plot covers the data. The figure
    must have been drawn (the distance to the x-axis label's bottom is measured)."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return 0.0
    handles, texts = legend.legend_handles, legend.get_texts()
    labels = [textwrap.fill(text.get_text(), LEGEND_CHARS) for text in texts]
    size = max(MIN_FONT_PT, texts[0].get_fontsize()) if texts else MIN_FONT_PT
    title = legend.get_title().get_text()
    legend.remove()
    renderer = ax.figure.canvas.get_renderer()
    below = (ax.bbox.y0 - ax.get_tightbbox(renderer).y0) * 72 / ax.figure.dpi  # points under the axes
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=ax.transAxes,
              borderaxespad=(below + 4) / size, fontsize=size, title=title or None, title_fontsize=size,
              ncols=1, frameon=False)
    lines = sum(label.count("\n") + 1 for label in labels) + (1 if title else 0)
    return lines * size * 1.5 / 72 + 0.1


def _room(text, box, length):
    """The pixels a text has along its line, from where it is anchored to the figure's edges."""
    start, end = (box.y0, box.y1) if abs(text.get_rotation() % 180 - 90) < 1 else (box.x0, box.x1)
    align = text.get_verticalalignment() if abs(text.get_rotation() % 180 - 90) < 1 else text.get_ha()
    if align in ("left", "bottom", "baseline"):
        return length - 4 - max(start, 0)
    if align in ("right", "top"):
        return min(end, length) - 4
    middle = (start + end) / 2
    return 2 * min(middle, length - middle) - 8


def _fit_inside(figure, passes=3):
    """Wrap whatever the layout left sticking out of the figure (titles, axis labels, notes placed for the wide
    design), and lay it out again. Notes and annotations leave the layout, which would shrink a plot for them."""
    for ax in figure.axes:
        for text in ax.texts:
            text.set_in_layout(False)
    for _ in range(passes):
        figure.canvas.draw()
        texts = [getattr(figure, "_suptitle", None)] + [
            text for ax in figure.axes for text in (ax.title, getattr(ax, "_left_title", None),
                                                    getattr(ax, "_right_title", None), ax.xaxis.label,
                                                    ax.yaxis.label, *ax.texts)]
        wrapped = False
        for text in texts:
            if text is None or not text.get_visible() or not text.get_text().strip():
                continue
            box, (width, height) = text.get_window_extent(), (figure.bbox.width, figure.bbox.height)
            upright = abs(text.get_rotation() % 180 - 90) < 1
            low, high, length = (box.y0, box.y1, height) if upright else (box.x0, box.x1, width)
            if low < 1 or high > length - 1:
                before = text.get_text()
                _wrap(text, max(_room(text, box, length), 40))
                wrapped = wrapped or text.get_text() != before
        if not wrapped:
            return


def narrow(figure, dpi=100):
    """A copy of `figure` designed for a phone: panels stacked in one column, NARROW_WIDTH_IN wide, texts of at
    least MIN_FONT_PT, titles wrapped, legends under their plots. Returns the copy (not shown by pyplot)."""
    wide_h = figure.get_size_inches()[1]
    clone = _copy(figure)
    cells = _grid_cells(clone)
    for text in clone.findobj(Text):
        if text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)
    suptitle = getattr(clone, "_suptitle", None)
    if suptitle is not None:
        _wrap(suptitle, NARROW_WIDTH_IN * dpi - 10)
    title_lines = suptitle.get_text().count("\n") + 1 if suptitle is not None and suptitle.get_text() else 0
    # each panel (a cell of the grid) in its own row, as tall as it was (an image or a square plot keeps its
    # shape at the narrow width), plus room for its ticks, labels and title
    positions = sorted(set(cells.values())) if cells else []
    panels = {position: [ax for ax, cell in cells.items() if cell == position] for position in positions}
    heights = []
    for axes in panels.values():
        h_in = axes[0].get_position().height * wide_h
        aspect = axes[0].get_aspect()
        if aspect != "auto":  # a square plot, an image, a map: as tall as its data at the narrow width
            shape = axes[0].get_data_ratio() * (1.0 if aspect == "equal" else float(aspect))
            heights.append(max(1.2, min((NARROW_WIDTH_IN - 0.8) * shape, 2.7)) + 0.7)
        else:
            heights.append(max(1.9, min(h_in, 2.3)) + 0.8)
    if len(positions) >= 2:
        grid = GridSpec(len(positions), 1, figure=clone)
        for row, axes in enumerate(panels.values()):
            for ax in axes:
                ax.set_subplotspec(grid[row, 0])
    else:
        heights = [max(2.6, min(wide_h * 0.85, 3.4)) - SUPTITLE_IN * title_lines]
    clone.set_layout_engine("constrained")
    clone.set_size_inches(NARROW_WIDTH_IN, sum(heights) + SUPTITLE_IN * title_lines)
    for ax in clone.axes:
        for text in (ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None),
                     ax.xaxis.label):
            if text is not None:
                _wrap(text, (NARROW_WIDTH_IN - 0.7) * dpi)
        _wrap(ax.yaxis.label, max(ax.get_position().height * clone.get_size_inches()[1] * dpi, 1.2 * dpi))
    clone.canvas.draw()
    rows = panels.values() if len(positions) >= 2 else [clone.axes]
    for row, axes in enumerate(rows):
        heights[row] += sum(_legend_below(ax, dpi) for ax in axes if getattr(ax, "_colorbar", None) is None)
    if len(positions) >= 2:
        grid.set_height_ratios(heights)
    clone.set_size_inches(NARROW_WIDTH_IN, sum(heights) + SUPTITLE_IN * title_lines)
    _fit_inside(clone)
    return clone


def variants(figure, cropped=True):
    """The bundle entry for VARIANTS_MIME: the figure at 2x, its narrow design at 1x and 2x, and the smallest
    text of each in pixels of its 1x picture. A figure that cannot be copied gets a reason instead. `cropped`:
    the 2x picture is cropped to what is drawn, as the inline backend crops a notebook's figure; an explorer's
    snapshot shows the whole figure (cropped=False)."""
    dpi = figure.dpi
    entry = {"wide_2x": base64.b64encode(_png(figure, 2 * dpi, tight=cropped)).decode("ascii"),
             "wide_font_px": smallest_font_px(figure, dpi)}
    try:
        phone = narrow(figure, dpi)
    except Exception as error:  # noqa: BLE001 - an unusual figure keeps its drawn design, and says why
        entry["narrow_error"] = f"{type(error).__name__}: {error}"
        return entry
    one, two = _png(phone, dpi, tight=False), _png(phone, 2 * dpi, tight=False)
    entry.update(narrow=base64.b64encode(one).decode("ascii"), narrow_2x=base64.b64encode(two).decode("ascii"),
                 narrow_font_px=smallest_font_px(phone, dpi))
    return entry


class VariantsFormatter(JSONFormatter):
    """IPython's formatter for VARIANTS_MIME: variants() of a Figure, or of the figure an explorer's snapshot
    shows (an object whose snapshot_figure() returns one: scaling_course.explorers.Explorer), nothing for
    anything else. (Not through for_type: turning the inline backend on removes every formatter's Figure
    printer.)"""
    format_type = VARIANTS_MIME

    def __call__(self, obj):
        if not self.enabled:
            return None
        try:
            if isinstance(obj, Figure):
                return variants(obj)
            snapshot = getattr(obj, "snapshot_figure", None)
            figure = snapshot() if callable(snapshot) else None
            return variants(figure, cropped=False) if isinstance(figure, Figure) else None
        except Exception as error:  # noqa: BLE001 - never break the figure's own display
            return {"error": f"{type(error).__name__}: {error}"}


def register(ipython):
    """Add VARIANTS_MIME to what `ipython` computes whenever it displays a matplotlib Figure."""
    formatter = ipython.display_formatter
    formatter.formatters[VARIANTS_MIME] = VariantsFormatter(parent=formatter)
    if formatter.active_types and VARIANTS_MIME not in formatter.active_types:
        formatter.active_types = [*formatter.active_types, VARIANTS_MIME]
