"""pytest fixtures that provide look-alikes, made once and cached across sessions.

In a test module::

    from tests.lookalikes.fixtures import lookalikes_fixture
    from tests.lookalikes.sets import DEV, HOLDOUT

    dev_lookalikes = lookalikes_fixture("dev_lookalikes", DEV)

    def test_something(dev_lookalikes):  # a list of make.Lookalike
        ...

The fixture skips, with the reason, when LibreOffice, the corpus, a hyphenation dictionary that
a layout needs, or the test extra (pdfplumber, python-docx) is missing. Look-alikes are kept in
pytest's cache directory (``.pytest_cache/d/lookalikes``), keyed by a hash of the generator's
source and parameters, so a second session makes nothing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.lookalikes.corpus_text import default_corpus_dir
from tests.lookalikes.layouts import LAYOUTS
from tests.lookalikes.pdf import SofficeMissing, find_soffice, hyphenation_available


def missing_prerequisite(specs, corpus_dir: Path | None = None) -> str | None:
    """Why the look-alikes of ``specs`` cannot be made here, or None."""
    for module, package in (("docx", "python-docx"), ("pdfplumber", "pdfplumber"), ("pypdfium2", "pypdfium2")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install -e '.[test]')"
    try:
        find_soffice()
    except SofficeMissing as exc:
        return str(exc)
    folder = Path(corpus_dir or default_corpus_dir()) / "ga-res-80"
    if not folder.is_dir():
        return f"real UN corpus not found at {folder} (set OEWG_CORPUS or place ../shared/corpus beside the repo)"
    if any(LAYOUTS[name].hyphenation for name, _ in specs if name in LAYOUTS) and not hyphenation_available():
        return "no English hyphenation dictionary for LibreOffice (apt-get install hyphen-en-us)"
    return None


def lookalikes_fixture(name: str, specs, scope: str = "session"):
    """A pytest fixture called ``name`` giving the look-alikes of ``specs`` ((layout, seed) pairs)."""

    @pytest.fixture(scope=scope, name=name)
    def _lookalikes(request, tmp_path_factory):
        from tests.lookalikes.make import ensure_lookalikes

        reason = missing_prerequisite(specs)
        if reason:
            pytest.skip(reason)
        cache = getattr(request.config, "cache", None)
        cache_dir = Path(cache.mkdir("lookalikes")) if cache is not None else tmp_path_factory.mktemp("lookalikes")
        return ensure_lookalikes(cache_dir, list(specs))

    return _lookalikes
