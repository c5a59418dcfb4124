"""Reading what a learner's function returned (a number, an array, a pair, infinity) and comparing it with the
expected answer: one sentence for anything else, tolerances never tighter than float32, and `judge`, which names
a mistake only when the answer matches that mistake's value."""
import math
import numbers

import numpy as np

from .verdicts import Wrong


# Float32 keeps about 7 significant digits; a few operations in float32 stay within this. It is the floor of
# every relative tolerance in the checks: an answer computed in float32 is a correct answer.
FLOAT32_REL = 2e-6


def _real(value):
    """value as a float if it is one real number (a Python or numpy number, a 0-d or one-element array), else None."""
    if isinstance(value, np.ndarray):
        if value.size != 1 or value.dtype.kind not in "iuf":
            return None
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _kind(value):
    """A few words for what value is, for a sentence."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"a 0-d array holding {value.item()!r}"
        if value.dtype.kind in "USO" and value.size <= 4:
            return f"an array of {value.size} {'labels' if value.dtype.kind in 'US' else 'objects'} {value.tolist()}"
        return f"an array of shape {value.shape}"
    if isinstance(value, (str, bytes)):
        return f"the text {value[:30]!r}"
    if isinstance(value, (bool, np.bool_)):
        return f"the truth value {bool(value)}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, complex):
        return f"the complex number {value}"
    return f"a {type(value).__name__}"


def as_number(value, what):
    """value as a finite float, or Wrong saying what it is instead. 0-d and one-element arrays and numpy
    scalars (float32 included) count as numbers."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    number = _real(value)
    if number is None:
        raise Wrong(f"{what} should be a number, got {_kind(value)}.")
    if not math.isfinite(number):
        raise Wrong(f"{what} is {number}, not a finite number.")
    return number


def as_array(value, shape, what):
    """value as a float array of the given shape, or Wrong saying what is off."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "USbcMm" or raw.dtype.kind == "V":
            raise TypeError
        array = raw.astype(float)
    except (TypeError, ValueError, OverflowError):
        raise Wrong(f"{what} should be an array of numbers, got {_kind(value)}.") from None
    if array.shape != tuple(shape):
        raise Wrong(f"{what} should have shape {tuple(shape)}, got {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise Wrong(f"{what} contains NaN or infinite values.")
    return array


def as_pair(value, what):
    """value as a tuple of two finite numbers (a tuple, list or 2-element array), or Wrong."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    if isinstance(value, np.ndarray):
        if value.ndim != 1 or value.size != 2:
            raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
        if value.dtype.kind not in "iufO":
            raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
        value = tuple(value)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Wrong(f"{what} should be a pair of two numbers, got {_kind(value)}.")
    return as_number(value[0], f"the first item of {what}"), as_number(value[1], f"the second item of {what}")


def close(actual, expected, rel=FLOAT32_REL, abs_tol=1e-9):
    """actual within rel (never tighter than FLOAT32_REL) or abs_tol of expected, elementwise."""
    return bool(np.allclose(actual, expected, rtol=max(rel, FLOAT32_REL), atol=abs_tol))


def shown_apart(expected, got, least=4):
    """expected and got as text with just enough significant digits that they read differently."""
    for digits in range(least, 17):
        a, b = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if a != b:
            return a, b
    return f"{expected!r}", f"{got!r}"


def mismatch(name, args, expected, got, why):
    """The Wrong for a case with a known answer: the call, what it should give and why, and what it gave."""
    shown_expected, shown_got = shown_apart(expected, got)
    return Wrong(f"{name}{args} should be {shown_expected} ({why}), but you got {shown_got}.")


def is_infinite(value):
    """value is +inf: math.inf, a numpy infinity (float32 too), or a 0-d / one-element array holding it."""
    number = _real(value)
    return number is not None and math.isinf(number) and number > 0


def expect_infinite(got, when):
    """Wrong unless got is +inf (as is_infinite reads it): `when` says in words why there is no finite answer."""
    if not is_infinite(got):
        shown = "None" if got is None else (repr(_real(got)) if _real(got) is not None else _kind(got))
        raise Wrong(f"{when}: return math.inf, not {shown}.")


def expect_numbers(call, name, cases, rel=FLOAT32_REL):
    """Each case (args, expected, why): call(*args) must be close to expected, else Wrong naming the case."""
    for args, expected, why in cases:
        got = as_number(call(*args), "the result")
        if not close(got, expected, rel=rel):
            raise mismatch(name, args, expected, got, why)


def _value(formula, args):
    """A mistake's value on args, or None where it has none (a mistake's formula can fail on some cases)."""
    try:
        with np.errstate(all="ignore"):
            value = formula(*args)
        return value if value is not None and np.all(np.isfinite(value)) else None
    except (ArithmeticError, ValueError, TypeError, IndexError):
        return None


def _near(got, value, args, rel):
    return close(got, value, **({} if rel is None else {"rel": rel}))


def judge(call, name, cases, mistakes, read=None, explain=None, compare=_near, show=None):
    """Try each case (args, expected, why, rel): the learner's answer, read by read(value, args) (default: one
    number), must be close to expected (compare(got, expected, args, rel); rel None for the float32 floor).
    On the first miss, a mistake (formula(*args), hint) is named only if the answer equals that mistake's value
    on this case and on every later case where the mistake has a value, so a case on which two mistakes coincide
    does not blame the wrong one (hint: a sentence, or a function of the case's args giving one); else
    explain(args, got) may name what went wrong (a sentence or None); otherwise the miss is shown with the case,
    as show(args) (default name(args))."""
    read = read or (lambda value, args: as_number(value, "the result"))
    shown = show or (lambda args: f"{name}{args}")

    def matches(got, formula, args, rel):
        value = _value(formula, args)
        return value is not None and np.shape(value) == np.shape(got) and compare(got, value, args, rel)

    for index, (args, expected, why, rel) in enumerate(cases):
        got = read(call(*args), args)
        if compare(got, expected, args, rel):
            continue
        suspects = [(formula, hint) for formula, hint in mistakes if matches(got, formula, args, rel)]
        for later_args, _, _, later_rel in cases[index + 1:]:
            if not suspects:
                break
            try:
                later = read(call(*later_args), later_args)
            except (Wrong, NotImplementedError):
                break
            suspects = [(formula, hint) for formula, hint in suspects
                        if _value(formula, later_args) is None or matches(later, formula, later_args, later_rel)]
        if suspects:
            hint = suspects[0][1]
            raise Wrong(f"{shown(args)}: {hint(*args) if callable(hint) else hint}.")
        if explain and (sentence := explain(args, got)):
            raise Wrong(f"{shown(args)}: {sentence}.")
        if np.ndim(got) == 0:
            shown_expected, shown_got = shown_apart(expected, got)
            raise Wrong(f"{shown(args)} should be {shown_expected} ({why}), but you got {shown_got}.")
        raise Wrong(f"{shown(args)} should be {[round(float(v), 4) for v in expected]} ({why}), "
                    f"but you got {[round(float(v), 4) for v in got]}.")
