"""Every Chapter 5 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course import inputs
from scaling_course.checks import inputs as check

SOLUTION = functions_from(ROOT / "solutions" / "05-inputs.ipynb")
STUB = functions_from(ROOT / "exercises" / "05-inputs.ipynb")
R_STAR = inputs.REPEAT_HALF_LIFE


def _ignores_b_growth(start, a, ga, b, gb):
    return start + math.log(b / a) / math.log(ga) if a < b else float(start)


def _no_infinity(start, a, ga, b, gb):
    return start + math.log(b / a) / math.log(ga / gb) if a < b else float(start)


WRONG = {
    "cluster_megawatts": [lambda n, w: n * w, lambda n, w: n * w / 1e3, lambda n, w: n * w / 1e9],
    "ooms_per_year": [
        lambda y1, v1, y2, v2: math.log(v2 / v1) / (y2 - y1),      # natural log
        lambda y1, v1, y2, v2: math.log10(v2 / v1),                # not per year
        lambda y1, v1, y2, v2: math.log10(v1 / v2) / (y2 - y1),    # sign
        lambda y1, v1, y2, v2: (v2 / v1) / (y2 - y1),
    ],
    "effective_compute_multiplier": [
        lambda t, s, h, a: s**t * 2 ** (-t / h) * 2 ** (t / a),    # hardware backwards
        lambda t, s, h, a: s**t + 2 ** (t / h) + 2 ** (t / a),     # added
        lambda t, s, h, a: s * t * 2 ** (t / h) * 2 ** (t / a),    # spend linear
    ],
    "crossing_year": [
        _ignores_b_growth,
        lambda start, a, ga, b, gb: math.log(b / a) / math.log(ga / gb) if ga > gb else math.inf,  # no start year
        _no_infinity,
        lambda start, a, ga, b, gb: start + (b - a) / (a * (ga - gb)) if ga > gb else math.inf,   # linear
    ],
    "effective_data": [
        lambda u, r: u * (1 + r),                                          # repeats as fresh
        lambda u, r: u + u * R_STAR * (1 - math.exp(-(r + 1) / R_STAR)),   # epochs, not repeats
        lambda u, r: u * R_STAR * (1 - math.exp(-r / R_STAR)),             # forgot the first pass
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
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message
