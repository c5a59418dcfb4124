"""The tests every chapter's exercise checks must pass, written once and bound to each chapter's module.

Use: `(test_solution_passes, ...) = contract_tests(check, SOLUTION, STUB, WRONG)` at module level,
where WRONG maps each exercise to at least two plausible wrong answers.
"""
import pytest

from scaling_course import checks


def contract_tests(check, solution, stub, wrong):
    names = sorted(wrong)

    @pytest.mark.parametrize("name", names)
    def test_solution_passes(name):
        result = getattr(check, name)(solution[name])
        assert result.passed, repr(result)
        assert repr(result).startswith("✔") and "\n" not in repr(result)

    @pytest.mark.parametrize("name", names)
    def test_stub_is_not_attempted(name):
        result = getattr(check, name)(stub[name])
        assert not result and result.status == "not attempted"
        assert "not attempted yet" in repr(result)

    @pytest.mark.parametrize("name, index", [(n, i) for n in names for i in range(len(wrong[n]))])
    def test_wrong_answer_is_rejected_with_one_sentence(name, index):
        result = getattr(check, name)(wrong[name][index])
        assert not result and result.status == "failed"
        message = repr(result)
        assert message.startswith("✘") and "\n" not in message and "Traceback" not in message

    @pytest.mark.parametrize("name", names)
    def test_not_a_function_is_refused(name):
        assert "pass your function" in repr(getattr(check, name)(None))

    def test_every_exercise_has_wrong_answers():
        """Each exercise in the solution notebook is covered with at least two wrong answers."""
        assert set(solution) == set(wrong)
        assert all(len(answers) >= 2 for answers in wrong.values())

    return (test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
            test_not_a_function_is_refused, test_every_exercise_has_wrong_answers)


def _loop_forever(*args):
    while True:
        pass


def _interrupted(*args):
    raise KeyboardInterrupt


def _exits(*args):
    raise SystemExit(0)


def hardening_tests(check, wrong, correct=None):
    """The tests that keep a chapter's checks fair and unbreakable: right answers written other ways pass, every
    wrong answer is read (never "could not read your answer"), and an endless loop, an interrupt or sys.exit()
    inside the learner's function is one sentence. Use: `(test_right_answers_written_other_ways_pass, ...) =
    hardening_tests(check, WRONG, CORRECT)` at module level."""
    correct = correct or {}

    @pytest.mark.parametrize("name, index", [(n, i) for n in correct for i in range(len(correct[n]))])
    def test_right_answers_written_other_ways_pass(name, index):
        result = getattr(check, name)(correct[name][index])
        assert result.passed, repr(result)

    @pytest.mark.parametrize("name, index", [(n, i) for n in wrong for i in range(len(wrong[n]))])
    def test_wrong_answers_are_read_not_tripped_over(name, index):
        """The check understands every wrong answer: no "could not read your answer"."""
        assert "could not read" not in getattr(check, name)(wrong[name][index]).message

    @pytest.mark.parametrize("name", sorted(wrong))
    @pytest.mark.parametrize("learner, words", [(_loop_forever, "does it loop forever?"),
                                                (_interrupted, "was interrupted (KeyboardInterrupt)"),
                                                (_exits, "called sys.exit()"),
                                                (lambda *args: 10**400, "")])  # too big for a float: read, not tripped
    def test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence(name, learner, words, monkeypatch):
        monkeypatch.setattr(checks, "TIMEOUT", 0.3)
        result = getattr(check, name)(learner)
        assert result.status == "failed" and words in result.message, repr(result)
        assert "\n" not in repr(result) and "could not read" not in result.message

    return (test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
            test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence)
