"""Every Chapter 1 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

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


def _lines_between(edges_of):
    """A piecewise fit whose bin edges come from edges_of(x, x_new, n_bins): the learner's mistake."""
    def fit(x, y, n_bins):
        x, y = np.asarray(x, float), np.asarray(y, float)

        def lines_for(edges):
            which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, n_bins - 1)
            return np.array([np.polyfit(x[which == b], y[which == b], 1) for b in range(n_bins)])

        def predict(x_new):
            x_new = np.asarray(x_new, float)
            edges = edges_of(x, x_new, n_bins)
            lines = lines_for(edges)
            b = np.clip(np.searchsorted(edges, x_new, side="right") - 1, 0, n_bins - 1)
            return lines[b, 0] * x_new + lines[b, 1]
        return predict
    return fit


_quantile_edges = _lines_between(lambda x, x_new, n: np.quantile(x, np.linspace(0, 1, n + 1)))
_edges_from_zero = _lines_between(lambda x, x_new, n: np.linspace(0, x.max(), n + 1))


def _edges_rebuilt_from_query(x, y, n_bins):
    """Fits on the training edges but finds each new x's bin with edges spanning the new x."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    train_edges = np.linspace(x.min(), x.max(), n_bins + 1)
    which = np.clip(np.searchsorted(train_edges, x, side="right") - 1, 0, n_bins - 1)
    lines = np.array([np.polyfit(x[which == b], y[which == b], 1) for b in range(n_bins)])

    def predict(x_new):
        x_new = np.asarray(x_new, float)
        edges = np.linspace(x_new.min(), x_new.max(), n_bins + 1)
        b = np.clip(np.searchsorted(edges, x_new, side="right") - 1, 0, n_bins - 1)
        return lines[b, 0] * x_new + lines[b, 1]
    return predict


def _inverted_ratio(C, A, B, a, b):
    n_params = (b * B / (a * A)) ** (1 / (a + b)) * (C / 6) ** (b / (a + b))
    return n_params, C / (6 * n_params)


def _nan_predictor(x, y, n_bins):
    return lambda x_new: np.full(np.shape(x_new), np.nan)


WRONG = {
    "piecewise_linear_fit": [_global_line, _bin_means, _one_bin_too_many, _nan_predictor,
                             _quantile_edges, _edges_from_zero, _edges_rebuilt_from_query,
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
        _inverted_ratio,                                                              # B A / (alpha A) upside down
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


@pytest.mark.parametrize("wrong, words", [
    (_quantile_edges, "equal numbers of points"), (_edges_from_zero, "start at 0"),
    (_edges_rebuilt_from_query, "by the new x")])
def test_piecewise_mistakes_are_named(wrong, words):
    assert words in check.piecewise_linear_fit(wrong).message


def test_swapped_only_when_swapped():
    swapped = check.compute_optimal_allocation(WRONG["compute_optimal_allocation"][1]).message
    inverted = check.compute_optimal_allocation(_inverted_ratio).message
    assert "swapped" in swapped and "swapped" not in inverted and "inverse" in inverted
