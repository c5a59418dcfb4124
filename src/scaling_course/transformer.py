"""A tiny attention-only transformer in numpy, with backprop written out by hand.

No MLPs and no layer norm, as in the two-layer models of Elhage et al. (2021): tokens and
positions are embedded into a residual stream, each layer's causal attention heads read from it
and add their output back, and the unembedding turns the last stream into next-token logits.

The gradients are checked against finite differences in tests/test_transformer.py; the
optimiser is adam.Adam. Written by
hand they cost about a fifth of what a general autodiff library spends per step on arrays this
small, which is what lets the induction-head demo train in seconds.

Shapes: B batch, T positions, d residual width, H heads, e head width, V vocabulary.

Used in: Chapter 3: induction.py, checks/internals.py.
"""
import ctypes
import functools
from dataclasses import dataclass

import numpy as np


@dataclass
class Transformer:
    """Weights and shape of an attention-only transformer.

    params: "embed" (V, d), "pos" (T, d), "unembed" (d, V), and for each layer l the heads'
    f"q{l}", f"k{l}", f"v{l}" (H, d, e) and f"o{l}" (H, e, d).
    """
    params: dict
    n_layers: int
    n_heads: int

    @property
    def vocab_size(self):
        return self.params["embed"].shape[0]

    @property
    def seq_len(self):
        return self.params["pos"].shape[0]


def init(n_layers, n_heads, vocab_size, seq_len, d_model, d_head, rng, dtype=np.float64):
    """Random weights: each matrix scaled by 1/sqrt(fan-in), so the stream starts at unit size.

    Training uses float32, which halves the memory traffic of the attention arrays; the gradient
    check uses float64.
    """
    def normal(*shape, fan_in):
        return rng.normal(0.0, 1.0 / np.sqrt(fan_in), shape).astype(dtype)
    p = {"embed": normal(vocab_size, d_model, fan_in=d_model), "pos": normal(seq_len, d_model, fan_in=d_model),
         "unembed": normal(d_model, vocab_size, fan_in=d_model)}
    for layer in range(n_layers):
        for name in "qkv":
            p[f"{name}{layer}"] = normal(n_heads, d_model, d_head, fan_in=d_model)
        p[f"o{layer}"] = normal(n_heads, d_head, d_model, fan_in=d_head * n_heads)
    return Transformer(p, n_layers, n_heads)


def causal_attention(queries, keys):
    """Softmax attention pattern (..., T, T) from queries and keys (..., T, e); row t sees 0..t."""
    return _causal_softmax(queries * _scale(queries.shape[-1], queries.dtype), keys)


def _causal_softmax(scaled_queries, keys):
    """The attention pattern from queries already multiplied by 1/sqrt(e)."""
    T = scaled_queries.shape[-2]

    def masked_scores():
        scores = scaled_queries @ np.swapaxes(keys, -1, -2)
        scores += _future_mask(T)  # -inf above the diagonal
        return scores

    # Softmax is unchanged by subtracting any constant from a row; subtracting each (T, T) block's
    # maximum keeps exp() from overflowing and costs a fifth of a per-row maximum. Only if a row sits
    # so far below its block's maximum that its terms approach underflow is it redone per row.
    scores = masked_scores()
    scores -= scores.max(axis=(-2, -1), keepdims=True)
    np.exp(scores, out=scores)
    sums = _row_sums(scores)
    if sums.min() < np.sqrt(np.finfo(scores.dtype).tiny):
        scores = masked_scores()
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        sums = _row_sums(scores)
    scores /= sums
    return scores


def _scale(e, dtype):
    """1/sqrt(e) in the arrays' own precision (a float64 scalar would run a float32 pass in float64)."""
    return np.asarray(1 / np.sqrt(e), dtype=dtype if np.issubdtype(dtype, np.floating) else float)


def _row_sums(x):
    """Sums over the last axis, keeping it (..., 1): a matrix product, faster than sum() on small rows."""
    return x @ np.ones((x.shape[-1], 1), dtype=x.dtype)


@functools.lru_cache(maxsize=8)
def _future_mask(T):
    """(T, T) array: 0 where a position may look (itself and earlier), -inf where it may not."""
    mask = np.where(np.tril(np.ones((T, T), dtype=bool)), 0.0, -np.inf).astype(np.float32)
    mask.flags.writeable = False  # shared between calls
    return mask


def forward(params, n_layers, tokens):
    """Logits (B, T, V) and a cache of what backward() needs (including the attention patterns)."""
    B, T = tokens.shape
    d = params["embed"].shape[1]
    stream = params["embed"][tokens] + params["pos"][:T]  # (B, T, d)
    layers = []
    for layer in range(n_layers):
        flat = stream.reshape(B * T, d)
        W_qkv = _fused_qkv(params, layer)  # (d, H e + H e + H e_v), 1/sqrt(e) folded into the queries
        fused = flat @ W_qkv
        q, k, v = (_split_heads(fused[:, part], B, T, params[f"{n}{layer}"].shape[0])
                   for n, part in zip("qkv", _qkv_columns(params, layer)))  # (B, H, T, e) each
        pattern = _causal_softmax(q, k)  # (B, H, T, T)
        mixed = pattern @ v  # (B, H, T, e)
        W_o = params[f"o{layer}"]
        stream = stream + (_merge_heads(mixed) @ W_o.reshape(-1, d)).reshape(B, T, d)
        layers.append({"flat": flat, "W_qkv": W_qkv, "q": q, "k": k, "v": v, "pattern": pattern, "mixed": mixed})
    logits = stream @ params["unembed"]
    return logits, {"tokens": tokens, "stream": stream, "layers": layers}


def _fused_qkv(params, layer):
    """Every head's query, key and value weights side by side, (d, H e + H e + H e_v), queries scaled
    by 1/sqrt(e): one product then serves all three, forward and backward."""
    e = params[f"q{layer}"].shape[2]
    W_q = params[f"q{layer}"] * _scale(e, params[f"q{layer}"].dtype)
    return np.concatenate([_side_by_side(W) for W in (W_q, params[f"k{layer}"], params[f"v{layer}"])], axis=1)


def _side_by_side(W):
    """(H, d, e) weights as one (d, H e) matrix, heads side by side."""
    H, d, e = W.shape
    return W.transpose(1, 0, 2).reshape(d, H * e)


def _qkv_columns(params, layer):
    """The column slices of the fused product that hold the queries, keys and values."""
    widths = [params[f"{n}{layer}"].shape[0] * params[f"{n}{layer}"].shape[2] for n in "qkv"]
    ends = np.cumsum(widths)
    return [slice(end - width, end) for width, end in zip(widths, ends)]


def _split_heads(x, B, T, H):
    """(B*T, H*e) to (B, H, T, e)."""
    return x.reshape(B, T, H, -1).transpose(0, 2, 1, 3)


def _merge_heads(x):
    """(B, H, T, e) to (B*T, H*e), heads side by side."""
    B, H, T, e = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B * T, H * e)


def log_softmax(logits):
    """Log-probabilities over the last axis."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def next_token_losses(logits, tokens, log_probs=None):
    """Cross-entropy in nats of predicting tokens[:, t + 1] at each position t; (B, T - 1)."""
    log_probs = log_softmax(logits[:, :-1]) if log_probs is None else log_probs[:, :-1]
    return -np.take_along_axis(log_probs, tokens[:, 1:, None], axis=-1)[..., 0]


def loss_and_gradients(params, n_layers, tokens, weights=None):
    """Per-position losses (B, T - 1) and the gradient of their mean with respect to every weight.

    weights (B, T - 1), if given, make it a weighted mean instead (they are normalised to sum to 1).
    """
    logits, cache = forward(params, n_layers, tokens)
    B, T = tokens.shape
    V, d = params["embed"].shape
    log_probs = log_softmax(logits)
    position_losses = next_token_losses(logits, tokens, log_probs)
    d_logits = np.exp(log_probs)  # softmax
    d_logits[:, -1] = 0.0  # the last position has no next token
    np.put_along_axis(d_logits[:, :-1], tokens[:, 1:, None], np.take_along_axis(
        d_logits[:, :-1], tokens[:, 1:, None], axis=-1) - 1.0, axis=-1)
    if weights is None:
        d_logits[:, :-1] *= 1.0 / (B * (T - 1))
    else:
        weights = np.asarray(weights, dtype=float)
        d_logits[:, :-1] *= (weights / weights.sum())[..., None]
    grads = {"unembed": cache["stream"].reshape(B * T, d).T @ d_logits.reshape(B * T, V)}
    d_stream = d_logits @ params["unembed"].T  # (B, T, d)
    for layer in reversed(range(n_layers)):
        c = cache["layers"][layer]
        W_o = params[f"o{layer}"]
        H, e, _ = W_o.shape
        d_out = d_stream.reshape(B * T, d)
        grads[f"o{layer}"] = (_merge_heads(c["mixed"]).T @ d_out).reshape(H, e, d)
        d_mixed = (d_out @ W_o.reshape(H * e, d).T).reshape(B, T, H, e).transpose(0, 2, 1, 3)
        pattern = c["pattern"]
        d_pattern = d_mixed @ np.swapaxes(c["v"], -1, -2)
        d_v = np.swapaxes(pattern, -1, -2) @ d_mixed
        d_pattern -= _row_sums(d_pattern * pattern)
        d_scores = d_pattern
        d_scores *= pattern
        columns = _qkv_columns(params, layer)
        d_fused = np.empty((B * T, c["W_qkv"].shape[1]), dtype=d_scores.dtype)  # gradient of flat @ W_qkv
        for part, d_part in zip(columns, (d_scores @ c["k"],                    # queries (already scaled)
                                          np.swapaxes(d_scores, -1, -2) @ c["q"], d_v)):
            d_fused[:, part] = _merge_heads(d_part)
        g = c["flat"].T @ d_fused  # gradient of the fused weights
        g[:, columns[0]] *= _scale(params[f"q{layer}"].shape[2], g.dtype)  # back through the folded 1/sqrt(e)
        for name, part in zip("qkv", columns):
            H_n, _, e_n = params[f"{name}{layer}"].shape
            grads[f"{name}{layer}"] = g[:, part].reshape(d, H_n, e_n).transpose(1, 0, 2)
        d_stream = d_stream + (d_fused @ c["W_qkv"].T).reshape(B, T, d)
    one_hot = (tokens.reshape(-1, 1) == np.arange(V)).astype(d_stream.dtype)  # (B*T, V)
    grads["embed"] = one_hot.T @ d_stream.reshape(B * T, d)
    grads["pos"] = np.zeros_like(params["pos"])
    grads["pos"][:T] = d_stream.sum(axis=0)
    return position_losses, grads


def keep_freed_memory():
    """Ask glibc to reuse freed memory instead of handing it back to the system after each step.

    A training step allocates and frees the same few ~1 MB attention arrays; by default glibc
    maps and unmaps each of them, and the page faults cost about 40% of the step. Returns
    whether the setting took (False off glibc, e.g. in Pyodide, where nothing changes).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(libc.mallopt(m_mmap_threshold, 64 << 20)) and bool(libc.mallopt(m_trim_threshold, 128 << 20))
