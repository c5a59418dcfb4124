"""Is this Python ready for the course? One sentence per thing that is missing.

Uses the standard library only, so it runs (and says what is missing) even where numpy or ipywidgets
are not installed. The minimum versions are read from the course package's own requirements, so they
never drift from pyproject.toml.

Used in: the setup check (book/setup-check.ipynb) that the on-ramp page (book/python.ipynb) points to.
"""
import re
import sys
from importlib import metadata

try:
    from IPython import get_ipython
except ImportError:  # a plain Python without IPython: there is no kernel to find
    get_ipython = None

MIN_PYTHON = (3, 11, 5)  # requires-python in pyproject.toml; minimum_python() reads it from the installed package
PACKAGES = ("numpy", "matplotlib", "ipywidgets")


class Finding:
    """One line of the report: ok or not, and the sentence that says so."""

    def __init__(self, ok, sentence):
        self.ok, self.sentence = ok, sentence

    def __repr__(self):
        return f"{'✔' if self.ok else '✘'} {self.sentence}"


def version_tuple(text):
    """'1.26.4' -> (1, 26, 4); pre-release tails ('2.0.0rc1') are read up to the first non-digit."""
    return tuple(int(re.match(r"\d*", part).group() or 0) for part in text.split(".")[:3])


def minimum_versions():
    """{package: minimum version} from the course's requirements (e.g. 'numpy>=1.24'), for PACKAGES."""
    try:
        requirements = metadata.requires("scaling-course") or []
    except metadata.PackageNotFoundError:
        requirements = []
    found = {}
    for requirement in requirements:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([\d.]+)", requirement)
        if match and match[1].lower() in PACKAGES:
            found[match[1].lower()] = match[2]
    return found


def minimum_python():
    """The lowest Python the installed course package allows ('>=3.11.5' -> (3, 11, 5)); MIN_PYTHON without it."""
    try:
        allowed = metadata.metadata("scaling-course").get("Requires-Python") or ""
    except metadata.PackageNotFoundError:
        allowed = ""
    match = re.search(r">=\s*([\d.]+)", allowed)
    return (version_tuple(match[1]) + (0, 0))[:3] if match else MIN_PYTHON


def check_python(version_info=None, minimum=None):
    version = tuple(int(part) for part in tuple(version_info or sys.version_info)[:3])
    minimum = minimum or minimum_python()
    shown = ".".join(map(str, version))
    if (version + (0, 0))[:3] < minimum:
        return Finding(False, f"Python {shown} is too old: the course needs Python "
                              f"{'.'.join(map(str, minimum))} or newer (Colab, Binder and JupyterLite have it).")
    return Finding(True, f"Python {shown}.")


def check_package(name, minimum=None, version_of=metadata.version):
    try:
        installed = version_of(name)
    except metadata.PackageNotFoundError:
        return Finding(False, f"{name} is not installed: run the install cell at the top of a chapter, "
                              f"or `pip install {name}`.")
    if minimum and version_tuple(installed) < version_tuple(minimum):
        return Finding(False, f"{name} {installed} is older than the course needs ({minimum}): "
                              f"`pip install -U {name}`, then restart the kernel.")
    return Finding(True, f"{name} {installed}.")


def check_course(version_of=metadata.version):
    try:
        installed = version_of("scaling-course")
    except metadata.PackageNotFoundError:
        return Finding(False, "the course package is not installed: run the install cell at the top of any "
                              "chapter, or `pip install -e .` in the course repository.")
    return Finding(True, f"the course package {installed}.")


def check_kernel(shell=None):
    """Widgets need a live kernel behind the notebook (not a plain `python` run, not a static page)."""
    if shell is None and get_ipython is not None:
        shell = get_ipython()
    if shell is None or not getattr(shell, "kernel", None):
        return Finding(False, "no notebook kernel: open this notebook in Jupyter, Colab, Binder or JupyterLite "
                              "to use the sliders.")
    return Finding(True, "a notebook kernel is running.")


def findings():
    """Every check, in the order a learner should fix them."""
    minimum = minimum_versions()
    return [check_python(), check_course(), *(check_package(name, minimum.get(name)) for name in PACKAGES),
            check_kernel()]


def report(results=None):
    """Print one line per check and a last line saying what to do."""
    results = findings() if results is None else results
    for result in results:
        print(repr(result))
    missing = [result for result in results if not result.ok]
    print("Ready: every chapter will run here." if not missing else
          f"{len(missing)} thing{'s' if len(missing) > 1 else ''} to fix first: start with the first ✘ line.")
    return not missing
