"""Checks for the Chapter 1 "Scaling" exercises."""
import math

import numpy as np

from .. import fitting
from . import (Wrong, as_array, as_number, as_pair, close, expect_infinite, expect_numbers, run_check,
               shown_apart)


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
            # The text does not say the predictor takes an array: one that takes one x at a time is asked
            # point by point. The Caller words a predictor's own error.
            try:
                y_new = fit(x_new)
            except Wrong as on_array:
                try:
                    y_new = [as_number(fit(float(v)), "a prediction") for v in x_new]
                except Wrong:
                    raise on_array from None
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
        # Uneven x on an offset range with a lopsided target, in shuffled order (data need not come sorted),
        # asked about points it was not fitted on, out of order.
        order = np.random.default_rng(11).permutation(40)
        uneven = (3 + 10 * np.linspace(0, 1, 40) ** 2)[order]  # crowded near 3, sparse near 13
        curve = np.exp(uneven / 4)
        # 9.55 and 9.6 lie just left of the edge at 9.67, but their nearest training point (9.73) is right of it:
        # a predictor that takes a query's bin from its nearest training point puts them in the wrong bin
        queries = np.array([9.9, 2.0, 12.2, 3.7, 14.0, 6.1, 8.4, 9.6, 9.55])
        expected = fitting.piecewise_linear_fit(uneven, curve, 3)(queries)  # before the learner's function runs
        got = predictions(predictor(uneven, curve, 3), queries, "predictions")
        if not close(got, expected, rel=1e-6, abs_tol=1e-6):
            for mistake, why in _piecewise_mistakes(uneven, curve, 3, queries):
                if mistake is not None and close(got, mistake, rel=1e-6, abs_tol=1e-6):
                    raise Wrong(f"for uneven x from 3 to 13, {why}.")
            if close(np.sort(got), np.sort(expected), rel=1e-6, abs_tol=1e-6):
                raise Wrong("your predictions are right but in another order: return them in the order of the "
                            "new x you are given (the queries here are not sorted).")
            worst = int(np.argmax(np.abs(got - expected)))
            raise Wrong(f"for uneven x from 3 to 13 (given in shuffled order) with y = exp(x/4) and 3 bins, the "
                        f"prediction at x = {queries[worst]} should be {expected[worst]:.4f}, but you got "
                        f"{got[worst]:.4f}.")
        return ("correct on a line, one bin, a V with 2 bins, extrapolation, and uneven shuffled x on an offset "
                "range predicted between and beyond the samples.")

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
        if not close(alpha, 1.0):
            raise Wrong(f"loss = 2, 0.2, 0.02, 0.002 at n = 1, 10, 100, 1000 falls tenfold per tenfold n, "
                        f"so alpha = 1, but you got {alpha:.4g}.")
        if close(coefficient, math.log(2), rel=1e-4):
            raise Wrong("the coefficient came out as log(2): undo the log with exp() before returning it.")
        if not close(coefficient, 2.0):
            raise Wrong(f"for loss = 2 * n**-1 the coefficient is 2, but you got {coefficient:.4g}.")
        coefficient, alpha = fitted([1, 4, 16], [1, 0.5, 0.25])
        if not (close(alpha, 0.5) and close(coefficient, 1.0)):
            raise Wrong(f"loss = 1, 0.5, 0.25 at n = 1, 4, 16 is n**-0.5, but you got "
                        f"coefficient {coefficient:.4g} and alpha {alpha:.4g}.")
        coefficient, alpha = fitted([2, 8, 32, 128], [0.5 * 2**0.25, 0.5 * 8**0.25, 0.5 * 32**0.25, 0.5 * 128**0.25])
        if close(alpha, 0.25, rel=1e-4):
            raise Wrong("for a loss that rises as n**0.25 you return alpha = +0.25: alpha is minus the slope, "
                        "sign included, so it is -0.25 here (do not take an absolute value).")
        if not (close(alpha, -0.25) and close(coefficient, 0.5)):
            raise Wrong(f"loss = 0.5 * n**0.25 rises with n, so the coefficient is 0.5 and alpha = -0.25, but you "
                        f"got coefficient {coefficient:.4g} and alpha {alpha:.4g}.")
        # Noisy data in shuffled order: only the least-squares line through every point in log-log space fits.
        n = np.array([300, 10, 3000, 100, 30, 1000])
        wobble = np.array([0.99, 1.05, 0.96, 1.02, 0.97, 1.03])  # multiplicative noise, fixed
        loss = 3.0 * n**-0.3 * wobble
        slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
        coefficient, alpha = fitted(n, loss)
        if not (close(alpha, -slope, rel=1e-5) and close(coefficient, math.exp(intercept), rel=1e-5)):
            ends = np.argsort(n)[[0, -1]]
            end_alpha = -math.log(loss[ends[1]] / loss[ends[0]]) / math.log(n[ends[1]] / n[ends[0]])
            unpaired_alpha = -np.polyfit(np.log(np.sort(n)), np.log(loss), 1)[0]
            hint = (": you used only the two end points; fit a line through all of them by least squares"
                    if close(alpha, end_alpha, rel=1e-4) else
                    ": you sorted n but not loss, so the pairs came apart (the data are not sorted)"
                    if close(alpha, unpaired_alpha, rel=1e-4) else
                    ": fit log(loss) against log(n) by least squares, every point counted once")
            raise Wrong(f"on noisy data the least-squares line in log-log space gives alpha = {-slope:.6f} and "
                        f"coefficient {math.exp(intercept):.6f}, but you got {alpha:.6f} and {coefficient:.6f}"
                        f"{hint}.")
        return ("recovers alpha = 1, 0.5 and -0.25 (a rising loss) exactly and the log-log least-squares fit on "
                "noisy, shuffled data.")

    return run_check("fit_power_law", learner_fn, cases)


def _optimum(compute, A, B, alpha, beta):
    """The loss-minimising (N, D) with 6 N D = compute."""
    n_params = (alpha * A / (beta * B)) ** (1 / (alpha + beta)) * (compute / 6) ** (beta / (alpha + beta))
    return n_params, compute / (6 * n_params)


def _optimum_exponent_swapped(compute, A, B, alpha, beta):
    return (alpha * A / (beta * B)) ** (1 / (alpha + beta)) * (compute / 6) ** (alpha / (alpha + beta))


def compute_optimal_allocation(learner_fn):
    """learner_fn(compute_flops, A, B, alpha, beta) must return the loss-minimising (n_params, n_tokens)."""

    def cases(call):
        def allocation(compute, A, B, alpha, beta):
            n_params, n_tokens = as_pair(call(compute, A, B, alpha, beta), "the result")
            if n_params <= 0 or n_tokens <= 0:
                raise Wrong(f"parameters and tokens must be positive, got {n_params:.3g} and {n_tokens:.3g}.")
            if not close(6 * n_params * n_tokens, compute):
                shown_expected, shown_got = shown_apart(compute, 6 * n_params * n_tokens, least=3)
                raise Wrong(f"the allocation must spend the whole budget, C = 6 N D, but 6 N D = "
                            f"{shown_got} for C = {shown_expected}.")
            return n_params, n_tokens

        n_params, n_tokens = allocation(6e18, 1.0, 1.0, 0.5, 0.5)
        if not close([n_params, n_tokens], [1e9, 1e9]):
            raise Wrong(f"with A = B and alpha = beta the optimum is symmetric, N = D = sqrt(C/6) = 1e9 for "
                        f"C = 6e18, but you got N = {n_params:.6g}, D = {n_tokens:.6g}.")
        n_params, n_tokens = allocation(6e20, 1.0, 4.0, 0.5, 0.5)
        if close([n_params, n_tokens], [4e10, 2.5e9], rel=1e-4):
            # Two mistakes give this reversed answer; a case with alpha != beta tells them apart.
            budget, A, B, alpha, beta = 6e20, 1.0, 4.0, 0.3, 0.4
            right_n = (alpha * A / (beta * B)) ** (1 / (alpha + beta)) * (budget / 6) ** (beta / (alpha + beta))
            got = as_pair(call(budget, A, B, alpha, beta), "the result")
            if close(got, [budget / (6 * right_n), right_n], rel=1e-4):
                raise Wrong("parameters and tokens are swapped: return (n_params, n_tokens).")
            raise Wrong("with B = 4A you give parameters the larger share, but the data term is the costlier one "
                        "and should get it: the ratio is alpha*A / (beta*B), not its inverse.")
        if not close([n_params, n_tokens], [2.5e9, 4e10]):
            raise Wrong(f"with B = 4A the data term is costlier, so the optimum is N = 2.5e9, D = 4e10 for "
                        f"C = 6e20, but you got N = {n_params:.6g}, D = {n_tokens:.6g}.")
        for args, what in (((5.88e23, 482.01, 2085.43, 0.3478, 0.3658), "the Epoch AI fit at Chinchilla's compute"),
                           ((1e3, 1.0, 1.0, 0.5, 0.5), "a budget of only 1,000 FLOPs"),
                           ((1e32, 1.0, 1.0, 0.3, 0.6), "a budget of 1e32 FLOPs with alpha = 0.3, beta = 0.6"),
                           ((6e6, 2.0, 0.5, 0.6, 0.3), "a budget of 6e6 FLOPs with alpha = 0.6, beta = 0.3")):
            expected = _optimum(*args)
            got = allocation(*args)
            if close(got, expected):
                continue
            compute, A, B, alpha, beta = args
            if close(got, _optimum(compute, B, A, beta, alpha), rel=1e-6):
                hint = ": alpha and beta (or A and B) are swapped; alpha goes with A and N, beta with B and D"
            elif close(got[0], _optimum_exponent_swapped(*args), rel=1e-6):
                hint = ": N grows as C**(beta / (alpha + beta)), not C**(alpha / (alpha + beta))"
            else:
                hint = ""
            raise Wrong(f"with {what} the optimum is N = {expected[0]:.6g}, D = {expected[1]:.6g}, but you got "
                        f"N = {got[0]:.6g}, D = {got[1]:.6g}{hint}.")
        return "symmetric case, the B = 4A case, Chinchilla's budget, and budgets from 1e3 to 1e32 FLOPs all match."

    return run_check("compute_optimal_allocation", learner_fn, cases)


def implied_doubling_time_months(learner_fn):
    """learner_fn(factor, years) must return the doubling time in months of growth by factor in years."""

    def cases(call):
        got = as_number(call(1024, 5), "the result")
        if close(got, 0.5, rel=1e-3):
            raise Wrong("you returned 0.5, which is in years: the question asks for months.")
        if not close(got, 6.0):
            raise Wrong(f"1,024 times in 5 years is 10 doublings in 60 months, so 6 months, but you got {got:.4g}.")
        got = as_number(call(2, 1), "the result")
        if not close(got, 12.0):
            raise Wrong(f"doubling once in one year is a doubling time of 12 months, but you got {got:.4g}.")
        expect_numbers(call, "implied_doubling_time_months", (
            ((1e10, 14), 14 * 12 / math.log2(1e10), "10 billion times is log2(1e10) = 33.2 doublings in 168 months"),
            ((8, 0.75), 3.0, "3 doublings in 9 months"),
            ((1000, 2.5), 30 / math.log2(1000), "log2(1000) = 9.97 doublings in 30 months"),
            ((0.25, 2), -12.0, "a quantity that shrinks to a quarter in 2 years halves every 12 months, so its "
                               "doubling time is negative")))
        expect_infinite(call(1, 3), "a factor of exactly 1 is no growth, so the quantity never doubles")
        return "1,024x in 5 years is 6 months; 1e10 in 14 years is 5.06 months; a decline is negative, no growth inf."

    return run_check("implied_doubling_time_months", learner_fn, cases)


def survival_probability(learner_fn):
    """learner_fn(p_death_per_period, n_periods) must return the chance of surviving every period."""

    def cases(call):
        got = as_number(call(0.5, 10), "the result")
        if not close(got, 1 / 1024):
            raise Wrong(f"a 50% chance of dying in each of 10 periods leaves 0.5**10 = 1/1,024, "
                        f"but you got {got:.4g}.")
        got = as_number(call(0.1, 2), "the result")
        if close(got, 0.01, rel=1e-6):
            raise Wrong("0.1 is the chance of dying: surviving a period has probability 1 - 0.1 = 0.9.")
        if not close(got, 0.81):
            raise Wrong(f"surviving two periods at 90% each is 0.9 * 0.9 = 0.81, but you got {got:.4g}.")
        expect_numbers(call, "survival_probability", (
            ((0.0, 100), 1.0, "with no risk of dying, survival is certain"),
            ((1.0, 3), 0.0, "with certain death in each period nobody survives"),
            ((0.3, 0), 1.0, "zero periods are survived for sure"),
            ((0.25, 3), 0.75**3, "three periods survived with probability 0.75 each")))
        return "0.5 over 10 periods gives 1/1,024, as in Shulman's argument; certain death and no risk at the edges."

    return run_check("survival_probability", learner_fn, cases)
