"""More samples instead of a bigger model: pass@k and majority voting.

References: M. Chen et al. (2021) for pass@k; A. Lewkowycz et al., "Solving Quantitative Reasoning
Problems with Language Models" (2022) for majority voting, cited in The Scaling Era, Chapter 1.

Used in: Chapter 2: book/02-evals (majority voting).
"""
import numpy as np


def answer_probabilities(p_correct, n_options, p_distractor=None):
    """Chance of each option per sample: option 0 is right; option 1 may be a tempting distractor."""
    probabilities = np.full(n_options, (1 - p_correct) / (n_options - 1))
    probabilities[0] = p_correct
    if p_distractor is not None:
        rest = (1 - p_correct - p_distractor) / (n_options - 2)
        probabilities[1:] = rest
        probabilities[1] = p_distractor
    return probabilities


def majority_vote_accuracy(probabilities, k, n_questions, rng):
    """Monte Carlo accuracy of taking the most common of k sampled answers (ties broken at random)."""
    votes = rng.multinomial(k, probabilities, size=n_questions)  # (questions, options)
    top = votes == votes.max(axis=1, keepdims=True)
    chosen = np.argmax(top * rng.uniform(size=top.shape), axis=1)
    return float(np.mean(chosen == 0))


def draw_voting(ax, ks, accuracies, label, colour):
    ax.plot(ks, accuracies, "o-", color=colour, label=label)
    ax.set(xscale="log", xlabel="samples per question k", ylabel="accuracy", ylim=(0, 1.02))
