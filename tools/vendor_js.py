"""Fetch the JavaScript the static site needs, so no page loads anything from a CDN:
`python tools/vendor_js.py _vendor` (run by `make book`; needs Python and npm, which `make book` installs).

Fetches each pinned package with `npm pack` (npm's own client and registry setting), checks its sha512 integrity, and copies
the files the site serves into DEST/vendor/: Vega, Vega-Lite and Vega-Embed (the explorers' static
twins), MathJax 3's TeX-to-HTML component with its fonts (MathJax 4 would fetch fonts from a CDN) and
reveal.js (the seminar slides, tools/slides.py), and tippy.js with Popper (hover previews of terms and references).
Sphinx copies DEST to the site's root (html_extra_path), so pages load /vendor/... locally.
"""
import base64
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {  # name: (version, sha512 integrity from the registry, files to keep, relative to the package)
    "vega": ("6.4.0", "rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7hTE/mVhbaOPB72wCElh6g==",
             ["build/vega.min.js"]),
    "vega-lite": ("6.5.0", "fMXF6s0MrIg0UTWnLIfeFtgSLzVhyzSKobzGrh5rhS+mL6FOYFG3m7ouJ4U23gj65EK+gl9FIIT5w7wLNaAzkA==",
                  ["build/vega-lite.min.js"]),
    "vega-embed": ("7.3.0", "wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==",
                   ["build/vega-embed.min.js"]),
    "mathjax": ("3.2.2", "Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
                ["es5/tex-chtml.js", "es5/output/chtml/fonts/woff-v2/"]),
    # The hover previews of terms and references (sphinx-tippy: tippy_js in _config.yml): Popper, then tippy.js
    # with its CSS bundled in.
    "@popperjs/core": ("2.11.8", "P1st0aksCrn9sGZhp8GMYwBnQsbvAWsZAX44oXNNvLHGqAOcoVxmjZiohstwQ7SqKnbR47akdNi+uleWD8+g6A==",
                       ["dist/umd/popper.min.js", "LICENSE.md"]),
    "tippy.js": ("6.3.7", "E1d3oP2emgJ9dRQZdf3Kkn0qJgI6ZLpyS5z6ZkY1DF3kaQaBsGZsndEpHwx+eC+tYM41HaSNvNtLx8tU57FzTQ==",
                 ["dist/tippy-bundle.umd.min.js", "LICENSE"]),
    # The seminar slides (tools/slides.py): the core, its CSS and the speaker-notes plugin; no theme (the
    # themes import fonts from a CDN or inline them), the decks bring their own small one.
    "reveal.js": ("6.0.2", "JYIg5D9aoxoaLeb84O+OvAwsKWdIavVgEDScxtYEXFCT6t6TQrhNtSgogcjdCpdLsWglhJn3zyE3fUOwiH5KEg==",
                  ["dist/reveal.js", "dist/reveal.css", "dist/plugin/notes.js", "LICENSE"]),
}


def fetch(name, version, integrity):
    """The package tarball's bytes (`npm pack`, no install, no scripts), checked against its sha512 integrity."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent",
                               "--ignore-scripts"], capture_output=True, text=True)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if done.returncode or len(tarballs) != 1:
            raise SystemExit(f"npm pack {name}@{version} failed: {done.stderr.strip()[-300:]}")
        data = tarballs[0].read_bytes()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise SystemExit(f"{name}@{version}: the download does not match its pinned sha512; refusing to use it.")
    return data


def vendor(dest):
    """Write DEST/vendor/<name>/... for every package, once (a marker file records the versions)."""
    dest = Path(dest)
    marker = dest / "vendor" / "VERSIONS"
    wanted = "".join(f"{name}@{version}\n" for name, (version, _, _) in PACKAGES.items())
    if marker.exists() and marker.read_text() == wanted:
        return
    for name, (version, integrity, keep) in PACKAGES.items():
        with tarfile.open(fileobj=io.BytesIO(fetch(name, version, integrity)), mode="r:gz") as archive:
            for member in archive.getmembers():
                if "/" not in member.name:  # the folder entry itself (Popper's tarball lists "package")
                    continue
                inside = member.name.split("/", 1)[1]  # drop the tarball's leading "package/"
                if member.isfile() and any(inside == k or (k.endswith("/") and inside.startswith(k)) for k in keep):
                    target = dest / "vendor" / name / inside
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.extractfile(member).read())
    marker.write_text(wanted)


if __name__ == "__main__":
    vendor(sys.argv[1] if len(sys.argv) > 1 else "_vendor")
    print("vendored:", ", ".join(f"{n}@{v}" for n, (v, _, _) in PACKAGES.items()))
