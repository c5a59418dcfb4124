"""Checks for the Chapter 8 "Timelines" exercises."""
import math

import numpy as np

from . import Wrong, as_number, close, mismatch, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"doublings_between": 1, "date_after_doublings": 1, "probability_by": 2, "lognormal_cdf": 2}


def doublings_between(learner_fn):
    """learner_fn(start_minutes, target_minutes): how many doublings take the horizon from start to target."""

    def cases(call):
        for args, why in (((60, 240), "an hour to four hours is two doublings"),
                          ((59, 2400), "59 minutes to a 40-hour week"),
                          ((59, 10020), "59 minutes to a 167-hour month"),
                          ((30, 30), "no growth needs no doublings")):
            expected = math.log2(args[1] / args[0])
            got = as_number(call(*args), "the result")
            if close(got, expected):
                continue
            if args[0] != args[1] and close(got, math.log(args[1] / args[0])):
                raise Wrong("a doubling is a factor of 2: use log2, not the natural log.")
            if args[0] != args[1] and close(got, args[1] / args[0] / 2):
                raise Wrong("doublings grow multiplicatively: count them with log2(target / start).")
            raise mismatch("doublings_between", args, expected, got, why)
        return "an hour to four hours is 2 doublings; 59 minutes to a work-month is 7.4."

    return run_check("doublings_between", learner_fn, cases)


def date_after_doublings(learner_fn):
    """learner_fn(start_year, doublings, doubling_days): the (fractional) year after that many doublings."""

    def cases(call):
        for args, why in (((2025.0, 2, 365.25), "two doublings of a year each"),
                          ((2025.15, 7.41, 212), "7.41 doublings of 212 days is 4.3 years"),
                          ((2024.0, 0, 100), "no doublings, no time")):
            start, doublings, days = args
            expected = start + doublings * days / 365.25
            got = as_number(call(*args), "the year")
            if close(got - start, expected - start, rel=1e-3, abs_tol=1e-9):  # 365 or 365.25 days a year
                continue
            if doublings and close(got, start + doublings * days, rel=1e-6):
                raise Wrong("that adds days to a year: divide the days by 365.25 first.")
            if doublings and close(got, doublings * days / 365.25, rel=1e-6):
                raise Wrong("that is how many years it takes: add the start year.")
            raise mismatch("date_after_doublings", args, expected, got, why)
        return "7.41 doublings of 212 days after early 2025 is mid-2029."

    return run_check("date_after_doublings", learner_fn, cases)


def probability_by(learner_fn):
    """learner_fn(samples, year): the fraction of Monte Carlo arrival years at or before `year`."""

    def cases(call):
        samples = np.array([2027.0, 2028.0, 2028.0, 2029.5, 2031.0, 2028.0, 2033.0, 2030.0])
        for year, expected, why in ((2028.0, 4 / 8, "four of the eight samples are at or before 2028"),
                                    (2026.0, 0.0, "none before 2027"), (2040.0, 1.0, "all by 2040"),
                                    (2029.9, 5 / 8, "five of eight")):
            got = as_number(call(samples.copy(), year), "the probability")
            if close(got, expected):
                continue
            if close(got, float(np.mean(samples < year))):
                raise Wrong(f"{int(np.sum(samples == year))} samples fall exactly on {year:g}: "
                            f"'by {year:g}' includes them (<=, not <).")
            if close(got, float(np.sum(samples <= year))):
                raise Wrong("that is a count: divide by the number of samples for a probability.")
            if close(got, 1 - expected):
                raise Wrong("that is the probability of arriving later: count the samples at or before the year.")
            raise mismatch("probability_by", ("samples", year), expected, got, why)
        return "counts samples at or before the year, ties included, as a fraction."

    return run_check("probability_by", learner_fn, cases)


def lognormal_cdf(learner_fn):
    """learner_fn(x, median, sd_log10): P(requirement <= x) when log10(requirement) ~ Normal(log10 median, sd)."""

    def cases(call):
        for args, why in (((1e35, 1e35, 3.0), "the median itself: 50%"),
                          ((1e38, 1e35, 3.0), "one standard deviation above: 84.1%"),
                          ((1e29, 1e35, 3.0), "two below: 2.3%"),
                          ((3e30, 1e33, 1.5), "log10 distance -2.52 over 1.5")):
            x, median, sd = args
            z = (math.log10(x) - math.log10(median)) / sd
            expected = 0.5 * math.erfc(-z / math.sqrt(2))
            got = as_number(call(*args), "the probability")
            if close(got, expected, rel=1e-6, abs_tol=1e-9):
                continue
            z_natural = (math.log(x) - math.log(median)) / sd
            if x != median and close(got, 0.5 * math.erfc(-z_natural / math.sqrt(2)), rel=1e-6):
                raise Wrong("the spread is in orders of magnitude: measure the distance with log10, not ln.")
            if x != median and close(got, 1 - expected, rel=1e-6):
                raise Wrong("that is P(requirement > x): the question asks for the chance it is at most x.")
            raise mismatch("lognormal_cdf", args, expected, got, why)
        return "50% at the median, 84% one standard deviation (in orders of magnitude) above, 2.3% two below."

    return run_check("lognormal_cdf", learner_fn, cases)
