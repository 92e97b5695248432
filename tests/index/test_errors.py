"""The one-line messages of index.errors: what is listed, and how a long list is cut."""

from __future__ import annotations

from index.errors import NoDefaultDocument, UnknownDocument


def test_unknown_document_lists_the_first_names_and_says_how_many_in_all():
    known = [f"A/RES/80/{n}" for n in range(1, 56)]
    msg = str(UnknownDocument("A/RES/99/1", known))
    assert msg.startswith("Unknown document 'A/RES/99/1'. Known documents: A/RES/80/1, A/RES/80/2,")
    assert msg.endswith("A/RES/80/8, … (55 in all)") and "A/RES/80/9," not in msg
    assert str(UnknownDocument("x", ["A/80/257", "A/RES/80/16"])).endswith("Known documents: A/80/257, A/RES/80/16")


def test_no_default_document_names_what_is_indexed():
    err = NoDefaultDocument(["A/RES/80/1", "A/RES/80/2"])
    assert "Name a document" in str(err) and str(err).endswith("Indexed: A/RES/80/1, A/RES/80/2")
