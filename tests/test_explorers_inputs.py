"""The Chapter 5 explorers redraw on every control."""
from helpers import frames_after

from scaling_course.explorers import inputs


def test_effective_compute_explorer_moves_with_every_slider():
    changes = (dict(spend_growth=4.0), dict(hardware_halving_years=1.5), dict(algorithm_doubling_years=0.5),
               dict(gap_ooms=6.0))
    assert len(frames_after(inputs.effective_compute_explorer(), changes)) == 5


def test_data_explorer_moves_with_every_slider():
    changes = (dict(growth_per_year=3.0), dict(stock_trillions=500.0), dict(overtrain=10.0))
    assert len(frames_after(inputs.data_explorer(), changes)) == 4
