"""The tests every chapter's exercise checks must pass, written once and bound to each chapter's module.

Use: `(test_solution_passes, ...) = contract_tests(check, SOLUTION, STUB, WRONG)` at module level,
where WRONG maps each exercise to at least two plausible wrong answers.
"""
import pytest


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
