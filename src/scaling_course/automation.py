"""Automating tasks when tasks are complements: why output need not explode until the last task goes.

Output is a CES aggregate over tasks, Y = (sum_i x_i^rho)^(1/rho), with elasticity of
substitution sigma = 1 / (1 - rho). For rho < 0 (sigma < 1) tasks complement each other: the
scarcest task holds output back. Automate a fraction f of the tasks and give them unlimited
machines (x -> inf, so x^rho -> 0). What happens to the workers who did those tasks decides the
size of the gain:

- REALLOCATED (Aghion, Jones & Jones, the headline): the displaced workers move to the 1 - f
  tasks that remain, so each remaining task has 1 / (1 - f) times the labour. Output rises by
  (1 - f)^((1 - rho) / rho) = (1 - f)^(-1 / (1 - sigma)): x100 at f = 0.9, sigma = 0.5.
  Derivation, with n tasks and n workers: before, Y = n^(1/rho); after, (1 - f) n tasks with
  1 / (1 - f) workers each, Y = ((1 - f) n (1 - f)^(-rho))^(1/rho) = n^(1/rho) (1 - f)^((1 - rho)/rho).
  It is the limit K -> inf of the paper's eq. (12), Y = A [b^(1-rho) K^rho + (1-b)^(1-rho) L^rho]^(1/rho)
  with b = f.
- IDLE (the contrast): the displaced workers drop out and every remaining task keeps the one
  unit of labour it had. Output rises by (1 - f)^(1/rho): x10 at f = 0.9, sigma = 0.5.

Either way the gain is finite while any task is left to people, and those tasks take a growing
share of the income as machines get cheap (Baumol's cost disease).

Reference: P. Aghion, B. F. Jones and C. I. Jones (2019), "Artificial Intelligence and Economic
Growth", in The Economics of Artificial Intelligence (NBER / University of Chicago Press), section 9.2.

Used in: Chapter 6: book/06-impact, explorers/impact.py (automation_explorer), checks/impact.py.
"""
import math

import numpy as np

from .validation import require_positive

# What happens to the workers whose tasks are automated.
REALLOCATED = "reallocated"  # they move to the remaining tasks (Aghion, Jones & Jones): the headline
IDLE = "idle"                # they drop out; the remaining tasks keep their labour: the contrast
DISPLACED = (REALLOCATED, IDLE)


def _displaced(displaced):
    if displaced not in DISPLACED:
        raise ValueError(f"displaced must be {REALLOCATED!r} (workers move to the remaining tasks) or {IDLE!r} "
                         f"(they drop out), got {displaced!r}.")
    return displaced


def _share(automated_share):
    f = np.asarray(automated_share, dtype=float)
    if np.any((f < 0) | (f > 1)):
        raise ValueError(f"automated_share is a fraction of tasks: it must be in [0, 1], got {automated_share}.")
    return f


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


def human_labour_per_task(automated_share, displaced=REALLOCATED):
    """Labour on each task still done by people, when every task had one unit before automation:
    1 / (1 - f) if the displaced workers move there, 1 if they drop out."""
    f = _share(automated_share)
    if _displaced(displaced) == IDLE:
        return np.ones_like(f) if f.ndim else 1.0
    with np.errstate(divide="ignore"):
        result = 1 / (1 - f)
    return result if f.ndim else float(result)


def output_multiple(automated_share, sigma, displaced=REALLOCATED):
    """How many times output grows when a share f of tasks gets unlimited machines.

    displaced=REALLOCATED (the paper): the displaced workers move to the remaining tasks,
    (1 - f)^((1 - rho)/rho) = (1 - f)^(-1/(1 - sigma)). displaced=IDLE (the contrast): the remaining
    tasks keep their labour, (1 - f)^(1/rho). Infinite when tasks are substitutes (sigma >= 1) or f = 1."""
    f = _share(automated_share)
    sigma = require_positive(sigma, "sigma")
    _displaced(displaced)
    if sigma >= 1:
        return np.where(f > 0, np.inf, 1.0) if f.ndim else (math.inf if f > 0 else 1.0)
    rho = rho_from_sigma(sigma)
    exponent = (1 - rho) / rho if displaced == REALLOCATED else 1 / rho
    with np.errstate(divide="ignore"):
        result = (1 - f) ** exponent
    return result if f.ndim else float(result)


def output_multiple_with_machines(automated_share, sigma, machines, displaced=REALLOCATED):
    """The output multiple when each automated task gets `machines` units (finite): the power mean
    ((1 - f) h^rho + f M^rho)^(1/rho) with h the labour per human task; the geometric mean h^(1-f) M^f
    at sigma = 1."""
    f = _share(automated_share)
    machines = require_positive(machines, "machines")
    human = human_labour_per_task(f, displaced)
    rho = rho_from_sigma(sigma)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if abs(rho) < 1e-12:
            result = np.where(f < 1, human, 1.0) ** (1 - f) * machines**f
        else:
            human_term = np.where(f < 1, (1 - f) * np.where(f < 1, human, 1.0) ** rho, 0.0)
            result = (human_term + f * machines**rho) ** (1 / rho)
    return result if np.ndim(result) else float(result)


def output_multiple_numerical(automated_share, sigma, n_tasks=1000, machines=np.inf, displaced=REALLOCATED):
    """The same multiple from an explicit economy of n_tasks tasks and n_tasks workers, one per task,
    of which the first round(f n) tasks get `machines` units instead; their workers either spread
    evenly over the remaining tasks (REALLOCATED) or drop out (IDLE). For checking the closed forms."""
    rho = rho_from_sigma(sigma)
    automated = int(round(automated_share * n_tasks))
    remaining = n_tasks - automated
    per_task = n_tasks / remaining if (_displaced(displaced) == REALLOCATED and remaining) else 1.0
    before = np.ones(n_tasks)
    after = np.concatenate([np.full(automated, float(machines)), np.full(remaining, per_task)])
    return float(ces_output(after, rho) / ces_output(before, rho))


def labour_share(automated_share, sigma, machines, displaced=REALLOCATED):
    """Share of output paid to the tasks still done by people when the automated tasks have
    `machines` units each (competitive pay: a task's share is x_i^rho / sum_j x_j^rho). Each human
    task has 1 / (1 - f) units of labour when the displaced workers move there, 1 when they drop out."""
    f = float(_share(automated_share))
    if f >= 1:
        return 0.0
    rho = rho_from_sigma(sigma)
    human_term = (1 - f) * human_labour_per_task(f, displaced) ** rho
    machine_term = f * require_positive(machines, "machines") ** rho
    return human_term / (human_term + machine_term)


def draw_output_multiple(ax, sigmas=(0.25, 0.5, 0.75), contrast_sigma=0.5):
    """Output multiple against the share of tasks automated, one curve per elasticity (displaced workers
    reallocated, the paper's case), plus the idle-workers variant at contrast_sigma, dashed; log scale."""
    f = np.linspace(0, 0.99, 200)
    colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
    for sigma, colour in zip(sigmas, colours):
        ax.plot(f, output_multiple(f, sigma), color=colour, lw=2, label=f"σ = {sigma}")
    if contrast_sigma is not None:
        ax.plot(f, output_multiple(f, contrast_sigma, displaced=IDLE), color="0.45", lw=1.5, ls="--",
                label=f"σ = {contrast_sigma}, displaced workers idle")
    ax.set(yscale="log", xlabel="share of tasks automated f", ylabel="output multiple (log scale)",
           xlim=(0, 1), ylim=(1, 1e6))
    ax.legend(fontsize=8, title="elasticity of substitution", title_fontsize=8)
