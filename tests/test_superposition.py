"""Toy Models of Superposition (Elhage et al. 2022), n = 5 features in m = 2 dimensions."""
import numpy as np
import pytest

from scaling_course import superposition as sp


@pytest.fixture(scope="module")
def trained():
    """One model per sparsity that the paper's figure shows a distinct geometry for (seed 0)."""
    return {s: sp.train(sparsity=s, seed=0) for s in (0.0, 0.8, 0.9, 0.99)}


def test_dense_features_keep_two_orthogonal_and_drop_the_rest(trained):
    W, b = trained[0.0]
    assert W.shape == (2, 5) and b.shape == (5,)
    assert list(sp.represented(W)) == [0, 1]  # the two most important
    assert sp.feature_norms(W)[:2] == pytest.approx([1, 1], abs=0.05)
    assert sp.feature_norms(W)[2:] == pytest.approx([0, 0, 0], abs=0.05)
    assert sorted(sp.adjacent_gaps(sp.feature_angles(W)))[0] == pytest.approx(90, abs=6)
    assert b[2:] == pytest.approx([0.5] * 3, abs=0.05)  # a dropped feature is guessed at its mean


def test_sparse_features_pack_four_as_two_antipodal_pairs(trained):
    W, _ = trained[0.8]
    kept = sp.represented(W)
    assert len(kept) == 4
    unit = W[:, kept] / sp.feature_norms(W)[kept]
    cosines = unit.T @ unit
    partners = [np.argmin(row) for row in cosines]
    assert all(cosines[i, j] < -0.95 for i, j in enumerate(partners))  # each has an opposite
    assert sp.feature_dimensionality(W)[kept] == pytest.approx([0.5] * 4, abs=0.05)


@pytest.mark.parametrize("sparsity", [0.9, 0.99])
def test_very_sparse_features_form_a_pentagon(trained, sparsity):
    W, _ = trained[sparsity]
    assert len(sp.represented(W)) == 5
    assert sp.adjacent_gaps(sp.feature_angles(W)) == pytest.approx([72] * 5, abs=6)
    assert sp.feature_dimensionality(W) == pytest.approx([0.4] * 5, abs=0.04)


@pytest.mark.parametrize("sparsity", [0.0, 0.9, 0.99])
def test_linear_model_never_goes_beyond_two_features(sparsity):
    W, _ = sp.train(sparsity=sparsity, seed=0, nonlinearity="linear", restarts=4)
    assert len(sp.represented(W, threshold=0.2)) <= 2


def test_geometry_is_stable_across_seeds():
    for seed in (1, 2):
        W, _ = sp.train(sparsity=0.95, seed=seed, restarts=4)
        assert sp.adjacent_gaps(sp.feature_angles(W)) == pytest.approx([72] * 5, abs=6)


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 2, 5)), rng.normal(size=(3, 5)) * 0.1
    x = sp.sample_features(rng, 64, 5, 0.5)
    importance = sp.importances(5)
    for nonlinearity in sp.NONLINEARITIES:
        _, d_W, d_b = sp.gradients(W, b, x, importance, nonlinearity)
        for array, grad in ((W, d_W), (b, d_b)):
            for index in np.ndindex(array.shape):
                old = array[index]
                array[index] = old + 1e-6
                up = sp.loss(W, b, x, importance, nonlinearity).sum()
                array[index] = old - 1e-6
                down = sp.loss(W, b, x, importance, nonlinearity).sum()
                array[index] = old
                assert grad[index] == pytest.approx((up - down) / 2e-6, rel=1e-4, abs=1e-7)


def test_feature_dimensionality_of_known_geometries():
    angles = np.radians([0, 72, 144, 216, 288])
    pentagon = np.stack([np.cos(angles), np.sin(angles)])
    assert sp.feature_dimensionality(pentagon) == pytest.approx([0.4] * 5)
    pairs = np.array([[1, -1, 0, 0, 0], [0, 0, 1, -1, 0]], dtype=float)
    assert sp.feature_dimensionality(pairs) == pytest.approx([0.5, 0.5, 0.5, 0.5, 0])
    assert sp.feature_dimensionality(np.eye(2, 5)) == pytest.approx([1, 1, 0, 0, 0])


@pytest.mark.parametrize("options, message", [
    (dict(sparsity=1.0), "sparsity"), (dict(sparsity=-0.1), "sparsity"), (dict(steps=0), "steps"),
    (dict(n_hidden=2.5), "n_hidden"), (dict(nonlinearity="tanh"), "nonlinearity")])
def test_bad_arguments_are_refused_in_one_sentence(options, message):
    with pytest.raises(ValueError, match=message):
        sp.train(**options)


def test_feature_dimensionality_wants_a_matrix():
    with pytest.raises(ValueError, match="2-D"):
        sp.feature_dimensionality([1.0, 2.0])


def test_progress_is_reported():
    seen = []
    sp.train(steps=250, restarts=1, progress=lambda step, total: seen.append((step, total)))
    assert seen == [(100, 250), (200, 250), (250, 250)]
