"""Every Chapter 8 check rejects the stub and plausible wrong answers, accepts the solution and correct
alternatives (float32, loops, other formulas, 0-d arrays), and answers odd results in one sentence."""
import datetime
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from

from scaling_course.checks import timelines as check

SOLUTION = functions_from(ROOT / "solutions" / "08-timelines.ipynb")
STUB = functions_from(ROOT / "exercises" / "08-timelines-exercises.ipynb")
f32 = np.float32


def _phi(z):
    return (1 + math.erf(z / math.sqrt(2))) / 2


def _cdf_natural_log(x, median, sd):
    return _phi((math.log(x) - math.log(median)) / sd)


def _cdf_float32(x, median, sd):
    z = (np.log10(f32(x)) - np.log10(f32(median))) / f32(sd)
    return (f32(1) + f32(math.erf(z / math.sqrt(2)))) / f32(2)


def _cdf_logistic(x, median, sd):
    return 1 / (1 + math.exp(-1.702 * math.log10(x / median) / sd))  # a well-known approximation, 0.5% off


def _cdf_clipped(x, median, sd):
    return min(max(_phi(math.log10(x / median) / sd), 0.01), 0.99)


def _count_doublings(start, target):
    """Doubling until the target is reached: a whole number, and never negative."""
    count, horizon = 0, start
    while horizon < target:
        horizon, count = horizon * 2, count + 1
    return count


WRONG = {
    "doublings_between": [
        lambda s, t: math.log(t / s), lambda s, t: t / s / 2, lambda s, t: math.log10(t / s),
        lambda s, t: abs(math.log2(t / s)),                      # every case grew before
        lambda s, t: math.floor(math.log2(t / s)), lambda s, t: math.ceil(math.log2(t / s)),
        lambda s, t: math.log2(t / s) + 1, lambda s, t: math.log2(s / t),
        _count_doublings,
        lambda s, t: math.log2(t - s) if t != s else 0.0,
        # a fresh eye: how a struggling learner goes wrong
        lambda s, t: math.log2(t) / math.log2(s),
        lambda s, t: (t - s) / s,
        lambda s, t: round(math.log2(t / s), 1),
    ],
    "date_after_doublings": [
        lambda y, n, d: y + n * d, lambda y, n, d: n * d / 365.25, lambda y, n, d: y + n / d,
        lambda y, n, d: y + n * d / 360, lambda y, n, d: y + 2**n * d / 365.25,
        lambda y, n, d: int(y + n * d / 365.25), lambda y, n, d: y + (n + 1) * d / 365.25,
        lambda y, n, d: y + n * d / 30, lambda y, n, d: y + n * d / 366,
        # a fresh eye
        lambda y, n, d: y + n * d / 365.25 / 12,
        lambda y, n, d: y + d / 365.25,                          # forgot the number of doublings
        lambda y, n, d: f"{y + n * d / 365.25:.1f}",              # text
        lambda y, n, d: datetime.date(2029, 5, 1),
    ],
    "probability_by": [
        lambda s, y: float(np.mean(s < y)), lambda s, y: float(np.sum(s <= y)), lambda s, y: float(np.mean(s > y)),
        lambda s, y: np.sum(s <= y) / 8,                         # eight samples in every case before
        lambda s, y: np.searchsorted(s, y, side="right") / len(s),  # assumes sorted samples
        lambda s, y: 100 * np.mean(s <= y), lambda s, y: np.sum(s <= y) // len(s),
        lambda s, y: np.sum(s <= y) / (len(s) - 1),
        lambda s, y: np.mean(np.floor(s) <= y),                  # queries at whole years and .9 only before
        lambda s, y: np.mean(np.round(s) <= y),
        lambda s, y: float(np.median(s) <= y), lambda s, y: np.mean(np.unique(s) <= y),
        # a fresh eye
        lambda s, y: np.mean(s <= y) * len(s),
        lambda s, y: len([v for v in s if v <= y]) / len(set(s)),
        lambda s, y: np.median(s <= y),
        lambda s, y: s <= y,                                     # the array of comparisons
    ],
    "lognormal_cdf": [
        _cdf_natural_log,
        lambda x, m, sd: 1 - _phi(math.log10(x / m) / sd),
        lambda x, m, sd: (1 + math.erf((x - m) / sd / math.sqrt(2))) / 2,
        _cdf_logistic, _cdf_clipped,                             # the probabilities never came near 0 or 1 before
        lambda x, m, sd: (1 + math.erf(math.log10(x / m) / sd)) / 2,   # no √2
        lambda x, m, sd: _phi(math.log10(x / m) / sd**2),        # the variance
        lambda x, m, sd: math.exp(-(math.log10(x / m) / sd) ** 2 / 2) / math.sqrt(2 * math.pi),  # the density
        lambda x, m, sd: math.erf(math.log10(x / m) / sd / math.sqrt(2)),
        lambda x, m, sd: _phi(math.log2(x / m) / sd),
        lambda x, m, sd: 100 * _phi(math.log10(x / m) / sd),
        # a fresh eye
        lambda x, m, sd: _phi(math.log10(x) - math.log10(m)),    # forgot to divide by sd
        lambda x, m, sd: 0.5 * (1 + math.erf(math.log10(x / m) / sd)) / math.sqrt(2),
        lambda x, m, sd: (0.5, 0.5),
    ],
}

ACCEPTED = {
    "doublings_between": [lambda s, t: np.log2(t / s), lambda s, t: math.log(t / s) / math.log(2),
                          lambda s, t: np.log2(f32(t) / f32(s)), lambda s, t: math.log(t / s, 2)],
    "date_after_doublings": [lambda y, n, d: y + n * d / 365, lambda y, n, d: y + n * d / 365.2425,
                             lambda y, n, d: f32(y) + f32(n) * f32(d) / f32(365.25),
                             lambda y, n, d: np.asarray(y + n * d / 365.25)],
    "probability_by": [lambda s, y: sum(1 for v in s if v <= y) / len(s),
                       lambda s, y: np.searchsorted(np.sort(s), y, side="right") / len(s),
                       lambda s, y: (s.sort(), np.searchsorted(s, y, side="right") / s.size)[1],  # sorts in place
                       lambda s, y: np.mean(s <= y, keepdims=True),
                       lambda s, y: f32(np.count_nonzero(s <= y)) / f32(len(s))],
    "lognormal_cdf": [lambda x, m, sd: 0.5 * math.erfc(-math.log10(x / m) / sd / math.sqrt(2)), _cdf_float32,
                      lambda x, m, sd: np.asarray(_phi(np.log10(x / m) / sd))],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, ACCEPTED)


@pytest.mark.parametrize("name, index, words", [
    ("doublings_between", 0, "log2"), ("doublings_between", 2, "log10"), ("doublings_between", 3, "negative"),
    ("doublings_between", 4, "do not round"), ("doublings_between", 5, "do not round"),
    ("doublings_between", 6, "do not add 1"), ("doublings_between", 7, "upside down"),
    ("date_after_doublings", 0, "divide the days"), ("date_after_doublings", 1, "add the start year"),
    ("date_after_doublings", 3, "not 360"), ("date_after_doublings", 4, "already counted"),
    ("date_after_doublings", 5, "fractional year"), ("date_after_doublings", 6, "one doubling too many"),
    ("date_after_doublings", 11, "should be a number"),
    ("probability_by", 0, "<=, not <"), ("probability_by", 1, "count"), ("probability_by", 2, "later"),
    ("probability_by", 3, "not 8"), ("probability_by", 5, "percentage"), ("probability_by", 6, "whole-number"),
    ("probability_by", 7, "not one less"), ("probability_by", 8, "rounding them down"),
    ("probability_by", 15, "should be a number"),
    ("lognormal_cdf", 0, "log10, not ln"), ("lognormal_cdf", 1, "P(requirement > x)"),
    ("lognormal_cdf", 5, "divide z by √2"), ("lognormal_cdf", 6, "not by its square"),
    ("lognormal_cdf", 8, "add 1 and halve"), ("lognormal_cdf", 9, "not log2"), ("lognormal_cdf", 10, "percentage"),
    ("lognormal_cdf", 11, "divide log10(x) - log10(median) by sd_log10"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message


def test_ties_are_counted_in_the_hint():
    assert "3 samples fall exactly on 2028" in check.probability_by(WRONG["probability_by"][0]).message


def test_a_hint_names_a_mistake_only_when_the_answer_matches_it_on_every_case():
    """Floor and round both give 5 for 5.35 doublings, and agree on every case: either way 'do not round'.
    The doubling loop gives 6, like ceil, until the shrinking case, where it gives 0, not -2: no hint."""
    message = check.doublings_between(_count_doublings).message
    assert "round" not in message and "should be 5.346" in message


def test_the_checks_own_samples_survive_a_function_that_sorts_them_in_place():
    def sorts_then_counts(samples, year):
        samples.sort()
        samples[:] = 0.0
        return 1.0
    check.probability_by(sorts_then_counts)
    assert check.probability_by(SOLUTION["probability_by"])


