"""Nines of reliability, pass@k and constant-hazard horizons (reliability.py)."""
import math
import numpy as np
import pytest
from scaling_course import reliability


def test_books_numbers():
    """One nine over 10 steps is about 35%; two nines about 90% (The Scaling Era, nines of reliability)."""
    assert reliability.chain_success(0.9, 10) == pytest.approx(0.349, abs=0.001)
    assert reliability.chain_success(0.99, 10) == pytest.approx(0.904, abs=0.001)
    assert reliability.nines(0.999) == pytest.approx(3)
    assert reliability.required_step_reliability(0.9, 10) == pytest.approx(0.9 ** 0.1)


def test_arrays_are_accepted():
    assert reliability.chain_success(np.array([0.9, 0.99]), 10) == pytest.approx([0.349, 0.904], abs=0.001)
    assert reliability.nines(np.array([0.9, 0.99])) == pytest.approx([1, 2])
    assert reliability.pass_at_k(np.array([10, 20]), 3, 2).shape == (2,)
    assert reliability.horizon_success(np.array([0, 60]), 60) == pytest.approx([1, 0.5])


@pytest.mark.parametrize("n, c, k", [(10, 3, 1), (10, 3, 5), (50, 7, 20), (1000, 50, 100), (5, 5, 2), (8, 0, 3)])
def test_pass_at_k_matches_exact_combinatorics(n, c, k):
    assert reliability.pass_at_k(n, c, k) == pytest.approx(1 - math.comb(n - c, k) / math.comb(n, k), rel=1e-10)


@pytest.mark.parametrize("n, c, k, expected", [(5, 2, 6, 1.0), (3, 0, 5, 0.0), (3, 3, 9, 1.0), (1, 1, 2, 1.0)])
def test_pass_at_k_beyond_n_takes_every_sample(n, c, k, expected):
    """As the Chapter 2 exercise defines it: with k > n the draws take all n samples."""
    assert reliability.pass_at_k(n, c, k) == expected
    assert reliability.pass_at_k(n, c, n) == expected  # the same as drawing exactly n


def test_constant_hazard_horizons():
    """Ord (2025): T80 = 0.322 T50 and T99 = T50 / 69 under a constant hazard."""
    assert reliability.horizon_at(0.8, 1) == pytest.approx(0.322, abs=0.001)
    assert 1 / reliability.horizon_at(0.99, 1) == pytest.approx(69, abs=0.5)
    assert reliability.horizon_success(60, 60) == pytest.approx(0.5)


@pytest.mark.parametrize("call, message", [
    (lambda: reliability.chain_success(1.2, 3), "between 0 and 1"),
    (lambda: reliability.chain_success(0.5, -1), "whole number"),
    (lambda: reliability.nines(np.nan), "between 0 and 1"),
    (lambda: reliability.required_step_reliability(0.9, 0), "at least 1"),
    (lambda: reliability.pass_at_k(5, 6, 1), "cannot exceed n"),
    (lambda: reliability.pass_at_k(5, 2, 2.5), "whole number"),
    (lambda: reliability.horizon_success(-1, 60), "zero or positive"),
    (lambda: reliability.horizon_success(10, 0), "must be positive"),
    (lambda: reliability.chain_success("high", 3), "probability"),
])
def test_out_of_domain_raises_one_clear_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()
