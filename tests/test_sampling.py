"""Majority voting over samples (sampling.py)."""
import numpy as np
import pytest
from scaling_course import sampling


def test_majority_voting_amplifies_the_most_likely_answer():
    rng = np.random.default_rng(0)
    good = sampling.answer_probabilities(0.4, 4)
    tempting = sampling.answer_probabilities(0.35, 4, p_distractor=0.45)
    assert sampling.majority_vote_accuracy(good, 1, 4000, rng) == pytest.approx(0.4, abs=0.03)
    assert sampling.majority_vote_accuracy(good, 101, 4000, rng) > 0.95
    assert sampling.majority_vote_accuracy(tempting, 101, 4000, rng) < 0.25
