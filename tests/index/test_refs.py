"""The paragraph-reference grammar and the detection of paragraph names inside questions."""

import pytest

from index.errors import BadReference
from index.refs import MAX_RANGE, ParsedRef, mentions_paragraph, normalise_scope, parse_ref


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", ParsedRef(None, "12")),
        (" 12 ", ParsedRef(None, "12")),
        ("012", ParsedRef(None, "12")),
        ("12(b)", ParsedRef(None, "12", sub=("b",))),
        ("12 (b)", ParsedRef(None, "12", sub=("b",))),
        ("12(B)(ii)", ParsedRef(None, "12", sub=("b", "ii"))),
        ("12b", ParsedRef(None, "12", sub=("b",))),
        ("12-14", ParsedRef(None, "12", end="14")),
        ("12–14", ParsedRef(None, "12", end="14")),
        ("12 to 14", ParsedRef(None, "12", end="14")),
        ("12-12", ParsedRef(None, "12")),
        ("PP3", ParsedRef(None, "PP3")),
        ("pp 3", ParsedRef(None, "PP3")),
        ("preambular paragraph 2", ParsedRef(None, "PP2")),
        ("PP3-PP6", ParsedRef(None, "PP3", "PP6")),
        ("pp 2 to 4", ParsedRef(None, "PP2", "PP4")),
        ("PP3-3", ParsedRef(None, "PP3")),
        ("para 12", ParsedRef(None, "12")),
        ("paragraph 12(a)", ParsedRef(None, "12", sub=("a",))),
        ("¶12", ParsedRef(None, "12")),
        ("annex 5", ParsedRef("annex", "5")),
        ("Annex I 5", ParsedRef("annex I", "5")),
        ("annex i, para 5", ParsedRef("annex I", "5")),
        ("annex II 3-4", ParsedRef("annex II", "3", end="4")),
        ("annex C 2(a)", ParsedRef("annex C", "2", sub=("a",))),
        ("main 4", ParsedRef("main", "4")),
    ],
)
def test_parse_ref_accepts_the_grammar(text, expected):
    assert parse_ref(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "abc", "12(b", "1-", f"1-{MAX_RANGE + 1}", "14-12", "annex I", "annex I PP2", "PP6-PP3", f"PP1-PP{MAX_RANGE + 1}", "x" * 60])
def test_parse_ref_rejects_with_a_hint(text):
    with pytest.raises(BadReference) as info:
        parse_ref(text)
    message = str(info.value)
    assert "Try 12, 12(b), 12-14, PP3" in message
    assert "\n" not in message


def test_display_and_stored_ref():
    assert parse_ref("annex I 5").display() == "annex I 5"
    assert parse_ref("12(b)(ii)").ref == "12(b)(ii)"
    assert parse_ref("12-14").display() == "12-14"
    assert parse_ref("12-14").is_range


def test_normalise_scope():
    assert normalise_scope("ANNEX i") == "annex I"
    assert normalise_scope("Annex") == "annex"
    assert normalise_scope("body") == "main"


NAMES = {"final-report": "A/80/257", "final report": "A/80/257", "a/res/80/16": "A/RES/80/16"}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What does paragraph 12 say?", (None, "12")),
        ("para 12(b) of A/RES/80/16", ("A/RES/80/16", "12(b)")),
        ("Show me paragraphs 3-5 of the final report", ("A/80/257", "3-5")),
        ("what is in annex I paragraph 5 of the final report", ("A/80/257", "annex I 5")),
        ("tell me PP2 of A/RES/80/16", ("A/RES/80/16", "PP2")),
        ("quote ¶7", (None, "7")),
    ],
)
def test_mentions_paragraph_finds_named_paragraphs(question, expected):
    assert mentions_paragraph(question, NAMES) == expected


@pytest.mark.parametrize(
    "question",
    ["what does the report say about ransomware?", "Which paragraph covers capacity-building?", "resolution 75/240 established the group", "in 2025 the group met 11 times"],
)
def test_mentions_paragraph_ignores_ordinary_questions(question):
    assert mentions_paragraph(question, NAMES) is None
