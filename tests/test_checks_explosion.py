"""Every Chapter 7 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course.checks import explosion

SOLUTION = functions_from(ROOT / "solutions" / "07-explosion.ipynb")
STUB = functions_from(ROOT / "exercises" / "07-explosion.ipynb")


def _rho(sigma):
    return (sigma - 1) / sigma


WRONG = {
    "elasticity": [lambda x1, y1, x2, y2: (y2 / y1) / (x2 / x1), lambda x1, y1, x2, y2: (y2 - y1) / (x2 - x1),
                   lambda x1, y1, x2, y2: math.log(y2 / y1)],
    "regime": [lambda r: "slowing" if r <= 1 else "accelerating", lambda r: "accelerating" if r < 1 else "slowing",
               lambda r: "exponential"],
    "doubling_times": [lambda r, b, first, n: first * 2.0 ** (-(r - 1) * np.arange(n)),
                       lambda r, b, first, n: first * 2.0 ** (b * (r - 1) * np.arange(n)),
                       lambda r, b, first, n: np.full(n, first)],
    "time_to_infinity": [lambda r, b, first: first / (1 - 2.0 ** (-(r - 1))) if r > 1 else math.inf,
                         lambda r, b, first: first / (1 - 2.0 ** (-b * (r - 1))) if r != 1 else math.inf,
                         lambda r, b, first: first * 10],
    "speed_ceiling": [lambda s, a: (1 - a) ** (1 / _rho(s)) if s < 1 else math.inf,
                      lambda s, a: 1 / a if s < 1 else math.inf,
                      lambda s, a: a ** (1 / _rho(s)) if s != 1 else math.inf],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(explosion, SOLUTION, STUB, WRONG)


@pytest.mark.parametrize("check, wrong, words", [
    (explosion.elasticity, WRONG["elasticity"][0], "ratio of factors"),
    (explosion.elasticity, WRONG["elasticity"][1], "slope in levels"),
    (explosion.regime, WRONG["regime"][0], "boundary"),
    (explosion.doubling_times, WRONG["doubling_times"][0], "left out beta"),
    (explosion.doubling_times, WRONG["doubling_times"][1], "minus sign"),
    (explosion.time_to_infinity, WRONG["time_to_infinity"][0], "left out beta"),
    (explosion.time_to_infinity, WRONG["time_to_infinity"][1], "no blow-up"),
    (explosion.speed_ceiling, WRONG["speed_ceiling"][0], "compute share a"),
    (explosion.speed_ceiling, WRONG["speed_ceiling"][1], "only at sigma = 0.5"),
])
def test_common_mistakes_get_a_named_hint(check, wrong, words):
    assert words in check(wrong).message
