"""Checks for the Chapter 7 "Explosion" exercises."""
import math

import numpy as np

from .. import feedback
from . import Wrong, as_array, as_number, close, expect_infinite, is_infinite, judge, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"elasticity": 1, "regime": 1, "doubling_times": 2, "time_to_infinity": 2, "speed_ceiling": 2}


def elasticity(learner_fn):
    """learner_fn(x1, y1, x2, y2): the constant elasticity through two points."""

    def cases(call):
        judge(call, "elasticity", [
            (args, feedback.elasticity(*args), why, None) for args, why in (
                ((1, 1, 10, 5), "ten times the compute, five times the speed: ln 5 / ln 10"),
                ((1, 1, 4, 2), "a square root: 4x gives 2x"),
                ((2, 3, 8, 48), "y grows as x squared"),
                ((10, 6, 20, 6), "no response"),
                ((4, 6, 10, 9), "1.5x from 2.5x: ln 1.5 / ln 2.5"),
                ((1, 8, 4, 2), "y falls to a quarter as x quadruples: the exponent is negative"),
                ((10, 5, 1, 1), "the first case's points in the other order"))], [
            (lambda x1, y1, x2, y2: (y2 / y1) / (x2 / x1),
             "a ratio of factors is not an elasticity: an elasticity compares logarithms, ln(y2/y1) / ln(x2/x1)"),
            (lambda x1, y1, x2, y2: (y2 - y1) / (x2 - x1),
             "that is a slope in levels: an elasticity compares proportional changes, ln(y2/y1) / ln(x2/x1)"),
            (lambda x1, y1, x2, y2: ((y2 - y1) / y1) / ((x2 - x1) / x1),
             "percentage changes over a finite step depend on the step's size: compare logarithms, "
             "ln(y2/y1) / ln(x2/x1)"),
            (lambda x1, y1, x2, y2: abs(math.log(y2 / y1) / math.log(x2 / x1)),
             "y falls as x grows here, so the elasticity is negative: keep its sign"),
            (lambda x1, y1, x2, y2: -math.log(y2 / y1) / math.log(x2 / x1),
             "the sign is flipped: take both ratios in the same order, ln(y2/y1) / ln(x2/x1)"),
            (lambda x1, y1, x2, y2: math.log(y2 // y1) / math.log(x2 // x1),
             "whole-number division (//) rounds the ratios down: use / for y2/y1 and x2/x1"),
            (lambda x1, y1, x2, y2: math.log(x2 / x1) / math.log(y2 / y1),
             "that is upside down, the elasticity of x with respect to y: ln(y2/y1) goes on top"),
            (lambda x1, y1, x2, y2: math.log(y2 / y1), "divide by ln(x2/x1) as well"),
        ])
        return ("5x from 10x is an elasticity of 0.699, not 0.5; a square root is 0.5; falling y gives a negative "
                "elasticity, and the order of the points does not matter.")

    return run_check("elasticity", learner_fn, cases)


REGIMES = ("slowing", "exponential", "accelerating")


def _label(got, r):
    """got as one of the words, or Wrong saying what it is instead (a 0-d array of text counts as text)."""
    if isinstance(got, np.ndarray) and got.ndim == 0 and got.dtype.kind == "U":
        got = got.item()
    if isinstance(got, str):
        return str(got)
    if got is None:
        raise Wrong(f"regime({r}) returned None: did you forget to `return` the word?")
    if isinstance(got, np.ndarray):
        what = f"an array of shape {got.shape}"
    else:
        text = repr(got)
        what = f"{type(got).__name__} {text}" if len(text) <= 40 else f"a {type(got).__name__}"
    raise Wrong(f"regime({r}) should return one word, 'slowing', 'exponential' or 'accelerating', but returned "
                f"{what}.")


def regime(learner_fn):
    """learner_fn(r): 'slowing', 'exponential' or 'accelerating'."""

    def cases(call):
        for r in (0.4, 0.99, 0.999, 1.0, 1.001, 1.01, 3.6):
            expected = feedback.regime(r)
            got = _label(call(r), r)
            if got == expected:
                continue
            if got.strip().lower() == expected:
                raise Wrong(f"for r = {r} return exactly {expected!r} (lower case, no spaces), not {got!r}.")
            raise Wrong(f"for r = {r} the regime is {expected!r}, but you returned {got!r}"
                        f"{': r = 1 is the boundary, where growth is exactly exponential' if r == 1 else ''}"
                        f"{': only r = 1 exactly is exponential' if got == 'exponential' else ''}.")
        return "slowing below r = 1, exponential at 1, accelerating above (0.999 and 1.001 included)."

    return run_check("regime", learner_fn, cases)


def doubling_times(learner_fn):
    """learner_fn(r, beta, first, n): the first n doubling times, each 2^(-beta (r - 1)) times the last."""

    def expected(r, beta, first, n):
        return first * 2.0 ** (-beta * (r - 1) * np.arange(n))

    def cases(call):
        judge(call, "doubling_times", [
            (args, expected(*args), why, None) for args, why in (
                ((1.0, 0.5, 0.67, 4), "at r = 1 every doubling takes as long"),
                ((1.4, 0.5, 1.0, 5), "each doubling takes 2^-0.2 = 0.87 times the last"),
                ((0.6, 0.5, 0.5, 3), "at r < 1 each takes longer"),
                ((1.6, 0.8, 2.0, 6), "each takes 2^-0.48 = 0.72 times the last"),
                ((2.0, 0.3, 5.0, 1), "one doubling: just the first"))], [
            (lambda r, beta, first, n: first * 2.0 ** (-(r - 1) * np.arange(n)),
             "the shrink factor per doubling is 2^(-beta (r - 1)): you left out beta"),
            (lambda r, beta, first, n: first * 2.0 ** (beta * (r - 1) * np.arange(n)),
             "with r > 1 doublings get faster: the factor is 2^(-beta (r - 1)), with a minus sign"),
            (lambda r, beta, first, n: np.cumsum(expected(r, beta, first, n)),
             "those are running totals, the times at which each doubling ends: return each doubling's own length"),
            (lambda r, beta, first, n: expected(r, beta, first, n + 1)[1:],
             "the list starts with `first` itself, then shrinks by the factor"),
            (lambda r, beta, first, n: first * np.exp(-beta * (r - 1) * np.arange(n)),
             "the factor is a power of 2, 2^(-beta (r - 1)), not of e"),
        ], read=lambda value, args: as_array(value, (args[3],), "the doubling times"))
        return "constant at r = 1, shrinking by 2^(-β(r-1)) above, growing below, for any β and n."

    return run_check("doubling_times", learner_fn, cases)


def time_to_infinity(learner_fn):
    """learner_fn(r, beta, first): the sum of all doubling times, finite only when r > 1."""

    def total(r, beta, first):
        return first / (1 - 2 ** (-beta * (r - 1)))

    def partial_sum(args, got):
        """If got is the sum of the first k doublings only, a sentence saying so."""
        r, beta, first = args
        if not r > 1:
            return None
        ratio = 2 ** (-beta * (r - 1))
        rest = 1 - got * (1 - ratio) / first  # ratio^k when got is the sum of the first k doublings
        terms = round(math.log(rest) / math.log(ratio)) if 0 < rest < 1 else 0
        if terms < 1 or not close(got, first * (1 - ratio**terms) / (1 - ratio)):
            return None
        return (f"you added up the first {terms:,} doublings only, and the rest still add "
                f"{total(*args) - got:.4g}: sum the whole geometric series, first / (1 - ratio)")

    def finite_time(value, args):
        if is_infinite(value):
            raise Wrong(f"time_to_infinity{args}: at r = {args[0]} > 1 the doublings shrink, so their sum is finite, "
                        f"but you returned infinity.")
        return as_number(value, "the time")

    def cases(call):
        # Just above r = 1 the doublings shrink by 0.17% each: a sum of the first 1,000 is 18% short, of the
        # first 5,000 still 0.02%. The formula itself, in float32, loses 4e-5 there to cancellation in 1 - ratio.
        finite = [(args, total(*args), why, rel) for args, why, rel in (
            ((1.4, 0.5, 1.0), "a geometric series: 1 / (1 - 2^-0.2)", None),
            ((3.6, 0.5, 0.44), "fast returns: 0.44 / (1 - 2^-1.3)", None),
            ((1.2, 0.5, 0.64), "0.64 / (1 - 2^-0.1)", None),
            ((2.0, 0.3, 1.5), "1.5 / (1 - 2^-0.3)", None),
            ((1.005, 0.5, 1.0), "just above r = 1: 1 / (1 - 2^-0.0025)", 1e-4))]
        judge(call, "time_to_infinity", finite, [
            (lambda r, beta, first: first / (1 - 2 ** (-(r - 1))),
             "the ratio between doublings is 2^(-beta (r - 1)): you left out beta"),
            (lambda r, beta, first: total(r, beta, first) - first,
             "the sum starts with the first doubling, `first` itself"),
            (lambda r, beta, first: first / (1 - 2 ** (beta * (r - 1))),
             "a time cannot be negative: the ratio between doublings is 2^(-beta (r - 1)), below 1 when r > 1"),
            (lambda r, beta, first: first / (1 - math.exp(-beta * (r - 1))),
             "the ratio between doublings is a power of 2, not of e"),
        ], read=finite_time, explain=partial_sum)
        for args in ((1.0, 0.5, 0.67), (0.7, 0.5, 1.0)):
            expect_infinite(call(*args), f"at r = {args[0]} the doublings never shrink, so there is no blow-up")
        return "1 / (1 - 2^-0.2) = 7.7 doubling-times at r = 1.4, 578 at r = 1.005; no blow-up at r <= 1."

    return run_check("time_to_infinity", learner_fn, cases)


def speed_ceiling(learner_fn):
    """learner_fn(sigma, compute_share): research speed-up from unlimited labour at fixed compute."""

    def rho(sigma):
        return (sigma - 1) / sigma

    def cases(call):
        judge(call, "speed_ceiling", [
            (args, feedback.speed_ceiling(*args), why, None) for args, why in (
                ((0.5, 0.5), "rho = -1: 0.5^-1 = 2"), ((0.3, 0.5), "rho = -7/3"),
                ((0.7, 0.3), "rho = -3/7: 0.3^(-7/3)"), ((0.5, 0.8), "compute matters more: 0.8^-1"),
                ((0.9, 0.5), "near sigma = 1 the ceiling is high: 0.5^-9 = 512"),
                ((0.5, 1.0), "research that needs only compute gains nothing from labour: 1"))], [
            (lambda sigma, a: (1 - a) ** (1 / rho(sigma)),
             "with unlimited labour the labour term vanishes, (a C^rho)^(1/rho) remains: use the compute share a, "
             "not 1 - a"),
            (lambda sigma, a: 1 / a,
             "1/a is the ceiling only at sigma = 0.5: it is a^(1/rho) with rho = (sigma - 1)/sigma"),
            (lambda sigma, a: a ** rho(sigma), "raise a to the power 1/rho, not rho"),
            (lambda sigma, a: a ** (-1 / rho(sigma)),
             "that is below 1, a slow-down: the exponent 1/rho is negative for sigma < 1, so a^(1/rho) is above 1"),
        ], read=lambda value, args: as_number(value, "the ceiling"))
        for sigma in (1.5, 1.0):
            expect_infinite(call(sigma, 0.5), f"at sigma = {sigma} (sigma >= 1) labour can stand in for compute "
                                              f"without limit, so there is no ceiling")
        return ("σ = 0.5 with compute half of research caps the speed-up at 2x, σ = 0.9 at 512x; "
                "σ ≥ 1 has no ceiling.")

    return run_check("speed_ceiling", learner_fn, cases)
