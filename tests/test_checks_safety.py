"""Every Chapter 4 check rejects the stub and plausible wrong answers, accepts the solution and correct
alternatives (float32, loops, other formulas, 0-d arrays), and answers odd results in one sentence."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from

from scaling_course import gaming, goodhart
from scaling_course.checks import safety as check

SOLUTION = functions_from(ROOT / "solutions" / "04-safety.ipynb")
STUB = functions_from(ROOT / "exercises" / "04-safety-exercises.ipynb")
f32 = np.float32


def _monte_carlo_max(n):
    rng = np.random.default_rng(0)
    return float(rng.normal(size=(2000, n)).max(axis=1).mean())  # too few draws for 3 decimals


def _max_on_grid(low, high, points, n_factor=True, power=-1):
    """expected_max_normal by the trapezoid rule on a grid: right on a wide fine grid, wrong on a narrow or coarse
    one; n_factor=False forgets the n in the density, power=0 uses Φ^n instead of Φ^(n-1)."""
    def expected_max(n):
        x = np.linspace(low, high, points)
        phi = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
        cdf = np.array([(1 + math.erf(v / math.sqrt(2))) / 2 for v in x])
        return float(np.trapezoid(x * (n if n_factor else 1) * phi * cdf ** (n + power), x))
    return expected_max


def _max_float32(n):
    x = np.linspace(-10, 10, 20_001, dtype=f32)
    phi = np.exp(-x**2 / 2) / f32(math.sqrt(2 * math.pi))
    cdf = np.array([(1 + math.erf(v / math.sqrt(2))) / 2 for v in x], dtype=f32)
    return np.trapezoid(x * f32(n) * phi * cdf ** f32(n - 1), x)  # a float32 scalar


def _max_by_survival(n):
    """E[max] = ∫0^∞ (1 - Φ^n) - ∫0^∞ Φ(-x)^n: another correct formula."""
    x = np.linspace(0, 10, 20_001)
    cdf = np.array([(1 + math.erf(v / math.sqrt(2))) / 2 for v in x])
    return float(np.trapezoid(1 - cdf**n, x) - np.trapezoid((1 - cdf) ** n, x))


def _max_on_default_grid(n):
    """np.linspace(-10, 10) without a count gives 50 points: too coarse for the best of 10,000."""
    x = np.linspace(-10, 10)
    phi = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
    cdf = np.array([(1 + math.erf(v / math.sqrt(2))) / 2 for v in x])
    return float(np.trapezoid(x * n * phi * cdf ** (n - 1), x))


def _bisect_n_to_three_decimals(alpha, beta):
    """Bisection on n that stops when the bracket is 0.001 wide: three decimals, not five significant digits."""
    target, low, high = (alpha / (2 * beta)) ** 2, 1.0, 1e9
    while high - low > 1e-3:
        middle = (low + high) / 2
        low, high = (middle, high) if math.log(middle) - (middle - 1) / middle < target else (low, middle)
    return (low + high) / 2


def _median_of_max(n):
    """The median of the maximum, Φ^-1(0.5^(1/n)), by bisection: not its mean."""
    target, low, high = 0.5 ** (1 / n), -10.0, 10.0
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if (1 + math.erf(middle / math.sqrt(2))) / 2 < target else (low, middle)
    return (low + high) / 2


def _lstsq(d, r):
    (alpha, beta), *_ = np.linalg.lstsq(np.column_stack([d, -d**2]), r, rcond=None)
    return float(alpha), float(beta)


def _normal_equations(d, r):
    a = np.array([[np.sum(d**2), -np.sum(d**3)], [-np.sum(d**3), np.sum(d**4)]])
    return tuple(np.linalg.solve(a, [np.sum(d * r), -np.sum(d**2 * r)]))


def _lstsq_float32(d, r):
    d, r = d.astype(f32), r.astype(f32)
    (alpha, beta), *_ = np.linalg.lstsq(np.column_stack([d, -d**2]), r, rcond=None)
    return alpha, beta


def _gradient_descent(steps):
    def fit(d, r):
        alpha = beta = 0.0
        for _ in range(steps):
            error = d * (alpha - beta * d) - r
            alpha, beta = alpha - 0.05 * np.mean(error * d), beta + 0.05 * np.mean(error * d * d)
        return alpha, beta
    return fit


def _through_the_endpoints(d, r):
    return tuple(np.linalg.solve([[d[0], -d[0] ** 2], [d[-1], -d[-1] ** 2]], [r[0], r[-1]]))


def _centres_reward_in_place(d, r):
    r -= r.mean()
    return _lstsq(d, r)


def _sorts_d_only(d, r):
    return _lstsq(np.sort(d), r)


def _bisect_n(low, high, steps=200):
    """bon_peak_n by bisection on n in a fixed bracket [low, high]."""
    def peak(alpha, beta):
        target, lo, hi = (alpha / (2 * beta)) ** 2, low, high
        for _ in range(steps):
            middle = (lo + hi) / 2
            lo, hi = (middle, hi) if math.log(middle) - (middle - 1) / middle < target else (lo, middle)
        return (lo + hi) / 2
    return peak


def _bisect_log_n(steps, log=math.log):
    def peak(alpha, beta):
        target, low, high = (alpha / (2 * beta)) ** 2, 0.0, (alpha / (2 * beta)) ** 2 + 2
        for _ in range(steps):
            middle = (low + high) / 2
            n = math.exp(middle)
            low, high = (middle, high) if log(n) - (n - 1) / n < target else (low, middle)
        return math.exp((low + high) / 2)
    return peak


def _newton_on_log_n(alpha, beta):
    target, u = (alpha / (2 * beta)) ** 2, (alpha / (2 * beta)) ** 2 + 1
    for _ in range(100):
        n = math.exp(u)
        u -= (u - 1 + 1 / n - target) / (1 - 1 / n)
    return math.exp(u)


def _bisect_float32(alpha, beta):
    target = f32((alpha / (2 * beta)) ** 2)
    low, high = f32(0), target + f32(2)
    for _ in range(100):
        middle = (low + high) / f32(2)
        n = np.exp(middle)
        low, high = (middle, high) if np.log(n) - (n - f32(1)) / n < target else (low, middle)
    return np.exp((low + high) / f32(2))


def _peak_by_exp(alpha, beta):
    return math.exp((alpha / (2 * beta)) ** 2)


def _peak_without_the_two(alpha, beta):
    return SOLUTION["bon_peak_n"](alpha, beta / 2)


def _backup_loop(values, rewards, next_state, gamma):
    return [max(rewards[s, a] + gamma * values[next_state[s, a]] for a in range(rewards.shape[1]))
            for s in range(len(values))]


def _backup_from_zero(values, rewards, next_state, gamma):
    """A running maximum that starts at 0: wrong when every action's value is negative."""
    out = np.zeros(len(values))
    for s in range(len(values)):
        best = 0.0
        for a in range(rewards.shape[1]):
            best = max(best, rewards[s, a] + gamma * values[next_state[s, a]])
        out[s] = best
    return out


def _backup_two_actions(values, rewards, next_state, gamma):
    return np.maximum(rewards[:, 0] + gamma * values[next_state[:, 0]],
                      rewards[:, 1] + gamma * values[next_state[:, 1]])


def _backup_in_place(values, rewards, next_state, gamma):
    for s in range(len(values)):
        values[s] = max(rewards[s] + gamma * values[next_state[s]])
    return values


def _backup_three_states(values, rewards, next_state, gamma):
    return np.array([max(rewards[s] + gamma * values[next_state[s]]) for s in range(3)])


WRONG = {
    "best_of_n_kl": [
        lambda n: math.log(n),                                   # the bound only
        lambda n: math.log2(n) - (n - 1) / n,                    # bits, not nats
        lambda n: (n - 1) / n - math.log(n),                     # sign
        lambda n: math.log(n) - 1,                               # forgot the 1/n
        lambda n: math.log(n) - (n - 1) // n,                    # whole-number division: log n again
        lambda n: math.log(n + 1) - n / (n + 1),                 # off by one
        lambda n: math.log10(n) - (n - 1) / n,
        lambda n: [math.log(n) - (n - 1) / n],                   # a list, not a number
        lambda n: abs(math.log(n) - (n - 1) / n) * 1.0001,       # close, not equal
        # a fresh eye: how a struggling learner goes wrong
        lambda n: math.log(n) - n - 1 / n,                       # precedence
        lambda n: math.log(n) - (n - 1) / n if n > 1 else 1.0,   # the edge n = 1
    ],
    "expected_max_normal": [
        lambda n: math.sqrt(2 * math.log(n)),                    # the asymptote
        lambda n: 0.0,                                           # the mean of a draw
        lambda n: n / (n + 1),                                   # max of uniforms
        _monte_carlo_max,                                        # not accurate enough
        _max_on_grid(-4, 4, 8001),                               # a grid too narrow for n = 10
        _max_on_grid(-5, 5, 10_001),                             # too narrow for the best of 10,000
        _max_on_grid(-10, 10, 41),                               # too coarse for the best of 10,000
        _max_on_grid(0, 10, 10_001),                             # the negative half left out
        _max_on_grid(-10, 10, 20_001, n_factor=False),           # a fresh eye: the density without its n
        _max_on_grid(-10, 10, 20_001, power=0),                  # a fresh eye: Φ^n for Φ^(n-1)
        _median_of_max,                                          # a fresh eye: the median, not the mean
        _max_on_default_grid,                                    # a fresh eye: linspace's default 50 points
    ],
    "fit_bon_form": [
        lambda d, r: tuple(np.linalg.lstsq(np.column_stack([d, d**2]), r, rcond=None)[0]),  # beta's sign
        lambda d, r: (np.polyfit(d, r, 2)[1], -np.polyfit(d, r, 2)[0]),                   # with an intercept
        lambda d, r: (np.polyfit(d, r / d, 1)[1], -np.polyfit(d, r / d, 1)[0]),           # divided by d
        lambda d, r: (r.max() / d[np.argmax(r)], 0.0),
        _gradient_descent(1000),                                 # stopped 3e-3 short
        _through_the_endpoints,                                  # exact on exact data only
        _centres_reward_in_place,
        _sorts_d_only,                                           # sorted input hid it; the chapter's curve is shuffled
        lambda d, r: _lstsq(d, r)[::-1],                         # (beta, alpha)
        lambda d, r: tuple(np.polyfit(d, r, 2)),                 # a fresh eye: three numbers
        lambda d, r: (0.0, -float(np.linalg.lstsq((d**2)[:, None], r, rcond=None)[0][0])),  # a fresh eye: d² only
    ],
    "bon_peak_n": [
        _peak_by_exp,                                            # KL = log n
        lambda alpha, beta: alpha / (2 * beta),                  # returns d*
        _peak_without_the_two,                                   # peak at alpha / beta
        _bisect_n(1.0, 1000.0),                                  # a bracket that stops at n = 1,000
        _bisect_n(2.0, 1e6),                                     # a bracket that misses n < 2 and n > 10^6
        _bisect_log_n(12),                                       # stopped after 12 halvings
        lambda alpha, beta: math.exp((alpha / (2 * beta)) ** 2 + 1),  # drops the 1/n
        lambda alpha, beta: round(goodhart.n_for_kl((alpha / (2 * beta)) ** 2)),
        lambda alpha, beta: math.ceil(goodhart.n_for_kl((alpha / (2 * beta)) ** 2)),
        lambda alpha, beta: goodhart.n_for_kl((alpha / 0.8) ** 2),   # beta = 0.4 hard-coded
        lambda alpha, beta: (alpha / (2 * beta)) ** 2,           # a fresh eye: the KL itself
        _bisect_log_n(100, log=math.log10),                      # a fresh eye: KL with log10
        _bisect_n_to_three_decimals,                             # a fresh eye: stops 0.001 wide
    ],
    "bellman_backup": [
        lambda V, R, nxt, g: (R + V[nxt]).max(axis=1),           # no discount
        lambda V, R, nxt, g: (R + g * V[nxt]).mean(axis=1),      # average over actions
        lambda V, R, nxt, g: (R + g * V[:, None]).max(axis=1),   # value of the current state
        lambda V, R, nxt, g: (R + g * V[nxt]).min(axis=1),
        _backup_from_zero,                                       # all-negative values hid nothing before
        _backup_two_actions,                                     # the race track has four
        _backup_in_place,                                        # reads values it has already updated
        _backup_three_states,
        lambda V, R, nxt, g: (R + g * V[nxt]).max(axis=0),       # over states
        lambda V, R, nxt, g: (R + g * V[nxt]).argmax(axis=1),    # the policy, not the values
        lambda V, R, nxt, g: R.max(axis=1) + g * V[nxt].max(axis=1),
        lambda V, R, nxt, g: (g * (R + V[nxt])).max(axis=1),     # a fresh eye: gamma on the reward too
        lambda V, R, nxt, g: V + R.max(axis=1),                  # a fresh eye: keeps the old value
        lambda V, R, nxt, g: g * V[nxt].max(axis=1),             # a fresh eye: forgot the rewards
        lambda V, R, nxt, g: (R + g * V[nxt]).tolist(),          # a fresh eye: the Q table as lists
    ],
}

ACCEPTED = {
    "best_of_n_kl": [lambda n: np.log(f32(n)) - f32((n - 1) / n), lambda n: np.asarray(np.log(n) - (n - 1) / n),
                     lambda n: math.log(n) - 1 + 1 / n],
    "expected_max_normal": [_max_on_grid(-8, 8, 2001), _max_float32, _max_by_survival],
    "fit_bon_form": [_normal_equations, _lstsq_float32, lambda d, r: np.array(_lstsq(d, r)),
                     lambda d, r: list(_lstsq(d, r)), _gradient_descent(2000),
                     lambda d, r: (lambda c: (c[0], -c[1]))(np.linalg.lstsq(np.column_stack([d, d**2]), r,
                                                                            rcond=None)[0])],
    "bon_peak_n": [_newton_on_log_n, _bisect_float32, _bisect_n(1.0, 1e12),
                   lambda alpha, beta: goodhart.n_for_kl(goodhart.bon_peak(alpha, beta) ** 2)],
    "bellman_backup": [_backup_loop,
                       lambda V, R, nxt, g: (R.astype(f32) + f32(g) * V.astype(f32)[nxt]).max(axis=1),
                       lambda V, R, nxt, g: np.max(R + g * V[nxt], axis=-1),
                       lambda V, R, nxt, g: np.max(R + g * np.take(V, nxt), axis=1)],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, ACCEPTED)


@pytest.mark.parametrize("name, answer, words", [
    ("best_of_n_kl", lambda n: "0.19", "should be a number"),
    ("best_of_n_kl", lambda n: np.array([1.0, 2.0]), "should be a number"),
    ("fit_bon_form", lambda d, r: np.array(1.0), "pair of two numbers"),
    ("fit_bon_form", lambda d, r: (1.0, 2.0, 3.0), "pair of two numbers"),
    ("fit_bon_form", lambda d, r: {"alpha": 1.2, "beta": 0.4}, "pair of two numbers"),
    ("fit_bon_form", lambda d, r: None, "forget to `return`"),
    ("bon_peak_n", lambda alpha, beta: (1.0, 2.0), "should be a number"),
    ("bellman_backup", lambda V, R, nxt, g: R + g * V[nxt], "one value per state) should have shape (3,)"),
    ("bellman_backup", lambda V, R, nxt, g: 1.0, "shape (3,)"),
])
def test_odd_results_get_one_sentence(name, answer, words):
    result = getattr(check, name)(answer)
    assert result.status == "failed" and words in result.message, repr(result)
    assert "\n" not in repr(result) and "could not read" not in result.message


@pytest.mark.parametrize("name, index, words", [
    ("best_of_n_kl", 0, "upper bound"), ("best_of_n_kl", 1, "natural logarithm"), ("best_of_n_kl", 4, "upper bound"),
    ("expected_max_normal", 0, "large-n approximation"), ("expected_max_normal", 5, "n = 10,000"),
    ("expected_max_normal", 6, "n = 10,000"),
    ("fit_bon_form", 0, "beta multiplies"), ("fit_bon_form", 1, "intercept"), ("fit_bon_form", 2, "dividing by d"),
    ("fit_bon_form", 7, "shuffled order"), ("fit_bon_form", 8, "swapped"),
    ("bon_peak_n", 0, "treats KL as log n"), ("bon_peak_n", 1, "asks for n"), ("bon_peak_n", 2, "alpha / (2 beta)"),
    ("bon_peak_n", 3, "the search has to reach it"), ("bon_peak_n", 4, "the search has to reach it"),
    ("bon_peak_n", 6, "drops the 1/n"),
    ("bon_peak_n", 7, "not rounded"), ("bon_peak_n", 8, "not rounded"),
    ("bellman_backup", 0, "discounted"), ("bellman_backup", 1, "averaged"), ("bellman_backup", 2, "values[next_state]"),
    ("bellman_backup", 4, "start at -inf"), ("bellman_backup", 5, "first two actions only"),
    ("bellman_backup", 6, "from the old values"), ("bellman_backup", 9, "best actions' numbers"),
    ("bellman_backup", 10, "two separate maxima"),
])
def test_common_mistakes_get_a_named_hint(name, index, words):
    assert words in getattr(check, name)(WRONG[name][index]).message


def test_a_hint_names_a_mistake_only_when_the_answer_matches_it():
    """An answer wrong in some other way hears the expected value, not a guess at its mistake."""
    message = check.fit_bon_form(lambda d, r: (_lstsq(d, r)[0] * 1.01, _lstsq(d, r)[1])).message
    assert "intercept" not in message and "dividing" not in message and "should give alpha = 1.2" in message
    message = check.bellman_backup(lambda V, R, nxt, g: (R + g * V[nxt]).max(axis=1) + 0.01).message
    assert "should be 0.5 (the best of [0.5, 0.0]), but you got 0.51" in message


def test_the_checks_own_data_survive_a_function_that_changes_its_input():
    def zeroes_everything(values, rewards, next_state, gamma):
        answer = (rewards + gamma * values[next_state]).max(axis=1)
        values[:], rewards[:], next_state[:] = 0, 0, 0
        return answer
    assert check.bellman_backup(zeroes_everything)
    assert check.bellman_backup(SOLUTION["bellman_backup"])


def test_the_race_track_case_is_the_chapters_track():
    track = gaming.make_track()
    assert track.next_state.shape == (20, 4)
    assert check.bellman_backup(_backup_two_actions).message.count("the race track has 4") == 1


def test_library_implementations_pass_the_checks():
    assert check.best_of_n_kl(lambda n: float(goodhart.best_of_n_kl(n)))
    assert check.fit_bon_form(goodhart.fit_bon_form)
    assert check.bon_peak_n(lambda a, b: goodhart.n_for_kl(goodhart.bon_peak(a, b) ** 2))


