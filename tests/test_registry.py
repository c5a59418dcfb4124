"""The chapter registry (`scaling_course.CHAPTERS`) is the one list of the course's units: each unit meets its
kind's obligations, everything is found from the slug alone, old names still import with a warning, and the
package keeps its files small."""
import ast
import importlib
import json
import re
import warnings

import pytest
from helpers import ROOT, cell_source
from test_static_site import TWINS

import scaling_course
from scaling_course import CHAPTERS, graded_chapters

TOC = (ROOT / "_toc.yml").read_text()
LANDING = (ROOT / "book" / "intro.md").read_text()
PACKAGE = ROOT / "src" / "scaling_course"


def notebook_code(path):
    return "\n".join(cell_source(c) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")


def explorer_module(slug):
    return importlib.import_module(f"scaling_course.explorers.{slug}") \
        if (PACKAGE / "explorers" / f"{slug}.py").exists() else None


def test_keys_are_two_digits_in_order_and_kinds_known():
    assert list(CHAPTERS) == sorted(CHAPTERS) and all(re.fullmatch(r"\d\dL?", key) for key in CHAPTERS)
    assert {unit.kind for unit in CHAPTERS.values()} <= {"preface", "chapter", "lab"}
    labs = [key for key, unit in CHAPTERS.items() if unit.kind == "lab"]
    assert all(unit.file and not re.match(r"\d", unit.file) for key, unit in CHAPTERS.items() if key in labs)
    assert len({unit.slug for unit in CHAPTERS.values()}) == len(CHAPTERS)


@pytest.mark.parametrize("key", sorted(CHAPTERS))
def test_every_unit_has_its_page_toc_entry_and_landing_row(key):
    unit = CHAPTERS[key]
    stem = unit.stem(key)
    assert (ROOT / "book" / f"{stem}.ipynb").exists(), f"book/{stem}.ipynb is missing"
    assert f"file: book/{stem}\n" in TOC
    assert f"{stem}.ipynb" in LANDING or f"{stem}.md" in LANDING or f"({stem}" in LANDING, \
        f"the landing page's chapter map does not link {stem}"


@pytest.mark.parametrize("key", sorted(graded_chapters()))
def test_every_chapter_has_exercises_checks_guide_and_explorers(key):
    unit = CHAPTERS[key]
    stem = unit.stem(key)
    exercises = unit.exercises_stem(key)  # a name of its own: a learner's saved copy never collides with the chapter
    assert (ROOT / "solutions" / f"{stem}.ipynb").exists(), f"solutions/{stem}.ipynb is missing"
    assert (ROOT / "exercises" / f"{exercises}.ipynb").exists(), f"exercises/{exercises}.ipynb is missing"
    assert f"file: exercises/{exercises}\n" in TOC
    assert not (ROOT / "exercises" / f"{stem}.ipynb").exists(), f"exercises/{stem}.ipynb has the chapter's name"
    assert (ROOT / "book" / "guides" / f"{stem}.md").exists() and f"file: book/guides/{stem}\n" in TOC
    checks = importlib.import_module(f"scaling_course.checks.{unit.slug}")
    assert checks.POINTS and all(callable(getattr(checks, name)) for name in checks.POINTS)
    exercise_code = notebook_code(ROOT / "exercises" / f"{exercises}.ipynb")
    assert f"from scaling_course.checks import {unit.slug} as check" in exercise_code
    code = notebook_code(ROOT / "book" / f"{stem}.ipynb")
    shows_explorer = re.search(r"\bexplore\.\w+_explorer\(", code)
    module = explorer_module(unit.slug)
    if shows_explorer:
        assert module is not None, f"book/{stem} shows an explorer: it belongs in explorers/{unit.slug}.py"
        assert f"from scaling_course.explorers import {unit.slug} as explore" in code
        for name in re.findall(r"\bexplore\.(\w+_explorer)\(", code):
            assert callable(getattr(module, name, None)), f"explorers/{unit.slug}.py has no {name}"


@pytest.mark.parametrize("key", sorted(CHAPTERS))
def test_each_twin_sits_below_its_explorer_and_is_checked_in_the_browser(key):
    module = explorer_module(CHAPTERS[key].slug)
    if module is None:
        pytest.skip("no explorers")
    tree = ast.parse((PACKAGE / "explorers" / f"{CHAPTERS[key].slug}.py").read_text())
    order = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    for name in order:
        if name.endswith("_twin"):
            explorer = name[:-len("_twin")] + "_explorer"
            assert explorer in order and order.index(explorer) < order.index(name), \
                f"{name} should be named after its explorer and defined below it"
            assert name in TWINS, f"add {name} to TWINS in tests/test_static_site.py"
            assert TWINS[name][0] == CHAPTERS[key].slug


def test_no_old_explorer_module_file_remains():
    for old in ("widgets", "twins", "internals_widgets", "safety_widgets", "inputs_widgets", "growth_widgets"):
        assert not (PACKAGE / f"{old}.py").exists()


@pytest.mark.parametrize("old", sorted(scaling_course.MOVED))
def test_old_names_still_resolve_with_a_deprecation_warning(old):
    for name, (module, new_name) in scaling_course.MOVED[old].items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = getattr(getattr(scaling_course, old), name)
        assert value is getattr(importlib.import_module(f"scaling_course.{module}"), new_name)
        assert any(issubclass(w.category, DeprecationWarning) and scaling_course.REMOVAL in str(w.message)
                   for w in caught)


def test_a_saved_notebooks_import_line_still_runs():
    namespace = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec("from scaling_course import widgets, growth_widgets\n"
             "explorer = growth_widgets.automation_explorer()\n"
             "from scaling_course import induction\nsteps = induction.DEFAULT_STEPS", namespace)
    assert namespace["explorer"].image.value[:4] == b"\x89PNG" and namespace["steps"] > 0
    assert sum(issubclass(w.category, DeprecationWarning) for w in caught) == 2
    with pytest.raises(AttributeError, match="explorers"):
        scaling_course.widgets.no_such_explorer


def test_grader_runs_under_its_old_module_name_and_reads_the_registry():
    from scaling_course import grade
    from scaling_course.instructor import grade as moved
    assert grade.main is moved.main and grade.CHAPTERS == {k: u.slug for k, u in graded_chapters().items()}


def test_package_files_stay_small_and_import_at_the_top():
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text().splitlines()
        assert len(lines) <= 300, f"{path.relative_to(ROOT)} has {len(lines)} lines (split it along its ideas)"
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef):
                nested = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not nested, f"{path.relative_to(ROOT)}: {node.name} imports inside the function"


def test_every_demo_module_says_where_it_is_used():
    for path in PACKAGE.glob("*.py"):
        if path.stem in ("__init__", "grade"):
            continue
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        assert "Used in:" in doc, f"{path.name}: end its docstring with a 'Used in:' line"
