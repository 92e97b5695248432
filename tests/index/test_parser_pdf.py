"""The parser on PDFs generated in UN layout (tests/pdf_factory.py), read back with pypdf.

Each paragraph's parsed text is compared with the exact text the PDF was made from, so any
furniture (running header, job number, page marker, barcode, footnotes) left in, any text lost
at a page break, or any wrong hyphenation repair fails the test. Both layouts are tested: with
the space-only lines word processors put between paragraphs, and without them.
"""

from __future__ import annotations

import re

import pytest

from index.parser import parse_file
from index.readers import read_document
from tests.pdf_factory import heading, make_un_pdf, para, pp, report_cover, sub, text

TITLE = "Developments in the field of information and telecommunications in the context of international security"
PP1 = (
    "Recalling its resolutions 75/240 of 31 December 2020 and 76/19 of 6 December 2021, and noting that the "
    "working group held its organizational session and its first substantive session in 2021,"
)
PP2 = "Noting that capacity-building is essential for cooperation of States and confidence-building in the field of security,"
P1 = "Decides to endorse the final report of the open-ended working group as contained in document A/80/257;"
P2_LINES = [
    "Decides that the Global Mechanism shall promote the in-",
    "frastructure of cooperation, engage non-",
    "State actors and troop-",
    "contributing countries, follow the work of the Open-",
    "ended working group, support capacity-",
    "building and ICT-",
    "related measures, and consider:",
]
P2 = (
    "Decides that the Global Mechanism shall promote the infrastructure of cooperation, engage non-State actors "
    "and troop-contributing countries, follow the work of the Open-ended working group, support capacity-building "
    "and ICT-related measures, and consider:"
)
SUBS = [
    ("(a)", 1, "Existing and potential threats in the sphere of information security;"),
    ("(b)", 1, "Rules, norms and principles of responsible behaviour of States, in particular:"),
    ("(i)", 2, "Their implementation;"),
    ("(ii)", 2, "Their further development;"),
    ("(c)", 1, "International law and confidence-building measures;"),
]
FILLER = (
    "Requests the Secretary-General to provide the necessary support to operationalize all aspects of the Global "
    "Mechanism on developments in the field of ICTs in the context of international security and advancing "
    "responsible State behaviour in the use of ICTs, starting in 2026, in accordance with the elements agreed "
    "in annex C to document A/79/214, as endorsed by the General Assembly in its resolution {n}/237, in order to "
    "ensure a smooth and seamless transition to the Global Mechanism;"
)
N_OPERATIVE = 9
FOOTNOTED = 6  # the paragraph on whose page a footnote is printed


def resolution_blocks():
    blocks = [text("The General Assembly,"), pp(PP1), pp(PP2), para("1.", P1), para("2.", lines=P2_LINES)]
    blocks += [sub(label, body, level) for label, level, body in SUBS]
    for k in range(3, N_OPERATIVE + 1):
        notes = ["A/70/174.", "A/68/98."] if k == FOOTNOTED else []
        blocks.append(para(f"{k}.", FILLER.format(n=70 + k), footnotes=notes))
    blocks += [text("52nd plenary meeting"), text("1 December 2025")]
    return blocks


@pytest.fixture(scope="module", params=[True, False], ids=["spacer-lines", "no-spacer-lines"])
def resolution(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "A_RES_80_99.pdf"
    make_un_pdf(path, resolution_blocks(), symbol="A/RES/80/99", title=TITLE, spacer_lines=request.param)
    return parse_file(path)


def by_ref(doc, scope="main"):
    return {p.ref: p for p in doc.paragraphs if p.scope == scope}


def test_layout_reader_sees_furniture_bands_and_hanging_numbers(tmp_path):
    """Guards the assumptions the layout reader is built on, in this reportlab layout: the running
    header sits in the top band of page 2, the numbers hang left of the text with a gap, and the
    line-end hyphen and barcode are printed as drawn."""
    from index.pdf_glyphs import read_page_glyphs
    from index.pdf_layout import BAND, page_lines

    path = make_un_pdf(tmp_path / "x.pdf", resolution_blocks(), symbol="A/RES/80/99", title=TITLE)
    pages = read_page_glyphs(path.read_bytes())
    assert len(pages) >= 2
    second = page_lines(pages[1])
    assert second[0].text == "A/RES/80/99" and second[0].bottom < BAND * pages[1].height
    first = page_lines(pages[0])
    numbered = [ln for ln in first if ln.words[0].text == "1."]
    assert numbered and numbered[0].words[1].x0 - numbered[0].words[0].x1 > 10  # a hanging number
    assert any(ln.text.endswith("in-") for ln in first)
    assert any("*2512345*" in ln.text for ln in first)
    raw = read_document(path)
    assert raw.layout is not None and raw.layout.page_count == len(pages)
    assert "A/RES/80/99" in raw.layout.furniture and not any("2512345" in b.first.text for b in raw.layout.blocks)


def test_refs_in_order(resolution):
    refs = [p.ref for p in resolution.paragraphs]
    assert refs == ["PP1", "PP2", "1", "2", "2(a)", "2(b)", "2(b)(i)", "2(b)(ii)", "2(c)"] + [
        str(k) for k in range(3, N_OPERATIVE + 1)
    ]
    assert [p.order for p in resolution.paragraphs] == list(range(len(refs)))


def test_metadata_from_the_pdf(resolution):
    meta = resolution.meta
    assert (meta.symbol, meta.title, meta.date) == ("A/RES/80/99", TITLE, "2025-08-01")
    assert resolution.page_count >= 2 and len(meta.sha256) == 64


def test_preambular_paragraphs(resolution):
    got = by_ref(resolution)
    assert got["PP1"].text == PP1 and got["PP2"].text == PP2
    assert got["PP1"].pages == (1,)


def test_hyphenation_breaks_undone_and_real_hyphens_kept(resolution):
    assert by_ref(resolution)["2"].text.split("\n")[0] == P2


def test_sub_paragraphs(resolution):
    got = by_ref(resolution)
    lines = got["2"].text.split("\n")
    assert lines[1:] == [f"{label} {body}" for label, _, body in SUBS]
    assert got["2(a)"].text == "(a) Existing and potential threats in the sphere of information security;"
    assert got["2(b)"].text == "\n".join(f"{label} {body}" for label, _, body in SUBS[1:4])
    assert got["2(b)(ii)"].text == "(ii) Their further development;"
    assert {got[r].parent for r in ("2(a)", "2(b)", "2(b)(i)", "2(c)")} == {"2"}


def test_every_operative_paragraph_is_exact_text(resolution):
    got = by_ref(resolution)
    assert got["1"].text == P1
    for k in range(3, N_OPERATIVE + 1):
        assert got[str(k)].text == FILLER.format(n=70 + k), f"paragraph {k}"


def test_paragraph_across_page_break_has_both_pages(resolution):
    spanning = [p for p in resolution.paragraphs if len(p.pages) == 2]
    assert spanning, "the layout puts at least one paragraph across a page break"
    for p in spanning:
        assert p.pages[1] == p.pages[0] + 1
        assert p.text == FILLER.format(n=70 + int(p.ref))


def test_no_furniture_anywhere(resolution):
    for p in resolution.paragraphs:
        for bad in ("A/RES/80/99", "25-12345", "2512345", "____", "A/70/174", "A/68/98", "plenary meeting",
                    "Please recycle", "Distr.", "Agenda item", TITLE[:40]):
            assert bad not in p.text, (p.ref, bad)
        assert not re.search(r"\b\d/\d\b", p.text)


def test_footnoted_page_keeps_paragraphs_after_the_footnote(resolution):
    got = by_ref(resolution)
    assert got[str(FOOTNOTED + 1)].text == FILLER.format(n=71 + FOOTNOTED)


# ---- a report: note by the Secretary-General, annex with chapters, sections and annex I ----------
NOTE = (
    "The Secretary-General has the honour to transmit herewith the final report of the open-ended working "
    "group, submitted pursuant to General Assembly resolution 75/240."
)
R1 = "The open-ended working group held its organizational session in June 2021."
R2 = "The Group adopted its final report by consensus at its eleventh substantive session."
R3 = "States expressed concern about the increasing malicious use of ICTs by State and non-State actors."
R4 = "The Group noted that threats are evolving and intensifying in the current geopolitical environment."
R5 = "States reaffirmed the eleven voluntary, non-binding norms of responsible State behaviour:"
R5A = "(a) States should cooperate to increase stability and security in the use of ICTs;"
R5B = "(b) States should consider all relevant information in case of ICT incidents;"
G1 = "The Global Mechanism shall be a single-track, State-led permanent mechanism."
G2 = "The Global Mechanism shall report to the First Committee of the General Assembly."


@pytest.fixture(scope="module", params=[True, False], ids=["spacer-lines", "no-spacer-lines"])
def report(request, tmp_path_factory):
    report_title = "Final report of the open-ended working group on security of and in the use of ICTs 2021–2025"
    blocks = [
        text(NOTE),
        text("Annex", page_break_before=True),
        heading(report_title),
        heading("Introduction", label="I."),
        para("1.", R1),
        para("2.", R2),
        heading("Substantive discussions", label="II."),
        heading("Existing and potential threats", label="A."),
        para("3.", R3),
        para("4.", R4),
        heading("Rules, norms and principles", label="B."),
        para("5.", R5),
        sub("(a)", R5A[4:]),
        sub("(b)", R5B[4:]),
        text("Annex I", page_break_before=True),
        heading("Elements of the Global Mechanism"),
        para("1.", G1),
        para("2.", G2),
    ]
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    make_un_pdf(
        path,
        blocks,
        symbol="A/80/257",
        title=report_title,
        cover=report_cover(TITLE, report_title),
        running_title=False,
        spacer_lines=request.param,
    )
    return parse_file(path)


def test_report_scopes_restart_numbering(report):
    keys = [(p.scope, p.ref) for p in report.paragraphs]
    assert keys == [
        ("main", "PP1"),
        ("annex", "1"), ("annex", "2"), ("annex", "3"), ("annex", "4"), ("annex", "5"),
        ("annex", "5(a)"), ("annex", "5(b)"),
        ("annex I", "1"), ("annex I", "2"),
    ]
    assert report.meta.symbol == "A/80/257"
    assert report.meta.default_scope == "annex"  # the note itself has no numbered paragraphs


def test_report_texts_and_pages(report):
    main, annex, annex1 = by_ref(report), by_ref(report, "annex"), by_ref(report, "annex I")
    assert main["PP1"].text == NOTE and main["PP1"].pages == (1,)
    assert [annex[str(k)].text.split("\n")[0] for k in range(1, 6)] == [R1, R2, R3, R4, R5]
    assert annex["5"].text == "\n".join([R5, R5A, R5B])
    assert annex["1"].pages == (2,)
    assert (annex1["1"].text, annex1["2"].text) == (G1, G2)
    assert annex1["1"].pages == (3,)


def test_report_heading_paths(report):
    annex, annex1 = by_ref(report, "annex"), by_ref(report, "annex I")
    # heading: the innermost heading; heading_path: the whole context, with the annex's title
    assert annex["1"].heading == "I. Introduction"
    assert annex["3"].heading == "A. Existing and potential threats"
    assert annex["3"].heading_path.endswith("II. A. Existing and potential threats")
    assert annex["5"].heading == "B. Rules, norms and principles"
    assert annex["5"].heading_path.endswith("II. B. Rules, norms and principles")
    assert annex["5(a)"].heading == annex["5"].heading
    assert annex1["1"].heading == ""  # the title under "Annex I" is the annex's title, not a heading
    assert annex1["1"].heading_path == "Elements of the Global Mechanism"
    assert by_ref(report)["PP1"].heading == ""  # "Note by the Secretary-General" belongs to the title block


@pytest.mark.parametrize("by_rise", [False, True], ids=["moved-baseline", "text-rise"])
def test_footnote_marks_raised_either_way_are_data_not_text(tmp_path, by_rise):
    blocks = [text("The General Assembly,"), pp(PP1), para("1.", "Recalls its Declaration,{^1} in which it agreed;",
                                                             footnotes=["Resolution 55/2."]),
              para("2.", "Decides to remain seized of the matter.")]
    path = make_un_pdf(tmp_path / "A_RES_80_99.pdf", blocks, symbol="A/RES/80/99", title=TITLE, marks_by_rise=by_rise)
    got = by_ref(parse_file(path))
    assert got["1"].text == "Recalls its Declaration, in which it agreed;"
    assert [(f.mark, f.text) for f in got["1"].footnotes] == [("1", "Resolution 55/2.")]
    assert got["2"].footnotes == ()
