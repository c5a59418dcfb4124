"""Orders of magnitude: the arithmetic behind Chapter 1's comparisons.

References: The Scaling Era, Chapter 1 (10 billion times more compute than 2010, doubling every six
months, the laptop and New York City, Carl Shulman's 1/1,024); J. Sevilla et al., "Compute Trends
Across Three Eras of Machine Learning" (2022).

Used in: Chapter 1: book/01-scaling.
"""
import numpy as np

from .validation import require_positive

LAPTOP_AREA_M2 = 0.09
NEW_YORK_CITY_AREA_KM2 = 778.2


def doublings(factor):
    """How many doublings multiply a quantity by factor: log2(factor)."""
    return np.log2(require_positive(factor, "factor"))


def years_to_grow(factor, doubling_time_years):
    """Years for a quantity doubling every doubling_time_years to grow by factor."""
    return doublings(factor) * require_positive(doubling_time_years, "doubling_time_years")


def growth_factor(years, doubling_time_years):
    """How much a quantity doubling every doubling_time_years grows in years."""
    return 2.0 ** (np.asarray(years, dtype=float) / require_positive(doubling_time_years, "doubling_time_years"))


def doubling_time(factor, years):
    """The doubling time (years) implied by growing by factor over years."""
    return require_positive(years, "years") / doublings(factor)


def tiled_area_km2(count, item_area_m2=LAPTOP_AREA_M2):
    """Area in km^2 covered by count items of item_area_m2 each, laid edge to edge."""
    return require_positive(count, "count") * item_area_m2 / 1e6


def survival_probability(p_death_per_period, n_periods):
    """Chance of surviving n_periods independent periods with p_death_per_period risk in each."""
    return (1 - np.asarray(p_death_per_period, dtype=float)) ** np.asarray(n_periods, dtype=float)
