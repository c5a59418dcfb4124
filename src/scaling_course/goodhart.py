"""Goodhart's law, measured: best-of-n sampling against a proxy reward.

Every output a model could give has a true ("gold") score g, drawn from N(0, 1). We cannot see g;
we see a proxy reward p = g + error, as a reward model would give. Best-of-n draws n outputs and
keeps the one with the highest proxy. The more outputs it picks from, the more the winner's proxy
owes to luck in the error rather than to a high gold score:

- with light-tailed (Gaussian) error the gold score of the pick keeps rising with n, only slower
  than the proxy (regressional Goodhart);
- with heavy-tailed (Student-t) error the very highest proxies are mostly error, so the gold score
  rises, peaks and falls back towards the average (the proxy is over-optimised).

The optimisation is measured as d = sqrt(KL) between the best-of-n distribution and the original
one, KL = log n - (n - 1)/n.

Reference: L. Gao, J. Schulman and J. Hilton, "Scaling Laws for Reward Model Overoptimization"
(ICML 2023, arXiv:2210.10760): gold reward R(d) = d(alpha - beta d) for best-of-n and
R(d) = d(alpha - beta log d) for reinforcement learning.

Used in: Chapter 4: book/04-safety, solutions/04-safety, explorers/safety.py (goodhart_explorer),
checks/safety.py.
"""
import math

import numpy as np

from .validation import require_positive

ERRORS = ("gaussian", "student_t")
HEAVY_TAIL_DF = 4  # Student-t degrees of freedom for the heavy-tailed error: variance finite, tails fat
GOLD_GRID = np.linspace(-8.0, 8.0, 321)  # where the gold score's N(0, 1) density is not negligible


# --- the optimisation, measured as a divergence ------------------------------------------------

def best_of_n_kl(n):
    """KL divergence (nats) of best-of-n from the original distribution: log n - (n - 1) / n."""
    n = np.asarray(n, dtype=float)
    if np.any(~np.isfinite(n)) or np.any(n < 1):
        raise ValueError(f"n is how many outputs best-of-n picks from: it must be at least 1, got {n}.")
    return np.log(n) - (n - 1) / n


def best_of_n(gold, proxy, n, rng, trials=1):
    """The gold score of the best-of-n pick: draw n outputs (with replacement) from the population
    (gold, proxy), keep the highest proxy; repeated `trials` times, returns an array (trials,)."""
    gold, proxy = np.asarray(gold, dtype=float), np.asarray(proxy, dtype=float)
    if gold.shape != proxy.shape or gold.ndim != 1:
        raise ValueError(f"gold and proxy must be 1-D arrays of the same length, got {gold.shape} and {proxy.shape}.")
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("pass a random generator, e.g. np.random.default_rng(0).")
    picks = rng.integers(0, len(gold), size=(trials, n))
    best = np.take_along_axis(picks, np.argmax(proxy[picks], axis=1)[:, None], axis=1)[:, 0]
    return gold[best]


def sample_population(size, error, error_scale, rng, df=HEAVY_TAIL_DF):
    """(gold, proxy) for `size` outputs: gold ~ N(0, 1), proxy = gold + error_scale * error."""
    _check_error(error, error_scale, df)
    gold = rng.normal(size=size)
    noise = rng.normal(size=size) if error == "gaussian" else rng.standard_t(df, size=size)
    return gold, gold + error_scale * noise


# --- exact expectations, from the order statistics of the proxy --------------------------------

def expected_scores(n, error="gaussian", error_scale=1.0, df=HEAVY_TAIL_DF):
    """Expected (gold, proxy) score of the best-of-n pick, for each n in an array; exact up to
    quadrature. The pick's proxy has CDF F(p)**n; its gold score averages E[g | p] over that."""
    _check_error(error, error_scale, df)
    n = np.atleast_1d(np.asarray(n, dtype=float))
    best_of_n_kl(n)  # validates n
    grid = _proxy_grid(error, error_scale, df)
    if error == "gaussian":  # p ~ N(0, 1 + s^2) and E[g | p] = p / (1 + s^2): closed forms
        spread = math.sqrt(1 + error_scale**2)
        survival = _normal_survival(grid / spread)
        gold_given_proxy = grid / spread**2
    else:
        survival, gold_given_proxy = _convolved(grid, error_scale, df)
    # F(p)**n at each grid point, computed from the survival function so the far tail keeps its digits.
    cdf_n = np.exp(n[:, None] * np.log1p(-np.minimum(survival, 1 - 1e-15))[None, :])  # (n values, grid)
    mass = np.diff(cdf_n, axis=1, prepend=0.0)  # probability that the pick's proxy falls in each cell
    middle = lambda values: np.concatenate([values[:1], (values[1:] + values[:-1]) / 2])  # noqa: E731
    gold = mass @ middle(gold_given_proxy)
    proxy = mass @ middle(grid)
    gold[n == 1] = proxy[n == 1] = 0.0  # one sample is no selection: exactly the population's mean
    return gold, proxy


def curve(error, error_scale, n_max=10_000, points=60, df=HEAVY_TAIL_DF):
    """n (log-spaced from 1 to n_max), d = sqrt(KL), and the expected gold and proxy score of the pick."""
    n = np.unique(np.round(np.geomspace(1, n_max, points)))
    gold, proxy = expected_scores(n, error, error_scale, df)
    return n, np.sqrt(best_of_n_kl(n)), gold, proxy


def _check_error(error, error_scale, df):
    if error not in ERRORS:
        raise ValueError(f"error must be one of {ERRORS}, got {error!r}.")
    require_positive(error_scale, "error_scale")
    if not isinstance(df, (int, np.integer)) or not 1 <= df <= 30:
        raise ValueError(f"df (the Student-t's degrees of freedom) must be a whole number from 1 to 30, got {df!r}.")


def _proxy_grid(error, error_scale, df):
    """Proxy values to integrate over: fine near the bulk, then log-spaced far into the tail."""
    spread = math.sqrt(1 + error_scale**2)
    reach = 12 * spread if error == "gaussian" else error_scale * 1e6 ** (1 / df) * 40 + 12
    bulk = np.linspace(-12 * spread, 8 * spread, 1500)
    tail = np.geomspace(8 * spread, max(reach, 9 * spread), 1500)[1:]
    return np.concatenate([bulk, tail])


def _normal_survival(z):
    """P(Z > z) for a standard normal, accurate far into the tail."""
    return 0.5 * np.frompyfunc(math.erfc, 1, 1)(np.asarray(z, dtype=float) / math.sqrt(2)).astype(float)


def _convolved(grid, error_scale, df):
    """Survival function of the proxy and E[gold | proxy] on the grid, for Student-t error."""
    weights = np.exp(-GOLD_GRID**2 / 2)
    weights /= weights.sum()  # the gold score's N(0, 1), as quadrature weights
    gap = (grid[:, None] - GOLD_GRID[None, :]) / error_scale  # (grid, gold): the error each gold needs
    survival = student_t_survival(gap, df) @ weights
    likelihood = student_t_density(gap, df) * weights  # proportional to P(gold, proxy)
    return survival, (likelihood @ GOLD_GRID) / np.maximum(likelihood.sum(axis=1), 1e-300)


def student_t_density(t, df):
    """Density of Student's t with df degrees of freedom."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return np.exp(log_norm - (df + 1) / 2 * np.log1p(np.asarray(t, dtype=float) ** 2 / df))


def student_t_survival(t, df):
    """P(T > t) for Student's t with a whole number df of degrees of freedom, in closed form
    (Abramowitz & Stegun 26.7.3-4), so it needs no special-function library."""
    t = np.asarray(t, dtype=float)
    theta = np.arctan(np.abs(t) / math.sqrt(df))
    cos2, series, term = np.cos(theta) ** 2, np.zeros_like(t), np.ones_like(t)
    if df % 2:  # odd: (2/pi) [theta + sin cos (1 + 2/3 cos^2 + ...)]
        for k in range(1, (df - 1) // 2 + 1):
            series += term
            term = term * cos2 * (2 * k) / (2 * k + 1)
        inside = 2 / math.pi * (theta + np.sin(theta) * np.cos(theta) * series) if df > 1 else 2 / math.pi * theta
    else:  # even: sin (1 + 1/2 cos^2 + 1.3/(2.4) cos^4 + ...)
        for k in range(1, df // 2 + 1):
            series += term
            term = term * cos2 * (2 * k - 1) / (2 * k)
        inside = np.sin(theta) * series
    tail = (1 - inside) / 2  # P(T > |t|)
    return np.where(t >= 0, tail, 1 - tail)


# --- the paper's functional forms -----------------------------------------------------------------

def fit_bon_form(d, reward):
    """(alpha, beta) of Gao et al.'s best-of-n form R(d) = d (alpha - beta d), by least squares."""
    d, reward = _pairs(d, reward)
    (alpha, beta), *_ = np.linalg.lstsq(np.column_stack([d, -d**2]), reward, rcond=None)
    return float(alpha), float(beta)


def fit_rl_form(d, reward):
    """(alpha, beta) of Gao et al.'s RL form R(d) = d (alpha - beta log d), by least squares (d > 0)."""
    d, reward = _pairs(d, reward)
    keep = d > 0
    (alpha, beta), *_ = np.linalg.lstsq(np.column_stack([d[keep], -d[keep] * np.log(d[keep])]), reward[keep],
                                        rcond=None)
    return float(alpha), float(beta)


def bon_form(d, alpha, beta):
    return np.asarray(d, dtype=float) * (alpha - beta * np.asarray(d, dtype=float))


def rl_form(d, alpha, beta):
    d = np.asarray(d, dtype=float)
    return d * (alpha - beta * np.log(np.where(d > 0, d, 1.0)))


def bon_peak(alpha, beta):
    """d at which d (alpha - beta d) peaks, alpha / (2 beta); inf when beta <= 0 (no peak)."""
    return alpha / (2 * beta) if beta > 0 else math.inf


def n_for_kl(kl):
    """The n whose best-of-n KL is kl (inverse of best_of_n_kl), by bisection on log n."""
    if not kl >= 0:
        raise ValueError(f"a KL divergence is at least 0, got {kl}.")
    low, high = 0.0, kl + 2.0  # log n: KL < log n, and log n - 1 < KL
    for _ in range(200):
        middle = (low + high) / 2
        if best_of_n_kl(math.exp(middle)) < kl:
            low = middle
        else:
            high = middle
    return math.exp((low + high) / 2)


def r_squared(observed, predicted):
    observed, predicted = np.asarray(observed, dtype=float), np.asarray(predicted, dtype=float)
    return float(1 - np.sum((observed - predicted) ** 2) / np.sum((observed - observed.mean()) ** 2))


def _pairs(d, reward):
    d, reward = np.asarray(d, dtype=float), np.asarray(reward, dtype=float)
    if d.shape != reward.shape or d.ndim != 1 or len(d) < 2:
        raise ValueError(f"d and reward must be 1-D arrays of the same length (at least 2), got {d.shape} "
                         f"and {reward.shape}.")
    return d, reward


# --- drawing ---------------------------------------------------------------------------------------

GOLD_COLOUR, PROXY_COLOUR, FIT_COLOUR = "#0072B2", "#E69F00", "#D55E00"


def draw_curve(ax, d, gold, proxy, title, fit=True):
    """Gold and proxy score of the pick against d = sqrt(KL), with the best-of-n fit and its peak."""
    ax.plot(d, proxy, color=PROXY_COLOUR, lw=2, label="proxy score of the pick")
    ax.plot(d, gold, color=GOLD_COLOUR, lw=2.5, label="gold score of the pick")
    if fit:
        alpha, beta = fit_bon_form(d, gold)
        ax.plot(d, bon_form(d, alpha, beta), color=FIT_COLOUR, ls="--", lw=1.5,
                label=f"fit d(α − βd): α = {alpha:.2f}, β = {beta:.2f}")
        peak = bon_peak(alpha, beta)
        if peak < d.max():
            ax.axvline(peak, color=FIT_COLOUR, ls=":", lw=1)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set(xlabel="optimisation d = √KL (nats^½)", ylabel="score (gold sd)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
