"""Checks for the Chapter 8 "Timelines" exercises."""
import math

import numpy as np

from . import FLOAT32_REL, as_number, close, judge, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"doublings_between": 1, "date_after_doublings": 1, "probability_by": 2, "lognormal_cdf": 2}

_ROUNDED = "a fractional number of doublings is fine: do not round it"
_PERCENT = "give the probability as a fraction from 0 to 1, not a percentage"


def doublings_between(learner_fn):
    """learner_fn(start_minutes, target_minutes): how many doublings take the horizon from start to target."""

    def cases(call):
        judge(call, "doublings_between", [
            (args, math.log2(args[1] / args[0]), why, None) for args, why in (
                ((60, 240), "an hour to four hours is two doublings"),
                ((59, 2400), "59 minutes to a 40-hour week"),
                ((59, 10020), "59 minutes to a 167-hour month"),
                ((30, 30), "no growth needs no doublings"),
                ((240, 60), "four hours down to one is two halvings: -2 doublings"))], [
            (lambda s, t: math.log(t / s), "a doubling is a factor of 2: use log2, not the natural log"),
            (lambda s, t: math.log10(t / s), "a doubling is a factor of 2: use log2, not log10"),
            (lambda s, t: t / s / 2, "doublings grow multiplicatively: count them with log2(target / start)"),
            (lambda s, t: abs(math.log2(t / s)),
             "the target is shorter than the start here, so the number of doublings is negative"),
            (lambda s, t: math.log2(s / t), "that is upside down: log2(target / start), the target on top"),
            (lambda s, t: math.floor(math.log2(t / s)), _ROUNDED),
            (lambda s, t: math.ceil(math.log2(t / s)), _ROUNDED),
            (lambda s, t: round(math.log2(t / s)), _ROUNDED),
            (lambda s, t: math.log2(t / s) + 1, "log2(target / start) is the count itself: do not add 1"),
        ])
        return "an hour to four hours is 2 doublings; 59 minutes to a work-month is 7.4; four hours to one is -2."

    return run_check("doublings_between", learner_fn, cases)


def _same_date(got, expected, args, rel):
    """Within 0.1% of the time elapsed (365 or 365.25 days a year both pass) or an hour (1e-4 year)."""
    return close(got - args[0], expected - args[0], rel=1e-3, abs_tol=1e-4)


def date_after_doublings(learner_fn):
    """learner_fn(start_year, doublings, doubling_days): the (fractional) year after that many doublings."""

    def cases(call):
        judge(call, "date_after_doublings", [
            (args, args[0] + args[1] * args[2] / 365.25, why, None) for args, why in (
                ((2025.0, 2, 365.25), "two doublings of a year each"),
                ((2025.15, 7.41, 212), "7.41 doublings of 212 days is 4.3 years"),
                ((2024.0, 0, 100), "no doublings, no time"),
                ((2026.5, 2.5, 146.1), "two and a half doublings of 0.4 years"))], [
            (lambda y, n, d: y + n * d, "that adds days to a year: divide the days by 365.25 first"),
            (lambda y, n, d: n * d / 365.25, "that is how many years it takes: add the start year"),
            (lambda y, n, d: y + 2**n * d / 365.25,
             "the doublings are already counted: they take doublings × doubling_days days, not 2^doublings × "
             "doubling_days"),
            (lambda y, n, d: y + (n + 1) * d / 365.25, "that is one doubling too many"),
            (lambda y, n, d: y + n * d / 360, "a year has 365.25 days, not 360"),
            (lambda y, n, d: y + n * d / 30 / 12, "a year has 365.25 days, not 12 months of 30"),
            (lambda y, n, d: math.floor(y + n * d / 365.25), "return the fractional year, not a whole one"),
        ], read=lambda value, args: as_number(value, "the year"), compare=_same_date)
        return "7.41 doublings of 212 days after early 2025 is mid-2029."

    return run_check("date_after_doublings", learner_fn, cases)


_EIGHT = np.array([2027.0, 2028.0, 2028.0, 2029.5, 2031.0, 2028.0, 2033.0, 2030.0])
# A Monte Carlo of 1,000 arrival years on a quarter-year grid: shuffled, with many ties.
_THOUSAND = np.round(np.random.default_rng(7).normal(2030.5, 2.0, 1000) * 4) / 4


def _ties(samples, year):
    tied = int(np.sum(samples == year))
    return (f"{tied} sample{'s fall' if tied != 1 else ' falls'} exactly on {year:g}: 'by {year:g}' includes "
            f"{'them' if tied != 1 else 'it'} (<=, not <)")


def probability_by(learner_fn):
    """learner_fn(samples, year): the fraction of Monte Carlo arrival years at or before `year`."""

    def cases(call):
        judge(call, "probability_by", [
            ((samples, year), float(np.mean(samples <= year)), why, None) for samples, year, why in (
                (_EIGHT, 2028.0, "four of the eight samples are at or before 2028"),
                (_EIGHT, 2026.0, "none before 2027"),
                (_EIGHT, 2040.0, "all by 2040"),
                (_EIGHT, 2029.9, "five of eight"),
                (_EIGHT, 2029.2, "four of eight: 2029.5 is after 2029.2"),
                (_THOUSAND, 2031.25, "714 of 1,000, the 42 on 2031.25 included"),
                (_THOUSAND, 2027.6, "79 of 1,000"))], [
            (lambda s, y: float(np.mean(s < y)), _ties),
            (lambda s, y: float(np.sum(s <= y)), "that is a count: divide by the number of samples for a probability"),
            (lambda s, y: float(np.mean(s > y)),
             "that is the probability of arriving later: count the samples at or before the year"),
            (lambda s, y: 100 * float(np.mean(s <= y)), _PERCENT),
            (lambda s, y: float(np.sum(s <= y) // len(s)),
             "whole-number division (//) rounds the fraction down to 0: divide with /"),
            (lambda s, y: float(np.sum(s <= y)) / 8, "divide by the number of samples, len(samples), not 8"),
            (lambda s, y: float(np.sum(s <= y)) / (len(s) - 1), "divide by the number of samples, not one less"),
            (lambda s, y: float(np.mean(np.floor(s) <= y)), "compare the samples as they are, without rounding them "
                                                            "down to whole years"),
            (lambda s, y: float(np.mean(np.round(s) <= y)), "compare the samples as they are, without rounding them"),
        ], read=lambda value, args: as_number(value, "the probability"),
            show=lambda args: f"with {len(args[0]):,} samples, probability_by(samples, {args[1]:g})")
        return "counts samples at or before the year, ties included, as a fraction, for 8 and for 1,000 samples."

    return run_check("probability_by", learner_fn, lambda call: cases(_copying(call)))


def _copying(call):
    """call, handing the learner fresh copies of array arguments (their function may sort them in place)."""
    return lambda *args: call(*(arg.copy() if isinstance(arg, np.ndarray) else arg for arg in args))


def _phi(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


def _same_probability(got, expected, args, rel):
    """Float32-level for a probability: 2e-6 relative or 1e-6 absolute."""
    return close(got, expected, rel=FLOAT32_REL, abs_tol=1e-6)


def lognormal_cdf(learner_fn):
    """learner_fn(x, median, sd_log10): P(requirement <= x) when log10(requirement) ~ Normal(log10 median, sd)."""

    def z(x, median, sd):
        return (math.log10(x) - math.log10(median)) / sd

    def cases(call):
        judge(call, "lognormal_cdf", [
            (args, _phi(z(*args)), why, None) for args, why in (
                ((1e35, 1e35, 3.0), "the median itself: 50%"),
                ((1e38, 1e35, 3.0), "one standard deviation above: 84.1%"),
                ((1e29, 1e35, 3.0), "two below: 2.3%"),
                ((3e30, 1e33, 1.5), "log10 distance -2.52 over 1.5"),
                ((1e26, 1e35, 3.0), "three below: 0.13%"),
                ((1e33, 1e26, 2.0), "3.5 above: 99.98%"))], [
            (lambda x, m, sd: _phi((math.log(x) - math.log(m)) / sd),
             "the spread is in orders of magnitude: measure the distance with log10, not ln"),
            (lambda x, m, sd: _phi((math.log2(x) - math.log2(m)) / sd),
             "the spread is in orders of magnitude: measure the distance with log10, not log2"),
            (lambda x, m, sd: 1 - _phi(z(x, m, sd)),
             "that is P(requirement > x): the question asks for the chance it is at most x"),
            (lambda x, m, sd: (1 + math.erf(z(x, m, sd))) / 2, "Φ(z) = (1 + erf(z/√2))/2: divide z by √2"),
            (lambda x, m, sd: _phi(z(x, m, sd) / sd), "sd_log10 is a standard deviation: divide by it once, not by "
                                                      "its square"),
            (lambda x, m, sd: _phi(math.log10(x) - math.log10(m)),
             "measure the distance in standard deviations: divide log10(x) - log10(median) by sd_log10"),
            (lambda x, m, sd: 100 * _phi(z(x, m, sd)), _PERCENT),
            (lambda x, m, sd: math.erf(z(x, m, sd) / math.sqrt(2)), "Φ(z) is (1 + erf(z/√2))/2: add 1 and halve"),
        ], compare=_same_probability, read=lambda value, args: as_number(value, "the probability"))
        return ("50% at the median, 84% one standard deviation (in orders of magnitude) above, 2.3% two below, "
                "0.13% three below.")

    return run_check("lognormal_cdf", learner_fn, cases)
