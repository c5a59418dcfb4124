"""The scaling lab's numpy transformer: gradients against finite differences, causality, shapes, training."""
import numpy as np
import pytest

from scaling_course import lab_model
from scaling_course.lab_model import LabConfig

TINY = LabConfig(n_layers=2, d_model=8, n_heads=2, seq_len=5, vocab_size=7)


def tiny_problem(seed=1):
    rng = np.random.default_rng(seed)
    params = lab_model.init_params(TINY, rng, dtype=np.float64)
    for name in params:  # layer norms away from their identity start, so their gradients are tested too
        if name.startswith("ln"):
            params[name] = params[name] + rng.normal(0.0, 0.3, params[name].shape)
    tokens = rng.integers(0, TINY.vocab_size, (3, TINY.seq_len))
    targets = rng.integers(0, TINY.vocab_size, (3, TINY.seq_len))
    return params, tokens, targets


def test_gradients_match_central_finite_differences_on_every_tensor():
    params, tokens, targets = tiny_problem()
    _, grads = lab_model.loss_and_gradients(params, TINY, tokens, targets)
    assert set(grads) == set(params)
    h = 1e-6
    for name, value in params.items():
        flat, numeric = value.reshape(-1), np.zeros(value.size)
        for i in range(value.size):
            old = flat[i]
            flat[i] = old + h
            up, _ = lab_model.loss_and_gradients(params, TINY, tokens, targets)
            flat[i] = old - h
            down, _ = lab_model.loss_and_gradients(params, TINY, tokens, targets)
            flat[i] = old
            numeric[i] = (up - down) / (2 * h)
        analytic = grads[name].reshape(-1)
        assert grads[name].shape == value.shape
        error = np.linalg.norm(numeric - analytic) / max(np.linalg.norm(numeric), np.linalg.norm(analytic))
        assert error < 1e-6, f"{name}: relative error {error:.2e}"


def test_loss_is_the_mean_cross_entropy_of_the_logits():
    params, tokens, targets = tiny_problem(2)
    loss, _ = lab_model.loss_and_gradients(params, TINY, tokens, targets)
    logits, _ = lab_model.forward(params, TINY, tokens)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(probs[np.arange(targets.size), targets.reshape(-1)]))
    assert loss == pytest.approx(expected, rel=1e-12)
    assert lab_model.mean_loss(params, TINY, tokens, targets, batch=2) == pytest.approx(expected, rel=1e-12)


def test_a_position_never_sees_the_future():
    params, tokens, _ = tiny_problem(3)
    changed = tokens.copy()
    changed[:, 3] = (changed[:, 3] + 1) % TINY.vocab_size
    before, _ = lab_model.forward(params, TINY, tokens)
    after, _ = lab_model.forward(params, TINY, changed)
    per_position = lambda logits: logits.reshape(3, TINY.seq_len, -1)  # noqa: E731
    np.testing.assert_allclose(per_position(before)[:, :3], per_position(after)[:, :3], rtol=0, atol=1e-12)
    assert not np.allclose(per_position(before)[:, 3], per_position(after)[:, 3])


def test_non_embedding_count_is_every_weight_but_the_three_embedding_matrices():
    for config in (TINY, LabConfig(3, 32, 2, 16, 50)):
        params = lab_model.init_params(config, np.random.default_rng(0))
        counted = sum(v.size for k, v in params.items() if k not in ("embed", "pos", "unembed"))
        assert config.non_embedding_params == counted
        assert config.flops_per_token > 6 * counted
        assert all(v.dtype == np.float32 for v in params.values())


def test_learning_rate_warms_up_then_decays_to_a_tenth():
    rates = [lab_model.learning_rate(s, 100, 1e-2, 10) for s in range(100)]
    assert rates[0] == pytest.approx(1e-3) and rates[9] == pytest.approx(1e-2)
    assert all(a >= b for a, b in zip(rates[9:], rates[10:]))
    assert lab_model.learning_rate(100, 100, 1e-2, 10) == pytest.approx(1e-3)


def test_float32_training_lowers_the_loss_reproducibly_and_reports_progress():
    rng = np.random.default_rng(0)
    text = np.tile(rng.integers(0, 7, 40), 50)  # a repeating sequence: learnable
    config = LabConfig(1, 16, 2, 8, 7)
    seen = []
    params, history, seconds = lab_model.train(config, text, 150, 8, seed=4, progress=lambda s, t: seen.append((s, t)))
    assert all(v.dtype == np.float32 for v in params.values())
    assert history[-10:].mean() < 0.6 * history[:10].mean() and seconds > 0  # ln 7 = 1.95 to about 1
    assert seen[-1] == (150, 150) and all(t == 150 for _, t in seen) and len(seen) >= 10
    again, history_again, _ = lab_model.train(config, text, 150, 8, seed=4)
    np.testing.assert_array_equal(history, history_again)
