"""Shared fixtures: the built book (built once per session) and a browser on it. Plain helpers are in helpers.py."""
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import site_browser  # noqa: E402 (tools/ is not a package)


@pytest.fixture(scope="session")
def built_book():
    """Build the HTML course with warnings as errors; returns (exit code, log, html dir)."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py"), str(ROOT / "_vendor")], check=True)
    subprocess.run([sys.executable, str(ROOT / "tools" / "lite_site.py"), str(ROOT / "_lite")], check=True)
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n",
                             "--keep-going"], cwd=ROOT, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr, ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def browser(built_book):
    """A headless Chromium (network log on) and the address of the built site, served on localhost."""
    code, log, html = built_book
    assert code == 0, "the build failed; see test_build_passes_with_warnings_as_errors"
    with site_browser.served_in_chromium(html, network_log=True) as (driver, address):
        driver.set_page_load_timeout(60)
        yield driver, address
