"""Every Chapter 6 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from

from scaling_course.checks import impact

SOLUTION = functions_from(ROOT / "solutions" / "06-impact.ipynb")
STUB = functions_from(ROOT / "exercises" / "06-impact-exercises.ipynb")


def _rho(sigma):
    return (sigma - 1) / sigma


def _paper(f, s):  # displaced workers move to the remaining tasks: (1 - f)^((1 - rho)/rho)
    return (1 - f) ** ((1 - _rho(s)) / _rho(s))


WRONG = {
    "ces_output": [lambda x, rho: float(np.sum(x**rho)), lambda x, rho: float(np.mean(x**rho) ** (1 / rho)),
                   lambda x, rho: float(np.sum(x))],
    "output_multiple": [
        lambda f, s: (1 - f) ** (1 / (1 - s)) if f < 1 else math.inf,          # rho = 1 - sigma
        lambda f, s: 1 / (1 - f) if f < 1 else math.inf,                       # only right at 0.5, idle workers
        lambda f, s: (1 - f) ** (1 / _rho(s)) if s < 1 and f < 1 else 1e12,    # idle workers, no infinity
        lambda f, s: (1 - f) ** (1 / _rho(s)) if s < 1 and f < 1 else math.inf,  # the idle-workers variant
        lambda f, s: _paper(f, s) if s < 1 and f < 1 else 1e12,                # no infinity
        lambda f, s: (1 - f) ** (1 / _rho(s) + 1) if s < 1 and f < 1 else math.inf,  # times (1 - f), not divided
        lambda f, s: (1 - f) ** -2 if f < 1 else math.inf,                     # only right at 0.5
        lambda f, s: (1 - f) ** ((1 - (1 - s)) / (1 - s)) if f < 1 else math.inf,  # rho = 1 - sigma, paper's form
        lambda f, s: math.inf if s > 1 or f >= 1 else _paper(f, s),            # strict sigma > 1: divides by 0 at 1
        lambda f, s: math.inf if s >= 1 or f >= 1 else _paper(f, s),           # infinity even when nothing is automated
    ],
    "labour_share": [lambda f, s, m: 1 - f, lambda f, s, m: (1 - f) / ((1 - f) + f * m**s),
                     lambda f, s, m: f * m ** _rho(s) / ((1 - f) + f * m ** _rho(s)),
                     lambda f, s, m: (1 - f) / ((1 - f) + f * m ** _rho(s))],  # idle workers: one per human task
    "tasks_for_multiple": [lambda t, s: 1 - 1 / t, lambda t, s: 1 - t ** (1 / _rho(s)), lambda t, s: t ** _rho(s),
                           lambda t, s: 1 - t ** _rho(s)],  # the idle-workers variant inverted
}

# Right answers written other ways: a loop, float32, 0-d arrays, the exponent written out.
CORRECT = {
    "ces_output": [lambda x, rho: sum(float(v) ** rho for v in x) ** (1 / rho),
                   lambda x, rho: np.sum(np.asarray(x, dtype=np.float32) ** np.float32(rho)) ** np.float32(1 / rho)],
    "output_multiple": [lambda f, s: np.asarray((1 - f) ** (-1 / (1 - s)) if s < 1 and f < 1
                                                else (1.0 if f == 0 else math.inf)),
                        lambda f, s: np.float32(_paper(f, s)) if s < 1 and f < 1 else (1.0 if f == 0 else math.inf)],
    "tasks_for_multiple": [lambda t, s: 1 - np.exp((s - 1) * np.log(t)), lambda t, s: np.float32(1 - t ** (s - 1))],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(impact, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(impact, WRONG, CORRECT)


@pytest.mark.parametrize("check, wrong, words", [
    (impact.ces_output, WRONG["ces_output"][0], "power 1/rho"),
    (impact.ces_output, WRONG["ces_output"][1], "average"),
    (impact.output_multiple, WRONG["output_multiple"][0], "not 1 - sigma"),
    (impact.output_multiple, WRONG["output_multiple"][1], "only for sigma = 0.5"),
    (impact.output_multiple, WRONG["output_multiple"][2], "displaced workers drop out"),
    (impact.output_multiple, WRONG["output_multiple"][3], "displaced workers drop out"),
    (impact.output_multiple, WRONG["output_multiple"][4], "math.inf"),
    (impact.output_multiple, WRONG["output_multiple"][6], "only for sigma = 0.5"),
    (impact.output_multiple, WRONG["output_multiple"][7], "not 1 - sigma"),
    (impact.labour_share, WRONG["labour_share"][0], "count of tasks"),
    (impact.labour_share, WRONG["labour_share"][3], "displaced workers drop out"),
    (impact.tasks_for_multiple, WRONG["tasks_for_multiple"][0], "only at sigma = 0.5"),
    (impact.tasks_for_multiple, WRONG["tasks_for_multiple"][3], "displaced workers drop out"),
])
def test_common_mistakes_get_a_named_hint(check, wrong, words):
    assert words in check(wrong).message


def test_checks_expect_the_papers_reallocation_result():
    """The headline is Aghion, Jones & Jones's: the displaced workers move to the remaining tasks, x100 at
    f = 0.9, sigma = 0.5 (the idle-workers variant gives x10 and is named as a mix-up)."""
    assert impact.output_multiple(lambda f, s: _paper(f, s) if s < 1 and f < 1 else 1.0 if f == 0 else math.inf).passed
    assert not impact.output_multiple(lambda f, s: 10.0 if (f, s) == (0.9, 0.5) else _paper(f, s)
                                      if s < 1 and f < 1 else math.inf).passed
