"""Every Chapter 4 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course.checks import safety as check

SOLUTION = functions_from(ROOT / "solutions" / "04-safety.ipynb")
STUB = functions_from(ROOT / "exercises" / "04-safety.ipynb")


def _monte_carlo_max(n):
    rng = np.random.default_rng(0)
    return float(rng.normal(size=(2000, n)).max(axis=1).mean())  # too few draws for 3 decimals


def _peak_by_exp(alpha, beta):
    return math.exp((alpha / (2 * beta)) ** 2)


def _peak_without_the_two(alpha, beta):
    return SOLUTION["bon_peak_n"](alpha, beta / 2)


WRONG = {
    "best_of_n_kl": [
        lambda n: math.log(n),                                   # the bound only
        lambda n: math.log2(n) - (n - 1) / n,                    # bits, not nats
        lambda n: (n - 1) / n - math.log(n),                     # sign
        lambda n: math.log(n) - 1,                               # forgot the 1/n
    ],
    "expected_max_normal": [
        lambda n: math.sqrt(2 * math.log(n)),                    # the asymptote
        lambda n: 0.0,                                           # the mean of a draw
        lambda n: n / (n + 1),                                   # max of uniforms
        _monte_carlo_max,                                        # not accurate enough
    ],
    "fit_bon_form": [
        lambda d, r: tuple(np.linalg.lstsq(np.column_stack([d, d**2]), r, rcond=None)[0]),  # beta's sign
        lambda d, r: (np.polyfit(d, r, 2)[1], -np.polyfit(d, r, 2)[0]),                   # with an intercept
        lambda d, r: (np.polyfit(d, r / d, 1)[1], -np.polyfit(d, r / d, 1)[0]),           # divided by d
        lambda d, r: (r.max() / d[np.argmax(r)], 0.0),
    ],
    "bon_peak_n": [
        _peak_by_exp,                                            # KL = log n
        lambda alpha, beta: alpha / (2 * beta),                  # returns d*
        _peak_without_the_two,                                   # peak at alpha / beta
    ],
    "bellman_backup": [
        lambda V, R, nxt, g: (R + V[nxt]).max(axis=1),           # no discount
        lambda V, R, nxt, g: (R + g * V[nxt]).mean(axis=1),      # average over actions
        lambda V, R, nxt, g: (R + g * V[:, None]).max(axis=1),   # value of the current state
        lambda V, R, nxt, g: (R + g * V[nxt]).min(axis=1),
    ],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


@pytest.mark.parametrize("name, index, words", [
    ("best_of_n_kl", 0, "upper bound"), ("best_of_n_kl", 1, "natural logarithm"),
    ("expected_max_normal", 0, "large-n approximation"),
    ("fit_bon_form", 0, "beta multiplies"), ("fit_bon_form", 1, "intercept"), ("fit_bon_form", 2, "dividing by d"),
    ("bon_peak_n", 0, "treats KL as log n"), ("bon_peak_n", 1, "asks for n"), ("bon_peak_n", 2, "alpha / (2 beta)"),
    ("bellman_backup", 0, "discounted"), ("bellman_backup", 1, "averaged"), ("bellman_backup", 2, "values[next_state]"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message


def test_library_implementations_pass_the_checks():
    from scaling_course import goodhart
    assert check.best_of_n_kl(lambda n: float(goodhart.best_of_n_kl(n)))
    assert check.fit_bon_form(goodhart.fit_bon_form)
    assert check.bon_peak_n(lambda a, b: goodhart.n_for_kl(goodhart.bon_peak(a, b) ** 2))
