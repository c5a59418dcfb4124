"""Induction heads: hand-wired (Elhage et al. 2021) and trained from scratch (Olsson et al. 2022)."""
import numpy as np
import pytest

from scaling_course import induction, induction_training

V, T = 32, 40


@pytest.fixture(scope="module")
def runs():
    """The two-layer model and the one-layer control, trained the same way (seed 0)."""
    return {layers: induction_training.train(n_layers=layers, vocab_size=V, seq_len=T, seed=0) for layers in (2, 1)}


@pytest.fixture(scope="module")
def held_out():
    return induction.repeated_tokens(256, T, V, np.random.default_rng(123))


def repeated_loss(model, tokens, mask):
    return induction.losses(model, tokens)[mask[:, :-1]].mean()


def test_repeated_tokens_mark_exactly_the_determined_positions():
    tokens, mask = induction.repeated_tokens(200, T, V, np.random.default_rng(0))
    assert tokens.shape == mask.shape == (200, T) and tokens.min() >= 0 and tokens.max() < V
    offsets = set()
    for seq, marks in zip(tokens, mask):
        for t in np.flatnonzero(marks):
            earlier = np.flatnonzero(seq[:t] == seq[t])
            assert len(earlier) == 1 and seq[earlier[0] + 1] == seq[t + 1]  # one earlier copy, it says what comes next
            offsets.add(t - earlier[0])
        assert not marks[-1]
    assert len(offsets) > 10  # no single offset solves the task


def test_handwired_model_completes_the_second_half(held_out):
    model = induction.handwired_model(V, T)
    for tokens, mask in (induction.repeated_halves(300, T, V, np.random.default_rng(1)), held_out):
        predictions = induction.predict(model, tokens)
        accuracy = (predictions[:, :-1] == tokens[:, 1:])[mask[:, :-1]].mean()
        assert accuracy > 0.99
    scores = induction.induction_scores(model, held_out[0])
    assert scores["previous_token"][0, 0] > 0.99 and scores["induction"][1, 0] > 0.9


def test_two_layers_learn_the_repeated_positions(runs, held_out):
    run = runs[2]
    assert run.loss_history.shape == (3000,)
    assert repeated_loss(run.model, *held_out) < 0.1 * np.log(V)


def test_the_drop_comes_after_a_plateau(runs):
    history = runs[2].loss_history
    assert history[:500].mean() > 0.95 * np.log(V)  # plateau near guessing
    step = induction_training.drop_step(history, V)
    assert step is not None and 600 < step < 2900
    # The browser's shorter default run is this run's first BROWSER_STEPS steps: the drop must be over by then.
    assert induction_training.DEFAULT_STEPS == induction_training.NATIVE_STEPS == len(history)
    assert history[induction_training.BROWSER_STEPS - 100:induction_training.BROWSER_STEPS].mean() < 0.2 * np.log(V)
    assert runs[2].icl_history[-1] < -1.0 < -0.1 < runs[2].icl_history[0]


def test_trained_heads_are_previous_token_then_induction(runs, held_out):
    scores = induction.induction_scores(runs[2].model, held_out[0])
    assert scores["previous_token"].shape == scores["induction"].shape == (2, 2)
    assert scores["previous_token"][0].max() > 0.4
    assert scores["induction"][1].max() > 0.4


def test_one_layer_control_does_not_learn_induction(runs, held_out):
    assert repeated_loss(runs[1].model, *held_out) > 0.9 * np.log(V)
    assert induction_training.drop_step(runs[1].loss_history, V) is None


def test_scores_of_hand_made_patterns():
    T_ = 6
    previous = np.eye(T_, k=-1)
    previous[0, 0] = 1
    assert induction.previous_token_score(previous) == 1.0
    tokens = np.array([3, 7, 5, 3, 7, 5])
    perfect = np.zeros((T_, T_))
    perfect[[0, 1, 2], [0, 1, 2]] = 1
    perfect[3, 1], perfect[4, 2], perfect[5, 3] = 1, 1, 1
    assert induction.induction_score(perfect, tokens) == 1.0
    assert induction.induction_score(np.tril(np.ones((T_, T_))) / np.arange(1, T_ + 1)[:, None], tokens) \
        == pytest.approx((1 / 4 + 1 / 5 + 1 / 6) / 3)


@pytest.mark.parametrize("tokens, message", [(np.array([[0.5, 1.0]]), "whole numbers"),
                                              (np.array([[0, 40]]), "ids in 0..31"),
                                              (np.zeros((1, 41), dtype=int), "at most 40")])
def test_bad_tokens_get_one_sentence(tokens, message):
    with pytest.raises(ValueError, match=message):
        induction.predict(induction.handwired_model(V, T), tokens)


def test_a_missing_generator_gets_one_sentence():
    with pytest.raises(ValueError, match="default_rng"):
        induction.repeated_tokens(2, T, V, rng=None)
