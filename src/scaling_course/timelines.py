"""Timelines as extrapolations, with their uncertainty made explicit.

Two calculations behind Chapter 8 "Timelines":
- when METR's 50% time horizon reaches a work-week or a work-month if its trend continues, with
  Monte Carlo over the doubling time and the starting horizon, at 50% and at 80% reliability;
- a simplified compute-requirement ("biological anchors") model: a log-normal over the training
  FLOP a transformative model needs, against affordable effective compute growing with spend,
  hardware and algorithms, gives P(requirement met by year).

References: T. Kwa et al. (METR, 2025), "Measuring AI Ability to Complete Long Tasks"
(arXiv:2503.14499): 59-minute 50% horizon for Claude 3.7 Sonnet, doubling every 212 days (95% CI
171-249); T. Ord (2025), constant-hazard reliability; A. Cotra (2020), "Forecasting TAI with
biological anchors" (Open Philanthropy), headline median around 2050.

Used in: Chapter 8: book/08-timelines, solutions/08-timelines, checks/timelines.py.
"""
import math
from datetime import date

import numpy as np

from . import horizons, reliability
from .validation import require_positive

START_DATE = date(2025, 2, 24)  # Claude 3.7 Sonnet's release, the trend's last point in Kwa et al.
WORK_WEEK_MINUTES = 40 * 60
WORK_MONTH_MINUTES = 167 * 60
START_SPREAD = 1.5  # our assumption: the starting horizon is known to within a factor 1.5 (95%)
FAST_DOUBLING_DAYS = 120  # the faster 2024-2025 trend METR notes (about 4 months), from few models


def years_since_start(when):
    """Fractional years from START_DATE to a datetime.date."""
    return (when - START_DATE).days / 365.25


def decimal_year(years_after_start):
    """The calendar year (with fraction) years_after_start after START_DATE."""
    return START_DATE.year + (START_DATE.timetuple().tm_yday - 1) / 365.25 + np.asarray(years_after_start)


def horizon_arrival(target_minutes, start_minutes=horizons.CLAUDE_37_SONNET_MINUTES,
                    doubling_days=horizons.DOUBLING_DAYS, success=0.5):
    """Years after START_DATE until the horizon at the given success rate reaches target_minutes.

    At 50% this is doubling_days * log2(target / start) days. At other success rates the constant-hazard
    model (Chapter 2) sets the horizon at success p to T50 * log2(1/p): the 50% horizon must first
    grow to target / log2(1/p)."""
    target = require_positive(target_minutes, "target_minutes")
    start = require_positive(start_minutes, "start_minutes")
    doubling = require_positive(doubling_days, "doubling_days")
    if not 0 < success < 1:
        raise ValueError(f"success is a probability strictly between 0 and 1, got {success}.")
    needed_t50 = target / float(reliability.horizon_at(success, 1.0))  # T_p = T50 log2(1/p)
    return doubling * np.log2(needed_t50 / start) / 365.25


def sample_inputs(n_samples, seed, fast_share=0.0):
    """Doubling times (days) and starting horizons (minutes) for the Monte Carlo.

    Doubling time: log-normal whose 95% interval is METR's 171-249 days (median 206, close to their
    212). Starting horizon: log-normal around 59 minutes within a factor START_SPREAD (95%). A share
    fast_share of samples instead follows the faster recent trend (FAST_DOUBLING_DAYS, same spread)."""
    rng = np.random.default_rng(seed)
    low, high = np.log(horizons.DOUBLING_DAYS_CI)
    sd = (high - low) / (2 * 1.96)
    doubling = np.exp(rng.normal((low + high) / 2, sd, n_samples))
    fast = rng.uniform(size=n_samples) < fast_share
    doubling[fast] *= FAST_DOUBLING_DAYS / math.exp((low + high) / 2)
    start = horizons.CLAUDE_37_SONNET_MINUTES * np.exp(rng.normal(0, math.log(START_SPREAD) / 1.96, n_samples))
    return doubling, start


def arrival_distribution(target_minutes, n_samples=20_000, seed=0, success=0.5, fast_share=0.0):
    """Monte Carlo arrival years (calendar years, with fraction) of a horizon of target_minutes."""
    doubling, start = sample_inputs(n_samples, seed, fast_share)
    return decimal_year(horizon_arrival(target_minutes, start, doubling, success))


# --- a simplified biological-anchors model --------------------------------------------------------

REQUIREMENT_MEDIAN_LOG10 = 35.0  # illustrative: training FLOP needed with 2020 algorithms (median)
REQUIREMENT_SD_LOG10 = 3.0       # illustrative: one standard deviation, in orders of magnitude
START_YEAR_ANCHORS, START_LOG10_FLOP = 2020.0, 23.5  # GPT-3 (2020): about 3e23 FLOP


def affordable_log10_flop(year, ooms_per_year):
    """log10 of the effective training FLOP affordable in `year`, growing ooms_per_year from GPT-3."""
    return START_LOG10_FLOP + (np.asarray(year, dtype=float) - START_YEAR_ANCHORS) * ooms_per_year


def anchor_probability(year, ooms_per_year=0.5, median_log10=REQUIREMENT_MEDIAN_LOG10,
                       sd_log10=REQUIREMENT_SD_LOG10):
    """P(the requirement is met by `year`): the probability that a log-normal requirement (median_log10,
    sd_log10, in log10 FLOP with 2020 algorithms) lies below the affordable effective compute."""
    sd = require_positive(sd_log10, "sd_log10")
    z = (affordable_log10_flop(year, ooms_per_year) - median_log10) / sd
    probability = 0.5 * np.asarray(np.frompyfunc(math.erfc, 1, 1)(-np.asarray(z, dtype=float) / math.sqrt(2)), dtype=float)
    return probability if probability.ndim else float(probability)


def median_year(ooms_per_year, median_log10=REQUIREMENT_MEDIAN_LOG10):
    """The year affordable effective compute reaches the median requirement (P = 50%)."""
    return START_YEAR_ANCHORS + (median_log10 - START_LOG10_FLOP) / require_positive(ooms_per_year, "ooms_per_year")


def draw_arrivals(ax, samples, labels, colours):
    """Cumulative probability of arrival by year for several Monte Carlo samples."""
    for years, label, colour in zip(samples, labels, colours):
        ordered = np.sort(years)
        ax.plot(ordered, np.arange(1, len(ordered) + 1) / len(ordered), color=colour, lw=2, label=label)
    ax.set(xlabel="year", ylabel="probability reached by then", ylim=(0, 1))
    ax.legend(fontsize=8, loc="lower right")
