"""The scaling lab: train a family of small language models, fit L(N) = E + A·N^(−α), predict the next one,
and find the compute-optimal size at several compute budgets (isoFLOP curves).

The models are lab_model.py's numpy transformers, trained on lab_corpus.txt (the course's own prose,
block quotes removed; character tokens; every tenth 1,000-character chunk held out). N counts the
non-embedding parameters, D the tokens seen in training, C = 6·N·D the training compute (Kaplan et al.
2020). The full sweep is stored in lab_sweep.json (regenerate: `python tools/lab_sweep.py`).

Used in: the scaling lab (tools/lab_sweep.py, tools/bench_lab.py, tests/test_scaling_lab.py).
"""
import functools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import lab_model
from .lab_model import LabConfig

CORPUS_PATH = Path(__file__).with_name("lab_corpus.txt")
SWEEP_PATH = Path(__file__).with_name("lab_sweep.json")
CHUNK, HELD_OUT_EVERY = 1000, 10
SEQ_LEN, BATCH, N_LAYERS, LR = 64, 32, 2, 1e-2
#: The quick sweep: six widths of a two-layer model, 1.6 thousand to 56 thousand non-embedding parameters
#: (1.54 decades), each trained for the same QUICK_STEPS × BATCH × SEQ_LEN = 512,000 characters.
#: NEXT_WIDTH is the next, larger model the lab predicts and then trains (99 thousand parameters).
QUICK_WIDTHS, QUICK_STEPS, NEXT_WIDTH = (8, 12, 16, 24, 32, 48), 250, 64
#: The isoFLOP experiment: three budgets a decade apart (FLOPs, C = 6ND), each spent on the widths that
#: take between 200 and 6,000 steps of ISO_BATCH windows at it; a smaller batch and a higher learning
#: rate than the quick sweep, because at a fixed compute the small models need many steps.
ISO_BUDGETS, ISO_WIDTHS, ISO_BATCH, ISO_LR = (2e10, 6e10, 2e11), (8, 12, 16, 24, 32, 48, 64, 96), 16, 3e-2


@dataclass(frozen=True)
class Corpus:
    """The lab's text as character ids: the vocabulary, the training stream and the held-out stream."""
    chars: str
    train: np.ndarray
    held_out: np.ndarray

    def encode(self, text):
        index = {c: i for i, c in enumerate(self.chars)}
        return np.array([index[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        return "".join(self.chars[i] for i in ids)


@functools.lru_cache(maxsize=1)
def load_corpus():
    """The corpus, split once: every HELD_OUT_EVERY-th chunk of CHUNK characters is held out."""
    text = CORPUS_PATH.read_text()
    chars = "".join(sorted(set(text)))
    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]
    held = "".join(c for i, c in enumerate(chunks) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1)
    train = "".join(c for i, c in enumerate(chunks) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1)
    corpus = Corpus(chars, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return Corpus(chars, corpus.encode(train), corpus.encode(held))


def windows(tokens, seq_len, count=None):
    """Non-overlapping (inputs, targets) windows of seq_len tokens, at most count of them, evenly spread."""
    starts = np.arange(0, len(tokens) - seq_len - 1, seq_len)
    if count is not None and count < len(starts):
        starts = starts[np.linspace(0, len(starts) - 1, count).astype(int)]
    block = tokens[starts[:, None] + np.arange(seq_len + 1)]
    return block[:, :-1], block[:, 1:]


def model_config(d_model, n_layers=N_LAYERS, seq_len=SEQ_LEN):
    """A lab model of width d_model: heads of width 16 (one head below d = 32)."""
    return LabConfig(n_layers, d_model, max(1, d_model // 16), seq_len, len(load_corpus().chars))


@dataclass
class TrainedModel:
    """What train_model returns: the weights, the learning curve, and the losses at the end (nats per character)."""
    config: LabConfig
    params: dict
    loss_history: np.ndarray
    held_out_loss: float
    train_loss: float
    tokens: int
    seconds: float

    @property
    def compute(self):
        return 6 * self.config.non_embedding_params * self.tokens

    def row(self):
        """A plain dict (JSON-ready): width, layers, N, D, C, held-out and train loss, seconds."""
        c = self.config
        return {"d_model": c.d_model, "n_layers": c.n_layers, "params": c.non_embedding_params,
                "tokens": self.tokens, "compute": float(self.compute), "held_out_loss": self.held_out_loss,
                "train_loss": self.train_loss, "seconds": self.seconds}

    def __repr__(self):
        return (f"{self.config}: {self.tokens:,} tokens in {self.seconds:.1f} s, held-out loss "
                f"{self.held_out_loss:.3f}, train loss {self.train_loss:.3f} nats per character")


def train_model(config, steps, seed=0, batch=BATCH, lr=LR, progress=None):
    """Train one lab model for `steps` steps of batch windows; progress(step, total) as explorers.Progress takes.

    lr: Adam's peak learning rate (warmup over a tenth of the steps, then cosine decay to a tenth of it).
    """
    corpus = load_corpus()
    params, history, seconds = lab_model.train(config, corpus.train, steps, batch, seed=seed, lr=lr,
                                               progress=progress)
    held = lab_model.mean_loss(params, config, *windows(corpus.held_out, config.seq_len))
    n_eval = len(corpus.held_out) // config.seq_len
    train = lab_model.mean_loss(params, config, *windows(corpus.train, config.seq_len, n_eval))
    return TrainedModel(config, params, history, held, train, steps * batch * config.seq_len, seconds)


def generate(model, prompt, n_chars=200, seed=0, temperature=1.0):
    """Text a TrainedModel writes after prompt, sampling one character at a time (characters outside the
    corpus's alphabet are dropped from the prompt)."""
    corpus, rng, T = load_corpus(), np.random.default_rng(seed), model.config.seq_len
    ids = [int(i) for i in corpus.encode("".join(c for c in prompt if c in corpus.chars))] or [0]
    for _ in range(n_chars):
        context = np.array(ids[-T:])[None, :]
        logits, _ = lab_model.forward(model.params, model.config, context)
        z = logits[-1].astype(float) / max(temperature, 1e-6)
        p = np.exp(z - z.max())
        ids.append(int(rng.choice(len(p), p=p / p.sum())))
    return corpus.decode(ids[-n_chars:])


def quick_sweep(seed=0, widths=QUICK_WIDTHS, steps=QUICK_STEPS, progress=None):
    """Train one model per width on the same data for the same steps; a list of TrainedModel.row() dicts.

    progress(done, total), if given, is called after each model.
    """
    rows = []
    for i, d in enumerate(widths):
        rows.append(train_model(model_config(d), steps, seed=seed).row())
        if progress is not None:
            progress(i + 1, len(widths))
    return rows


def power_law(n, E, A, alpha):
    """L(N) = E + A·N^(−α)."""
    return E + A * np.asarray(n, dtype=float) ** -alpha


def _line_fit(log_n, log_excess):
    """Least-squares line log(L − E) = log A − α log N; returns (log A, α, residual sum of squares)."""
    slope, intercept = np.polyfit(log_n, log_excess, 1)
    return intercept, -slope, float(np.sum((intercept + slope * log_n - log_excess) ** 2))


def fit_loss_curve(n, loss, grid=400, refine_steps=50):
    """Fit L(N) = E + A·N^(−α) to losses at sizes n; returns (E, A, alpha).

    How: for each E on a grid of `grid` values in [0, min(loss)), a straight-line fit of log(L − E)
    against log N gives A and α; the E whose curve has the smallest squared error in log L wins.
    Levenberg–Marquardt steps on (E, log A, α) then minimise the squared error in log L itself
    (relative errors, so every size counts alike), with E kept in [0, min(loss)).
    """
    n, loss = np.asarray(n, dtype=float), np.asarray(loss, dtype=float)
    if n.shape != loss.shape or n.size < 3 or np.any(n <= 0) or np.any(loss <= 0):
        raise ValueError("fit_loss_curve needs at least three positive sizes and losses of the same length")
    log_n, log_loss, top = np.log(n), np.log(loss), loss.min()

    def residuals(theta):
        E, log_a, alpha = theta
        return np.log(E + np.exp(log_a - alpha * log_n)) - log_loss

    best = None
    for E in top * (1 - np.geomspace(1, 1e-4, grid)):  # dense near min(loss), where E usually sits
        log_a, alpha, _ = _line_fit(log_n, np.log(loss - E))
        theta = np.array([E, log_a, alpha])
        cost = float(np.sum(residuals(theta) ** 2))
        if best is None or cost < best[0]:
            best = (cost, theta)
    cost, theta = best
    damping = 1e-3
    for _ in range(refine_steps):
        r = residuals(theta)
        jac = np.empty((n.size, 3))
        for j in range(3):
            step = np.zeros(3)
            step[j] = 1e-7 * max(1.0, abs(theta[j]))
            jac[:, j] = (residuals(theta + step) - r) / step[j]
        normal = jac.T @ jac
        trial = theta - np.linalg.solve(normal + damping * np.diag(np.diag(normal) + 1e-12), jac.T @ r)
        trial[0] = np.clip(trial[0], 0.0, top * (1 - 1e-9))
        trial_cost = float(np.sum(residuals(trial) ** 2))
        if np.isfinite(trial_cost) and trial_cost < cost:
            theta, cost, damping = trial, trial_cost, damping / 3
        else:
            damping *= 10
    E, log_a, alpha = theta
    return float(E), float(np.exp(log_a)), float(alpha)


def predict_largest(rows):
    """Fit on every row but the largest model, predict the largest; a dict with the fit and the errors."""
    rows = sorted(rows, key=lambda r: r["params"])
    n = np.array([r["params"] for r in rows], dtype=float)
    loss = np.array([r["held_out_loss"] for r in rows])
    E, A, alpha = fit_loss_curve(n[:-1], loss[:-1])
    predicted, actual = float(power_law(n[-1], E, A, alpha)), float(loss[-1])
    return {"E": E, "A": A, "alpha": alpha, "params": int(n[-1]), "predicted": predicted, "actual": actual,
            "relative_error": (predicted - actual) / actual,
            "relative_error_above_E": (predicted - actual) / (actual - E)}


def isoflop_runs(budgets, widths, seed=0, batch=ISO_BATCH, lr=ISO_LR, min_steps=200, max_steps=6000,
                 progress=None):
    """For each compute budget C, train each width for D = C / (6N) tokens (skipping widths that would
    take fewer than min_steps or more than max_steps steps); a list of row dicts with "budget" added."""
    plan = []
    for budget in budgets:
        for d in widths:
            config = model_config(d)
            steps = int(round(budget / (6 * config.non_embedding_params * batch * config.seq_len)))
            if min_steps <= steps <= max_steps:
                plan.append((budget, config, steps))
    rows = []
    for i, (budget, config, steps) in enumerate(plan):
        rows.append(dict(train_model(config, steps, seed=seed, batch=batch, lr=lr).row(), budget=float(budget)))
        if progress is not None:
            progress(i + 1, len(plan))
    return rows


def isoflop_optima(rows, half_width=2):
    """Per budget: a parabola of held-out loss against ln N near the lowest loss gives the optimal size N_opt.

    The parabola is fitted to the size with the lowest held-out loss and up to half_width sizes on each side
    (far from the optimum an isoFLOP curve is not a parabola). Returns a list of dicts: budget, n_opt,
    loss_opt, the parabola's coefficients (in ln N), the sizes fitted, and whether the vertex lies inside
    them (outside, N_opt is an extrapolation).
    """
    optima = []
    for budget in sorted({r["budget"] for r in rows}):
        group = sorted((r for r in rows if r["budget"] == budget), key=lambda r: r["params"])
        best = int(np.argmin([r["held_out_loss"] for r in group]))
        group = group[max(0, best - half_width):best + half_width + 1]
        if len(group) < 3:
            continue
        log_n = np.log([r["params"] for r in group])
        a, b, c = np.polyfit(log_n, [r["held_out_loss"] for r in group], 2)
        if a <= 0:
            continue
        vertex = -b / (2 * a)
        optima.append({"budget": budget, "n_opt": float(np.exp(vertex)), "loss_opt": float(c - b * b / (4 * a)),
                       "parabola": [float(a), float(b), float(c)], "sizes": [int(r["params"]) for r in group],
                       "inside": bool(log_n.min() <= vertex <= log_n.max())})
    return optima


def fit_exponent(budgets, n_opt):
    """The exponent a and prefactor k of N_opt = k·C^a (a straight line in log-log); returns (a, k)."""
    a, log_k = np.polyfit(np.log(budgets), np.log(n_opt), 1)
    return float(a), float(np.exp(log_k))


def load_sweep():
    """The stored full sweep (lab_sweep.json): size sweep, its fit and prediction, isoFLOP runs and optima."""
    return json.loads(SWEEP_PATH.read_text())


def timed(function, *args, **kwargs):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start
