"""Prepare the JupyterLite part of the site: `python tools/lite_site.py _lite` (run by `make book`).

jupyterlite-sphinx builds `_lite/` into the site's `lite/`. This script fills in what that build takes
from `_lite/` and cannot fetch by itself without a CDN:
- `_lite/static/pyodide/`: the Pyodide runtime from the npm package `pyodide` (pinned and sha512-checked),
  pinned to the version the Pyodide kernel was built for;
- its `pyodide-lock.json`, rewritten: every package the kernel and the course load is a wheel from PyPI
  served by the site, except the compiled ones that PyPI has no Pyodide wheel for yet, which keep their
  address on Pyodide's CDN. The check is made at every build, so a package moves to the site as soon as
  PyPI has its wheel. Packages the course never loads keep their CDN address, for learners' own imports;
- `_lite/pypi/`: the wheels piplite installs from the site: the course package itself, and what it needs
  that neither Pyodide's lock nor the kernel provides (ipywidgets and its helpers), at the versions of
  requirements-run.lock (Binder's).
It then checks that nothing the course imports is left to fall through to PyPI at run time.
`_lite/static/pyodide/SOURCES.json` records where each of the course's packages loads from.
"""
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from jupyterlite_pyodide_kernel.constants import PYODIDE_CDN_URL, PYODIDE_VERSION
from release import package_version
from vendor_js import fetch

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_INTEGRITY = {  # npm's sha512 integrity of the `pyodide` package, per version
    "314.0.6": "BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ==",
}
RUNTIME_FILES = ["pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
# What the Pyodide kernel (0.8.6) loads as it starts: micropip, then ipython and jedi through piplite.
KERNEL_NEEDS = ["micropip", "ipython", "jedi"]
# Installed by piplite from the site; their versions come from requirements-run.lock.
PIPLITE_EXTRAS = ["ipywidgets", "comm", "jupyterlab_widgets"]
# Wheels the Pyodide kernel itself serves to piplite (its pypi/ folder), so nothing need provide them.
KERNEL_WHEELS = ["piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension"]


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec):
    """'numpy>=1.24' -> 'numpy'; None for a requirement that only an extra asks for."""
    if "extra ==" in spec:
        return None
    return canonical(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec).group(1))


def closure(packages, names):
    """The lock's packages that `names` need, their dependencies included."""
    seen, todo = set(), [canonical(n) for n in names]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [canonical(d) for d in packages[name]["depends"]]
    return seen


def pinned_versions(lock_file):
    pins = {}
    for line in Path(lock_file).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.strip()
    return pins


def pip_download(spec, dest, python, platform="any", abi=None):
    """Download one wheel for Python `python` (e.g. "3.14") from PyPI; its path, or None if PyPI has none."""
    args = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
            "--python-version", python, "--platform", platform, "-d", str(dest), spec]
    if abi:
        args += ["--implementation", "cp", "--abi", abi]
    before = set(Path(dest).glob("*.whl"))
    done = subprocess.run(args, capture_output=True, text=True)
    new = set(Path(dest).glob("*.whl")) - before
    if done.returncode:
        return None
    name = canonical(spec.split("==")[0])
    matches = [w for w in (new or Path(dest).glob("*.whl")) if canonical(w.name.split("-")[0]) == name]
    return matches[0] if matches else None


def python_version(lock):
    """Pyodide's Python as "3.14"."""
    return ".".join(lock["info"]["python"].split(".")[:2])


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def wheel_requirements(wheel):
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(archive.read(metadata).decode())
    return [r for r in (requirement_name(s) for s in message.get_all("Requires-Dist") or []) if r]


def unpack_runtime(dest):
    if PYODIDE_VERSION not in PYODIDE_INTEGRITY:
        raise SystemExit(f"The Pyodide kernel wants Pyodide {PYODIDE_VERSION}: add its sha512 to PYODIDE_INTEGRITY "
                         f"in tools/lite_site.py (npm view pyodide@{PYODIDE_VERSION} dist.integrity).")
    data = fetch("pyodide", PYODIDE_VERSION, PYODIDE_INTEGRITY[PYODIDE_VERSION])
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in RUNTIME_FILES + ["pyodide-lock.json"]:
            (dest / name).write_bytes(archive.extractfile(f"package/{name}").read())
    return json.loads((dest / "pyodide-lock.json").read_text())


def rewrite_lock(lock, needed, dest):
    """Point each needed package at a PyPI wheel in `dest` where PyPI has one, the rest at the CDN."""
    abi, python = lock["info"]["abi_version"], python_version(lock)
    sources = {}
    for name, package in lock["packages"].items():
        original = package["file_name"]
        wheel = None
        if name in needed:
            spec = f"{package['name']}=={package['version']}"
            if original.endswith("-none-any.whl"):
                wheel = pip_download(spec, dest, python)
                if wheel is None:
                    raise SystemExit(f"PyPI has no wheel for {spec}, which the course needs in the browser.")
            else:
                wheel = pip_download(spec, dest, python, platform=f"pyemscripten_{abi}_wasm32",
                                     abi="cp" + python.replace(".", ""))
        if wheel is not None:
            package["file_name"], package["sha256"] = wheel.name, sha256(wheel)
            sources[name] = "site"
        else:
            package["file_name"] = f"{PYODIDE_CDN_URL}/{original}"
            if name in needed:
                sources[name] = package["file_name"]
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    return sources


def course_wheel(dest):
    for old in Path(dest).glob("scaling_course-*.whl"):
        old.unlink()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dest), str(ROOT)],
                   check=True, capture_output=True)
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' scratch folder, left in the tree
    return next(Path(dest).glob("scaling_course-*.whl"))


def check_nothing_falls_through(lock, requirements):
    """Every requirement of the piplite wheels ({wheel: names}) must be in the lock, the site's wheels or the
    kernel's."""
    provided = set(lock["packages"]) | {canonical(w.name.split("-")[0]) for w in requirements} | set(KERNEL_WHEELS)
    for wheel, names in requirements.items():
        missing = sorted(set(names) - provided)
        if missing:
            raise SystemExit(f"{wheel.name} needs {', '.join(missing)}, which nothing on the site provides: "
                             f"add {'it' if len(missing) == 1 else 'them'} to PIPLITE_EXTRAS in tools/lite_site.py.")


def build(lite_dir):
    lite_dir = Path(lite_dir)
    runtime, pypi = lite_dir / "static" / "pyodide", lite_dir / "pypi"
    pins = pinned_versions(ROOT / "requirements-run.lock")
    marker = runtime / "SOURCES.json"
    inputs = {"pyodide": PYODIDE_VERSION, "extras": {n: pins[canonical(n)] for n in PIPLITE_EXTRAS},
              "course": sha256(ROOT / "pyproject.toml"), "version": package_version(), "this script": sha256(__file__)}
    for folder in (runtime, pypi):
        folder.mkdir(parents=True, exist_ok=True)
    wheels = [course_wheel(pypi)]  # the course's own code changes often: always rebuilt (2 s)
    if marker.exists() and json.loads(marker.read_text()).get("inputs") == inputs:
        return json.loads(marker.read_text())
    for old in [*runtime.glob("*.whl"), *pypi.glob("*.whl")]:
        if old not in wheels:
            old.unlink()
    lock = unpack_runtime(runtime)
    for name in PIPLITE_EXTRAS:
        spec = f"{name}=={pins[canonical(name)]}"
        wheel = pip_download(spec, pypi, python_version(lock))
        if wheel is None:
            raise SystemExit(f"PyPI has no pure-Python wheel for {spec}, which piplite must serve.")
        wheels.append(wheel)
    requirements = {wheel: wheel_requirements(wheel) for wheel in wheels}
    check_nothing_falls_through(lock, requirements)
    in_lock = [n for names in requirements.values() for n in names if n in lock["packages"]]
    needed = closure(lock["packages"], KERNEL_NEEDS + in_lock)
    sources = rewrite_lock(lock, needed, runtime)
    record = {"inputs": inputs, "from_cdn": {n: s for n, s in sorted(sources.items()) if s != "site"},
              "from_site": sorted(n for n, s in sources.items() if s == "site"),
              "piplite": sorted(w.name for w in wheels)}
    marker.write_text(json.dumps(record, indent=1))
    return record


if __name__ == "__main__":
    record = build(sys.argv[1] if len(sys.argv) > 1 else "_lite")
    print(f"Pyodide {PYODIDE_VERSION}: {len(record['from_site'])} packages from the site; from Pyodide's CDN: "
          f"{', '.join(record['from_cdn']) or 'none'}")
