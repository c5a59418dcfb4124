"""Aghion, Jones & Jones (2019): automating complementary tasks raises output by (1 - f)^(1/rho)."""
import math

import numpy as np
import pytest

from scaling_course import automation


@pytest.mark.parametrize("sigma", [0.25, 0.5, 0.75, 0.9])
@pytest.mark.parametrize("share", [0.1, 0.5, 0.9, 0.99])
def test_closed_form_matches_an_explicit_economy(sigma, share):
    assert automation.output_multiple(share, sigma) == pytest.approx(
        automation.output_multiple_numerical(share, sigma, n_tasks=1000), rel=1e-9)


def test_the_papers_point_tenfold_at_ninety_percent_and_unbounded_at_full_automation():
    assert automation.output_multiple(0.9, 0.5) == pytest.approx(10)
    assert automation.output_multiple(1.0, 0.5) == math.inf
    assert automation.output_multiple(0.5, 1.0) == math.inf  # substitutes: machines alone suffice
    assert automation.output_multiple(0.0, 0.5) == 1.0


def test_income_flows_to_the_bottleneck_tasks():
    """Baumol: more machines on automated tasks raise the human tasks' share of income towards 1."""
    shares = [automation.labour_share(0.9, 0.5, m) for m in (1, 10, 100, 1e6)]
    assert shares[0] == pytest.approx(0.1) and all(a < b for a, b in zip(shares, shares[1:])) and shares[-1] > 0.999
    assert automation.labour_share(0.9, 2.0, 100) < 0.1  # with substitutes the machines take the income


def test_ces_reduces_to_the_minimum_for_strong_complements():
    assert automation.ces_output(np.array([1.0, 5.0, 9.0]), -60) == pytest.approx(1.0, rel=0.02)


def test_bad_input_gets_one_sentence():
    with pytest.raises(ValueError, match="fraction of tasks"):
        automation.output_multiple(1.2, 0.5)
    with pytest.raises(ValueError, match="positive input"):
        automation.ces_output(np.array([1.0, 0.0]), -1)
