"""Whose notebook is whose: LMS download names, folders per student, a roster, and the saved names of the exercise
notebook (the current one, `-exercises`, Colab's and JupyterLite's)."""
import pytest

from scaling_course.instructor import submissions


@pytest.fixture
def folder(tmp_path):
    for name in ("lovelaceada_LATE_1001_2001_03-internals.ipynb", "Copy of 03-internals.IPYNB", "notes.txt",
                 "Grace Hopper_1002_assignsubmission_file_/03-internals.ipynb", "alan/work/03-internals.ipynb",
                 ".ipynb_checkpoints/x.ipynb", "alan/second try.ipynb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    return tmp_path


def people(folder, roster=None):
    paths, skipped = submissions.find(folder)
    found = [submissions.identify(path, folder, "03", "internals", roster) for path in paths]
    return {person["submission"]: person for person in found}, skipped, found


def test_lms_names_folders_and_file_names_identify_students(folder):
    found, skipped, _ = people(folder)
    assert skipped == ["notes.txt"] and ".ipynb_checkpoints/x.ipynb" not in found
    assert found["lovelaceada_LATE_1001_2001_03-internals.ipynb"]["student"] == "lovelaceada"
    assert found["lovelaceada_LATE_1001_2001_03-internals.ipynb"]["id"] == "1001"
    assert found["Grace Hopper_1002_assignsubmission_file_/03-internals.ipynb"]["student"] == "Grace Hopper"
    assert found["alan/work/03-internals.ipynb"]["student"] == "alan"
    assert found["Copy of 03-internals.IPYNB"]["student"] == "Copy of 03-internals"


def test_a_roster_maps_submissions_to_students(folder, tmp_path_factory):
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_text("submission,student,id,email\nlovelaceada,Ada Lovelace,A1,ada@example.org\n"
                      "Copy of 03-internals.IPYNB,Mary Somerville,A2,\n")
    found, _, _ = people(folder, submissions.read_roster(roster))
    ada = found["lovelaceada_LATE_1001_2001_03-internals.ipynb"]
    assert (ada["student"], ada["id"], ada["email"]) == ("Ada Lovelace", "A1", "ada@example.org")
    assert found["Copy of 03-internals.IPYNB"]["student"] == "Mary Somerville"


def test_a_roster_without_its_columns_is_refused_in_one_sentence(tmp_path):
    (tmp_path / "roster.csv").write_text("name,mail\nada,a@b\n")
    with pytest.raises(SystemExit, match="needs the columns submission and student"):
        submissions.read_roster(tmp_path / "roster.csv")


def test_two_files_for_one_student_get_numbered_rows(folder):
    _, _, found = people(folder)
    clashes = submissions.unique(found)
    assert clashes == ["alan/work/03-internals.ipynb"]
    assert sorted(p["student"] for p in found if p["student"].startswith("alan")) == ["alan", "alan (2)"]


@pytest.mark.parametrize("stem, ok", [("03-internals", True), ("03-internals-exercises", True),
                                      ("Copy of 03-internals", True), ("exercises_03-internals", True),
                                      ("03-internals (1)", True), ("03-internals-exercises (2)", True),
                                      ("Copy of 03-internals-exercises", True), ("03-internal", False),
                                      ("01-scaling", False), ("01-scaling-exercises", False)])
def test_the_saved_names_of_the_exercise_notebook(stem, ok):
    assert submissions.exercise_stem(stem, "03", "internals") is ok
