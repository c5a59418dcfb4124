"""Power laws from the data manifold: piecewise-linear regression on a d-dimensional domain.

If a model spends its parameters cutting a d-dimensional manifold into cells and fitting a plane
in each, the cell width shrinks as N^(-1/d), the error of a plane in a cell of width h shrinks as
h^2, so the mean squared error shrinks as N^(-4/d).

Reference: U. Sharma and J. Kaplan, "A Neural Scaling Law from the Dimension of the Data
Manifold" (arXiv:2004.10802, 2020; JMLR 23, 2022), which predicts alpha ~ 4/d.

Used in: Chapter 1: book/01-scaling, explorers/scaling.py (manifold_explorer).
"""
import numpy as np
from matplotlib.ticker import NullFormatter

from .validation import require_int

FREQUENCIES = (1.3, 2.1, 1.7, 1.1, 1.9, 1.5)  # one per input dimension; a smooth target with curvature everywhere
MAX_DIMENSION = len(FREQUENCIES)


def target(x):
    """The smooth function we regress on, at points x of shape (n_points, d); returns (n_points,)."""
    x = np.asarray(x, dtype=float)
    d = x.shape[1]
    phase = np.arange(d) * 0.7
    # |x|^2 grows with d; past 3 dimensions it is scaled back so the target does not get more wiggly.
    radial = (x**2).sum(axis=1) * min(1.0, 3 / d)
    return np.sin(2 * np.pi * x @ np.asarray(FREQUENCIES[:d]) / d + phase.sum()) + 0.5 * np.cos(np.pi * radial)


def n_parameters(cells_per_side, d):
    """Parameters of a piecewise-linear model on a grid of cells (d + 1 per cell); cells_per_side is
    one count for every axis or a tuple of d counts."""
    return int(np.prod(_sides(cells_per_side, d))) * (d + 1)


def _sides(cells_per_side, d):
    """Cells along each axis, as a tuple of d integers."""
    return tuple(np.broadcast_to(np.asarray(cells_per_side, dtype=int), (d,)).tolist())


def balanced_sides(d, n_cells):
    """Cells per axis for about n_cells cells in d dimensions, as equal as whole numbers allow
    (a grid with k cells on every side only offers k**d cells; this fills the gaps between)."""
    sides = [max(1, int(np.floor(n_cells ** (1 / d) + 1e-9)))] * d
    for axis in range(d):
        if np.prod(sides) * (sides[axis] + 1) / sides[axis] <= n_cells:
            sides[axis] += 1
    return tuple(sides)


def _cell_index(x, cells_per_side):
    """Flat index of the grid cell holding each point of x (n_points, d) in the unit cube."""
    sides = np.array(_sides(cells_per_side, x.shape[1]))
    coords = np.clip((x * sides).astype(int), 0, sides - 1)  # (n_points, d)
    return np.ravel_multi_index(coords.T, tuple(sides)), coords


def _features(x, coords, cells_per_side):
    """[1, x - cell centre] for each point, in cell widths: the local linear model's inputs, (n_points, d + 1)."""
    sides = np.array(_sides(cells_per_side, x.shape[1]))
    centre = (coords + 0.5) / sides
    return np.hstack([np.ones((len(x), 1)), (x - centre) * sides])


def fit_piecewise_linear(x, y, cells_per_side):
    """Least-squares plane in every cell of a grid on the unit cube; returns coefficients (cells, d + 1)."""
    d = x.shape[1]
    n_cells = int(np.prod(_sides(cells_per_side, d)))
    cell, coords = _cell_index(x, cells_per_side)
    phi = _features(x, coords, cells_per_side)  # (n_points, d + 1)
    gram = np.zeros((n_cells, d + 1, d + 1))
    np.add.at(gram, cell, phi[:, :, None] * phi[:, None, :])
    moment = np.zeros((n_cells, d + 1))
    np.add.at(moment, cell, phi * y[:, None])
    gram += 1e-9 * np.eye(d + 1)  # keeps empty or degenerate cells solvable
    return np.linalg.solve(gram, moment[..., None])[..., 0]


def predict_piecewise_linear(coefficients, x, cells_per_side):
    """Evaluate the fitted planes at x (n_points, d); returns (n_points,)."""
    cell, coords = _cell_index(x, cells_per_side)
    return np.einsum("ij,ij->i", _features(x, coords, cells_per_side), coefficients[cell])


def stratified_points(cells_per_side, d, per_cell, rng):
    """per_cell uniform random points inside every grid cell, so no cell is left without data."""
    sides = _sides(cells_per_side, d)
    corners = np.stack(np.unravel_index(np.arange(int(np.prod(sides))), sides), axis=1)
    corners = np.repeat(corners, per_cell, axis=0)  # (n_cells * per_cell, d)
    return (corners + rng.uniform(size=corners.shape)) / np.array(sides)


def heldout_mse(d, cells_per_side, rng, per_cell=None, n_test=20_000):
    """Held-out mean squared error of the piecewise-linear fit with cells_per_side**d cells."""
    per_cell = per_cell or 4 * (d + 1)
    x_train = stratified_points(cells_per_side, d, per_cell, rng)
    coefficients = fit_piecewise_linear(x_train, target(x_train), cells_per_side)
    x_test = rng.uniform(size=(n_test, d))
    residual = predict_piecewise_linear(coefficients, x_test, cells_per_side) - target(x_test)
    return float(np.mean(residual**2))


DEFAULT_SIDES = {1: (8, 16, 32, 64, 128, 256), 2: (6, 9, 13, 19, 27, 38), 3: (4, 5, 7, 9, 12, 15)}
# Above three dimensions a full k**d grid jumps too far between sizes; balanced grids fill the gaps.
for _d in range(4, MAX_DIMENSION + 1):
    DEFAULT_SIDES[_d] = tuple(balanced_sides(_d, n) for n in np.geomspace(3 ** _d, 40_000 / (_d + 1), 6))


def scaling_curve(d, seed=0, sides=None):
    """(n_params, heldout_mse) arrays for a sweep of grid resolutions in dimension d (1 to 6)."""
    d = require_int(d, "d", low=1, high=MAX_DIMENSION)
    rng = np.random.default_rng(seed)
    sides = sides or DEFAULT_SIDES[d]
    n_params = np.array([n_parameters(k, d) for k in sides], dtype=float)
    mse = np.array([heldout_mse(d, k, rng) for k in sides])
    return n_params, mse


def fit_power_law(n, loss):
    """(coefficient, alpha) of loss ~ coefficient * n**(-alpha), by least squares in log-log space."""
    slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
    return float(np.exp(intercept)), float(-slope)


def scaling_exponent(d, seed=0):
    """The fitted exponent alpha of held-out MSE ~ N**(-alpha) for a d-dimensional manifold."""
    n_params, mse = scaling_curve(d, seed=seed)
    return fit_power_law(n_params, mse)[1]


def draw_scaling_curve(ax, n_params, mse, d):
    """Held-out MSE against parameters (log-log), the fitted power law, and the 4/d prediction."""
    coefficient, alpha = fit_power_law(n_params, mse)
    ax.loglog(n_params, mse, "o", color="#0072B2", label="piecewise-linear fit, held-out MSE")
    ax.loglog(n_params, coefficient * n_params**-alpha, color="#0072B2",
              label=f"fitted power law: alpha = {alpha:.2f}")
    anchor = mse[0] * n_params[0] ** (4 / d)
    ax.loglog(n_params, anchor * n_params ** (-4 / d), ls="--", color="#D55E00",
              label=f"Sharma & Kaplan: alpha = 4/d = {4 / d:.2f}")
    ax.set(xlabel="number of parameters N", ylabel="held-out mean squared error")
    ax.set_title(f"d = {d}: error falls as $N^{{-{alpha:.2f}}}$ (theory 4/d = {4 / d:.2f})", fontsize=10)
    ax.xaxis.set_minor_formatter(NullFormatter())  # minor labels crowd a short log axis
    ax.legend(fontsize=8)


DIMENSION_COLOURS = {1: "#0072B2", 2: "#E69F00", 3: "#009E73"}


def draw_all_dimensions(ax, curves):
    """curves: {d: (n_params, mse)}. All dimensions on one log-log plot, each with its 4/d line."""
    for d, (n_params, mse) in curves.items():
        colour = DIMENSION_COLOURS[d]
        _, alpha = fit_power_law(n_params, mse)
        ax.loglog(n_params, mse, "o-", color=colour, label=f"d = {d}: measured alpha = {alpha:.2f}")
        anchor = mse[0] * n_params[0] ** (4 / d)
        ax.loglog(n_params, anchor * n_params ** (-4 / d), ls="--", color=colour, lw=1,
                  label=f"d = {d}: theory 4/d = {4 / d:.2f}")
    ax.set(xlabel="number of parameters N", ylabel="held-out mean squared error")
    ax.legend(fontsize=8, ncol=1, loc="lower left")
