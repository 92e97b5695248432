"""The main use case end to end on a PDF laid out like A/80/257, with the project's real catalog.

The Final Report itself cannot be downloaded here, so a stand-in PDF is generated in its layout
(covering note by the Secretary-General, the report in the annex with chapters and lettered
headings, sub-paragraphs, a footnote, and annex I with the elements of the Global Mechanism).
Its sentences are test text, not the report's. What is checked is the flow a user sees:
`oewg build` over sources/A_80_257.pdf, `/para`-style lookups without naming the document,
the catalog's aliases, citations with pages, links to the official PDF page, and answers.
"""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from index.build import build_index
from index.engine import Engine
from index.quotes import is_verbatim
from index.store import IndexStore
from sources.catalog import load_catalog
from tests.pdf_factory import heading, make_un_pdf, para, report_cover, sub, text

pytestmark = pytest.mark.model

TITLE = ("Final report of the Open-ended working group on security of and in the use of information "
         "and communications technologies 2021–2025")
NOTE = "The Secretary-General has the honour to transmit herewith the final report of the working group."
SESSIONS = "The working group held its eleventh and final substantive session in July 2025 in New York."
THREATS = ("States expressed serious concern about ransomware attacks against hospitals, energy grids and "
           "other critical infrastructure, and about the growing market for intrusion capabilities.")
NORMS = "States recalled the voluntary, non-binding norms of responsible State behaviour and recommended that:"
NORM_A = "States designate national points of contact and keep their entries in the directory up to date;"
NORM_B = "States share information on vulnerabilities in a responsible manner;"
STAKEHOLDERS = ("Non-governmental organizations in consultative status with the Economic and Social Council "
                "may be accredited to the plenary sessions, and other relevant organizations on a "
                "non-objection basis.")
ELEMENT_1 = "The Global Mechanism shall hold an organizational session and annual substantive plenary sessions."
ELEMENT_2 = "The Global Mechanism shall establish two dedicated thematic groups."


@pytest.fixture(scope="module")
def final_report(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("final-report")
    sources = root / "sources"
    sources.mkdir()
    blocks = [
        text(NOTE),
        text("Annex", page_break_before=True),
        heading(TITLE),
        heading("Introduction", label="I."),
        para("1.", SESSIONS),
        heading("Substantive discussions", label="II."),
        heading("Existing and potential threats", label="A."),
        para("2.", THREATS + "{^1}", footnotes=["See A/78/265."]),
        heading("Rules, norms and principles", label="B."),
        para("3.", NORMS),
        sub("(a)", NORM_A),
        sub("(b)", NORM_B),
        heading("Stakeholders", label="C."),
        para("4.", STAKEHOLDERS),
        text("Annex I", page_break_before=True),
        heading("Additional elements of the Global Mechanism"),
        para("1.", ELEMENT_1),
        para("2.", ELEMENT_2),
    ]
    make_un_pdf(sources / "A_80_257.pdf", blocks, symbol="A/80/257", title=TITLE,
                cover=report_cover("Developments in the field of ICTs", TITLE), running_title=False)
    report = build_index([sources], root / "index", embedder=embedder, catalog=load_catalog())
    assert report.documents == 1 and not report.errors, report.errors
    return root / "index", Engine(IndexStore.open(root / "index"), lambda: embedder)


def para_json(capsys, index, *argv):
    code = main(["para", *argv, "--index", str(index), "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_the_final_report_is_the_default_document_and_its_annex_the_default_scope(final_report, capsys):
    index, _ = final_report
    code, data, err = para_json(capsys, index, "2")
    assert code == 0, err
    assert (data["doc"], data["scope"], data["ref"]) == ("A/80/257", "annex", "2")
    assert data["text"] == THREATS  # the footnote reference mark and the footnote body are gone
    assert data["footnotes"] == [{"mark": "1", "text": "See A/78/265."}]  # kept as data
    assert data["heading"] == "A. Existing and potential threats"
    assert data["url"] == f"https://documents.un.org/api/symbol/access?s=A/80/257&l=en&t=pdf#page={data['page']}"


@pytest.mark.parametrize(
    "argv, scope, ref, expected",
    [
        (("final-report", "3(b)"), "annex", "3(b)", "(b) " + NORM_B),
        (("A/AC.292/2025/CRP.1", "4"), "annex", "4", STAKEHOLDERS),
        (("annex", "I", "2"), "annex I", "2", ELEMENT_2),
        (("final-report", "annex I 1"), "annex I", "1", ELEMENT_1),
    ],
)
def test_lookups_by_short_name_alias_and_scope(final_report, capsys, argv, scope, ref, expected):
    code, data, err = para_json(capsys, final_report[0], *argv)
    assert code == 0, err
    assert (data["scope"], data["ref"], data["text"]) == (scope, ref, expected)


def test_unknown_paragraph_names_the_nearest_and_exits_2(final_report, capsys):
    code, _, err = para_json(capsys, final_report[0], "9")
    assert code == 2 and "4" in err and len(err.strip().splitlines()) == 1


def test_a_question_is_answered_with_a_cited_verbatim_quote(final_report):
    _, engine = final_report
    answer = engine.ask("What does the report say about ransomware against hospitals?")
    assert not answer.abstained
    top = answer.quotes[0]
    assert (top.symbol, top.scope, top.ref) == ("A/80/257", "annex", "2")
    assert top.citation() == f"A/80/257 ¶2 (p. {top.page})" and top.page == 2
    assert is_verbatim(top.text, top.full_text)
    assert top.url.endswith(f"#page={top.page}")


def test_stakeholder_question_finds_the_accreditation_paragraph(final_report):
    _, engine = final_report
    answer = engine.ask("Can NGOs with ECOSOC status take part in the plenary sessions?")
    assert not answer.abstained and answer.quotes[0].ref == "4"


def test_about_names_the_final_report(final_report):
    about = final_report[1].about()
    text = json.dumps(about, ensure_ascii=False)
    assert "A/80/257" in text and "final-report" in text
