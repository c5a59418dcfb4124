"""Benchmark what learners wait for: `make bench`.

Prints, for each notebook, run-all time and the kernel's peak memory; the clean and cached book
build times; and the median update time (compute + redraw to PNG) of every explorer's controls.
Targets on a 2-core machine: notebook <= 15 s and <= 500 MB, clean build <= 120 s, cached
rebuild <= 15 s, slider update <= 50 ms.
"""
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

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


def slider_figures():
    from scaling_course import fitting, widgets

    rng = np.random.default_rng(1)
    data = (*fitting.noisy_sine(100, rng), *fitting.noisy_sine(1000, rng))
    explorers = {
        "ch1 fit_explorer (bins, degree)": (widgets.fit_explorer(*data),
                                            [dict(n_bins=b, degree=b % 16) for b in range(1, 26)]),
        "ch1 manifold_explorer (d)": (widgets.manifold_explorer(), [dict(d=d) for d in (1, 2, 3) * 5]),
        "ch1 compute_explorer (budget)": (widgets.compute_explorer(),
                                          [dict(log10_compute=v) for v in np.arange(18, 28, 0.25)]),
        "ch2 nines_explorer (nines, steps)": (widgets.nines_explorer(),
                                             [dict(n_nines=v, n_steps=10 ** (v - 1)) for v in np.linspace(1, 6, 26)]),
        "ch2 emergence_explorer (answer length)": (widgets.emergence_explorer(),
                                                   [dict(answer_length=n) for n in range(1, 51, 2)]),
    }
    return [(name, median_ms(explorer, settings)) for name, (explorer, settings) in explorers.items()]


def main():
    print("notebook                               run-all (s)   peak kernel memory (MB)")
    for name, seconds, megabytes in notebook_figures():
        print(f"{name:38} {seconds:11.1f} {megabytes:25.0f}")
    clean, cached = build_seconds()
    print(f"\nbook build: clean {clean:.1f} s, cached rebuild {cached:.1f} s")
    print("\nexplorer                                median update (ms, compute + redraw to PNG)")
    for name, ms in slider_figures():
        print(f"{name:39} {ms:8.1f}")


if __name__ == "__main__":
    main()
