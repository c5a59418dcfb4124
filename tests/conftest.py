"""Shared fixtures: paths, notebooks, and the built book (built once per session)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def read_notebook(path):
    return json.loads(Path(path).read_text())


def cell_source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def sources_dir():
    """The source texts: $SCALING_SOURCES, else ../shared/sources beside the checkout."""
    return Path(os.environ.get("SCALING_SOURCES", ROOT.parent / "shared" / "sources"))


@pytest.fixture(scope="session")
def built_book():
    """Build the HTML course with warnings as errors; returns (exit code, log, html dir)."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py"), str(ROOT / "_vendor")], check=True)
    subprocess.run([sys.executable, str(ROOT / "tools" / "lite_site.py"), str(ROOT / "_lite")], check=True)
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n",
                             "--keep-going"], cwd=ROOT, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr, ROOT / "_build" / "html"


def functions_from(notebook_path):
    """Execute a notebook's function-defining cells (as a learner would) and return what they define."""
    import math

    import numpy as np

    import ast

    namespace = {"np": np, "math": math}  # one namespace, so a solution can call an earlier one
    imported = set()
    for cell in read_notebook(notebook_path)["cells"]:
        source = cell_source(cell)
        if cell["cell_type"] != "code":
            continue
        body = ast.parse(source).body
        if body and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body):
            exec(compile(source, str(notebook_path), "exec"), namespace)  # the notebook's imports
            imported |= {alias.asname or alias.name.split(".")[0] for node in body for alias in node.names}
        elif source.lstrip().startswith("def "):
            exec(compile(source, str(notebook_path), "exec"), namespace)
    hidden = {"np", "math", "__builtins__"} | imported
    return {name: value for name, value in namespace.items() if name not in hidden}


def frames_after(explorer, changes):
    """The distinct images an explorer shows: its first, then one after each change (a dict of controls)."""
    frames = {explorer.image.value}
    for change in changes:
        explorer.update(**change)
        frames.add(explorer.image.value)
    return frames


@pytest.fixture(scope="session")
def browser(built_book):
    """A headless Chromium (network log on) and the address of the built site, served on localhost."""
    sys.path.insert(0, str(ROOT / "tools"))
    import site_browser

    code, log, html = built_book
    assert code == 0, "the build failed; see test_build_passes_with_warnings_as_errors"
    with site_browser.served_in_chromium(html, network_log=True) as (driver, address):
        driver.set_page_load_timeout(60)
        yield driver, address
