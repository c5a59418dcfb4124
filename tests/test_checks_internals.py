"""Every Chapter 3 check rejects the stub and plausible wrong answers, and accepts the solution."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from
from test_checks_caller import odd_answers_get_one_sentence

from scaling_course import induction, superposition
from scaling_course.checks import internals as check

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # wrong answers divide by zero

SOLUTION = functions_from(ROOT / "solutions" / "03-internals.ipynb")
STUB = functions_from(ROOT / "exercises" / "03-internals-exercises.ipynb")


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


def _forward_zeroing_its_input(W, b, x):
    """Changes x in place to zeros and returns ReLU(b) per row: right only for a check that computes the
    expected answer after the call, from the zeroed x."""
    x *= 0
    return np.maximum(x @ W.T @ W + b, 0)


def _forward_loop(W, b, x):
    """A correct answer one input at a time, as Wᵀ(W x) on column vectors."""
    return np.array([np.maximum(W.T @ (W @ row) + b, 0) for row in x])


def _forward_float32(W, b, x):
    W, b, x = (np.asarray(a, np.float32) for a in (W, b, x))
    return np.maximum((W.T @ W @ x.T).T + b, 0)


def _dimensionality_without_itself(W):
    """Leaves feature i out of its own sum: the text says the sum runs over all j, i included."""
    norms = np.linalg.norm(W, axis=0)
    safe = np.where(norms > 0, norms, 1)
    overlaps = ((W / safe).T @ W) ** 2
    others = overlaps.sum(axis=1) - np.diag(overlaps)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norms > 0, norms**2 / others, 0.0)


def _dimensionality_loop(W):
    """A correct answer with loops over the columns."""
    W = np.asarray(W, float)
    out = []
    for i in range(W.shape[1]):
        norm = np.linalg.norm(W[:, i])
        if norm == 0:
            out.append(0.0)
            continue
        direction = W[:, i] / norm
        out.append(norm**2 / sum(float(direction @ W[:, j]) ** 2 for j in range(W.shape[1])))
    return out


def _dimensionality_einsum_float32(W):
    W = np.asarray(W, np.float32)
    norms = np.sqrt(np.einsum("mi,mi->i", W, W))
    directions = W / np.where(norms > 0, norms, 1)
    denominator = np.einsum("mi,mj->ij", directions, W) ** 2
    return np.where(norms > 0, norms**2 / np.where(norms > 0, denominator.sum(axis=1), 1), 0)


def _induction_score_vectorised(pattern, tokens):
    """A correct answer that remembers where each token was last seen."""
    last, rows, cols = {}, [], []
    for t, token in enumerate(np.asarray(tokens).tolist()):
        if token in last and last[token] + 1 < t:
            rows.append(t)
            cols.append(last[token] + 1)
        last[token] = t
    return float(np.asarray(pattern)[rows, cols].mean()) if rows else 0.0


def _induction_score_zeroing_its_input(pattern, tokens):
    pattern[:] = 0
    return 0.0


def _induction_score_keeps_immediate_repeats(pattern, tokens):
    """Does not skip a token repeated right away (j + 1 = t): it scores the position itself."""
    values = []
    for t in range(1, len(tokens)):
        earlier = np.flatnonzero(tokens[:t] == tokens[t])
        if len(earlier):
            values.append(pattern[t, earlier[-1] + 1])
    return float(np.mean(values)) if values else 0.0


def _induction_score_nan_when_no_repeat(pattern, tokens):
    values = []
    for t in range(1, len(tokens)):
        earlier = np.flatnonzero(tokens[:t] == tokens[t])
        if len(earlier) and earlier[-1] + 1 < t:
            values.append(pattern[t, earlier[-1] + 1])
    return float(np.mean(values))


WRONG = {
    "toy_forward": [
        lambda W, b, x: x @ W.T @ W + b,                                   # no ReLU
        lambda W, b, x: np.maximum(x @ W.T @ W, 0),                        # no bias
        lambda W, b, x: np.maximum(x @ W @ W.T + b, 0),                    # W Wᵀ: wrong shape
        lambda W, b, x: None,
        lambda W, b, x: np.maximum(x @ W.T @ W, 0) + b,                    # bias after the ReLU
        _forward_zeroing_its_input,                                        # changes its input in place
        lambda W, b, x: np.maximum(x @ W.T @ W + b, 0)[0],                 # only the first input
    ],
    "toy_loss": [
        lambda W, b, x, imp: float(((superposition.reconstruct(W, b, x) - x) ** 2).sum(axis=1).mean()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x) ** 2).sum()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x) ** 2).mean()),
        lambda W, b, x, imp: float((imp * (superposition.reconstruct(W, b, x) - x)).sum(axis=1).mean()),
        lambda W, b, x, imp: float(((imp * (superposition.reconstruct(W, b, x) - x)) ** 2).sum(axis=1).mean()),
        lambda W, b, x, imp: (imp * (superposition.reconstruct(W, b, x) - x) ** 2).sum(axis=1),  # no mean
        lambda W, b, x, imp: float((imp * (x @ W.T @ W + b - x) ** 2).sum(axis=1).mean()),       # no ReLU
    ],
    "feature_dimensionality": [
        lambda W: np.linalg.norm(W, axis=0) ** 2 / ((W / np.linalg.norm(W, axis=0)).T @ W).__pow__(2).sum(axis=1),
        lambda W: np.linalg.norm(W, axis=0) ** 2 / ((W.T @ W) ** 2).sum(axis=1).clip(1e-12),   # forgot Ŵ
        lambda W: np.linalg.norm(W, axis=0) / np.abs(W.T @ W).sum(axis=1).clip(1e-12),         # no squares
        lambda W: np.ones(W.shape[1]) / W.shape[0],
        lambda W: "0.4",
        _dimensionality_without_itself,                                    # leaves i out of its own sum
        lambda W: np.linalg.norm(W, axis=1) ** 2,                          # rows, not columns
        lambda W: _dimensionality_loop(W.T) if W.shape[0] == W.shape[1] else _dimensionality_loop(W)[::-1],
    ],
    "previous_token_qk": [
        _previous_token_qk(20, 0),      # keys not shifted: attends to itself
        _previous_token_qk(1, 1),       # scores too small to choose
        _previous_token_qk(20, -1),     # shifted the wrong way
        _previous_token_qk(6, 1),       # 95% on average, but the last positions fall short
        lambda P: P.T,                  # not a pair
        lambda P: ("W_Q", "W_K"),
        lambda P: (P.T * np.nan, P.T),
        lambda P: np.stack([P.T, P.T]),                                    # a pair, but attending to itself
        lambda P: (2 * P.T, P.T @ np.eye(P.shape[0], k=1)),               # a fixed scale, too small for 40
        lambda P: (np.array(20.0), P.T),                                   # a 0-d array, not a matrix
    ],
    "induction_score": [
        _induction_score_at(0),                 # the earlier copy itself
        _induction_score_at(1, skip_new=False), # averages over new tokens too
        lambda pattern, tokens: float(np.diagonal(pattern, offset=-1).mean()),   # previous-token score
        _induction_score_copies("first"),       # the first earlier copy, not the most recent
        _induction_score_copies("every"),       # adds up the positions after every earlier copy
        _induction_score_zeroing_its_input,     # changes its input in place
        _induction_score_keeps_immediate_repeats,
        _induction_score_nan_when_no_repeat,
    ],
}

# Right answers written other ways: each must pass.
CORRECT = {
    "toy_forward": [_forward_loop, _forward_float32, lambda W, b, x: np.clip(x @ W.T @ W + b, 0, None)],
    "toy_loss": [lambda W, b, x, imp: np.float32(superposition.loss(W, b, x, imp)),
                 lambda W, b, x, imp: np.array(np.mean(np.sum(imp * (_forward_float32(W, b, x) - x) ** 2, axis=1))),
                 lambda W, b, x, imp: sum(float(imp @ (_forward_loop(W, b, x[i:i + 1])[0] - x[i]) ** 2)
                                          for i in range(len(x))) / len(x)],
    "feature_dimensionality": [_dimensionality_loop, _dimensionality_einsum_float32,
                               lambda W: superposition.feature_dimensionality(W).tolist()],
    "previous_token_qk": [lambda P: [W.astype(np.float32) for W in SOLUTION["previous_token_qk"](P)],
                          lambda P: np.stack(SOLUTION["previous_token_qk"](P)),
                          lambda P: (100 * P.T @ np.eye(P.shape[0], k=-1), P.T),   # shift the queries
                          lambda P: (20 * np.sqrt(8) * P.T, P.T @ np.eye(P.shape[0], k=1))],  # one scale for all
    "induction_score": [_induction_score_vectorised, lambda pattern, tokens: np.float32(
        induction.induction_score(pattern, tokens))],
}

# A second round, written as a learner would, after the checks were revised (all judged right at once).
def _induction_score_lists(allow_immediate=False, summary=None):
    def score(pattern, tokens):
        tokens, values = list(tokens), []
        for t in range(len(tokens)):
            earlier = [j for j in range(t) if tokens[j] == tokens[t]]
            if earlier and (earlier[-1] + 1 < t or (allow_immediate and earlier[-1] + 1 == t)):
                values.append(pattern[t][earlier[-1] + 1])
        if summary is not None:
            return float(summary(values)) if values else 0.0
        return sum(values) / len(values) if values else 0
    return score


def _dimensionality_nan_to_num(W):
    with np.errstate(all="ignore"):
        norms = np.linalg.norm(W, axis=0)
        return np.nan_to_num(norms**2 / (((W / norms).T @ W) ** 2).sum(1))


def _dimensionality_both_normalised(W):
    norms = np.linalg.norm(W, axis=0)
    directions = W / np.where(norms > 0, norms, 1)
    return np.where(norms > 0, 1 / ((directions.T @ directions) ** 2).sum(1).clip(1e-12), 0)


WRONG["toy_forward"] += [lambda W, b, x: 1 / (1 + np.exp(-(x @ W.T @ W + b)))]             # sigmoid
WRONG["toy_loss"] += [lambda W, b, x, imp: math.sqrt(np.mean(np.sum(imp * (np.maximum(x @ W.T @ W + b, 0) - x) ** 2,
                                                                    axis=1)))]              # a root
WRONG["feature_dimensionality"] += [_dimensionality_both_normalised]
WRONG["induction_score"] += [_induction_score_lists(allow_immediate=True), _induction_score_lists(summary=np.median)]
CORRECT["toy_forward"] += [lambda W, b, x: np.maximum(np.einsum("bn,mn,mk->bk", x, W, W) + b, 0)]
CORRECT["toy_loss"] += [lambda W, b, x, imp: np.einsum("i,bi->", imp, (np.maximum(x @ W.T @ W + b, 0) - x) ** 2) / len(x)]
CORRECT["feature_dimensionality"] += [_dimensionality_nan_to_num]
CORRECT["previous_token_qk"] += [lambda P: (30 * np.sqrt(P.shape[0]) * P.T, np.roll(P.T, 1, axis=1))]
CORRECT["induction_score"] += [_induction_score_lists()]


(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, CORRECT)


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
    # A named mistake only when the answer is that mistake: a previous-token score or a zeroed input gives 0 on
    # the perfect pattern too, as looking at the copy itself does, but they are not that mistake.
    for other in (WRONG["induction_score"][2], _induction_score_zeroing_its_input):
        assert "one position after" not in check.induction_score(other).message
    assert "scale W_Q up" not in check.previous_token_qk(_previous_token_qk(20, -1)).message
    assert "stands out" in check.previous_token_qk(_previous_token_qk(20, -1)).message
    assert "NaN" not in check.feature_dimensionality(_dimensionality_without_itself).message
    message = check.previous_token_qk(_previous_token_qk(6, 1)).message
    assert "position t = 39" in message and "scale W_Q up" in message and "94" not in message.split("needs")[1]


def test_library_implementations_pass_the_checks():
    assert check.toy_forward(superposition.reconstruct)
    assert check.toy_loss(superposition.loss)
    assert check.feature_dimensionality(superposition.feature_dimensionality)
    assert check.induction_score(induction.induction_score)


def test_odd_answers_get_one_sentence():
    assert odd_answers_get_one_sentence(check, WRONG) == 12 * len(WRONG)
