"""Reading good files: front matter, symbols, hashes, and page splitting of text saved from PDFs."""

from __future__ import annotations

import hashlib

import pytest

from index.readers import clean_title, read_document, split_text_pages
from tests.conftest import RAW_DIR, require_corpus
from tests.pdf_factory import make_un_pdf, para, text


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "A_RES_80_7.md"
    path.write_text(
        "---\nsymbol: A/RES/80/7\ntitle: \"Report of the Agency :\"\ndate: 2025-11-18\n"
        "source_pdf: https://example.org/A_RES_80_7-EN.pdf\nlanguage: EN\n---\n\nBody text.\n",
        encoding="utf-8",
    )
    raw = read_document(path)
    assert (raw.kind, raw.has_page_numbers, raw.pages) == ("text", False, ["\nBody text.\n"])
    m = raw.meta
    assert (m.symbol, m.title, m.date, m.source_pdf) == (
        "A/RES/80/7", "Report of the Agency", "2025-11-18", "https://example.org/A_RES_80_7-EN.pdf"
    )
    assert m.path == str(path) and m.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_without_front_matter_takes_symbol_from_text_or_file_name(tmp_path):
    with_symbol = tmp_path / "report.txt"
    with_symbol.write_text("United Nations\nA/80/257\nGeneral Assembly\n\n1. Text.\n", encoding="utf-8")
    assert read_document(with_symbol).meta.symbol == "A/80/257"
    named = tmp_path / "A_RES_80_16.txt"
    named.write_text("1. Text.\n", encoding="utf-8")
    assert read_document(named).meta.symbol == "A/RES/80/16"
    plain = tmp_path / "notes.txt"
    plain.write_text("1. Text.\n", encoding="utf-8")
    assert read_document(plain).meta.symbol == "notes"


def test_form_feeds_split_pages(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("page one\n\fpage two\n\f", encoding="utf-8")
    raw = read_document(path)
    assert raw.pages == ["page one\n", "page two\n"] and raw.has_page_numbers


def test_pdf_reader_fills_symbol_and_date(tmp_path):
    path = make_un_pdf(tmp_path / "x.pdf", [text("The General Assembly,"), para("1.", "Decides to act;")],
                       symbol="A/RES/80/98", date="3 December 2025")
    raw = read_document(path)
    assert (raw.kind, raw.has_page_numbers, raw.meta.symbol, raw.meta.date) == ("pdf", True, "A/RES/80/98", "2025-12-03")
    assert len(raw.pages) == 1 and "Decides to act;" in raw.pages[0]


@pytest.mark.parametrize(
    ("title", "clean"),
    [("Awaza Political Declaration :", "Awaza Political Declaration"), ("  Two   spaces ", "Two spaces"), ("", "")],
)
def test_clean_title(title, clean):
    assert clean_title(title) == clean


def test_raw_pdf_text_is_split_at_the_page_headers():
    require_corpus()
    pages = split_text_pages((RAW_DIR / "A_RES_75_240.txt").read_text(encoding="utf-8"))
    assert len(pages) == 4
    assert pages[0].lstrip().startswith("United Nations")
    for k, page in enumerate(pages[1:], start=2):
        head = [ln.strip() for ln in page.split("\n")[:9]]
        assert f"{k}/4" in head and "A/RES/75/240" in head
    assert pages[1].rstrip().endswith("1  A/70/174.")  # footnotes stay on their own page
    assert pages[2].rstrip().endswith("2  A/68/98.")


def test_text_without_page_marks_is_one_page():
    assert split_text_pages("1. Text.\n\n2. More text 2/3 of the way.\n") == ["1. Text.\n\n2. More text 2/3 of the way.\n"]
