"""The research feedback loop: when AI does the research that improves AI.

Semi-endogenous growth (Jones 1995): the software level A grows as dA/dt = delta R^lambda A^(1-beta),
with research input R. If AI does the research, R grows with A (here R = A), so
d(log A)/dt = delta A^(beta (r - 1)) with r = lambda / beta, the returns to research:
r < 1 growth slows, r = 1 it is exponential, r > 1 it accelerates and, in this idealised model,
reaches infinity in finite time.

Research also needs compute. If research speed is a CES of compute C and (AI) research labour L
with complementary inputs, unlimited labour gives a bounded speed-up, which tames the loop: once research
is capped, A^beta grows only linearly in time and the growth rate of A falls towards zero like 1/(beta t).

References: C. I. Jones (1995), "R&D-Based Models of Economic Growth", Journal of Political
Economy 103(4); T. Davidson and T. Houlden (2025), "How quick and big would a software
intelligence explosion be?" (Forethought); D. Eth and T. Davidson (2025), "Will AI R&D
Automation Cause a Software Intelligence Explosion?" (Forethought); T. Erdil, T. Besiroglu and
A. Ho (2024), "Estimating Idea Production: A Methodological Survey" (arXiv:2405.10494).

Used in: Chapter 7: book/07-explosion, explorers/explosion.py (feedback_explorer), checks/explosion.py.
"""
import math

import numpy as np

from .validation import require_positive

# Davidson & Houlden (2025), parameter table of their simulator: returns to software R&D r,
# low / median / high (sampled log-uniform between low and high).
R_ESTIMATES = {"low": 0.4, "median": 1.2, "high": 3.6}
# Time scale: with r = 1 the loop doubles software every 8 months, the pace of algorithmic progress
# Ho et al. (2024) measured. BETA (how fast ideas get harder to find) = 0.5 is the course's own illustrative
# choice, not an estimate from Ho et al.: the regime depends on r alone, BETA sets how fast it unfolds.
DELTA = math.log(2) / (8 / 12)
BETA = 0.5


def simulate(r, beta=BETA, delta=DELTA, years=10.0, steps=2000, cap=1e12, research=None, max_log_step=0.05):
    """Integrate d(log A)/dt = delta * research(A)^lambda * A^(-beta), lambda = r * beta, from A = 1.

    research(A) is the research input as a function of the software level (default: A itself, AI
    doing the research). Works in log A with classical Runge-Kutta steps and stops once A reaches
    cap (a finite-time blow-up would otherwise overflow); near a blow-up each step is split so that
    log A moves at most max_log_step per substep. Returns (times, levels), both arrays.
    """
    r = require_positive(r, "r")
    beta, delta = require_positive(beta, "beta"), require_positive(delta, "delta")
    research = research or (lambda level: level)
    lam = r * beta

    def rate(log_a):
        level = math.exp(log_a)
        return delta * research(level) ** lam * level ** -beta

    dt, log_a, log_cap = years / steps, 0.0, math.log(cap)
    times, logs = [0.0], [0.0]
    for step in range(1, steps + 1):
        # Near a blow-up the rate climbs steeply: split the step so log A moves little per substep.
        substeps = max(1, min(10_000, math.ceil(dt * rate(log_a) / max_log_step)))
        h = dt / substeps
        for _ in range(substeps):
            k1 = rate(log_a)
            k2 = rate(min(log_a + h / 2 * k1, log_cap))
            k3 = rate(min(log_a + h / 2 * k2, log_cap))
            k4 = rate(min(log_a + h * k3, log_cap))
            log_a += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            if log_a >= log_cap:
                break
        times.append(step * dt)
        logs.append(min(log_a, log_cap))
        if log_a >= log_cap:
            break
    return np.array(times), np.exp(np.array(logs))


def exact_log_level(t, r, beta=BETA, delta=DELTA):
    """log A(t) in closed form for research = A: u' = delta e^(k u), k = beta (r - 1), u(0) = 0.
    Returns inf past the blow-up time 1 / (k delta) when r > 1."""
    t = np.asarray(t, dtype=float)
    k = beta * (r - 1)
    if k == 0:
        return delta * t
    inside = 1 - k * delta * t
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(inside > 0, -np.log(np.where(inside > 0, inside, 1.0)) / k, np.inf)


def growth_rate(level, r, beta=BETA, delta=DELTA, research=None):
    """The growth rate of the software level, d(log A)/dt = delta research(A)^(r beta) A^(-beta), per year, at
    level A (research defaults to A itself: delta A^(beta (r - 1)))."""
    level = require_positive(level, "level")
    research = research or (lambda a: a)
    return delta * research(level) ** (r * beta) * level ** -beta


def blow_up_time(r, beta=BETA, delta=DELTA):
    """The finite time at which A becomes infinite (r > 1), else inf."""
    k = beta * (r - 1)
    return 1 / (k * delta) if k > 0 else math.inf


def regime(r):
    """'slowing', 'exponential' or 'accelerating' growth for returns to research r."""
    r = require_positive(r, "r")
    return "slowing" if r < 1 else "exponential" if r == 1 else "accelerating"


def doubling_times(times, levels):
    """How long each successive doubling of the level took (from the first time it reached 2^k)."""
    times, levels = np.asarray(times, dtype=float), np.asarray(levels, dtype=float)
    k_max = int(np.floor(np.log2(levels[-1])))
    crossings = [np.interp(k, np.log2(levels), times) for k in range(0, k_max + 1)]
    return np.diff(crossings)


def elasticity(x1, y1, x2, y2):
    """The constant elasticity through two points: ln(y2 / y1) / ln(x2 / x1)."""
    for value, name in ((x1, "x1"), (y1, "y1"), (x2, "x2"), (y2, "y2")):
        require_positive(value, name)
    if x1 == x2:
        raise ValueError("the two points need different x to give an elasticity.")
    return math.log(y2 / y1) / math.log(x2 / x1)


def compute_share_matching(speedup, compute_factor, sigma):
    """The compute share a for which compute_factor times the compute (labour fixed) gives speedup times the
    research speed in research_speed's CES: a = (1 - speedup^rho) / (1 - compute_factor^rho), or
    ln speedup / ln compute_factor at sigma = 1. One observation like Douglas's (5x from 10x) fits a
    different a for every sigma, so it cannot pin down sigma."""
    speedup, compute_factor = require_positive(speedup, "speedup"), require_positive(compute_factor, "compute_factor")
    sigma = require_positive(sigma, "sigma")
    if compute_factor == 1:
        raise ValueError("compute_factor must differ from 1 to give a compute share.")
    if sigma == 1:
        return math.log(speedup) / math.log(compute_factor)
    rho = (sigma - 1) / sigma
    return (1 - speedup**rho) / (1 - compute_factor**rho)


def research_speed(compute, labour, sigma, compute_share=0.5):
    """Research speed as a CES of compute and research labour, 1 at compute = labour = 1:
    (a C^rho + (1 - a) L^rho)^(1/rho), rho = (sigma - 1)/sigma; Cobb-Douglas at sigma = 1."""
    sigma = require_positive(sigma, "sigma")
    a = compute_share
    compute, labour = np.asarray(compute, dtype=float), np.asarray(labour, dtype=float)
    if sigma == 1:
        return compute**a * labour ** (1 - a)
    rho = (sigma - 1) / sigma
    with np.errstate(divide="ignore", over="ignore"):
        return (a * compute**rho + (1 - a) * labour**rho) ** (1 / rho)


def bottlenecked_research(sigma, compute_share=0.5, compute=1.0):
    """research(level) for simulate(): AI research labour equal to the software level, combined with
    fixed compute by research_speed (plain floats, so a simulation's thousands of calls stay fast)."""
    sigma = require_positive(sigma, "sigma")
    a = compute_share
    if sigma == 1:
        return lambda level: compute**a * level ** (1 - a)
    rho = (sigma - 1) / sigma
    fixed = a * compute**rho
    return lambda level: (fixed + (1 - a) * level**rho) ** (1 / rho)


def speed_ceiling(sigma, compute_share=0.5):
    """The speed-up from unlimited research labour at fixed compute: a^(1/rho) for sigma < 1, else inf."""
    sigma = require_positive(sigma, "sigma")
    if sigma >= 1:
        return math.inf
    return compute_share ** (1 / ((sigma - 1) / sigma))


def draw_regimes(ax, rs=(0.6, 1.0, 1.4), years=10.0):
    """log10 of the software level against time for several r, with the blow-up times marked."""
    colours = ("#009E73", "#0072B2", "#D55E00")
    for r, colour in zip(rs, colours):
        times, levels = simulate(r, years=years)
        ax.plot(times, np.log10(levels), color=colour, lw=2, label=f"r = {r}: {regime(r)}")
        if r > 1:
            ax.axvline(blow_up_time(r), color=colour, ls=":", lw=1)
    ax.set(xlabel="years after AI takes over research", ylabel="software level, log10", xlim=(0, years), ylim=(0, 12))
    ax.legend(fontsize=8, loc="upper left")
