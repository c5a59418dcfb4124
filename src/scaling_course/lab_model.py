"""A small decoder-only transformer language model in numpy, forward and backward written out by hand.

GPT-style: token and learned position embeddings, pre-layer-norm blocks (causal multi-head attention,
then a ReLU MLP four times as wide as the stream), a final layer norm and an untied unembedding. No
biases outside the layer norms. The causal softmax, the head reshapes and the optimiser (adam.Adam)
are Chapter 3's (transformer.py), reused without change. The gradients are checked against central
finite differences in float64 in tests/test_lab_model.py; training runs in float32, one BLAS thread.

Shapes: B batch, T positions, M = B*T rows, d stream width, H heads, e = d/H head width, V vocabulary.

Used in: the scaling lab (scaling_lab.py, tools/lab_sweep.py, tools/bench_lab.py).
"""
import math
import time
from dataclasses import dataclass

import numpy as np

from .adam import Adam
from .threads import one_blas_thread
from .transformer import _causal_softmax, _merge_heads, _row_sums, _split_heads, keep_freed_memory, log_softmax

LN_EPS = 1e-5


@dataclass(frozen=True)
class LabConfig:
    """The shape of one model: layers, stream width, heads, context length and vocabulary size."""
    n_layers: int
    d_model: int
    n_heads: int
    seq_len: int
    vocab_size: int

    @property
    def non_embedding_params(self):
        """N as in Kaplan et al. (2020): every weight except the token, position and unembedding matrices."""
        d = self.d_model
        return self.n_layers * (12 * d * d + 4 * d) + 2 * d

    @property
    def flops_per_token(self):
        """Training FLOPs per token, 6N plus the unembedding and the attention scores (forward + backward)."""
        d, T = self.d_model, self.seq_len
        return 6 * self.non_embedding_params + 6 * d * self.vocab_size + 6 * self.n_layers * T * d

    def __str__(self):
        return f"{self.n_layers} layers × d={self.d_model} ({self.non_embedding_params:,} non-embedding params)"


def init_params(config, rng, dtype=np.float32):
    """Random weights, each matrix scaled by 1/sqrt(fan-in); the outputs written back into the residual
    stream are scaled down by a further 1/sqrt(2 × layers), as in GPT-2."""
    c, d = config, config.d_model
    resid = 1.0 / math.sqrt(2 * c.n_layers)

    def normal(*shape, std):
        return rng.normal(0.0, std, shape).astype(dtype)
    p = {"embed": normal(c.vocab_size, d, std=1.0), "pos": normal(c.seq_len, d, std=0.1)}
    for l in range(c.n_layers):
        p[f"ln1_g{l}"], p[f"ln1_b{l}"] = np.ones(d, dtype), np.zeros(d, dtype)
        p[f"qkv{l}"] = normal(d, 3 * d, std=d ** -0.5)
        p[f"o{l}"] = normal(d, d, std=resid * d ** -0.5)
        p[f"ln2_g{l}"], p[f"ln2_b{l}"] = np.ones(d, dtype), np.zeros(d, dtype)
        p[f"fc{l}"] = normal(d, 4 * d, std=d ** -0.5)
        p[f"proj{l}"] = normal(4 * d, d, std=resid * (4 * d) ** -0.5)
    p["lnf_g"], p["lnf_b"] = np.ones(d, dtype), np.zeros(d, dtype)
    p["unembed"] = normal(d, c.vocab_size, std=0.5 * d ** -0.5)
    return p


def _layer_norm(x, g, b):
    """Layer norm over the last axis of (M, d); returns the output and what the backward pass needs."""
    inv_d = np.asarray(1.0 / x.shape[-1], dtype=x.dtype)
    xc = x - _row_sums(x) * inv_d  # row sums as matrix products: faster than mean() on short rows
    var = _row_sums(xc * xc) * inv_d
    rstd = (var + LN_EPS) ** -0.5
    xc *= rstd  # now the normalised x
    return xc * g + b, (xc, rstd)


def _layer_norm_backward(dy, g, saved):
    """Gradients of the input, gain and bias of a layer norm from dy (M, d)."""
    xhat, rstd = saved
    ones = np.ones(len(dy), dtype=dy.dtype)
    dg, db = ones @ (dy * xhat), ones @ dy
    dxh = dy * g
    inv_d = np.asarray(1.0 / dy.shape[-1], dtype=dy.dtype)
    dx = dxh - _row_sums(dxh) * inv_d
    dx -= xhat * (_row_sums(dxh * xhat) * inv_d)
    dx *= rstd
    return dx, dg, db


def forward(params, config, tokens):
    """Logits (M, V) for token windows (B, T) and the cache backward() needs."""
    B, T = tokens.shape
    H, d = config.n_heads, config.d_model
    scale = np.asarray(1.0 / math.sqrt(d // H), dtype=params["embed"].dtype)
    x = (params["embed"][tokens] + params["pos"][:T]).reshape(B * T, d)
    cache = {"tokens": tokens, "layers": []}
    for l in range(config.n_layers):
        h, ln1 = _layer_norm(x, params[f"ln1_g{l}"], params[f"ln1_b{l}"])
        qkv = h @ params[f"qkv{l}"]
        q = _split_heads(qkv[:, :d] * scale, B, T, H)  # (B, H, T, e), 1/sqrt(e) applied
        k, v = _split_heads(qkv[:, d:2 * d], B, T, H), _split_heads(qkv[:, 2 * d:], B, T, H)
        pattern = _causal_softmax(q, k)  # (B, H, T, T)
        mixed = _merge_heads(pattern @ v)  # (M, d)
        x = x + mixed @ params[f"o{l}"]
        h2, ln2 = _layer_norm(x, params[f"ln2_g{l}"], params[f"ln2_b{l}"])
        act = h2 @ params[f"fc{l}"]
        np.maximum(act, 0, out=act)  # ReLU
        x += act @ params[f"proj{l}"]
        cache["layers"].append((h, ln1, q, k, v, pattern, mixed, h2, ln2, act))
    hf, lnf = _layer_norm(x, params["lnf_g"], params["lnf_b"])
    cache["final"] = (hf, lnf)
    return hf @ params["unembed"], cache


def loss_and_gradients(params, config, tokens, targets):
    """Mean cross-entropy (nats per token) of predicting targets (B, T) and its gradient for every weight."""
    B, T = tokens.shape
    H, d, V = config.n_heads, config.d_model, config.vocab_size
    M = B * T
    logits, cache = forward(params, config, tokens)
    flat_targets = targets.reshape(M)
    d_logits = log_softmax(logits)
    picked = d_logits[np.arange(M), flat_targets]
    loss = -float(picked.mean(dtype=np.float64))
    np.exp(d_logits, out=d_logits)  # softmax
    d_logits[np.arange(M), flat_targets] -= 1.0
    d_logits *= 1.0 / M
    hf, lnf = cache["final"]
    grads = {"unembed": hf.T @ d_logits}
    dx, grads["lnf_g"], grads["lnf_b"] = _layer_norm_backward(d_logits @ params["unembed"].T, params["lnf_g"], lnf)
    scale = np.asarray(1.0 / math.sqrt(d // H), dtype=dx.dtype)
    for l in reversed(range(config.n_layers)):
        h, ln1, q, k, v, pattern, mixed, h2, ln2, act = cache["layers"][l]
        # MLP
        grads[f"proj{l}"] = act.T @ dx
        d_act = dx @ params[f"proj{l}"].T
        np.multiply(d_act, act > 0, out=d_act, dtype=d_act.dtype)  # ReLU's gradient
        grads[f"fc{l}"] = h2.T @ d_act
        dh2, grads[f"ln2_g{l}"], grads[f"ln2_b{l}"] = _layer_norm_backward(d_act @ params[f"fc{l}"].T,
                                                                          params[f"ln2_g{l}"], ln2)
        dx = dx + dh2
        # attention
        grads[f"o{l}"] = mixed.T @ dx
        d_mixed = _split_heads(dx @ params[f"o{l}"].T, B, T, H)  # (B, H, T, e)
        d_scores = d_mixed @ np.swapaxes(v, -1, -2)
        d_v = np.swapaxes(pattern, -1, -2) @ d_mixed
        d_scores -= _row_sums(d_scores * pattern)
        d_scores *= pattern
        d_qkv = np.empty((M, 3 * d), dtype=dx.dtype)
        d_qkv[:, :d] = _merge_heads(d_scores @ k)
        d_qkv[:, :d] *= scale
        d_qkv[:, d:2 * d] = _merge_heads(np.swapaxes(d_scores, -1, -2) @ q)
        d_qkv[:, 2 * d:] = _merge_heads(d_v)
        grads[f"qkv{l}"] = h.T @ d_qkv
        dh, grads[f"ln1_g{l}"], grads[f"ln1_b{l}"] = _layer_norm_backward(d_qkv @ params[f"qkv{l}"].T,
                                                                          params[f"ln1_g{l}"], ln1)
        dx += dh
    one_hot = (cache["tokens"].reshape(M, 1) == np.arange(V)).astype(dx.dtype)
    grads["embed"] = one_hot.T @ dx
    grads["pos"] = np.zeros_like(params["pos"])
    grads["pos"][:T] = dx.reshape(B, T, d).sum(axis=0)
    return loss, grads


def mean_loss(params, config, tokens, targets, batch=64):
    """Mean cross-entropy in nats per token over many windows (N, T), evaluated batch windows at a time."""
    total, count = 0.0, 0
    with one_blas_thread():
        for start in range(0, len(tokens), batch):
            x, y = tokens[start:start + batch], targets[start:start + batch]
            logits, _ = forward(params, config, x)
            log_probs = log_softmax(logits)
            total += -float(log_probs[np.arange(y.size), y.reshape(-1)].sum(dtype=np.float64))
            count += y.size
    return total / count


def learning_rate(step, total, peak, warmup):
    """Linear warmup over `warmup` steps, then cosine decay to a tenth of the peak at `total`."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def train(config, train_tokens, steps, batch, seed=0, lr=3e-3, warmup=None, progress=None, every=None):
    """Adam on random windows of train_tokens (1-D int array); returns (params, training-loss history, seconds).

    Each step reads `batch` windows of config.seq_len + 1 tokens (inputs and next-token targets);
    progress(step, total), if given, is called every `every` steps and at the end.
    """
    rng = np.random.default_rng(seed)
    params = init_params(config, rng)
    opt = Adam(params, lr=lr, beta2=0.99)
    warmup = max(1, steps // 10) if warmup is None else warmup
    every = every or max(1, steps // 50)
    offsets = np.arange(config.seq_len + 1)
    history = np.zeros(steps)
    keep_freed_memory()
    start = time.perf_counter()
    with one_blas_thread():
        for step in range(steps):
            windows = train_tokens[rng.integers(0, len(train_tokens) - config.seq_len - 1, batch)[:, None] + offsets]
            opt.lr = learning_rate(step, steps, lr, warmup)
            history[step], grads = loss_and_gradients(params, config, windows[:, :-1], windows[:, 1:])
            opt.step(params, grads)
            if progress is not None and ((step + 1) % every == 0 or step + 1 == steps):
                progress(step + 1, steps)
    return params, history, time.perf_counter() - start
