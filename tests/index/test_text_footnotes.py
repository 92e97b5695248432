"""index.text_footnotes: Markdown footnote marks left as digits in a text file are taken out of the
paragraphs and kept as footnotes; numbers in the text are left alone."""

from __future__ import annotations

from index.models import DocumentMeta, Footnote, Paragraph, ParsedDocument
from index.text_footnotes import apply_text_footnotes, footnote_definitions

SOURCE = """1. Takes note of the report on the implementation of resolution 79/7;1

[^1]: A/80/83.
[^2]: Ibid.
[^3]: Resolution 217 A (III).
"""


def doc(*texts: str, parent_of: dict | None = None) -> ParsedDocument:
    paras = tuple(Paragraph("A/RES/80/4", "main", r, t, order=i, parent=(parent_of or {}).get(r, "")) for i, (r, t) in enumerate(texts))
    return ParsedDocument(DocumentMeta("A/RES/80/4"), paras)


def test_definitions_are_read():
    assert footnote_definitions(SOURCE) == {"1": "A/80/83.", "2": "Ibid.", "3": "Resolution 217 A (III)."}


def test_marks_after_punctuation_or_a_word_become_footnotes():
    d = apply_text_footnotes(doc(("1", "Takes note of the report on resolution 79/7;1"),
                                 ("2", "Recalling the Covenant on Civil Rights, 2 the Declaration of Human Rights,3 and"),
                                 ("3", "Recalling the Covenant again,2")), SOURCE)
    p1, p2, p3 = d.paragraphs
    assert p1.text == "Takes note of the report on resolution 79/7;" and p1.footnotes == (Footnote("1", "A/80/83."),)
    assert p2.text == "Recalling the Covenant on Civil Rights, the Declaration of Human Rights, and"
    assert [f.mark for f in p2.footnotes] == ["2", "3"]
    assert p3.text == "Recalling the Covenant again," and p3.footnotes == (Footnote("2", "Ibid."),)  # a repeated mark


def test_numbers_in_the_text_stay():
    text = "Decides to meet on 12 December 2026, in paragraphs 1 to 3, and at its 80th session, 3 times;"
    d = apply_text_footnotes(doc(("1", text)), SOURCE)
    assert d.paragraphs[0].text == text and d.paragraphs[0].footnotes == ()


def test_a_mark_out_of_order_after_a_space_is_not_taken():
    d = apply_text_footnotes(doc(("1", "Recalling resolution 79/7;1"), ("2", "Counts, 3 of them")), SOURCE)
    assert d.paragraphs[1].text == "Counts, 3 of them"  # footnote 2 comes first


def test_sub_paragraphs_lose_the_marks_their_paragraph_lost():
    d = apply_text_footnotes(doc(("1", "Decides:\n(a) To note resolution 79/7;1"), ("1(a)", "(a) To note resolution 79/7;1"),
                                 parent_of={"1(a)": "1"}), SOURCE)
    assert [p.text for p in d.paragraphs] == ["Decides:\n(a) To note resolution 79/7;", "(a) To note resolution 79/7;"]
    assert d.paragraphs[1].footnotes == (Footnote("1", "A/80/83."),)


def test_a_file_without_definitions_is_unchanged():
    d = doc(("1", "Recalling resolution 79/7;1"))
    assert apply_text_footnotes(d, "no footnotes here") is d


def test_a_definition_continued_on_indented_lines_is_read_whole():
    source = ("1. Recalls the Final Document.1\n\n[^1]: 2000 Review Conference of the Parties to the Treaty on the\n"
              "    Non-Proliferation of Nuclear Weapons, Final Document,\n    vols. I–III.\n\n[^2]: Ibid.\n")
    assert footnote_definitions(source) == {
        "1": "2000 Review Conference of the Parties to the Treaty on the Non-Proliferation of Nuclear Weapons, "
             "Final Document, vols. I–III.", "2": "Ibid."}


def test_the_next_mark_glued_to_the_next_word_is_taken_and_the_space_kept():
    d = apply_text_footnotes(doc(("1", "Recalling resolution 79/7;1"),
                                 ("2", "endorsed by the relevant States Parties, 2and welcomes the decision")), SOURCE)
    p = d.paragraphs[1]
    assert p.text == "endorsed by the relevant States Parties, and welcomes the decision"
    assert p.footnotes == (Footnote("2", "Ibid."),)


def test_a_number_glued_to_a_word_that_is_not_the_next_footnote_stays():
    text = "Recalling the Covenant, 3rd edition, and the report, 3and more"
    d = apply_text_footnotes(doc(("1", text)), SOURCE)
    assert d.paragraphs[0].text == text  # footnote 1 comes first; "3rd" is an ordinal
