"""The instructors' answer key (`make answer-key`, tools/answer_key.py): every "Going further" prompt of every solution
master has a worked answer in it, with the numbers its code printed; every exercise's model answer and both rubrics
are in it; it builds with no network and stays out of the site."""
import ast
import html
import importlib.util
import json
import re
import socket

import pytest
from helpers import ROOT, cell_source

from scaling_course import graded_chapters
from scaling_course.instructor import exercises

spec = importlib.util.spec_from_file_location("answer_key", ROOT / "tools" / "answer_key.py")
answer_key = importlib.util.module_from_spec(spec)
spec.loader.exec_module(answer_key)
STEMS = [unit.stem(key) for key, unit in graded_chapters().items()]


def text(fragment):
    """The words of an HTML fragment or of markdown, for comparing one with the other."""
    fragment = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return " ".join(re.sub(r"[*`]|<sup>|</sup>|<sub>|</sub>", " ", fragment).split())


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    """The key, built with every outgoing connection refused."""
    folder = tmp_path_factory.mktemp("answer-key")
    patch = pytest.MonkeyPatch()

    def refuse(*args, **kwargs):
        raise OSError("no network while the answer key builds")
    patch.setattr(socket.socket, "connect", refuse)
    patch.setattr(socket, "create_connection", refuse)
    try:
        [page] = answer_key.write(folder)
    finally:
        patch.undo()
    document = page.read_text()
    sections = dict(re.findall(r'<h2 id="([\w-]+)">.*?</h2>\n(.*?)(?=<h2 id=|</body>)', document, re.S))
    return document, sections


def test_every_unit_has_its_section(key):
    _, sections = key
    assert list(sections) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_every_going_further_has_a_worked_answer_with_its_numbers(key, stem):
    _, sections = key
    section = sections[stem]
    master = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text())
    prompts = [p for c in master["cells"] if c["cell_type"] == "markdown"
               for p in answer_key.GOING_FURTHER.findall(cell_source(c))]
    assert prompts, f"solutions/{stem}.ipynb has no Going further prompt"
    for prompt in prompts:
        assert text(answer_key.markdown(prompt)) in text(section)
    worked = section.split("<h3>Going further</h3>")[1].split('<div class="worked">')[1]
    assert "Worked answer (Going further)" in worked
    for cell in master["cells"]:
        if exercises.is_answer_key(cell) and cell["cell_type"] == "code":
            printed = "".join("".join(o.get("text", "")) for o in cell["outputs"])
            numbers = re.findall(r"\d+\.\d+", printed)
            assert numbers and all(number in text(worked) for number in numbers)


@pytest.mark.parametrize("stem", STEMS)
def test_the_key_holds_every_model_answer_and_both_rubrics(key, stem):
    _, sections = key
    master = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text())
    for cell in master["cells"]:
        if cell["cell_type"] == "code" and "# BEGIN SOLUTION" in cell_source(cell):
            assert html.escape(cell_source(cell)) in sections[stem]
    rubrics = sections[stem].split("<h3>Reflection questions and rubrics</h3>")[1]
    for question in exercises.reflection_questions(master).values():
        assert text(answer_key.markdown(question)) in text(rubrics)
    assert rubrics.count("<table>") == len(exercises.REFLECTIONS)


def test_the_key_stays_off_the_site_and_fetches_nothing(key):
    document, _ = key
    assert not re.search(r"<(script|link|img|iframe)\b|@import|url\(", document), "the key loads nothing"
    with pytest.raises(SystemExit, match="inside the built site"):
        answer_key.write(ROOT / "_build" / "html" / "answer-key")
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/answer_key.py _build/answer-key" in makefile
    site_sources = [ROOT / "_toc.yml", ROOT / "_config.yml", *sorted((ROOT / "book").rglob("*.md")),
                    *sorted((ROOT / "book").glob("*.ipynb")), *sorted((ROOT / "exercises").glob("*.ipynb"))]
    for path in site_sources:
        assert "Worked answer (Going further)" not in path.read_text(), path.name


@pytest.mark.parametrize("key_and_unit", list(graded_chapters().items()), ids=lambda item: item[1].stem(item[0]))
def test_the_grader_loads_the_model_solutions_without_running_the_answer_key(key_and_unit, capsys):
    """The grader execs the masters' import and function cells to check held-out cases and seeded inputs: the
    answer-key cells (which print, and in Chapter 3 train a model for half a minute) must stay out of that."""
    from scaling_course.instructor import cases
    key, unit = key_and_unit
    namespace = cases.masters(key, unit.slug)
    assert capsys.readouterr().out == ""
    master = json.loads((ROOT / "solutions" / f"{unit.stem(key)}.ipynb").read_text())
    trees = [ast.parse(cell_source(c)) for c in master["cells"] if exercises.is_answer_key(c) and c["cell_type"] == "code"]
    defined = {node.id for tree in trees for node in ast.walk(tree)
               if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)} - set(cases.masters.__globals__)
    assert defined and not defined & set(namespace)
