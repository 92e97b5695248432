"""index.toc: sections by heading, preamble and operative part, every reference once, labels."""

from __future__ import annotations

from index.models import Paragraph
from index.toc import Toc, build_toc, range_label
from tests.synthetic import report_doc, resolution_doc


def para(ref: str, heading: str = "", scope: str = "main", parent: str = "", order: int = 0) -> Paragraph:
    return Paragraph("A/1", scope, ref, f"text of {ref}", (order // 3 + 1,), heading, parent, order)


def flat(sections) -> list[tuple[str, str]]:
    return [(s.scope, r) for s in sections for r in s.refs]


def test_a_resolution_has_a_preamble_and_an_operative_part():
    doc = resolution_doc()
    sections = build_toc(doc.paragraphs, "resolution")
    assert [(s.heading, s.first, s.last, s.count, s.refs) for s in sections] == [
        ("Preamble", "PP1", "PP1", 1, ("PP1",)), ("Operative part", "1", "2", 2, ("1", "2"))]
    assert [s.range_label() for s in sections] == ["PP1", "¶1–2"]


def test_a_report_is_mapped_by_its_headings_and_scopes_with_sub_paragraphs_under_their_paragraph():
    doc = report_doc()
    sections = build_toc(doc.paragraphs, "report")
    assert [(s.heading, s.scope, s.first, s.last, s.count) for s in sections] == [
        ("I. Introduction", "main", "1", "1", 1),
        ("A. Threats", "annex", "1", "1", 1),
        ("B. Recommendations", "annex", "2", "2", 1),
        ("C. Stakeholders", "annex", "3", "3", 1),
        ("Elements", "annex I", "1", "1", 1),
    ]
    assert sections[2].refs == ("2", "2(a)", "2(b)")
    assert flat(sections) == [(p.scope, p.ref) for p in doc.paragraphs]


def test_every_reference_is_in_exactly_one_section_in_document_order():
    paras = [para("PP1", order=0), para("PP2", order=1), para("1", order=2), para("1(a)", parent="1", order=3),
             para("1(a)(i)", parent="1", order=4), para("2", "Peacebuilding financing", order=5),
             para("3", "Peacebuilding financing", order=6), para("1", scope="annex", order=7),
             para("2", "A call to action", "annex", order=8), para("2(m)", "A call to action", "annex", "2", order=9)]
    sections = build_toc(paras, "resolution")
    assert [s.heading for s in sections] == ["Preamble", "Operative part", "Peacebuilding financing", "Annex", "A call to action"]
    assert flat(sections) == [(p.scope, p.ref) for p in paras]
    assert [s.count for s in sections] == [2, 1, 2, 1, 1]
    assert sections[1].refs == ("1", "1(a)", "1(a)(i)")


def test_a_heading_that_comes_back_later_is_a_new_section():
    paras = [para("1", "A. Overview", order=0), para("2", "B. Threats", order=1), para("3", "A. Overview", order=2)]
    assert [(s.heading, s.first) for s in build_toc(paras)] == [("A. Overview", "1"), ("B. Threats", "2"), ("A. Overview", "3")]


def test_a_sub_paragraph_with_its_heading_changed_stays_with_its_paragraph():
    paras = [para("5", "A. One", order=0), para("5(a)", "B. Two", parent="5", order=1), para("6", "B. Two", order=2)]
    sections = build_toc(paras)
    assert [s.refs for s in sections] == [("5", "5(a)"), ("6",)]


def test_a_document_without_a_preamble_or_headings_is_main_text():
    sections = build_toc([para("1", order=0), para("2", order=1)], "report")
    assert [(s.heading, s.range_label(), s.count) for s in sections] == [("Main text", "¶1–2", 2)]


def test_toc_json_has_the_design_shape():
    doc = report_doc()
    toc = Toc("A/80/999", "Final report", "2025-07-11", "annex", build_toc(doc.paragraphs))
    data = toc.to_json()
    assert set(data) == {"doc", "title", "sections"}
    assert all(set(s) == {"heading", "scope", "first", "last", "count", "refs"} for s in data["sections"])
    assert toc.scopes == ("main", "annex", "annex I")


def test_range_labels():
    assert range_label("11", "25") == "¶11–25"
    assert range_label("PP1", "PP16") == "PP1–PP16"
    assert range_label("3", "3") == "¶3" and range_label("PP2", "PP2") == "PP2"
