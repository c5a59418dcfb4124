"""Chapter 7's explorer redraws for every slider."""
from helpers import frames_after
from scaling_course.explorers import explosion


def test_feedback_explorer_moves_with_every_slider():
    changes = (dict(r=0.7), dict(r=3.0), dict(sigma=0.3), dict(compute_share=0.8))
    assert len(frames_after(explosion.feedback_explorer(), changes)) == 5
