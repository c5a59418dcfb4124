"""Input checks that turn a learner's bad argument into one clear sentence (a ValueError).

Used in: every demo module's argument checks (all chapters).
"""
import numbers

import numpy as np


def require_int(value, name, low=None, high=None):
    """value as an int, or a ValueError saying why it is not acceptable."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    if low is not None and value < low or high is not None and value > high:
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bounds}, got {value}.")
    return int(value)


def require_positive(value, name):
    """value as a float array of positive finite numbers, or a ValueError."""
    array = np.asarray(value, dtype=float) if _is_numeric(value) else None
    if array is None or not np.all(np.isfinite(array)) or np.any(array <= 0):
        raise ValueError(f"{name} must be positive finite numbers, got {value!r}.")
    return array


def require_samples(x, y):
    """x and y as equal-length 1-D float arrays with finite values, or a ValueError."""
    if not (_is_numeric(x) and _is_numeric(y)):
        raise ValueError("x and y must be arrays of numbers.")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or y.ndim != 1 or len(x) != len(y):
        raise ValueError(f"x and y must be 1-D and the same length, got shapes {x.shape} and {y.shape}.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must not contain NaN or infinite values.")
    return x, y


def _is_numeric(value):
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return value is not None
