"""Induction heads in a tiny attention-only transformer, wired by hand and trained from scratch.

An induction head completes patterns: having seen "... A B ... A", it predicts B. It takes two
heads in two layers. A previous-token head in layer 0 writes "the token before me was A" into
each position; the induction head in layer 1 then looks, from the current A, for the position
whose previous token was A (K-composition: its keys read what layer 0 wrote) and copies the
token it finds there, B.

The training data are sequences in which a random segment of distinct tokens appears twice, its
length and place varying from sequence to sequence; every other position is a random token
that is not in the segment. Inside the second copy the next token is determined by the first
copy; everywhere else it is a guess among the tokens outside the segment.

The model and its hand-written gradients live in transformer.py.

Training one (Adam on these sequences, the loss drop and the in-context-learning score) is in
induction_training.py.

References: N. Elhage et al., "A Mathematical Framework for Transformer Circuits" (2021);
C. Olsson et al., "In-context Learning and Induction Heads" (2022), transformer-circuits.pub.

Used in: Chapter 3: book/03-internals, solutions/03-internals, checks/internals.py.
"""
import importlib
import warnings

import numpy as np

from . import transformer
from .transformer import Transformer
from .validation import require_int

SHARP = 40.0  # attention logit gap in the hand-wired model: softmax becomes a hard choice


# --- data --------------------------------------------------------------------------------------

def repeated_tokens(batch, seq_len, vocab_size, rng, min_length=None, max_length=None):
    """Sequences in which a segment of distinct tokens appears twice; returns (tokens, mask).

    tokens is (batch, seq_len). mask[b, t] is True where the next token, tokens[b, t + 1], is
    determined by the segment's first occurrence (positions inside the second copy). The
    segment's length is uniform in [min_length, max_length] (default: a fifth of the context up
    to just under half of it) and both copies start at random places.
    """
    batch = require_int(batch, "batch", 1)
    seq_len = require_int(seq_len, "seq_len", 8)
    _require_generator(rng)
    vocab_size = require_int(vocab_size, "vocab_size", 4)
    max_length = min(seq_len // 2 - 1, vocab_size - 2) if max_length is None else max_length
    min_length = min(max(2, seq_len // 5), max_length) if min_length is None else min_length
    if not 2 <= min_length <= max_length:
        raise ValueError(f"the repeated segment needs 2 <= min_length <= max_length, "
                         f"got {min_length} and {max_length} (seq_len {seq_len}, vocab_size {vocab_size}).")
    lengths = rng.integers(min_length, max_length + 1, size=(batch, 1))
    order = np.argsort(rng.random((batch, vocab_size)), axis=1)  # a random permutation per row
    # every position first gets a random token from outside the segment (order[length:])
    outside = lengths + (rng.random((batch, seq_len)) * (vocab_size - lengths)).astype(int)
    tokens = np.take_along_axis(order, outside, axis=1)
    first = (rng.random((batch, 1)) * (seq_len - 2 * lengths + 1)).astype(int)
    second = first + lengths + (rng.random((batch, 1)) * (seq_len - first - 2 * lengths + 1)).astype(int)
    position = np.arange(seq_len)
    for start in (first, second):
        inside = (position >= start) & (position < start + lengths)
        segment = np.take_along_axis(order, np.clip(position - start, 0, vocab_size - 1), axis=1)
        tokens = np.where(inside, segment, tokens)
    mask = (position >= second) & (position < second + lengths - 1)
    return tokens, mask


def _require_generator(rng):
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy random Generator such as np.random.default_rng(0), got {rng!r}.")


def repeated_halves(batch, seq_len, vocab_size, rng):
    """Sequences whose second half repeats a first half of distinct random tokens; (tokens, mask)."""
    half = require_int(seq_len, "seq_len", 4) // 2
    _require_generator(rng)
    if half > vocab_size:
        raise ValueError(f"a first half of {half} distinct tokens needs vocab_size >= {half}, got {vocab_size}.")
    first = np.argsort(rng.random((batch, vocab_size)), axis=1)[:, :half]
    tokens = np.concatenate([first, first], axis=1)
    mask = np.zeros(tokens.shape, dtype=bool)
    mask[:, half:-1] = True
    return tokens, mask


# --- the model ---------------------------------------------------------------------------------

def attention_patterns(model, tokens):
    """Attention of every head: array (n_layers, batch, n_heads, T, T) for tokens (batch, T)."""
    tokens = _as_tokens(model, tokens)
    return np.stack([c["pattern"] for c in transformer.forward(model.params, model.n_layers, tokens)[1]["layers"]])


def predict(model, tokens):
    """The model's most likely next token at each position; (batch, T)."""
    return np.argmax(transformer.forward(model.params, model.n_layers, _as_tokens(model, tokens))[0], axis=-1)


def losses(model, tokens):
    """Per-position next-token loss in nats; (batch, T - 1)."""
    tokens = _as_tokens(model, tokens)
    return transformer.next_token_losses(transformer.forward(model.params, model.n_layers, tokens)[0], tokens)


def _as_tokens(model, tokens):
    tokens = np.asarray(tokens)
    if tokens.ndim == 1:
        tokens = tokens[None]
    if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer):
        raise ValueError(f"tokens must be a (batch, length) array of whole numbers, got shape {tokens.shape}.")
    if tokens.shape[1] > model.seq_len or tokens.min() < 0 or tokens.max() >= model.vocab_size:
        raise ValueError(f"tokens must be ids in 0..{model.vocab_size - 1} and at most {model.seq_len} long.")
    return tokens


# --- scores ------------------------------------------------------------------------------------

def previous_token_score(pattern):
    """Mean attention from each position t >= 1 to position t - 1; pattern (..., T, T)."""
    pattern = np.asarray(pattern, dtype=float)
    return float(np.diagonal(pattern, offset=-1, axis1=-2, axis2=-1).mean())


def earlier_copies(tokens):
    """Where tokens repeat: index arrays (row, t, j) for each position t whose token appeared
    before, most recently at j, with j + 1 < t (a token repeated at once is left out).
    tokens (T,) or (batch, T)."""
    rows, positions, earlier = [], [], []
    for row, seq in enumerate(np.atleast_2d(tokens)):
        last_seen = {}
        for t, token in enumerate(seq.tolist()):
            j = last_seen.get(token)
            if j is not None and j + 1 < t:
                rows.append(row), positions.append(t), earlier.append(j)
            last_seen[token] = t
    return np.array(rows, dtype=int), np.array(positions, dtype=int), np.array(earlier, dtype=int)


def induction_score(pattern, tokens, copies=None):
    """Prefix matching: mean attention from a repeated token to the token after its earlier copy.

    pattern (T, T) or (batch, T, T); tokens (T,) or (batch, T). Positions whose token has not
    appeared before are skipped; with several earlier copies the most recent counts. copies,
    if given, is earlier_copies(tokens), so several heads can share one search.
    """
    pattern = np.asarray(pattern, dtype=float)
    rows, positions, earlier = earlier_copies(tokens) if copies is None else copies
    if pattern.ndim == 2:
        pattern = pattern[None]
    return float(pattern[rows, positions, earlier + 1].mean()) if len(positions) else 0.0


def induction_scores(model, tokens):
    """Previous-token and induction (prefix-matching) score of every head, each (n_layers, n_heads)."""
    patterns = attention_patterns(model, tokens)  # (L, B, H, T, T)
    copies = earlier_copies(tokens)
    per_head = [[patterns[l, :, h] for h in range(model.n_heads)] for l in range(model.n_layers)]
    return {
        "previous_token": np.array([[previous_token_score(p) for p in row] for row in per_head]),
        "induction": np.array([[induction_score(p, tokens, copies) for p in row] for row in per_head]),
    }


# --- the hand-wired model ----------------------------------------------------------------------

def handwired_model(vocab_size, seq_len):
    """Two layers, one head each, with weights set by hand to implement an induction head.

    The residual stream has four blocks: the current token (one-hot, vocab), the position
    (one-hot, seq_len), the previous token (vocab, written by layer 0) and the prediction (vocab,
    written by layer 1 and read by the unembedding).
    """
    V, T = require_int(vocab_size, "vocab_size", 2), require_int(seq_len, "seq_len", 2)
    tok, pos, prev, out = (slice(0, V), slice(V, V + T), slice(V + T, 2 * V + T),
                           slice(2 * V + T, 3 * V + T))
    d = 3 * V + T
    scale = SHARP * np.sqrt(T)  # undo the 1/sqrt(d_head) in the attention scores
    p = {"embed": np.zeros((V, d)), "pos": np.zeros((T, d)), "unembed": np.zeros((d, V))}
    p["embed"][:, tok] = np.eye(V)
    p["pos"][:, pos] = np.eye(T)
    p["unembed"][out] = np.eye(V)
    # layer 0: query "I am at t" matches key "I am at t - 1"; the value is the token, written to prev
    p["q0"], p["k0"], p["v0"], p["o0"] = (np.zeros((1, d, T)), np.zeros((1, d, T)),
                                          np.zeros((1, d, V)), np.zeros((1, V, d)))
    p["q0"][0, pos] = scale * np.eye(T)
    p["k0"][0, pos] = np.eye(T, k=1)  # position t - 1 carries key t
    p["v0"][0, tok] = np.eye(V)
    p["o0"][0][:, prev] = np.eye(V)
    # layer 1: query "my token is A" matches key "my previous token was A"; copy that position's token
    p["q1"], p["k1"], p["v1"], p["o1"] = (np.zeros((1, d, V)), np.zeros((1, d, V)),
                                          np.zeros((1, d, V)), np.zeros((1, V, d)))
    p["q1"][0, tok] = SHARP * np.sqrt(V) * np.eye(V)
    p["k1"][0, prev] = np.eye(V)
    p["k1"][0, V] = -2.0  # position 0 has no previous token (layer 0 copied its own): never match it
    p["v1"][0, tok] = np.eye(V)
    p["o1"][0][:, out] = SHARP * np.eye(V)
    return Transformer(p, n_layers=2, n_heads=1)


def orthonormal_positions(seq_len, d_model, rng):
    """Positional embeddings (seq_len, d_model) whose rows are orthonormal (needs d_model >= seq_len)."""
    if d_model < seq_len:
        raise ValueError(f"orthonormal rows need d_model >= seq_len, got {d_model} < {seq_len}.")
    basis, _ = np.linalg.qr(rng.normal(size=(d_model, seq_len)))
    return basis.T


# --- drawing -----------------------------------------------------------------------------------

TWO_LAYER, ONE_LAYER = "#0072B2", "#D55E00"  # Okabe-Ito


def draw_pattern(ax, pattern, title, mask_row=None):
    """One head's attention pattern (T, T): row = the position attending, column = where it looks."""
    ax.imshow(pattern, cmap="Greys", vmin=0, vmax=1)
    ax.set(xlabel="attends to position", ylabel="position", title=title)
    ax.title.set_fontsize(10)
    if mask_row is not None:  # mark where the repeated copy is
        rows = np.flatnonzero(mask_row)
        ax.plot([-0.5] * len(rows), rows, "|", color=TWO_LAYER, ms=6, mew=3, clip_on=False,
                label="rows inside the repeat")
        ax.legend(loc="upper right", fontsize=8, handlelength=0.8)


def draw_head_scores(ax, scores):
    """Previous-token and induction score of each head (layer.head), side by side."""
    n_layers, n_heads = scores["previous_token"].shape
    names = [f"{l}.{h}" for l in range(n_layers) for h in range(n_heads)]
    x = np.arange(len(names))
    ax.bar(x - 0.2, scores["previous_token"].ravel(), 0.4, label="previous-token score", color="#009E73")
    ax.bar(x + 0.2, scores["induction"].ravel(), 0.4, label="induction score", color="#CC79A7")
    ax.set(xticks=x, xticklabels=names, xlabel="head (layer.head)", ylabel="mean attention", ylim=(0, 1))
    previous = names[int(np.argmax(scores["previous_token"]))]
    inducer = names[int(np.argmax(scores["induction"]))]
    ax.set_title(f"Head {previous} looks back one token; head {inducer} is the induction head", fontsize=10)
    ax.legend(fontsize=8)


# Names that moved to induction_training.py; a saved notebook that reads them here still runs, with a warning.
MOVED = ("TrainingRun", "drop_step", "icl_score", "BROWSER_STEPS", "NATIVE_STEPS", "DEFAULT_STEPS", "train",
         "draw_training")


def __getattr__(name):
    if name in MOVED:
        warnings.warn(f"induction.{name} moved to induction_training.{name}; the old name goes on 2027-09-01.",
                      DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(f"{__package__}.induction_training"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
