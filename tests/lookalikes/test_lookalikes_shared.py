"""The parser on the Word-made look-alikes of ../shared/corpus/pdf/ against their exact ground truth.

Both readers are checked: the PDF read by layout and the .docx it was exported from. Every truth
paragraph must be found with its scope, exact text, page (PDF) and innermost heading; no record
may be something that is not a paragraph of the document; footnotes are data beside the
paragraph that cites them, never in its text; and the two readings agree paragraph by paragraph.
"""

from __future__ import annotations

import pytest

from benchmarks.parse_truth import lookalikes, read_truth, score
from index.pages import compare_readings, transfer_pages
from index.parser import parse_file
from tests.conftest import CORPUS_DIR

PDF_DIR = CORPUS_DIR / "pdf"
pytestmark = pytest.mark.corpus


def _pairs():
    if not PDF_DIR.is_dir():
        return []
    return lookalikes([PDF_DIR])


@pytest.fixture(scope="module")
def parsed():
    if not PDF_DIR.is_dir():
        pytest.skip(f"look-alike PDFs not found at {PDF_DIR} (place ../shared/corpus beside the repo)")
    return {src: parse_file(src) for src, _ in _pairs()}


@pytest.mark.parametrize("src, truth", _pairs() or [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no look-alikes at {PDF_DIR}"))],
                         ids=lambda v: v.name if hasattr(v, "name") else str(v))
def test_every_truth_paragraph_exact(parsed, src, truth):
    s = score(parsed[src], read_truth(truth), src.name, check_pages=src.suffix == ".pdf")
    assert s.misses == [] and s.extra == []
    assert (s.found, s.exact, s.pages, s.headings) == (s.total,) * 4


def test_footnotes_are_data_beside_the_paragraph(parsed):
    doc = parsed[PDF_DIR / "report_a80.pdf"]
    by = {(p.scope, p.ref): p for p in doc.paragraphs}
    assert [f.text for f in by[("main", "3")].footnotes] == ["A/77/275, A/78/265 and A/79/214."]
    cited = [p for p in doc.paragraphs if p.footnotes]
    assert len(cited) >= 8
    for p in cited:
        for f in p.footnotes:
            assert f.text and f.text not in p.text  # the body is never inside the quote
    res = {(p.scope, p.ref): p for p in parsed[PDF_DIR / "res_like.pdf"].paragraphs}
    assert [f.mark for f in res[("main", "PP10")].footnotes] == ["3", "4"]  # two marks in one paragraph


@pytest.mark.parametrize("stem", ["report_a80", "res_like"])
def test_pdf_and_docx_readings_agree_and_pages_transfer(parsed, stem):
    pdf, word = parsed[PDF_DIR / f"{stem}.pdf"], parsed[PDF_DIR / f"{stem}.docx"]
    assert compare_readings(pdf, word) == []
    merged, missing = transfer_pages(word, pdf)
    assert missing == []
    assert [(p.scope, p.ref, p.pages) for p in merged.paragraphs] == [(p.scope, p.ref, p.pages) for p in pdf.paragraphs]


def test_cover_title_and_date_read_from_the_pdf(parsed):
    doc = parsed[PDF_DIR / "report_a80.pdf"]
    assert doc.meta.symbol == "A/80/257" and doc.meta.date == "2025-07-21"
    assert doc.meta.title.startswith("Final report of the Open-ended Working Group")
    res = parsed[PDF_DIR / "res_like.pdf"]
    assert res.meta.title == "Objective information on military matters, including transparency of military expenditures"
