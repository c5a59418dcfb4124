"""Superposition in 2D: Anthropic's toy model with five features and two hidden dimensions.

The model compresses x (n_features) into h = W x (n_hidden) and reconstructs x' = ReLU(WᵀW x + b).
Feature i is 0 with probability S (the sparsity), otherwise Uniform[0, 1], and its errors are
weighted by an importance I_i = decay**i. When features are dense the model keeps the most
important n_hidden features on orthogonal directions and drops the rest; when they are sparse it
packs more features than dimensions into the plane (antipodal pairs, then a pentagon), because
two sparse features are rarely active together and the ReLU filters out the small interference.

Gradients are written by hand (checked against finite differences in the tests) and several
random restarts train side by side as one batched array, so a sparsity level trains in well
under a second.

Reference: N. Elhage et al., "Toy Models of Superposition", Transformer Circuits Thread (2022),
https://transformer-circuits.pub/2022/toy_model/ (Section 2 and the n = 5, m = 2 figure).

Used in: Chapter 3: book/03-internals, solutions/03-internals, explorers/internals.py
(superposition_explorer), checks/internals.py.
"""
import numpy as np
from matplotlib import colormaps
from matplotlib.patches import Circle

from .adam import Adam
from .threads import one_blas_thread
from .validation import require_int

NONLINEARITIES = ("relu", "linear")


def importances(n_features, decay=0.9):
    """Importance of each feature, decay**i for i = 0 .. n_features - 1."""
    return decay ** np.arange(n_features)


def sample_features(rng, batch, n_features, sparsity):
    """A batch of inputs: each entry is 0 with probability sparsity, else Uniform[0, 1]."""
    values = rng.random((batch, n_features))
    return values * (rng.random((batch, n_features)) >= sparsity)


def reconstruct(W, b, x, nonlinearity="relu"):
    """The model's output x' = ReLU(Wᵀ W x + b) for a batch x (..., batch, n_features)."""
    hidden = x @ np.swapaxes(W, -1, -2)  # (..., batch, n_hidden)
    out = hidden @ W + b[..., None, :]  # (..., batch, n_features)
    return np.maximum(out, 0.0) if nonlinearity == "relu" else out


def loss(W, b, x, importance, nonlinearity="relu"):
    """Importance-weighted squared error, summed over features and averaged over the batch."""
    error = reconstruct(W, b, x, nonlinearity) - x
    return (importance * error**2).sum(axis=-1).mean(axis=-1)


def gradients(W, b, x, importance, nonlinearity="relu", buffers=None):
    """Loss and its gradients with respect to W (..., m, n) and b (..., n), by hand.

    buffers, a dict reused across calls, holds the batch-sized intermediates; training passes one
    so each step does not allocate (and the allocator does not hand memory back to the system).
    """
    buffers = {} if buffers is None else buffers
    lead = np.broadcast_shapes(W.shape[:-2], x.shape[:-2])
    (m, n), B = W.shape[-2:], x.shape[-2]

    def buffer(name, shape):
        if name not in buffers or buffers[name].shape != shape:
            buffers[name] = np.empty(shape)
        return buffers[name]

    # The batch runs along the last axis: products then have B columns, not 2 or 5, which BLAS
    # handles in about half the time.
    x_t = np.swapaxes(x, -1, -2)  # (..., n, B), a view
    W_T = np.swapaxes(W, -1, -2)
    hidden = np.matmul(W, x_t, out=buffer("hidden", lead + (m, B)))
    pre = np.matmul(W_T, hidden, out=buffer("pre", lead + (n, B)))
    pre += b[..., :, None]
    error = buffer("error", pre.shape)
    if nonlinearity == "relu":
        np.maximum(pre, 0.0, out=error)
    else:
        error[...] = pre
    error -= x_t  # output minus input
    d_pre = buffer("d_pre", pre.shape)
    np.multiply(error, error, out=d_pre)
    value = (importance @ d_pre).mean(axis=-1)
    np.multiply(error, (2 * importance / B)[:, None], out=d_pre)
    if nonlinearity == "relu":
        d_pre *= pre > 0
    d_hidden = np.matmul(W, d_pre, out=buffer("d_hidden", hidden.shape))
    d_W = hidden @ np.swapaxes(d_pre, -1, -2) + d_hidden @ x
    return value, d_W, d_pre.sum(axis=-1)


def train_instances(n_features=5, n_hidden=2, sparsity=0.0, importance_decay=0.9, steps=3000,
                    restarts=8, seed=0, lr=3e-3, batch=1024, nonlinearity="relu", progress=None):
    """Train `restarts` independent models side by side; returns W (restarts, m, n), b, final losses.

    progress, if given, is called as progress(step, steps) every 100 steps. The paper's Adam
    learning rate, 1e-3, needs about 10,000 steps before the dense case drops its last features;
    3e-3 reaches the same solutions in 3,000.
    """
    n_features = require_int(n_features, "n_features", 1, 64)
    n_hidden = require_int(n_hidden, "n_hidden", 1, 64)
    steps = require_int(steps, "steps", 1)
    restarts = require_int(restarts, "restarts", 1, 256)
    if not 0 <= sparsity < 1:
        raise ValueError(f"sparsity is the probability a feature is zero: it must be in [0, 1), got {sparsity}.")
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {NONLINEARITIES}, got {nonlinearity!r}.")
    rng = np.random.default_rng(seed)
    importance = importances(n_features, importance_decay)
    W = rng.normal(0, np.sqrt(2 / (n_hidden + n_features)), (restarts, n_hidden, n_features))
    b = np.zeros((restarts, n_features))
    params = {"W": W, "b": b}
    optimiser = Adam(params, lr)  # moves the arrays into one buffer and updates them there
    W, b = params["W"], params["b"]
    buffers = {}
    with one_blas_thread():
        for step in range(1, steps + 1):
            x = sample_features(rng, batch, n_features, sparsity)
            _, d_W, d_b = gradients(W, b, x, importance, nonlinearity, buffers)
            optimiser.step(params, {"W": d_W, "b": d_b})
            if progress is not None and (step % 100 == 0 or step == steps):
                progress(step, steps)
    held_out = sample_features(np.random.default_rng(seed + 10_000), 20_000, n_features, sparsity)
    return W, b, loss(W, b, held_out, importance, nonlinearity)


def train(n_features=5, n_hidden=2, sparsity=0.0, importance_decay=0.9, steps=3000, restarts=8,
          seed=0, **options):
    """Train with several random restarts and keep the lowest held-out loss; returns (W, b).

    W has shape (n_hidden, n_features): column i is the direction feature i is written to.
    options: lr, batch, nonlinearity ("relu" or "linear"), progress.
    """
    W, b, losses = train_instances(n_features, n_hidden, sparsity, importance_decay, steps, restarts,
                                   seed, **options)
    best = int(np.argmin(losses))
    return W[best], b[best]


def feature_norms(W):
    """Length of each feature's direction ‖W_i‖; near 0 means the feature is dropped."""
    return np.linalg.norm(np.asarray(W, dtype=float), axis=0)


def feature_dimensionality(W, dropped_below=1e-3):
    """D_i = ‖W_i‖² / Σ_j (Ŵ_i · W_j)², the share of a dimension feature i gets (0 if dropped).

    1 for a feature with a dimension to itself, 1/2 for each of an antipodal pair, 2/5 for each
    corner of a pentagon in a plane.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-D array (n_hidden, n_features), got shape {W.shape}.")
    norms = feature_norms(W)
    kept = norms > dropped_below
    unit = W / np.where(kept, norms, 1.0)
    overlap = (unit.T @ W) ** 2  # (n, n): (Ŵ_i · W_j)²
    return np.where(kept, norms**2 / np.where(kept, overlap.sum(axis=1), 1.0), 0.0)


def represented(W, threshold=0.5):
    """Indices of the features the model keeps: direction length above threshold."""
    return np.flatnonzero(feature_norms(W) > threshold)


def feature_angles(W, threshold=0.5):
    """Angles (degrees, 0-360) of the represented features' directions, sorted."""
    W = np.asarray(W, dtype=float)
    keep = represented(W, threshold)
    return np.sort(np.degrees(np.arctan2(W[1, keep], W[0, keep])) % 360)


def adjacent_gaps(angles):
    """Angular gaps between neighbouring directions around the circle (degrees)."""
    angles = np.sort(np.asarray(angles, dtype=float))
    return np.diff(np.append(angles, angles[0] + 360)) if len(angles) else angles


# --- drawing -----------------------------------------------------------------------------------

def feature_colours(n_features):
    """One colour per feature, darkest for the most important (matching the paper's figure)."""
    return colormaps["viridis"](np.linspace(0.0, 0.85, n_features))


def describe(W):
    """One phrase for the geometry of a trained W: how many features it keeps, and how."""
    W = np.asarray(W, dtype=float)
    kept = represented(W)
    n_hidden = W.shape[0]
    if len(kept) <= n_hidden:
        return f"{len(kept)} features, a dimension each"
    dimensionality = feature_dimensionality(W)[kept]
    if np.allclose(dimensionality, 0.5, atol=0.05):
        return f"{len(kept)} features in antipodal pairs"
    return f"{len(kept)} features in {n_hidden} dimensions (superposition)"


def draw_features(ax, W, title=None):
    """Each feature's column of W as an arrow in the hidden plane, on the unit circle for scale."""
    W = np.asarray(W, dtype=float)
    ax.add_patch(Circle((0, 0), 1, fill=False, color="0.85", lw=1))
    for i, (colour, (x, y)) in enumerate(zip(feature_colours(W.shape[1]), W.T)):
        if np.hypot(x, y) > 0.05:
            ax.annotate("", (x, y), (0, 0), arrowprops=dict(arrowstyle="-|>", color=colour, lw=2))
            ax.text(1.18 * x, 1.18 * y, str(i), color=colour, ha="center", va="center", fontsize=9)
    ax.set(xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), aspect="equal", xticks=[], yticks=[])
    if title:
        ax.set_title(title, fontsize=10)


def draw_gram(ax, W, colorbar=True):
    """WᵀW as a heat map: the diagonal is how strongly each feature is kept, off-diagonal interference."""
    W = np.asarray(W, dtype=float)
    image = ax.imshow(W.T @ W, cmap="RdBu_r", vmin=-1.3, vmax=1.3)
    n = W.shape[1]
    ax.set(xticks=range(n), yticks=range(n), title="WᵀW")
    ax.title.set_fontsize(10)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return image


def draw_bias(ax, b):
    """The output bias b, one bar per feature, coloured like the arrows."""
    b = np.asarray(b, dtype=float)
    ax.bar(range(len(b)), b, color=feature_colours(len(b)))
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set(xticks=range(len(b)), ylim=(-0.6, 0.6), title="bias b", xlabel="feature")
    ax.title.set_fontsize(10)


def draw_dimensionality(ax, sparsities, weights):
    """Feature dimensionality D_i of every feature at every sparsity, with the 1, 1/2 and 2/5 levels."""
    colours = feature_colours(weights[0].shape[1])
    for s, W in zip(sparsities, weights):
        ax.scatter(np.full(W.shape[1], 1 / (1 - s)), feature_dimensionality(W), c=colours, s=30, zorder=3)
    for level, label, where in ((1, "1: a dimension of its own", "top"), (0.5, "1/2: antipodal pair", "bottom"),
                                (0.4, "2/5: pentagon", "top")):
        ax.axhline(level, color="0.7", lw=0.8, ls="--")
        ax.text(1.5, level + (0.015 if where == "bottom" else -0.015), label, fontsize=8, va=where)
    ax.set(xscale="log", xlabel="1 / (1 − S)   (sparser →)", ylabel="feature dimensionality D", ylim=(-0.05, 1.1))
    ax.set_title("Each feature gets 1, 1/2 or 2/5 of a dimension: D jumps between fractions", fontsize=10)
