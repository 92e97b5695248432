"""Shared fixtures: where the real corpus lives, and the embedding model loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One PyTorch thread in the test process, as the bot uses (bot/runner.py): on two cores the model
# runs here and in the bot process of the end-to-end tests at once, and a thread per core in each
# oversubscribes them (the bot's event loop then stalls in tests/e2e/test_load.py). Set before torch
# is imported; a value in the environment wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("OEWG_CORPUS", REPO.parent / "shared" / "corpus"))
RESOLUTIONS_DIR = CORPUS_DIR / "ga-res-80"
RAW_DIR = CORPUS_DIR / "raw"


def require_corpus() -> Path:
    if not RESOLUTIONS_DIR.is_dir():
        pytest.skip(f"real UN corpus not found at {RESOLUTIONS_DIR} (set OEWG_CORPUS or place ../shared/corpus beside the repo)")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return require_corpus()


@pytest.fixture(scope="session")
def resolutions_dir(corpus_dir) -> Path:
    return corpus_dir / "ga-res-80"


@pytest.fixture(scope="session")
def raw_dir(corpus_dir) -> Path:
    return corpus_dir / "raw"


@pytest.fixture(scope="session")
def embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole test session."""
    from index.embed import Embedder

    return Embedder(None)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, resolutions_dir, embedder) -> Path:
    """An index of the 55 real resolutions, built once per session with the real model and parser."""
    from index.build import build_index

    root = tmp_path_factory.mktemp("corpus-index")
    report = build_index([resolutions_dir], root / "index", embedder=embedder)
    assert report.documents == 55 and not report.errors, report.errors
    return root / "index"
