"""Every Chapter 8 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course.checks import timelines as check

SOLUTION = functions_from(ROOT / "solutions" / "08-timelines.ipynb")
STUB = functions_from(ROOT / "exercises" / "08-timelines.ipynb")


def _cdf_natural_log(x, median, sd):
    return (1 + math.erf((math.log(x) - math.log(median)) / sd / math.sqrt(2))) / 2


WRONG = {
    "doublings_between": [lambda s, t: math.log(t / s), lambda s, t: t / s / 2, lambda s, t: math.log10(t / s)],
    "date_after_doublings": [lambda y, n, d: y + n * d, lambda y, n, d: n * d / 365.25, lambda y, n, d: y + n / d],
    "probability_by": [lambda s, y: float(np.mean(s < y)), lambda s, y: float(np.sum(s <= y)),
                       lambda s, y: float(np.mean(s > y))],
    "lognormal_cdf": [_cdf_natural_log,
                      lambda x, m, sd: 1 - (1 + math.erf((math.log10(x / m)) / sd / math.sqrt(2))) / 2,
                      lambda x, m, sd: (1 + math.erf((x - m) / sd / math.sqrt(2))) / 2],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


@pytest.mark.parametrize("name, index, words", [
    ("doublings_between", 0, "log2"), ("date_after_doublings", 0, "divide the days"),
    ("date_after_doublings", 1, "add the start year"), ("probability_by", 0, "<=, not <"),
    ("probability_by", 1, "count"), ("probability_by", 2, "later"),
    ("lognormal_cdf", 0, "log10, not ln"), ("lognormal_cdf", 1, "P(requirement > x)"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message
