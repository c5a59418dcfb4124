"""Every Chapter 2 check rejects the stub and plausible wrong answers, and accepts the solution."""
import functools
import math
import operator

import numpy as np
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from
from test_checks_caller import odd_answers_get_one_sentence

from scaling_course.checks import evals as check

SOLUTION = functions_from(ROOT / "solutions" / "02-evals.ipynb")
STUB = functions_from(ROOT / "exercises" / "02-evals-exercises.ipynb")


def _horizon_in_e(minutes, succeeded):
    x = np.column_stack([np.ones(len(minutes)), np.log(minutes)])
    w = np.zeros(2)
    for _ in range(30):
        q = 1 / (1 + np.exp(-x @ w))
        w += np.linalg.solve(x.T @ (x * (q * (1 - q))[:, None]), x.T @ (succeeded - q))
    return 2 ** (-w[0] / w[1])  # fitted in ln but converted back with 2**


def _newton_horizon(steps, base=2.0, dtype=float):
    """The horizon from `steps` Newton steps in log-base(minutes): right once converged, in any base."""
    def fit(minutes, succeeded):
        m, s = np.asarray(minutes, dtype), np.asarray(succeeded, dtype)
        X = np.column_stack([np.ones(len(m), dtype), np.log(m) / np.log(dtype(base))])
        w = np.zeros(2, dtype)
        for _ in range(steps):
            q = 1 / (1 + np.exp(-X @ w))
            w += np.linalg.solve(X.T @ (X * (q * (1 - q))[:, None]), X.T @ (s - q))
        return float(base ** (-w[0] / w[1]))
    return fit


def _horizon_by_gradient_descent(minutes, succeeded, steps=200):
    """Gradient ascent on the likelihood in standardised log2(minutes), stopped after 200 steps."""
    x = np.log2(minutes)
    mean, spread = x.mean(), x.std()
    u, a, b = (x - mean) / spread, 0.0, 0.0
    for _ in range(steps):
        q = 1 / (1 + np.exp(-(a + b * u)))
        a, b = a + 0.5 * np.mean(succeeded - q), b + 0.5 * np.mean((succeeded - q) * u)
    return float(2 ** (mean - a / b * spread))


def _horizon_searched_among_tasks(minutes, succeeded):
    """Fits properly, then looks for the 50% crossing only among the lengths of the tasks given."""
    a, b = _fit(minutes, succeeded)
    grid = np.sort(minutes)
    return float(grid[np.argmin(np.abs(a + b * np.log2(grid)))])


def _fit(minutes, succeeded):
    X = np.column_stack([np.ones(len(minutes)), np.log2(minutes)])
    w = np.zeros(2)
    for _ in range(30):
        q = 1 / (1 + np.exp(-X @ w))
        w += np.linalg.solve(X.T @ (X * (q * (1 - q))[:, None]), X.T @ (succeeded - q))
    return w


def _horizon_sorting_minutes_in_place(minutes, succeeded):
    minutes.sort()  # but not succeeded: the outcomes no longer belong to their tasks
    a, b = _fit(minutes, succeeded)
    return float(2 ** (-a / b))


def _bisection_reliability(iterations):
    def reliability(target, n):
        low, high = 0.0, 1.0
        for _ in range(iterations):
            middle = (low + high) / 2
            low, high = (middle, high) if middle**n < target else (low, middle)
        return (low + high) / 2
    return reliability


def _pass_at_k_loop(n, c, k):
    """A correct answer as a loop over c fractions, with k > n handled by drawing everything."""
    if c == 0:
        return 0.0
    k = min(k, n)
    none_correct = 1.0
    for i in range(n - c + 1, n + 1):
        none_correct *= 1 - k / i
    return 1 - none_correct


def _pass_at_k_exact(n, c, k):
    """A correct answer with exact integers: math.comb does not overflow, and int / int rounds once."""
    k = min(k, n)
    return 1 - math.comb(n - c, k) / math.comb(n, k)


WRONG = {
    "chain_success": [lambda p, n: p * n, lambda p, n: 1 - (1 - p) ** n, lambda p, n: p ** (1 / n),
                      lambda p, n: None,
                      lambda p, n: math.exp(n * math.log(p)),                            # log(0) at p = 0
                      lambda p, n: p**n if p > 0 else 1.0,
                      lambda p, n: round(p**n, 4)],                                      # rounded for display
    "required_step_reliability": [lambda t, n: t**n, lambda t, n: t / n, lambda t, n: 1 - (1 - t) / n,
                                  lambda t, n: float("nan"),
                                  lambda t, n: math.exp(math.log(t) / n),                # log(0) at target 0
                                  lambda t, n: t ** (1 / n) if t > 0 else 1 / n,
                                  lambda t, n: math.sqrt(t) if n == 2 else t ** (1 / n) if n != 3 else t / 3,
                                  _bisection_reliability(12)],                           # not converged
    "pass_at_k": [
        lambda n, c, k: 1 - (1 - c / n) ** k,                                  # with replacement
        lambda n, c, k: math.comb(n - c, k) / math.comb(n, k),                 # forgot 1 -
        lambda n, c, k: min(1.0, k * c / n),                                   # linear
        lambda n, c, k: 1 - math.comb(n - c, k) / math.comb(n, k) if n < 100 else 0.5,  # gives up on big n
        lambda n, c, k: 1.0 if n - c < k else 1 - float(np.prod(1 - k / np.arange(n - c + 1, n + 1))),  # k > n, c = 0
        lambda n, c, k: 1 - math.comb(n - c, k) / math.comb(n, k),             # divides by C(n, k) = 0 for k > n
        lambda n, c, k: 0.0 if k > n else _pass_at_k_exact(n, c, k),           # k > n: gives up
        lambda n, c, k: 1 - float(np.prod(1 - k / np.arange(n - c + 1, n + 1))) if c else 0.0,  # k > n: negative
    ],
    "fit_horizon": [
        lambda m, s: float(np.median(m[s == 1])),                              # median solved length
        lambda m, s: float(np.mean(m)),
        _horizon_in_e,
        lambda m, s: -SOLUTION["fit_horizon"](m, s),
        lambda m, s: float(np.exp(np.mean(np.log(m)))),                        # geometric mean of lengths
        lambda m, s: float(np.sqrt(m[s == 1].max() * m[s == 0].min())),        # between extremes
        _newton_horizon(3),                                                     # Newton not converged
        _horizon_by_gradient_descent,                                           # gradient ascent stopped early
        _horizon_searched_among_tasks,                                          # crossing sought among the tasks
        _horizon_sorting_minutes_in_place,                                      # sorts minutes, not outcomes
    ],
}

# Right answers written other ways: each must pass.
CORRECT = {
    "chain_success": [lambda p, n: math.prod([p] * n), lambda p, n: float(np.exp(n * np.log(np.float64(p)))),
                      lambda p, n: np.float32(p) ** n, lambda p, n: np.array(p) ** n],
    "required_step_reliability": [lambda t, n: float(np.exp(np.log(np.float64(t)) / n)), _bisection_reliability(60),
                                  lambda t, n: np.float32(t) ** np.float32(1 / n), lambda t, n: np.power(t, 1.0 / n)],
    "pass_at_k": [_pass_at_k_loop, _pass_at_k_exact, lambda n, c, k: np.float32(_pass_at_k_loop(n, c, k))],
    "fit_horizon": [_newton_horizon(30, base=math.e), _newton_horizon(30, base=10.0),
                    _newton_horizon(30, dtype=np.float32), lambda m, s: np.array(SOLUTION["fit_horizon"](m, s))],
}

# A second round, written as a learner would, after the checks were revised (all judged right at once).
def _pass_at_k_k_fractions(n, c, k):
    if c == 0:
        return 0.0
    if k >= n or n - c < k:
        return 1.0
    return 1 - np.prod([(n - c - i) / (n - i) for i in range(k)])


def _pass_at_k_lgamma(flip):
    def pass_at_k(n, c, k):
        if c == 0:
            return 0.0
        if n - c < k:
            return 1.0
        lg = math.lgamma
        ratio = math.exp(lg(n - c + 1) - lg(k + 1) - lg(n - c - k + 1) - (lg(n + 1) - lg(k + 1) - lg(n - k + 1)))
        return ratio if flip else 1 - ratio
    return pass_at_k


def _horizon_until_converged_then_bisection(m, s):
    X = np.column_stack([np.ones(len(m)), np.log2(m)])
    w = np.zeros(2)
    while True:
        q = 1 / (1 + np.exp(-X @ w))
        step = np.linalg.solve(X.T @ (X * (q * (1 - q))[:, None]), X.T @ (s - q))
        w += step
        if np.abs(step).max() < 1e-12:
            break
    lo, hi = -60.0, 60.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (w[0] + w[1] * mid > 0) == (w[1] < 0) else (lo, mid)
    return 2 ** ((lo + hi) / 2)


def _horizon_against_raw_minutes(m, s):
    X = np.column_stack([np.ones(len(m)), m / 100])
    w = np.zeros(2)
    for _ in range(40):
        q = 1 / (1 + np.exp(-X @ w))
        w += np.linalg.solve(X.T @ (X * (q * (1 - q))[:, None]) + 1e-9 * np.eye(2), X.T @ (s - q))
    return float(-w[0] / w[1] * 100)


WRONG["chain_success"] += [lambda p, n: max(0.0, 1 - (1 - p) * n)]
WRONG["required_step_reliability"] += [lambda t, n: 1 - (1 - t) ** (1 / n)]
WRONG["pass_at_k"] += [lambda n, c, k: min(1.0, 1 - (1 - c / n) ** k + 1e-3), _pass_at_k_lgamma(flip=True)]
WRONG["fit_horizon"] += [_horizon_against_raw_minutes,
                         lambda m, s: (lambda b, a: float(2 ** ((0.5 - a) / b)))(*np.polyfit(np.log2(m), s, 1))]
CORRECT["chain_success"] += [lambda p, n: functools.reduce(operator.mul, [p] * n, 1.0)]
CORRECT["required_step_reliability"] += [lambda t, n: np.exp(np.log(t) / n) if t > 0 else 0.0]
CORRECT["pass_at_k"] += [_pass_at_k_k_fractions, _pass_at_k_lgamma(flip=False)]
CORRECT["fit_horizon"] += [_horizon_until_converged_then_bisection]


(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, CORRECT)


def test_library_implementations_pass_the_checks():
    from scaling_course import reliability

    assert check.chain_success(reliability.chain_success)
    assert check.required_step_reliability(reliability.required_step_reliability)
    # The library refuses k > n; drawing k > n samples draws them all, which is pass@n.
    assert check.pass_at_k(lambda n, c, k: reliability.pass_at_k(n, c, min(k, n)))


def test_float32_answers_pass_and_near_misses_show_their_digits():
    assert check.chain_success(lambda p, n: float(np.float32(p) ** n))
    message = check.chain_success(lambda p, n: p**n * (1 + 1e-5) if n == 10 else p**n).message
    expected, got = message.split("should be ")[1].split(" (")[0], message.split("you got ")[1].rstrip(".")
    assert expected != got, message


def test_named_hints_only_for_the_mistake_they_name():
    assert "without replacement" in check.pass_at_k(WRONG["pass_at_k"][0]).message
    assert "without replacement" not in check.pass_at_k(WRONG["pass_at_k"][3]).message
    assert "one base both ways" in check.fit_horizon(_horizon_in_e).message
    assert "one base both ways" not in check.fit_horizon(_newton_horizon(3)).message


def test_odd_answers_get_one_sentence():
    assert odd_answers_get_one_sentence(check, WRONG) == 12 * len(WRONG)
