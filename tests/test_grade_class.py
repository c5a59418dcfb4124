"""A Chapter 3 class handed in the way students hand work in: forgers get nothing for what they did not do, a
crash or a swallowed interrupt after correct exercises keeps them, LMS and Colab/JupyterLite names and folders
per student are read, a chapter sent by mistake is named, and a copied implementation is flagged."""
import csv

import pytest
from test_grade import FAST, FIXTURES, run_grader


@pytest.fixture(scope="module")
def chapter3(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    done, rows, run = run_grader(FIXTURES / "03", "03", runs, *FAST)
    assert done.returncode == 0, done.stderr[-3000:]
    return {row["student"]: row for row in rows}, done.stdout, run


EXERCISES = ("toy_forward", "toy_loss", "feature_dimensionality", "previous_token_qk", "induction_score")


@pytest.mark.parametrize("forger", ["forger_stdlib", "forger_checks", "forger_fakes", "forger_builtins"])
def test_forgers_score_nothing(chapter3, forger):
    rows, _, _ = chapter3
    assert rows[forger]["total"] == "0", {name: rows[forger][f"{name} message"] for name in EXERCISES}
    assert all(rows[forger][f"{name} status"] != "passed" for name in EXERCISES)


def test_a_returned_object_the_grader_cannot_read_is_named(chapter3):
    rows, _, _ = chapter3
    assert rows["forger_fakes"]["toy_forward message"] == \
        "your function returned a CheckResult, which the grader cannot read."


def test_a_crash_after_correct_exercises_keeps_them_and_names_the_cell(chapter3):
    rows, _, _ = chapter3
    assert rows["crash_after_two"]["total"] == "10"
    assert rows["crash_after_two"]["events"] == "cell 9 crashed the kernel (os._exit, a segfault or out of memory)"


def test_a_swallowed_interrupt_costs_one_cell_not_the_exercises(chapter3):
    rows, _, _ = chapter3
    assert rows["swallowed_interrupt"]["total"] == "10"
    assert "cell 9 ran past 4 s and ignored the interrupt" in rows["swallowed_interrupt"]["events"]


def test_an_endless_function_that_later_cells_reuse_costs_its_own_exercises(chapter3):
    rows, _, _ = chapter3
    row = rows["loop_reused"]
    assert row["total"] == "7" and row["toy_forward status"] == "error"
    assert "your toy_loss calls your toy_forward, which did not pass" in row["toy_loss message"]


def test_an_interrupt_proof_function_costs_its_exercises_and_the_kernel_is_restarted_for_the_rest(chapter3):
    rows, _, _ = chapter3
    row = rows["interrupt_proof_function"]
    assert row["toy_forward message"].endswith("ignored the interrupt; the kernel was restarted.")
    assert row["toy_loss status"] == "error" and row["total"] == "7"


def test_a_wrong_function_that_a_later_one_calls_is_named(chapter3):
    rows, _, _ = chapter3
    row = rows["Grace Hopper"]                     # Moodle's folder per student, the -exercises name
    assert row["toy_forward message"].startswith("you return Wᵀ W x + b")
    assert row["toy_loss message"].endswith("(your toy_loss calls your toy_forward, which did not pass: fix "
                                            "that first.)")


def test_an_import_error_in_an_answer_cell_is_reported_as_such(chapter3):
    rows, _, _ = chapter3
    row = rows["import_error"]
    assert row["feature_dimensionality status"] == "failed" and row["feature_dimensionality cell"] == "12"
    assert "ModuleNotFoundError: No module named 'a_package_nobody_installed'" in row["feature_dimensionality message"]


def test_a_chapter_handed_in_instead_of_exercises_is_named(chapter3):
    rows, _, _ = chapter3
    assert "chapter notebook" in rows["03-internals-chapter"]["toy_forward message"]


def test_lms_names_folders_colab_lite_and_uppercase_files_are_read(chapter3):
    rows, stdout, run = chapter3
    assert {"lovelaceada", "Grace Hopper", "alan", "Copy of 03-internals", "exercises_03-internals"} <= set(rows)
    assert rows["lovelaceada"]["total"] == rows["Copy of 03-internals"]["total"] == "10"
    assert rows["lovelaceada"]["submission"] == "lovelaceada_1001_2001_03-internals.IPYNB"
    assert rows["exercises_03-internals"]["toy_forward status"] == "not attempted"
    assert "skipped (not a notebook): notes.txt" in stdout and (run / "skipped.txt").read_text() == "notes.txt\n"
    book = {row["Student"]: row for row in csv.DictReader(open(run / "gradebook.csv"))}
    assert book["lovelaceada"]["ID"] == "1001" and book["Grace Hopper"]["ID number"] == "1002"
    assert (run / "feedback" / "Grace Hopper.md").exists()


def test_an_answer_that_only_calls_the_package_is_flagged_not_failed(chapter3):
    rows, _, _ = chapter3
    assert rows["alan"]["total"] == "10"
    assert rows["alan"]["flags"] == "toy_forward: only calls the course package's superposition.reconstruct"
    assert rows["Copy of 03-internals"]["flags"] == ""
