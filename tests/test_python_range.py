"""One supported Python range, said once (requires-python in pyproject.toml): the locks' packages allow exactly its
lower bound, the Makefile's check refuses what the range refuses (in one sentence) and remakes a venv of the wrong
Python, Binder's runtime is inside it; the run-time lock, the `lab` extra and requirements.lock agree on every
version; and the README's and the running page's install commands name things that exist."""
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib

import pytest
from helpers import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RANGE = SpecifierSet(PYPROJECT["project"]["requires-python"])
PYTHONS = [Version(f"3.{minor}.{patch}") for minor in range(6, 20) for patch in range(40)]
LOWEST = next(v for v in PYTHONS if v in RANGE)


def pins(lock):
    """{canonical name: version} of a pip lock file (name==version lines)."""
    found = {}
    for line in (ROOT / lock).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            (version,) = [s.version for s in requirement.specifier if s.operator == "=="]
            found[canonicalize_name(requirement.name)] = version
    return found


def installed(python):
    """{canonical name: (version, Requires-Python)} of every distribution in `python`'s environment."""
    script = ("import json; from importlib import metadata; print(json.dumps({d.metadata['Name']: "
              "[d.version, d.metadata.get('Requires-Python') or ''] for d in metadata.distributions()}))")
    found = json.loads(subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                                      check=True).stdout)
    return {canonicalize_name(name): tuple(value) for name, value in found.items()}


def test_the_range_is_the_lowest_python_every_locked_package_allows():
    """requires-python's lower bound is the locks': every pinned package allows it, and one refuses the release
    just below it (soupsieve 4.1.2 needs 3.11.5, contourpy 1.3.3 3.11), so the range neither promises a Python the
    locks cannot install on (Debian 12's 3.11.2) nor refuses one they can."""
    assert Version("%d.%d.%d" % sys.version_info[:3]) in RANGE, "the tests run on a Python outside the range"
    environment = installed(sys.executable)
    lab = ROOT / ".venv-lab" / "bin" / "python"
    if lab.exists():
        environment = {**installed(lab), **environment}
    wanted = {**pins("requirements-run.lock"), **pins("requirements.lock")}
    seen = {name: environment[name] for name in wanted if name in environment}
    # The run-time lock's own additions live in .venv-lab only; everything in requirements.lock is in .venv.
    missing = set(pins("requirements.lock")) - set(seen)
    assert not missing, f"not installed in this environment, though requirements.lock pins them: {sorted(missing)}"
    wrong = {name: (seen[name][0], wanted[name]) for name in seen if Version(seen[name][0]) != Version(wanted[name])}
    assert not wrong, f"installed versions differ from the locks (installed, locked): {wrong}"
    refuse_lowest = {name: rp for name, (_, rp) in seen.items() if rp and LOWEST not in SpecifierSet(rp)}
    assert not refuse_lowest, f"these pins refuse Python {LOWEST}, the range's lower bound: {refuse_lowest}"
    below = PYTHONS[PYTHONS.index(LOWEST) - 1]
    refuse_below = {name: rp for name, (_, rp) in seen.items() if rp and below not in SpecifierSet(rp)}
    assert refuse_below, f"every pin allows Python {below}: requires-python could say so"


def test_binder_runs_a_python_inside_the_range():
    """runtime.txt names a minor version (repo2docker takes no patch); its conda lock brings that minor's latest
    patch (3.11.14 for 3.11), so the range must hold some patch of it."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    minor = runtime.split("-")[1]
    assert any(Version(f"{minor}.{patch}") in RANGE for patch in range(40)), f"{runtime} is outside {RANGE}"


def make_commands(target, cwd=ROOT, **variables):
    """The commands `make -n target` prints (make -n runs none of them), split into words."""
    args = ["make", "-n", "--no-print-directory", target] + [f"{k}={v}" for k, v in variables.items()]
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=True).stdout
    return [shlex.split(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def range_check():
    """The Python code the Makefile runs to check a Python against the range (from make -n python-check)."""
    checks = [words[2] for words in make_commands("python-check") if words[1:2] == ["-c"]]
    assert len(checks) == 1 and "sys.exit" in checks[0], checks
    return checks[0]


@pytest.mark.parametrize("version", ["3.8.10", "3.9.18", "3.10.13", "3.11.0", "3.11.7", "3.12.1", "3.13.0", "3.14.2"])
def test_the_makefile_refuses_what_the_range_refuses_in_one_sentence(range_check, version):
    done = subprocess.run([sys.executable, "-c", range_check, version], capture_output=True, text=True)
    assert (done.returncode == 0) == (Version(version) in RANGE), (version, done.stderr)
    if done.returncode:
        sentence = done.stderr.strip()
        assert sentence.count(". ") == 0 and sentence.endswith(".") and "\n" not in sentence, sentence
        assert f"Python {version}" in sentence and str(RANGE) in sentence and "requires-python" in sentence


def fake_python(path, version):
    """A `python` that runs this one but has the range check see `version` (the check reads its argument)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@" {version}\n')
    path.chmod(0o755)
    return path


def test_make_refuses_a_python_outside_the_range_and_remakes_a_venv_made_with_one(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements-run.lock", "requirements.lock",
                 "src/scaling_course/__init__.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    old = fake_python(tmp_path / "old" / "python", "3.10.13")
    refused = subprocess.run(["make", "-s", "python-check", f"PYTHON={old}"], cwd=tmp_path, capture_output=True,
                             text=True)
    assert refused.returncode != 0 and "Python 3.10.13" in refused.stderr and "outside" in refused.stderr
    # A .venv made by a Python 3.10 (say, before the range was checked) is removed, not reused.
    fake_python(tmp_path / ".venv" / "bin" / "python", "3.10.13")
    (tmp_path / ".venv" / ".ready").touch()
    done = subprocess.run(["make", "-s", "python-check", f"PYTHON={sys.executable}"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert ".venv has no Python in" in done.stdout and not (tmp_path / ".venv").exists()
    # Its stamp does not save it: the venv's recipe is due even when the stamp is newer than the locks.
    for venv in (".venv", ".venv-lab"):
        fake_python(tmp_path / venv / "bin" / "python", "3.10.13")
        (tmp_path / venv / ".ready").touch()
        words = [w for line in make_commands(f"{venv}/.ready", cwd=tmp_path, PYTHON=sys.executable) for w in line]
        assert "venv" in words, f"make would reuse {venv}, made with Python 3.10"
        fake_python(tmp_path / venv / "bin" / "python", "3.11.7")
        (tmp_path / venv / ".ready").touch()
        up_to_date = subprocess.run(["make", "-q", f"{venv}/.ready", f"PYTHON={sys.executable}"], cwd=tmp_path)
        assert up_to_date.returncode == 0, f"{venv}, made with a Python in the range, would be made again"


def test_the_run_lock_the_lab_extra_and_the_full_lock_agree():
    run, full = pins("requirements-run.lock"), pins("requirements.lock")
    differ = {name: (run[name], full[name]) for name in run.keys() & full.keys() if run[name] != full[name]}
    assert not differ, f"requirements-run.lock and requirements.lock pin different versions: {differ}"
    lab = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["lab"]]
    named = {canonicalize_name(r.name) for r in lab}
    assert {"jupyterlab", "jupyterlab-myst", "jupyterlab-widgets"} <= named
    for requirement in lab:
        name = canonicalize_name(requirement.name)
        assert run.get(name) in requirement.specifier and str(requirement.specifier).startswith("=="), (
            f"the lab extra says {requirement}, requirements-run.lock {name}=={run.get(name)}")
    # Binder installs the same pins: binder/requirements.txt includes the run-time lock.
    assert "-r ../requirements-run.lock" in (ROOT / "binder" / "requirements.txt").read_text().splitlines()


def code_blocks(path):
    return re.findall(r"```(?:bash|powershell|sh|console)\n(.*?)```", (ROOT / path).read_text(), re.S)


def inline_code(path):
    return re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", (ROOT / path).read_text(), flags=re.S))


def makefile_targets():
    return set(re.findall(r"^([\w.-]+):(?!=)", (ROOT / "Makefile").read_text(), re.M))


@pytest.mark.parametrize("page", ["README.md", "book/running.md"])
def test_the_install_commands_name_what_exists(page):
    """Every `make X`, `-r FILE` and `.[extra]` in the page's shell blocks exists; the no-make path is there for
    Linux/macOS and for Windows PowerShell, and ends in `jupyter lab`."""
    blocks = code_blocks(page)
    text = "\n".join(blocks + inline_code(page))
    assert "make lab" in text and "jupyter lab" in text
    for target in re.findall(r"\bmake ([\w.-]+)", text):
        assert target in makefile_targets(), f"{page} runs make {target}, which the Makefile does not have"
    for lock in re.findall(r"-r ([\w./\\-]+)", text):
        assert (ROOT / lock.replace("\\", "/")).is_file(), f"{page} installs from {lock}, which does not exist"
    extras = PYPROJECT["project"]["optional-dependencies"]
    for extra in re.findall(r"\.\[(\w+)\]", text):
        assert extra in extras, f"{page} installs the extra [{extra}], which pyproject.toml does not define"
    assert re.search(r"\.\[lab\]", text), f"{page} does not show pip install -e \".[lab]\""
    windows = [b for b in blocks if "\\Scripts\\" in b]
    unix = [b for b in blocks if "/bin/" in b and "-m venv" in b]
    assert windows and unix, f"{page} needs the no-make path for Linux/macOS and for Windows PowerShell"
    for block in windows + unix:
        assert "requirements-run.lock" in block and "jupyter lab" in block, block


@pytest.mark.parametrize("page", ["README.md", "book/running.md"])
def test_the_pages_state_the_same_python_as_pyproject(page):
    stated = re.findall(r"Python (3\.\d+(?:\.\d+)?) or newer", (ROOT / page).read_text())
    assert stated and all(Version(v) == LOWEST for v in stated), (
        f"{page} says Python {stated} or newer; requires-python says {RANGE}")
