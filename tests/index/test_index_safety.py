"""Index safety: versions belong to one index name, any damage is one line that says to run
`oewg build` (and that build repairs it), a killed build never costs the good version, one
build at a time, and index paths with URI characters in them.

Built with a hash embedder and the synthetic parser (milliseconds, no model): these tests are
about files, not retrieval quality.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.cli import main
from index.build import build_index
from index.buildlock import build_lock, lock_path
from index.engine import Engine
from index.errors import BuildLocked, IndexDamaged, IndexMismatch, IndexMissing, IndexProblem, OEWGError
from index.integrity import DB, MANIFEST, VECTORS, faiss_header, sqlite_uri
from index.store import FORMAT_VERSION, IndexStore, is_complete, new_version_dir, version_dirs
from tests.hash_embedder import HashEmbedder
from tests.synthetic import RES, FakeCatalog, synthetic_parser, write_sources

REPO = Path(__file__).resolve().parent.parent.parent


def build(src: Path, index_dir: Path, embedder=None, **kwargs):
    return build_index([src], index_dir, embedder=embedder or HashEmbedder(), catalog=FakeCatalog(),
                       parse=synthetic_parser(), **kwargs)


@pytest.fixture
def src(tmp_path) -> Path:
    write_sources(tmp_path / "src")
    return tmp_path / "src"


@pytest.fixture
def built(tmp_path, src) -> Path:
    build(src, tmp_path / "g" / "index")
    return tmp_path / "g" / "index"


def one_line_error(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return code, lines[0]


# ---- versions belong to exactly one index name ---------------------------------------------

def test_building_one_index_never_touches_a_sibling_index(tmp_path, src):
    g = tmp_path / "g"
    build(src, g / "index.v2")
    v2_version = (g / "index.v2").resolve()
    for _ in range(3):
        build(src, g / "index")
    assert (g / "index.v2").resolve() == v2_version and v2_version.is_dir()
    assert IndexStore.open(g / "index.v2").paragraph_count() == 10
    assert len(version_dirs(g / "index")) == 2  # current + previous, of this name only
    assert version_dirs(g / "index.v2") == [v2_version]
    build(src, g / "index.v2")
    assert len(version_dirs(g / "index")) == 2, "building index.v2 kept index's versions"


def test_version_dirs_match_only_this_name(tmp_path):
    for name in (".index.20250101-120000-000001-7", ".index.legacy-1700000000", ".index.v2.20250101-120000-000001-7",
                 ".index.lock", ".index.link-12", ".indexer.20250101-120000-000001-7", ".index.20250101-120000-000001-7x"):
        (tmp_path / name).mkdir()
    assert sorted(p.name for p in version_dirs(tmp_path / "index")) == [
        ".index.20250101-120000-000001-7", ".index.legacy-1700000000"]
    assert [p.name for p in version_dirs(tmp_path / "index.v2")] == [".index.v2.20250101-120000-000001-7"]


# ---- damage is detected on open, one line, and repaired by the next build ---------------------

def _other_index_vectors(tmp_path: Path, src: Path) -> Path:
    other = tmp_path / "other" / "index"
    build(src, other, embedder=HashEmbedder(salt="other"))
    return other / VECTORS


def _edit_manifest(path: Path, change) -> None:
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


DAMAGE = {
    "sqlite truncated": lambda d, o: os.truncate(d / DB, (d / DB).stat().st_size // 2),
    "sqlite emptied": lambda d, o: (d / DB).write_bytes(b""),
    "sqlite deleted": lambda d, o: (d / DB).unlink(),
    "sqlite overwritten": lambda d, o: (d / DB).write_bytes(b"SQLite format 3\x00" + os.urandom(8000)),
    "sqlite bytes changed in place": lambda d, o: _flip_byte(d / DB, 5000),
    "faiss truncated": lambda d, o: os.truncate(d / VECTORS, 100),
    "faiss emptied": lambda d, o: (d / VECTORS).write_bytes(b""),
    "faiss deleted": lambda d, o: (d / VECTORS).unlink(),
    "faiss overwritten": lambda d, o: (d / VECTORS).write_bytes(os.urandom((d / VECTORS).stat().st_size)),
    "faiss from another index": lambda d, o: shutil.copy(o, d / VECTORS),
    "manifest deleted": lambda d, o: (d / MANIFEST).unlink(),
    "manifest emptied": lambda d, o: (d / MANIFEST).write_text(""),
    "manifest truncated": lambda d, o: (d / MANIFEST).write_text((d / MANIFEST).read_text()[:40]),
    "manifest is a list": lambda d, o: (d / MANIFEST).write_text("[]"),
    "manifest holds only the format": lambda d, o: (d / MANIFEST).write_text(json.dumps({"format_version": FORMAT_VERSION})),
    "manifest counts disagree": lambda d, o: _edit_manifest(d / MANIFEST, lambda m: m["counts"].update(windows=m["counts"]["windows"] + 1)),
    "manifest dimension disagrees": lambda d, o: _edit_manifest(d / MANIFEST, lambda m: m.update(dim=384)),
    "manifest documents disagree": lambda d, o: _edit_manifest(d / MANIFEST, lambda m: m["documents"].update({"A/RES/1/1": "x"})),
    "manifest counts are strings": lambda d, o: _edit_manifest(d / MANIFEST, lambda m: m.update(counts={"documents": "2"})),
    "version folder deleted": lambda d, o: shutil.rmtree(d.resolve()),
    "version folder emptied": lambda d, o: [p.unlink() for p in d.resolve().iterdir()],
}


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_any_damage_is_one_line_saying_to_build_and_the_build_repairs_it(kind, tmp_path, src, built, capsys):
    DAMAGE[kind](built, _other_index_vectors(tmp_path, src))
    expected = IndexMissing if kind == "version folder emptied" else IndexDamaged
    with pytest.raises(expected) as caught:
        IndexStore.open(built)
    message = str(caught.value)
    assert "\n" not in message and "oewg build" in message
    for argv in (["para", RES, "1"], ["ask", "coral reefs"], ["ask", "--batch", "-"]):
        code, line = one_line_error(capsys, *argv, "--index", str(built))
        assert code != 0 and line == f"error: {message}"
    report = build(src, built)
    assert report.skipped == 0, "a damaged index is not reused: the build starts from scratch"
    store = IndexStore.open(built)
    assert store.paragraph_count() == 10 and is_complete(built.resolve())


def test_a_faiss_file_replaced_after_opening_is_damage_not_an_index_error(tmp_path, src, built):
    engine = Engine(IndexStore.open(built), lambda: HashEmbedder())
    shutil.copy(_other_vectors_of_other_size(tmp_path, src), built / VECTORS)
    with pytest.raises(IndexDamaged, match="oewg build"):
        engine.ask("coral reefs bleaching")


def _other_vectors_of_other_size(tmp_path: Path, src: Path) -> Path:
    (src / "res.md").unlink()  # one document fewer: fewer windows
    other = tmp_path / "smaller" / "index"
    build(src, other)
    write_sources(src)
    return other / VECTORS


def test_faiss_header_is_read_without_faiss(built):
    assert faiss_header(built / VECTORS) == (16, IndexStore.open(built).manifest["counts"]["windows"])


def test_a_model_of_another_dimension_is_refused(built):
    class Wide(HashEmbedder):
        dim = 384

    engine = Engine(IndexStore.open(built), lambda: Wide())
    with pytest.raises(IndexMismatch, match="16-dimensional.*384-dimensional"):
        engine.ask("coral reefs")


def test_build_over_a_damaged_index_through_the_cli(tmp_path, src, built, capsys, monkeypatch):
    """`oewg build` (the command) over a damaged index rebuilds it (exit 1 only for the broken file
    the synthetic sources hold on purpose)."""
    import index.embed

    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    parse = synthetic_parser()
    monkeypatch.setattr("index.build._parse_read", lambda path, data, sha, *_: parse(path))
    monkeypatch.setattr("bot.cli.load_catalog_or_none", lambda: FakeCatalog())
    (built / DB).write_bytes(b"")
    assert main(["build", "--sources", str(src), "--index", str(built), "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert "Indexed 2 document(s) (0 unchanged)" in out and "broken.md" in err and "is damaged" not in err
    assert main(["para", RES, "1", "--index", str(built), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ref"] == "1"


def test_an_index_from_before_the_integrity_record_says_to_rebuild(built):
    _edit_manifest(built / MANIFEST, lambda m: (m.pop("counts"), m.pop("files")))
    with pytest.raises(IndexDamaged, match="no counts .*oewg build"):
        IndexStore.open(built)


# ---- killed builds and failed writes ------------------------------------------------------------

KILLED_BUILD = """
import os, sys
from pathlib import Path
import faiss
from index.build import build_index
from tests.hash_embedder import HashEmbedder
from tests.synthetic import FakeCatalog, synthetic_parser

def killed(*args, **kwargs):
    os._exit(9)  # the process dies here: SQLite written, FAISS and manifest not

faiss.write_index = killed
build_index([Path(sys.argv[1])], Path(sys.argv[2]), embedder=HashEmbedder(), catalog=FakeCatalog(), parse=synthetic_parser())
"""


def test_a_build_killed_while_writing_never_costs_the_good_version(tmp_path, src, built):
    good = built.resolve()
    proc = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(src), str(built)], cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == 9, proc.stderr.decode()
    half = [v for v in version_dirs(built) if v != good]
    assert len(half) == 1 and (half[0] / DB).exists() and not (half[0] / MANIFEST).exists(), "a half-written version was left"
    assert built.resolve() == good and IndexStore.open(built).paragraph_count() == 10, "the published index still works"
    build(src, built)
    assert good.is_dir() and is_complete(good), "the good version is kept as the previous one"
    assert not half[0].exists(), "the half-written version is removed"
    assert set(version_dirs(built)) == {good, built.resolve()}


def test_the_previous_version_is_the_one_replaced_not_the_newest_folder(tmp_path, src, built):
    good = built.resolve()
    partial = new_version_dir(built)
    partial.mkdir()
    shutil.copy(good / DB, partial / DB)  # newer than good, but incomplete
    os.utime(partial, (time.time() + 60, time.time() + 60))
    build(src, built)
    assert good.is_dir() and not partial.exists()


def test_a_failed_write_leaves_no_version_behind(tmp_path, src, built, monkeypatch):
    import index.build

    before = set(version_dirs(built))

    def broken(target, *args, **kwargs):
        target.mkdir()
        (target / DB).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index.build, "write_index_dir", broken)
    with pytest.raises(OSError):
        build(src, built)
    assert set(version_dirs(built)) == before and IndexStore.open(built).paragraph_count() == 10


def test_a_folder_that_is_not_an_index_is_never_moved_or_deleted(tmp_path, src):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(OEWGError, match="does not hold an index"):
        build(src, folder)
    assert (folder / "mine.txt").read_text() == "keep me" and not folder.is_symlink()


def test_an_index_folder_copied_by_hand_is_kept_as_the_previous_version(tmp_path, src, built):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    build(src, copy)
    assert copy.is_symlink()
    [legacy] = [v for v in version_dirs(copy) if v.name.startswith(".copy.legacy-")]
    assert is_complete(legacy)


# ---- one build at a time -----------------------------------------------------------------------

def test_a_second_build_waits_then_refuses_with_a_clear_line(tmp_path, src, built):
    told: list[str] = []
    with build_lock(built):
        with pytest.raises(BuildLocked) as caught:
            build(src, built, lock_wait=0.3, notify=told.append)
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message and "oewg build" in message and "\n" not in message
    assert told and "waiting" in told[0]
    assert build(src, built).documents == 2, "the lock is free again"


def test_two_concurrent_builds_run_one_after_the_other(tmp_path, src):
    index_dir = tmp_path / "g" / "index"
    reports, told = [], []
    first = threading.Thread(target=lambda: reports.append(build(src, index_dir, embedder=HashEmbedder(delay=0.5))))
    first.start()
    deadline = time.monotonic() + 10
    while not lock_path(index_dir).with_name(".index.lock.owner").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    reports.append(build(src, index_dir, notify=told.append))
    first.join(30)
    assert told and "waiting" in told[0]
    assert reports[0].skipped == 0 and reports[1].skipped == 2, "the second build saw the first one's result"
    assert is_complete(index_dir.resolve()) and len(version_dirs(index_dir)) == 2


HOLD_LOCK = """
import sys, time
from pathlib import Path
from index.buildlock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_lock_whose_owner_was_killed_is_free_at_once(tmp_path, src, built):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(built)], cwd=REPO, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"held"
        with pytest.raises(BuildLocked, match=f"pid {proc.pid}"):
            build(src, built, lock_wait=0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    started = time.monotonic()
    assert build(src, built, lock_wait=5).documents == 2
    assert time.monotonic() - started < 5


# ---- paths with URI characters -------------------------------------------------------------

@pytest.mark.parametrize("folder", ["we#ird", "what?mode=rw", "100%41", "a b"])
def test_index_paths_with_uri_characters_open_exactly_that_index(tmp_path, src, folder, capsys):
    parent = tmp_path / folder
    index_dir = parent / "index"
    build(src, index_dir)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    engine = Engine(IndexStore.open(index_dir), lambda: HashEmbedder())
    assert engine.lookup("1", RES)[0].text.startswith("Calls upon States")
    assert engine.ask("coral reefs bleaching warming seas").quotes
    assert main(["para", RES, "1", "--index", str(index_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ref"] == "1"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "opening created a stray file"


def test_sqlite_uri_encodes_every_special_character(tmp_path):
    path = tmp_path / "a#b?c%d e" / "x.sqlite"
    path.parent.mkdir()
    sqlite3.connect(path).close()
    uri = sqlite_uri(path)
    assert "#" not in uri and "?" not in uri.split("?mode=")[0] and uri.endswith("?mode=ro")
    con = sqlite3.connect(uri, uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        con.execute("CREATE TABLE t (x)")
    con.close()


def test_index_problem_is_the_base_of_every_index_error():
    assert all(issubclass(c, IndexProblem) for c in (IndexMissing, IndexMismatch, IndexDamaged))


@pytest.mark.parametrize("damage", ["manifest deleted", "sqlite emptied", "faiss deleted"])
def test_a_damaged_index_folder_copied_by_hand_is_rebuilt_too(tmp_path, src, built, damage):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    DAMAGE[damage](copy, None)
    with pytest.raises(IndexDamaged):
        IndexStore.open(copy)
    assert build(src, copy).skipped == 0
    assert IndexStore.open(copy).paragraph_count() == 10
    assert version_dirs(copy) == [copy.resolve()], "the damaged folder, only index files, was removed"


def test_a_moved_aside_folder_with_other_files_is_never_deleted(tmp_path, src, built):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    (copy / DB).write_bytes(b"")
    (copy / "notes.txt").write_text("mine")
    build(src, copy)
    [legacy] = [v for v in version_dirs(copy) if ".legacy-" in v.name]
    assert (legacy / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("kind", ["a file", "a folder of other files", "a link to a file"])
def test_an_index_path_that_is_not_an_index_suggests_only_a_command_that_works(kind, tmp_path, src, capsys):
    """`--index` naming a file or a folder of other files: the build refuses to write there, so the
    message must not tell the user to rebuild there; a link can be rebuilt (the build replaces it)."""
    path = tmp_path / "target"
    if kind == "a file":
        path.write_text("notes")
    elif kind == "a folder of other files":
        path.mkdir()
        (path / "mine.txt").write_text("keep me")
    else:
        (tmp_path / "notes.txt").write_text("notes")
        path.symlink_to(tmp_path / "notes.txt")
    code, line = one_line_error(capsys, "para", RES, "1", "--index", str(path))
    assert code == 1
    rebuild = f"`oewg build --index {path}`"
    if kind == "a link to a file":
        assert rebuild in line
        build(src, path)  # what the message says works
        assert IndexStore.open(path).paragraph_count() == 10
    else:
        assert line.startswith(f"error: No index at {path}: it is {kind}") and rebuild not in line
        assert "the folder an index was built in" in line and "`oewg build --index DIR`" in line
        with pytest.raises(OEWGError, match="choose another --index"):
            build(src, path)  # why the message does not suggest it
