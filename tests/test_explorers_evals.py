"""Chapter 2's explorers respond to their controls (timing is in make bench)."""
from scaling_course.explorers import evals


def test_nines_explorer_reads_off_the_books_numbers():
    explorer = evals.nines_explorer(n_nines=1, n_steps=10)
    before = explorer.image.value
    explorer.update(n_nines=2.0, n_steps=100, target=0.95)
    assert explorer.image.value != before


def test_emergence_explorer_responds_to_answer_length():
    explorer = evals.emergence_explorer()
    before = explorer.image.value
    explorer.update(answer_length=30)
    assert explorer.image.value != before
