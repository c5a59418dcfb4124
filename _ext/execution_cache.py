"""Execution cache that follows the course package, not only the notebooks.

myst-nb's cache (jupyter-cache) keys each notebook on its own code cells. The chapters draw their explorers and
figures with scaling_course, so after an edit to the package a cached chapter would show the old outputs on the
site until its notebook changed too (Sphinx, too, re-reads only pages whose source changed). This extension stores a
fingerprint of the package next to the cache; when the package differs it empties the cache before anything is
executed and has Sphinx read every notebook again.
"""
import hashlib
import shutil
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
STAMP = "scaling_course.sha256"


def package_fingerprint(package_dir):
    """SHA-256 over the package's file names and contents (Python, data), in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(package_dir).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_stale(cache_dir, fingerprint):
    """True when cache_dir holds executed notebooks that a different package produced (or an unstamped cache)."""
    stamp = Path(cache_dir) / STAMP
    return Path(cache_dir).exists() and (not stamp.exists() or stamp.read_text() != fingerprint)


def refresh(cache_dir, package_dir):
    """Empty cache_dir if the package changed since it was filled; returns (emptied?, the package's fingerprint)."""
    fingerprint = package_fingerprint(package_dir)
    stale = is_stale(cache_dir, fingerprint)
    if stale:
        shutil.rmtree(cache_dir)
    return stale, fingerprint


def stamp(cache_dir, fingerprint):
    """Record which package filled the cache (after a build that succeeded, so a failed one retries)."""
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    (Path(cache_dir) / STAMP).write_text(fingerprint)


def on_config_inited(app, config):
    cache = config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache")
    app.course_cache_dir = Path(app.confdir, cache) if not Path(cache).is_absolute() else Path(cache)
    app.course_package_changed, app.course_fingerprint = refresh(app.course_cache_dir,
                                                                 Path(app.confdir) / "src" / "scaling_course")
    if app.course_package_changed:
        LOGGER.info("scaling_course changed since the last build: executing every notebook again")


def notebooks_to_reread(app, env, added, changed, removed):
    """Every notebook page when the package changed (their outputs come from it); none otherwise."""
    if not getattr(app, "course_package_changed", False):
        return []
    return sorted(doc for doc in env.found_docs - added - changed - removed
                  if str(env.doc2path(doc)).endswith(".ipynb"))


def on_build_finished(app, exception):
    if exception is None:
        stamp(app.course_cache_dir, app.course_fingerprint)


def setup(app):
    app.connect("config-inited", on_config_inited, priority=100)
    app.connect("env-get-outdated", notebooks_to_reread)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
