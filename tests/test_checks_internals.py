"""Every Chapter 3 check rejects the stub and plausible wrong answers, and accepts the solution."""
import numpy as np
import pytest
from check_contract import contract_tests
from helpers import ROOT, functions_from

from scaling_course import induction, superposition
from scaling_course.checks import internals as check

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # wrong answers divide by zero

SOLUTION = functions_from(ROOT / "solutions" / "03-internals.ipynb")
STUB = functions_from(ROOT / "exercises" / "03-internals.ipynb")


def _previous_token_qk(scale, shift):
    def qk(P):
        T = P.shape[0]
        return scale * np.sqrt(T) * P.T, P.T @ np.eye(T, k=shift)
    return qk


def _induction_score_copies(which):
    """Prefix matching with the wrong earlier copy: the first one, or every one added up."""
    def score(pattern, tokens):
        values = []
        for t in range(1, len(tokens)):
            after = [j + 1 for j in np.flatnonzero(tokens[:t] == tokens[t]) if j + 1 < t]
            if len(after) and np.flatnonzero(tokens[:t] == tokens[t])[-1] + 1 < t:
                values.append(pattern[t, after[0]] if which == "first" else pattern[t, after].sum())
        return float(np.mean(values)) if values else 0.0
    return score


def _induction_score_at(offset, skip_new=True):
    def score(pattern, tokens):
        values = []
        for t in range(1, len(tokens)):
            earlier = np.flatnonzero(tokens[:t] == tokens[t])
            if len(earlier) and earlier[-1] + 1 < t:
                values.append(pattern[t, earlier[-1] + offset])
            elif not skip_new:
                values.append(0.0)
        return float(np.mean(values))
    return score


WRONG = {
    "toy_forward": [
        lambda W, b, x: x @ W.T @ W + b,                                   # no ReLU
        lambda W, b, x: np.maximum(x @ W.T @ W, 0),                        # no bias
        lambda W, b, x: np.maximum(x @ W @ W.T + b, 0),                    # W Wᵀ: wrong shape
        lambda W, b, x: None,
    ],
    "toy_loss": [
        lambda W, b, x, imp: float(((superposition.reconstruct(W, b, x) - x) ** 2).sum(axis=1).mean()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x) ** 2).sum()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x) ** 2).mean()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x)).sum(axis=1).mean()),
    ],
    "feature_dimensionality": [
        lambda W: np.linalg.norm(W, axis=0) ** 2 / ((W / np.linalg.norm(W, axis=0)).T @ W).__pow__(2).sum(axis=1),
        lambda W: np.linalg.norm(W, axis=0) ** 2 / ((W.T @ W) ** 2).sum(axis=1).clip(1e-12),   # forgot Ŵ
        lambda W: np.linalg.norm(W, axis=0) / np.abs(W.T @ W).sum(axis=1).clip(1e-12),         # no squares
        lambda W: np.ones(W.shape[1]) / W.shape[0],
        lambda W: "0.4",
    ],
    "previous_token_qk": [
        _previous_token_qk(20, 0),      # keys not shifted: attends to itself
        _previous_token_qk(1, 1),       # scores too small to choose
        _previous_token_qk(20, -1),     # shifted the wrong way
        _previous_token_qk(6, 1),       # 95% on average, but the last positions fall short
        lambda P: P.T,                  # not a pair
        lambda P: ("W_Q", "W_K"),
        lambda P: (P.T * np.nan, P.T),
    ],
    "induction_score": [
        _induction_score_at(0),                 # the earlier copy itself
        _induction_score_at(1, skip_new=False), # averages over new tokens too
        lambda pattern, tokens: float(np.diagonal(pattern, offset=-1).mean()),   # previous-token score
        _induction_score_copies("first"),       # the first earlier copy, not the most recent
        _induction_score_copies("every"),       # adds up the positions after every earlier copy
    ],
}

(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)


def test_wrong_answers_get_a_specific_hint():
    assert "ReLU" in check.toy_forward(WRONG["toy_forward"][0]).message
    assert "bias" in check.toy_forward(WRONG["toy_forward"][1]).message
    assert "importances" in check.toy_loss(WRONG["toy_loss"][0]).message
    assert "NaN" in check.feature_dimensionality(WRONG["feature_dimensionality"][0]).message
    assert "shift the keys" in check.previous_token_qk(WRONG["previous_token_qk"][0]).message
    assert "scale W_Q up" in check.previous_token_qk(WRONG["previous_token_qk"][1]).message
    assert "one position after" in check.induction_score(WRONG["induction_score"][0]).message
    assert "first earlier copy" in check.induction_score(_induction_score_copies("first")).message
    assert "every earlier copy" in check.induction_score(_induction_score_copies("every")).message
    message = check.previous_token_qk(_previous_token_qk(6, 1)).message
    assert "position t = 39" in message and "scale W_Q up" in message and "94" not in message.split("needs")[1]


def test_library_implementations_pass_the_checks():
    assert check.toy_forward(superposition.reconstruct)
    assert check.toy_loss(superposition.loss)
    assert check.feature_dimensionality(superposition.feature_dimensionality)
    assert check.induction_score(induction.induction_score)
