"""Checks for the Chapter 6 "Impact" exercises."""

import numpy as np

from .. import automation
from . import Wrong, as_number, close, expect_infinite, mismatch, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"ces_output": 2, "output_multiple": 2, "labour_share": 2, "tasks_for_multiple": 2}


def ces_output(learner_fn):
    """learner_fn(x, rho): (sum_i x_i^rho)^(1/rho) for a 1-D array of task inputs."""

    def cases(call):
        for x, rho, why in (([1.0, 1.0, 1.0, 1.0], -1.0, "four equal tasks with rho = -1 give (4)^-1 = 0.25"),
                            ([1.0, 4.0], -1.0, "the harmonic-like sum (1 + 1/4)^-1 = 0.8"),
                            ([2.0, 3.0, 5.0], 0.5, "substitutes add up: (√2 + √3 + √5)²"),
                            ([1.0, 100.0], -2.0, "a scarce task holds output near its own level")):
            x = np.array(x)
            expected = float(automation.ces_output(x, rho))
            got = as_number(call(x.copy(), rho), "the output")
            if close(got, expected):
                continue
            if close(got, float(np.sum(x**rho))):
                raise Wrong("you returned the sum of x^rho: raise it to the power 1/rho.")
            if close(got, float(np.mean(x**rho) ** (1 / rho))):
                raise Wrong("sum over tasks, do not average: the formula has no 1/n.")
            raise mismatch("ces_output", (x.tolist(), rho), expected, got, why)
        return "matches (Σ x^ρ)^(1/ρ) for complements and substitutes."

    return run_check("ces_output", learner_fn, cases)


IDLE_VARIANT = ("that is the variant in which the displaced workers drop out and each remaining task keeps one "
                "worker; in the paper (and here) they move to the remaining tasks, so each of those has "
                "1 / (1 - f) workers")


def output_multiple(learner_fn):
    """learner_fn(automated_share, sigma): output multiple with unlimited machines on a share f of tasks, the
    displaced workers moving to the remaining tasks (Aghion, Jones & Jones): (1 - f)^((1 - rho)/rho)."""

    def cases(call):
        for args, why in (((0.5, 0.25), "rho = -3: (1 - 0.5)^(4/-3) = 2^(4/3)"),
                          ((0.9, 0.5), "sigma = 0.5 is rho = -1: (1 - 0.9)^-2 = 100"),
                          ((0.9, 0.75), "rho = -1/3: 0.1^-4 = 10,000"),
                          ((0.0, 0.5), "automating nothing changes nothing")):
            expected = automation.output_multiple(*args)
            got = as_number(call(*args), "the multiple")
            if close(got, expected):
                continue
            f, sigma = args
            wrong_rho = 1 - sigma  # a common slip for rho = (sigma - 1) / sigma
            if close(got, automation.output_multiple(f, sigma, displaced=automation.IDLE)):
                raise Wrong(f"{IDLE_VARIANT}: the multiple is (1 - f)^((1 - rho)/rho), not (1 - f)^(1/rho).")
            if close(got, (1 - f) ** (1 / wrong_rho)) or close(got, (1 - f) ** ((1 - wrong_rho) / wrong_rho)):
                raise Wrong("rho is (sigma - 1) / sigma, not 1 - sigma.")
            if close(got, 1 / (1 - f)):
                raise Wrong("1 / (1 - f) is the answer only for sigma = 0.5, and only if the displaced workers drop "
                            "out: use (1 - f)^((1 - rho)/rho) with rho = (sigma - 1) / sigma.")
            if close(got, (1 - f) ** -2):
                raise Wrong("(1 - f)^-2 is the answer only for sigma = 0.5: use (1 - f)^((1 - rho)/rho) with "
                            "rho = (sigma - 1) / sigma.")
            raise mismatch("output_multiple", args, expected, got, why)
        expect_infinite(call(1.0, 0.5), "when every task is automated, unlimited machines give unlimited output")
        # the boundary the text names: sigma >= 1, with sigma = 1 itself (rho = 0, a division by zero if missed)
        expect_infinite(call(0.3, 1.0), "at sigma = 1 (sigma >= 1: tasks are substitutes), unlimited machines on "
                                         "30% of tasks give unlimited output")
        got = as_number(call(0.0, 1.5), "the multiple")
        if not close(got, 1.0):
            raise mismatch("output_multiple", (0.0, 1.5), 1.0, got,
                           "automating nothing changes nothing, even when tasks are substitutes")
        expect_infinite(call(0.3, 1.5), "when tasks are substitutes (sigma >= 1), unlimited machines give unlimited "
                                        "output")
        return ("0.9 of tasks at σ = 0.5 gives 100x with the workers moved to the other tasks, at σ = 0.75 10,000x; "
                "full automation or σ ≥ 1 is unbounded.")

    return run_check("output_multiple", learner_fn, cases)


def labour_share(learner_fn):
    """learner_fn(automated_share, sigma, machines): income share of the tasks people still do, each with
    1 / (1 - f) units of labour (the displaced workers moved there)."""

    def cases(call):
        for args, why in (((0.9, 0.5, 100.0), "ten workers on each human task: 0.1·10^-1 / (0.1·10^-1 + 0.9·100^-1)"),
                          ((0.5, 0.5, 1.0), "two workers on each human task, one machine on each automated one: the "
                                            "scarcer machines earn more, so people get 1/3"),
                          ((0.9, 0.5, 1e4), "abundant machines leave almost all income to people"),
                          ((0.5, 2.0, 100.0), "with substitutes (rho = 0.5) machines take the income")):
            expected = automation.labour_share(*args)
            got = as_number(call(*args), "the share")
            if close(got, expected):
                continue
            f, sigma, machines = args
            if close(got, automation.labour_share(f, sigma, machines, displaced=automation.IDLE)):
                raise Wrong(f"{IDLE_VARIANT}: a human task's input is 1 / (1 - f), not 1.")
            if close(got, 1 - f):
                raise Wrong("income does not follow the count of tasks: a task's share is x^rho / sum of x^rho.")
            raise mismatch("labour_share", args, expected, got, why)
        return ("with 100 machines per automated task people earn 53% (ten workers on each of their tasks); "
                "with 10,000, 99%.")

    return run_check("labour_share", learner_fn, cases)


def tasks_for_multiple(learner_fn):
    """learner_fn(target, sigma): the share of tasks to automate (unlimited machines, displaced workers moving
    to the remaining tasks) to multiply output by target: f = 1 - target^(sigma - 1)."""

    def cases(call):
        for args, why in (((2.0, 0.25), "(1 - f)^(-4/3) = 2 means f = 1 - 2^(-3/4)"),
                          ((100.0, 0.5), "(1 - f)^-2 = 100 means f = 0.9"),
                          ((1e4, 0.75), "(1 - f)^-4 = 10,000 means f = 0.9"),
                          ((1.0, 0.5), "no gain needs no automation")):
            target, sigma = args
            expected = 1 - target ** (sigma - 1)
            got = as_number(call(*args), "the share")
            if close(got, expected):
                continue
            if close(got, 1 - target ** ((sigma - 1) / sigma)):
                raise Wrong(f"{IDLE_VARIANT}: solve (1 - f)^((1 - rho)/rho) = target for f, not (1 - f)^(1/rho).")
            if close(got, 1 - 1 / target):
                raise Wrong("1 - 1/target holds only at sigma = 0.5, and only if the displaced workers drop out: solve "
                            "(1 - f)^((1 - rho)/rho) = target for f.")
            raise mismatch("tasks_for_multiple", args, expected, got, why)
        return "a hundredfold gain needs 90% of tasks at σ = 0.5, and 90% again for 10,000-fold at σ = 0.75."

    return run_check("tasks_for_multiple", learner_fn, cases)
