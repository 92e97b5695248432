"""index.docref: "REF", "DOC REF" and "REF DOC" split by one rule, errors naming the wrong part."""

from __future__ import annotations

import pytest

from index.docref import Lookup, MissingReference, looks_like_symbol, split_doc_ref, trailing_document
from index.errors import BadReference
from index.models import Footnote, Quote

NAMES = {"final-report", "a/res/80/16", "apr 2024"}


def known(name: str) -> bool:
    return name.lower() in NAMES


@pytest.mark.parametrize("typed, expected", [
    ("12", (None, "12")),
    ("annex I 5", (None, "annex I 5")),
    ("PP3", (None, "PP3")),
    ("A/RES/80/16 2", ("A/RES/80/16", "2")),
    ("2 A/RES/80/16", ("A/RES/80/16", "2")),
    ("final-report annex I 5", ("final-report", "annex I 5")),
    ("annex I 5 final-report", ("final-report", "annex I 5")),
    ("APR 2024 3", ("APR 2024", "3")),  # a document name of two words
    ("  A/RES/80/16   12(b) ", ("A/RES/80/16", "12(b)")),
    ("A/RES/99/1 12", ("A/RES/99/1", "12")),  # an unknown document is passed on for the resolver to name
    ("12 A/RES/99/1", ("A/RES/99/1", "12")),
])
def test_split(typed, expected):
    assert split_doc_ref(typed, known) == expected


def test_a_document_alone_is_a_missing_reference():
    with pytest.raises(MissingReference, match="final-report is a document: name a paragraph too"):
        split_doc_ref("final-report", known)


@pytest.mark.parametrize("typed, named", [("-1 A/RES/80/16", "'-1'"), ("A/RES/80/16 -1", "'-1'"), ("nonsense words", "'nonsense words'"), ("", "''")])
def test_a_bad_reference_names_just_the_bad_part(typed, named):
    with pytest.raises(BadReference) as err:
        split_doc_ref(typed, known)
    assert str(err.value).startswith(f"{named} is not a paragraph reference")


def test_lookup_json_is_one_object_for_one_paragraph_and_a_list_for_a_range():
    q = Quote("A/RES/80/16", "main", "2", "Requests …", 1.0, 1, "https://x#page=1", "H", footnotes=(Footnote("1", "A/80/83."),))
    one = Lookup("A/RES/80/16", "2", (q,)).to_json()
    assert one == {"doc": "A/RES/80/16", "ref": "2", "scope": "main", "page": 1, "heading": "H", "text": "Requests …",
                   "url": "https://x#page=1", "footnotes": [{"mark": "1", "text": "A/80/83."}]}
    assert isinstance(Lookup("A/RES/80/16", "2-3", (q, q)).to_json(), list)


@pytest.mark.parametrize("text, expected", [
    ("Global Mechanism in A/RES/80/999", ("Global Mechanism", "A/RES/80/999")),
    ("Global Mechanism in A/RES/80/999.", ("Global Mechanism", "A/RES/80/999")),
    ("capacity-building in the final report", ("capacity-building", "final report")),
    ("cooperation in the field in APR 2024", ("cooperation in the field", "APR 2024")),  # the last "in"
    ("in A/80/257", None),
    ("Global Mechanism", None),
])
def test_trailing_document_splits_at_the_last_in(text, expected):
    assert trailing_document(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("A/RES/80/999", True), ("A/80/257", True), ("a_res_80_16", True), ("80/16", True), ("A/AC.292/2025/CRP.1", True),
    ("S/RES/2231", True), ("A_RES_80_16.pdf", True), ("practice", False), ("2024", False), ("a/b", False), ("field of ICT", False),
])
def test_looks_like_symbol(name, expected):
    assert looks_like_symbol(name) is expected
