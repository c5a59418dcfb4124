"""Sphinx extension: the small key figure on each chapter's card on the landing page (book/intro.md).

Each is an SVG of about 1 KB, drawn at build time from the same numbers as the chapter's key figure (the
caption it stands for is named below), so the landing page stays light: _static/cards/<page>.svg. Written
into the source's _static/ before Sphinx reads the pages (the card directive checks the image exists), and
only when its content changed, so the committed files stay those a build writes.
"""
import math
from pathlib import Path

WIDTH, HEIGHT, PAD = 240, 100, 10
INK, ACCENT, MUTED, PAPER = "#1f4e79", "#c05800", "#8a99a8", "#f3f6fa"


def frame(*shapes):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">'
            f'<rect width="{WIDTH}" height="{HEIGHT}" rx="6" fill="{PAPER}"/>'
            f'<path d="M{PAD} {PAD}V{HEIGHT - PAD}H{WIDTH - PAD}" fill="none" stroke="{MUTED}" stroke-width="1.5"/>'
            + "".join(shapes) + "</svg>\n")


def line(xs, ys, x_range, y_range, colour=INK, width=3, dash=""):
    """A polyline of (x, y) in data units, mapped into the plot area (y up), rounded to whole pixels."""
    (x0, x1), (y0, y1) = x_range, y_range
    points = []
    for x, y in zip(xs, ys):  # a curve starts where it enters the plot and ends where it leaves its top
        if y > y1 and not points:
            continue
        px = PAD + 4 + (x - x0) / (x1 - x0) * (WIDTH - 2 * PAD - 8)
        py = HEIGHT - PAD - 4 - (min(max(y, y0), y1) - y0) / (y1 - y0) * (HEIGHT - 2 * PAD - 8)
        points.append(f"{px:.0f},{py:.0f}")
        if y > y1:
            break
    style = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linejoin="round" stroke-linecap="round"{style}/>')


def dots(xs, ys, x_range, y_range, colour=INK, r=3.5):
    (x0, x1), (y0, y1) = x_range, y_range
    return "".join(
        f'<circle cx="{PAD + 4 + (x - x0) / (x1 - x0) * (WIDTH - 2 * PAD - 8):.0f}" '
        f'cy="{HEIGHT - PAD - 4 - (y - y0) / (y1 - y0) * (HEIGHT - 2 * PAD - 8):.0f}" r="{r}" fill="{colour}"/>'
        for x, y in zip(xs, ys))


def grid(n, lo, hi):
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def preface():
    """Figure 0.1: NASA, the NIH and the NSF together (81.1 billion dollars, fiscal 2024) against the more than
    100 billion a year the book says goes to AI."""
    bars = [(81.1, MUTED), (100, ACCENT)]
    shapes = []
    for i, (value, colour) in enumerate(bars):
        height = value / 110 * (HEIGHT - 2 * PAD - 8)
        shapes.append(f'<rect x="{60 + 80 * i}" y="{HEIGHT - PAD - height:.0f}" width="50" height="{height:.0f}" '
                      f'fill="{colour}"/>')
    return frame(*shapes)


def scaling():
    """Figure 1.4: held-out error against parameters on log axes, slopes about 4, 2 and 1.3 (d = 1, 2, 3)."""
    xs = [0, 2]
    return frame(*(line(xs, [0, -slope * 2], (0, 2), (-8.5, 0.5), colour=c)
                   for slope, c in ((4, INK), (2, ACCENT), (4 / 3, MUTED))))


def lab():
    """Figure L.1: five models' loss on the fitted curve E + A N^-alpha, and the star predicting the next one."""
    e, a, alpha = 1.0, 6.0, 0.35
    curve_x = grid(40, 0, 5)
    loss = [e + a * math.exp(-alpha * 2.3 * x) for x in curve_x]
    sizes = [0.5, 1.3, 2.1, 2.9, 3.7]
    return frame(line(curve_x, loss, (0, 5), (0.8, 5), colour=MUTED, width=2, dash="5 4"),
                 dots(sizes, [e + a * math.exp(-alpha * 2.3 * x) for x in sizes], (0, 5), (0.8, 5)),
                 dots([4.6], [e + a * math.exp(-alpha * 2.3 * 4.6)], (0, 5), (0.8, 5), colour=ACCENT, r=5))


def evals():
    """Figure 2.1: a task's success p^n against its length n (log axis), at one, two and three nines."""
    lengths = grid(40, 0, 4)
    return frame(*(line(lengths, [p ** (10 ** x) for x in lengths], (0, 4), (0, 1), colour=c)
                   for p, c in ((0.9, ACCENT), (0.99, INK), (0.999, MUTED))))


def internals():
    """Figure 3.1: at high sparsity the toy model keeps five features in two dimensions, a pentagon."""
    cx, cy, r = WIDTH / 2, HEIGHT / 2 + 2, 36
    shapes = [f'<rect width="{WIDTH}" height="{HEIGHT}" rx="6" fill="{PAPER}"/>']
    for k in range(5):
        angle = math.pi / 2 + 2 * math.pi * k / 5
        x, y = cx + r * math.cos(angle), cy - r * math.sin(angle)
        shapes.append(f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="{INK if k else ACCENT}" '
                      f'stroke-width="3" stroke-linecap="round"/><circle cx="{x:.0f}" cy="{y:.0f}" r="4" '
                      f'fill="{INK if k else ACCENT}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">'
            + "".join(shapes) + "</svg>\n")


def safety():
    """Figure 4.1: the true score of the best of n answers, picked by a noisy score: rising with Gaussian error,
    peaking near 30 answers and falling with heavy-tailed error."""
    logn = grid(40, 0, 4)
    gaussian = [math.sqrt(2 * math.log(10 ** x + 1)) * 0.6 for x in logn]
    heavy = [1.6 * math.exp(-((x - 1.5) ** 2) / 1.4) - 0.2 * x for x in logn]
    return frame(line(logn, gaussian, (0, 4), (-1, 2.8), colour=INK),
                 line(logn, heavy, (0, 4), (-1, 2.8), colour=ACCENT))


def inputs():
    """Figure 5.3: the tokens a compute-optimal frontier run needs, growing exponentially, cross the stock of
    public text (a flat line) around 2029."""
    years = grid(30, 2020, 2032)
    return frame(line([2020, 2032], [2.5, 2.5], (2020, 2032), (0, 3.2), colour=MUTED, width=2, dash="6 4"),
                 line(years, [0.2 * 10 ** ((y - 2020) * 0.12) for y in years], (2020, 2032), (0, 3.2), colour=INK))


def impact():
    """Figure 6.1: the output multiple against the share of tasks automated (sigma = 0.5), 1 / (1 - share)^2 on a
    log axis: flat for most of the range, 100 times at 90%."""
    shares = grid(40, 0, 0.97)
    return frame(line(shares, [-2 * math.log10(1 - s) for s in shares], (0, 1), (0, 3), colour=ACCENT))


def explosion():
    """Figure 7.1: the software level over time (log axis) when research returns r are 0.6 (slows), 1 (steady
    exponential) and 1.4 (blows up in finite time)."""
    times = grid(40, 0, 2.4)

    def level(r, t):
        if r == 1:
            return t
        base = 1 + (1 - r) * t
        return math.log(base) / (1 - r) if base > 0.02 else 5

    return frame(*(line(times, [level(r, t) for t in times], (0, 2.4), (0, 4), colour=c)
                   for r, c in ((0.6, MUTED), (1.0, INK), (1.4, ACCENT))))


def timelines():
    """Figure 8.1: the 50% task horizon doubling on a log axis, with its uncertainty band, reaching a work-week
    and then a work-month (dashed lines)."""
    years = grid(20, 2019, 2031)
    mid = [(y - 2019) * 0.3 for y in years]
    band = (line(years, [m + 0.05 * (y - 2019) for m, y in zip(mid, years)], (2019, 2031), (0, 4.4), colour=MUTED, width=1.5)
            + line(years, [m - 0.05 * (y - 2019) for m, y in zip(mid, years)], (2019, 2031), (0, 4.4), colour=MUTED, width=1.5))
    levels = "".join(line([2019, 2031], [v, v], (2019, 2031), (0, 4.4), colour=ACCENT, width=1.5, dash="4 4")
                     for v in (2.4, 3.2))
    return frame(levels, band, line(years, mid, (2019, 2031), (0, 4.4), colour=INK))


# page stem -> its drawing (the cards' alt text is in book/intro.md, beside the cards)
CARDS = {"00-preface": preface, "01-scaling": scaling, "lab-scaling-law": lab, "02-evals": evals,
         "03-internals": internals, "04-safety": safety, "05-inputs": inputs, "06-impact": impact,
         "07-explosion": explosion, "08-timelines": timelines}


def write_cards(folder):
    """Write every card's SVG into `folder` where it differs; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, draw in CARDS.items():
        target = folder / f"{stem}.svg"
        svg = draw()
        if not target.exists() or target.read_text("utf-8") != svg:
            target.write_text(svg, "utf-8")
            written.append(target)
    return written


def cards_before_reading(app):
    write_cards(Path(app.srcdir, "_static", "cards"))


def landing_css(app, pagename, templatename, context, doctree):
    if pagename == app.config.root_doc:
        app.add_css_file("landing.css")


def setup(app):
    app.connect("builder-inited", cards_before_reading)
    app.connect("html-page-context", landing_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
