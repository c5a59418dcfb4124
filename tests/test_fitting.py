import numpy as np
import pytest

from scaling_course import fitting


def test_piecewise_fit_is_exact_on_piecewise_linear_data():
    x = np.linspace(0, 10, 41)
    y = np.abs(x - 4)  # kink at a bin edge for 5 bins of width 2
    predict = fitting.piecewise_linear_fit(x, y, 5)
    assert np.allclose(predict(x), y)
    assert np.allclose(predict([11.0, -1.0]), [7.0, 5.0])  # end lines extrapolate


def test_polynomial_fit_recovers_a_cubic():
    x = np.linspace(-2, 2, 30)
    predict = fitting.polynomial_fit(x, 1 - 2 * x + 0.5 * x**3, 3)
    assert np.allclose(predict([3.0]), [1 - 6 + 13.5])


def test_book_figure_3_piecewise_beats_cubic_on_held_out_data():
    rng = np.random.default_rng(1)
    x, y = fitting.noisy_sine(100, rng)
    x_test, y_test = fitting.noisy_sine(1000, rng)
    cubic = fitting.mse(fitting.polynomial_fit(x, y, 3), x_test, y_test)
    pieces = fitting.mse(fitting.piecewise_linear_fit(x, y, 5), x_test, y_test)
    assert pieces < 0.5 * cubic  # 0.10 against 0.43 with this seed


def test_empty_bins_borrow_a_neighbour():
    x = np.array([0.0, 0.1, 0.2, 9.8, 9.9, 10.0])
    predict = fitting.piecewise_linear_fit(x, 2 * x, 10)
    assert np.all(np.isfinite(predict(np.linspace(0, 10, 50))))


def test_sweep_counts_parameters():
    rng = np.random.default_rng(0)
    x, y = fitting.noisy_sine(80, rng)
    sweep = fitting.complexity_sweep(x, y, x, y, max_bins=4, max_degree=3)
    assert sweep["piecewise"][:, 0].tolist() == [2, 4, 6, 8]
    assert sweep["polynomial"][:, 0].tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize("args, message", [
    ((None, [1.0], 2), "arrays of numbers"),
    (([1.0, 2.0], [1.0], 1), "same length"),
    (([1.0, np.nan], [1.0, 2.0], 1), "NaN"),
    (([1.0, 2.0], [1.0, 2.0], 0), "at least 1"),
    (([1.0, 2.0], [1.0, 2.0], 2.5), "whole number"),
])
def test_bad_input_gets_one_clear_sentence(args, message):
    with pytest.raises(ValueError, match=message):
        fitting.piecewise_linear_fit(*args)


def test_polynomial_degree_needs_enough_points():
    with pytest.raises(ValueError, match="needs more than"):
        fitting.polynomial_fit([0.0, 1.0], [0.0, 1.0], 2)
