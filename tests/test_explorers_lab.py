"""The scaling lab's isoFLOP explorer redraws for every budget, and its twin shows the stored sweep's runs,
parabolas and compute-optimal sizes, as the lab module computes them."""
import json
import math

import numpy as np
import pytest
from helpers import frames_after

from scaling_course import scaling_lab
from scaling_course.explorers import lab
from scaling_course.explorers.vega import check_field_names


@pytest.fixture(scope="module")
def curves():
    return lab.isoflop_curves()


def test_isoflop_explorer_moves_with_every_budget(curves):
    frames = frames_after(lab.isoflop_explorer(curves, budget_index=0), (dict(budget_index=1), dict(budget_index=2)))
    assert len(frames) == 3


def test_curves_are_the_stored_sweeps_optima_and_exponent(curves):
    sweep = scaling_lab.load_sweep()
    assert curves["budgets"] == [o["budget"] for o in sweep["optima"]]
    assert curves["n_opt"] == pytest.approx([o["n_opt"] for o in sweep["optima"]], rel=1e-12)
    assert curves["loss_opt"] == pytest.approx([o["loss_opt"] for o in sweep["optima"]], rel=1e-12)
    assert curves["a"] == pytest.approx(sweep["exponent"]["a"], rel=1e-12)
    assert len(curves["budgets"]) >= 3 and max(curves["budgets"]) / min(curves["budgets"]) >= 10
    for (n, loss), budget in zip(curves["runs"], curves["budgets"]):
        stored = sorted((r["params"], r["held_out_loss"]) for r in sweep["isoflop"] if r["budget"] == budget)
        assert list(zip(n, loss)) == stored


def test_each_parabola_bottoms_out_at_its_n_opt(curves):
    for (pn, pl), n_opt, loss_opt in zip(curves["parabolas"], curves["n_opt"], curves["loss_opt"]):
        assert min(pn) <= n_opt <= max(pn)
        assert min(pl) == pytest.approx(loss_opt, abs=2e-3) and min(pl) >= loss_opt - 1e-12


def test_twin_reads_out_each_budgets_n_opt_and_the_exponent(curves):
    spec, readout, alt = lab.isoflop_twin(curves)
    check_field_names(spec)
    assert readout == ["budget_index", "budget", "n_opt", "loss_opt", "exponent"] and len(alt) > 30
    expressions = {p["name"]: p["expr"] for p in spec["params"] if "expr" in p}
    for i in range(len(curves["budgets"])):
        shown = {name: eval(expr, {"budget_index": i}) for name, expr in expressions.items()}
        assert shown["budget"] == curves["budgets"][i]
        assert shown["n_opt"] == pytest.approx(curves["n_opt"][i], rel=1e-12)
        assert shown["loss_opt"] == pytest.approx(curves["loss_opt"][i], rel=1e-12)
        assert shown["exponent"] == pytest.approx(curves["a"], rel=1e-12)
    rows = spec["data"]["values"]
    assert sum(r["kind"] == "run" for r in rows) == len(scaling_lab.load_sweep()["isoflop"])
    assert all(math.isfinite(r["loss"]) and r["N"] > 0 for r in rows)
    assert "usermeta" in spec and "sentence" in spec["usermeta"]


def test_twin_slider_starts_where_the_explorer_does(curves):
    explorer = lab.isoflop_explorer(curves, budget_index=2)
    spec = explorer.twin[0]
    assert next(p for p in spec["params"] if p["name"] == "budget_index")["value"] == 2
    assert "C = 2e+11 FLOPs" in lab._sentence(curves, 2)
    assert json.dumps(spec)  # plain JSON, as the page embeds it
    assert np.isfinite(curves["k"])
