"""Unit tests of the parser rules on small synthetic texts (Markdown-style and PDF-page-style)."""

from __future__ import annotations

import textwrap

import pytest

from index.errors import SourceError
from index.furniture import footnote_numbers, remove_footnote_refs
from index.models import DocumentMeta, ParsedDocument
from index.parser import parse_document
from index.readers import RawDocument
from index.textnorm import (
    Vocabulary,
    build_vocabulary,
    ends_sentence,
    ends_with_terminal,
    fix_spaced_hyphens,
    join_lines,
    keep_line_end_hyphen,
    normalise_paragraph_text,
    remove_md_footnote_marks,
)

COVER = """\
United Nations

General Assembly Distr.: General 5 December 2025

Eightieth session Agenda item 94 Developments in the field of information

Resolution adopted by the General Assembly on 1 December 2025

[on the report of the First Committee (A/80/534, para. 7)]

80/99. Open-ended working group on security of and in the use of

The General Assembly,

"""


def md(body: str, *, cover: bool = True, title: str = "", symbol: str = "A/RES/80/99") -> ParsedDocument:
    text = (COVER if cover else "") + textwrap.dedent(body)
    raw = RawDocument(DocumentMeta(symbol=symbol, title=title), [text], "text", False)
    return parse_document(raw)


def pdf(*pages: str, symbol: str = "A/RES/75/240") -> ParsedDocument:
    raw = RawDocument(DocumentMeta(symbol=symbol), [textwrap.dedent(p) for p in pages], "pdf", True)
    return parse_document(raw)


def refs(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(p.scope, p.ref) for p in doc.paragraphs]


def get(doc: ParsedDocument, ref: str, scope: str = "main"):
    return next(p for p in doc.paragraphs if p.ref == ref and p.scope == scope)


# ---- cover, preamble, title ---------------------------------------------------------------------
def test_cover_lines_are_not_paragraphs_and_title_comes_from_the_title_line():
    doc = md("Recalling its resolution 75/240,\n\n1. Decides to act;\n\n52nd plenary meeting 1 December 2025\n")
    assert refs(doc) == [("main", "PP1"), ("main", "1")]
    assert doc.meta.title == "Open-ended working group on security of and in the use of"
    assert get(doc, "1").text == "Decides to act;"


def test_the_documents_own_title_line_wins_over_front_matter():
    doc = md("1. Decides to act;\n", title="Catalogue title")
    assert doc.meta.title == md("1. Decides to act;\n").meta.title != "Catalogue title"
    assert md("1. Decides to act;\n", cover=False, title="Catalogue title").meta.title == "Catalogue title"


def test_preambular_paragraphs_numbered_pp1_pp2_and_continued_across_page_break():
    doc = md(
        """\
        Recalling its resolutions 75/240 and 76/19,

        Noting with concern the increasing use of

        information and communications technologies for malicious purposes,

        Welcoming the report,1

        1. Decides to act;
        """
    )
    assert refs(doc) == [("main", "PP1"), ("main", "PP2"), ("main", "PP3"), ("main", "1")]
    assert get(doc, "PP2").text == (
        "Noting with concern the increasing use of information and communications technologies for malicious purposes,"
    )
    assert get(doc, "PP3").text == "Welcoming the report,1"  # bare footnote digits are left alone


def test_general_assembly_without_comma_and_unnumbered_operative_text():
    doc = md("The General Assembly\n\nAdopts the declaration annexed to the present resolution.\n", cover=False)
    assert refs(doc) == [("main", "PP1")]
    assert get(doc, "PP1").text == "Adopts the declaration annexed to the present resolution."


REPORT_PAGE_1 = """\
United Nations
A/80/257
General Assembly
Distr.: General
22 July 2025
Original: English
25-11949 (E)    010825
*2511949*
Eightieth session
Item 94 of the provisional agenda*
Developments in the field of information and
telecommunications in the context of international security
 
Final report of the open-ended working group
 
Note by the Secretary-General
 
The Secretary-General has the honour to transmit herewith the final report, whose
United Nations system-wide recommendations were adopted at the eleventh session.
__________________
* A/80/150.
"""


def test_report_cover_is_dropped_but_the_note_is_kept():
    doc = pdf(REPORT_PAGE_1, "A/80/257\n2/3\n25-11949\nAnnex\n \nI. Introduction\n \n1. The Group met.\n", symbol="A/80/257")
    assert refs(doc) == [("main", "PP1"), ("annex", "1")]
    assert get(doc, "PP1").text == (
        "The Secretary-General has the honour to transmit herewith the final report, whose United Nations "
        "system-wide recommendations were adopted at the eleventh session."
    )
    assert get(doc, "PP1").heading == ""  # "Note by the Secretary-General" belongs to the title block
    assert get(doc, "1", "annex").heading == "I. Introduction"
    assert doc.meta.default_scope == "annex"


def test_no_numbered_paragraphs_is_a_one_line_source_error():
    raw = RawDocument(DocumentMeta(symbol="x", path="notes.txt"), ["Some text.\n\nMore text here.\n"], "text", False)
    with pytest.raises(SourceError) as err:
        parse_document(raw)
    msg = str(err.value)
    assert "notes.txt" in msg and "no numbered paragraphs found" in msg and "\n" not in msg


# ---- furniture ---------------------------------------------------------------------------------
def test_running_title_between_halves_of_a_paragraph_is_removed():
    doc = md(
        """\
        1. Requests support, as endorsed by the General Assembly in its

        Open-ended working group on security of and in the use of

        resolution 79/237, and the additional elements;
        """
    )
    assert get(doc, "1").text == (
        "Requests support, as endorsed by the General Assembly in its resolution 79/237, and the additional elements;"
    )


def test_furniture_lines_anywhere_in_text():
    doc = md(
        """\
        1. Decides that the group shall

        A/RES/80/99
        25-19974 (E) 081225
        *2519974*
        2/4
        __________________

        meet annually;
        """
    )
    assert get(doc, "1").text == "Decides that the group shall meet annually;"


def test_markdown_footnote_markers_and_definitions():
    doc = md(
        """\
        1. We recall the Convention on Climate Change[^6] and the Agenda[^7], and the Paris Agreement [^8].

        2. We note the report.

        ---

        [^6]: United Nations, Treaty Series, vol. 1771,
            No. 30822.

        [^7]: Resolution 70/1.
        """
    )
    assert refs(doc) == [("main", "1"), ("main", "2")]
    assert get(doc, "1").text == "We recall the Convention on Climate Change and the Agenda, and the Paris Agreement."
    assert get(doc, "2").text == "We note the report."


PDF_PAGE_1 = """\
United Nations
A/RES/75/240
 
General Assembly
Distr.: General
4 January 2021
21-00006 (E)    050121
*2100006*
Seventy-fifth session
Agenda item 98
Resolution adopted by the General Assembly
on 31 December 2020
 
75/240. Developments in the field of information and telecommunications
in the context of international security
 
The General Assembly,
 
1.
Decides to convene a working group, which shall meet in 2021, according to the in-
frastructure of the current Open-
__________________
 
1  A/70/174.
"""
PDF_PAGE_2 = """\
A/RES/75/240
Developments in the field of information and telecommunications
in the context of international security
 
21-00006
2/2
 
ended Working Group on Developments in the Field of Information and
Telecommunications;
 
2.
Also decides to remain seized of the matter.
 
48th (resumed) plenary meeting
31 December 2020
"""


def test_pdf_pages_header_footer_footnote_and_page_break():
    doc = pdf(PDF_PAGE_1, PDF_PAGE_2)
    assert refs(doc) == [("main", "1"), ("main", "2")]
    p1 = get(doc, "1")
    assert p1.text == (
        "Decides to convene a working group, which shall meet in 2021, according to the infrastructure of the "
        "current Open-ended Working Group on Developments in the Field of Information and Telecommunications;"
    )
    assert p1.pages == (1, 2)
    assert get(doc, "2").text == "Also decides to remain seized of the matter."
    assert get(doc, "2").pages == (2,)
    assert doc.meta.title.startswith("Developments in the field") and doc.page_count == 2


FOOTNOTED_PAGE = """\
A/RES/75/240
 
The General Assembly,
 
Recalling that the Group of Governmental Experts, in its 2015 report,1 identified principles of
resolution 75/240 and of the COVID-19 response, as endorsed by the Assembly2
and decided in 2021,3
 
1.
Decides to act.
__________________
 
1  A/70/174.
2  See resolution 70/237.
"""


def test_pdf_footnote_references_are_removed_and_other_numbers_kept():
    doc = pdf(FOOTNOTED_PAGE)
    text = get(doc, "PP1").text
    assert "in its 2015 report, identified principles of resolution 75/240 and of the COVID-19 response" in text
    assert text.endswith("endorsed by the Assembly and decided in 2021,3")  # 3 is no footnote of this page
    assert get(doc, "1").text == "Decides to act."


@pytest.mark.parametrize(
    "line, expected",
    [
        ("in its 2015 report,1 identified", "in its 2015 report, identified"),
        ("the Assembly2", "the Assembly"),
        ("the agreement (2015)1; and", "the agreement (2015); and"),
        ("resolution 75/240, 1 January", "resolution 75/240, 1 January"),
        ("COVID-19 and A1 paper", "COVID-19 and A1 paper"),
        ("in its report,7 noted", "in its report,7 noted"),
    ],
)
def test_remove_footnote_refs_only_removes_this_pages_footnote_numbers(line, expected):
    assert remove_footnote_refs(line, frozenset({"1", "2"})) == expected


def test_footnote_numbers_are_read_under_the_separator_only():
    lines = FOOTNOTED_PAGE.splitlines()
    assert footnote_numbers(lines) == {"1", "2"}
    assert footnote_numbers(lines[:11]) == frozenset()


def test_pdf_page_without_text_gives_a_warning():
    doc = pdf(PDF_PAGE_1, "", PDF_PAGE_2)
    assert any("page 2 has no text" in w for w in doc.warnings)


# ---- numbers merged or glued by the extraction -----------------------------------------------------
def test_next_expected_number_inline_after_sentence_end_is_split():
    doc = md(
        "1. We recall the 2030 Agenda for Sustainable Development.2 2. We acknowledge the role of the Pact for "
        "the Future. 16 3. We note the work done.\n"
    )
    assert [p.ref for p in doc.paragraphs] == ["1", "2", "3"]
    assert get(doc, "1").text == "We recall the 2030 Agenda for Sustainable Development.2"
    assert get(doc, "2").text == "We acknowledge the role of the Pact for the Future. 16"
    assert get(doc, "3").text == "We note the work done."


@pytest.mark.parametrize(
    "sentence",
    [
        "Recalls in particular paragraph 63 (d) of the Final Document. 5. Notes the report.",  # not the next number
        "Recalls its resolution 2. The resolution was adopted in 1946.",  # no sentence end before the number
        "Notes the figures in table 2. 2. is the year of the review.",  # not followed by a capitalised word
    ],
)
def test_numbers_that_are_not_the_next_marker_are_not_split(sentence):
    doc = md(f"1. {sentence}\n")
    assert [p.ref for p in doc.paragraphs] == ["1"]
    assert get(doc, "1").text == sentence


def test_number_alone_on_its_line_joins_the_next_line():
    doc = md("1.\nDecides to convene a group;\n\n2.\n\nRequests a report;\n")
    assert (get(doc, "1").text, get(doc, "2").text) == ("Decides to convene a group;", "Requests a report;")


def test_headings_glued_to_paragraphs_are_split():
    doc = md(
        """\
        1. We met in Awaza.

        I.
        Global context and shared commitments 3. We gather at a critical juncture.

        4. We stress the needs.

        II. Implementation of the Programme of Action for the Decade 2024–2034 5. We strongly commit ourselves.

        Partnerships and support mechanisms 6. We invite all partners.
        """,
        cover=False,
    )
    assert [p.ref for p in doc.paragraphs] == ["1", "3", "4", "5", "6"]
    assert get(doc, "3").heading == "I. Global context and shared commitments"
    assert get(doc, "3").text == "We gather at a critical juncture."
    assert get(doc, "4").heading == "I. Global context and shared commitments"
    assert get(doc, "5").heading == "II. Implementation of the Programme of Action for the Decade 2024–2034"
    assert get(doc, "5").text == "We strongly commit ourselves."
    assert get(doc, "6").heading == "Partnerships and support mechanisms"  # the innermost heading
    assert get(doc, "6").heading_path == "II. Partnerships and support mechanisms"
    assert any("jump from 1 to 3" in w for w in doc.warnings)


def test_short_line_ending_in_a_reference_is_not_a_glued_heading():
    doc = md("Recalling its resolution 75/240,\n\nRecalling also resolution 1. The text\n\n1. Decides;\n")
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "1"]
    assert get(doc, "PP2").text == "Recalling also resolution 1. The text"


def test_out_of_sequence_number_is_kept_as_text():
    doc = md("1. Decides to act;\n\n2. Requests a report;\n\n1. This line is quoted text.\n")
    assert [(p.ref, p.inferred) for p in doc.paragraphs] == [("1", False), ("2", False)]
    assert get(doc, "2").text == "Requests a report;\n1. This line is quoted text."
    assert any("out of sequence" in w for w in doc.warnings)


# ---- scopes --------------------------------------------------------------------------------------
def test_annex_scopes_restart_numbering_and_annex_i_inside_annex():
    doc = md(
        """\
        1. Takes note of the report contained in the annex to the present note;

        2. Decides to remain seized of the matter.

        Annex

        Final report of the working group

        I. Introduction

        1. The Group met.

        2. The Group adopted its report.

        Annex I

        Elements of the Global Mechanism

        1. The Global Mechanism shall be permanent.

        Appendix

        1. List of participants.
        """
    )
    assert refs(doc) == [
        ("main", "1"), ("main", "2"), ("annex", "1"), ("annex", "2"), ("annex I", "1"), ("appendix", "1")
    ]
    assert get(doc, "1", "annex").heading == "I. Introduction"
    # the title under "Annex I" is the annex's title: context for its paragraphs, not a heading
    assert get(doc, "1", "annex I").heading == ""
    assert get(doc, "1", "annex I").heading_path == "Elements of the Global Mechanism"
    assert get(doc, "1", "appendix").heading == ""


def test_annex_line_with_title_on_the_same_line():
    doc = md("1. Adopts the declaration.\n\nAnnex 2025 Political Declaration on Trafficking in Persons\n\n1. We welcome it.\n")
    assert refs(doc) == [("main", "1"), ("annex", "1")]
    assert get(doc, "1", "annex").heading == ""
    assert get(doc, "1", "annex").heading_path == "2025 Political Declaration on Trafficking in Persons"


def test_mid_sentence_annex_is_not_a_scope():
    doc = md(
        """\
        1. Endorses the elements contained in the

        annex to the present resolution;

        Annex I to document A/80/257 contains the elements agreed by the Group.

        2. Decides to act.
        """
    )
    assert {p.scope for p in doc.paragraphs} == {"main"}
    assert get(doc, "1").text.startswith("Endorses the elements contained in the annex to the present resolution;")
    assert "Annex I to document A/80/257" in get(doc, "1").text


def test_repeated_scope_name_gets_a_distinct_name():
    doc = md("1. Text.\n\nAnnex\n\n1. First.\n\nAnnex\n\n1. Second.\n")
    assert refs(doc) == [("main", "1"), ("annex", "1"), ("annex (2)", "1")]


# ---- sub-paragraphs ------------------------------------------------------------------------------
def test_sub_paragraphs_letters_and_romans():
    doc = md(
        """\
        1. Decides that:

        (a) The group shall meet;

        (b) The group shall consider:

        (i) Threats;

        (ii) Norms;

        (c) The group shall report.

        2. Requests a report.
        """
    )
    assert [p.ref for p in doc.paragraphs] == ["1", "1(a)", "1(b)", "1(b)(i)", "1(b)(ii)", "1(c)", "2"]
    one = get(doc, "1")
    assert one.text == (
        "Decides that:\n(a) The group shall meet;\n(b) The group shall consider:\n(i) Threats;\n(ii) Norms;\n"
        "(c) The group shall report."
    )
    assert get(doc, "1(b)").text == "(b) The group shall consider:\n(i) Threats;\n(ii) Norms;"
    assert get(doc, "1(b)(ii)").text == "(ii) Norms;"
    assert {p.parent for p in doc.paragraphs if p.ref.startswith("1(")} == {"1"}
    orders = {p.ref: p.order for p in doc.paragraphs}
    assert orders["1"] < orders["1(a)"] < orders["1(b)"] < orders["1(b)(i)"] < orders["1(c)"] < orders["2"]


def test_i_after_h_is_the_letter_i():
    labels = "abcdefghij"
    body = "1. Requests the Secretary-General:\n\n" + "\n\n".join(f"({c}) To do task {c};" for c in labels)
    doc = md(body + "\n")
    assert [p.ref for p in doc.paragraphs][1:] == [f"1({c})" for c in labels]


def test_i_after_h_that_opens_a_list_is_roman():
    doc = md("1. Decides:\n\n(h) On the following:\n\n(i) First;\n\n(ii) Second;\n\n(i) Ninth item;\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "1(h)", "1(h)(i)", "1(h)(ii)", "1(i)"]


def test_v_after_iv_is_roman_and_v_after_u_is_a_letter():
    romans = ["i", "ii", "iii", "iv", "v"]
    doc = md("1. Notes:\n\n(a) Items:\n\n" + "\n\n".join(f"({r}) Item {r};" for r in romans) + "\n\n(b) End.\n")
    assert [p.ref for p in doc.paragraphs][2:] == [f"1(a)({r})" for r in romans] + ["1(b)"]
    doc = md("1. Notes:\n\n(t) Item t;\n\n(u) Item u;\n\n(v) Item v;\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "1(t)", "1(u)", "1(v)"]


def test_roman_without_letter_parent_and_duplicate_label():
    doc = md("1. Decides:\n\nLost label text;\n\n(ii) Second;\n\n(a) First;\n\n(a) Again;\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "1(ii)", "1(a)"]
    assert get(doc, "1").text.endswith("(a) First;\n(a) Again;")
    assert any("1(a) appears twice" in w for w in doc.warnings)


def test_sub_paragraph_continued_after_page_break():
    doc = md("1. Decides:\n\n(a) The group shall meet in the\n\nOpen-ended working group on security of and in the use of\n\nAssembly Hall;\n")
    assert get(doc, "1(a)").text == "(a) The group shall meet in the Assembly Hall;"
    assert get(doc, "1").text == "Decides:\n(a) The group shall meet in the Assembly Hall;"


# ---- headings ------------------------------------------------------------------------------------
def test_heading_path_chapter_section_plain_and_resets():
    doc = md(
        """\
        I. Introduction

        1. Intro text.

        II. Substantive discussions

        A. Existing and potential threats

        2. Threats text.

        Ransomware

        3. Ransomware text.

        B. Rules, norms and principles

        4. Norms text.

        III. Conclusions

        5. Conclusion text.
        """,
        cover=False,
    )
    paths = {p.ref: p.heading_path for p in doc.paragraphs}
    assert paths == {
        "1": "I. Introduction",
        "2": "II. A. Existing and potential threats",
        "3": "II. A. Ransomware",
        "4": "II. B. Rules, norms and principles",
        "5": "III. Conclusions",
    }
    headings = {p.ref: p.heading for p in doc.paragraphs}
    assert headings == {
        "1": "I. Introduction",
        "2": "A. Existing and potential threats",
        "3": "Ransomware",
        "4": "B. Rules, norms and principles",
        "5": "III. Conclusions",
    }


def test_section_i_after_section_h():
    sections = "ABCDEFGHI"
    body = "\n\n".join(f"{s}. Section {s}\n\n{k}. Text {k}." for k, s in enumerate(sections, start=1))
    doc = md("I. Chapter one\n\n" + body + "\n", cover=False)
    assert get(doc, "9").heading == "I. Section I"
    assert get(doc, "9").heading_path == "I. I. Section I"


def test_plain_heading_before_operative_paragraphs():
    doc = md("Recalling its resolution 75/240,\n\nPeacebuilding financing\n\n1. Calls for financing;\n")
    assert [p.ref for p in doc.paragraphs] == ["PP1", "1"]
    assert get(doc, "1").heading == "Peacebuilding financing"


def test_page_break_fragments_are_not_headings():
    doc = md(
        """\
        Recalling also the signing of the African Nuclear-Weapon-Free Zone Treaty

        (Treaty of Pelindaba) in Cairo on 11 April 1996,

        Recalling further the work of the Group of the

        United Nations on this matter,

        1. Decides to act;
        """
    )
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "1"]
    assert get(doc, "PP1").text == (
        "Recalling also the signing of the African Nuclear-Weapon-Free Zone Treaty (Treaty of Pelindaba) in Cairo on 11 April 1996,"
    )
    assert get(doc, "PP2").text == "Recalling further the work of the Group of the United Nations on this matter,"
    assert all(p.heading == "" for p in doc.paragraphs)


# ---- continuation and inferred numbers --------------------------------------------------------------
def test_continuation_rules():
    doc = md(
        """\
        Recalling its resolutions 53/72 of 4 December 1998, 54/43 of 1 December 1999,

        56/14 of 29 November 2001,

        1. Decides that the group shall meet

        Annually in New York;

        2. Requests the report

        of the Secretary-General;
        """
    )
    assert get(doc, "PP1").text.endswith("1 December 1999, 56/14 of 29 November 2001,")
    assert get(doc, "1").text == "Decides that the group shall meet Annually in New York;"
    assert get(doc, "2").text == "Requests the report of the Secretary-General;"


def test_preambular_opener_on_the_next_line_starts_a_new_paragraph():
    doc = md(
        "Noting that the Convention is an example of effective multilateralism,\n"
        "Convinced that the Convention constitutes a major contribution to peace,\n"
        "Recalling the Convention on the Prohibition of the Development,\n"
        "Production, Stockpiling and Use of Chemical Weapons,\n\n1. Decides;\n"
    )
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "PP3", "1"]
    assert get(doc, "PP3").text.endswith("Development, Production, Stockpiling and Use of Chemical Weapons,")


def test_preambular_paragraph_stopping_on_a_bare_word_runs_on_over_the_page_break():
    doc = md(
        """\
        Recalling its resolution 74/50, including the concept of a Group of Scientific and

        Technical Experts on Nuclear Disarmament Verification,6

        Recalling also its resolution 78/239 and

        Noting the report of the Secretary-General,

        1. Decides to act;
        """
    )
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "PP3", "1"]
    assert get(doc, "PP1").text == (
        "Recalling its resolution 74/50, including the concept of a Group of Scientific and "
        "Technical Experts on Nuclear Disarmament Verification,6"
    )
    assert get(doc, "PP2").text == "Recalling also its resolution 78/239 and"  # an opener still starts a paragraph


def test_preambular_paragraph_split_by_a_pdf_page_break_is_joined():
    doc = pdf(
        """\
        The General Assembly,
        Recalling the decision of the Review Conference of the States Parties to the Convention on the
        Prohibition of the Development, Production and
        """,
        """\
        Stockpiling of Bacteriological (Biological) and Toxin Weapons and on Their Destruction,
        Cognizant also of the discussions in the Conference on Disarmament,
        1. Decides to act;
        """,
    )
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "1"]
    assert get(doc, "PP1").text.endswith("Production and Stockpiling of Bacteriological (Biological) and Toxin Weapons and on Their Destruction,")
    assert get(doc, "PP1").pages == (1, 2)


def test_next_number_glued_after_a_word_is_split_when_the_numbering_confirms_it():
    doc = md(
        "1. We reaffirm our commitment to establishing an infrastructure finance facility for 2. We emphasize "
        "the Decade of Sustainable Transport.\n3. We stress the importance of infrastructure.\n"
    )
    assert [p.ref for p in doc.paragraphs] == ["1", "2", "3"]
    assert get(doc, "1").text == "We reaffirm our commitment to establishing an infrastructure finance facility for"
    assert get(doc, "2").text == "We emphasize the Decade of Sustainable Transport."
    assert not get(doc, "2").inferred


@pytest.mark.parametrize(
    "body",
    [
        "1. Recalls the commitments made in 2. We note them.\n2. Decides.\n",  # "2." follows: nothing is missing
        "1. Recalls its resolution 2. The States agreed.\n3. Decides.\n",  # a number a word refers to
    ],
)
def test_number_after_a_word_is_not_split_without_confirmation(body):
    doc = md(body)
    assert [p.ref for p in doc.paragraphs if p.ref.isdigit()][:1] == ["1"]
    assert get(doc, "1").text.endswith(("We note them.", "The States agreed."))


def test_lost_number_is_inferred_when_numbering_leaves_room():
    doc = md("1. Endorses the declaration;\n\nExpresses its profound gratitude to the host.\n\n18th plenary meeting\n")
    two = get(doc, "2")
    assert two.inferred and two.text == "Expresses its profound gratitude to the host."
    assert not get(doc, "1").inferred
    assert any("inferred" in w for w in doc.warnings)


def test_block_is_appended_when_the_next_number_follows():
    doc = md("1. Endorses the declaration;\n\nTakes note of the report;\n\n2. Decides to act.\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "2"]
    assert get(doc, "1").text == "Endorses the declaration;\nTakes note of the report;"


def test_no_inference_after_a_colon_or_comma():
    doc = md("1. Reaffirms the following:\n\nRequesting the Commission to act;\n\nRequesting the Office to report;\n")
    assert [p.ref for p in doc.paragraphs] == ["1"]
    assert get(doc, "1").text == "Reaffirms the following:\nRequesting the Commission to act;\nRequesting the Office to report;"


def test_bullet_items_are_lines_of_the_paragraph_before():
    doc = pdf(
        "A/80/257\n"
        "1. The Group recommended that States:\n"
        "• Continue to exchange views on existing and potential threats;\n"
        "• Consider the development of a common understanding of the application of international law\n"
        "to the use of ICTs;\n"
        "2. The Group met in New York.\n",
        symbol="A/80/257",
    )
    assert [p.ref for p in doc.paragraphs] == ["1", "2"]
    assert get(doc, "1").text == (
        "The Group recommended that States:\n• Continue to exchange views on existing and potential threats;\n"
        "• Consider the development of a common understanding of the application of international law to the use of ICTs;"
    )


def test_inferred_number_between_explicit_ones():
    doc = md("1. Welcomes the report.\n\nUrges all States to act.\n\n3. Decides to remain seized.\n")
    assert [(p.ref, p.inferred) for p in doc.paragraphs] == [("1", False), ("2", True), ("3", False)]


# ---- text normalisation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("left", "right", "keep"),
    [
        ("in", "frastructure", False),
        ("non", "State", True),
        ("troop", "contributing", True),
        ("Open", "ended", True),
        ("confidence", "building", True),
        ("capacity", "building", True),
        ("multi", "stakeholder", True),
        ("ICT", "related", True),
        ("inter", "national", False),
        ("co", "operation", False),
        ("peace", "building", False),
        ("un", "affected", False),
        ("nuclear-weapon", "free", True),
        ("develop", "ment", False),
        ("2021", "2025", True),
    ],
)
def test_line_end_hyphen_rules(left, right, keep):
    assert keep_line_end_hyphen(left, right) is keep


def test_line_end_hyphen_uses_the_documents_own_spelling():
    hyphenated = build_vocabulary(["the cyber-security of States"])
    solid = build_vocabulary(["the cybersecurity of States"])
    assert join_lines("the cyber-", "security of", hyphenated) == "the cyber-security of"
    assert join_lines("the cyber-", "security of", solid) == "the cybersecurity of"
    assert join_lines("the cyber-", "security of", Vocabulary()) == "the cybersecurity of"
    gen = build_vocabulary(["the Secretary-General"])
    assert join_lines("the Secretary-Gen-", "eral reported", gen) == "the Secretary-General reported"


def test_soft_hyphen_and_unicode_hyphen_at_line_end():
    assert join_lines("the in\u00ad", "frastructure") == "the infrastructure"
    assert join_lines("non\u2010", "State actors") == "non\u2010State actors"
    assert normalise_paragraph_text("infra\u00adstructure") == "infrastructure"


def test_join_lines_spacing():
    assert join_lines("the working ", "  group") == "the working group"
    assert join_lines("2021–", "2025") == "2021– 2025"  # dashes are not hyphenation
    assert join_lines("", "text") == "text"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("an action- oriented framework", "an action-oriented framework"),
        ("nuclear-weapon- free zones", "nuclear-weapon-free zones"),
        ("confidence- and security-building measures", "confidence- and security-building measures"),
        ("short- to medium-term plans", "short- to medium-term plans"),
        ("a military-to- military dialogue", "a military-to-military dialogue"),
        ("a whole- of-government approach", "a whole-of-government approach"),
        ("age- and gender-sensitive", "age- and gender-sensitive"),
        ("non‑governmental “Water” – 2018", "non‑governmental “Water” – 2018"),
    ],
)
def test_spaced_hyphen_artefacts(raw, fixed):
    assert fix_spaced_hyphens(raw) == fixed


def test_markdown_footnote_mark_removal():
    assert remove_md_footnote_marks("Change[^6] and the Agenda[^7], and more [^8].") == "Change and the Agenda, and more."


def test_normalise_keeps_lines_and_collapses_spaces():
    assert normalise_paragraph_text("Decides  that:\n(a)   The   group;  ") == "Decides that:\n(a) The group;"


@pytest.mark.parametrize(
    ("text", "terminal", "sentence"),
    [
        ("of the Committee,3", True, False),
        ("in 2024,4", True, False),
        ("the report;", True, True),
        ("“Water for Sustainable Development”.", True, True),
        ("the following:", True, False),
        ("the African Nuclear-Weapon-Free Zone Treaty", False, False),
        ("development.2", True, True),
    ],
)
def test_terminal_punctuation(text, terminal, sentence):
    assert ends_with_terminal(text) is terminal
    assert ends_sentence(text) is sentence


def test_items_of_a_preambular_list_whose_labels_were_lost_stay_in_the_paragraph_that_introduces_them():
    doc = md(
        """\
        Recalling its previous resolutions on the subject,

        Convinced that the Convention constitutes a major contribution to:

        International peace and security,

        Eliminating chemical weapons and preventing their re-emergence,

        The ultimate objective of general and complete disarmament,

        Recalling, in this regard, the work of the Conference,

        Noting the report,

        1. Decides to act;
        """
    )
    assert refs(doc) == [("main", "PP1"), ("main", "PP2"), ("main", "PP3"), ("main", "PP4"), ("main", "1")]
    assert get(doc, "PP2").text.splitlines() == [
        "Convinced that the Convention constitutes a major contribution to:",
        "International peace and security,",
        "Eliminating chemical weapons and preventing their re-emergence,",
        "The ultimate objective of general and complete disarmament,",
    ]
    assert get(doc, "PP3").text == "Recalling, in this regard, the work of the Conference,"  # an opener with its comma
