"""The Chapter 3 widgets: the superposition explorer's slider and train button, and the progress bar."""
import pytest

from scaling_course import superposition
from scaling_course.explorers import internals


@pytest.fixture()
def sweep():
    return {s: superposition.train(sparsity=s, restarts=1, steps=300, seed=0) for s in (0.0, 0.9)}


def test_slider_shows_the_nearest_trained_sparsity(sweep):
    explorer = internals.superposition_explorer(sweep, sparsity=0.0)
    dense = explorer.image.value
    explorer.update(sparsity=0.8)
    assert explorer.image.value != dense and explorer.image.value[:4] == b"\x89PNG"
    status = explorer.widget.children[1]
    assert status.value.endswith("0.9")
    explorer.update(sparsity=0.1)
    assert explorer.image.value == dense and status.value.endswith(": 0")


def test_train_button_adds_the_exact_sparsity(sweep):
    explorer = internals.superposition_explorer(sweep, sparsity=0.5)
    explorer.train_here()
    assert 0.5 in sweep and sweep[0.5][0].shape == (2, 5)
    assert explorer.widget.children[1].value.endswith("0.5")
    progress = explorer.widget.children[0].children[2]
    assert progress.value == progress.max == 3000


def test_progress_bar_reports_steps_and_has_a_static_fallback():
    progress = internals.Progress("training")
    progress(50, 200)
    assert (progress.bar.value, progress.bar.max) == (50, 200) and "step 50 of 200" in progress.label.value
    bundle = progress._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "live bar" in bundle["text/plain"]
