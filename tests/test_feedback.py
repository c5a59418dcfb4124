"""Jones (1995) with AI doing the research: three regimes, an exact solution, and the compute ceiling."""
import math

import numpy as np
import pytest

from scaling_course import feedback


@pytest.mark.parametrize("r", [0.6, 1.0, 1.2, 1.4, 3.6])
def test_integration_matches_the_exact_solution(r):
    times, levels = feedback.simulate(r, years=10)
    exact = feedback.exact_log_level(times, r)
    below_cap = exact < math.log(1e12) - 1
    assert np.max(np.abs(np.log(levels[below_cap]) - exact[below_cap])) < 1e-6


def test_three_regimes_of_doubling_times():
    for r, check in ((0.6, lambda d: np.all(np.diff(d) > 0)), (1.0, lambda d: np.allclose(d, d[0], rtol=1e-3)),
                     (1.4, lambda d: np.all(np.diff(d) < 0))):
        times, levels = feedback.simulate(r, years=6)
        doublings = feedback.doubling_times(times, levels)
        assert len(doublings) >= 4 and check(doublings), (r, doublings)
    assert feedback.regime(0.5) == "slowing" and feedback.regime(1) == "exponential" and feedback.regime(2) == "accelerating"


def test_blow_up_is_finite_only_above_one_and_the_run_stops_at_the_cap():
    assert feedback.blow_up_time(1.0) == math.inf and feedback.blow_up_time(0.7) == math.inf
    times, levels = feedback.simulate(1.4, years=10)
    assert times[-1] == pytest.approx(feedback.blow_up_time(1.4), abs=0.1) and levels[-1] == pytest.approx(1e12)


def test_r_equal_one_doubles_at_the_measured_pace_of_software_progress():
    times, levels = feedback.simulate(1.0, years=4)
    assert feedback.doubling_times(times, levels)[0] == pytest.approx(8 / 12, rel=1e-3)  # Ho et al. 2024


def test_douglas_elasticity_is_not_one_half():
    assert feedback.elasticity(1, 1, 10, 5) == pytest.approx(math.log(5) / math.log(10))
    assert feedback.elasticity(1, 1, 10, 5) == pytest.approx(0.699, abs=1e-3)


def test_compute_ceiling_and_the_tamed_loop():
    assert feedback.speed_ceiling(0.5, 0.5) == pytest.approx(2.0)
    assert feedback.research_speed(1.0, 1e12, 0.5, 0.5) == pytest.approx(2.0, rel=1e-6)
    assert feedback.bottlenecked_research(0.5, 0.5)(1e12) == pytest.approx(2.0, rel=1e-6)
    times, levels = feedback.simulate(1.4, years=10, research=feedback.bottlenecked_research(0.5, 0.5))
    assert times[-1] == 10 and levels[-1] < 1e4  # no blow-up


def test_fixed_compute_makes_the_growth_rate_fall_towards_zero_not_steady_growth():
    """With r = 1.4 and compute fixed (sigma = 0.5, a = 0.5), the growth rate of A falls from 1.04 a year to 0.19
    after ten years, and keeps falling like 1/(beta t): the loop slows, it does not settle into steady growth."""
    research = feedback.bottlenecked_research(0.5, 0.5)
    times, levels = feedback.simulate(1.4, years=10, research=research)
    numeric = np.gradient(np.log(levels), times)
    rates = [feedback.growth_rate(level, 1.4, research=research) for level in levels]
    assert np.allclose(rates[1:-1], numeric[1:-1], rtol=1e-3)
    assert rates[0] == pytest.approx(1.04, abs=0.005) and rates[-1] == pytest.approx(0.19, abs=0.005)
    assert np.all(np.diff(rates) < 0)
    later_times, later = feedback.simulate(1.4, years=100, research=research)
    assert feedback.growth_rate(later[-1], 1.4, research=research) * 0.5 * 100 == pytest.approx(1, rel=0.05)
    assert feedback.growth_rate(4.0, 1.4) == pytest.approx(feedback.DELTA * 4.0 ** (0.5 * 0.4))  # delta A^(beta(r-1))


def test_one_elasticity_observation_fits_a_compute_share_for_every_sigma():
    """Douglas's 5x from 10x compute is an output elasticity (0.70); in the CES it fixes a only once sigma is chosen."""
    shares = {sigma: feedback.compute_share_matching(5, 10, sigma) for sigma in (0.5, 0.8, 1.0)}
    assert shares[1.0] == pytest.approx(math.log(5) / math.log(10))
    assert shares[0.5] == pytest.approx(0.889, abs=1e-3) and shares[0.8] == pytest.approx(0.757, abs=1e-3)
    for sigma, a in shares.items():
        assert feedback.research_speed(10.0, 1.0, sigma, a) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="differ from 1"):
        feedback.compute_share_matching(5, 1, 0.5)


def test_published_range_puts_r_above_one_more_often_than_not():
    low, high = feedback.R_ESTIMATES["low"], feedback.R_ESTIMATES["high"]
    assert math.log(high) / math.log(high / low) == pytest.approx(0.58, abs=0.01)
