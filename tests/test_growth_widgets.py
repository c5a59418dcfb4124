"""The Chapter 6 and 7 explorers redraw on every control."""
from conftest import frames_after

from scaling_course import growth_widgets


def test_automation_explorer_moves_with_every_slider():
    changes = (dict(automated_share=0.5), dict(sigma=0.8), dict(log10_machines=1.0), dict(sigma=1.2))
    assert len(frames_after(growth_widgets.automation_explorer(), changes)) == 5


def test_feedback_explorer_moves_with_every_slider():
    changes = (dict(r=0.7), dict(r=3.0), dict(sigma=0.3), dict(compute_share=0.8))
    assert len(frames_after(growth_widgets.feedback_explorer(), changes)) == 5
