"""Shared fixtures: where the real corpus lives, and the embedding model loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
