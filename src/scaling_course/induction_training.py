"""Training the induction-head model from scratch: Adam on repeated sequences, the sudden drop in loss,
and the in-context-learning score that appears with it.

The data, the attention patterns, the head scores and the hand-wired circuit the trained model is compared
with are in induction.py; the model and its gradients in transformer.py.

Reference: C. Olsson et al., "In-context Learning and Induction Heads" (2022), transformer-circuits.pub.

Used in: Chapter 3: book/03-internals, solutions/03-internals.
"""
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from . import transformer
from .adam import Adam
from .induction import ONE_LAYER, TWO_LAYER, losses, repeated_tokens
from .threads import one_blas_thread
from .transformer import Transformer
from .validation import require_int


@dataclass
class TrainingRun:
    """What train() returns: the model, its learning curves, and how long training took.

    loss_history: mean loss on the determined (repeated) positions of each training batch.
    eval_steps, icl_history: the in-context-learning score (late minus early loss) on a fixed batch.
    """
    model: Transformer
    loss_history: np.ndarray
    eval_steps: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    icl_history: np.ndarray = field(default_factory=lambda: np.zeros(0))
    seconds: float = 0.0

    def __repr__(self):
        h = self.loss_history
        return (f"{self.model.n_layers}-layer model, {len(h)} steps in {self.seconds:.1f} s: loss on the "
                f"repeated positions {h[:50].mean():.2f} → {h[-50:].mean():.2f} nats "
                f"(guessing is ln {self.model.vocab_size} = {np.log(self.model.vocab_size):.2f})")


def drop_step(loss_history, vocab_size, window=50):
    """First step at which the smoothed repeated-position loss falls below half of ln(vocab), or None."""
    smooth = np.convolve(loss_history, np.ones(window) / window, mode="valid")
    below = np.flatnonzero(smooth < 0.5 * np.log(vocab_size))
    return int(below[0] + window) if len(below) else None


def icl_score(position_losses):
    """Mean loss in the last quarter of the context minus the first quarter (negative = learning)."""
    quarter = max(1, position_losses.shape[-1] // 4)
    return float(position_losses[..., -quarter:].mean() - position_losses[..., :quarter].mean())


#: Steps `train` takes unless told. Fewer in the browser (JupyterLite), where numpy runs as WebAssembly, one
#: thread, and each step is slower: with seed 0 the two-layer model has dropped by step ~1,700 either way.
BROWSER_STEPS, NATIVE_STEPS = 2000, 3000


DEFAULT_STEPS = BROWSER_STEPS if sys.platform == "emscripten" else NATIVE_STEPS


def train(n_layers=2, vocab_size=32, seq_len=40, steps=None, seed=0, n_heads=2, d_model=32,
          d_head=16, batch=32, lr=1e-2, eval_every=50, progress=None):
    """Train an attention-only transformer with Adam on repeated_tokens; returns a TrainingRun.

    The loss is the usual next-token loss on every position; loss_history records it on the
    determined positions only. progress, if given, is called as progress(step, steps) every
    eval_every steps. steps defaults to DEFAULT_STEPS (3,000; 2,000 in the browser). With 3,000 steps the two-layer model sits on a plateau near ln(vocab)
    for 1,400 to 2,600 steps, depending on the seed (0-7), and then drops within about 300.
    """
    n_layers = require_int(n_layers, "n_layers", 1, 4)
    steps = require_int(DEFAULT_STEPS if steps is None else steps, "steps", 1)
    transformer.keep_freed_memory()
    rng = np.random.default_rng(seed)
    model = transformer.init(n_layers, n_heads, vocab_size, seq_len, d_model, d_head, rng, np.float32)
    optimiser = Adam(model.params, lr)
    eval_tokens, _ = repeated_tokens(128, seq_len, vocab_size, np.random.default_rng(seed + 10_000))
    history, eval_steps, icl = np.zeros(steps), [], []
    start = time.perf_counter()
    with one_blas_thread():
        for step in range(1, steps + 1):
            tokens, mask = repeated_tokens(batch, seq_len, vocab_size, rng)
            position_losses, grads = transformer.loss_and_gradients(model.params, n_layers, tokens)
            history[step - 1] = position_losses[mask[:, :-1]].mean()
            optimiser.step(model.params, grads)
            if step % eval_every == 0 or step == steps:
                eval_steps.append(step)
                icl.append(icl_score(losses(model, eval_tokens).mean(axis=0)))
                if progress is not None:
                    progress(step, steps)
    return TrainingRun(model, history, np.array(eval_steps), np.array(icl), time.perf_counter() - start)


def draw_training(ax_loss, ax_icl, runs):
    """Loss on the repeated positions and the in-context-learning score against steps, per run."""
    for run, colour in zip(runs, (TWO_LAYER, ONE_LAYER)):
        h = run.loss_history
        label = f"{run.model.n_layers} layer{'s' if run.model.n_layers > 1 else ''}"
        ax_loss.plot(np.arange(1, len(h) + 1), h, color=colour, alpha=0.25, lw=0.6)
        smooth = np.convolve(h, np.ones(25) / 25, mode="valid")
        ax_loss.plot(np.arange(25, len(h) + 1), smooth, color=colour, lw=2, label=label)
        ax_icl.plot(run.eval_steps, run.icl_history, "o-", color=colour, ms=3, label=label)
    vocab = runs[0].model.vocab_size
    ax_loss.axhline(np.log(vocab), color="0.5", ls="--", lw=1)
    ax_loss.text(len(runs[0].loss_history), np.log(vocab) + 0.08, f"guessing: ln {vocab}", fontsize=8,
                 color="0.4", ha="right", va="bottom")
    ax_loss.set(xlabel="training step", ylabel="loss on repeated positions (nats)", ylim=(0, 4))
    ax_icl.axhline(0, color="0.5", lw=0.8)
    ax_icl.set(xlabel="training step", ylabel="in-context learning score (nats)\nlate minus early loss")
    ax_icl.set_title("In-context learning appears at the same step", fontsize=10)
    for ax in (ax_loss, ax_icl):
        ax.legend(fontsize=8)
