"""Chapter 8: METR's horizon trend extrapolated with uncertainty, and a simplified compute-requirement model."""
import math

import numpy as np
import pytest

from scaling_course import timelines


def test_central_extrapolation_agrees_with_metr_statement():
    """METR (March 2025): 'in under five years' agents complete tasks that take humans days or weeks."""
    deadline = 2025 + 2 / 12 + 5  # March 2030
    week = timelines.decimal_year(timelines.horizon_arrival(timelines.WORK_WEEK_MINUTES))
    month = timelines.decimal_year(timelines.horizon_arrival(timelines.WORK_MONTH_MINUTES))
    assert week < month < deadline
    assert month == pytest.approx(2029.45, abs=0.1)  # 7.41 doublings of 212 days after 24 Feb 2025


def test_monte_carlo_interval_covers_the_ci_ends_and_is_seeded():
    years = timelines.arrival_distribution(timelines.WORK_MONTH_MINUTES, n_samples=20_000, seed=0)
    low, high = np.percentile(years, [5, 95])
    fast = timelines.decimal_year(timelines.horizon_arrival(timelines.WORK_MONTH_MINUTES, doubling_days=171))
    slow = timelines.decimal_year(timelines.horizon_arrival(timelines.WORK_MONTH_MINUTES, doubling_days=249))
    assert low < fast + 0.2 and slow - 0.2 < high
    assert np.array_equal(years, timelines.arrival_distribution(timelines.WORK_MONTH_MINUTES, n_samples=20_000, seed=0))


def test_eighty_percent_comes_later_by_the_constant_hazard_factor():
    """T80 = 0.32 T50, so the 50% horizon must grow log2(1/0.32) = 1.64 doublings more."""
    at_50 = timelines.horizon_arrival(timelines.WORK_MONTH_MINUTES)
    at_80 = timelines.horizon_arrival(timelines.WORK_MONTH_MINUTES, success=0.8)
    assert (at_80 - at_50) * 365.25 / 212 == pytest.approx(-math.log2(math.log2(1 / 0.8)), rel=1e-9)


def test_faster_trend_brings_the_month_forward():
    years = timelines.arrival_distribution(timelines.WORK_MONTH_MINUTES, fast_share=1.0)
    assert np.median(years) < np.median(timelines.arrival_distribution(timelines.WORK_MONTH_MINUTES)) - 1.5


def test_anchor_model_matches_the_2020_headline_with_2020_style_growth():
    """Cotra (2020): headline median around 2050. Our illustrative requirement at 0.4 OOM/yr gives 2049."""
    assert timelines.median_year(0.4) == pytest.approx(2050, abs=2)
    assert timelines.anchor_probability(timelines.median_year(0.4), 0.4) == pytest.approx(0.5)
    probabilities = timelines.anchor_probability(np.arange(2020, 2101), 0.8)
    assert np.all(np.diff(probabilities) >= 0) and probabilities[-1] > 0.99


def test_bad_input_gets_one_sentence():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        timelines.horizon_arrival(600, success=1.0)
    with pytest.raises(ValueError, match="must be"):
        timelines.horizon_arrival(-5)
