"""The site's public address, from its one place (html.baseurl in _config.yml), checked against the built site.

    python tools/site_address.py    # prints the address; fails if the built pages do not link to it
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def address(root=ROOT):
    url = yaml.safe_load((root / "_config.yml").read_text())["html"]["baseurl"]
    if not re.fullmatch(r"https://[\w.-]+(/[\w.-]+)*/", url or ""):
        raise SystemExit(f"html.baseurl in _config.yml is {url!r}: give the site's https address, ending in '/'.")
    return url


def check_built(html=ROOT / "_build" / "html", root=ROOT):
    """Every chapter page names its public address as its canonical link; returns the pages checked."""
    url, pages = address(root), sorted((html / "book").glob("*.html"))
    if not pages:
        raise SystemExit(f"no built pages in {html}: run make book first.")
    for page in pages:
        expected = f'<link rel="canonical" href="{url}{page.relative_to(html).as_posix()}"'
        if expected not in page.read_text():
            raise SystemExit(f"{page.relative_to(html)} does not link its public address {url}: rebuild the site.")
    return pages


if __name__ == "__main__":
    pages = check_built()
    print(f"the site's address is {address()} ({len(pages)} pages link to it).")
    sys.exit(0)
