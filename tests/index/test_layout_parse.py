"""Unit tests of index/layout_parse.py: how a layout block's lines join, which page-1 blocks are
the cover and the title, italic headings, and the closing lines of a resolution."""

from __future__ import annotations

from index.layout_parse import _cover_end, _is_italic_heading, layout_blocks, make_joiner
from index.lexicon import english_words, make_lexicon
from index.pdf_layout import LayoutBlock, LayoutDocument, Line, Word
from index.textnorm import Vocabulary, keep_line_end_hyphen


def ln(text: str, size: float = 10.0, page: int = 1, bold: bool = False, italic: bool = False, label: str = "") -> Line:
    words = tuple(Word(t, float(k), float(k + 1), bold=bold, italic=italic) for k, t in enumerate(text.split()))
    return Line(page, 0.0, 0.0, 0.0, 0.0, size, words, label=label)


def block(*texts: str, heading: bool = False, **kw) -> LayoutBlock:
    return LayoutBlock(tuple(ln(t, **kw) for t in texts), heading=heading)


# ---- joining lines -------------------------------------------------------------------------
def test_join_without_automatic_hyphenation_keeps_every_line_end_hyphen():
    join = make_joiner(Vocabulary(), auto_hyphenation=False)
    assert join("the fifty-", "fifth session") == "the fifty-fifth session"
    assert join("the non-", "State actors") == "the non-State actors"
    assert join("the in-", "frastructure") == "the in-frastructure"  # no evidence of hyphenation: a hyphen
    assert join("the report", "of the group") == "the report of the group"


def test_join_special_cases_hold_with_or_without_hyphenation():
    for auto in (False, True):
        join = make_joiner(Vocabulary(), auto_hyphenation=auto, lexicon=english_words())
        assert join("document A/", "80/257") == "document A/80/257"  # broken after a slash
        assert join("at https://example.org/", "record/1") == "at https://example.org/record/1"
        assert join("(A/S-", "12/2)") == "(A/S-12/2)"  # a number after the hyphen
        assert join("confidence- and", "security-building") == "confidence- and security-building"
        assert join("confidence-", "and security-building") == "confidence- and security-building"  # suspended
        assert join("the word\u00ad", "ing") == "the wording"  # a soft hyphen is always a break
        assert join("", "text") == "text" and join("text", "") == "text"


def test_join_with_automatic_hyphenation_asks_the_word_list():
    words = english_words()
    join = make_joiner(Vocabulary(words=frozenset({"on", "the", "an"})), auto_hyphenation=True, lexicon=words)
    assert join("the in-", "frastructure") == "the infrastructure"
    assert join("international safe-", "guards") == "international safeguards"  # an inflected word
    assert join("subject to re-", "examination") == "subject to re-examination"
    assert join("an on-", "site inspection") == "an on-site inspection"
    assert join("the fifty-", "fifth session") == "the fifty-fifth session"
    assert join("the non-", "State actors") == "the non-State actors"


def test_keep_line_end_hyphen_with_a_word_list():
    lex = make_lexicon(frozenset({"infrastructure", "site", "standing", "long", "mankind", "clear", "nuclear", "weapon"}))
    v = Vocabulary(words=frozenset({"disarmament", "on"}))
    assert keep_line_end_hyphen("in", "frastructure", v, lex) is False
    assert keep_line_end_hyphen("on", "site", v, lex) is True
    assert keep_line_end_hyphen("long", "standing", v, lex) is True
    assert keep_line_end_hyphen("dis", "armament", v, lex) is False  # the document writes it whole
    assert keep_line_end_hyphen("hu", "mankind", v, lex) is False  # a two-letter piece is no word
    assert keep_line_end_hyphen("nu", "clear", v, lex) is False
    assert keep_line_end_hyphen("nuclear", "weapon-related", v, lex) is True
    assert keep_line_end_hyphen("re", "examination", v, lex) is True
    assert keep_line_end_hyphen("inter", "national", v, lex) is False


def test_english_words_know_inflected_forms():
    words = english_words()
    assert "infrastructure" in words and "frastructure" not in words
    assert words.knows("strengthens") and words.knows("submitting") and not words.knows("ternational")


# ---- italic headings -----------------------------------------------------------------------------
def test_italic_short_unpunctuated_line_is_a_heading():
    assert _is_italic_heading(block("Regional organizations", italic=True), "Regional organizations")
    assert not _is_italic_heading(block("Recalling its resolutions,", italic=True), "Recalling its resolutions,")
    long = " ".join(["word"] * 13)
    assert not _is_italic_heading(block(long, italic=True), long)
    assert not _is_italic_heading(block("Regional organizations"), "Regional organizations")  # not italic
    assert not _is_italic_heading(block("regional organizations", italic=True), "regional organizations")


# ---- the cover and the title ---------------------------------------------------------------------
def _texts(blocks):
    return [" ".join(b.line_texts()) for b in blocks]


def test_report_cover_agenda_title_and_title_block_are_not_body():
    blocks = [
        block("United Nations"), block("Distr.: General"), block("21 July 2025"),
        block("Eightieth session", "Item 94 of the preliminary list"),
        block("Developments in the field of information", bold=True, heading=True),  # the agenda item's title
        block("Final report of the working group", size=17.0, bold=True, heading=True),
        block("Note by the Secretary-General", size=14.0, bold=True, heading=True),
        block("The Secretary-General has the honour to transmit the report."),
    ]
    first, title = _cover_end(blocks, _texts(blocks))
    assert first == 7 and title == "Final report of the working group"


def test_first_section_heading_in_smaller_type_starts_the_body():
    blocks = [block("Final report of the working group", size=17.0, bold=True, heading=True),
              block("Introduction", size=14.0, bold=True, heading=True), block("The Group met.")]
    first, title = _cover_end(blocks, _texts(blocks))
    assert (first, title) == (1, "Final report of the working group")
    labelled = [blocks[0], block("I. Introduction", size=17.0, bold=True, heading=True, label="I."), blocks[2]]
    assert _cover_end(labelled, _texts(labelled))[0] == 1


def test_a_page_with_only_cover_lines_ends_after_it():
    blocks = [block("United Nations"), block("Distr.: General")]
    assert _cover_end(blocks, _texts(blocks)) == (2, "")
    assert _cover_end([], []) == (0, "")


def test_resolution_body_starts_after_the_general_assembly_and_the_plenary_lines_go():
    blocks = [block("Resolution adopted by the General Assembly on 1 December 2025", size=17.0, bold=True, heading=True),
              block("80/12. Objective information on military", "matters", size=12.0, bold=True, heading=True),
              block("The General Assembly,"), block("Recalling its resolutions,"), block("1. Decides to act;", label="1."),
              block("52nd plenary meeting"), block("1 December 2025")]
    found = layout_blocks(LayoutDocument(tuple(blocks), (), 1, 10.0))
    assert found.preamble and found.title == "Objective information on military matters"
    assert [b.text for b in found.blocks] == ["Recalling its resolutions,", "1. Decides to act;"]
    assert all(b.trusted for b in found.blocks)
