"""Every Chapter 6 and 7 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from conftest import ROOT, functions_from

from scaling_course.checks import explosion, impact

SOLUTION_6 = functions_from(ROOT / "solutions" / "06-impact.ipynb")
STUB_6 = functions_from(ROOT / "exercises" / "06-impact.ipynb")
SOLUTION_7 = functions_from(ROOT / "solutions" / "07-explosion.ipynb")
STUB_7 = functions_from(ROOT / "exercises" / "07-explosion.ipynb")


def _rho(sigma):
    return (sigma - 1) / sigma


WRONG_6 = {
    "ces_output": [lambda x, rho: float(np.sum(x**rho)), lambda x, rho: float(np.mean(x**rho) ** (1 / rho)),
                   lambda x, rho: float(np.sum(x))],
    "output_multiple": [
        lambda f, s: (1 - f) ** (1 / (1 - s)) if f < 1 else math.inf,          # rho = 1 - sigma
        lambda f, s: 1 / (1 - f) if f < 1 else math.inf,                       # only right at 0.5
        lambda f, s: (1 - f) ** (1 / _rho(s)) if s < 1 and f < 1 else 1e12,    # no infinity
    ],
    "labour_share": [lambda f, s, m: 1 - f, lambda f, s, m: (1 - f) / ((1 - f) + f * m**s),
                     lambda f, s, m: f * m ** _rho(s) / ((1 - f) + f * m ** _rho(s))],
    "tasks_for_multiple": [lambda t, s: 1 - 1 / t, lambda t, s: 1 - t ** (1 / _rho(s)), lambda t, s: t ** _rho(s)],
}
WRONG_7 = {
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

(test_solution_passes_6, test_stub_is_not_attempted_6, test_wrong_answer_is_rejected_6,
 test_not_a_function_is_refused_6, test_every_exercise_has_wrong_answers_6) = contract_tests(impact, SOLUTION_6, STUB_6,
                                                                                            WRONG_6)
(test_solution_passes_7, test_stub_is_not_attempted_7, test_wrong_answer_is_rejected_7,
 test_not_a_function_is_refused_7, test_every_exercise_has_wrong_answers_7) = contract_tests(explosion, SOLUTION_7,
                                                                                            STUB_7, WRONG_7)


@pytest.mark.parametrize("check, wrong, words", [
    (impact.ces_output, WRONG_6["ces_output"][0], "power 1/rho"), (impact.ces_output, WRONG_6["ces_output"][1], "average"),
    (impact.output_multiple, WRONG_6["output_multiple"][0], "not 1 - sigma"),
    (impact.output_multiple, WRONG_6["output_multiple"][1], "only for sigma = 0.5"),
    (impact.output_multiple, WRONG_6["output_multiple"][2], "math.inf"),
    (impact.labour_share, WRONG_6["labour_share"][0], "count of tasks"),
    (impact.tasks_for_multiple, WRONG_6["tasks_for_multiple"][0], "only at sigma = 0.5"),
    (explosion.elasticity, WRONG_7["elasticity"][0], "ratio of factors"),
    (explosion.elasticity, WRONG_7["elasticity"][1], "slope in levels"),
    (explosion.regime, WRONG_7["regime"][0], "boundary"),
    (explosion.doubling_times, WRONG_7["doubling_times"][0], "left out beta"),
    (explosion.doubling_times, WRONG_7["doubling_times"][1], "minus sign"),
    (explosion.time_to_infinity, WRONG_7["time_to_infinity"][0], "left out beta"),
    (explosion.time_to_infinity, WRONG_7["time_to_infinity"][1], "no blow-up"),
    (explosion.speed_ceiling, WRONG_7["speed_ceiling"][0], "compute share a"),
    (explosion.speed_ceiling, WRONG_7["speed_ceiling"][1], "only at sigma = 0.5"),
])
def test_common_mistakes_get_a_named_hint(check, wrong, words):
    assert words in check(wrong).message
