"""The course in JupyterLite: built into the site, the Pyodide runtime and the pure-Python wheels served by
the site itself, a "Run in the browser" entry on each notebook page, and, in headless Chromium, a kernel
that starts and imports the course with nothing leaving 127.0.0.1 but the compiled wheels PyPI lacks; an answer
saved there is still there after a reload and in File → Download's file, as the learners' page says."""
import json
import re
import sys
import time
import urllib.parse
from hashlib import sha256

import pytest
from helpers import ROOT, cell_source, learners_menu_paths, read_notebook

sys.path.insert(0, str(ROOT / "tools"))
import lite_site  # noqa: E402
import site_browser  # noqa: E402
from jupyterlite_pyodide_kernel.constants import PYODIDE_CDN_URL  # noqa: E402

import scaling_course  # noqa: E402

NOTEBOOK_PAGES = sorted(p.relative_to(ROOT) for d in ("book", "exercises") for p in (ROOT / d).glob("*.ipynb"))
CDN_HOST = urllib.parse.urlsplit(PYODIDE_CDN_URL).hostname
COURSE_VERSION = scaling_course.__version__
# Chromium's own calls (updates, sign-in, autofill, time, its search engine's start page) go to these domains,
# whatever page is open; seen here: clients2.google.com, update.googleapis.com, start.duckduckgo.com, ...
# Fonts and scripts that a page or the kernel might fetch from the same companies are not excused.
CHROMIUM_OWN = ("google.com", "googleapis.com", "gvt1.com", "duckduckgo.com")
NOT_CHROMIUM_OWN = {"fonts.googleapis.com", "ajax.googleapis.com", "storage.googleapis.com"}


@pytest.fixture(scope="module")
def lite(built_book):
    code, log, html = built_book
    assert code == 0, "the build failed; see test_build_passes_with_warnings_as_errors"
    return html / "lite"


@pytest.fixture(scope="module")
def sources(lite):
    return json.loads((ROOT / "_lite" / "static" / "pyodide" / "SOURCES.json").read_text())


def test_every_chapter_and_exercise_notebook_is_in_the_lite_site(lite):
    for page in NOTEBOOK_PAGES:
        assert (lite / "files" / page).is_file(), f"{page} is missing from JupyterLite's files"


def test_the_kernel_uses_the_sites_own_runtime_and_no_pypi_fallback(lite):
    config = json.loads((lite / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    assert (lite / "static" / "pyodide" / "pyodide.asm.wasm").is_file()
    assert not list(lite.rglob("*.js.map")), "source maps add ~48 MB and learners never need them"
    extensions = {e["name"] for e in config["federated_extensions"]}
    # the live widgets, and MyST (glossary terms, maths, quotes) rendered as on the site rather than as raw roles
    assert {"@jupyter-widgets/jupyterlab-manager", "jupyterlab-myst"} <= extensions


def test_the_lock_serves_every_pure_wheel_itself_and_only_compiled_ones_from_the_cdn(lite, sources):
    lock = json.loads((lite / "static" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    for name in sources["from_site"]:
        wheel = lite / "static" / "pyodide" / lock[name]["file_name"]
        assert wheel.is_file(), f"{name}: {wheel.name} is not on the site"
        assert sha256(wheel.read_bytes()).hexdigest() == lock[name]["sha256"], f"{name}: hash differs from the lock"
    assert {"micropip", "ipython", "traitlets", "threadpoolctl"} <= set(sources["from_site"])
    for name, url in sources["from_cdn"].items():
        assert url == lock[name]["file_name"] and url.startswith(PYODIDE_CDN_URL + "/")
        assert not url.endswith("-none-any.whl"), f"{name} is pure Python: PyPI's wheel should be served instead"
    remote = [key for key, p in lock.items() if not p["file_name"].startswith(PYODIDE_CDN_URL)]
    assert sorted(remote) == sorted(sources["from_site"]), "a lock entry points nowhere"


def test_piplite_serves_the_course_and_ipywidgets(lite):
    index = json.loads((lite / "pypi" / "all.json").read_text())
    assert COURSE_VERSION in index["scaling-course"]["releases"]
    assert {"ipywidgets", "comm", "jupyterlab-widgets"} <= set(index)


def test_the_page_says_what_loads_from_where(built_book, sources):
    text = (built_book[2] / "book" / "running.html").read_text()
    item = next(li for li in re.findall(r"<li>(.*?)</li>", text, re.S) if "Pyodide’s CDN" in li or "Pyodide's CDN" in li)
    named = set(re.findall(r'<span class="pre">([^<]+)</span>', item))
    assert named == set(sources["from_cdn"]) | {CDN_HOST}, "running.md's list of CDN packages is out of date"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=str)
def test_each_notebook_page_offers_run_in_the_browser(built_book, page):
    html_page = built_book[2] / page.with_suffix(".html")
    anchors = re.findall(r'<a href="([^"]+)"[^>]*>((?:(?!</a>).)*)</a>', html_page.read_text(), re.S)
    links = [href for href, inner in anchors if '"btn__text-container">Run in the browser<' in inner]
    assert len(links) == 1, f"{page}: no 'Run in the browser' entry"
    target, query = links[0].split("?")
    assert (html_page.parent / target).resolve() == (built_book[2] / "lite" / "notebooks" / "index.html").resolve()
    assert query == f"path={page.as_posix()}"


def run_in_lite(driver, address, code, timeout=120):
    """Run `code` (which prints DONE at its end) in a new JupyterLite REPL and return its output."""
    text = site_browser.run_in_lite(driver, address, code, timeout)
    assert "DONE" in text, f"the Lite kernel did not finish within {timeout} s:\n{text[-1500:]}"
    return text


def hosts(requests):
    """The hosts that requests recorded by the proxy went to, Chromium's own calls left out."""
    found = {urllib.parse.urlsplit("//" + r.split()[1]).hostname if r.startswith("CONNECT")
             else urllib.parse.urlsplit(r.split()[1]).hostname for r in requests}
    return {h for h in found if h in NOT_CHROMIUM_OWN or not any(h == d or h.endswith("." + d) for d in CHROMIUM_OWN)}


@pytest.fixture(scope="module")
def lite_browser(lite):
    outside = []
    with site_browser.served_in_chromium(lite.parent, outside=outside) as (driver, address):
        driver.set_page_load_timeout(60)
        yield driver, address, outside


def test_kernel_starts_offline_and_imports_the_course_and_ipywidgets(lite_browser):
    driver, address, outside = lite_browser
    outside.clear()
    text = run_in_lite(driver, address, "\n".join([
        "import sys, piplite, importlib.metadata as metadata",
        "await piplite.install('scaling-course', deps=False)",
        "await piplite.install('ipywidgets')",
        "import scaling_course, ipywidgets",
        "print(sys.platform, metadata.version('scaling-course'), ipywidgets.__version__, 'DONE')"]))
    pinned = lite_site.pinned_versions(ROOT / "requirements-run.lock")["ipywidgets"]
    assert f"emscripten {COURSE_VERSION} {pinned} DONE" in text
    assert hosts(outside) == set(), f"the kernel reached outside the site: {sorted(hosts(outside))}"


def test_install_cell_asks_outside_only_for_the_compiled_wheels(lite_browser, sources):
    """The notebooks' own install cell, in the browser: piplite from the site; only the compiled wheels that
    PyPI has no Pyodide build of come from Pyodide's CDN (here, offline, they fail to arrive)."""
    driver, address, outside = lite_browser
    outside.clear()
    driver.get_log("browser")  # drop earlier messages
    install = next(cell_source(c) for c in read_notebook(ROOT / "book" / "01-scaling.ipynb")["cells"]
                   if c["cell_type"] == "code")
    assert "piplite" in install and "emscripten" in install
    text = run_in_lite(driver, address, install + "\nimport scaling_course\nprint('DONE')")
    time.sleep(1)
    # offline here, as behind a school firewall that blocks the CDN: one sentence, no traceback
    assert "could not be loaded from Pyodide's CDN" in text and "Traceback" not in text, text[-500:]
    assert hosts(outside) == {CDN_HOST}, f"requests left the site for {sorted(hosts(outside))}"
    failed = {m.group(1).lower() for e in driver.get_log("browser")
              for m in [re.search(r"error occurred while loading (\S+?):", e["message"])] if m}
    assert failed == set(sources["from_cdn"]), "the packages fetched from the CDN differ from the lock's"


def test_a_progress_bar_moves_while_a_cell_runs_in_the_browser(lite_browser):
    """Chapter 3's training reports through an ipywidgets progress bar while its cell runs: in the browser
    the kernel is a web worker, and the bar must still move before the cell ends (numpy is offline here,
    so a pure-Python loop stands in for the training steps)."""
    driver, address, outside = lite_browser
    code = "\n".join([
        "import piplite", "await piplite.install('ipywidgets')", "import ipywidgets",
        "bar = ipywidgets.IntProgress(value=0, min=0, max=20)", "display(bar)",
        "for step in range(1, 21):", "    sum(j * j for j in range(400_000))", "    bar.value = step",
        "print('DONE')"])
    site_browser.open_lite_repl(driver, address, code)
    widths, deadline = [], time.time() + 120
    while time.time() < deadline:
        width = driver.execute_script("var b = document.querySelector('.progress-bar'); return b && b.style.width")
        done = "DONE" in site_browser.lite_output(driver)
        if width and not done and width not in widths:
            widths.append(width)
        if done:
            break
        time.sleep(0.05)
    assert done, "the cell did not finish"
    assert len(widths) >= 4, f"the bar did not move while the cell ran (saw {widths})"


def test_a_chapter_opens_in_the_notebook_app_with_nothing_from_outside(lite_browser):
    """What "Run in the browser" opens: the notebook, rendered (MyST terms as links), the kernel idle,
    and no request leaving the site while every cell is scrolled into view."""
    driver, address, outside = lite_browser
    outside.clear()
    driver.get(f"{address}/lite/notebooks/index.html?path=book/01-scaling.ipynb")
    deadline = time.time() + 60
    while time.time() < deadline and not driver.execute_script(
            "return !!document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=idle]')"):
        time.sleep(0.5)
    time.sleep(1)
    seen, rendered = "", ("return Array.from(document.querySelectorAll('.jp-MarkdownCell .myst'))"
                          ".map(e => e.innerText).join(' ')")
    for _ in range(40):  # the notebook renders only the cells in view, and MyST renders each a moment later
        settle = time.time() + 5
        text = driver.execute_script(rendered)
        while "{term}" in text and time.time() < settle:
            time.sleep(0.2)
            text = driver.execute_script(rendered)
        seen += text
        driver.execute_script("var s = document.querySelector('.jp-WindowedPanel-outer'); if (s) s.scrollTop += 900;")
        time.sleep(0.15)
    assert "1 · Scaling" in seen and "Demo 3 · Spending a compute budget" in seen
    assert "{term}" not in seen, "MyST roles show as raw text"
    time.sleep(1)
    assert hosts(outside) == set(), f"the notebook reached outside the site: {sorted(hosts(outside))}"


def test_an_answer_saved_in_the_browser_is_there_after_a_reload_and_in_the_download(lite_browser, tmp_path):
    """What the learners' page says of "Run in the browser": a learner types an answer into the exercise
    notebook and saves it (File → Save Notebook); after reloading the page the answer is still there (the
    browser's own storage), and File → Download gives a notebook file holding it. Every *Menu → Item* the page
    names for this place is an item of that menu in JupyterLite's notebook app."""
    driver, address, _ = lite_browser
    answer = "# my answer: one least-squares line per bin"
    page = f"{address}/lite/notebooks/index.html?path=exercises/01-scaling-exercises.ipynb"
    driver.get(page)
    site_browser.type_at_end_of_cell(driver, "def piecewise_linear_fit(", answer)
    site_browser.choose_menu_item(driver, "File", "Save Notebook")
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and "Last Checkpoint" not in driver.execute_script(
            "const c = document.querySelector('.jp-NotebookCheckpoint'); return c ? c.textContent : ''"):
        time.sleep(0.2)

    driver.get(page)
    code, deadline = "", time.perf_counter() + 60
    while time.perf_counter() < deadline and answer not in code:
        time.sleep(0.3)
        code = driver.execute_script("return Array.from(document.querySelectorAll('.jp-CodeCell .cm-content'))"
                                     ".map(e => e.innerText).join('\\n')")
    assert answer in code, "the saved answer is gone after reloading the page (or the notebook did not open in 60 s)"

    named = learners_menu_paths("Run in the browser")
    assert ("File", "Download") in named, "the learners' page no longer says how to download the notebook"
    missing = site_browser.missing_menu_items(driver, named)
    assert not missing, f"the learners' page names {missing}, which JupyterLite's menus lack"
    downloaded = site_browser.download_with_menu(driver, tmp_path)
    assert len(downloaded) == 1, f"File → Download gave {[p.name for p in tmp_path.iterdir()]} in 30 s"
    assert any(answer in cell_source(c) for c in read_notebook(downloaded[0])["cells"]), (
        f"the downloaded {downloaded[0].name} lacks the saved answer")
