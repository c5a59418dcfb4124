"""Checks for the Chapter 4 "Safety" exercises."""
import functools
import math

import numpy as np

from .. import goodhart
from . import Wrong, as_array, as_number, as_pair, close, run_check, shown_apart


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"best_of_n_kl": 1, "expected_max_normal": 2, "fit_bon_form": 2, "bon_peak_n": 2, "bellman_backup": 2}


def best_of_n_kl(learner_fn):
    """learner_fn(n): the KL divergence (nats) of best-of-n from the original distribution."""

    def cases(call):
        for n, why in ((1, "picking 1 of 1 changes nothing, so the divergence is 0"),
                       (2, "log 2 - 1/2"), (10, "log 10 - 9/10"), (1000, "log 1000 - 999/1000")):
            expected = float(goodhart.best_of_n_kl(n))
            got = as_number(call(n), "the result")
            if close(got, expected, rel=1e-9):
                continue
            if close(got, math.log(n)):
                raise Wrong(f"for n = {n} you returned log n = {got:.4f}, which is only the upper bound: "
                            f"subtract (n - 1)/n.")
            if close(got, math.log2(n) - (n - 1) / n) or close(got, math.log10(n) - (n - 1) / n):
                raise Wrong("use the natural logarithm (np.log): KL is measured in nats.")
            if close(got, -expected):
                raise Wrong("the sign is flipped: it is log n minus (n - 1)/n, and a KL divergence is never negative.")
            shown_expected, shown_got = shown_apart(expected, got)
            raise Wrong(f"best_of_n_kl({n}) should be {shown_expected} ({why}), but you got {shown_got}.")
        return "0 for n = 1, log 2 - 1/2 = 0.1931 for n = 2, and 1.4026 for n = 10."

    return run_check("best_of_n_kl", learner_fn, cases)


@functools.lru_cache(maxsize=8)
def _expected_max_normal(n):
    """E[max of n standard normals], by quadrature of n x phi(x) Phi(x)^(n-1) on a fine grid."""
    x = np.linspace(-10, 10, 40_001)
    phi = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * np.frompyfunc(math.erfc, 1, 1)(-x / math.sqrt(2)).astype(float)
    return float(np.trapezoid(n * x * phi * cdf ** (n - 1), x))


def expected_max_normal(learner_fn):
    """learner_fn(n): the expected maximum of n independent standard normal draws, to 3 decimals."""

    def cases(call):
        for n, expected, why in ((1, 0.0, "one draw averages 0"),
                                 (2, 1 / math.sqrt(math.pi), "for two draws it is 1/sqrt(pi), about 0.5642"),
                                 (3, 1.5 / math.sqrt(math.pi), "for three it is 3/(2 sqrt(pi)), about 0.8463"),
                                 (10, _expected_max_normal(10), "about 1.5388"),
                                 (100, _expected_max_normal(100), "about 2.5076")):
            got = as_number(call(n), "the result")
            if abs(got - expected) <= 2e-3:
                continue
            if n > 1 and close(got, math.sqrt(2 * math.log(n))):
                raise Wrong(f"sqrt(2 log n) = {got:.4f} is only the large-n approximation; for n = {n} the "
                            f"expected maximum is {expected:.4f}: integrate n x φ(x) Φ(x)^(n-1).")
            raise Wrong(f"the expected maximum of {n} standard normals should be {expected:.4f} ({why}), "
                        f"but you got {got:.4f}.")
        return "0 for n = 1, 1/sqrt(pi) for n = 2, 3/(2 sqrt(pi)) for n = 3, and n = 10 and 100 to 3 decimals."

    return run_check("expected_max_normal", learner_fn, cases)


def fit_bon_form(learner_fn):
    """learner_fn(d, reward) -> (alpha, beta): least squares of reward = d (alpha - beta d), no intercept."""

    def cases(call):
        d = np.linspace(0.1, 2.6, 14)
        exact = d * (1.2 - 0.4 * d)
        alpha, beta = as_pair(call(d.copy(), exact.copy()), "the result")
        if close([alpha, beta], [1.2, -0.4], rel=1e-6):
            raise Wrong("beta came out as -0.4: the form is d (alpha - beta d), so beta multiplies -d².")
        if not close([alpha, beta], [1.2, 0.4], rel=1e-6):
            raise Wrong(f"on reward = d (1.2 - 0.4 d) exactly, the fit should give alpha = 1.2, beta = 0.4, "
                        f"but you got {alpha:.4g} and {beta:.4g}.")
        wobble = np.array([0.05, -0.03, 0.08, -0.06, 0.02, 0.07, -0.04, -0.08, 0.03, 0.06, -0.05, 0.01, 0.04, -0.02])
        noisy = exact + wobble
        expected = goodhart.fit_bon_form(d, noisy)
        alpha, beta = as_pair(call(d.copy(), noisy.copy()), "the result")
        if not close([alpha, beta], expected, rel=1e-6):
            with_intercept = np.polyfit(d, noisy, 2)
            hint = (": your fit has an intercept, but R(0) = 0 by definition, so fit on the columns d and -d² only"
                    if close(beta, -with_intercept[0], rel=1e-6) else
                    ": fit reward itself by least squares; dividing by d first weights the points differently")
            raise Wrong(f"on noisy data the least-squares fit gives alpha = {expected[0]:.4f}, beta = {expected[1]:.4f}, "
                        f"but you got {alpha:.4f} and {beta:.4f}{hint}.")
        return "recovers alpha = 1.2, beta = 0.4 exactly, and the least-squares fit through the origin on noisy data."

    return run_check("fit_bon_form", learner_fn, cases)


def bon_peak_n(learner_fn):
    """learner_fn(alpha, beta): the n at which best-of-n's gold score d (alpha - beta d) peaks."""

    def cases(call):
        for alpha, beta in ((1.2, 0.4), (1.0, 0.25), (0.9, 0.5)):
            d_peak = alpha / (2 * beta)
            expected = goodhart.n_for_kl(d_peak**2)
            got = as_number(call(alpha, beta), "the result")
            if close(got, expected, rel=1e-4):
                continue
            if close(got, d_peak) or close(got, d_peak**2):
                raise Wrong(f"you returned d* = {d_peak:.4g} (or KL = d*²): the question asks for n, the number of "
                            f"samples whose best-of-n KL equals d*².")
            if close(got, math.exp(d_peak**2), rel=1e-4):
                raise Wrong(f"exp(d*²) = {got:.4g} treats KL as log n, but KL = log n - (n - 1)/n: solve that for n "
                            f"(it gives {expected:.4g}).")
            if close(got, goodhart.n_for_kl((alpha / beta) ** 2), rel=1e-4):
                raise Wrong("the peak of d (alpha - beta d) is at d = alpha / (2 beta), not alpha / beta.")
            raise Wrong(f"for alpha = {alpha}, beta = {beta} the peak is at d* = {d_peak:.4g}, KL = {d_peak**2:.4g}, "
                        f"so n = {expected:.5g}, but you got {got:.5g}.")
        return "alpha = 1.2, beta = 0.4 peaks at d* = 1.5, KL = 2.25, n = 24.77; two more cases agree."

    return run_check("bon_peak_n", learner_fn, cases)


def bellman_backup(learner_fn):
    """learner_fn(values, rewards, next_state, gamma): one value-iteration step,
    V'(s) = max_a rewards[s, a] + gamma * values[next_state[s, a]]."""

    def cases(call):
        # A 3-state chain: action 0 stays, action 1 moves right (the last state wraps to the first).
        next_state = np.array([[0, 1], [1, 2], [2, 0]])
        rewards = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 3.0]])
        for values, gamma in ((np.zeros(3), 0.9), (np.array([1.0, 2.0, 4.0]), 0.9), (np.array([5.0, -1.0, 0.5]), 0.5)):
            q = rewards + gamma * values[next_state]
            expected = q.max(axis=1)
            got = as_array(call(values.copy(), rewards.copy(), next_state.copy(), gamma), (3,), "V'")
            if close(got, expected):
                continue
            if close(got, (rewards + values[next_state]).max(axis=1)):
                raise Wrong("future values must be discounted: multiply values[next_state] by gamma.")
            if close(got, q.mean(axis=1)):
                raise Wrong("you averaged over actions: value iteration takes the best action, the max.")
            if close(got, (rewards + gamma * values[:, None]).max(axis=1)):
                raise Wrong("use the value of the state each action leads to, values[next_state], not of the "
                            "state you are in.")
            raise Wrong(f"with values {values.tolist()} and gamma {gamma}, V' should be "
                        f"{np.round(expected, 4).tolist()}, but you got {np.round(got, 4).tolist()}.")
        return "matches max over actions of reward + gamma * value of the next state on a 3-state chain."

    return run_check("bellman_backup", learner_fn, cases)

