"""The book's configuration: one repository URL, launchable notebooks, no stored outputs, alt text."""
import re

import pytest
import yaml
from helpers import ROOT, cell_source, read_notebook

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
BOOK_NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
ALL_NOTEBOOKS = BOOK_NOTEBOOKS + sorted((ROOT / "exercises").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))


def test_execution_and_launch_settings():
    assert CONFIG["execute"]["execute_notebooks"] == "cache"
    assert CONFIG["execute"]["timeout"] == 120
    buttons = CONFIG["launch_buttons"]
    assert {"binderhub_url", "colab_url"} <= set(buttons)
    hub = buttons.get("jupyterhub_url") or ""
    assert "example" not in hub, "a placeholder hub address makes a dead launch link: leave it empty until set"


def test_every_venv_the_makefile_makes_is_outside_the_book():
    """make test makes its venvs in the repository root; a page a package ships there (a README.md) fails the -W build."""
    makefile = (ROOT / "Makefile").read_text()
    venvs = set(re.findall(r"(?<![\w/-])(\.venv[\w-]*)(?=[/\s])", makefile))
    assert {".venv", ".venv-lab", ".venv-nbgrader"} <= venvs, venvs
    missing = venvs - set(CONFIG["exclude_patterns"])
    assert not missing, f"add {sorted(missing)} to exclude_patterns in _config.yml"


def test_toc_lists_only_existing_pages():
    files = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
    for name in files:
        assert any((ROOT / f"{name}{suffix}").exists() for suffix in (".ipynb", ".md")), name


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_install_cell_uses_the_configured_repository(path):
    url = CONFIG["repository"]["url"]
    text = "\n".join(cell_source(c) for c in read_notebook(path)["cells"])
    assert f"git+{url}" in text, "the first code cell must install the course package (for Colab)"
    for found in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
        assert found == url, f"{found} differs from repository.url in _config.yml"


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.name)
def test_book_notebooks_are_stored_without_outputs(path):
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_cell_has_alt_text(path):
    for cell in read_notebook(path)["cells"]:
        source = cell_source(cell)
        if cell["cell_type"] == "code" and ("plt.show()" in source or "_explorer(" in source):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 30, f"figure cell without alt text: {source[:60]}"


def test_chapter_lengths_agree_with_the_landing_page():
    """Each chapter states its length; the landing page's range for a chapter must cover them all."""
    intro = (ROOT / "book" / "intro.md").read_text()
    low, high = map(int, re.search(r"takes (\d+) to (\d+) minutes", intro).groups())
    for path in [p for p in BOOK_NOTEBOOKS if p.name[:2] in {f"0{n}" for n in range(1, 9)}]:  # the chapters
        opening = cell_source(read_notebook(path)["cells"][0])
        stated = re.search(r"About (\d+)\s+minutes", opening)
        assert stated, f"{path.name}: the opening should say how long the chapter takes"
        assert low <= int(stated[1]) <= high, f"{path.name} says {stated[1]} minutes; the landing page says {low}-{high}"


def test_landing_page_maps_every_chapter_to_a_page():
    intro = (ROOT / "book" / "intro.md").read_text()
    assert "in preparation" not in intro
    for path in sorted((ROOT / "book").glob("0*.ipynb")):
        assert f"]({path.name})" in intro, f"the landing page's chapter map does not link {path.name}"
