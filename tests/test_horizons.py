"""The 50% time horizon: logistic fit and METR's projection (horizons.py)."""
import numpy as np
import pytest
from scaling_course import horizons


@pytest.mark.parametrize("planted, seed", [(60, 0), (15, 3), (480, 4)])
def test_logistic_fit_recovers_the_planted_horizon(planted, seed):
    minutes, succeeded = horizons.synthetic_tasks(400, planted, 0.9, np.random.default_rng(seed))
    fitted = horizons.horizon_from_logistic(*horizons.fit_logistic(minutes, succeeded))
    assert fitted == pytest.approx(planted, rel=0.25)


def test_projection_uses_metrs_doubling_time():
    """Kwa et al. 2025: doubling every 212 days (171-249) from 59 minutes."""
    assert horizons.project_horizon(212) == pytest.approx(118)
    assert horizons.days_to_reach(2400) / 365 == pytest.approx(3.1, abs=0.05)
