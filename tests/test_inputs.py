"""Chapter 5's arithmetic: the cluster trajectory against the grid, effective compute, and the data crossing."""
import math

import numpy as np
import pytest

from scaling_course import inputs


def test_trajectory_grows_half_an_order_of_magnitude_a_year():
    rows = inputs.trajectory_table()
    years = [r["year"] for r in rows]
    assert inputs.ooms_per_year(years, [r["power_w"] for r in rows]) == pytest.approx(0.5)
    assert inputs.ooms_per_year(years, [r["h100e"] for r in rows]) == pytest.approx(0.5)
    assert all(r["watts_per_h100e"] == 1000 for r in rows)


def test_the_quote_checks_out_against_the_grid():
    """'100 GW—over 20 percent of US electricity production'; 'Ten GW ... a few percent of US natural gas production'."""
    rows = {r["year"]: r for r in inputs.trajectory_table()}
    assert 0.20 < rows[2030]["share_of_us_generation"] < 0.22
    assert inputs.us_average_generation_gw() == pytest.approx(477, abs=1)
    assert 0.01 < rows[2028]["share_of_us_gas_production"] < 0.03


def test_all_in_power_per_h100_is_in_the_usual_range():
    low, high = inputs.all_in_watts_per_gpu()
    assert 1200 <= low < high <= 1600
    assert inputs.cluster_power_mw(100_000, 1000) == pytest.approx(100)


def test_effective_compute_rates_add_in_orders_of_magnitude():
    rate = inputs.effective_ooms_per_year(2.5, 2.5, 1.0)
    assert rate == pytest.approx(math.log10(2.5) + math.log10(2) / 2.5 + math.log10(2))
    assert inputs.effective_compute(2, 3.0, 2.0, 1.0) == pytest.approx(72)
    assert inputs.years_to_close(4, 2.5, 2.5, 1.0) == pytest.approx(4 / rate)
    # Ho et al. 2024: halving every 8 months (95% CI 5-14) is 0.45 OOM/yr of algorithmic progress.
    assert math.log10(2) / (inputs.HO_HALVING_MONTHS / 12) == pytest.approx(0.45, abs=0.01)


def test_repeated_data_matches_muennighoff():
    """Four epochs are 'almost as good as new data'; the ceiling is 1 + R* = 16.4 epochs."""
    assert inputs.effective_data(1.0, 0) == 1.0
    assert 3.6 < inputs.effective_data(1.0, 3) < 3.8
    assert inputs.effective_data(1.0, 1e6) == pytest.approx(1 + inputs.REPEAT_HALF_LIFE)


def test_crossing_year_reproduces_villalobos_range():
    """Villalobos et al. (2024): exhausted between 2026 and 2032, median around 2028. Ours (compute-optimal,
    no overtraining, 4-5x a year): 90% interval 2027.6-2030.8, median 2029.1; overtrained 5x, median 2028.0."""
    years = inputs.crossing_year_distribution(n_samples=20_000, seed=0)
    low, median, high = np.percentile(years, [5, 50, 95])
    assert 2026 <= low and high <= 2032 and median == pytest.approx(2029.1, abs=0.3)
    assert np.median(inputs.crossing_year_distribution(seed=0, overtrain=5)) == pytest.approx(2028, abs=0.3)


def test_repeating_four_epochs_buys_about_two_years():
    once, four = inputs.data_crossing_year(), inputs.data_crossing_year(repeats=3)
    assert 1.5 < four - once < 2.2


def test_crossing_is_never_when_compute_stops_growing():
    assert inputs.data_crossing_year(growth_per_year=1.0) == math.inf


def test_bad_input_gets_one_sentence():
    with pytest.raises(ValueError, match="cannot be negative"):
        inputs.effective_data(1e12, -1)
    with pytest.raises(ValueError, match="at least two"):
        inputs.ooms_per_year([2020], [1.0])
