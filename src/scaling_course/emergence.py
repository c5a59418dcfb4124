"""Emergence as a mirage: a smooth per-token improvement looks sudden under an all-or-nothing metric.

Reference: R. Schaeffer, B. Miranda and S. Koyejo, "Are Emergent Abilities of Large Language Models
a Mirage?" (NeurIPS 2023). Per-token cross-entropy falls as a power law in parameters N; the chance of
getting one token right is p = exp(-loss); exact match on an L-token answer is p**L.

Used in: Chapter 2: book/02-evals, explorers/evals.py (emergence_explorer).
"""
import numpy as np

# A per-token loss of 3 nats at 10 million parameters, falling as N**-0.4 (illustrative constants).
REFERENCE_PARAMS, REFERENCE_LOSS, EXPONENT = 1e7, 3.0, 0.4


def token_loss(n_params, exponent=EXPONENT):
    """Per-token cross-entropy (nats) of a model with n_params parameters: a smooth power law."""
    return REFERENCE_LOSS * (np.asarray(n_params, dtype=float) / REFERENCE_PARAMS) ** -exponent


def token_accuracy(n_params):
    """Probability of producing each answer token correctly: exp(-loss)."""
    return np.exp(-token_loss(n_params))


def exact_match(n_params, answer_length):
    """Probability that all answer_length tokens are right: p**L (the sharp, 'emergent' metric)."""
    return token_accuracy(n_params) ** answer_length


def token_edit_distance(n_params, answer_length):
    """Expected number of wrong tokens in the answer, L (1 - p): the smooth metric."""
    return answer_length * (1 - token_accuracy(n_params))


def draw_metrics(axes, n_params, answer_length):
    """Three views of the same models: exact match, per-token accuracy, and token edit distance."""
    exact, per_token, edits = axes
    (exact_line,) = exact.plot(n_params, exact_match(n_params, answer_length), color="#D55E00", lw=2)
    exact.set(xscale="log", ylim=(-0.02, 1.02), xlabel="parameters N", ylabel="exact match $p^L$",
              title="all-or-nothing: looks emergent")
    per_token.plot(n_params, token_accuracy(n_params), color="#0072B2", lw=2)
    per_token.set(xscale="log", ylim=(-0.02, 1.02), xlabel="parameters N", ylabel="per-token accuracy p",
                  title="per token: smooth")
    (edit_line,) = edits.plot(n_params, token_edit_distance(n_params, answer_length), color="#009E73", lw=2)
    edits.set(xscale="log", yscale="log", xlabel="parameters N", ylabel="wrong tokens L(1 - p)",
              title="edit distance: smooth")
    return exact_line, edit_line
