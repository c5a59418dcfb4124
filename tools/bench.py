"""Benchmark what learners wait for: `make bench`.

Prints, for each notebook, run-all time and the kernel's peak memory; the clean and cached book
build times; the median update time (compute + redraw to PNG) of every explorer's controls; the
Chapter 3 training runs and the Chapter 4 best-of-n curves. Targets on a 2-core machine:
Chapter 3 <= 30 s and every newer chapter <= 15 s, <= 500 MB each, clean build <= 120 s, cached
rebuild <= 15 s, slider update <= 50 ms, toy model <= 2 s per sparsity, best-of-n curve <= 2 s.

Page weight (`page_weights`): every page of the site as a first visit over Slow 4G (Chrome DevTools' preset,
emulated through the DevTools protocol), served gzipped as a static host serves it: the bytes transferred until
the page's load event (its HTML and everything it loads before the content is complete; lazily loaded images
and the search index fetched on demand do not count) and the first contentful paint. Targets for a chapter
page: <= 600 KB gzipped and first paint <= 3 s. `python tools/bench.py pages [html dir]` measures only these.
"""
import contextlib
import gzip
import http.server
import importlib
import mimetypes
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from scaling_course import CHAPTERS, fitting, goodhart, induction_training, superposition
from scaling_course.explorers import internals, safety
from site_browser import run_in_lite, served_in_chromium

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

RUN_ONE = """
import resource, sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def notebook_figures():
    rows = []
    for path in sorted(ROOT.glob("book/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb")) + \
            sorted(ROOT.glob("solutions/*.ipynb")):
        out = subprocess.run([sys.executable, "-c", RUN_ONE, str(path), str(path.parent)],
                             capture_output=True, text=True, check=True).stdout.split()
        rows.append((str(path.relative_to(ROOT)), float(out[-2]), float(out[-1])))
    return rows


def build_seconds():
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    times = []
    for _ in range(2):  # clean, then cached
        start = time.perf_counter()
        subprocess.run([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], cwd=ROOT,
                       capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def median_ms(explorer, settings):
    times = []
    for values in settings:
        start = time.perf_counter()
        explorer.update(**values)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def slider_settings(data):
    """(chapter slug, explorer name) -> (arguments, the control settings to time); every explorer of the course."""
    return {
        ("scaling", "fit_explorer"): (data, [dict(n_bins=b, degree=b % 16) for b in range(1, 26)]),
        ("scaling", "manifold_explorer"): ((), [dict(d=d) for d in (1, 2, 3) * 5]),
        ("scaling", "compute_explorer"): ((), [dict(log10_compute=v) for v in np.arange(18, 28, 0.25)]),
        ("lab", "isoflop_explorer"): ((), [dict(budget_index=i) for i in (0, 1, 2) * 8]),
        ("evals", "nines_explorer"): ((), [dict(n_nines=v, n_steps=10 ** (v - 1)) for v in np.linspace(1, 6, 26)]),
        ("evals", "emergence_explorer"): ((), [dict(answer_length=n) for n in range(1, 51, 2)]),
        ("internals", "superposition_explorer"): ((superposition_sweep(),),
                                                  [dict(sparsity=v) for v in np.linspace(0, 0.99, 25)]),
        ("safety", "goodhart_explorer"): ((), [dict(log10_n=v, error_scale=s) for v, s in
                                               zip(np.linspace(0, 4, 25), np.tile(safety.ERROR_SCALES, 4))]),
        ("safety", "gaming_explorer"): ((), [dict(bonus=v) for v in np.linspace(0, 3, 25)]),
        ("inputs", "effective_compute_explorer"): ((), [dict(spend_growth=v, algorithm_doubling_years=3.3 - v / 2)
                                                        for v in np.linspace(1, 5, 25)]),
        ("inputs", "data_explorer"): ((), [dict(growth_per_year=v, stock_trillions=100 + 36 * i) for i, v in enumerate(np.linspace(2, 6, 25))]),
        ("impact", "automation_explorer"): ((), [dict(automated_share=v, sigma=0.2 + v) for v in np.linspace(0, 0.99, 25)]),
        ("explosion", "feedback_explorer"): ((), [dict(r=v, sigma=0.2 + v / 5) for v in np.geomspace(0.3, 4, 25)]),
    }


def slider_figures():
    """Median update time of every explorer in the course, found through the chapter registry."""
    rng = np.random.default_rng(1)
    data = (*fitting.noisy_sine(100, rng), *fitting.noisy_sine(1000, rng))
    settings = slider_settings(data)
    rows = []
    for key, unit in CHAPTERS.items():
        module = explorer_module(unit.slug)
        for name in sorted(n for n in dir(module) if n.endswith("_explorer")) if module else ():
            if (unit.slug, name) not in settings:
                raise SystemExit(f"tools/bench.py: add the settings to time explorers.{unit.slug}.{name}.")
            args, moves = settings[(unit.slug, name)]
            rows.append((f"ch{key[1]} {name}", median_ms(getattr(module, name)(*args), moves)))
    return rows


def explorer_module(slug):
    """explorers/<slug>.py, or None for a unit without explorers."""
    try:
        return importlib.import_module(f"scaling_course.explorers.{slug}")
    except ModuleNotFoundError:
        return None


def superposition_sweep():
    return {s: superposition.train(sparsity=s, restarts=4) for s in (0.0, 0.7, 0.8, 0.9, 0.99)}


def training_figures():
    """Seconds for the Chapter 3 training runs, and the step at which the induction loss drops."""

    rows = []
    for restarts in (4, 8):
        start = time.perf_counter()
        superposition.train(sparsity=0.9, restarts=restarts)
        rows.append((f"toy model, one sparsity, {restarts} restarts x 3000 steps", time.perf_counter() - start, ""))
    explorer = internals.superposition_explorer(
        {s: superposition.train(sparsity=s, restarts=2, steps=300) for s in (0.0, 0.9)})
    explorer.update(sparsity=0.85)
    start = time.perf_counter()
    explorer.train_here()
    rows.append(("'train at this sparsity' button (train + redraw)", time.perf_counter() - start, ""))
    for error in goodhart.ERRORS:
        start = time.perf_counter()
        goodhart.curve(error, 1.0)
        rows.append((f"best-of-n curve, {error} error, n = 1..10,000 (exact)", time.perf_counter() - start, ""))
    for layers in (2, 1):
        run = induction_training.train(n_layers=layers)
        drop = induction_training.drop_step(run.loss_history, run.model.vocab_size)
        rows.append((f"induction, {layers} layer(s), {len(run.loss_history)} steps", run.seconds,
                     f"loss drops at step {drop}" if drop else "no drop"))
    return rows


def site_figures():
    """Each page's weight in bytes and the time from navigation to its first chart (a twin drawn by Vega,
    or a figure image loaded), in a headless Chromium against the built site on localhost."""
    html = ROOT / "_build" / "html"
    first_chart = """
        var done = arguments[arguments.length - 1];
        (function poll() {
          var twin = document.querySelector('.vega-twin-chart svg');
          var img = Array.from(document.querySelectorAll('.cell_output img')).find(i => i.complete && i.naturalWidth);
          if (twin || img) done(performance.now()); else setTimeout(poll, 10);
        })();"""
    rows = []
    with served_in_chromium(html) as (driver, address):
        for page in [html / "book" / f"{unit.stem(key)}.html" for key, unit in CHAPTERS.items()]:
            driver.get(f"{address}/{page.relative_to(html)}")
            rows.append((str(page.relative_to(html)), page.stat().st_size, driver.execute_async_script(first_chart)))
    size = sum(f.stat().st_size for f in html.rglob("*") if f.is_file())
    return rows, size


# Chrome DevTools' "Slow 4G" preset (1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, each scaled as DevTools does).
SLOW_4G = {"offline": False, "latency": 150 * 3.75, "downloadThroughput": 1.6e6 / 8 * 0.9,
           "uploadThroughput": 750e3 / 8 * 0.9}
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".mjs", ".xml")
PAGE_GOALS = {"bytes": 600_000, "first paint (ms)": 3000}


class _Gzipped(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host does: text gzipped when the browser accepts it, never cached."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the browser left the page (or cancelled a lazy load)
            pass


# After the load event: the first contentful paint, and every request with its start and its bytes on the wire
# (the HTML's and each resource's encoded body, so gzipped where the server gzipped it).
WEIGHT_JS = """
const nav = performance.getEntriesByType('navigation')[0];
const paint = performance.getEntriesByName('first-contentful-paint')[0];
const loaded = nav.loadEventStart;
const rows = [{name: nav.name, start: 0, bytes: nav.encodedBodySize}].concat(
  performance.getEntriesByType('resource').filter(r => r.startTime <= loaded)
    .map(r => ({name: r.name, start: r.startTime, bytes: r.encodedBodySize})));
return {paint: paint ? paint.startTime : null, load: loaded, rows: rows};
"""


def site_pages(html):
    """The site's pages a reader opens (not JupyterLite's, not the generated index and search pages)."""
    skip = {"genindex.html", "search.html"}
    return sorted(str(p.relative_to(html)) for p in Path(html).rglob("*.html")
                  if p.relative_to(html).parts[0] not in ("lite", "_static", "_sources", "vendor")
                  and p.name not in skip)


@contextlib.contextmanager
def gzip_served(html):
    """Serve `html` on 127.0.0.1 as a static host does (gzipped, uncached); yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Gzipped(*a, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def measure_pages(driver, address, pages, repeats=1):
    """{page: (bytes until the load event, first contentful paint in ms, load event in ms, the five heaviest
    resources as (name, bytes))} for first visits over Slow 4G (cache off); the driver's network is restored
    afterwards. With `repeats` > 1, the median paint and load of that many visits."""
    results = {}
    unthrottled = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        for page in pages:
            visits = []
            for _ in range(repeats):
                # A first visit on an idle line: what the last page fetched after its load event (Vega, MathJax,
                # lazy figures) must not still be queued in the throttled line when the next one starts.
                driver.execute_cdp_cmd("Network.emulateNetworkConditions", unthrottled)
                driver.get("about:blank")
                time.sleep(0.5)
                driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_4G)
                driver.get(f"{address}/{page}")
                visits.append(driver.execute_script(WEIGHT_JS))
            rows = visits[0]["rows"]
            heaviest = sorted(((r["name"].replace(address + "/", ""), r["bytes"]) for r in rows),
                              key=lambda row: -row[1])[:5]
            results[page] = (sum(r["bytes"] for r in rows),
                             statistics.median(v["paint"] or float("nan") for v in visits),
                             statistics.median(v["load"] for v in visits), heaviest)
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", unthrottled)
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    return results


def page_weights(html, pages=None, repeats=1):
    """measure_pages for every page of the built site (or `pages`), in a headless Chromium of its own."""
    html = Path(html)
    with gzip_served(html) as address, served_in_chromium(html) as (driver, _):
        driver.set_page_load_timeout(180)
        return measure_pages(driver, address, pages or site_pages(html), repeats)


def print_page_weights(results):
    print("page (first visit, Slow 4G, gzipped)        KB to load   first paint (ms)   load (ms)   heaviest")
    for page, (size, paint, load, heaviest) in results.items():
        top = ", ".join(f"{Path(name.split('?')[0]).name} {b / 1e3:.0f}" for name, b in heaviest[:3])
        print(f"{page:44} {size / 1e3:10.0f} {paint:18.0f} {load:11.0f}   {top}")
    chapters = {p: r for p, r in results.items() if p.startswith("book/0")}
    if chapters:
        print(f"chapter pages: heaviest {max(r[0] for r in chapters.values()) / 1e3:.0f} KB (goal "
              f"<= {PAGE_GOALS['bytes'] / 1e3:.0f}), slowest first paint {max(r[1] for r in chapters.values()):.0f} ms "
              f"(goal <= {PAGE_GOALS['first paint (ms)']})")


def lite_figures():
    """JupyterLite: its size on the site, and the seconds from opening its REPL to a kernel that has run
    code, and to the course package and ipywidgets imported (served by the site; offline here)."""

    html = ROOT / "_build" / "html"
    lite_bytes = sum(f.stat().st_size for f in (html / "lite").rglob("*") if f.is_file())
    probes = {"kernel ready (print)": "print('DONE')",
              "course + ipywidgets imported": "import piplite\nawait piplite.install('scaling-course', deps=False)\n"
                                              "await piplite.install('ipywidgets')\nimport scaling_course, ipywidgets\n"
                                              "print('DONE')"}
    rows = []
    with served_in_chromium(html) as (driver, address):
        for name, code in probes.items():
            start = time.perf_counter()
            if "DONE" not in run_in_lite(driver, address, code):
                raise SystemExit(f"JupyterLite: {name} did not finish within 120 s")
            rows.append((name, time.perf_counter() - start))
    return lite_bytes, rows


def main():
    print("notebook                               run-all (s)   peak kernel memory (MB)")
    for name, seconds, megabytes in notebook_figures():
        print(f"{name:38} {seconds:11.1f} {megabytes:25.0f}")
    clean, cached = build_seconds()
    print(f"\nbook build: clean {clean:.1f} s, cached rebuild {cached:.1f} s")
    print()
    print_page_weights(page_weights(ROOT / "_build" / "html"))
    pages, site_bytes = site_figures()
    print(f"\nbuilt site: {site_bytes / 1e6:.1f} MB\npage                          weight (KB)   first chart (ms)")
    for name, size, first_ms in pages:
        print(f"{name:30} {size / 1e3:11.0f} {first_ms:17.0f}")
    lite_bytes, lite_rows = lite_figures()
    print(f"\nJupyterLite: {lite_bytes / 1e6:.1f} MB of the site\nfrom opening its REPL              seconds")
    for name, seconds in lite_rows:
        print(f"{name:34} {seconds:7.1f}")
    print("\nexplorer                                median update (ms, compute + redraw to PNG)")
    for name, ms in slider_figures():
        print(f"{name:39} {ms:8.1f}")
    print("\ntraining and curves (Chapters 3-4)                        seconds")
    for name, seconds, note in training_figures():
        print(f"{name:55} {seconds:6.1f}  {note}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["pages"]:  # page weight only, of a site already built
        print_page_weights(page_weights(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / "html"))
    else:
        main()
