"""Is an index directory complete and consistent? Checked on every open, without importing FAISS.

A build records in the manifest, last of all, what it wrote: the number of documents,
paragraphs and embedding windows, and the size and SHA-256 of the SQLite and FAISS files.
``check_files`` compares the files on disk with that record and reads the FAISS header
(dimension, number of vectors) by hand, so that ``oewg para`` stays free of FAISS and the
model. ``check_rows`` compares what the SQLite database holds with the manifest. Any
disagreement is an ``IndexDamaged`` error: one line that says to run ``oewg build``.

``sqlite_uri`` builds the read-only URI of a database path safely (``#``, ``?``, ``%`` and
spaces in folder names are percent-encoded, so SQLite opens exactly that file).
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

from index.errors import IndexDamaged, IndexMismatch, IndexMissing

MANIFEST = "manifest.json"
DB = "paragraphs.sqlite"
VECTORS = "vectors.faiss"
CHECKED_FILES = (DB, VECTORS)
COUNTS = ("documents", "paragraphs", "windows")
INDEX_FILES = frozenset({MANIFEST, DB, VECTORS, MANIFEST + ".partial"})  # any of them: the folder is (part of) an index
NOT_AN_INDEX_HINT = ("give --index (or [index] path) the folder an index was built in, or a new or empty folder "
                     "to build one in with `oewg build --index DIR`")
FAISS_FLAT_IP = b"IxFI"  # faiss.IndexFlatIP, the only index type this project writes
_FAISS_HEADER = struct.Struct("<4siqqqBi")  # fourcc, d, ntotal, 2 unused, is_trained, metric type


def sqlite_uri(path: Path | str, mode: str = "ro") -> str:
    """``file:`` URI of ``path`` for ``sqlite3.connect(..., uri=True)``, special characters encoded."""
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_record(path: Path) -> dict[str, Any]:
    """What the manifest records about a file it vouches for."""
    return {"bytes": path.stat().st_size, "sha256": file_digest(path)}


def faiss_header(path: Path) -> tuple[int, int]:
    """(dimension, number of vectors) of a flat inner-product FAISS file; ValueError if it is not
    one or if its size does not match what its header announces."""
    with open(path, "rb") as f:
        head = f.read(_FAISS_HEADER.size + 8)
    if len(head) < _FAISS_HEADER.size + 8:
        raise ValueError(f"{VECTORS} is too short to be a FAISS index ({len(head)} bytes)")
    fourcc, dim, ntotal, _, _, _, metric = _FAISS_HEADER.unpack_from(head)
    if fourcc != FAISS_FLAT_IP or metric != 0:
        raise ValueError(f"{VECTORS} is not a flat inner-product FAISS index")
    (floats,) = struct.unpack_from("<q", head, _FAISS_HEADER.size)
    if dim <= 0 or ntotal < 0 or floats != dim * ntotal:
        raise ValueError(f"{VECTORS} has an inconsistent header")
    expected = _FAISS_HEADER.size + 8 + 4 * floats
    size = path.stat().st_size
    if size != expected:
        raise ValueError(f"{VECTORS} is {size} bytes, its header announces {expected}")
    return dim, ntotal


def read_manifest(root: Path, shown: Path | str, format_version: int) -> dict[str, Any]:
    """The manifest of the index directory ``root`` (``shown`` names it in messages), checked for
    shape; IndexMissing when there is no index at all, IndexDamaged / IndexMismatch otherwise."""
    given = Path(shown)
    if not root.exists():
        if given.is_symlink():
            raise IndexDamaged(shown, "it points to a folder that no longer exists")
        raise IndexMissing(f"No index at {shown}: run `oewg build` first (or set [index] path / --index).")
    if not root.is_dir():
        if given.is_symlink():  # a build replaces the link: rebuilding works
            raise IndexDamaged(shown, "it points to a file, not an index folder")
        raise IndexMissing(f"No index at {shown}: it is a file, not an index folder; {NOT_AN_INDEX_HINT}.")
    path = root / MANIFEST
    if not path.is_file():
        entries = {p.name for p in root.iterdir()}
        if not entries:
            raise IndexMissing(f"No index at {shown}: run `oewg build` first (or set [index] path / --index).")
        if not entries & INDEX_FILES:  # a build refuses to write over other files (index.store.check_target)
            raise IndexMissing(f"No index at {shown}: it is a folder of other files; {NOT_AN_INDEX_HINT}.")
        raise IndexDamaged(shown, f"{MANIFEST} is missing")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise IndexDamaged(shown, f"{MANIFEST} is unreadable: {err}") from err
    if not isinstance(manifest, dict):
        raise IndexDamaged(shown, f"{MANIFEST} is not a JSON object")
    if manifest.get("format_version") != format_version:
        raise IndexMismatch(
            f"The index at {shown} has format version {manifest.get('format_version')}, this program reads "
            f"version {format_version}: rebuild it with `oewg build --index {shown}`."
        )
    problems = manifest_problems(manifest)
    if problems:
        raise IndexDamaged(shown, f"{MANIFEST}: {problems[0]}")
    return manifest


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def manifest_problems(manifest: dict[str, Any]) -> list[str]:
    """What is missing or malformed in a manifest of the current format (empty when it is fine)."""
    problems = []
    if not isinstance(manifest.get("model"), str) or not manifest["model"]:
        problems.append("no model name")
    dim = manifest.get("dim")
    if not _count(dim) or dim == 0:
        problems.append("no embedding dimension")
    if not isinstance(manifest.get("documents"), dict):
        problems.append("no document list")
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or not all(_count(counts.get(k)) for k in COUNTS):
        problems.append("no counts of documents, paragraphs and windows")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(files.get(n), dict) and _count(files[n].get("bytes")) and isinstance(files[n].get("sha256"), str)
        for n in CHECKED_FILES
    ):
        problems.append("no record of the files it holds")
    return problems


def check_files(root: Path, manifest: dict[str, Any], shown: Path | str) -> None:
    """The SQLite and FAISS files are the ones the manifest records, and FAISS agrees with it."""
    for name in CHECKED_FILES:
        path = root / name
        record = manifest["files"][name]
        if not path.is_file():
            raise IndexDamaged(shown, f"{name} is missing")
        size = path.stat().st_size
        if size != record["bytes"]:
            raise IndexDamaged(shown, f"{name} is {size} bytes, the build wrote {record['bytes']}")
        if file_digest(path) != record["sha256"]:
            raise IndexDamaged(shown, f"{name} is not the file the build wrote (its checksum differs)")
    try:
        dim, ntotal = faiss_header(root / VECTORS)
    except (OSError, ValueError) as err:
        raise IndexDamaged(shown, str(err)) from err
    if dim != manifest["dim"]:
        raise IndexDamaged(shown, f"{VECTORS} holds {dim}-dimensional vectors, the manifest says {manifest['dim']}")
    if ntotal != manifest["counts"]["windows"]:
        raise IndexDamaged(shown, f"{VECTORS} holds {ntotal} vectors, the manifest says {manifest['counts']['windows']} windows")


def check_rows(manifest: dict[str, Any], shown: Path | str, *, symbols: set[str], paragraph_ids: list[int],
               window_count: int, window_ids: tuple[int, int], window_targets: set[int], top_level: set[int]) -> None:
    """What the SQLite database holds agrees with the manifest and with itself."""
    counts = manifest["counts"]
    if len(symbols) != counts["documents"] or symbols != set(manifest["documents"]):
        raise IndexDamaged(shown, f"{DB} holds {len(symbols)} documents, the manifest lists {counts['documents']}")
    if len(paragraph_ids) != counts["paragraphs"]:
        raise IndexDamaged(shown, f"{DB} holds {len(paragraph_ids)} paragraphs, the manifest says {counts['paragraphs']}")
    if window_count != counts["windows"]:
        raise IndexDamaged(shown, f"{DB} holds {window_count} windows, the manifest says {counts['windows']}")
    if window_count and window_ids != (0, window_count - 1):
        raise IndexDamaged(shown, f"{DB} window ids are not 0..{window_count - 1}")
    if not window_targets <= top_level:
        raise IndexDamaged(shown, f"{DB} has windows of paragraphs it does not hold")

