"""Bad input files: each gives a SourceError with a one-line message naming the file and what to do."""

from __future__ import annotations

import logging
import random

import pytest

from index.errors import SourceError
from index.parser import parse_file
from index.readers import read_document
from tests.pdf_factory import make_encrypted_pdf, make_image_only_pdf, make_un_pdf, para, text


def error_of(path) -> str:
    with pytest.raises(SourceError) as err:
        parse_file(path)
    msg = str(err.value)
    assert "\n" not in msg, "message must be one line"
    assert str(path) in msg, "message must name the file"
    assert " — " in msg, "message must say what to do"
    return msg


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "corrupt.pdf"
    rng = random.Random(7)
    path.write_bytes(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)))
    msg = error_of(path)
    assert "corrupt" in msg or "no pages" in msg
    assert "documents.un.org" in msg


def test_html_saved_as_pdf(tmp_path):
    path = tmp_path / "download.pdf"
    path.write_text("<!DOCTYPE html><html><body>Access denied</body></html>")
    msg = error_of(path)
    assert "not a PDF" in msg


def test_encrypted_pdf_with_user_password(tmp_path):
    path = make_encrypted_pdf(tmp_path / "locked.pdf", user_password="secret")
    msg = error_of(path)
    assert "encrypted" in msg and "password" in msg and "unencrypted copy" in msg


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "owner-only.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    c.drawString(72, 700, "1. The Group met in New York.")
    c.showPage()
    c.save()
    raw = read_document(path)
    assert "The Group met in New York." in raw.pages[0]


def test_image_only_pdf_needs_ocr(tmp_path):
    path = make_image_only_pdf(tmp_path / "scan.pdf")
    msg = error_of(path)
    assert "no text layer" in msg and "ocrmypdf" in msg


@pytest.mark.parametrize("name", ["empty.pdf", "empty.md", "empty.txt", "empty.docx"])
def test_zero_byte_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    msg = error_of(path)
    assert "is empty (0 bytes)" in msg
    assert ("born-digital PDF" in msg) == name.endswith(".pdf")  # only a PDF is sent to the UN's PDFs


def test_text_without_numbered_paragraphs(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes\n\nWe talked about the report and agreed to meet again.\n", encoding="utf-8")
    msg = error_of(path)
    assert "no numbered paragraphs found" in msg and "UN document" in msg


def test_front_matter_only(tmp_path):
    path = tmp_path / "A_RES_80_99.md"
    path.write_text("---\nsymbol: A/RES/80/99\n---\n\n", encoding="utf-8")
    assert "has no text after its front matter" in error_of(path)


def test_invalid_front_matter(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text('---\nsymbol: "A/RES/80/99\ntitle: [unclosed\n---\n\n1. Decides.\n', encoding="utf-8")
    assert "invalid YAML front matter" in error_of(path)


def test_binary_and_non_utf8_text(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert "binary data" in error_of(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("1. D\xe9cide.".encode("latin-1"))
    assert "not valid UTF-8" in error_of(latin)


@pytest.mark.parametrize("name", ["report.doc", "report", "report.html"])
def test_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("1. Decides.")
    assert "unsupported file type" in error_of(path)


@pytest.mark.parametrize("content, expected", [
    (b"1. Decides.", "is not a readable Word document"),
    (b"PK\x03\x04broken zip", "is not a readable Word document"),
])
def test_bad_word_files_are_one_line(tmp_path, content, expected):
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    message = error_of(path)
    assert expected in message and len(message.splitlines()) == 1


def test_word_file_with_damaged_text_part(tmp_path):
    import zipfile

    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    assert "damaged Word document" in error_of(path)


def test_missing_file_and_directory(tmp_path):
    assert "file not found" in error_of(tmp_path / "nope.pdf")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert "is a directory" in error_of(folder)


def test_truncated_pdfs_raise_only_source_error(tmp_path):
    good = make_un_pdf(tmp_path / "good.pdf", [text("The General Assembly,"), para("1.", "Decides to act;")])
    data = good.read_bytes()
    for cut in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        path = tmp_path / f"cut{int(cut * 100)}.pdf"
        path.write_bytes(data[: int(len(data) * cut)])
        try:
            parse_file(path)
        except SourceError as err:
            assert "\n" not in str(err) and str(path) in str(err)


def test_pypdf_warnings_silenced_and_logger_restored(tmp_path, caplog):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    logger = logging.getLogger("pypdf")
    before = logger.level
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(SourceError):
            parse_file(path)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logger.level == before
