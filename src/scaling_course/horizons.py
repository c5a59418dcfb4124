"""How long a task can an agent finish? The 50% time horizon, fitted and projected.

References: T. Kwa et al. (METR), "Measuring AI Ability to Complete Long Tasks" (2025): a logistic fit
of success against log task length; the 50% horizon doubled every 212 days (95% CI 171-249) and was
about 59 minutes for Claude 3.7 Sonnet. T. Ord (2025): a constant hazard gives S(t) = 2**(-t / T50).

Used in: Chapters 2 and 8: book/02-evals, timelines.py (book/08-timelines), checks/evals.py.
"""
import numpy as np

DOUBLING_DAYS, DOUBLING_DAYS_CI = 212.0, (171.0, 249.0)
CLAUDE_37_SONNET_MINUTES = 59.0
JITTER_SEED = 20_250_319  # for drawing only; unrelated to any seed that makes data


def synthetic_tasks(n_tasks, t50_minutes, slope, rng, shortest=1.0, longest=16 * 60.0):
    """Tasks with log-uniform lengths (minutes) and successes drawn from a logistic in log2(length)."""
    minutes = np.exp(rng.uniform(np.log(shortest), np.log(longest), size=n_tasks))
    chance = 1 / (1 + np.exp(slope * (np.log2(minutes) - np.log2(t50_minutes))))
    return minutes, (rng.uniform(size=n_tasks) < chance).astype(float)


def fit_logistic(minutes, succeeded, n_steps=50):
    """(intercept, slope) of P(success) = sigmoid(intercept + slope * log2(minutes)), by Newton's method."""
    x = np.column_stack([np.ones(len(minutes)), np.log2(np.asarray(minutes, dtype=float))])  # (tasks, 2)
    y = np.asarray(succeeded, dtype=float)
    weights = np.zeros(2)
    for _ in range(n_steps):
        chance = 1 / (1 + np.exp(-x @ weights))
        hessian = x.T @ (x * (chance * (1 - chance))[:, None]) + 1e-6 * np.eye(2)  # tiny ridge: separable data
        step = np.linalg.solve(hessian, x.T @ (y - chance))
        weights += step
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(weights[0]), float(weights[1])


def horizon_from_logistic(intercept, slope, success=0.5):
    """Task length (minutes) at which the fitted logistic predicts the given success rate."""
    return float(2 ** ((np.log(success / (1 - success)) - intercept) / slope))


def project_horizon(days_ahead, start_minutes=CLAUDE_37_SONNET_MINUTES, doubling_days=DOUBLING_DAYS):
    """The 50% horizon after days_ahead if it keeps doubling every doubling_days (an extrapolation)."""
    return start_minutes * 2.0 ** (np.asarray(days_ahead, dtype=float) / doubling_days)


def days_to_reach(target_minutes, start_minutes=CLAUDE_37_SONNET_MINUTES, doubling_days=DOUBLING_DAYS):
    """Days until the horizon reaches target_minutes at the given doubling time."""
    return float(doubling_days * np.log2(target_minutes / start_minutes))


def draw_fit(ax, minutes, succeeded, intercept, slope, planted_t50=None):
    """Task outcomes (jittered) against length, the fitted logistic, and the fitted 50% horizon."""
    grid = np.logspace(0, np.log10(16 * 60), 200)
    # The jitter has a stream of its own: a generator seeded like the one that drew the task lengths
    # would repeat its numbers, tying each dot's jitter to its length (two sloped bands appear).
    jitter = np.random.default_rng(JITTER_SEED).uniform(-0.03, 0.03, size=len(minutes))
    ax.scatter(minutes, succeeded + jitter, s=8, color="#999999", label="tasks (1 = success)")
    ax.plot(grid, 1 / (1 + np.exp(-(intercept + slope * np.log2(grid)))), color="#0072B2", lw=2,
            label="logistic fit")
    fitted = horizon_from_logistic(intercept, slope)
    ax.axvline(fitted, color="#0072B2", ls="--", label=f"fitted 50% horizon: {fitted:.0f} min")
    if planted_t50:
        ax.axvline(planted_t50, color="#D55E00", ls=":", label=f"planted: {planted_t50:.0f} min")
    ax.set(xscale="log", xlabel="task length for a human (minutes)", ylabel="agent success")
    ax.legend(fontsize=8)
