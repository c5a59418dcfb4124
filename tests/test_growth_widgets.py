"""The Chapter 6 and 7 explorers redraw on every control."""
from scaling_course import growth_widgets


def test_automation_explorer_moves_with_every_slider():
    explorer = growth_widgets.automation_explorer()
    frames = {explorer.image.value}
    for change in (dict(automated_share=0.5), dict(sigma=0.8), dict(log10_machines=1.0), dict(sigma=1.2)):
        explorer.update(**change)
        frames.add(explorer.image.value)
    assert len(frames) == 5


def test_feedback_explorer_moves_with_every_slider():
    explorer = growth_widgets.feedback_explorer()
    frames = {explorer.image.value}
    for change in (dict(r=0.7), dict(r=3.0), dict(sigma=0.3), dict(compute_share=0.8)):
        explorer.update(**change)
        frames.add(explorer.image.value)
    assert len(frames) == 5
