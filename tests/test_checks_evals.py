"""Every Chapter 2 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course.checks import evals as check

SOLUTION = functions_from(ROOT / "solutions" / "02-evals.ipynb")
STUB = functions_from(ROOT / "exercises" / "02-evals.ipynb")


def _horizon_in_e(minutes, succeeded):
    x = np.column_stack([np.ones(len(minutes)), np.log(minutes)])
    w = np.zeros(2)
    for _ in range(30):
        q = 1 / (1 + np.exp(-x @ w))
        w += np.linalg.solve(x.T @ (x * (q * (1 - q))[:, None]), x.T @ (succeeded - q))
    return 2 ** (-w[0] / w[1])  # fitted in ln but converted back with 2**


WRONG = {
    "chain_success": [lambda p, n: p * n, lambda p, n: 1 - (1 - p) ** n, lambda p, n: p ** (1 / n),
                      lambda p, n: None],
    "required_step_reliability": [lambda t, n: t**n, lambda t, n: t / n, lambda t, n: 1 - (1 - t) / n,
                                  lambda t, n: float("nan")],
    "pass_at_k": [
        lambda n, c, k: 1 - (1 - c / n) ** k,                                  # with replacement
        lambda n, c, k: math.comb(n - c, k) / math.comb(n, k),                 # forgot 1 -
        lambda n, c, k: min(1.0, k * c / n),                                   # linear
        lambda n, c, k: 1 - math.comb(n - c, k) / math.comb(n, k) if n < 100 else 0.5,  # gives up on big n
    ],
    "fit_horizon": [
        lambda m, s: float(np.median(m[s == 1])),                              # median solved length
        lambda m, s: float(np.mean(m)),
        _horizon_in_e,
        lambda m, s: -SOLUTION["fit_horizon"](m, s),
        lambda m, s: float(np.exp(np.mean(np.log(m)))),                        # geometric mean of lengths
        lambda m, s: float(np.sqrt(m[s == 1].max() * m[s == 0].min())),        # between extremes
    ],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


def test_library_implementations_pass_the_checks():
    from scaling_course import reliability

    assert check.chain_success(reliability.chain_success)
    assert check.required_step_reliability(reliability.required_step_reliability)
    assert check.pass_at_k(reliability.pass_at_k)


def test_float32_answers_pass_and_near_misses_show_their_digits():
    assert check.chain_success(lambda p, n: float(np.float32(p) ** n))
    message = check.chain_success(lambda p, n: p**n * (1 + 1e-5) if n == 10 else p**n).message
    expected, got = message.split("should be ")[1].split(" (")[0], message.split("you got ")[1].rstrip(".")
    assert expected != got, message
