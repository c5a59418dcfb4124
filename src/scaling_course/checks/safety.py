"""Checks for the Chapter 4 "Safety" exercises."""
import functools
import math

import numpy as np

from .. import gaming, goodhart
from . import FLOAT32_REL, Wrong, as_array, as_number, as_pair, close, run_check, shown_apart


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"best_of_n_kl": 1, "expected_max_normal": 2, "fit_bon_form": 2, "bon_peak_n": 2, "bellman_backup": 2}


def best_of_n_kl(learner_fn):
    """learner_fn(n): the KL divergence (nats) of best-of-n from the original distribution."""

    def cases(call):
        for n, why in ((1, "picking 1 of 1 changes nothing, so the divergence is 0"),
                       (2, "log 2 - 1/2"), (10, "log 10 - 9/10"), (1000, "log 1000 - 999/1000")):
            expected = float(goodhart.best_of_n_kl(n))
            got = as_number(call(n), "the result")
            if close(got, expected, rel=FLOAT32_REL):
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
        # n = 10,000 is the notebook's own "best of 10,000": its maximum sits near 3.85 in a narrow peak,
        # which a grid cut off at +-5 or spaced 0.5 apart misses by more than 0.01.
        for n, expected, why in ((1, 0.0, "one draw averages 0"),
                                 (2, 1 / math.sqrt(math.pi), "1/sqrt(pi)"),
                                 (3, 1.5 / math.sqrt(math.pi), "3/(2 sqrt(pi))"),
                                 (10, _expected_max_normal(10), "by quadrature"),
                                 (100, _expected_max_normal(100), "by quadrature"),
                                 (10_000, _expected_max_normal(10_000), "by quadrature")):
            got = as_number(call(n), "the result")
            if abs(got - expected) <= 5e-4:  # three decimals
                continue
            if n > 1 and close(got, math.sqrt(2 * math.log(n))):
                raise Wrong(f"sqrt(2 log n) = {got:.4f} is only the large-n approximation; for n = {n} the "
                            f"expected maximum is {expected:.4f}: integrate n x φ(x) Φ(x)^(n-1).")
            raise Wrong(f"for n = {n:,} the expected maximum should be {expected:.4f} ({why}), but you got "
                        f"{got:.4f}: three decimals means within 0.0005.")
        return "0 for n = 1, 1/sqrt(pi) for n = 2, 3/(2 sqrt(pi)) for n = 3, and n = 10, 100, 10,000 to 3 decimals."

    return run_check("expected_max_normal", learner_fn, cases)


# The fit is a 2x2 least-squares problem: float32 normal equations land within 2e-6 here, gradient descent
# stopped after 1,000 steps 3e-3 away (after 2,000 steps it is within 6e-6, converged to five digits).
FIT_REL = 1e-5


def _fit_mistakes(d, reward):
    """(alpha, beta) of the fits learners write by mistake, each with what went wrong."""
    with_intercept = np.polyfit(d, reward, 2)
    right = goodhart.fit_bon_form(d, reward)
    mistakes = [((with_intercept[1], -with_intercept[0]),
                 "your fit has an intercept, but R(0) = 0 by definition, so fit on the columns d and -d² only")]
    if np.all(d != 0):  # where d = 0 (n = 1) dividing by d gives no number at all
        divided = np.polyfit(d, reward / d, 1)
        mistakes.append(((divided[1], -divided[0]),
                         "fit reward itself by least squares; dividing by d first weights the points differently"))
    return mistakes + [
        ((right[0], -right[1]), "beta has the wrong sign: the form is d (alpha - beta d), so beta multiplies -d²"),
        ((right[1], right[0]), "alpha and beta are swapped: return (alpha, beta)"),
    ]


def fit_bon_form(learner_fn):
    """learner_fn(d, reward) -> (alpha, beta): least squares of reward = d (alpha - beta d), no intercept."""

    def cases(call):
        d = np.linspace(0.1, 2.6, 14)
        exact = d * (1.2 - 0.4 * d)
        alpha, beta = as_pair(call(d.copy(), exact.copy()), "the result")
        if close([alpha, beta], [1.2, -0.4], rel=FIT_REL):
            raise Wrong("beta came out as -0.4: the form is d (alpha - beta d), so beta multiplies -d².")
        if close([alpha, beta], [0.4, 1.2], rel=FIT_REL):
            raise Wrong("alpha and beta came out swapped: return (alpha, beta), here (1.2, 0.4).")
        if not close([alpha, beta], [1.2, 0.4], rel=FIT_REL):
            raise Wrong(f"on reward = d (1.2 - 0.4 d) exactly, the fit should give alpha = 1.2, beta = 0.4, "
                        f"but you got {alpha:.4g} and {beta:.4g}.")
        wobble = np.array([0.05, -0.03, 0.08, -0.06, 0.02, 0.07, -0.04, -0.08, 0.03, 0.06, -0.05, 0.01, 0.04, -0.02])
        noisy = exact + wobble
        # The chapter's heavy-tailed best-of-n curve: 54 points, handed over in shuffled order.
        _, curve_d, curve_gold, _ = goodhart.curve("student_t", error_scale=1.0)
        order = np.random.default_rng(4).permutation(len(curve_d))
        for x, reward, what in ((d, noisy, "on noisy data"),
                                (curve_d[order], curve_gold[order], "on the chapter's heavy-tailed curve "
                                                                    "(54 points in shuffled order)")):
            expected = goodhart.fit_bon_form(x, reward)
            alpha, beta = as_pair(call(x.copy(), reward.copy()), "the result")
            if close([alpha, beta], expected, rel=FIT_REL):
                continue
            hint = next((f": {why}" for mistake, why in _fit_mistakes(x, reward)
                         if close([alpha, beta], mistake, rel=FIT_REL)), "")
            raise Wrong(f"{what} the least-squares fit gives alpha = {expected[0]:.4f}, beta = {expected[1]:.4f}, "
                        f"but you got {alpha:.4f} and {beta:.4f}{hint}.")
        return ("recovers alpha = 1.2, beta = 0.4 exactly, and the least-squares fit through the origin on noisy data "
                "and on the chapter's curve.")

    return run_check("fit_bon_form", learner_fn, cases)


def bon_peak_n(learner_fn):
    """learner_fn(alpha, beta): the n at which best-of-n's gold score d (alpha - beta d) peaks."""

    def cases(call):
        # From n = 1.58 (KL = 0.09) to n = 24 million (KL = 16): a fixed search bracket misses one end.
        for alpha, beta in ((1.2, 0.4), (1.0, 0.25), (0.9, 0.5), (2.0, 0.25), (0.3, 0.5)):
            d_peak = alpha / (2 * beta)
            kl = d_peak**2
            expected = goodhart.n_for_kl(kl)
            got = as_number(call(alpha, beta), "the result")
            if close(got, expected, rel=1e-5):  # a converged root finder; 15 halvings of the bracket are not
                continue
            if close(got, d_peak) or close(got, kl):
                raise Wrong(f"you returned d* = {d_peak:.4g} (or KL = d*²): the question asks for n, the number of "
                            f"samples whose best-of-n KL equals d*².")
            if close(got, math.exp(kl), rel=1e-5):
                raise Wrong(f"exp(d*²) = {got:.4g} treats KL as log n, but KL = log n - (n - 1)/n: solve that for n "
                            f"(it gives {expected:.4g}).")
            if close(got, math.exp(kl + 1), rel=1e-5):
                raise Wrong(f"exp(d*² + 1) = {got:.4g} drops the 1/n in KL = log n - 1 + 1/n: solve the whole "
                            f"equation for n (it gives {expected:.6g}).")
            if close(got, goodhart.n_for_kl((alpha / beta) ** 2), rel=1e-5):
                raise Wrong("the peak of d (alpha - beta d) is at d = alpha / (2 beta), not alpha / beta.")
            if got == round(got) and got in (math.floor(expected), math.ceil(expected)):
                raise Wrong(f"for alpha = {alpha}, beta = {beta} the peak is at n = {expected:.6g}: return n as it "
                            f"comes out, not rounded to {got:g}.")
            raise Wrong(f"for alpha = {alpha}, beta = {beta} the peak is at d* = {d_peak:.4g}, KL = {kl:.4g}, "
                        f"so n = {expected:.6g}, but you got {got:.6g}"
                        f"{' (n can be that large: the search has to reach it)' if kl > 10 else ''}"
                        f"{' (n can be that close to 1: the search has to reach it)' if kl < 0.1 else ''}.")
        return ("alpha = 1.2, beta = 0.4 peaks at d* = 1.5, KL = 2.25, n = 24.77; four more, from n = 1.58 "
                "to 24 million.")

    return run_check("bon_peak_n", learner_fn, cases)


def _bellman_cases():
    """(what, values, rewards, next_state, gamma) for one backup each."""
    # A 3-state chain: action 0 stays, action 1 moves right (the last state wraps to the first).
    chain_next = np.array([[0, 1], [1, 2], [2, 0]])
    chain_rewards = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 3.0]])
    chain = [("on a 3-state chain", values, chain_rewards, chain_next, gamma)
             for values, gamma in ((np.zeros(3), 0.9), (np.array([1.0, 2.0, 4.0]), 0.9),
                                   (np.array([5.0, -1.0, 0.5]), 0.5))]
    # Every move costs: 2 states, 3 actions, every one-step value negative.
    costs = ("where every move costs (2 states, 3 actions, all values negative)", np.array([-4.0, -2.0]),
             np.array([[-1.0, -2.0, -1.5], [-0.5, -3.0, -1.0]]), np.array([[0, 1, 1], [1, 0, 0]]), 0.9)
    # The chapter's race track: 20 states, 4 moves, the written reward, values that are partly negative.
    track = gaming.make_track()
    track_values = 10 * 0.8 ** track.distance - 3
    race = ("on the chapter's race track (20 states, 4 moves)", track_values,
            gaming.rewards(track, "written"), track.next_state, 0.95)
    return chain + [costs, race]


def _in_place_backup(values, rewards, next_state, gamma):
    """The mistake of updating values state by state while still reading them."""
    values = values.astype(float).copy()
    for s in range(len(values)):
        values[s] = np.max(rewards[s] + gamma * values[next_state[s]])
    return values


def bellman_backup(learner_fn):
    """learner_fn(values, rewards, next_state, gamma): one value-iteration step,
    V'(s) = max_a rewards[s, a] + gamma * values[next_state[s, a]]."""

    def cases(call):
        for what, values, rewards, next_state, gamma in _bellman_cases():
            q = rewards + gamma * values[next_state]
            expected = q.max(axis=1)  # before the call: a function may change its input
            got = as_array(call(values.copy(), rewards.copy(), next_state.copy(), gamma), expected.shape,
                           "V' (one value per state)")
            if close(got, expected):
                continue
            mistakes = [
                ((rewards + values[next_state]).max(axis=1),
                 "future values must be discounted: multiply values[next_state] by gamma"),
                (q.mean(axis=1), "you averaged over actions: value iteration takes the best action, the max"),
                ((rewards + gamma * values[:, None]).max(axis=1),
                 "use the value of the state each action leads to, values[next_state], not of the state you are in"),
                (q.argmax(axis=1), "those are the best actions' numbers: return their values, the max over actions"),
                (q[:, :2].max(axis=1),
                 f"you compared the first two actions only: here there are {q.shape[1]} (the race track has 4), so "
                 f"take the max over every action"),
                (np.maximum(q.max(axis=1), 0.0),
                 "when every action's value is negative the best is still the largest of them: a running maximum "
                 "has to start at -inf (or at the first action), not at 0"),
                (_in_place_backup(values, rewards, next_state, gamma),
                 "you wrote new values into `values` while still reading it: compute every state's V' from the old "
                 "values"),
                (rewards.max(axis=1) + gamma * values[next_state].max(axis=1),
                 "take the max over actions of the sum reward + gamma * value, not two separate maxima"),
            ]
            hint = next((why for mistake, why in mistakes if close(got, mistake)), None)
            if hint:
                raise Wrong(f"{what}: {hint}.")
            worst = int(np.argmax(np.abs(got - expected)))
            raise Wrong(f"{what} with gamma {gamma}, V' of state {worst} should be {expected[worst]:.4g} "
                        f"(the best of {np.round(q[worst], 4).tolist()}), but you got {got[worst]:.4g}.")
        return ("max over actions of reward + gamma * value of the next state: a 3-state chain, costs with 3 actions, "
                "and the chapter's race track.")

    return run_check("bellman_backup", learner_fn, cases)
