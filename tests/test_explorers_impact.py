"""Chapter 6's explorer redraws for every slider."""
from helpers import frames_after
from scaling_course.explorers import impact


def test_automation_explorer_moves_with_every_slider():
    changes = (dict(automated_share=0.5), dict(sigma=0.8), dict(log10_machines=1.0), dict(sigma=1.2))
    assert len(frames_after(impact.automation_explorer(), changes)) == 5
