"""Chapter 5's arithmetic: the cluster trajectory against the grid, effective compute, and the data crossing."""
import inspect
import math
import warnings

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
    assert inputs.effective_data(1.0, 1e6) == pytest.approx(1 + inputs.REPEAT_E_FOLDING)


def test_r_star_is_an_e_folding_constant_not_a_half_life():
    """The R-th repeat is worth exp(-R / R*) of a fresh token: a factor e per R* repeats, a half per R* ln 2."""
    marginal = lambda r: float(inputs.effective_data(1.0, r + 1e-6) - inputs.effective_data(1.0, r)) / 1e-6
    r_star = inputs.REPEAT_E_FOLDING
    assert marginal(r_star) / marginal(0.0) == pytest.approx(math.exp(-1), rel=1e-4)
    assert marginal(r_star * math.log(2)) / marginal(0.0) == pytest.approx(0.5, rel=1e-4)


def test_old_name_still_works_with_a_deprecation_warning():
    """Saved submissions that read inputs.REPEAT_HALF_LIFE keep running until the stated removal date."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert inputs.REPEAT_HALF_LIFE == inputs.REPEAT_E_FOLDING
    assert len(caught) == 1 and caught[0].category is DeprecationWarning
    assert "REPEAT_E_FOLDING" in str(caught[0].message) and "2027-09-01" in str(caught[0].message)
    with pytest.raises(AttributeError):
        inputs.NO_SUCH_NAME


def test_crossing_year_reproduces_villalobos_range():
    """Villalobos et al. (2024): exhausted between 2026 and 2032, median around 2028. Ours (compute-optimal,
    no overtraining, 4-5x a year): 90% interval 2027.6-2030.8, median 2029.1; overtrained 5x, median 2028.0."""
    years = inputs.crossing_year_distribution(n_samples=20_000, seed=0)
    low, median, high = np.percentile(years, [5, 50, 95])
    assert 2026 <= low and high <= 2032 and median == pytest.approx(2029.1, abs=0.3)
    assert np.median(inputs.crossing_year_distribution(seed=0, overtrain=5)) == pytest.approx(2028, abs=0.3)


def test_the_effective_stock_is_counted_once():
    """Villalobos et al.'s ~300T is an effective stock that already allows for multi-epoch training: at the
    crossing year a run needs exactly that stock, not the stock times a repetition multiplier."""
    assert "repeats" not in inspect.signature(inputs.data_crossing_year).parameters
    assert "repeats" not in inspect.signature(inputs.crossing_year_distribution).parameters
    for growth, overtrain in ((4.5, 1.0), (4.0, 5.0), (2.2, 30.0)):
        year = inputs.data_crossing_year(growth_per_year=growth, overtrain=overtrain)
        compute = inputs.START_COMPUTE * growth ** (year - inputs.START_YEAR)
        assert inputs.tokens_needed(compute, overtrain=overtrain) == pytest.approx(inputs.STOCK_TOKENS, rel=1e-9)
    # the Monte Carlo uses each sampled stock once too: its median stock gives its median year
    years = inputs.crossing_year_distribution(n_samples=20_000, seed=0, growth_range=(4.5, 4.5))
    assert np.median(years) == pytest.approx(inputs.data_crossing_year(growth_per_year=4.5), abs=0.02)


def test_gpt3_is_six_orders_of_magnitude_below_the_2030_cluster():
    """From the page's numbers: the 2030 row's 1e8 H100-equivalents, 100 days at 40% of peak, are ~3.4e29 FLOP:
    6.0 OOM above GPT-3 (3.14e23) and 4.0 above the 2022 (GPT-4-era) row or Llama 3.1 405B."""
    cluster_2030 = inputs.cluster_training_flop(1e8)
    assert cluster_2030 == pytest.approx(3.42e29, rel=0.01)
    assert inputs.ooms_between(inputs.GPT3_COMPUTE, cluster_2030) == pytest.approx(6.0, abs=0.1)
    assert inputs.ooms_between(inputs.START_COMPUTE, cluster_2030) == pytest.approx(4.0, abs=0.1)
    assert inputs.ooms_between(inputs.cluster_training_flop(1e4), cluster_2030) == pytest.approx(4.0)


def test_crossing_is_never_when_compute_stops_growing():
    assert inputs.data_crossing_year(growth_per_year=1.0) == math.inf


def test_bad_input_gets_one_sentence():
    with pytest.raises(ValueError, match="cannot be negative"):
        inputs.effective_data(1e12, -1)
    with pytest.raises(ValueError, match="at least two"):
        inputs.ooms_per_year([2020], [1.0])
