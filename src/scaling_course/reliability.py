"""Nines of reliability: why small per-step gains decide whether long tasks succeed.

References: the "nines of reliability" margin note and Sholto Douglas in The Scaling Era, Chapter 1;
M. Chen et al., "Evaluating Large Language Models Trained on Code" (2021), the unbiased pass@k;
T. Ord, "Is there a half-life for the success rates of AI agents?" (2025), the constant-hazard model.

Used in: Chapters 2 and 8: book/02-evals, explorers/evals.py (nines_explorer), timelines.py.
"""
import numpy as np


def _probability(p, name="p"):
    try:
        p = np.asarray(p, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a probability between 0 and 1, got {p!r}.") from None
    if np.any(np.isnan(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"{name} must be a probability between 0 and 1, got {p.tolist()!r}.")
    return p


def _count(n, name, low=0):
    try:
        n = np.asarray(n, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number of at least {low}, got {n!r}.") from None
    if np.any(np.isnan(n)) or np.any(n < low) or np.any(n != np.round(n)):
        raise ValueError(f"{name} must be a whole number of at least {low}, got {n.tolist()!r}.")
    return n


def _result(value):
    return float(value) if np.ndim(value) == 0 else value


def chain_success(p, n):
    """Probability that n independent steps, each succeeding with probability p, all succeed."""
    return _result(_probability(p) ** _count(n, "n"))


def nines(p):
    """Number of nines in a reliability p: -log10(1 - p); 0.99 has 2, 0.999 has 3."""
    p = _probability(p)
    with np.errstate(divide="ignore"):
        return _result(-np.log10(1 - p))


def reliability_from_nines(n_nines):
    """The reliability with n_nines nines: 1 - 10**-n_nines."""
    return _result(1 - 10.0 ** -np.asarray(n_nines, dtype=float))


def required_step_reliability(target, n):
    """Per-step success probability needed for n chained steps to succeed with probability target."""
    return _result(_probability(target, "target") ** (1 / _count(n, "n", low=1)))


def pass_at_k(n, c, k):
    """Unbiased pass@k from n samples of which c are correct: 1 - C(n-c, k) / C(n, k).

    Computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i), which never forms huge binomials (Chen et al. 2021).
    With k > n the draws take every sample, as the Chapter 2 exercise defines it: 1 if any is correct, else 0.
    """
    n, c, k = np.broadcast_arrays(_count(n, "n", 1), _count(c, "c"), _count(k, "k", 1))
    if np.any(c > n):
        raise ValueError("c (correct samples) cannot exceed n (samples drawn).")
    out = np.empty(n.shape)
    for index in np.ndindex(n.shape):
        ni, ci, ki = int(n[index]), int(c[index]), int(k[index])
        if ci == 0:
            out[index] = 0.0
        elif ni - ci < ki:
            out[index] = 1.0
        else:
            out[index] = 1.0 - np.prod(1.0 - ki / np.arange(ni - ci + 1, ni + 1))
    return _result(out)


def horizon_success(t, t50):
    """Constant-hazard success at a task of length t for an agent with 50% horizon t50: 2**(-t / t50)."""
    t = np.asarray(t, dtype=float)
    t50 = np.asarray(t50, dtype=float)
    if np.any(np.isnan(t)) or np.any(t < 0):
        raise ValueError("t (task length) must be zero or positive.")
    if np.any(np.isnan(t50)) or np.any(t50 <= 0):
        raise ValueError("t50 (the 50% horizon) must be positive.")
    return _result(2.0 ** (-t / t50))


def horizon_at(success, t50):
    """Task length the constant-hazard agent completes with probability success: t50 * log2(1/success)."""
    success = _probability(success, "success")
    return _result(np.asarray(t50, dtype=float) * np.log2(1 / success))


# Okabe-Ito colours for neighbouring nines
NINES_COLOURS = ("#999999", "#0072B2", "#E69F00")


def draw_chain_curves(ax, n_nines, n_steps):
    """Task success against chain length for n_nines - 1, n_nines and n_nines + 1 nines; returns the lines."""
    steps = np.logspace(0, 4, 200)
    lines = []
    for offset, colour in zip((-1, 0, 1), NINES_COLOURS):
        level = max(n_nines + offset, 0.5)  # 0.5 nines is p = 0.68
        (line,) = ax.plot(steps, chain_success(reliability_from_nines(level), np.round(steps)), color=colour,
                          lw=3 if offset == 0 else 1.5, label=f"{level:.2f} nines ({reliability_from_nines(level):.6g})")
        lines.append(line)
    ax.axvline(n_steps, color="black", ls=":", lw=1)
    ax.set(xscale="log", xlabel="steps in the task n", ylabel="task success $p^n$", ylim=(-0.02, 1.02))
    return lines
