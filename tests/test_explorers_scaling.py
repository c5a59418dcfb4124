"""Chapter 1's explorers build, respond to their controls, and refuse unknown controls; the shared snapshot (timing is in make bench)."""
import numpy as np
import pytest
from scaling_course import explorers, fitting
from scaling_course.explorers import scaling


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(1)
    return (*fitting.noisy_sine(100, rng), *fitting.noisy_sine(300, rng))


def test_fit_explorer_redraws_on_update(data):
    explorer = scaling.fit_explorer(*data)
    before = explorer.image.value
    explorer.update(n_bins=12, degree=7)
    assert explorer.image.value != before and explorer.image.value[:4] == b"\x89PNG"
    assert explorer.controls["n_bins"].value == 12
    explorer.controls["degree"].value = 2  # a slider move from the front end takes the same path
    assert explorer.image.value != before


def test_explorers_show_a_png_snapshot_for_static_pages(data):
    bundle = scaling.fit_explorer(*data)._repr_mimebundle_()
    assert "image/png" in bundle and "application/vnd.jupyter.widget-view+json" in bundle


def test_manifold_and_compute_explorers():
    manifold_explorer = scaling.manifold_explorer()
    frames = set()
    for d in range(1, 7):
        manifold_explorer.update(d=d)
        frames.add(manifold_explorer.image.value)
    assert len(frames) == 6
    compute_explorer = scaling.compute_explorer()
    before = compute_explorer.image.value
    compute_explorer.update(log10_compute=20)
    assert compute_explorer.image.value != before


def test_unknown_control_is_refused():
    with pytest.raises(ValueError, match="no control called"):
        scaling.compute_explorer().update(budget=3)


def test_static_snapshot_is_labelled_as_a_snapshot(data):
    """The static site says a picture is a snapshot in page text, not pixels: beside the twin's fallback, and
    above the picture of an explorer without a twin. Only image/png (GitHub, nbviewer) keeps the drawn strip."""
    import base64
    import io

    from PIL import Image

    explorer = scaling.fit_explorer(*data)
    bundle = explorer._repr_mimebundle_()
    live = Image.open(io.BytesIO(explorer.image.value))
    still = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    assert still.width == live.width and still.height == live.height + 22  # one line of drawn text
    assert 'class="vega-twin-note"' in bundle["text/html"] and "JavaScript" in bundle["text/html"]
    fallback = bundle["text/html"].split('class="vega-twin-fallback" src="data:image/png;base64,')[1].split('"')[0]
    assert base64.b64decode(fallback) == explorer.image.value  # the plain picture, no strip
    plain = scaling.manifold_explorer()._repr_mimebundle_()["text/html"]
    assert explorers.SNAPSHOT_NOTE in plain and 'class="explorer-snapshot-image"' in plain and "alt=" in plain
    assert "Snapshot" in explorers.SNAPSHOT_NOTE and "run this notebook" in explorers.SNAPSHOT_NOTE
