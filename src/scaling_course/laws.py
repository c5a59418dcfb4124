"""The Chinchilla scaling law and the compute-optimal split between parameters and tokens.

L(N, D) = E + A / N**alpha + B / D**beta, with training compute C ~ 6 N D FLOPs.

References: J. Hoffmann et al., "Training Compute-Optimal Large Language Models" (2022), approach 3;
T. Besiroglu, E. Erdil, M. Barnett and J. You, "Chinchilla Scaling: A replication attempt" (2024).

Used in: Chapters 1 and 5: book/01-scaling, explorers/scaling.py (compute_explorer), inputs.py,
explorers/inputs.py.
"""
import numpy as np

from .validation import require_positive

FITS = {
    "hoffmann": dict(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28),
    "epoch": dict(E=1.817, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658),
}
FLOPS_PER_PARAM_TOKEN = 6  # forward and backward pass: about 6 FLOPs per parameter per token
CHINCHILLA = dict(n_params=70e9, n_tokens=1.4e12)


def _constants(fit):
    """The constants of a named fit, or a dict of constants (E, A, B, alpha, beta) as given."""
    if isinstance(fit, dict) and set(fit) == {"E", "A", "B", "alpha", "beta"}:
        return fit
    if not isinstance(fit, str) or fit not in FITS:
        raise ValueError(f"fit must be one of {sorted(FITS)} or a dict of E, A, B, alpha, beta; got {fit!r}.")
    return FITS[fit]


def chinchilla_loss(n_params, n_tokens, fit="hoffmann"):
    """Predicted loss (nats per token) of a model with n_params parameters trained on n_tokens tokens."""
    c = _constants(fit)
    n_params = require_positive(n_params, "n_params")
    n_tokens = require_positive(n_tokens, "n_tokens")
    return c["E"] + c["A"] / n_params ** c["alpha"] + c["B"] / n_tokens ** c["beta"]


def training_flops(n_params, n_tokens):
    """Training compute in FLOPs, C ~ 6 N D."""
    return FLOPS_PER_PARAM_TOKEN * np.asarray(n_params, dtype=float) * np.asarray(n_tokens, dtype=float)


def compute_optimal(compute_flops, fit="hoffmann"):
    """(n_params, n_tokens) minimising the loss at a fixed compute budget C = 6 N D (closed form).

    Setting dL/dN = 0 along D = C / (6N) gives N = G (C/6)**(beta / (alpha + beta)) with
    G = (alpha A / (beta B))**(1 / (alpha + beta)), and D = C / (6N).
    """
    c = _constants(fit)
    compute = require_positive(compute_flops, "compute_flops")
    alpha, beta = c["alpha"], c["beta"]
    scale = (alpha * c["A"] / (beta * c["B"])) ** (1 / (alpha + beta))
    n_params = scale * (compute / FLOPS_PER_PARAM_TOKEN) ** (beta / (alpha + beta))
    n_tokens = compute / (FLOPS_PER_PARAM_TOKEN * n_params)
    if n_params.ndim == 0:
        return float(n_params), float(n_tokens)
    return n_params, n_tokens


def compute_optimal_numerical(compute_flops, fit="hoffmann", n_grid=4001):
    """The same optimum found by brute force: the lowest loss on a fine grid of model sizes."""
    compute = float(require_positive(compute_flops, "compute_flops"))
    n_params = np.logspace(0, np.log10(compute / FLOPS_PER_PARAM_TOKEN), n_grid)
    n_tokens = compute / (FLOPS_PER_PARAM_TOKEN * n_params)
    best = np.argmin(chinchilla_loss(n_params, n_tokens, fit))
    return float(n_params[best]), float(n_tokens[best])


def isoflop_curve(compute_flops, fit="hoffmann", n_points=200):
    """(n_params, loss) along the line C = 6 N D, from 1/100 to 100 times the optimal size."""
    n_opt, _ = compute_optimal(compute_flops, fit)
    n_params = np.logspace(np.log10(n_opt) - 2, np.log10(n_opt) + 2, n_points)
    n_tokens = compute_flops / (FLOPS_PER_PARAM_TOKEN * n_params)
    return n_params, chinchilla_loss(n_params, n_tokens, fit)


FIT_STYLE = {"hoffmann": ("#E69F00", "Hoffmann et al. 2022 (rounded)"),
             "epoch": ("#0072B2", "Besiroglu et al. 2024 (replication)")}


def draw_isoflop(ax, compute_flops):
    """Loss against model size at a fixed compute budget, for both fits, with each optimum marked."""
    for fit, (colour, label) in FIT_STYLE.items():
        n_params, loss = isoflop_curve(compute_flops, fit)
        n_opt, d_opt = compute_optimal(compute_flops, fit)
        ax.plot(n_params, loss, color=colour, lw=2, label=f"{label}: {d_opt / n_opt:.0f} tokens/param")
        ax.plot([n_opt], chinchilla_loss(n_opt, d_opt, fit), "o", color=colour, ms=8)
    ax.set(xscale="log", xlabel="parameters N (with D = C / 6N tokens)", ylabel="predicted loss (nats/token)")
    ax.legend(fontsize=8)


def draw_frontier(ax, budgets):
    """Compute-optimal parameters and tokens against compute for both fits (log-log)."""
    for fit, (colour, label) in FIT_STYLE.items():
        n_opt, d_opt = compute_optimal(budgets, fit)
        ax.plot(budgets, n_opt, color=colour, lw=2, label=f"parameters, {label}")
        ax.plot(budgets, d_opt, color=colour, lw=2, ls="--", label=f"tokens, {label}")
    ax.plot([training_flops(**CHINCHILLA)] * 2, [CHINCHILLA["n_params"], CHINCHILLA["n_tokens"]],
            "k*", ms=10, label="Chinchilla: 70B params, 1.4T tokens")
    ax.set(xscale="log", yscale="log", xlabel="training compute C (FLOPs)", ylabel="count")
    ax.legend(fontsize=7)
