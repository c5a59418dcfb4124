"""Checks for the Chapter 1 "Scaling" exercises."""
import math

import numpy as np

from .. import fitting
from . import Wrong, as_array, as_number, as_pair, close, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {
    "piecewise_linear_fit": 3,
    "fit_power_law": 2,
    "compute_optimal_allocation": 3,
    "implied_doubling_time_months": 1,
    "survival_probability": 1,
}


def _lines_on_edges(x, y, edges, lookup_edges=None):
    """Predictor with a least-squares line per bin between edges; new x finds its bin among
    lookup_edges (default: the same edges). For naming learners' mistakes."""
    n_bins = len(edges) - 1
    lookup_edges = edges if lookup_edges is None else lookup_edges

    def which(values, among):
        return np.clip(np.searchsorted(among, values, side="right") - 1, 0, n_bins - 1)

    lines = np.array([np.polyfit(x[which(x, edges) == b], y[which(x, edges) == b], 1) for b in range(n_bins)])
    return lambda x_new: lines[which(x_new, lookup_edges), 0] * x_new + lines[which(x_new, lookup_edges), 1]


def _piecewise_mistakes(x, y, n_bins, x_new):
    """Predictions at x_new of the piecewise fits learners write by mistake, with what went wrong."""
    equal_width = np.linspace(x.min(), x.max(), n_bins + 1)
    rebuilt = np.linspace(x_new.min(), x_new.max(), n_bins + 1)
    return [
        (_lines_on_edges(x, y, np.quantile(x, np.linspace(0, 1, n_bins + 1)))(x_new),
         "your bins hold equal numbers of points: make them equal in width, from min(x) to max(x)"),
        (_lines_on_edges(x, y, np.linspace(0, x.max(), n_bins + 1))(x_new),
         "your bins start at 0: the range to split runs from min(x) to max(x)"),
        (_lines_on_edges(x, y, rebuilt)(x_new),
         "your predictor places the bins by the new x it is given: keep the edges found from the training x"),
        (_lines_on_edges(x, y, equal_width, rebuilt)(x_new),
         "your predictor places the bins by the new x it is given: keep the edges found from the training x"),
        (_lines_on_edges(x, y, equal_width)(np.clip(x_new, x.min(), x.max())),
         "outside the data's range you return the value at the end: extend the end bin's line instead"),
    ]


def piecewise_linear_fit(learner_fn):
    """learner_fn(x, y, n_bins) must return a predictor: a least-squares line in each equal-width bin."""

    def cases(call):
        def predictor(x, y, n_bins):
            fit = call(x, y, n_bins)
            if fit is None:
                raise Wrong("your function returned None: it should return the predicting function.")
            if not callable(fit):
                raise Wrong(f"your function should return a function that predicts y at new x, "
                            f"got {type(fit).__name__}.")
            return fit

        def predictions(fit, x_new, what):
            try:
                y_new = fit(x_new)
            except Exception as error:
                raise Wrong(f"the returned predictor raised {type(error).__name__} on new x.") from None
            return as_array(y_new, np.shape(x_new), what)

        x = np.linspace(0, 10, 21)
        line = predictor(x, 2 * x + 1, 5)
        if not close(predictions(line, np.array([0.25, 3.3, 9.9]), "predictions"), [1.5, 7.6, 20.8]):
            raise Wrong("data on the line y = 2x + 1 should be predicted exactly, between the samples too.")
        four = np.array([0.0, 1.0, 2.0, 3.0])
        single = predictions(predictor(four, np.array([0.0, 2.0, 0.0, 2.0]), 1), four, "predictions")
        if not close(single, [0.4, 0.8, 1.2, 1.6]):
            raise Wrong("with one bin, x = 0,1,2,3 and y = 0,2,0,2 the least-squares line is y = 0.4x + 0.4, "
                        f"which predicts 0.4, 0.8, 1.2, 1.6, but you predicted {np.round(single, 3).tolist()}.")
        vee = predictor(x, np.abs(x - 5), 2)
        if not close(predictions(vee, x, "predictions"), np.abs(x - 5)):
            raise Wrong("y = |x - 5| on [0, 10] with 2 bins of width 5 should be fitted exactly by two lines.")
        if not close(predictions(vee, np.array([-2.0, 12.0]), "predictions"), [7.0, 7.0]):
            raise Wrong("outside the data's range, predict with the line of the nearest end bin "
                        "(|x - 5| at x = -2 and x = 12 is 7).")
        # Uneven x on an offset range with a lopsided target, asked about points it was not fitted on.
        uneven = 3 + 10 * np.linspace(0, 1, 40) ** 2           # crowded near 3, sparse near 13
        curve = np.exp(uneven / 4)
        queries = np.array([2.0, 3.7, 6.1, 8.4, 9.9, 12.2, 14.0])
        expected = fitting.piecewise_linear_fit(uneven, curve, 3)(queries)
        got = predictions(predictor(uneven, curve, 3), queries, "predictions")
        if not close(got, expected, rel=1e-6, abs_tol=1e-6):
            for mistake, why in _piecewise_mistakes(uneven, curve, 3, queries):
                if mistake is not None and close(got, mistake, rel=1e-6, abs_tol=1e-6):
                    raise Wrong(f"for uneven x from 3 to 13, {why}.")
            worst = int(np.argmax(np.abs(got - expected)))
            raise Wrong(f"for uneven x from 3 to 13 with y = exp(x/4) and 3 bins, the prediction at "
                        f"x = {queries[worst]} should be {expected[worst]:.4f}, but you got {got[worst]:.4f}.")
        return ("correct on a line, one bin, a V with 2 bins, extrapolation, and uneven x on an offset range "
                "predicted between and beyond the samples.")

    return run_check("piecewise_linear_fit", learner_fn, cases)


def fit_power_law(learner_fn):
    """learner_fn(n, loss) must return (coefficient, alpha) with loss ~ coefficient * n ** -alpha."""

    def cases(call):
        def fitted(n, loss):
            coefficient, alpha = as_pair(call(np.asarray(n, float), np.asarray(loss, float)), "the result")
            return coefficient, alpha

        coefficient, alpha = fitted([1, 10, 100, 1000], [2, 0.2, 0.02, 0.002])
        if close(alpha, -1.0):
            raise Wrong("alpha came out as -1 instead of 1: loss falls as n grows, so alpha is minus the slope.")
        if not close(alpha, 1.0, rel=1e-4):
            raise Wrong(f"loss = 2, 0.2, 0.02, 0.002 at n = 1, 10, 100, 1000 falls tenfold per tenfold n, "
                        f"so alpha = 1, but you got {alpha:.4g}.")
        if close(coefficient, math.log(2), rel=1e-4):
            raise Wrong("the coefficient came out as log(2): undo the log with exp() before returning it.")
        if not close(coefficient, 2.0, rel=1e-4):
            raise Wrong(f"for loss = 2 * n**-1 the coefficient is 2, but you got {coefficient:.4g}.")
        coefficient, alpha = fitted([1, 4, 16], [1, 0.5, 0.25])
        if not (close(alpha, 0.5, rel=1e-4) and close(coefficient, 1.0, rel=1e-4)):
            raise Wrong(f"loss = 1, 0.5, 0.25 at n = 1, 4, 16 is n**-0.5, but you got "
                        f"coefficient {coefficient:.4g} and alpha {alpha:.4g}.")
        n = np.array([10, 30, 100, 300, 1000, 3000])
        wobble = np.array([1.05, 0.97, 1.02, 0.99, 1.03, 0.96])  # multiplicative noise, fixed
        loss = 3.0 * n**-0.3 * wobble
        slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
        coefficient, alpha = fitted(n, loss)
        if not (close(alpha, -slope, rel=1e-3) and close(coefficient, math.exp(intercept), rel=1e-3)):
            raise Wrong(f"on noisy data the least-squares line in log-log space gives alpha = {-slope:.4f}, "
                        f"but you got {alpha:.4f}: fit log(loss) against log(n), not loss against n.")
        return "recovers alpha = 1 and 0.5 exactly and the log-log least-squares fit on noisy data."

    return run_check("fit_power_law", learner_fn, cases)


def compute_optimal_allocation(learner_fn):
    """learner_fn(compute_flops, A, B, alpha, beta) must return the loss-minimising (n_params, n_tokens)."""

    def cases(call):
        def allocation(compute, A, B, alpha, beta):
            n_params, n_tokens = as_pair(call(compute, A, B, alpha, beta), "the result")
            if n_params <= 0 or n_tokens <= 0:
                raise Wrong(f"parameters and tokens must be positive, got {n_params:.3g} and {n_tokens:.3g}.")
            if not close(6 * n_params * n_tokens, compute, rel=1e-6):
                raise Wrong(f"the allocation must spend the whole budget, C = 6 N D, but 6 N D = "
                            f"{6 * n_params * n_tokens:.3g} for C = {compute:.3g}.")
            return n_params, n_tokens

        n_params, n_tokens = allocation(6e18, 1.0, 1.0, 0.5, 0.5)
        if not close([n_params, n_tokens], [1e9, 1e9], rel=1e-4):
            raise Wrong(f"with A = B and alpha = beta the optimum is symmetric, N = D = sqrt(C/6) = 1e9 for "
                        f"C = 6e18, but you got N = {n_params:.3g}, D = {n_tokens:.3g}.")
        n_params, n_tokens = allocation(6e20, 1.0, 4.0, 0.5, 0.5)
        if close([n_params, n_tokens], [4e10, 2.5e9], rel=1e-4):
            # Two mistakes give this reversed answer; a case with alpha != beta tells them apart.
            budget, A, B, alpha, beta = 6e20, 1.0, 4.0, 0.3, 0.4
            right_n = (alpha * A / (beta * B)) ** (1 / (alpha + beta)) * (budget / 6) ** (beta / (alpha + beta))
            got = call(budget, A, B, alpha, beta)
            if close(np.asarray(got, dtype=float), [budget / (6 * right_n), right_n], rel=1e-4):
                raise Wrong("parameters and tokens are swapped: return (n_params, n_tokens).")
            raise Wrong("with B = 4A you give parameters the larger share, but the data term is the costlier one "
                        "and should get it: the ratio is alpha*A / (beta*B), not its inverse.")
        if not close([n_params, n_tokens], [2.5e9, 4e10], rel=1e-4):
            raise Wrong(f"with B = 4A the data term is costlier, so the optimum is N = 2.5e9, D = 4e10 for "
                        f"C = 6e20, but you got N = {n_params:.3g}, D = {n_tokens:.3g}.")
        n_params, n_tokens = allocation(5.88e23, 482.01, 2085.43, 0.3478, 0.3658)
        if not close([n_params, n_tokens], [7.3016e10, 1.3422e12], rel=1e-3):
            raise Wrong(f"with the Epoch AI fit at Chinchilla's compute the optimum is about 73B parameters "
                        f"and 1.34T tokens, but you got {n_params:.3g} and {n_tokens:.3g}: "
                        f"is alpha paired with A and beta with B?")
        return "symmetric case, the B = 4A case and Chinchilla's budget all match."

    return run_check("compute_optimal_allocation", learner_fn, cases)


def implied_doubling_time_months(learner_fn):
    """learner_fn(factor, years) must return the doubling time in months of growth by factor in years."""

    def cases(call):
        got = as_number(call(1024, 5), "the result")
        if close(got, 0.5, rel=1e-3):
            raise Wrong("you returned 0.5, which is in years: the question asks for months.")
        if not close(got, 6.0, rel=1e-4):
            raise Wrong(f"1,024 times in 5 years is 10 doublings in 60 months, so 6 months, but you got {got:.4g}.")
        got = as_number(call(2, 1), "the result")
        if not close(got, 12.0, rel=1e-4):
            raise Wrong(f"doubling once in one year is a doubling time of 12 months, but you got {got:.4g}.")
        got = as_number(call(1e10, 14), "the result")
        expected = 14 * 12 / math.log2(1e10)
        if not close(got, expected, rel=1e-3):
            raise Wrong(f"10 billion times in 14 years is log2(1e10) = 33.2 doublings, so about "
                        f"{expected:.2f} months each, but you got {got:.4g}.")
        return "1,024x in 5 years is 6 months; 1e10 in 14 years is 5.06 months."

    return run_check("implied_doubling_time_months", learner_fn, cases)


def survival_probability(learner_fn):
    """learner_fn(p_death_per_period, n_periods) must return the chance of surviving every period."""

    def cases(call):
        got = as_number(call(0.5, 10), "the result")
        if not close(got, 1 / 1024, rel=1e-6):
            raise Wrong(f"a 50% chance of dying in each of 10 periods leaves 0.5**10 = 1/1,024, "
                        f"but you got {got:.4g}.")
        got = as_number(call(0.1, 2), "the result")
        if close(got, 0.01, rel=1e-6):
            raise Wrong("0.1 is the chance of dying: surviving a period has probability 1 - 0.1 = 0.9.")
        if not close(got, 0.81, rel=1e-6):
            raise Wrong(f"surviving two periods at 90% each is 0.9 * 0.9 = 0.81, but you got {got:.4g}.")
        got = as_number(call(0.0, 100), "the result")
        if not close(got, 1.0):
            raise Wrong(f"with no risk of dying, survival is certain (1.0), but you got {got:.4g}.")
        return "0.5 over 10 periods gives 1/1,024, as in Shulman's argument."

    return run_check("survival_probability", learner_fn, cases)
