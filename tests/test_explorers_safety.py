"""The Chapter 4 explorers redraw on every control and show the values the sliders hold."""
import pytest

from scaling_course.explorers import safety


@pytest.fixture(scope="module")
def curves():
    return safety.goodhart_curves(error_scales=(0.5, 1.0))


def test_goodhart_explorer_moves_with_both_sliders(curves):
    explorer = safety.goodhart_explorer(curves, log10_n=1.0, error_scale=1.0)
    frames = {explorer.image.value}
    explorer.update(log10_n=3.0)
    frames.add(explorer.image.value)
    explorer.update(error_scale=0.5)
    frames.add(explorer.image.value)
    assert len(frames) == 3
    assert "image/png" in explorer._repr_mimebundle_()


def test_gaming_explorer_flips_between_circling_and_finishing():
    explorer = safety.gaming_explorer(bonus=2.0)
    circling = explorer.image.value
    explorer.update(bonus=0.5)
    assert explorer.image.value != circling
    explorer.update(bonus=2.0)
    assert explorer.image.value == circling  # same policy, same picture
