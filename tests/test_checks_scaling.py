"""Every Chapter 1 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from conftest import ROOT, functions_from

from scaling_course.checks import scaling as check


SOLUTION = functions_from(ROOT / "solutions" / "01-scaling.ipynb")
STUB = functions_from(ROOT / "exercises" / "01-scaling.ipynb")


def _global_line(x, y, n_bins):
    slope, intercept = np.polyfit(x, y, 1)
    return lambda x_new: slope * np.asarray(x_new) + intercept


def _bin_means(x, y, n_bins):
    edges = np.linspace(min(x), max(x), n_bins + 1)
    which = lambda v: np.clip(np.searchsorted(edges, v, side="right") - 1, 0, n_bins - 1)  # noqa: E731
    means = np.array([np.mean(np.asarray(y)[which(x) == b]) for b in range(n_bins)])
    return lambda x_new: means[which(np.asarray(x_new))]


def _one_bin_too_many(x, y, n_bins):
    return SOLUTION["piecewise_linear_fit"](x, y, n_bins + 1)


def _nan_predictor(x, y, n_bins):
    return lambda x_new: np.full(np.shape(x_new), np.nan)


WRONG = {
    "piecewise_linear_fit": [_global_line, _bin_means, _one_bin_too_many, _nan_predictor,
                             lambda x, y, n_bins: None, lambda x, y, n_bins: [1, 2]],
    "fit_power_law": [
        lambda n, loss: tuple(np.polyfit(n, loss, 1)[::-1]),                          # linear space
        lambda n, loss: (math.exp(np.polyfit(np.log(n), np.log(loss), 1)[1]),
                         np.polyfit(np.log(n), np.log(loss), 1)[0]),                  # sign of alpha
        lambda n, loss: (np.polyfit(np.log(n), np.log(loss), 1)[1],
                         -np.polyfit(np.log(n), np.log(loss), 1)[0]),                 # log coefficient
        lambda n, loss: (-np.log(loss[-1] / loss[0]) / np.log(n[-1] / n[0]), loss[0]),  # swapped, endpoints
        lambda n, loss: None,
        lambda n, loss: (float("nan"), 1.0),
    ],
    "compute_optimal_allocation": [
        lambda C, A, B, a, b: (math.sqrt(C), math.sqrt(C)),                           # forgot the 6
        lambda C, A, B, a, b: SOLUTION["compute_optimal_allocation"](C, A, B, a, b)[::-1],  # swapped
        lambda C, A, B, a, b: SOLUTION["compute_optimal_allocation"](C, A, B, b, a),   # alpha <-> beta
        lambda C, A, B, a, b: (math.sqrt(C / 6), math.sqrt(C / 6)),                   # always symmetric
        lambda C, A, B, a, b: "1e9",
    ],
    "implied_doubling_time_months": [
        lambda factor, years: years / math.log2(factor),                              # years, not months
        lambda factor, years: 12 * years / math.log10(factor),                        # log10
        lambda factor, years: 12 * years / factor,                                    # linear growth
        lambda factor, years: None,
    ],
    "survival_probability": [
        lambda p, n: p**n,                                                            # death as survival
        lambda p, n: 1 - p * n,                                                       # linear
        lambda p, n: (1 - p) / n,
        lambda p, n: [0.5],
    ],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


def test_crashing_answer_reports_the_error_not_a_traceback():
    result = check.fit_power_law(lambda n, loss: 1 / 0)
    assert "ZeroDivisionError" in repr(result) and not result
