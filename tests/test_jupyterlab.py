"""A chapter opened in JupyterLab as `make lab` starts it (.venv-lab, made from requirements-run.lock, the set Binder
installs): the lab extensions load against the JupyterLab they were built for (no "Unsatisfied version" or other
shared-module message in the browser console), every Markdown cell renders through jupyterlab-myst with no raw MyST
role, no "not found" warning and no link to nowhere, and the chapter's link to its exercises opens them (the server
serves the repository root). Then what the learners' page (book/learners.md) says of saving there: an answer typed
into the exercise notebook and saved with Ctrl+S is in the file on disk, and the menu items the page names are
JupyterLab's. One JupyterLab, a Chromium per test: about 35 s on a quiet machine."""
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
import site_browser
from helpers import ROOT, learners_menu_paths, read_notebook

LAB_PYTHON = ROOT / ".venv-lab" / "bin" / "python"
CHAPTER = "book/01-scaling.ipynb"
EXERCISES = "exercises/01-scaling-exercises.ipynb"
# What webpack's module federation logs when an extension was built for another JupyterLab than the page's.
SHARED_MODULE = re.compile(r"Unsatisfied version|No satisfying version|shared module|shared scope", re.I)
# A MyST role or directive left as text: {term}`power law`, {cite:p}`key`, ```{bibliography}, :::{note}.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|```\s*\{|:::\s*\{")
STARTUP = 60  # seconds JupyterLab may take to answer (a loaded 2-core machine); it starts in 3-13 s


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_lab_command():
    """The `jupyter lab` command line `make lab` runs, as make prints it (make -n runs nothing)."""
    out = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in out.stdout.splitlines() if " lab " in line and "jupyter" in line]
    assert out.returncode == 0 and len(lines) == 1, f"make -n lab printed no single jupyter lab line:\n{out.stdout}"
    return shlex.split(lines[0])


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started as `make lab` starts it, serving a copy of book/ and exercises/ laid out as in the
    repository (so nothing the browser does can touch the real notebooks); yields (address, seconds it took,
    the served copy's folder)."""
    if not LAB_PYTHON.exists():
        pytest.skip("JupyterLab cannot start: .venv-lab is missing (make lab or make test makes it from "
                    "requirements-run.lock)")
    command = make_lab_command()
    assert command[0].endswith(".venv-lab/bin/jupyter"), command
    assert "--ServerApp.root_dir=." in command, "make lab must serve the repository root (chapters and exercises)"
    if os.getuid() == 0:
        assert "--allow-root" in command, "as root, make lab must pass --allow-root or Jupyter refuses to start"
    home = tmp_path_factory.mktemp("lab")
    served = home / "repository"
    for folder in ("book", "exercises"):
        shutil.copytree(ROOT / folder, served / folder)
    # Every cell rendered, not only those scrolled into view (JupyterLab's default windowing defers the rest).
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    # Settings, workspaces and runtime files in the temporary folder, not in the user's ~/.jupyter.
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    command = [str(ROOT / command[0])] + command[1:] + [
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.token=", "--ServerApp.password="]
    log = open(home / "lab.log", "w")
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        while not answers(f"{address}/api/status"):
            if server.poll() is not None or time.perf_counter() - start > STARTUP:
                pytest.skip("JupyterLab cannot start: " + (home / "lab.log").read_text()[-1500:])
            time.sleep(0.2)
        yield address, time.perf_counter() - start, served
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# Everything the assertions need from the open notebook, read in one call (jupyterlab-myst re-renders cells while
# it resolves references, so elements found one by one can go stale).
READ_CELLS = """
return Array.from(document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')).map(cell => {
  const m = cell.querySelector('.myst');
  if (!m) return null;
  return {text: m.innerText,
          headings: m.querySelectorAll('h1, h2, h3').length,
          warnings: Array.from(m.querySelectorAll('[title]')).map(e => e.title).filter(t => /not found/i.test(t)),
          nowhere: Array.from(m.querySelectorAll('a')).filter(a => a.getAttribute('href') === '#').map(a => a.innerText),
          links: Array.from(m.querySelectorAll('a')).map(a => a.getAttribute('href'))};
});
"""


def test_chapter_in_jupyterlab(lab, tmp_path):
    address, started, _ = lab
    markdown_cells = sum(c["cell_type"] == "markdown" for c in read_notebook(ROOT / CHAPTER)["cells"])
    with site_browser.served_in_chromium(tmp_path) as (driver, _):  # its own little server stays unused
        opened = time.perf_counter()
        driver.get(f"{address}/lab/tree/{CHAPTER}?reset")
        cells, deadline = [], time.perf_counter() + 30
        while time.perf_counter() < deadline:
            cells = driver.execute_script(READ_CELLS)
            if len(cells) == markdown_cells and all(c and c["text"].strip() for c in cells):
                break
            time.sleep(0.3)
        time.sleep(1)  # jupyterlab-myst's last pass (references) after the cells first render
        cells = driver.execute_script(READ_CELLS)
        rendered = time.perf_counter() - opened
        console = driver.get_log("browser")
        print(f"JupyterLab answered after {started:.1f} s; the chapter's Markdown rendered in {rendered:.1f} s; raw "
              f"roles {sum(len(RAW_MYST.findall(c['text'])) for c in cells if c)}, not-found marks "
              f"{sum(len(c['warnings']) for c in cells if c)}, links to '#' {sum(len(c['nowhere']) for c in cells if c)}")

        shown = sum(bool(c and c["text"].strip()) for c in cells)
        assert len(cells) == markdown_cells == shown, (
            f"{shown} of {markdown_cells} Markdown cells rendered through jupyterlab-myst in 30 s")
        assert any(c["headings"] for c in cells), "no rendered Markdown cell shows a heading"
        mismatched = [e["message"] for e in console if SHARED_MODULE.search(e["message"])]
        assert not mismatched, "the console reports extensions built for another JupyterLab:\n" + "\n".join(mismatched)
        raw = [m.group(0) for c in cells for m in RAW_MYST.finditer(c["text"])]
        assert not raw, f"{len(raw)} MyST roles or directives show as raw text, e.g. {raw[:5]}"
        warned = [w for c in cells for w in c["warnings"]]
        assert not warned, f"jupyterlab-myst marks {len(warned)} references as missing: {warned[:5]}"
        nowhere = [t for c in cells for t in c["nowhere"]]
        assert not nowhere, f"{len(nowhere)} links lead nowhere (href='#'), e.g. {nowhere[:5]}"
        errors = sorted({e["message"][:300] for e in console if e["level"] == "SEVERE"})
        assert not errors, "the console reports errors:\n" + "\n".join(errors[:5])

        # The chapter's link to its exercises: served (the root is the repository's), and it opens them.
        links = [h for c in cells for h in c["links"] if h and h.split("?")[0].endswith(EXERCISES)]
        assert links, f"the chapter has no link to its exercises: {[h for c in cells for h in c['links']]}"
        with urllib.request.urlopen(f"{address}/api/contents/{EXERCISES}?content=0", timeout=5) as response:
            assert json.load(response)["type"] == "notebook"
        driver.execute_script("""
          const a = Array.from(document.querySelectorAll('.jp-MarkdownCell .myst a'))
            .find(a => (a.getAttribute('href') || '').split('?')[0].endsWith(arguments[0]));
          a.click();""", EXERCISES)
        title, deadline = None, time.perf_counter() + 15
        while time.perf_counter() < deadline and not (title and EXERCISES in title):
            time.sleep(0.3)
            title = driver.execute_script(
                "const t = document.querySelector('.lm-DockPanel-tabBar .lm-mod-current'); return t && t.title")
        assert title and EXERCISES in title, f"clicking the exercises link opened {title!r}, not {EXERCISES}"


def test_make_lab_opens_on_the_chapters(lab):
    """`make lab` serves the repository root and opens its file browser on book/."""
    address, _, _ = lab
    with urllib.request.urlopen(f"{address}/", timeout=5) as response:
        assert response.url.rstrip("/").endswith("/lab/tree/book"), response.url
    with urllib.request.urlopen(f"{address}/api/contents/book?content=1", timeout=5) as response:
        names = {item["name"] for item in json.load(response)["content"]}
    assert CHAPTER.split("/")[-1] in names



def test_an_answer_typed_and_saved_in_jupyterlab_is_in_the_file(lab, tmp_path):
    """What the learners' page says of `make lab`: Ctrl+S saves the notebook in the folder it was opened from. A
    learner clicks into an answer cell of the exercise notebook, types, and presses Ctrl+S; the file on disk
    (the served copy) then holds the answer; File → Download, before the save, gave the copy without it (as the
    page's Binder note says). Every *Menu → Item* the page names for this place, and for Binder
    (binder/requirements.txt installs this same JupyterLab), is an item of that menu here."""
    address, _, served = lab
    answer = "# my answer: one least-squares line per bin"
    with site_browser.served_in_chromium(tmp_path) as (driver, _):
        driver.get(f"{address}/lab/tree/{EXERCISES}?reset")
        site_browser.type_at_end_of_cell(driver, "def piecewise_linear_fit(", answer)
        # The Binder note: File → Download gives the last saved copy, so save first.
        downloaded = site_browser.download_with_menu(driver, tmp_path / "downloads")
        assert len(downloaded) == 1, "File → Download gave no notebook file in 30 s"
        assert answer not in downloaded[0].read_text(), (
            "File → Download gave the unsaved edit: the learners' page's Binder note (save first) needs updating")
        site_browser.save_with_ctrl_s(driver)
        saved, deadline = [], time.perf_counter() + 30
        while time.perf_counter() < deadline and not saved:
            time.sleep(0.3)
            saved = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in
                     read_notebook(served / EXERCISES)["cells"] if answer in "".join(c["source"])]
        assert saved == ["piecewise_linear_fit_answer"], (
            f"Ctrl+S did not write the typed answer into the answer cell of {EXERCISES} on disk within 30 s")
        named = learners_menu_paths("Locally") + learners_menu_paths("Binder")
        assert named, "the learners' page names no menu command for make lab or Binder"
        missing = site_browser.missing_menu_items(driver, named)
        assert not missing, f"the learners' page names {missing}, which JupyterLab's menus lack"
