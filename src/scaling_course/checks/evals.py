"""Checks for the Chapter 2 "Evals" exercises."""
import math

import numpy as np

from .. import horizons
from . import FLOAT32_REL, Wrong, as_number, close, expect_numbers, mismatch, run_check, shown_apart


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"chain_success": 1, "required_step_reliability": 1, "pass_at_k": 2, "fit_horizon": 3}


def chain_success(learner_fn):
    """learner_fn(p, n): probability that n independent steps, each succeeding with p, all succeed."""

    def cases(call):
        expect_numbers(call, "chain_success", (((0.5, 3), 0.125, "three coin flips all heads is 1/8"),
                                               ((0.9, 10), 0.9**10, "one nine over 10 steps is 0.9**10, about 34.9%"),
                                               ((0.99, 10), 0.99**10, "two nines over 10 steps is about 90%"),
                                               ((1.0, 1000), 1.0, "a step that never fails never breaks the chain"),
                                               ((0.0, 5), 0.0, "a step that always fails breaks every chain"),
                                               ((0.3, 1), 0.3, "a one-step task succeeds as often as its step"),
                                               ((0.5, 20), 0.5**20, "20 coin flips all heads is about 1 in "
                                                                    "a million")),
                       rel=FLOAT32_REL)
        return "0.5 over 3 steps is 1/8; one nine over 10 steps is 34.9%, two nines 90.4%."

    return run_check("chain_success", learner_fn, cases)


def required_step_reliability(learner_fn):
    """learner_fn(target, n): the per-step probability that makes n chained steps succeed with target."""

    def cases(call):
        expect_numbers(call, "required_step_reliability",
                       (((0.25, 2), 0.5, "two steps at 0.5 each give 0.25"),
                        ((0.9, 10), 0.9 ** 0.1, "p**10 = 0.9 means p = 0.9**(1/10)"),
                        ((0.5, 1), 0.5, "a one-step task needs the target itself"),
                        ((1.0, 50), 1.0, "certain success needs certain steps"),
                        ((0.0, 4), 0.0, "a chain that never succeeds has steps that never succeed"),
                        ((0.5, 3), 0.5 ** (1 / 3), "p**3 = 0.5 means p = 0.5**(1/3), the cube root")), rel=FLOAT32_REL)
        return "0.25 over 2 steps needs 0.5 each; 90% over 10 steps needs 0.98952."

    return run_check("required_step_reliability", learner_fn, cases)


def pass_at_k(learner_fn):
    """learner_fn(n, c, k): unbiased pass@k, checked against exact combinatorics and a Monte Carlo draw."""

    def cases(call):
        hand_cases = (((5, 2, 1), 0.4, "one draw from 5 with 2 correct succeeds 2/5 of the time"),
                      ((4, 2, 2), 5 / 6, "only 1 of the 6 pairs from 4 has no correct sample"),
                      ((10, 0, 5), 0.0, "with no correct samples pass@k is 0"),
                      ((10, 8, 3), 1.0, "any 3 of 10 include a correct one when only 2 are wrong"),
                      ((3, 0, 5), 0.0, "with no correct sample pass@k is 0, even for k > n"),
                      ((3, 1, 5), 1.0, "drawing more than n takes every sample, the correct one included"))
        for args, expected, why in hand_cases:
            got = as_number(call(*args), "the result")
            if not close(got, expected):
                n, c, k = args
                wrong = mismatch("pass_at_k", args, expected, got, why)
                if close(got, 1 - (1 - c / n) ** k):
                    raise Wrong(str(wrong)[:-1] + ": draws are without replacement.")
                raise wrong
        for n, c, k in ((1000, 50, 100), (200, 10, 100), (60, 3, 7)):
            exact = 1 - math.comb(n - c, k) / math.comb(n, k)
            got = as_number(call(n, c, k), "the result")
            if not close(got, exact):
                shown_exact, shown_got = shown_apart(exact, got)
                hint = ": draws are without replacement." if close(got, 1 - (1 - c / n) ** k) else "."
                raise Wrong(f"pass_at_k({n}, {c}, {k}) should be 1 - C(n-c, k)/C(n, k) = {shown_exact}, "
                            f"but you got {shown_got}{hint}")
        rng = np.random.default_rng(0)
        n, c, k, trials = 20, 4, 3, 20_000
        draws = np.argsort(rng.uniform(size=(trials, n)), axis=1)[:, :k] < c  # first c samples are correct
        estimate = draws.any(axis=1).mean()
        got = as_number(call(n, c, k), "the result")
        if abs(got - estimate) > 4 * math.sqrt(estimate * (1 - estimate) / trials):
            raise Wrong(f"drawing {k} of {n} samples ({c} correct) 20,000 times succeeds {estimate:.3f} of the "
                        f"time, but your pass_at_k gives {got:.3f}.")
        return "matches 6 hand cases (k > n too), exact binomials up to n = 1000, and a Monte Carlo draw."

    return run_check("pass_at_k", learner_fn, cases)


def fit_horizon(learner_fn):
    """learner_fn(minutes, succeeded): the 50% horizon (minutes) of a logistic fit in log2(minutes)."""
    def cases(call):
        # Tasks run from 1 minute to 16 hours, whose geometric centre is about 31 minutes: the planted
        # horizons sit far from it on both sides, and two beyond the tasks' range (so a search among the
        # task lengths cannot find them), so a summary of the task lengths alone cannot pass. The fit must
        # converge: Newton's method a few steps short misses by far more than the tolerance.
        for planted, seed in ((4.0, 1), (300.0, 2), (3000.0, 3), (0.5, 4)):
            rng = np.random.default_rng(seed)
            minutes, succeeded = horizons.synthetic_tasks(2000, planted, 1.0, rng)
            reference = horizons.horizon_from_logistic(*horizons.fit_logistic(minutes, succeeded))
            got = as_number(call(minutes, succeeded), "the result")
            if got <= 0:
                raise Wrong(f"a horizon is a positive number of minutes, got {got:.4g}.")
            if not close(got, reference, rel=1e-5):
                shown_reference, shown_got = shown_apart(reference, got)
                where = ("" if minutes.min() <= reference <= minutes.max() else
                         f", beyond the tasks' range of {minutes.min():.1f} to {minutes.max():.0f} minutes")
                hint = ("you fitted against ln(minutes) but turned the crossing back into minutes with 2**: "
                        "use one base both ways" if close(got, reference ** math.log(2), rel=1e-5) else
                        "fit success against log2(minutes) until it converges and solve for where it crosses 50%")
                raise Wrong(f"on 2,000 tasks with a planted {planted:g}-minute horizon the maximum-likelihood "
                            f"logistic fit crosses 50% at {shown_reference} minutes{where}, but you returned "
                            f"{shown_got}: {hint}.")
        return ("recovers planted 4-minute, 5-hour, 50-hour and 30-second horizons (the last two beyond the tasks' "
                "range) as the converged maximum-likelihood fit does.")

    return run_check("fit_horizon", learner_fn, cases)
