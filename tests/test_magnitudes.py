import pytest

from scaling_course import magnitudes


def test_chapter_one_arithmetic():
    assert magnitudes.doublings(1024) == pytest.approx(10)
    assert magnitudes.years_to_grow(1e10, 0.5) == pytest.approx(16.61, abs=0.01)
    assert 12 * magnitudes.doubling_time(1e10, 13) == pytest.approx(4.70, abs=0.01)
    assert magnitudes.tiled_area_km2(1e10) == pytest.approx(900)  # vs New York City's 778.2 km^2
    assert magnitudes.survival_probability(0.5, 10) == pytest.approx(1 / 1024)
    assert magnitudes.growth_factor(2, 0.5) == pytest.approx(16)


def test_bad_input():
    with pytest.raises(ValueError, match="factor must be positive"):
        magnitudes.doublings(0)
