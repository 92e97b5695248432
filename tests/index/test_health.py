"""The parse health report: numbering per scope and suspicious paragraphs (index/health.py)."""

from __future__ import annotations

from index.health import check_document, health_table
from index.models import Paragraph


def para(ref: str, text: str = "The Group met and agreed on the text.", scope: str = "main", order: int = 0, parent: str = "") -> Paragraph:
    return Paragraph(symbol="A/80/999", scope=scope, ref=ref, text=text, order=order, parent=parent)


def doc(*refs: str, scope: str = "main", **kw) -> list[Paragraph]:
    return [para(r, scope=scope, order=i, parent=r.split("(")[0] if "(" in r else "", **kw) for i, r in enumerate(refs)]


def test_clean_numbering_is_ok():
    h = check_document("A/80/999", doc("PP1", "PP2", "1", "2", "2(a)", "2(b)", "3"))
    assert h.ok and h.clean
    assert h.scopes[0].span == "PP1–PP2, ¶1–3"


def test_gap_duplicate_order_and_start_are_numbering_problems():
    h = check_document("A/80/999", doc("1", "2", "4", "5"))
    assert not h.ok and h.numbering_problems == ["main: missing 3"]
    assert check_document("X", doc("2", "3")).numbering_problems == ["main: starts at 2"]
    h = check_document("X", doc("1", "2", "3", "2"))
    assert "main: twice: 2" in h.numbering_problems and "main: out of order: 2" in h.numbering_problems


def test_each_scope_numbers_from_one():
    paras = doc("1", "2") + [para("1", scope="annex", order=10), para("2", scope="annex", order=11),
                             para("1", scope="annex I", order=20), para("3", scope="annex I", order=21)]
    h = check_document("X", paras)
    assert h.numbering_problems == ["annex I: missing 2"]
    assert [s.scope for s in h.scopes] == ["main", "annex", "annex I"]


def test_skipped_sub_paragraph_letter_and_i_after_h():
    h = check_document("X", doc("1", "1(a)", "1(b)", "1(d)"))
    assert h.numbering_problems == ["main: missing 1(c) (1(d) follows 1(b))"]
    assert check_document("X", doc("1", "1(m)", "1(p)")).numbering_problems[-1] == "main: missing 1(n)–(o) (1(p) follows 1(m))"
    assert check_document("X", doc("2", "2(a)", "2(c)", "2(b)")).numbering_problems[-1] == "main: 2(b) follows 2(c): out of order"
    letters = "abcdefghi"
    h = check_document("X", doc("1", *[f"1({c})" for c in letters]))
    assert h.ok and h.scopes[0].notes == ("1(i) read as the letter after (h)",)


def test_sub_paragraphs_that_do_not_start_at_a_or_i_are_missing_their_first_ones():
    h = check_document("X", doc("1", "1(e)", "1(f)", "2"))
    assert h.numbering_problems == ["main: missing 1(a)–(d) (1(e) is the first)"]
    assert check_document("X", doc("1", "1(b)")).numbering_problems == ["main: missing 1(a) (1(b) is the first)"]
    assert check_document("X", doc("1", "1(ii)", "1(iii)")).numbering_problems == ["main: missing 1(i) (1(ii) is the first)"]
    nested = doc("1", "1(a)") + [para("1(a)(ii)", order=5, parent="1(a)")]
    assert check_document("X", nested).numbering_problems == ["main: missing 1(a)(i) (1(a)(ii) is the first)"]
    romans = doc("1", "1(i)", "1(ii)") + [para("2", order=9)]
    assert check_document("X", romans).ok  # (i), (ii) straight under a number: a roman list, not letters from (i)


def test_parser_warnings_count_as_numbering_problems():
    h = check_document("X", doc("1", "2"), warnings=["main: '9.' after paragraph 2 is out of sequence; kept as text"])
    assert not h.ok


def test_suspicious_paragraphs():
    paras = [
        para("1", "States met in New York 25-11834 and agreed.", order=0),
        para("2", "The Group agreed 4/18 on the report.", order=1),
        para("3", "As stated in document A/80/999, the Group agreed.", order=2),
        para("4", "Agreed.", order=3),
        para("5", "and the Group further agreed on the rest.", order=4),
        para("6", "The Group recalled resolution 75/240 of 31 December 2020.", order=5),
    ]
    h = check_document("A/80/999", paras, page_count=18)
    reasons = {s.ref: s.reason for s in h.suspicious}
    assert set(reasons) == {"1", "2", "3", "4", "5"}  # 75/240 is a resolution, not a page marker
    assert "job number" in reasons["1"] and "page marker" in reasons["2"] and "own symbol" in reasons["3"]
    assert "very short" in reasons["4"] and "lower case" in reasons["5"]
    assert h.ok and not h.clean  # suspicious text is not a numbering problem


def test_table_names_every_document_and_scope_and_the_problems():
    a = check_document("A/80/1", doc("1", "2"))
    b = check_document("A/80/2", doc("1", "3"))
    lines = health_table([a, b])
    assert lines[0].split() == ["document", "scope", "paragraphs", "numbering", "suspicious"]
    assert any(l.startswith("A/80/1") and " ok " in l for l in lines)
    assert any(l.startswith("A/80/2") and "missing 2" in l for l in lines)
