"""Every Chapter 1 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from
from test_checks_caller import odd_answers_get_one_sentence

from scaling_course import fitting
from scaling_course.checks import scaling as check


SOLUTION = functions_from(ROOT / "solutions" / "01-scaling.ipynb")
STUB = functions_from(ROOT / "exercises" / "01-scaling-exercises.ipynb")


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


def _assumes_sorted_x(x, y, n_bins):
    """Finds each bin's points by slicing x between searchsorted positions: right only if x is sorted."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    edges = np.linspace(x.min(), x.max(), n_bins + 1)
    cuts = np.searchsorted(x, edges[1:-1], side="right")
    bounds = [0, *cuts, len(x)]
    lines = np.array([np.polyfit(x[a:b], y[a:b], 1) for a, b in zip(bounds[:-1], bounds[1:])])

    def predict(x_new):
        x_new = np.asarray(x_new, float)
        which = np.clip(np.searchsorted(edges, x_new, side="right") - 1, 0, n_bins - 1)
        return lines[which, 0] * x_new + lines[which, 1]
    return predict


def _sorts_x_in_place(x, y, n_bins):
    """Sorts x in place (to use searchsorted) but not y: the pairs come apart on shuffled data."""
    x.sort()
    return SOLUTION["piecewise_linear_fit"](x, y, n_bins)


def _sorts_the_queries(x, y, n_bins):
    """Returns predictions for the queries in sorted order, not in the order asked."""
    fit = SOLUTION["piecewise_linear_fit"](x, y, n_bins)
    return lambda x_new: fit(np.sort(np.asarray(x_new, float)))


def _drops_the_largest_x(x, y, n_bins):
    """np.digitize without clipping puts max(x) in bin n_bins, which no line is fitted to."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    edges = np.linspace(x.min(), x.max(), n_bins + 1)
    which = np.digitize(x, edges) - 1
    lines = np.array([np.polyfit(x[which == b], y[which == b], 1) for b in range(n_bins)])

    def predict(x_new):
        x_new = np.asarray(x_new, float)
        b = np.clip(np.digitize(x_new, edges) - 1, 0, n_bins - 1)
        return lines[b, 0] * x_new + lines[b, 1]
    return predict


def _loops(x, y, n_bins):
    """A correct answer with plain loops: closed-form least squares per bin, one query at a time."""
    x, y = list(map(float, x)), list(map(float, y))
    low, width = min(x), (max(x) - min(x)) / n_bins

    def bin_of(v):
        return min(max(int((v - low) // width), 0), n_bins - 1)
    lines = []
    for b in range(n_bins):
        pts = [(xi, yi) for xi, yi in zip(x, y) if bin_of(xi) == b]
        mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        slope = sum((p[0] - mx) * (p[1] - my) for p in pts) / sum((p[0] - mx) ** 2 for p in pts)
        lines.append((slope, my - slope * mx))
    return lambda x_new: np.array([lines[bin_of(v)][0] * v + lines[bin_of(v)][1] for v in x_new])


def _one_x_at_a_time(x, y, n_bins):
    """A correct answer whose predictor takes one new x (a float) at a time."""
    fit = SOLUTION["piecewise_linear_fit"](x, y, n_bins)
    return lambda x_new: float(fit(float(x_new)))


def _edges_to_the_left(x, y, n_bins):
    """A correct answer that puts a point on an inner edge in the bin to its left (side="left")."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    edges = np.linspace(x.min(), x.max(), n_bins + 1)

    def which(v):
        return np.clip(np.searchsorted(edges, v, side="left") - 1, 0, n_bins - 1)
    lines = np.array([np.polyfit(x[which(x) == b], y[which(x) == b], 1) for b in range(n_bins)])
    return lambda x_new: lines[which(np.asarray(x_new)), 0] * np.asarray(x_new) + lines[which(np.asarray(x_new)), 1]


def _digitize_float32(x, y, n_bins):
    """A correct answer in float32 with np.digitize and np.linalg.lstsq."""
    x, y = np.asarray(x, np.float32), np.asarray(y, np.float32)
    edges = np.linspace(x.min(), x.max(), n_bins + 1, dtype=np.float32)
    which = np.clip(np.digitize(x, edges) - 1, 0, n_bins - 1)
    lines = [np.linalg.lstsq(np.column_stack([x[which == b], np.ones((which == b).sum(), np.float32)]),
                             y[which == b], rcond=None)[0] for b in range(n_bins)]
    lines = np.array(lines, dtype=np.float32)

    def predict(x_new):
        x_new = np.asarray(x_new, np.float32)
        b = np.clip(np.digitize(x_new, edges) - 1, 0, n_bins - 1)
        return lines[b, 0] * x_new + lines[b, 1]
    return predict


def _log_log_gradient_descent(steps):
    """Least squares in log-log space by gradient descent: right only when it has converged."""
    def fit(n, loss):
        u, v = np.log(n), np.log(loss)
        u0 = u.mean()
        slope = intercept = 0.0
        for _ in range(steps):
            r = intercept + slope * (u - u0) - v
            intercept -= 0.5 * r.mean()
            slope -= 0.5 * (r * (u - u0)).mean() / (u - u0).var()
        return math.exp(intercept - slope * u0), -slope
    return fit


def _golden_allocation(low, high, iterations):
    """Minimises the loss over log N by golden-section search in [low, high]: right only if the optimum
    lies inside the bracket and the search has converged."""
    def allocation(C, A, B, a, b):
        def loss(log_n):
            n = math.exp(log_n)
            return A / n**a + B / (C / (6 * n)) ** b
        lo, hi = math.log(low), math.log(high)
        g = (math.sqrt(5) - 1) / 2
        for _ in range(iterations):
            m1, m2 = hi - g * (hi - lo), lo + g * (hi - lo)
            if loss(m1) < loss(m2):
                hi = m2
            else:
                lo = m1
        n = math.exp((lo + hi) / 2)
        return n, C / (6 * n)
    return allocation


def _whole_steps_allocation(C, A, B, a, b):
    """Floor division by 6: harmless for huge budgets, wrong for small ones."""
    n_params = (a * A / (b * B)) ** (1 / (a + b)) * (C // 6) ** (b / (a + b))
    return n_params, C // 6 / n_params


def _doubling_numpy(factor, years):
    """A correct vectorised answer: numpy's division by zero gives inf for a factor of 1."""
    with np.errstate(divide="ignore"):
        return 12 * np.float64(years) / np.log2(np.float64(factor))


def _doubling_other_formula(factor, years):
    """A correct answer with natural logs and an explicit no-growth case."""
    return math.inf if factor == 1 else 12 * years * math.log(2) / math.log(factor)


def _survival_log1p(p, n):
    """A correct answer through logs: numpy's log1p(-1) is -inf, and exp(-inf) is 0."""
    with np.errstate(divide="ignore"):
        return float(np.exp(n * np.log1p(-p)))


def _survival_loop(p, n):
    alive = 1.0
    for _ in range(n):
        alive *= 1 - p
    return alive



def _bin_of_the_nearest_training_point(x, y, n_bins):  # a query's bin read off its nearest sample (a trial learner's)
    x, y = np.asarray(x, float), np.asarray(y, float)
    edges = np.linspace(x.min(), x.max(), n_bins + 1)
    bins = np.clip(np.searchsorted(edges, x, "right") - 1, 0, n_bins - 1)
    lines = [np.polyfit(x[bins == k], y[bins == k], 1) if np.sum(bins == k) > 1 else np.array([0.0, y[bins == k].mean()])
             for k in range(n_bins)]

    def predict(queries):
        queries = np.atleast_1d(np.asarray(queries, float))
        nearest = bins[np.abs(x[None, :] - queries[:, None]).argmin(axis=1)]
        return np.array([np.polyval(lines[k], q) for k, q in zip(nearest, queries)])
    return predict

WRONG = {
    "piecewise_linear_fit": [_global_line, _bin_means, _one_bin_too_many, _nan_predictor,
                             _quantile_edges, _edges_from_zero, _edges_rebuilt_from_query,
                             lambda x, y, n_bins: None, lambda x, y, n_bins: [1, 2],
                             _assumes_sorted_x, _sorts_x_in_place, _sorts_the_queries, _drops_the_largest_x,
                             _bin_of_the_nearest_training_point],
    "fit_power_law": [
        lambda n, loss: tuple(np.polyfit(n, loss, 1)[::-1]),                          # linear space
        lambda n, loss: (math.exp(np.polyfit(np.log(n), np.log(loss), 1)[1]),
                         np.polyfit(np.log(n), np.log(loss), 1)[0]),                  # sign of alpha
        lambda n, loss: (np.polyfit(np.log(n), np.log(loss), 1)[1],
                         -np.polyfit(np.log(n), np.log(loss), 1)[0]),                 # log coefficient
        lambda n, loss: (-np.log(loss[-1] / loss[0]) / np.log(n[-1] / n[0]), loss[0]),  # swapped, endpoints
        lambda n, loss: None,
        lambda n, loss: (float("nan"), 1.0),
        lambda n, loss: (math.exp(np.polyfit(np.log(n), np.log(loss), 1)[1]),
                         abs(np.polyfit(np.log(n), np.log(loss), 1)[0])),            # abs(): a rising loss too
        lambda n, loss: (n.sort(), SOLUTION["fit_power_law"](n, loss))[1],            # sorts n, not loss
        _log_log_gradient_descent(8),                                                 # not converged
        lambda n, loss: (math.exp(np.polyfit(np.log10(n), np.log(loss), 1)[1]),
                         -np.polyfit(np.log10(n), np.log(loss), 1)[0]),               # log10 n, ln loss
        lambda n, loss: np.array([1.0]),                                              # not a pair
    ],
    "compute_optimal_allocation": [
        lambda C, A, B, a, b: (math.sqrt(C), math.sqrt(C)),                           # forgot the 6
        lambda C, A, B, a, b: SOLUTION["compute_optimal_allocation"](C, A, B, a, b)[::-1],  # swapped
        lambda C, A, B, a, b: SOLUTION["compute_optimal_allocation"](C, A, B, b, a),   # alpha <-> beta
        lambda C, A, B, a, b: (math.sqrt(C / 6), math.sqrt(C / 6)),                   # always symmetric
        _inverted_ratio,                                                              # B A / (alpha A) upside down
        lambda C, A, B, a, b: "1e9",
        lambda C, A, B, a, b: (lambda n: (n, C / (6 * n)))(
            (a * A / (b * B)) ** (1 / (a + b)) * (C / 6) ** (a / (a + b))),          # exponent alpha, not beta
        _golden_allocation(1e6, 1e14, 200),                                          # bracket of the cases only
        _golden_allocation(1e-3, 1e20, 25),                                          # search not converged
        _whole_steps_allocation,                                                     # C // 6
        lambda C, A, B, a, b: np.array(1e9),                                         # a 0-d array, not a pair
        lambda C, A, B, a, b: np.array(["N", "D"]),                                  # labels, not numbers
    ],
    "implied_doubling_time_months": [
        lambda factor, years: years / math.log2(factor),                              # years, not months
        lambda factor, years: 12 * years / math.log10(factor),                        # log10
        lambda factor, years: 12 * years / factor,                                    # linear growth
        lambda factor, years: None,
        lambda factor, years: 12 * years / math.log2(factor),                         # no growth: divides by 0
        lambda factor, years: 12 * years / (3.32 * math.log10(factor)) if factor != 1 else math.inf,  # 3.32
        lambda factor, years: 12 * years // math.log2(factor) if factor != 1 else math.inf,  # floor division
        lambda factor, years: abs(12 * years / math.log2(factor)) if factor != 1 else math.inf,  # abs: declines
        lambda factor, years: 12 * years / math.log2(factor) if factor != 1 else 0.0,  # 0 for no growth
        lambda factor, years: 12 * int(years) / math.log2(factor) if factor != 1 else math.inf,  # whole years
    ],
    "survival_probability": [
        lambda p, n: p**n,                                                            # death as survival
        lambda p, n: 1 - p * n,                                                       # linear
        lambda p, n: (1 - p) / n,
        lambda p, n: [0.5],
        lambda p, n: math.exp(n * math.log(1 - p)),                                   # log(0) at p = 1
        lambda p, n: (1 - p) ** n if p < 1 else 1.0,                                  # certain death survived
        lambda p, n: (1 - p) ** max(n, 1),                                            # zero periods
        lambda p, n: 1 - p**n,
    ],
}

# Right answers written other ways: each must pass.
CORRECT = {
    "piecewise_linear_fit": [_loops, _digitize_float32, lambda x, y, n: SOLUTION["piecewise_linear_fit"](
        np.asarray(x, np.float32), np.asarray(y, np.float32), n), _one_x_at_a_time, _edges_to_the_left],
    "fit_power_law": [
        lambda n, loss: (10 ** np.polyfit(np.log10(n), np.log10(loss), 1)[1],
                         -np.polyfit(np.log10(n), np.log10(loss), 1)[0]),             # base 10
        lambda n, loss: np.array(SOLUTION["fit_power_law"](n, loss)),                 # a 2-element array
        lambda n, loss: [float(v) for v in SOLUTION["fit_power_law"](n.astype(np.float32),
                                                                    loss.astype(np.float32))],
        _log_log_gradient_descent(3000),                                              # converged
        lambda n, loss: (lambda u, v: (math.exp(v.mean() - np.cov(u, v)[0, 1] / u.var(ddof=1) * u.mean()),
                                       -np.cov(u, v)[0, 1] / u.var(ddof=1)))(np.log(n), np.log(loss)),
    ],
    "compute_optimal_allocation": [
        _golden_allocation(1e-6, 1e30, 300),                                          # numeric, wide, converged
        lambda C, A, B, a, b: np.array(SOLUTION["compute_optimal_allocation"](C, A, B, a, b)),
        lambda C, A, B, a, b: (lambda d: (C / (6 * d), d))(
            (b * B / (a * A)) ** (1 / (a + b)) * (C / 6) ** (a / (a + b))),           # D first
        lambda C, A, B, a, b: tuple(np.float32(v) for v in SOLUTION["compute_optimal_allocation"](
            np.float32(C), np.float32(A), np.float32(B), np.float32(a), np.float32(b))),
    ],
    "implied_doubling_time_months": [_doubling_numpy, _doubling_other_formula,
                                     lambda f, y: np.float32(_doubling_other_formula(f, y))],
    "survival_probability": [_survival_log1p, _survival_loop, lambda p, n: np.float32(1 - p) ** n,
                             lambda p, n: np.prod(np.full(n, 1 - p))],
}

# A second round, written as a learner would, after the checks were revised (all judged right at once).
def _through_origin_per_bin(x, y, n):
    x, y = np.asarray(x, float), np.asarray(y, float)
    e = np.linspace(x.min(), x.max(), n + 1)
    w = lambda v: np.clip(np.searchsorted(e, v, side="right") - 1, 0, n - 1)  # noqa: E731
    s = [np.sum(x[w(x) == b] * y[w(x) == b]) / np.sum(x[w(x) == b] ** 2) for b in range(n)]
    return lambda q: np.array(s)[w(np.asarray(q))] * np.asarray(q)


def _nan_outside_the_range(x, y, n):
    f = fitting.piecewise_linear_fit(x, y, n)
    lo, hi = np.min(x), np.max(x)
    return lambda q: np.where((np.asarray(q) < lo) | (np.asarray(q) > hi), np.nan, f(q))


def _floor_division_bins_lstsq(x, y, n):
    x, y = np.asarray(x, float), np.asarray(y, float)
    e = np.linspace(min(x), max(x), n + 1)
    width = (e[-1] - e[0]) / n
    b = np.minimum((x - e[0]) // width, n - 1).astype(int)
    lines = [np.linalg.lstsq(np.vstack([x[b == k], np.ones((b == k).sum())]).T, y[b == k], rcond=None)[0]
             for k in range(n)]

    def predict(q):
        q = np.asarray(q, float)
        k = np.clip(((q - e[0]) // width).astype(int), 0, n - 1)
        return [lines[i][0] * v + lines[i][1] for i, v in zip(k, q)]
    return predict


def _mean_of_pairwise_slopes(n, loss):
    o = np.argsort(n)
    u, v = np.log(n[o]), np.log(loss[o])
    s = np.mean(np.diff(v) / np.diff(u))
    return math.exp(np.mean(v - s * u)), -s


WRONG["piecewise_linear_fit"] += [_through_origin_per_bin, lambda x, y, n: fitting.piecewise_linear_fit(x, y, max(n - 1, 1)),
                                  _nan_outside_the_range, lambda x, y, n: fitting.piecewise_linear_fit(np.sort(x), y, n)]
WRONG["fit_power_law"] += [lambda n, loss: (lambda s, c: (math.exp(c), -s))(*np.polyfit(n, np.log(loss), 1)),
                           _mean_of_pairwise_slopes,
                           lambda n, loss: (lambda s, c: (-s, math.exp(c)))(*np.polyfit(np.log(n), np.log(loss), 1))]
WRONG["compute_optimal_allocation"] += [
    lambda C, A, B, a, b: (lambda N: (N, C / N))(((a * A / (b * B)) * (C / 6) ** b) ** (1 / (a + b))),
    lambda C, A, B, a, b: (math.sqrt(C / 120), 20 * math.sqrt(C / 120))]                # D = 20 N
WRONG["implied_doubling_time_months"] += [
    lambda f, y: 12 * y / math.log2(f + 1) if f != 1 else math.inf,
    lambda f, y: math.nan if f < 1 else math.inf if f == 1 else 12 * y / math.log2(f),
    lambda f, y: math.inf if f <= 1 else 12 * y / math.log2(f)]
WRONG["survival_probability"] += [lambda p, n: (1 - p) ** (n + 1)]
CORRECT["piecewise_linear_fit"] += [_floor_division_bins_lstsq]
CORRECT["fit_power_law"] += [lambda n, loss: (lambda c, s: (np.exp(c), -s))(*np.linalg.lstsq(
    np.column_stack([np.ones(len(n)), np.log(n)]), np.log(loss), rcond=None)[0])]
CORRECT["compute_optimal_allocation"] += [
    lambda C, A, B, a, b: (lambda N: (N, C / 6 / N))(((a * A / (b * B)) * (C / 6) ** b) ** (1 / (a + b)))]
CORRECT["implied_doubling_time_months"] += [
    lambda f, y: np.inf if f == 1 else np.float32(12 * y) * np.log(np.float32(2)) / np.log(np.float32(f))]
CORRECT["survival_probability"] += [lambda p, n: 1.0 if n == 0 else (1 - p) * _survival_loop(p, n - 1)]


(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, CORRECT)


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


def test_odd_answers_get_one_sentence():
    assert odd_answers_get_one_sentence(check, WRONG) == 12 * len(WRONG)


def test_an_endless_loop_gets_a_verdict(monkeypatch):
    from scaling_course import checks

    monkeypatch.setattr(checks, "TIMEOUT", 1)
    message = check.survival_probability(lambda p, n: _forever()).message
    assert message == "your function has run 1 s on (0.5, 10): does it loop forever?"
    message = check.piecewise_linear_fit(lambda x, y, n_bins: lambda x_new: _forever()).message
    assert "the function that your function returned has run 1 s" in message


def _forever():
    while True:
        pass
