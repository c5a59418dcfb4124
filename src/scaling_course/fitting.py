"""Two ways to fit the same data: one global polynomial, or a straight line in every bin.

Reference: Figure 3 of The Scaling Era, Chapter 1 (a noisy sine on an interval of length 10, a
cubic with 4 parameters against a piecewise-linear fit on bins of width 2 with 10 parameters),
and Jared Kaplan's picture of a network chopping its data manifold into pieces.

Used in: Chapter 1: book/01-scaling, explorers/scaling.py (fit_explorer), checks/scaling.py.
"""
import numpy as np

from .validation import require_int, require_samples

INTERVAL = (0.0, 10.0)


def noisy_sine(n_points, rng, noise=0.3, interval=INTERVAL):
    """n_points samples of sin(x) plus Gaussian noise, x uniform on interval; returns (x, y) sorted by x."""
    x = np.sort(rng.uniform(*interval, size=n_points))
    return x, np.sin(x) + noise * rng.normal(size=n_points)


def polynomial_fit(x, y, degree):
    """Least-squares polynomial of the given degree; returns a function predicting y at new x."""
    x, y = require_samples(x, y)
    degree = require_int(degree, "degree", low=0)
    if degree >= len(x):
        raise ValueError(f"A degree-{degree} polynomial needs more than {degree} points, got {len(x)}.")
    polynomial = np.polynomial.Polynomial.fit(x, y, degree)  # rescales x, so high degrees stay stable
    return lambda x_new: polynomial(np.asarray(x_new, dtype=float))


def bin_edges(x, n_bins):
    """n_bins + 1 equally spaced edges spanning the range of x."""
    return np.linspace(np.min(x), np.max(x), n_bins + 1)


def piecewise_linear_fit(x, y, n_bins):
    """A least-squares line in each of n_bins equal-width bins; returns a function predicting y at new x.

    New x outside the data's range is predicted by the line of the nearest end bin.
    """
    x, y = require_samples(x, y)
    n_bins = require_int(n_bins, "n_bins", low=1)
    if len(x) < 2:
        raise ValueError(f"Fitting a line needs at least 2 points, got {len(x)}.")
    edges = bin_edges(x, n_bins)
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, n_bins - 1)
    lines = np.zeros((n_bins, 2))  # (slope, intercept) per bin
    for b in range(n_bins):
        xb, yb = x[which == b], y[which == b]
        if len(np.unique(xb)) >= 2:
            lines[b] = np.polyfit(xb, yb, 1)
        elif len(xb):  # one distinct x: the best line through it is flat
            lines[b] = (0.0, yb.mean())
        else:  # an empty bin borrows the nearest bin's line
            lines[b] = np.nan
    _fill_empty_bins(lines)

    def predict(x_new):
        x_new = np.asarray(x_new, dtype=float)
        b = np.clip(np.searchsorted(edges, x_new, side="right") - 1, 0, n_bins - 1)
        return lines[b, 0] * x_new + lines[b, 1]

    return predict


def _fill_empty_bins(lines):
    filled = np.flatnonzero(~np.isnan(lines[:, 0]))
    for b in np.flatnonzero(np.isnan(lines[:, 0])):
        lines[b] = lines[filled[np.argmin(np.abs(filled - b))]]


def mse(predict, x, y):
    """Mean squared error of a predictor on (x, y)."""
    return float(np.mean((predict(x) - y) ** 2))


def complexity_sweep(x_train, y_train, x_test, y_test, max_bins=25, max_degree=15):
    """Train and held-out error for every bin count and polynomial degree, keyed by parameter count.

    Returns {"piecewise": rows, "polynomial": rows}, each row (n_params, train_mse, heldout_mse).
    A piecewise-linear fit on k bins has 2k parameters; a degree-k polynomial has k + 1.
    """
    rows = {"piecewise": [], "polynomial": []}
    for k in range(1, max_bins + 1):
        fit = piecewise_linear_fit(x_train, y_train, k)
        rows["piecewise"].append((2 * k, mse(fit, x_train, y_train), mse(fit, x_test, y_test)))
    for k in range(0, max_degree + 1):
        fit = polynomial_fit(x_train, y_train, k)
        rows["polynomial"].append((k + 1, mse(fit, x_train, y_train), mse(fit, x_test, y_test)))
    return {name: np.array(r) for name, r in rows.items()}


# Colour-blind-safe pair (Okabe-Ito): orange for the polynomial, blue for the piecewise fit.
POLY_COLOUR, PIECE_COLOUR, DATA_COLOUR = "#E69F00", "#0072B2", "#999999"


def draw_fits(ax, x, y, n_bins, degree, interval=INTERVAL, legend=True):
    """Data as dots, with the polynomial and piecewise-linear fits over it; returns the two lines."""
    grid = np.linspace(*interval, 400)
    ax.scatter(x, y, s=10, color=DATA_COLOUR, label="noisy samples")
    ax.plot(grid, np.sin(grid), color="black", lw=1, ls=":", label="true sine")
    (poly_line,) = ax.plot(grid, polynomial_fit(x, y, degree)(grid), color=POLY_COLOUR, lw=2,
                           label=f"polynomial, degree {degree} ({degree + 1} params)")
    (piece_line,) = ax.plot(grid, piecewise_linear_fit(x, y, n_bins)(grid), color=PIECE_COLOUR, lw=2,
                            label=f"piecewise linear, {n_bins} bins ({2 * n_bins} params)")
    ax.set(xlabel="x", ylabel="y", ylim=(-2, 2))
    if legend:
        ax.legend(loc="lower left", fontsize=8)
    return poly_line, piece_line


def draw_sweep(ax, sweep):
    """Train (dashed) and held-out (solid) error against parameter count for both families."""
    for name, colour in (("polynomial", POLY_COLOUR), ("piecewise", PIECE_COLOUR)):
        rows = sweep[name]
        ax.plot(rows[:, 0], rows[:, 2], color=colour, lw=2, label=f"{name}, held-out")
        ax.plot(rows[:, 0], rows[:, 1], color=colour, lw=1, ls="--", label=f"{name}, train")
    ax.set(xlabel="number of parameters", ylabel="mean squared error", yscale="log")
    ax.legend(fontsize=8)
