"""Aghion, Jones & Jones (2019): automating complementary tasks, with the displaced workers moved to the
remaining tasks (the paper, (1 - f)^(-1/(1 - sigma))) or dropped (the contrast, (1 - f)^(1/rho))."""
import math

import numpy as np
import pytest

from scaling_course import automation

REALLOCATED, IDLE = automation.REALLOCATED, automation.IDLE


@pytest.mark.parametrize("displaced", [REALLOCATED, IDLE])
@pytest.mark.parametrize("sigma", [0.25, 0.5, 0.75, 0.9])
@pytest.mark.parametrize("share", [0.1, 0.5, 0.9, 0.99])
def test_closed_form_matches_an_explicit_economy(sigma, share, displaced):
    assert automation.output_multiple(share, sigma, displaced=displaced) == pytest.approx(
        automation.output_multiple_numerical(share, sigma, n_tasks=1000, displaced=displaced), rel=1e-9)


@pytest.mark.parametrize("sigma", [0.25, 0.5, 0.75])
@pytest.mark.parametrize("share", [0.3, 0.9])
def test_reallocation_is_the_papers_formula_from_first_principles(sigma, share):
    """An explicit economy of 1,000 tasks and 1,000 workers: automated tasks get (nearly) unlimited capital,
    the workers are spread over the remaining tasks. The closed form is (1 - f)^(-1/(1 - sigma)), and it is
    the paper's eq. (12), A [b^(1-rho) K^rho + (1-b)^(1-rho) L^rho]^(1/rho), with capital growing without bound."""
    n, rho = 1000, automation.rho_from_sigma(sigma)
    automated = int(share * n)
    before = automation.ces_output(np.ones(n), rho)
    after = automation.ces_output(np.concatenate([np.full(automated, 1e60), np.full(n - automated, n / (n - automated))]),
                                  rho)
    closed = (1 - share) ** (-1 / (1 - sigma))
    assert after / before == pytest.approx(closed, rel=1e-9)
    assert automation.output_multiple(share, sigma) == pytest.approx(closed, rel=1e-12)
    capital, labour = 1e60, 1.0
    eq12 = (share ** (1 - rho) * capital**rho + (1 - share) ** (1 - rho) * labour**rho) ** (1 / rho)
    assert eq12 / labour == pytest.approx(closed, rel=1e-9)  # before automation Y = L


def test_spreading_the_workers_evenly_is_the_best_reallocation():
    """The closed form assumes the displaced workers spread evenly over the remaining tasks; with concave
    (sigma < 1) aggregation any uneven spread of the same workers gives less output."""
    rng = np.random.default_rng(0)
    rho, n, automated = automation.rho_from_sigma(0.5), 200, 180
    even = automation.ces_output(np.concatenate([np.full(automated, np.inf), np.full(n - automated, n / 20)]), rho)
    for _ in range(50):
        labour = rng.dirichlet(np.ones(n - automated)) * n
        uneven = automation.ces_output(np.concatenate([np.full(automated, np.inf), labour]), rho)
        assert uneven < even


def test_the_papers_point_hundredfold_at_ninety_percent_and_the_idle_contrast_tenfold():
    assert automation.output_multiple(0.9, 0.5) == pytest.approx(100)
    assert automation.output_multiple(0.9, 0.5, displaced=IDLE) == pytest.approx(10)
    assert automation.output_multiple(0.99, 0.5) == pytest.approx(1e4)
    assert automation.output_multiple(0.9, 0.75) == pytest.approx(1e4)
    assert automation.output_multiple(1.0, 0.5) == math.inf
    assert automation.output_multiple(1.0, 0.5, displaced=IDLE) == math.inf
    assert automation.output_multiple(0.5, 1.0) == math.inf  # substitutes: machines alone suffice
    assert automation.output_multiple(0.0, 0.5) == 1.0
    assert np.all(automation.output_multiple(np.array([0.1, 0.5, 0.9]), 0.5)
                  > automation.output_multiple(np.array([0.1, 0.5, 0.9]), 0.5, displaced=IDLE))


@pytest.mark.parametrize("displaced", [REALLOCATED, IDLE])
@pytest.mark.parametrize("sigma", [0.5, 0.75, 1.0, 1.5])
def test_finite_machines_match_the_explicit_economy_and_approach_the_limit(sigma, displaced):
    for share, machines in ((0.5, 1.0), (0.9, 10.0), (0.3, 1e3)):
        closed = automation.output_multiple_with_machines(share, sigma, machines, displaced)
        if sigma == 1.0:  # Cobb-Douglas: the geometric mean of the inputs
            human = automation.human_labour_per_task(share, displaced)
            assert closed == pytest.approx(human ** (1 - share) * machines**share)
        else:
            assert closed == pytest.approx(automation.output_multiple_numerical(share, sigma, 1000, machines, displaced),
                                           rel=1e-9)
    if sigma < 1:
        assert automation.output_multiple_with_machines(0.9, sigma, 1e40, displaced) == pytest.approx(
            automation.output_multiple(0.9, sigma, displaced), rel=1e-3)


def test_income_flows_to_the_bottleneck_tasks():
    """Baumol: more machines on automated tasks raise the human tasks' share of income towards 1."""
    for displaced in (REALLOCATED, IDLE):
        shares = [automation.labour_share(0.9, 0.5, m, displaced) for m in (1, 10, 100, 1e6)]
        assert all(a < b for a, b in zip(shares, shares[1:])) and shares[-1] > 0.999
    # idle: one worker per human task, one machine per automated task: income follows the count of tasks
    assert automation.labour_share(0.9, 0.5, 1, IDLE) == pytest.approx(0.1)
    # reallocated: ten workers on each human task make labour abundant there, so at first it earns little
    assert automation.labour_share(0.9, 0.5, 1) == pytest.approx(0.01 / (0.01 + 0.9))
    assert automation.labour_share(0.9, 0.5, 10) == pytest.approx(0.1)
    assert automation.labour_share(0.9, 2.0, 100) < 0.1  # with substitutes the machines take the income


def test_ces_reduces_to_the_minimum_for_strong_complements():
    assert automation.ces_output(np.array([1.0, 5.0, 9.0]), -60) == pytest.approx(1.0, rel=0.02)


def test_bad_input_gets_one_sentence():
    with pytest.raises(ValueError, match="fraction of tasks"):
        automation.output_multiple(1.2, 0.5)
    with pytest.raises(ValueError, match="positive input"):
        automation.ces_output(np.array([1.0, 0.0]), -1)
    with pytest.raises(ValueError, match="move to the remaining tasks"):
        automation.output_multiple(0.5, 0.5, displaced="vanish")
