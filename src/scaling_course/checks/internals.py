"""Checks for the Chapter 3 "Internals" exercises."""
import numpy as np

from .. import induction, superposition, transformer
from . import FLOAT32_REL, Wrong, _kind, as_array, as_number, close, run_check, shown_apart


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"toy_forward": 1, "toy_loss": 2, "feature_dimensionality": 2, "previous_token_qk": 3, "induction_score": 2}


def _toy_cases(seed=0):
    """Small toy-model inputs (W, b, x, importance) with a known right answer."""
    rng = np.random.default_rng(seed)
    cases = [(np.array([[1.0, 0, 0], [0, 1.0, 0]]), np.array([0.0, 0.0, 0.5]),
              np.array([[0.2, 0.7, 0.9], [0.0, 0.0, 0.3]]), superposition.importances(3))]
    for n, m, batch in ((5, 2, 7), (6, 3, 4)):
        cases.append((rng.normal(size=(m, n)), rng.normal(scale=0.3, size=n),
                      superposition.sample_features(rng, batch, n, 0.5), superposition.importances(n)))
    return cases


def toy_forward(learner_fn):
    """learner_fn(W, b, x): the reconstruction ReLU(Wᵀ W x + b) of each row of x."""

    def cases(call):
        for W, b, x, _ in _toy_cases():
            expected = superposition.reconstruct(W, b, x)  # before the learner's function sees x
            got = as_array(call(W, b, x), x.shape, "the reconstruction")
            if close(got, expected):
                continue
            if close(got, superposition.reconstruct(W, b, x, "linear")):
                raise Wrong("you return Wᵀ W x + b, but some entries are negative: apply the ReLU, np.maximum(·, 0).")
            if close(got, superposition.reconstruct(W, 0 * b, x)):
                raise Wrong("the result is right without the bias: add b before the ReLU.")
            raise Wrong(f"with W of shape {W.shape} and {len(x)} inputs, your reconstruction differs from "
                        f"ReLU(Wᵀ W x + b) (largest gap {np.abs(got - expected).max():.3g}).")
        return "matches ReLU(Wᵀ W x + b) on a hand case (a dropped feature returns its bias) and 2 random ones."

    return run_check("toy_forward", learner_fn, cases)


def toy_loss(learner_fn):
    """learner_fn(W, b, x, importance): Σ_i I_i (x_i − x'_i)², averaged over the batch."""

    def cases(call):
        for W, b, x, importance in _toy_cases(1):
            expected = superposition.loss(W, b, x, importance)
            got = as_number(call(W, b, x, importance), "the loss")
            if close(got, expected, rel=FLOAT32_REL):
                continue
            error = (superposition.reconstruct(W, b, x) - x) ** 2
            if close(got, error.sum(axis=1).mean()):
                raise Wrong("you left out the importances: weight feature i's squared error by importance[i].")
            if close(got, (importance * error).sum()):
                raise Wrong("you summed over the batch: average over the inputs (rows) instead.")
            if close(got, (importance * error).mean()):
                raise Wrong("you averaged over features too: sum over features, average over the batch.")
            shown_expected, shown_got = shown_apart(expected, got)
            raise Wrong(f"the loss should be {shown_expected} for this {x.shape[0]}-input batch, "
                        f"but you got {shown_got}.")
        return "matches the importance-weighted squared error, summed over features and averaged over the batch."

    return run_check("toy_loss", learner_fn, cases)


def feature_dimensionality(learner_fn):
    """learner_fn(W): D_i = ‖W_i‖² / Σ_j (Ŵ_i · W_j)² for each column, 0 for a dropped (zero) column."""

    def cases(call):
        angles = np.radians(np.arange(5) * 72.0)
        named = [("a pentagon", np.stack([np.cos(angles), np.sin(angles)]), [0.4] * 5),
                 ("two antipodal pairs and a dropped feature",
                  np.array([[1.0, -1, 0, 0, 0], [0, 0, 1, -1, 0]]), [0.5, 0.5, 0.5, 0.5, 0]),
                 ("two orthogonal features of length 2", np.array([[2.0, 0], [0, 2.0]]), [1, 1])]
        rng = np.random.default_rng(3)
        W = rng.normal(size=(3, 6))
        named.append(("a random 3x6 W", W, superposition.feature_dimensionality(W)))
        for what, W, expected in named:
            result = call(W)
            try:
                got = np.asarray(result, dtype=float) if result is not None else None
            except (TypeError, ValueError, OverflowError):
                got = None  # as_array below names the problem
            dropped = ~W.any(axis=0)
            if (got is not None and got.shape == (W.shape[1],) and dropped.any() and np.isnan(got[dropped]).all()
                    and close(got[~dropped], np.asarray(expected)[~dropped])):
                raise Wrong(f"for {what} you return NaN: a column of zeros (a dropped feature) should get D = 0.")
            got = as_array(result, (W.shape[1],), "D")
            if not close(got, expected):
                raise Wrong(f"for {what} D should be {np.round(expected, 3).tolist()}, "
                            f"but you got {np.round(got, 3).tolist()}.")
        return "pentagon 2/5, antipodal pairs 1/2, a dimension of its own 1, dropped 0, and a random W."

    return run_check("feature_dimensionality", learner_fn, cases)


def previous_token_qk(learner_fn):
    """learner_fn(P) -> (W_Q, W_K): with orthonormal positional embeddings P, attend from t to t - 1."""

    def cases(call):
        rng = np.random.default_rng(4)
        for T, d in ((8, 8), (12, 16), (40, 48)):
            P = induction.orthonormal_positions(T, d, rng)
            result = call(P)
            if isinstance(result, np.ndarray) and result.ndim == 3 and len(result) == 2:
                result = tuple(result)  # two matrices stacked in one array are a pair too
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise Wrong(f"return a pair (W_Q, W_K) of matrices, not {_kind(result)}.")
            try:
                W_Q, W_K = (np.asarray(w, dtype=float) for w in result)
            except (TypeError, ValueError, OverflowError):
                raise Wrong("W_Q and W_K should be arrays of numbers.") from None
            if not (np.all(np.isfinite(W_Q)) and np.all(np.isfinite(W_K))):
                raise Wrong("W_Q and W_K contain NaN or infinite values.")
            if W_Q.ndim != 2 or W_Q.shape[0] != d or W_Q.shape != W_K.shape:
                raise Wrong(f"W_Q and W_K should both have shape (d_model, d_head) = ({d}, e), got "
                            f"{W_Q.shape} and {W_K.shape}.")
            with np.errstate(over="ignore", invalid="ignore"):
                pattern = transformer.causal_attention(P @ W_Q, P @ W_K)
            if not np.all(np.isfinite(pattern)):
                raise Wrong(f"with {T} positions your scores overflow to infinity: a smaller scale is enough.")
            on_previous = np.diagonal(pattern, offset=-1)          # attention from t to t - 1, t = 1..T-1
            worst = int(np.argmin(on_previous))
            if on_previous[worst] >= 0.95:
                continue
            row = pattern[worst + 1, :worst + 2]                   # what position t = worst + 1 can see
            favourite = int(np.argmax(row))
            runner_up = np.sort(row)[-2]
            hint = ("no position stands out: the query of t must match the key of t - 1"
                    if row.max() - runner_up < 0.01 else
                    "the previous token is its favourite but the softmax is not sharp enough over that many "
                    "positions: make the scores larger (scale W_Q up)" if favourite == worst else
                    "most of it stays on the position itself: shift the keys by one" if favourite == worst + 1
                    else f"most of it goes to position {favourite}")
            raise Wrong(f"with {T} positions, position t = {worst + 1} puts only {on_previous[worst]:.1%} of its "
                        f"attention on t - 1 (every position needs at least 95%); {hint}.")
        return "every position puts at least 95% of its attention on the previous token, for 8, 12 and 40 positions."

    return run_check("previous_token_qk", learner_fn, cases)


def induction_score(learner_fn):
    """learner_fn(pattern, tokens): mean attention from a repeated token to the token after its earlier copy."""

    def cases(call):
        tokens = np.array([3, 7, 5, 3, 7, 5])
        perfect = np.zeros((6, 6))
        perfect[[0, 1, 2], [0, 1, 2]] = 1
        perfect[3, 1] = perfect[4, 2] = perfect[5, 3] = 1
        copy_itself = np.eye(6)
        copy_itself[3, 3] = copy_itself[4, 4] = copy_itself[5, 5] = 0
        copy_itself[3, 0] = copy_itself[4, 1] = copy_itself[5, 2] = 1
        uniform = np.tril(np.ones((6, 6))) / np.arange(1, 7)[:, None]
        rng = np.random.default_rng(5)
        seq, _ = induction.repeated_tokens(1, 20, 12, rng)
        random = transformer.causal_attention(rng.normal(size=(20, 4)), rng.normal(size=(20, 4)))
        many = np.array([5, 2, 5, 8, 5, 3, 2, 5, 8, 1, 5, 7])      # 5 occurs five times, 2 and 8 twice
        busy = transformer.causal_attention(rng.normal(size=(12, 4)), rng.normal(size=(12, 4)))
        stutter = np.array([4, 4, 9, 4, 9, 9, 2, 4])              # 4 and 9 each repeated right away once
        short = transformer.causal_attention(rng.normal(size=(8, 4)), rng.normal(size=(8, 4)))
        fresh = np.array([6, 1, 3, 0, 2])                          # no token repeats
        named = [("the perfect induction pattern", perfect, tokens),
                 ("a head that looks at the earlier copy itself", copy_itself, tokens),
                 ("uniform attention", uniform, tokens), ("a random pattern", random, seq[0]),
                 ("a sequence in which token 5 occurs five times", busy, many),
                 ("tokens 4 4 9 4 9 9 2 4, where a token repeated right away is skipped", short, stutter),
                 ("a sequence in which no token repeats", uniform[:5, :5], fresh)]
        for what, pattern, toks in named:
            expected = induction.induction_score(pattern, toks)  # before the learner's function sees them
            got = as_number(call(pattern, toks), "the score")
            if not close(got, expected):
                # Name a mistake only where its value differs from the others': on the busy sequence (on the
                # perfect pattern, say, looking at the copy itself and returning 0 for anything agree).
                hint = _induction_hint(busy, many, as_number(call(busy, many), "the score"))
                shown_expected, shown_got = shown_apart(expected, got)
                raise Wrong(f"for {what} the score should be {shown_expected}, but you got {shown_got}{hint}.")
        return ("1 for a perfect induction head, 0 for one that looks at the copy itself, random patterns, "
                "a token repeated five times, immediate repeats skipped, and 0 when nothing repeats.")

    return run_check("induction_score", learner_fn, cases)


def _induction_hint(pattern, tokens, got):
    """Name the usual slips in induction_score: the copy itself, the first copy, or every copy."""
    rows, positions, earlier = induction.earlier_copies(tokens)
    if not len(positions):
        return ""
    pattern = np.asarray(pattern, dtype=float)
    if close(got, pattern[positions, earlier].mean()):
        return ": look one position after the earlier copy, not at the copy itself"
    tokens = np.asarray(tokens)
    first = np.array([np.flatnonzero(tokens[:t] == tokens[t])[0] for t in positions])
    if close(got, pattern[positions, first + 1].mean()):
        return ": you used the first earlier copy; use the most recent one"
    every = [pattern[t, [j + 1 for j in np.flatnonzero(tokens[:t] == tokens[t]) if j + 1 < t]].sum()
             for t in positions]
    if close(got, np.mean(every)):
        return ": you added up the positions after every earlier copy; use only the most recent one"
    return ""
