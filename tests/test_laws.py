import numpy as np
import pytest

from scaling_course import laws

CHINCHILLA_FLOPS = 6 * 70e9 * 1.4e12


def test_loss_formula_by_hand():
    # E + A/N^alpha + B/D^beta with N = D = 1 is just E + A + B
    assert laws.chinchilla_loss(1, 1, "hoffmann") == pytest.approx(1.69 + 406.4 + 410.7)


@pytest.mark.parametrize("fit", ["hoffmann", "epoch"])
@pytest.mark.parametrize("compute", [1e19, 1e22, CHINCHILLA_FLOPS, 1e26])
def test_closed_form_matches_numerical_minimisation(fit, compute):
    n_closed, d_closed = laws.compute_optimal(compute, fit)
    n_numeric, _ = laws.compute_optimal_numerical(compute, fit)
    assert n_closed == pytest.approx(n_numeric, rel=0.01)
    assert 6 * n_closed * d_closed == pytest.approx(compute)


def test_replication_reproduces_chinchillas_20_tokens_per_parameter():
    """Besiroglu et al. 2024 constants at Chinchilla's compute: 18.4 tokens/param (Chinchilla used 20)."""
    n_params, n_tokens = laws.compute_optimal(CHINCHILLA_FLOPS, "epoch")
    assert 15 < n_tokens / n_params < 25
    assert n_params == pytest.approx(70e9, rel=0.15)


def test_hoffmanns_rounded_constants_give_about_93_tokens_per_parameter():
    n_params, n_tokens = laws.compute_optimal(CHINCHILLA_FLOPS, "hoffmann")
    assert n_tokens / n_params == pytest.approx(93, rel=0.03)


def test_arrays_are_accepted():
    n_params, n_tokens = laws.compute_optimal(np.array([1e20, 1e22]), "epoch")
    assert n_params.shape == (2,) and np.all(np.diff(n_params) > 0)


def test_custom_constants():
    symmetric = dict(E=0.0, A=1.0, B=1.0, alpha=0.5, beta=0.5)
    assert laws.compute_optimal(6e18, symmetric) == pytest.approx((1e9, 1e9))


@pytest.mark.parametrize("call, message", [
    (lambda: laws.chinchilla_loss(-1, 1e9), "n_params must be positive"),
    (lambda: laws.chinchilla_loss(1e9, float("nan")), "n_tokens must be positive"),
    (lambda: laws.compute_optimal(1e20, fit="kaplan"), "fit must be one of"),
    (lambda: laws.compute_optimal("lots"), "compute_flops must be positive"),
])
def test_bad_input_gets_one_clear_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()
