"""Every Chapter 7 check rejects the stub and plausible wrong answers, accepts the solution and correct
alternatives (float32, loops, vectorised answers returning 0-d arrays, other formulas), and answers odd results
in one sentence."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from

from scaling_course import feedback
from scaling_course.checks import explosion

SOLUTION = functions_from(ROOT / "solutions" / "07-explosion.ipynb")
STUB = functions_from(ROOT / "exercises" / "07-explosion-exercises.ipynb")
f32 = np.float32

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _rho(sigma):
    return (sigma - 1) / sigma


def _doublings_loop(r, beta, first, n):
    times, length = [], first
    for _ in range(n):
        times.append(length)
        length *= 2 ** (-beta * (r - 1))
    return times


def _sum_of_doublings(terms):
    """time_to_infinity as the sum of the first `terms` doublings."""
    def total(r, beta, first):
        if r <= 1:
            return math.inf
        ratio = 2 ** (-beta * (r - 1))
        return sum(first * ratio**k for k in range(terms))
    return total


def _sum_until(smallest):
    """time_to_infinity adding doublings until one is shorter than `smallest`."""
    def total(r, beta, first):
        if r <= 1:
            return math.inf
        ratio, time, length = 2 ** (-beta * (r - 1)), 0.0, first
        while length > smallest:
            time, length = time + length, length * ratio
        return time
    return total


def _time_vectorised(r, beta, first):
    r = np.asarray(r, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(r > 1, first / (1 - 2.0 ** (-beta * (r - 1))), np.inf)  # a 0-d array, inf included


def _time_float32(r, beta, first):
    return math.inf if r <= 1 else f32(first) / (f32(1) - f32(2) ** f32(-beta * (r - 1)))


def _ceiling_from_the_ces(sigma, a):
    """The CES itself at unlimited labour: a 0-d array, inf for sigma > 1."""
    return feedback.research_speed(1.0, np.inf, sigma, a) if sigma != 1 else np.inf


def _regime_vectorised(r):
    r = np.asarray(r)
    return np.where(r < 1, "slowing", np.where(r == 1, "exponential", "accelerating"))  # a 0-d array of text


WRONG = {
    "elasticity": [
        lambda x1, y1, x2, y2: (y2 / y1) / (x2 / x1),                      # ratio of factors
        lambda x1, y1, x2, y2: (y2 - y1) / (x2 - x1),                      # slope in levels
        lambda x1, y1, x2, y2: math.log(y2 / y1),                          # no denominator
        lambda x1, y1, x2, y2: math.log(y2 // y1) / math.log(x2 // x1),   # whole-number ratios passed before
        lambda x1, y1, x2, y2: abs(math.log(y2 / y1) / math.log(x2 / x1)),  # every case grew before
        lambda x1, y1, x2, y2: math.log(x2 / x1) / math.log(y2 / y1) if y1 != y2 else 0.0,  # upside down
        lambda x1, y1, x2, y2: ((y2 - y1) / y1) / ((x2 - x1) / x1),        # percentage changes
        lambda x1, y1, x2, y2: ((y2 - y1) / (y1 + y2)) / ((x2 - x1) / (x1 + x2)),  # midpoint arc
        lambda x1, y1, x2, y2: math.log(y2) / math.log(x2),                # assumes x1 = y1 = 1
        lambda x1, y1, x2, y2: math.log(max(y1, y2) / min(y1, y2)) / math.log(max(x1, x2) / min(x1, x2)),
        # a fresh eye: how a struggling learner goes wrong
        lambda x1, y1, x2, y2: math.log(y2 - y1) / math.log(x2 - x1),
        lambda x1, y1, x2, y2: math.log(y2 / y1) / math.log(x1 / x2),      # one ratio upside down
        lambda x1, y1, x2, y2: (0.7,),                                     # a tuple
    ],
    "regime": [
        lambda r: "slowing" if r <= 1 else "accelerating",
        lambda r: "accelerating" if r < 1 else "slowing",
        lambda r: "exponential",
        lambda r: "exponential" if abs(r - 1) < 0.05 else "slowing" if r < 1 else "accelerating",
        lambda r: "exponential" if round(r) == 1 else "slowing" if r < 1 else "accelerating",
        lambda r: "Slowing" if r < 1 else "Exponential" if r == 1 else "Accelerating",
        lambda r: "exponential" if int(r) == 1 else "slowing" if r < 1 else "accelerating",
        lambda r: "exponential" if abs(r - 1) < 0.005 else "slowing" if r < 1 else "accelerating",  # 0.999 and 1.001
        lambda r: np.array(["slowing", "accelerating"]),                   # raised ValueError before
        # a fresh eye
        lambda r: "exponential" if r == 1 else "accelerating" if r < 1 else "slowing",
        lambda r: print("slowing" if r < 1 else "exponential" if r == 1 else "accelerating"),  # prints, returns None
        lambda r: ["slowing" if r < 1 else "exponential" if r == 1 else "accelerating"],
    ],
    "doubling_times": [
        lambda r, b, first, n: first * 2.0 ** (-(r - 1) * np.arange(n)),   # beta left out
        lambda r, b, first, n: first * 2.0 ** (b * (r - 1) * np.arange(n)),  # sign
        lambda r, b, first, n: np.full(n, first),
        lambda r, b, first, n: first * 2.0 ** (-0.5 * (r - 1) * np.arange(n)),  # beta = 0.5 hard-coded
        lambda r, b, first, n: first * 2.0 ** (-b * (r - 1) * np.arange(1, n + 1)),  # off by one
        lambda r, b, first, n: np.cumsum(first * 2.0 ** (-b * (r - 1) * np.arange(n))),  # running totals
        lambda r, b, first, n: first * 2.0 ** (-(r - 1) / b * np.arange(n)),
        lambda r, b, first, n: first * np.exp(-b * (r - 1) * np.arange(n)),  # base e
        lambda r, b, first, n: first * 2.0 ** (-b * (r - 1) * np.arange(n - 1)),  # one short
        # a fresh eye
        lambda r, b, first, n: list(first * 2.0 ** (-b * (r - 1) * np.arange(n + 1))),  # one too many
        lambda r, b, first, n: first * 2 ** (-b * (r - 1)) * np.arange(n),  # times k, not to the power k
    ],
    "time_to_infinity": [
        lambda r, b, first: first / (1 - 2.0 ** (-(r - 1))) if r > 1 else math.inf,  # beta left out
        lambda r, b, first: first / (1 - 2.0 ** (-b * (r - 1))) if r != 1 else math.inf,  # no inf below 1
        lambda r, b, first: first * 10,
        _sum_of_doublings(1000),                                           # 18% short at r = 1.005
        _sum_until(1e-3),
        lambda r, b, first: first / (1 - 2.0 ** (-0.5 * (r - 1))) if r > 1 else math.inf,  # beta = 0.5 hard-coded
        lambda r, b, first: first / (1 - 2.0 ** (-b * (r - 1))) if r > 1.01 else math.inf,  # near 1 taken as 1
        lambda r, b, first: first * 2 ** (-b * (r - 1)) / (1 - 2 ** (-b * (r - 1))) if r > 1 else math.inf,
        lambda r, b, first: first / (1 - math.exp(-b * (r - 1))) if r > 1 else math.inf,  # base e
        lambda r, b, first: 1e300 if r <= 1 else first / (1 - 2.0 ** (-b * (r - 1))),
        lambda r, b, first: math.inf if r < 1 else first / (1 - 2.0 ** (-b * (r - 1))),  # ZeroDivisionError at 1
        # a fresh eye
        lambda r, b, first: first / (1 - 2 ** (b * (r - 1))) if r > 1 else math.inf,  # sign: negative time
        lambda r, b, first: first / (1 - 2 ** (-b * (r - 1))) if r > 1 else None,  # no return below 1
        lambda r, b, first: first / (1 - 2 ** (-b * (r - 1))) if r > 1 else -math.inf,
        lambda r, b, first: "inf" if r <= 1 else first / (1 - 2 ** (-b * (r - 1))),
    ],
    "speed_ceiling": [
        lambda s, a: (1 - a) ** (1 / _rho(s)) if s < 1 else math.inf,      # labour share
        lambda s, a: 1 / a if s < 1 else math.inf,                         # right only at sigma = 0.5
        lambda s, a: a ** (1 / _rho(s)) if s != 1 else math.inf,           # no inf above 1
        lambda s, a: math.inf if s > 1 else a ** (s / (s - 1)),            # strict: fails at sigma = 1 exactly
        lambda s, a: math.inf if s >= 1 else (a + (1 - a) * 1e6 ** _rho(s)) ** (1 / _rho(s)),  # L = 10^6
        lambda s, a: math.inf if s >= 1 else a ** _rho(s),
        lambda s, a: math.inf if s >= 1 else 1 / a ** (1 / _rho(s)),
        lambda s, a: math.inf if s >= 1 else 1 / (1 - a),
        lambda s, a: math.inf if s >= 1 else 0.5 ** (1 / _rho(s)),        # a = 0.5 hard-coded
        # a fresh eye
        lambda s, a: math.inf if s >= 1 else a ** (1 / ((1 - s) / s)),     # rho's sign
        lambda s, a: math.inf if s >= 1 else (a ** _rho(s)) ** (1 / _rho(s)),  # the compute term alone: a
        lambda s, a: "2x" if s < 1 else math.inf,
    ],
}

ACCEPTED = {
    "elasticity": [lambda x1, y1, x2, y2: math.log10(y2 / y1) / math.log10(x2 / x1),
                   lambda x1, y1, x2, y2: math.log(y2 / y1, x2 / x1),
                   lambda x1, y1, x2, y2: np.log(f32(y2) / f32(y1)) / np.log(f32(x2) / f32(x1)),
                   lambda x1, y1, x2, y2: (np.log(y2) - np.log(y1)) / (np.log(x2) - np.log(x1))],
    "regime": [_regime_vectorised,
               lambda r: np.str_("slowing" if r < 1 else "exponential" if r == 1 else "accelerating"),
               lambda r: "exponential" if math.isclose(r, 1) else "slowing" if r < 1 else "accelerating"],
    "doubling_times": [_doublings_loop,
                       lambda r, b, first, n: f32(first) * f32(2) ** (f32(-b * (r - 1)) * np.arange(n, dtype=f32)),
                       lambda r, b, first, n: first * (2 ** (-(r - 1))) ** (b * np.arange(n)),
                       lambda r, b, first, n: [first / 2 ** (b * (r - 1) * k) for k in range(n)],
                       lambda r, b, first, n: first * np.logspace(0, n - 1, n, base=2 ** (-b * (r - 1)))],
    "time_to_infinity": [_time_vectorised,
                         _time_float32,
                         lambda r, b, first: f32(np.inf) if r <= 1 else first / (1 - 2.0 ** (-b * (r - 1))),
                         _sum_of_doublings(100_000),
                         lambda r, b, first: np.inf if r < 1 else first / (1 - np.float64(2.0) ** (-b * (r - 1)))],
    "speed_ceiling": [_ceiling_from_the_ces,
                      lambda s, a: math.inf if s >= 1 else a ** (s / (s - 1)),
                      lambda s, a: math.inf if s >= 1 else f32(a) ** f32(s / (s - 1)),
                      lambda s, a: np.array([np.inf]) if s >= 1 else np.array([a ** (1 / _rho(s))])],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(
    explosion, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(explosion, WRONG, ACCEPTED)


@pytest.mark.parametrize("name, index, words", [
    ("elasticity", 0, "ratio of factors"), ("elasticity", 1, "slope in levels"), ("elasticity", 2, "divide by ln"),
    ("elasticity", 3, "whole-number division"), ("elasticity", 4, "keep its sign"), ("elasticity", 5, "upside down"),
    ("elasticity", 6, "percentage changes"), ("elasticity", 9, "keep its sign"),
    ("regime", 0, "boundary"), ("regime", 3, "only r = 1 exactly"), ("regime", 5, "lower case"),
    ("regime", 7, "r = 0.999"), ("regime", 8, "one word"), ("regime", 10, "forget to `return`"),
    ("doubling_times", 0, "left out beta"), ("doubling_times", 1, "minus sign"), ("doubling_times", 3, "0.8"),
    ("doubling_times", 4, "starts with `first`"), ("doubling_times", 5, "running totals"),
    ("doubling_times", 7, "power of 2"), ("doubling_times", 8, "shape (4,)"),
    ("time_to_infinity", 0, "left out beta"), ("time_to_infinity", 1, "no blow-up"),
    ("time_to_infinity", 3, "first 1,000 doublings only"), ("time_to_infinity", 4, "doublings only"),
    ("time_to_infinity", 5, "(2.0, 0.3, 1.5)"), ("time_to_infinity", 7, "starts with the first doubling"),
    ("time_to_infinity", 8, "power of 2"), ("time_to_infinity", 9, "return math.inf, not 1e+300"),
    ("time_to_infinity", 10, "ZeroDivisionError"), ("time_to_infinity", 12, "return math.inf, not None"),
    ("speed_ceiling", 0, "compute share a"), ("speed_ceiling", 1, "only at sigma = 0.5"),
    ("speed_ceiling", 3, "ZeroDivisionError"), ("speed_ceiling", 5, "not rho"), ("speed_ceiling", 6, "slow-down"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(explosion, name)(WRONG[name][index]).message


@pytest.mark.parametrize("name, answer, words", [
    ("doubling_times", lambda r, b, first, n: (first for _ in range(n)), "generator"),
    ("doubling_times", lambda r, b, first, n: ["1"] * n, "array of numbers"),
    ("regime", lambda r: 1, "one word"),
    ("time_to_infinity", lambda r, b, first: math.nan, "not a finite number"),
    ("speed_ceiling", lambda s, a: np.array([1.0, 2.0]), "should be a number"),
])
def test_odd_results_get_one_sentence(name, answer, words):
    result = getattr(explosion, name)(answer)
    assert result.status == "failed" and words in result.message, repr(result)
    assert "\n" not in repr(result) and "could not read" not in result.message


def test_a_hint_names_a_mistake_only_when_the_answer_matches_it_on_every_case():
    """Percentage changes and a slope in levels coincide while x1 = y1 = 1: the later cases tell them apart."""
    assert "percentage changes" in explosion.elasticity(WRONG["elasticity"][6]).message
    # 1/(1 - a) equals 1/a at a = 0.5 only: no hint, the expected value instead.
    message = explosion.speed_ceiling(WRONG["speed_ceiling"][7]).message
    assert "1/a" not in message and "should be 1.346" in message


def test_the_edges_of_the_exercise_text():
    """r = 1 is exponential and has no blow-up; sigma = 1 has no ceiling; a compute share of 1 caps at 1."""
    assert explosion.regime(lambda r: "exponential" if r == 1 else "slowing" if r < 1 else "accelerating")
    assert "(1.0, 0.5, 0.67)" in explosion.time_to_infinity(WRONG["time_to_infinity"][10]).message
    assert "(1.0, 0.5)" in explosion.speed_ceiling(WRONG["speed_ceiling"][3]).message
    assert "speed_ceiling(0.5, 1.0) should be 1" in explosion.speed_ceiling(
        lambda s, a: math.inf if s >= 1 else a ** (1 / _rho(s)) if a < 1 else 2.0).message


