"""The site's execution cache is emptied when the course package changes, so no page shows an old explorer."""
import sys

import yaml
from helpers import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import execution_cache  # noqa: E402 (_ext is not a package)


def build(cache, package):
    """What one successful build does: refresh before executing, stamp after."""
    emptied, fingerprint = execution_cache.refresh(cache, package)
    execution_cache.stamp(cache, fingerprint)
    return emptied


def test_cache_survives_an_unchanged_package_and_empties_after_an_edit(tmp_path):
    package, cache = tmp_path / "pkg", tmp_path / "_build" / ".jupyter_cache"
    package.mkdir()
    (package / "explorer.py").write_text("WIDTH = 520\n")
    assert build(cache, package) is False  # first build: nothing to empty
    (cache / "executed.ipynb").write_text("{}")
    assert build(cache, package) is False
    assert (cache / "executed.ipynb").exists(), "an unchanged package keeps the cache"
    (package / "explorer.py").write_text("WIDTH = 'container'\n")
    assert build(cache, package) is True
    assert not (cache / "executed.ipynb").exists(), "an edited package empties the cache"
    (package / "data.json").write_text("[]")
    assert build(cache, package) is True, "a new data file counts too"


def test_a_failed_build_does_not_stamp_the_cache(tmp_path):
    package, cache = tmp_path / "pkg", tmp_path / "cache"
    package.mkdir()
    (package / "a.py").write_text("")
    build(cache, package)
    (package / "a.py").write_text("X = 1\n")
    assert execution_cache.refresh(cache, package)[0] is True  # the build then fails: no stamp
    (cache / "half.ipynb").parent.mkdir(parents=True, exist_ok=True)
    (cache / "half.ipynb").write_text("{}")
    assert execution_cache.refresh(cache, package)[0] is True, "the next build executes again"


def test_a_cache_from_before_the_fingerprint_is_emptied(tmp_path):
    package, cache = tmp_path / "pkg", tmp_path / "cache"
    package.mkdir()
    (package / "a.py").write_text("")
    cache.mkdir()
    (cache / "old.ipynb").write_text("{}")
    assert execution_cache.refresh(cache, package)[0] is True and not (cache / "old.ipynb").exists()


def test_the_book_loads_the_extension():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["sphinx"]["local_extensions"].get("execution_cache") == "_ext"
    assert execution_cache.package_fingerprint(ROOT / "src" / "scaling_course")
