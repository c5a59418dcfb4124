"""Plain data between the grader and a learner's kernel: JSON with tagged numbers and arrays, never pickle.

What crosses: None, bool, int, float (inf and nan too), complex, str, lists, tuples (kept apart from lists),
dicts with str keys, NumPy scalars and arrays of bool/int/uint/float/complex (dtype and shape kept, 0-d too).
From the kernel, a returned function crosses as a handle the grader can call back. Anything else is
`Unreadable`, which the grader turns into the verdict "your function returned a <type>, which the grader
cannot read". `encode` runs in the learner's kernel and in the grader; `decode` is what the grader trusts:
it builds only the types above, checks every size, and refuses anything it does not know.
"""
import base64
import json
import math

import numpy as np

KINDS = "biufc"                       # bool, int, uint, float, complex: the only dtypes that cross
MAX_BYTES = 256 * 1024 * 1024         # one message's arrays, in all
MAX_DEPTH = 32


class Unreadable(Exception):
    """A value the wire cannot carry; str(self) is the type's name."""


def _float(value):
    return float(value) if math.isfinite(value) else {"$float": repr(float(value))}


def encode(value, handles=None, depth=0):
    """value as JSON-able data; callables become handles (a list to append them to) when handles is given."""
    if depth > MAX_DEPTH:
        raise Unreadable("structure nested more than 32 deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind not in KINDS or array.dtype.hasobject or array.dtype.fields:
            raise Unreadable(f"{type(value).__name__} of dtype {array.dtype}")
        if array.nbytes > MAX_BYTES:
            raise Unreadable(f"{type(value).__name__} larger than 256 MB")
        tag = "$array" if isinstance(value, np.ndarray) else "$scalar"
        data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        return {tag: {"dtype": array.dtype.newbyteorder("<").str, "shape": list(array.shape),
                      "data": base64.b64encode(data).decode("ascii")}}
    if isinstance(value, int):
        return value if abs(value) < 2 ** 53 else {"$int": str(value)}
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, complex):
        return {"$complex": [_float(value.real), _float(value.imag)]}
    if type(value) in (list, tuple):
        items = [encode(item, handles, depth + 1) for item in value]
        return items if type(value) is list else {"$tuple": items}
    if type(value) is dict:
        if not all(type(key) is str for key in value):
            raise Unreadable("dict with keys that are not strings")
        return {"$dict": {key: encode(item, handles, depth + 1) for key, item in value.items()}}
    if handles is not None and callable(value):
        handles.append(value)
        return {"$callable": len(handles) - 1}
    raise Unreadable(type(value).__name__)


def dumps(value, handles=None):
    return json.dumps(encode(value, handles), allow_nan=False)


class _Budget:
    def __init__(self):
        self.left = MAX_BYTES

    def take(self, size):
        self.left -= size
        if self.left < 0:
            raise Unreadable("value larger than 256 MB")


def decode(data, callback=None, budget=None, depth=0):
    """The value that encode(value) described; callback(handle) makes a callable for a returned function."""
    budget = budget or _Budget()
    if depth > MAX_DEPTH:
        raise Unreadable("structure nested more than 32 deep")
    if data is None or isinstance(data, (bool, str, int)) and not isinstance(data, float):
        return data
    if isinstance(data, float):
        return data
    if isinstance(data, list):
        return [decode(item, callback, budget, depth + 1) for item in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise Unreadable("malformed message")
    (tag, body), = data.items()
    if tag == "$float" and body in ("inf", "-inf", "nan"):
        return float(body)
    if tag == "$int" and isinstance(body, str) and len(body) < 5000:
        return int(body)
    if tag == "$complex" and isinstance(body, list) and len(body) == 2:
        parts = [decode(part, None, budget, depth + 1) for part in body]
        if all(type(part) in (int, float) for part in parts):
            return complex(*parts)
    if tag == "$tuple" and isinstance(body, list):
        return tuple(decode(item, callback, budget, depth + 1) for item in body)
    if tag == "$dict" and isinstance(body, dict):
        return {str(key): decode(item, callback, budget, depth + 1) for key, item in body.items()}
    if tag in ("$array", "$scalar") and isinstance(body, dict):
        return _array(tag, body, budget)
    if tag == "$callable" and callback is not None and type(body) is int:
        return callback(body)
    raise Unreadable(f"unknown tag {str(tag)[:20]}")


def _array(tag, body, budget):
    try:
        dtype = np.dtype(str(body["dtype"]))
        shape = tuple(int(n) for n in body["shape"])
        raw = base64.b64decode(str(body["data"]), validate=True)
    except (KeyError, TypeError, ValueError) as error:
        raise Unreadable(f"malformed array ({type(error).__name__})") from None
    if dtype.kind not in KINDS or dtype.hasobject or dtype.fields or dtype.subdtype or any(n < 0 for n in shape):
        raise Unreadable(f"array of dtype {dtype}")
    budget.take(len(raw))
    if len(raw) != math.prod(shape) * dtype.itemsize or tag == "$scalar" and shape:
        raise Unreadable("array whose data does not match its shape")
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
    return array[()] if tag == "$scalar" else array


def loads(text, callback=None):
    if not isinstance(text, str) or len(text) > 2 * MAX_BYTES:
        raise Unreadable("malformed message")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise Unreadable("malformed message") from None
    return decode(data, callback)
