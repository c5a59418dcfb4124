"""Ready for a term: one version everywhere, install cells and launch links that follow the pinned release,
a release that cannot be cut half-ready, licence notices on every page, the site's one address, and the
on-ramp's setup check."""
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata

import pytest
import yaml
from helpers import ROOT

import scaling_course
from scaling_course import setup_check

sys.path.insert(0, str(ROOT / "tools"))
import release  # noqa: E402
import site_address  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def test_the_version_lives_in_the_package_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert release.package_version() == scaling_course.__version__
    assert metadata.version("scaling-course") == scaling_course.__version__, "reinstall: make env"
    assert re.search(rf"^## {re.escape(scaling_course.__version__)} \(", (ROOT / "CHANGELOG.md").read_text(), re.M)


def test_every_release_in_the_changelog_has_an_errata_section():
    versions = re.findall(r"^## (\d+\.\d+\.\d+) \(", (ROOT / "CHANGELOG.md").read_text(), re.M)
    errata = re.findall(r"^## (\d+\.\d+\.\d+)$", (ROOT / "book" / "errata.md").read_text(), re.M)
    assert versions and versions == errata


def test_install_cells_follow_the_configured_release():
    assert not [p for p in release.problems() if "install cell" in p]
    assert release.install_spec() == (f'"scaling-course @ git+{CONFIG["repository"]["url"]}'
                                      f'@{CONFIG["repository"]["branch"]}"')


INSTALL_OFFLINE = """
import ast, asyncio, importlib.util, sys
sys.path.insert(0, sys.argv[1])
import release
importlib.util.find_spec = lambda name, *args: None  # as on a machine without the course package
result = eval(compile(release.install_cell(), "install-cell", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), {})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


def test_the_install_cell_fails_in_one_sentence_when_the_repository_cannot_be_reached():
    """This machine has no route to GitHub: pip fails, and the cell says so in one sentence (no pip wall, no
    traceback), naming the repository, the release and what to do."""
    done = subprocess.run([sys.executable, "-c", INSTALL_OFFLINE, str(ROOT / "tools")], capture_output=True,
                          text=True, timeout=120)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 0 and len(lines) == 1, lines[:5]
    assert CONFIG["repository"]["url"] in lines[0] and "run this cell again" in lines[0]


@pytest.fixture
def repo_copy(tmp_path):
    """A git clone of the committed course with this checkout's release files, for pinning and cutting."""
    copy = tmp_path / "course"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(copy)], check=True)
    for name in ("_config.yml", "CHANGELOG.md", "book/errata.md", "src/scaling_course/__init__.py"):
        shutil.copy(ROOT / name, copy / name)
    for folder in release.NOTEBOOK_FOLDERS:
        for path in (ROOT / folder).glob("*.ipynb"):
            shutil.copy(path, copy / folder / path.name)
    release.pin(copy)  # a no-op once the checkout's cells follow _config.yml (test_install_cells_follow_...)
    git = ["git", "-C", str(copy), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", "release files"], check=True)
    return copy, git


def test_a_teacher_pins_a_term_and_every_install_cell_follows(repo_copy):
    copy, git = repo_copy
    config = (copy / "_config.yml").read_text()
    (copy / "_config.yml").write_text(config.replace("  branch: main\n", "  branch: v0.2.0\n"))
    changed = release.pin(copy)
    assert len(changed) == len(release.notebooks(copy)) >= 17
    for path in release.notebooks(copy):
        assert "scaling-era-course@v0.2.0" in path.read_text()
    assert not [p for p in release.problems(copy) if "install cell" in p or "branch" in p]
    (copy / "_config.yml").write_text(config.replace("  branch: main\n", "  branch: spring-term\n"))
    assert any("release tag like" in p for p in release.problems(copy))


def test_a_release_is_cut_only_when_everything_agrees(repo_copy):
    copy, git = repo_copy
    version = release.package_version(copy)
    changelog = (copy / "CHANGELOG.md").read_text()
    dated = re.sub(rf"^## {re.escape(version)} \([^)]*\)$", f"## {version} (2026-12-06)", changelog, flags=re.M)
    (copy / "CHANGELOG.md").write_text(dated)
    with pytest.raises(SystemExit, match="uncommitted"):
        release.cut(version, copy)
    subprocess.run(git + ["commit", "-q", "-am", "date the release"], check=True)
    with pytest.raises(SystemExit, match="not 9.9.9"):
        release.cut("9.9.9", copy)
    assert release.cut(version, copy) == f"v{version}"
    message = subprocess.run(git + ["tag", "-l", "-n20", f"v{version}"], capture_output=True, text=True).stdout
    assert f"## {version} (2026-12-06)" in message and "Layout" in message
    with pytest.raises(SystemExit, match="exists already"):
        release.cut(version, copy)


def test_an_unreleased_version_cannot_be_cut(repo_copy):
    copy, git = repo_copy
    changelog = (copy / "CHANGELOG.md").read_text()
    version = release.package_version(copy)
    (copy / "CHANGELOG.md").write_text(re.sub(rf"^## {re.escape(version)} \([^)]*\)$", f"## {version} (unreleased)",
                                              changelog, flags=re.M))
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-am", "undated"], check=True)
    with pytest.raises(SystemExit, match="release date"):
        release.cut(version, copy)


def test_every_part_has_its_licence_and_the_quotes_are_excluded():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "MIT" in (ROOT / "src" / "LICENSE").read_text()
    for folder in ("book", "exercises", "solutions"):
        text = (ROOT / folder / "LICENSE.md").read_text()
        assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text
        assert "remain their authors'" in text and "The Scaling Era" in text


def test_every_built_page_carries_the_licence_notice(built_book):
    code, log, html = built_book
    pages = [p for p in html.rglob("*.html") if "lite" not in p.relative_to(html).parts[:1]
             and p.parent.name in ("book", "guides", "exercises")]
    assert len(pages) >= 30
    for page in pages:
        text = page.read_text()
        assert "CC BY 4.0" in text and "remain their authors'" in text, f"{page.relative_to(html)}: no licence notice"


def test_the_site_names_its_public_address_and_its_launch_links_the_release(built_book):
    code, log, html = built_book
    assert len(site_address.check_built(html)) >= 10
    chapter = (html / "book" / "01-scaling.html").read_text()
    branch = CONFIG["repository"]["branch"]
    assert f"mybinder.org/v2/gh/scaling-era-course/scaling-era-course/{branch}?" in chapter
    assert f"colab.research.google.com/github/scaling-era-course/scaling-era-course/blob/{branch}/" in chapter


def test_the_deploy_workflow_builds_with_make_book_and_publishes_the_build():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ["make book", "make site-address"]
    makefile = (ROOT / "Makefile").read_text()
    assert all(re.search(rf"^{c.split()[1]}:", makefile, re.M) for c in commands)
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    python = next(step for step in steps if "setup-python" in step.get("uses", ""))
    assert python["with"]["python-version"] == "3.11"


def test_setup_check_says_what_is_missing_in_one_sentence():
    def missing(name):
        raise metadata.PackageNotFoundError(name)

    cases = [setup_check.check_python((3, 8)), setup_check.check_package("numpy", "1.24", missing),
             setup_check.check_package("numpy", "1.24", lambda name: "1.21.6"), setup_check.check_course(missing),
             setup_check.check_kernel(shell=object())]
    for finding in cases:
        assert not finding.ok and repr(finding).startswith("✘") and "\n" not in repr(finding)
    assert "3.8 is too old" in cases[0].sentence and "pip install -U numpy" in cases[2].sentence
    assert setup_check.check_package("numpy", "1.24", lambda name: "2.0.0rc1").ok
    assert setup_check.check_package("ipywidgets", "7.7", lambda name: "7.7.1").ok  # Colab's
    assert setup_check.minimum_versions() == {"numpy": "1.24", "matplotlib": "3.7", "ipywidgets": "7.7"}
    # The Python floor is requires-python's, to the patch release (Debian 12's 3.11.2 cannot install the locks).
    floor = re.search(r'requires-python *= *">=([\d.]+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert setup_check.minimum_python() == setup_check.MIN_PYTHON == tuple(map(int, floor.split(".")))
    assert not setup_check.check_python((3, 11, 2)).ok and floor in setup_check.check_python((3, 11, 2)).sentence
    assert setup_check.check_python((3, 11, 5)).ok and setup_check.check_python((3, 13, 0)).ok


def test_setup_check_reports_ready_only_when_nothing_is_missing(capsys):
    ok = setup_check.Finding(True, "fine.")
    assert setup_check.report([ok, ok]) is True and "Ready" in capsys.readouterr().out
    assert setup_check.report([ok, setup_check.Finding(False, "numpy is not installed.")]) is False
    assert "1 thing to fix first" in capsys.readouterr().out
