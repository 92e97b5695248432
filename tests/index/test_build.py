"""index.build: each file read and hashed once, whole titles, footnote marks of text files, and a
build that keeps documents refusing to drop any (naming them)."""

from __future__ import annotations

import hashlib

import pytest

from index.build import build_index, whole_title
from index.errors import WouldDropDocuments
from index.readers import SUPPORTED_SUFFIXES, describe_suffixes
from index.store import IndexStore
from tests.hash_embedder import HashEmbedder

RES = "---\nsymbol: A/RES/80/9{n}\ntitle: \"{title}\"\n---\n\nThe General Assembly,\n\n80/9{n}. {cover}\n\n1. Decides to act on resolution 79/7;1\n\n[^1]: A/80/83.\n"


def write(src, n: int, title: str = "Test resolution number {n} on the law of the sea :", cover: str = "Test resolution number {n} on the") -> None:
    src.mkdir(exist_ok=True)
    (src / f"A_RES_80_9{n}.md").write_text(RES.format(n=n, title=title.format(n=n), cover=cover.format(n=n)), encoding="utf-8")


def build(src, index_dir, **kw):
    return build_index([src], index_dir, embedder=HashEmbedder(), **kw)


def test_each_file_is_hashed_once(tmp_path, monkeypatch):
    for n in (1, 2):
        write(tmp_path / "src", n)
    calls = []
    real = hashlib.sha256

    class Counting:  # every byte string hashed, through the constructor or update()
        def __init__(self, data=b"", **kw):
            self._h = real(**kw)
            self.fed = b""
            self.update(data)

        def update(self, data):
            self.fed += bytes(data)
            self._h.update(data)

        def hexdigest(self):
            calls.append(self.fed)
            return self._h.hexdigest()

        def digest(self):
            calls.append(self.fed)
            return self._h.digest()

    counting = Counting

    monkeypatch.setattr(hashlib, "sha256", counting)
    build(tmp_path / "src", tmp_path / "index")
    sources = [p.read_bytes() for p in sorted((tmp_path / "src").iterdir())]
    assert [calls.count(b) for b in sources] == [1, 1]  # one hash a file, not one by the build and another by the reader


def test_a_title_cut_where_a_line_was_lost_is_whole(tmp_path):
    write(tmp_path / "src", 1)
    build(tmp_path / "src", tmp_path / "index")
    [doc] = IndexStore.open(tmp_path / "index").documents()
    assert doc.title == "Test resolution number 1 on the law of the sea"
    assert whole_title("Report of the Group", "Report of the Group of Governmental Experts") == "Report of the Group of Governmental Experts"
    assert whole_title("Report of the Group", "A different catalogue title") == "Report of the Group"  # the printed title wins
    assert whole_title("", "Declared") == "Declared"


def test_footnote_marks_of_a_text_file_leave_the_quote(tmp_path):
    write(tmp_path / "src", 1)
    build(tmp_path / "src", tmp_path / "index")
    store = IndexStore.open(tmp_path / "index")
    [p] = [p for p in store.paragraphs_of("A/RES/80/91") if p.ref == "1"]
    assert p.text == "Decides to act on resolution 79/7;" and [f.text for f in p.footnotes] == ["A/80/83."]


def test_a_build_that_keeps_documents_refuses_to_drop_any(tmp_path):
    src, other = tmp_path / "src", tmp_path / "other"
    for n in (1, 2, 3):
        write(src, n)
    build(src, tmp_path / "index")
    write(other, 1)
    with pytest.raises(WouldDropDocuments) as err:
        build(other, tmp_path / "index", keep_documents=True)
    assert err.value.dropped == ["A/RES/80/92", "A/RES/80/93"]
    assert "holds 2 document(s)" in str(err.value) and "oewg build --sources" in str(err.value)
    assert len(IndexStore.open(tmp_path / "index").documents()) == 3  # left as it was
    report = build(other, tmp_path / "index")  # an ordinary build drops them, and says which
    assert report.dropped == ["A/RES/80/92", "A/RES/80/93"]


def test_one_list_of_accepted_file_types():
    assert describe_suffixes().count(".") == len(SUPPORTED_SUFFIXES)
    assert ".pdf" in describe_suffixes() and ".docx" in describe_suffixes()
    import index.build

    assert not hasattr(index.build, "SOURCE_SUFFIXES")
