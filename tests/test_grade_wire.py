"""What crosses between a learner's kernel and the grader: plain data only, never pickle, and the same verdict
as the notebook's own check for floats, float32 and 0-d arrays."""
import json
import math

import numpy as np
import pytest

from scaling_course.checks import internals, scaling
from scaling_course.instructor import wire


@pytest.mark.parametrize("value", [
    None, True, 3, -2**60, 1.5, math.inf, -math.inf, "text", 1 + 2j, [1, 2.5], (1, 2.5), ([1], (2,)),
    {"a": (1, [2.0])}, np.float32(0.1), np.int8(-3), np.array(2.5), np.zeros((2, 0, 3)),
    np.arange(6, dtype=np.uint16).reshape(2, 3), np.array([1 + 1j], dtype=np.complex64), np.array([True, False]),
    np.array([1.0, 2.0], dtype=">f8")])
def test_values_cross_unchanged_with_type_dtype_and_shape(value):
    back = wire.loads(wire.dumps(value))
    assert type(back) is type(value) or isinstance(value, np.ndarray) and type(back) is np.ndarray
    if isinstance(value, (np.ndarray, np.generic)):
        assert back.dtype == value.dtype.newbyteorder("=") and np.shape(back) == np.shape(value)
        assert np.array_equal(back, value)
    else:
        assert back == value


def test_nan_crosses_as_nan():
    assert math.isnan(wire.loads(wire.dumps(math.nan)))
    assert np.isnan(wire.loads(wire.dumps(np.array([np.nan])))).all()


@pytest.mark.parametrize("value", [object(), np.array([object()]), {1: 2}, {"a", "b"}, lambda x: x,
                                   np.zeros(2, dtype=[("a", "f8")]), np.array(["a"]), b"bytes"])
def test_anything_else_is_unreadable_by_name(value):
    with pytest.raises(wire.Unreadable):
        wire.dumps(value)


@pytest.mark.parametrize("text", [
    '{"$pickle": "gASV"}', '{"a": 1}', '{"$array": {"dtype": "O", "shape": [1], "data": ""}}',
    '{"$array": {"dtype": "<f8", "shape": [3], "data": "AAAAAAAA8D8="}}', '{"$float": "1e400"}',
    '{"$array": {"dtype": "<f8", "shape": [-1], "data": ""}}', "[" * 100 + "]" * 100, "not json"])
def test_the_grader_refuses_malformed_or_foreign_data(text):
    with pytest.raises(wire.Unreadable):
        wire.loads(text)


def test_a_returned_function_becomes_a_handle_the_grader_can_call_back():
    handles = []
    text = wire.dumps((lambda x: x, 2), handles)
    assert json.loads(text) == {"$tuple": [{"$callable": 0}, 2]} and len(handles) == 1
    back = wire.loads(text, callback=lambda handle: ("remote", handle))
    assert back == (("remote", 0), 2)


@pytest.mark.parametrize("cast", [float, np.float32, np.float64, np.array, lambda v: np.array(v, dtype=np.float32)])
def test_the_verdict_is_the_same_in_the_notebook_and_through_the_wire(cast):
    from scaling_course import superposition

    def learner(W, b, x, importance):
        return cast(superposition.loss(W, b, x, importance))

    def through_wire(*args):
        sent = wire.loads(wire.dumps(list(args)))
        return wire.loads(wire.dumps(learner(*sent)))

    direct, remote = internals.toy_loss(learner), internals.toy_loss(through_wire)
    assert (direct.status, direct.message) == (remote.status, remote.message)
    pair = scaling.implied_doubling_time_months(lambda f, y: cast(math.inf if f == 1 else 12 * y / math.log2(f)))
    again = scaling.implied_doubling_time_months(
        lambda f, y: wire.loads(wire.dumps(cast(math.inf if f == 1 else 12 * y / math.log2(f)))))
    assert (pair.status, pair.message) == (again.status, again.message)
