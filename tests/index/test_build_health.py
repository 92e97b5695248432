"""Build-level parsing features: a .docx and the PDF of the same symbol make one document (Word
text, PDF pages), the parse health report after every build and from `oewg check`, every bad
file named before the summary, and documents dropped from the previous index named."""

from __future__ import annotations

import shutil

import pytest

from bot.cli import main
from index.build import build_index
from index.store import IndexStore
from tests.conftest import CORPUS_DIR
from tests.hash_embedder import HashEmbedder

PDF_DIR = CORPUS_DIR / "pdf"


def build(sources, index_dir):
    return build_index([sources], index_dir, embedder=HashEmbedder(), catalog=None)


@pytest.fixture
def word_and_pdf(tmp_path):
    if not (PDF_DIR / "report_a80.docx").exists():
        pytest.skip(f"look-alikes not found at {PDF_DIR} (place ../shared/corpus beside the repo)")
    src = tmp_path / "sources"
    src.mkdir()
    for name in ("report_a80.docx", "report_a80.pdf"):
        shutil.copy(PDF_DIR / name, src / name)
    return src


def test_docx_and_pdf_of_one_symbol_are_one_document_with_pdf_pages(word_and_pdf, tmp_path):
    report = build(word_and_pdf, tmp_path / "index")
    assert report.errors == [] and report.documents == 1
    store = IndexStore.open(tmp_path / "index")
    paras = store.paragraphs_of("A/80/257")
    assert len([p for p in paras if p.scope == "annex" and not p.parent]) == 120
    assert all(p.pages for p in paras)  # pages came from the PDF
    assert store.documents()[0].path.endswith(".docx")  # the text came from Word
    again = build(word_and_pdf, tmp_path / "index")
    assert again.skipped == 1  # neither file changed: reused
    (word_and_pdf / "report_a80.pdf").write_bytes((PDF_DIR / "res_like.pdf").read_bytes())  # another symbol now
    third = build(word_and_pdf, tmp_path / "index")
    assert third.documents == 2 and third.skipped == 0


def test_two_pdfs_of_one_symbol_are_an_error_line(word_and_pdf, tmp_path):
    shutil.copy(word_and_pdf / "report_a80.pdf", word_and_pdf / "copy.pdf")
    report = build(word_and_pdf, tmp_path / "index")
    assert report.documents == 1
    assert len(report.errors) == 1 and "keep one copy of each document" in report.errors[0]


def test_build_reports_health_and_check_exits_1_on_a_numbering_gap(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "A_RES_80_98.md").write_text("---\nsymbol: A/RES/80/98\n---\n\nThe General Assembly,\n\n1. Decides to act now;\n\n2. Decides to act again;\n", encoding="utf-8")
    (src / "A_RES_80_97.md").write_text("---\nsymbol: A/RES/80/97\n---\n\nThe General Assembly,\n\n1. Decides to act now;\n\n3. Decides to act again;\n", encoding="utf-8")
    report = build(src, tmp_path / "index")
    by = {h.symbol: h for h in report.health}
    assert by["A/RES/80/98"].ok and not by["A/RES/80/97"].ok
    assert main(["check", "A/RES/80/98", "--index", str(tmp_path / "index")]) == 0
    out = capsys.readouterr().out
    assert "A/RES/80/98" in out and "A/RES/80/97" not in out
    assert main(["check", "--index", str(tmp_path / "index")]) == 1
    out = capsys.readouterr().out
    assert "missing 2" in out and "oewg para DOC REF" in out
    assert "oewg check DOC" not in out  # `oewg check` does not send the user to the command just run
    assert main(["check", "A/RES/80/96", "--index", str(tmp_path / "index")]) == 2  # not 1: that is numbering problems
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("Unknown document 'A/RES/80/96'. Known documents: A/RES/80/97")


def test_all_bad_build_names_each_file_before_the_summary(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.pdf").write_bytes(b"<html>not a pdf</html>")
    (src / "b.md").write_text("", encoding="utf-8")
    code = main(["build", "--sources", str(src), "--index", str(tmp_path / "index"), "--quiet"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert any("a.pdf" in line for line in err[:-1]) and any("b.md" in line for line in err[:-1])
    assert err[-1].startswith("error: No document could be indexed (2 failed")


def test_a_build_that_skips_a_file_writes_the_others_and_exits_1(tmp_path, capsys, monkeypatch):
    import index.embed

    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    src = tmp_path / "src"
    src.mkdir()
    (src / "A_RES_80_91.md").write_text("---\nsymbol: A/RES/80/91\n---\n\nThe General Assembly,\n\n1. Decides to act;\n", encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"<html>not a pdf</html>")
    index_dir = tmp_path / "index"
    assert main(["build", "--sources", str(src), "--index", str(index_dir), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "Indexed 1 document(s)" in captured.out and "1 file(s) skipped" in captured.out
    assert any("broken.pdf" in line for line in captured.err.splitlines())
    assert captured.err.rstrip().endswith("Fix or remove those files and build again.")
    assert main(["para", "A/RES/80/91", "1", "--index", str(index_dir)]) == 0  # the index holds the good one


def test_documents_dropped_from_the_previous_index_are_named(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for n in (1, 2):
        (src / f"A_RES_80_9{n}.md").write_text(f"---\nsymbol: A/RES/80/9{n}\n---\n\nThe General Assembly,\n\n1. Decides to act;\n", encoding="utf-8")
    build(src, tmp_path / "index")
    (src / "A_RES_80_92.md").unlink()
    report = build(src, tmp_path / "index")
    assert report.dropped == ["A/RES/80/92"]


def test_a_rebuild_shows_only_documents_read_anew_or_with_problems(tmp_path, capsys, monkeypatch):
    import index.embed

    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())
    src = tmp_path / "src"
    src.mkdir()
    for n in (1, 2):
        (src / f"A_RES_80_9{n}.md").write_text(f"---\nsymbol: A/RES/80/9{n}\n---\n\nThe General Assembly,\n\n1. Decides to act;\n", encoding="utf-8")
    argv = ["build", "--sources", str(src), "--index", str(tmp_path / "index"), "--quiet"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "A/RES/80/91" in first and "A/RES/80/92" in first
    (src / "A_RES_80_92.md").write_text("---\nsymbol: A/RES/80/92\n---\n\nThe General Assembly,\n\n1. Decides to act again;\n", encoding="utf-8")
    assert main(argv) == 0
    second = capsys.readouterr().out
    assert "A/RES/80/92" in second and "A/RES/80/91" not in second
    assert "1 other document unchanged since the last build, with no numbering problems" in second
