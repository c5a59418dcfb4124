"""Every static twin of every explorers module is a spec Vega-Lite can draw from: no field name that Vega-Lite
would read as a nested path (the Chapter 1 compute twin once drew nothing because of "et al."). Whether each
view draws in a browser is tests/test_pages_render.py."""
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

from scaling_course import explorers, fitting, superposition
from scaling_course.explorers import vega


def _fit_twin():
    from scaling_course.explorers import scaling
    rng = np.random.default_rng(1)
    return scaling.fit_explorer(*fitting.noisy_sine(100, rng), *fitting.noisy_sine(300, rng)).twin


def _superposition_twin():
    from scaling_course.explorers import internals
    return internals.superposition_twin({s: superposition.train(sparsity=s, restarts=1, steps=200, seed=0)
                                         for s in (0.0, 0.9)})


def _goodhart_twin():
    from scaling_course.explorers import safety
    scales = (0.5, 1.0)
    return safety.goodhart_twin(safety.goodhart_curves(error_scales=scales, n_max=200), scales)


# Twins that need data their explorer computes first; every other twin is built from its defaults.
NEEDS_DATA = {"fit_twin": _fit_twin, "superposition_twin": _superposition_twin, "goodhart_twin": _goodhart_twin}


def all_twin_functions():
    found = {}
    for info in pkgutil.iter_modules(explorers.__path__):
        module = importlib.import_module(f"scaling_course.explorers.{info.name}")
        for name, function in vars(module).items():
            if name.endswith("_twin") and inspect.isfunction(function) and function.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = function
    return found


TWIN_FUNCTIONS = all_twin_functions()


def test_every_chapter_with_explorers_has_twins_found():
    modules = {name.split(".")[0] for name in TWIN_FUNCTIONS}
    assert {"scaling", "evals", "internals", "safety", "inputs", "impact", "explosion"} <= modules
    assert len(TWIN_FUNCTIONS) >= 10


@pytest.mark.parametrize("qualified", sorted(TWIN_FUNCTIONS))
def test_twin_field_names_are_plain(qualified):
    function = TWIN_FUNCTIONS[qualified]
    name = qualified.split(".")[1]
    required = [p for p in inspect.signature(function).parameters.values() if p.default is inspect.Parameter.empty]
    if required:
        assert name in NEEDS_DATA, f"{qualified} needs arguments: add a builder for it to NEEDS_DATA"
        spec, readout, alt = NEEDS_DATA[name]()
    else:
        spec, readout, alt = function()
    names = list(vega.field_names(spec))
    assert names, f"{qualified}: a chart with no fields"
    vega.check_field_names(spec)  # raises on '.', '[' or ']'
    assert readout and alt
    assert 'class="vega-twin"' in vega.twin_html(spec, readout, "", alt)


@pytest.mark.parametrize("spec", [
    {"transform": [{"fold": ["replication (Besiroglu et al.)", "b"], "as": ["key", "value"]}]},
    {"encoding": {"x": {"field": "a.b", "type": "quantitative"}}},
    {"layer": [{"transform": [{"calculate": "1", "as": "x[0]"}]}]},
    {"transform": [{"flatten": ["x", "y]"]}]},
])
def test_a_field_name_vega_lite_reads_as_a_path_is_refused_at_build_time(spec):
    with pytest.raises(ValueError, match="path into nested data"):
        vega.check_field_names(spec)
    with pytest.raises(ValueError):
        vega.twin_html(spec, ["x"], "", "alt")


def test_labels_with_dots_may_be_data_values():
    spec = {"transform": [{"calculate": "'Hoffmann et al. 2022'", "as": "constants"}],
            "encoding": {"color": {"field": "constants", "scale": {"domain": ["Hoffmann et al. 2022"]}}}}
    assert vega.check_field_names(spec) is spec
