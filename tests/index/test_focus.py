"""Focus words of a question and how much of them a paragraph covers (index.focus)."""

from __future__ import annotations

import math

import pytest

from index.focus import FocusWord, coverage, focus_words, idf, uncovered

UNITS = 1000
DF = {"secur": 40, "council": 37, "enlarg": 1, "perman": 6, "seat": 1, "malici": 20, "activ": 300, "ict": 90}
STEM = {"security": "secur", "enlarged": "enlarg", "permanent": "perman", "seats": "seat", "malicious": "malici",
        "activities": "activ", "hacking": "hack"}


def stems(text: str) -> list[str]:
    """A stand-in for the index's stemmer."""
    return [STEM.get(w, w) for w in text.lower().split()]


def df(stem: str) -> int:
    return DF.get(stem, 0)


def test_focus_words_are_the_content_words_the_index_holds_weighted_by_their_rarity():
    words = focus_words("How will the Security Council be enlarged and which countries get new permanent seats?",
                        stems, df, UNITS)
    assert [w.text for w in words] == ["security", "council", "enlarged", "permanent", "seats"]  # "countries", "new": everyday
    weight = {w.text: w.weight for w in words}
    assert weight["enlarged"] == pytest.approx(math.log(1001 / 2)) and weight["enlarged"] > weight["permanent"] > weight["security"]


def test_an_accented_word_is_one_word_compared_without_its_accents():
    words = focus_words("What about Türkiye and the Council?", stems, lambda stem: {"turkiye": 2, "council": 37}.get(stem, 0), UNITS)
    assert [w.text for w in words] == ["turkiye", "council"]


def test_a_word_no_paragraph_holds_is_left_out_and_a_repeated_word_counts_once():
    assert [w.text for w in focus_words("veto the veto of the Council's council", stems, df, UNITS)] == ["council"]


def test_the_thesaurus_wording_counts_for_the_word_it_maps():
    q = "rules on hacking"
    start = q.index("hacking")
    wording = lambda a, b: ("malicious ICT activities",) if a == start else ()  # noqa: E731
    DF["hack"] = 2
    try:
        [w] = focus_words(q, stems, df, UNITS, wording)
    finally:
        del DF["hack"]
    assert w.stems == {"hack", "malici", "ict", "activ"}
    assert coverage([w], frozenset({"malici", "state"})) == 1.0
    assert coverage([w], frozenset({"state"})) == 0.0


def test_coverage_is_the_weighted_share_covered_and_uncovered_lists_the_rarest_first():
    words = [FocusWord("council", frozenset({"council"}), 1.0), FocusWord("enlarged", frozenset({"enlarg"}), 3.0),
             FocusWord("seats", frozenset({"seat"}), 2.0)]
    paragraph = frozenset({"council", "secur", "report"})
    assert coverage(words, paragraph) == pytest.approx(1 / 6)
    assert [w.text for w in uncovered(words, paragraph)] == ["enlarged", "seats"]
    assert coverage(words, frozenset({"council", "enlarg", "seat"})) == 1.0
    assert coverage([], paragraph) == 1.0  # nothing to check: no evidence against the paragraph


def test_idf_is_zero_for_a_word_everywhere():
    assert idf(UNITS, UNITS) == 0.0 and idf(0, UNITS) == pytest.approx(math.log(UNITS + 1))


def test_a_words_weight_falls_with_how_everyday_it_is_and_weightless_words_are_not_named_missing():
    q = "Is the Security Council getting enlarged?"
    DF["get"] = 3
    STEM["getting"] = "get"
    try:
        everyday = {"getting": 0.0, "enlarged": 1.0, "security": 0.5}
        words = focus_words(q, stems, df, UNITS, topical=lambda w: everyday.get(w, 1.0))
    finally:
        del DF["get"], STEM["getting"]
    weight = {w.text: w.weight for w in words}
    assert weight["getting"] == 0.0 and weight["enlarged"] == pytest.approx(idf(1, UNITS))
    assert weight["security"] == pytest.approx(idf(40, UNITS) / 2)
    assert [w.text for w in uncovered(words, frozenset({"secur", "council"}))] == ["enlarged"]  # not "getting"
    assert coverage(words, frozenset({"enlarg"})) == pytest.approx(idf(1, UNITS) / sum(weight.values()))
