"""Checks for the Chapter 7 "Explosion" exercises."""

from .. import feedback
from . import Wrong, as_array, as_number, close, expect_infinite, mismatch, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"elasticity": 1, "regime": 1, "doubling_times": 2, "time_to_infinity": 2, "speed_ceiling": 2}


def elasticity(learner_fn):
    """learner_fn(x1, y1, x2, y2): the constant elasticity through two points."""

    def cases(call):
        for args, why in (((1, 1, 10, 5), "ten times the compute, five times the speed: ln 5 / ln 10"),
                          ((1, 1, 4, 2), "a square root: 4x gives 2x"),
                          ((2, 3, 8, 48), "y grows as x squared"),
                          ((10, 6, 20, 6), "no response")):
            expected = feedback.elasticity(*args)
            got = as_number(call(*args), "the elasticity")
            if close(got, expected):
                continue
            x1, y1, x2, y2 = args
            if close(got, (y2 / y1) / (x2 / x1)):
                raise Wrong(f"{y2 / y1:g}x over {x2 / x1:g}x is a ratio of factors, not an elasticity: an elasticity "
                            f"compares logarithms, ln(y2/y1) / ln(x2/x1).")
            if x2 != x1 and close(got, (y2 - y1) / (x2 - x1)):
                raise Wrong("that is a slope in levels: an elasticity compares proportional changes, "
                            "ln(y2/y1) / ln(x2/x1).")
            raise mismatch("elasticity", args, expected, got, why)
        return "5x from 10x is an elasticity of 0.699, not 0.5; a square root is 0.5."

    return run_check("elasticity", learner_fn, cases)


def regime(learner_fn):
    """learner_fn(r): 'slowing', 'exponential' or 'accelerating'."""

    def cases(call):
        for r in (0.4, 0.99, 1.0, 1.01, 3.6):
            expected = feedback.regime(r)
            got = call(r)
            if got != expected:
                raise Wrong(f"for r = {r} the regime is {expected!r}, but you returned {got!r}"
                            f"{': r = 1 is the boundary, where growth is exactly exponential' if r == 1 else ''}.")
        return "slowing below r = 1, exponential at 1, accelerating above."

    return run_check("regime", learner_fn, cases)


def doubling_times(learner_fn):
    """learner_fn(r, beta, first, n): the first n doubling times, each 2^(-beta (r - 1)) times the last."""

    def cases(call):
        for args, why in (((1.0, 0.5, 0.67, 4), "at r = 1 every doubling takes as long"),
                          ((1.4, 0.5, 1.0, 5), "each doubling takes 2^-0.2 = 0.87 times the last"),
                          ((0.6, 0.5, 0.5, 3), "at r < 1 each takes longer")):
            r, beta, first, n = args
            expected = [first * 2 ** (-beta * (r - 1) * k) for k in range(n)]
            got = as_array(call(*args), (n,), "the doubling times")
            if close(got, expected):
                continue
            if close(got, [first * 2 ** (-(r - 1) * k) for k in range(n)]):
                raise Wrong("the shrink factor per doubling is 2^(-beta (r - 1)): you left out beta.")
            if close(got, [first * 2 ** (beta * (r - 1) * k) for k in range(n)]):
                raise Wrong("with r > 1 doublings get faster: the factor is 2^(-beta (r - 1)), with a minus sign.")
            raise Wrong(f"doubling_times{args} should be {[round(v, 4) for v in expected]} ({why}), "
                        f"but you got {[round(float(v), 4) for v in got]}.")
        return "constant at r = 1, shrinking by 2^(-β(r-1)) above, growing below."

    return run_check("doubling_times", learner_fn, cases)


def time_to_infinity(learner_fn):
    """learner_fn(r, beta, first): the sum of all doubling times, finite only when r > 1."""

    def cases(call):
        for args, why in (((1.4, 0.5, 1.0), "a geometric series: 1 / (1 - 2^-0.2)"),
                          ((3.6, 0.5, 0.44), "fast returns: 0.44 / (1 - 2^-1.3)"),
                          ((1.2, 0.5, 0.64), "0.64 / (1 - 2^-0.1)")):
            r, beta, first = args
            expected = first / (1 - 2 ** (-beta * (r - 1)))
            got = as_number(call(*args), "the time")
            if close(got, expected):
                continue
            if close(got, first / (1 - 2 ** (-(r - 1)))):
                raise Wrong("the ratio between doublings is 2^(-beta (r - 1)): you left out beta.")
            raise mismatch("time_to_infinity", args, expected, got, why)
        for args in ((1.0, 0.5, 0.67), (0.7, 0.5, 1.0)):
            expect_infinite(call(*args), f"at r = {args[0]} the doublings never shrink, so there is no blow-up")
        return "1 / (1 - 2^-0.2) = 7.7 doubling-times at r = 1.4; no blow-up at r <= 1."

    return run_check("time_to_infinity", learner_fn, cases)


def speed_ceiling(learner_fn):
    """learner_fn(sigma, compute_share): research speed-up from unlimited labour at fixed compute."""

    def cases(call):
        for args, why in (((0.5, 0.5), "rho = -1: 0.5^-1 = 2"), ((0.3, 0.5), "rho = -7/3"),
                          ((0.7, 0.3), "rho = -3/7: 0.3^(-7/3)"), ((0.5, 0.8), "compute matters more: 0.8^-1")):
            expected = feedback.speed_ceiling(*args)
            got = as_number(call(*args), "the ceiling")
            if close(got, expected):
                continue
            sigma, a = args
            rho = (sigma - 1) / sigma
            if close(got, (1 - a) ** (1 / rho)):
                raise Wrong("with unlimited labour the labour term vanishes, (a C^rho)^(1/rho) remains: use the "
                            "compute share a, not 1 - a.")
            if close(got, 1 / a):
                raise Wrong("1/a is the ceiling only at sigma = 0.5: it is a^(1/rho) with rho = (sigma - 1)/sigma.")
            raise mismatch("speed_ceiling", args, expected, got, why)
        expect_infinite(call(1.5, 0.5), "with sigma >= 1 labour can stand in for compute without limit")
        return "σ = 0.5 with compute half of research caps the speed-up at 2x; σ ≥ 1 has no ceiling."

    return run_check("speed_ceiling", learner_fn, cases)
