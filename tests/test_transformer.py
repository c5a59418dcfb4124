"""The attention-only transformer's hand-written gradients, checked against finite differences."""
import numpy as np
import pytest

from scaling_course import adam, transformer


@pytest.mark.parametrize("n_layers, n_heads", [(1, 1), (2, 2)])
def test_gradients_match_finite_differences(n_layers, n_heads):
    rng = np.random.default_rng(n_layers)
    model = transformer.init(n_layers, n_heads, vocab_size=11, seq_len=9, d_model=8, d_head=4, rng=rng)
    tokens = rng.integers(0, 11, (3, 7))  # shorter than seq_len: the unused positions get no gradient
    weights = rng.random((3, 6))

    def mean_loss():
        losses = transformer.next_token_losses(transformer.forward(model.params, n_layers, tokens)[0], tokens)
        return (losses * weights).sum() / weights.sum()

    _, grads = transformer.loss_and_gradients(model.params, n_layers, tokens, weights)
    assert set(grads) == set(model.params)
    for name, array in model.params.items():
        assert grads[name].shape == array.shape
        for _ in range(6):
            index = tuple(rng.integers(0, n) for n in array.shape)
            old = array[index]
            array[index] = old + 1e-5
            up = mean_loss()
            array[index] = old - 1e-5
            down = mean_loss()
            array[index] = old
            assert grads[name][index] == pytest.approx((up - down) / 2e-5, rel=1e-5, abs=1e-9), name


def test_attention_is_causal_and_normalised():
    rng = np.random.default_rng(0)
    pattern = transformer.causal_attention(rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 3)))
    assert pattern.sum(axis=-1) == pytest.approx(np.ones((2, 5)))
    assert np.all(np.triu(pattern, k=1) == 0)


def test_adam_moves_against_the_gradient():
    params = {"w": np.array([1.0, -2.0])}
    adam.Adam(params, lr=0.1).step(params, {"w": np.array([3.0, -0.5])})
    assert params["w"] == pytest.approx([0.9, -1.9])
