"""Every Chapter 5 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from

from scaling_course import inputs
from scaling_course.checks import inputs as check

SOLUTION = functions_from(ROOT / "solutions" / "05-inputs.ipynb")
STUB = functions_from(ROOT / "exercises" / "05-inputs-exercises.ipynb")
R_STAR = inputs.REPEAT_E_FOLDING


def _ignores_b_growth(start, a, ga, b, gb):
    return start + math.log(b / a) / math.log(ga) if a < b else float(start)


def _no_infinity(start, a, ga, b, gb):
    return start + math.log(b / a) / math.log(ga / gb) if a < b else float(start)


def _bisect_in(start, a, ga, b, gb, years):
    """Bisection for the crossing inside a fixed bracket of `years` (the end of the bracket if it is not there)."""
    if a >= b:
        return float(start)
    if ga <= gb:
        return math.inf
    low, high = 0.0, float(years)
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if a * ga**middle < b * gb**middle else (low, middle)
    return start + high


def _step_years(start, a, ga, b, gb, step):
    """Walk forward in steps until a passes b: close, but only to the step."""
    if a >= b:
        return float(start)
    if ga <= gb:
        return math.inf
    t = 0.0
    while a * ga**t < b * gb**t:
        t += step
    return start + t



def _strict_start(start, a, ga, b, gb):  # a > b, not a >= b: equal starts with b growing faster give infinity
    if a > b:
        return float(start)
    return start + math.log(b / a) / math.log(ga / gb) if ga > gb else math.inf


def _steps_through_years(start, a, ga, b, gb):  # steps of 0.003 years: a day or so off
    if a >= b:
        return float(start)
    if ga <= gb:
        return math.inf
    t = 0.0
    while a * ga**t < b * gb**t:
        t += 0.003
    return start + t

WRONG = {
    "cluster_megawatts": [lambda n, w: n * w, lambda n, w: n * w / 1e3, lambda n, w: n * w / 1e9],
    "ooms_per_year": [
        lambda y1, v1, y2, v2: math.log(v2 / v1) / (y2 - y1),      # natural log
        lambda y1, v1, y2, v2: math.log10(v2 / v1),                # not per year
        lambda y1, v1, y2, v2: math.log10(v1 / v2) / (y2 - y1),    # sign
        lambda y1, v1, y2, v2: (v2 / v1) / (y2 - y1),
        lambda y1, v1, y2, v2: abs(math.log10(v2 / v1)) / abs(y2 - y1),   # growth only: a decline comes out positive
        lambda y1, v1, y2, v2: math.log10(v2 / v1) / abs(y2 - y1),        # assumes the points come in year order
        lambda y1, v1, y2, v2: math.log10(v2 / v1) // (y2 - y1) if y2 - y1 > 1 else math.log10(v2 / v1),  # floor
    ],
    "effective_compute_multiplier": [
        lambda t, s, h, a: s**t * 2 ** (-t / h) * 2 ** (t / a),    # hardware backwards
        lambda t, s, h, a: s**t + 2 ** (t / h) + 2 ** (t / a),     # added
        lambda t, s, h, a: s * t * 2 ** (t / h) * 2 ** (t / a),    # spend linear
        lambda t, s, h, a: 10 ** (t * (abs(math.log10(s)) + math.log10(2) / h + math.log10(2) / a)),  # budgets only grow
        lambda t, s, h, a: s ** t * 2 ** (t // h) * 2 ** (t // a),  # whole halvings and doublings only
    ],
    "crossing_year": [
        _ignores_b_growth,
        lambda start, a, ga, b, gb: math.log(b / a) / math.log(ga / gb) if ga > gb else math.inf,  # no start year
        _no_infinity,
        lambda start, a, ga, b, gb: start + (b - a) / (a * (ga - gb)) if ga > gb else math.inf,   # linear
        lambda start, a, ga, b, gb: start + math.log(b / a) / math.log(ga / gb) if ga > gb else math.inf,  # a ahead
        lambda start, a, ga, b, gb: (float(start) if a >= b else math.inf if ga < gb
                                     else start + math.log(b / a) / math.log(ga / gb)),  # strict: equal growth divides by 0
        lambda start, a, ga, b, gb: (float(start) if a >= b else math.inf if ga <= 1 or ga <= gb
                                     else start + math.log(b / a) / math.log(ga / gb)),  # assumes a grows
        lambda start, a, ga, b, gb: _bisect_in(start, a, ga, b, gb, years=100),    # a search bracket of a century
        lambda start, a, ga, b, gb: _bisect_in(int(start), a, ga, b, gb, years=1000),  # whole start years
        lambda start, a, ga, b, gb: _step_years(start, a, ga, b, gb, step=0.01),  # stepping, not solving
        _strict_start,
        _steps_through_years,
    ],
    "effective_data": [
        lambda u, r: u * (1 + r),                                          # repeats as fresh
        lambda u, r: u + u * R_STAR * (1 - math.exp(-(r + 1) / R_STAR)),   # epochs, not repeats
        lambda u, r: u * R_STAR * (1 - math.exp(-r / R_STAR)),             # forgot the first pass
        lambda u, r: u + u * R_STAR * (1 - 0.5 ** (r / R_STAR)),           # R* read as a half-life
        lambda u, r: u + u * sum(math.exp(-k / R_STAR) for k in range(int(r))),  # a sum over whole repeats
        lambda u, r: u + u * R_STAR * (1 - math.exp(-int(r) / R_STAR)),    # repeats truncated to whole passes
    ],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


@pytest.mark.parametrize("name, index, words", [
    ("cluster_megawatts", 0, "in watts"), ("cluster_megawatts", 1, "kilowatts"),
    ("ooms_per_year", 0, "natural log"), ("ooms_per_year", 1, "divide by the years"), ("ooms_per_year", 2, "sign"),
    ("effective_compute_multiplier", 0, "cheaper FLOPs"), ("effective_compute_multiplier", 1, "multiply"),
    ("crossing_year", 0, "b grows too"), ("crossing_year", 1, "add the start year"), ("crossing_year", 2, "math.inf"),
    ("effective_data", 0, "as fresh"), ("effective_data", 1, "passes after the first"),
    ("effective_data", 3, "e-folding"), ("ooms_per_year", 4, "sign"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message


def _bisect_crossing(start, a, ga, b, gb):
    """A correct answer by another route: bisection on log(a) - log(b) to full precision, numpy infinity if never."""
    if a >= b:
        return start
    if ga <= gb:
        return np.inf
    gap = lambda t: np.log(a) + t * np.log(ga) - np.log(b) - t * np.log(gb)
    low, high = 0.0, 1.0
    while gap(high) < 0:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if gap(middle) < 0 else (low, middle)
    return np.asarray(start + high)  # a 0-d array


CORRECT = {
    "cluster_megawatts": [lambda n, w: np.float32(n) * np.float32(w) / np.float32(1e6),
                          lambda n, w: np.asarray(n * w / 1e6)],
    "ooms_per_year": [lambda y1, v1, y2, v2: np.polyfit([y1, y2], np.log10([v1, v2]), 1)[0],
                      lambda y1, v1, y2, v2: np.float32(np.log10(np.float32(v2) / np.float32(v1)) / np.float32(y2 - y1))],
    "effective_compute_multiplier": [
        lambda t, s, h, a: 10 ** (t * (np.log10(s) + np.log10(2) / h + np.log10(2) / a)),
        lambda t, s, h, a: np.float32(s) ** np.float32(t) * np.float32(2) ** np.float32(t / h + t / a)],
    "crossing_year": [_bisect_crossing,
                      lambda start, a, ga, b, gb: (np.float32(start) if a >= b else np.float32(np.inf) if ga <= gb
                                                   else np.float32(start) + np.float32(np.log(b / a) / np.log(ga / gb)))],
    "effective_data": [lambda u, r: u - u * R_STAR * np.expm1(-np.asarray(r, dtype=float) / R_STAR),
                       lambda u, r: np.float32(u) * (1 + np.float32(R_STAR) * (1 - np.exp(-np.float32(r) / np.float32(R_STAR))))],
}

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, CORRECT)


@pytest.mark.parametrize("name, index", [(n, i) for n in sorted(CORRECT) for i in range(len(CORRECT[n]))])
def test_correct_alternatives_are_accepted(name, index):
    """Other formulas, numpy routes, 0-d arrays and float32 arithmetic are right answers too."""
    result = getattr(check, name)(CORRECT[name][index])
    assert result.passed, repr(result)


ODD = {"a string": lambda *args: "0.5", "two numbers": lambda *args: np.array([0.5, 0.5]), "None": lambda *args: None,
       "a raise": lambda *args: 1 / 0}


@pytest.mark.parametrize("name, odd", [(n, o) for n in sorted(CORRECT) for o in ODD])
def test_odd_results_get_one_sentence(name, odd):
    result = getattr(check, name)(ODD[odd])
    assert not result and result.status in ("failed", "error")
    assert "\n" not in repr(result) and "Traceback" not in repr(result)
