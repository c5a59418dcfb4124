"""Releases a teacher can pin a term to.

    python tools/release.py pin            # install cells follow repository.branch in _config.yml (make pin)
    python tools/release.py check          # the release files agree (version, changelog, errata, install cells)
    python tools/release.py cut 0.2.0      # checks, then tags v0.2.0 with its changelog notes (make release)

The version lives in one place, `scaling_course.__version__`. CHANGELOG.md has a section per version
("## 0.2.0 (2026-12-06)", or "(unreleased)" until it is cut) and book/errata.md, the site's page, says per
version what changed in the content a class reads. `cut` refuses a dirty tree, a version that is not the
package's, an unreleased or missing changelog entry, a missing errata section, or install cells that do
not follow _config.yml; `make release` runs the test suite before it.
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from scaling_course.instructor.exercises import INSTALL_CELL as INSTALL_CELL_START

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_FOLDERS = ("book", "exercises", "solutions")
FIRST_LINE = f"{INSTALL_CELL_START}: install it."  # the generator knows the install cell by its start
# The install cell every notebook starts with (make pin writes it; {spec} is the configured release). It fails in
# one sentence saying what could not be fetched, from where, and what to do, never with pip's wall or a traceback.
INSTALL_CELL = FIRST_LINE + """
import importlib.util, subprocess, sys
if importlib.util.find_spec("scaling_course") is None:
    if sys.platform == "emscripten":  # JupyterLite, in the browser: the course site serves the package
        import piplite
        await piplite.install("scaling-course")
        try:  # numpy, matplotlib and three more compiled packages come from Pyodide's CDN (cdn.jsdelivr.net)
            import matplotlib, numpy
        except ImportError:
            print("numpy and matplotlib could not be loaded from Pyodide's CDN (cdn.jsdelivr.net), which this "
                  "network seems to block: use the chapter's page on the course site (its sliders work without "
                  "Python) or open the notebook on Binder.")
    else:                             # Colab or your own Python: from the course repository
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                               {spec}], capture_output=True, text=True)
        if done.returncode != 0:
            print("The course package could not be installed from {url} (release {ref}): check that this "
                  "computer can reach GitHub and that repository.url in the course's _config.yml names the "
                  "repository, then run this cell again.")"""


def config(root=ROOT):
    return yaml.safe_load((root / "_config.yml").read_text())


def package_version(root=ROOT):
    text = (root / "src" / "scaling_course" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def install_spec(root=ROOT):
    """What the install cells must say: the configured repository at the configured branch or tag."""
    repository = config(root)["repository"]
    return f'"scaling-course @ git+{repository["url"]}@{repository["branch"]}"'


def notebooks(root=ROOT):
    return [path for folder in NOTEBOOK_FOLDERS for path in sorted((root / folder).glob("*.ipynb"))]


def install_cell(root=ROOT):
    repository = config(root)["repository"]
    return INSTALL_CELL.replace("{spec}", install_spec(root)).replace("{url}", repository["url"]) \
        .replace("{ref}", str(repository["branch"]))


def pin(root=ROOT):
    """Rewrite every notebook's install cell (the code cell that starts with FIRST_LINE) to the canonical one,
    installing from the configured branch or tag; returns the notebooks that changed."""
    cell_text, changed = install_cell(root), []
    for path in notebooks(root):
        raw = path.read_text()
        notebook = json.loads(raw)
        for cell in notebook["cells"]:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if cell["cell_type"] == "code" and source.startswith(FIRST_LINE) and source != cell_text:
                cell["source"] = cell_text if isinstance(cell["source"], str) else cell_text.splitlines(keepends=True)
        text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
        if text != raw:
            path.write_text(text)
            changed.append(path)
    return changed


def problems(root=ROOT):
    """Everything that stops a release, one sentence each (empty when the release files agree)."""
    found, version = [], package_version(root)
    changelog = (root / "CHANGELOG.md").read_text()
    errata = (root / "book" / "errata.md").read_text()
    entry = re.search(rf"^## {re.escape(version)} \((?P<date>[^)]+)\)$", changelog, re.M)
    if not entry:
        found.append(f"CHANGELOG.md has no '## {version} (date)' section for the package's version.")
    elif not re.fullmatch(r"\d{4}-\d\d-\d\d", entry["date"]):
        found.append(f"CHANGELOG.md's {version} is '{entry['date']}': give it the release date (YYYY-MM-DD).")
    if not re.search(rf"^## {re.escape(version)}\b", errata, re.M):
        found.append(f"book/errata.md has no '## {version}' section (say 'No content changes.' if there are none).")
    branch = str(config(root)["repository"]["branch"])
    if branch != "main" and not re.fullmatch(r"v\d+\.\d+\.\d+", branch):
        found.append(f"repository.branch in _config.yml is '{branch}': use main or a release tag like v{version}.")
    cell_text = install_cell(root)
    for path in notebooks(root):
        sources = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                   for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        if cell_text not in sources:
            found.append(f"{path.relative_to(root)}'s install cell is not the one for {install_spec(root)}: "
                         f"run `make pin`.")
    return found


def notes(version, root=ROOT):
    """The changelog section of a version, for the tag's message."""
    changelog = (root / "CHANGELOG.md").read_text()
    match = re.search(rf"^## {re.escape(version)} .*?(?=^## |\Z)", changelog, re.M | re.S)
    return match.group(0).strip() if match else ""


def cut(version, root=ROOT):
    git = ["git", "-C", str(root)]
    if subprocess.run(git + ["status", "--porcelain"], capture_output=True, text=True).stdout.strip():
        raise SystemExit("the working tree has uncommitted changes: commit them before cutting a release.")
    if version != package_version(root):
        raise SystemExit(f"the package says {package_version(root)} (src/scaling_course/__init__.py), not {version}.")
    found = problems(root)
    if found:
        raise SystemExit("\n".join(found))
    tag = f"v{version}"
    if subprocess.run(git + ["rev-parse", "-q", "--verify", f"refs/tags/{tag}"], capture_output=True).returncode == 0:
        raise SystemExit(f"{tag} exists already.")
    subprocess.run(git + ["tag", "-a", "--cleanup=verbatim", tag, "-m", notes(version, root)], check=True)
    return tag


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("pin", help="install cells follow repository.branch in _config.yml")
    sub.add_parser("check", help="the release files agree")
    cutter = sub.add_parser("cut", help="tag a release (run the tests first: make release)")
    cutter.add_argument("version")
    args = parser.parse_args(argv)
    if args.command == "pin":
        changed = pin()
        print(f"install cells now install {install_spec()}: {len(changed)} notebooks changed.")
    elif args.command == "check":
        found = problems()
        print("\n".join(found) or f"release files agree for {package_version()}.")
        return 1 if found else 0
    else:
        tag = cut(args.version)
        print(f"tagged {tag}. Publish it: git push origin {tag}. Teachers pin a term to it by setting "
              f"repository.branch: {tag} in _config.yml, then make pin and make book.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
