"""Automating tasks when tasks are complements: why output need not explode until the last task goes.

Output is a CES aggregate over tasks, Y = (sum_i x_i^rho)^(1/rho), with elasticity of
substitution sigma = 1 / (1 - rho). For rho < 0 (sigma < 1) tasks complement each other: the
scarcest task holds output back. Automate a fraction f of tasks and give them unlimited machines
(x -> inf, so x^rho -> 0): output rises by (1 - f)^(1/rho), a finite factor, while the tasks
still done by people take a growing share of the income (Baumol's cost disease).

Reference: P. Aghion, B. F. Jones and C. I. Jones (2019), "Artificial Intelligence and Economic
Growth", in The Economics of Artificial Intelligence (NBER / University of Chicago Press).

Used in: Chapter 6: book/06-impact, explorers/impact.py (automation_explorer), checks/impact.py.
"""
import math

import numpy as np

from .validation import require_positive


def rho_from_sigma(sigma):
    """The CES exponent rho = (sigma - 1) / sigma for an elasticity of substitution sigma > 0."""
    sigma = require_positive(sigma, "sigma")
    return (sigma - 1) / sigma


def ces_output(x, rho):
    """Y = (sum_i x_i^rho)^(1/rho) over the last axis of x (task inputs > 0; rho != 0, rho < 1).

    Inputs of +inf are allowed when rho < 0 (unlimited machines: x^rho = 0)."""
    x = np.asarray(x, dtype=float)
    if rho == 0 or rho >= 1:
        raise ValueError(f"rho must be below 1 and not 0 (use sigma != 1), got {rho}.")
    if np.any(x <= 0):
        raise ValueError("every task needs a positive input.")
    if np.any(np.isinf(x)) and rho > 0:
        return np.full(x.shape[:-1], np.inf) if x.ndim > 1 else math.inf
    with np.errstate(divide="ignore"):
        total = np.sum(x**rho, axis=-1)
        return total ** (1 / rho)


def output_multiple(automated_share, sigma):
    """How many times output grows when a share f of tasks gets unlimited machines and the rest keep
    their labour: (1 - f)^(1/rho). Infinite when tasks are substitutes (sigma >= 1) or f = 1."""
    f = np.asarray(automated_share, dtype=float)
    if np.any((f < 0) | (f > 1)):
        raise ValueError(f"automated_share is a fraction of tasks: it must be in [0, 1], got {automated_share}.")
    sigma = require_positive(sigma, "sigma")
    if sigma >= 1:
        return np.where(f > 0, np.inf, 1.0) if f.ndim else (math.inf if f > 0 else 1.0)
    rho = rho_from_sigma(sigma)
    with np.errstate(divide="ignore"):
        result = (1 - f) ** (1 / rho)
    return result if f.ndim else float(result)


def output_multiple_numerical(automated_share, sigma, n_tasks=1000, machines=np.inf):
    """The same multiple from an explicit economy of n_tasks tasks, each with one unit of labour, of
    which the first round(f n) get `machines` units instead (for checking the closed form)."""
    rho = rho_from_sigma(sigma)
    automated = int(round(automated_share * n_tasks))
    before = np.ones(n_tasks)
    after = np.concatenate([np.full(automated, float(machines)), np.ones(n_tasks - automated)])
    return float(ces_output(after, rho) / ces_output(before, rho))


def labour_share(automated_share, sigma, machines):
    """Share of output paid to the tasks still done by people when the automated tasks have
    `machines` units each (competitive pay: a task's share is x_i^rho / sum_j x_j^rho)."""
    f = float(automated_share)
    rho = rho_from_sigma(sigma)
    machine_term = f * require_positive(machines, "machines") ** rho
    return (1 - f) / ((1 - f) + machine_term) if (1 - f) + machine_term > 0 else 0.0


def draw_output_multiple(ax, sigmas=(0.25, 0.5, 0.75, 0.9)):
    """Output multiple against the share of tasks automated, one curve per elasticity, log scale."""
    f = np.linspace(0, 0.99, 200)
    colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
    for sigma, colour in zip(sigmas, colours):
        ax.plot(f, output_multiple(f, sigma), color=colour, lw=2, label=f"σ = {sigma}")
    ax.set(yscale="log", xlabel="share of tasks automated f", ylabel="output multiple (log scale)",
           xlim=(0, 1), ylim=(1, 1e4))
    ax.legend(fontsize=8, title="elasticity of substitution", title_fontsize=8)
