"""Emergence as a mirage (emergence.py)."""
import numpy as np
from scaling_course import emergence


def test_exact_match_hides_progress_that_per_token_metrics_show():
    """Schaeffer et al. 2023: exact match sits near zero while per-token accuracy is already high."""
    n_params = np.logspace(6, 13, 50)
    per_token = emergence.token_accuracy(n_params)
    exact = emergence.exact_match(n_params, 20)
    assert np.all(np.diff(per_token) > 0) and np.all(np.diff(exact) >= 0)
    assert np.all(exact[per_token < 0.75] < 0.01)  # three tokens in four right, yet almost never all 20
    edits = emergence.token_edit_distance(n_params, 20)
    slopes = np.diff(np.log(edits[n_params > 1e9])) / np.diff(np.log(n_params[n_params > 1e9]))
    assert np.ptp(slopes) < 0.1  # the edit distance is a smooth, near power-law decline
