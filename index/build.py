"""Build (or incrementally rebuild) an index directory from folders of PDFs, .txt and .md files.

Documents whose file hash did not change since the previous build are reused with their
vectors; a file that cannot be read becomes one error line and the rest still builds.
The new version is written to a sibling directory and published atomically, under a build
lock (``index.buildlock``) so that two builds of one index never interleave. A previous index
that is damaged or was built another way is ignored: the build then starts from scratch.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from index.embed import WINDOW_STRIDE, WINDOW_WORDS, passage_text, retrieval_context, windows
from index.buildlock import DEFAULT_WAIT, build_lock
from index.errors import IndexProblem, OEWGError, SourceError
from index.models import DocumentMeta, Paragraph, ParsedDocument
from index.store import (
    FORMAT_VERSION, IndexStore, app_version, check_target, new_version_dir, publish, read_vectors, read_windows, write_index_dir,
)

log = logging.getLogger("oewg.build")

SOURCE_SUFFIXES = (".pdf", ".txt", ".md")
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    documents: int = 0  # documents in the new index
    skipped: int = 0  # of those, reused unchanged from the previous build
    paragraphs: int = 0
    windows: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index_dir: Path | None = None


def discover(source_dirs: list[Path]) -> list[Path]:
    """Source files in the given folders (not recursive), README files excluded, sorted."""
    found: list[Path] = []
    for d in source_dirs:
        d = Path(d)
        if d.is_file() and d.suffix.lower() in SOURCE_SUFFIXES:
            found.append(d)
            continue
        if not d.is_dir():
            raise OEWGError(f"Source folder {d} does not exist: create it and put the PDFs there (or run `oewg fetch`).")
        found += [p for p in d.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.lower().startswith("readme")]
    return sorted(found, key=lambda p: (p.name, str(p)))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _catalog():
    try:
        from sources.catalog import load_catalog

        return load_catalog()
    except Exception:  # a broken catalog must not stop indexing local files
        return None


def enrich(meta: DocumentMeta, catalog) -> tuple[DocumentMeta, tuple[str, ...], str]:
    """Fill short name, default scope, official PDF address and aliases from the catalog."""
    entry = catalog.by_symbol(meta.symbol) if catalog is not None and meta.symbol else None
    if entry is None:
        kind = "resolution" if "/RES/" in meta.symbol.upper() else ""
        return meta, (), kind
    meta = replace(
        meta,
        short_name=entry.name,
        default_scope=entry.default_scope or meta.default_scope,
        source_pdf=meta.source_pdf or entry.pdf_url(),
        title=meta.title or entry.title,
        date=meta.date or entry.date,
    )
    return meta, tuple(entry.aliases), entry.kind


def _previous(index_dir: Path, model_name: str) -> IndexStore | None:
    """The published index whose vectors can be reused, or None (none, damaged, other settings)."""
    try:
        store = IndexStore.open(index_dir)
    except IndexProblem as err:
        if index_dir.exists() or index_dir.is_symlink():
            log.info("not reusing the previous index: %s", err)
        return None
    m = store.manifest
    if m.get("model") != model_name or m.get("window_words") != WINDOW_WORDS or m.get("window_stride") != WINDOW_STRIDE:
        return None
    return store


def build_index(
    source_dirs: list[Path],
    index_dir: Path,
    model: str | None = None,
    progress: Progress | None = None,
    *,
    embedder=None,
    catalog=None,
    parse: Callable[[Path], ParsedDocument] | None = None,
    lock_wait: float = DEFAULT_WAIT,
    notify: Callable[[str], None] | None = None,
) -> BuildReport:
    """Parse every source file, embed what changed, write and publish a new index version.

    ``embedder``, ``catalog`` and ``parse`` default to the real model, the project catalog
    and ``index.parser.parse_file``; tests pass their own. Another build of the same index
    is waited for up to ``lock_wait`` seconds (``notify`` is told once); then BuildLocked.
    """
    index_dir = Path(index_dir)
    check_target(index_dir)
    files = discover([Path(d) for d in source_dirs])
    with build_lock(index_dir, lock_wait, notify or log.warning):
        return _build_locked(source_dirs, index_dir, files, model, progress, embedder, catalog, parse)


def _build_locked(source_dirs, index_dir: Path, files: list[Path], model, progress, embedder, catalog, parse) -> BuildReport:
    from index.embed import Embedder

    if parse is None:
        from index.parser import parse_file as parse

    t0 = time.perf_counter()
    report = BuildReport(index_dir=index_dir)
    catalog = catalog if catalog is not None else _catalog()
    embedder = embedder or Embedder(model)
    prev = _previous(index_dir, embedder.name)
    prev_by_sha = {d.sha256: d for d in prev.documents()} if prev else {}

    docs: list[tuple[DocumentMeta, tuple[str, ...], str, int]] = []
    paragraphs: list[Paragraph] = []
    reused_vectors: dict[int, list[tuple[str, np.ndarray]]] = {}  # new paragraph index -> windows
    prev_vectors = None
    seen_symbols: dict[str, str] = {}
    for n, path in enumerate(files, 1):
        if progress:
            progress("parse", n, len(files))
        try:
            sha = file_sha256(path)
            old = prev_by_sha.get(sha)
            if old is not None:
                meta = replace(old, path=str(path))
                doc_paras = prev.paragraphs_of(old.symbol)
                page_count = 0
                report.skipped += 1
            else:
                parsed: ParsedDocument = parse(path)
                meta = replace(parsed.meta, sha256=sha, path=str(path), symbol=parsed.meta.symbol or path.stem)
                doc_paras = list(parsed.paragraphs)
                page_count = parsed.page_count
        except SourceError as err:
            report.errors.append(str(err))
            continue
        except OSError as err:
            report.errors.append(f"{path}: cannot be read ({err.strerror or err}) — check the file's permissions.")
            continue
        if meta.symbol in seen_symbols:
            report.errors.append(f"{path}: {meta.symbol} was already read from {seen_symbols[meta.symbol]} — keep one copy of each document.")
            continue
        seen_symbols[meta.symbol] = str(path)
        meta, aliases, kind = enrich(meta, catalog)
        if old is not None:
            if prev_vectors is None:
                prev_vectors = _prev_windows(prev)  # {} when they cannot be read: re-embedded
            base = len(paragraphs)
            for i, p in enumerate(doc_paras):
                pid = prev.id_of(p)
                if pid in prev_vectors:
                    reused_vectors[base + i] = prev_vectors[pid]
        paragraphs += [replace(p, symbol=meta.symbol) for p in doc_paras]
        docs.append((meta, aliases, kind, page_count))

    if not docs:
        raise OEWGError(
            "No document could be indexed"
            + (f" ({len(report.errors)} failed: see the errors above)" if report.errors else f" (no .pdf, .txt or .md files in {', '.join(map(str, source_dirs))})")
            + ": put the PDFs in the source folder (`oewg fetch` downloads them) and run `oewg build` again. The previous index, if any, is unchanged."
        )

    window_rows: list[tuple[int, str]] = []
    vectors: list[np.ndarray | None] = []
    to_embed: list[tuple[int, str]] = []  # (row in window_rows, text)
    titles = {meta.symbol: meta.title for meta, *_ in docs}
    for i, p in enumerate(paragraphs):
        if p.parent:
            continue
        if i in reused_vectors:
            for text, vec in reused_vectors[i]:
                window_rows.append((i, text))
                vectors.append(vec)
            continue
        for w in windows(p.text):
            text = passage_text(retrieval_context(titles.get(p.symbol, ""), p.heading_path or p.heading), w)
            to_embed.append((len(window_rows), text))
            window_rows.append((i, text))
            vectors.append(None)
    if to_embed:
        encoded = embedder.encode_passages(
            [t for _, t in to_embed], progress=(lambda d, t: progress("embed", d, t)) if progress else None
        )
        for (row, _), vec in zip(to_embed, encoded):
            vectors[row] = vec
    matrix = np.vstack(vectors) if vectors else np.zeros((0, embedder.dim), dtype="float32")

    manifest = {
        "format_version": FORMAT_VERSION,
        "model": embedder.name,
        "dim": embedder.dim,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": app_version(),
        "window_words": WINDOW_WORDS,
        "window_stride": WINDOW_STRIDE,
        "documents": {m.symbol: m.sha256 for m, *_ in docs},
    }
    if progress:
        progress("write", 0, 1)
    target = new_version_dir(index_dir)
    try:
        write_index_dir(target, docs, paragraphs, window_rows, matrix, manifest)
        publish(index_dir, target)
    except BaseException:
        if not (index_dir.is_symlink() and index_dir.resolve() == target.resolve()):
            shutil.rmtree(target, ignore_errors=True)  # a half-written version is never left behind
        raise
    if progress:
        progress("write", 1, 1)
    report.documents = len(docs)
    report.paragraphs = len(paragraphs)
    report.windows = len(window_rows)
    report.seconds = time.perf_counter() - t0
    return report


def _prev_windows(prev: IndexStore) -> dict[int, list[tuple[str, np.ndarray]]]:
    """Old paragraph id -> [(window text, vector)] from the previous index version ({} if unreadable)."""
    try:
        index, window_para = read_vectors(prev.root)
        texts = read_windows(prev.root)
    except (OEWGError, OSError, sqlite3.Error) as err:
        log.info("not reusing the previous vectors: %s", err)
        return {}
    vecs = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, 1), dtype="float32")
    out: dict[int, list[tuple[str, np.ndarray]]] = {}
    for row, (pid, text) in enumerate(texts):
        out.setdefault(int(pid), []).append((text, vecs[row]))
    return out
