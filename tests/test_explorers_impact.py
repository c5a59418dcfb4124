"""Chapter 6's explorer redraws for every slider."""
from helpers import frames_after
from scaling_course.explorers import impact


def test_automation_explorer_moves_with_every_slider():
    changes = (dict(automated_share=0.5), dict(sigma=0.8), dict(log10_machines=1.0), dict(sigma=1.2))
    assert len(frames_after(impact.automation_explorer(), changes)) == 5


def test_twin_reads_out_the_papers_multiple_and_the_idle_contrast():
    """The twin's Vega expressions (only pow and arithmetic) give what automation.py gives, for both variants."""
    import math

    import pytest

    from scaling_course import automation
    spec, readout, _ = impact.automation_twin()
    assert readout == ["f", "sigma", "log10_machines", "output_multiple", "output_multiple_idle", "labour_share"]
    expressions = {p["name"]: p["expr"] for p in spec["params"] if "expr" in p}
    for f, sigma, log10_machines in ((0.9, 0.5, 3), (0, 0.1, 0), (0.99, 0.95, 6), (0.37, 0.75, 1.7)):
        env = {"f": f, "sigma": sigma, "log10_machines": log10_machines, "pow": math.pow}
        shown = {name: eval(expr, env) for name, expr in expressions.items()}
        assert shown["output_multiple"] == pytest.approx(automation.output_multiple(f, sigma), rel=1e-9)
        assert shown["output_multiple_idle"] == pytest.approx(
            automation.output_multiple(f, sigma, displaced=automation.IDLE), rel=1e-9)
        assert shown["labour_share"] == pytest.approx(automation.labour_share(f, sigma, 10**log10_machines), rel=1e-9)
    assert expressions and math.isclose(eval(expressions["output_multiple"], {"f": 0.9, "sigma": 0.5, "pow": math.pow}),
                                        100)
