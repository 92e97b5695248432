"""Unit tests of the layout rules (index/pdf_layout.py) on glyphs placed by hand.

Each test draws a few lines the way a word processor does — positions, sizes, raised marks,
rules — and checks one rule: footnote marks, furniture, footnote bodies, block boundaries,
page-break joins, labels and tab stops, hyphenation evidence.
"""

from __future__ import annotations

from index.pdf_glyphs import Glyph, PageGlyphs, Rule
from index.pdf_layout import (
    LayoutBlock,
    Line,
    Metrics,
    Word,
    analyse_layout,
    continues_across_pages,
    edge_group,
    furniture_residue,
    page_lines,
    parse_footnotes,
    split_footnotes,
    split_mark,
    starts_new_block,
    strip_furniture,
    tab_stops,
    uses_hyphenation,
)

W, H = 595.0, 842.0


def glyphs(text: str, x: float, baseline: float, size: float = 10.0, bold: bool = False, raised: str = "") -> list[Glyph]:
    """``text`` set from ``x`` on ``baseline``; ``^12`` in it is a raised, smaller mark. A space
    advances like a space, a tab (``\\t``) to x + 24."""
    out: list[Glyph] = []
    cx = x
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "^":
            j = i + 1
            while j < len(text) and (text[j].isdigit() or text[j] in "*,"):
                j += 1
            for mch in text[i + 1 : j]:
                s = size * 0.58
                out.append(Glyph(mch, cx, cx + s * 0.5, baseline - size * 0.35 - s, baseline - size * 0.35, baseline - size * 0.35, s, bold))
                cx += s * 0.5
            i = j
            continue
        if ch == " ":
            cx += size * 0.25
        elif ch == "\t":
            cx += 24.0
        else:
            out.append(Glyph(ch, cx, cx + size * 0.5, baseline - size, baseline, baseline, size, bold))
            cx += size * 0.5
        i += 1
    return out


def page(number: int, *runs: list[Glyph], rules: tuple[Rule, ...] = ()) -> PageGlyphs:
    return PageGlyphs(number, W, H, tuple(g for run in runs for g in run), rules)


def line(text: str, x0: float = 100.0, top: float = 100.0, size: float = 10.0, page_no: int = 1, x1: float | None = None,
         label: str = "", bold: bool = False) -> Line:
    words = []
    x = x0
    for t in text.split():
        words.append(Word(t, x, x + len(t) * size * 0.5, bold=bold))
        x += len(t) * size * 0.5 + size * 0.25
    return Line(page_no, top, top + size, x0, x1 if x1 is not None else words[-1].x1, size, tuple(words), label=label)


METRICS = Metrics(body_size=10.0, body_x=100.0, line_gap={10.0: 2.0}, right_edge={1: 500.0, 2: 500.0}, first_indent=False)


# ---- footnote marks ------------------------------------------------------------------------
def test_raised_small_digits_are_marks_not_text():
    (ln,) = page_lines(page(1, glyphs("the Declaration,^2 in which", 100, 200)))
    assert ln.text == "the Declaration, in which"
    assert ln.marks == ("2",)


def test_two_marks_and_a_mark_after_a_bracket_and_a_full_stop():
    (ln,) = page_lines(page(1, glyphs("Research (UNIDIR)^4 in 2023.^1 and expenditures,^3,4 both", 100, 200)))
    assert ln.text == "Research (UNIDIR) in 2023. and expenditures, both"
    assert ln.marks == ("4", "1", "3", "4")


def test_a_footnote_body_opens_with_its_mark():
    (ln,) = page_lines(page(1, glyphs("^12\tA/77/275, A/78/265.", 100, 780, size=8.0)))
    assert ln.lead_mark == "12" and ln.text == "A/77/275, A/78/265." and ln.marks == ()


def test_digits_on_the_baseline_stay_text():
    (ln,) = page_lines(page(1, glyphs("resolution 75/240 of 2020 and 1540", 100, 200)))
    assert ln.text == "resolution 75/240 of 2020 and 1540" and ln.marks == ()


def test_split_mark_uses_the_footnotes_of_the_page():
    assert split_mark("67", {"6", "7"}) == ["6", "7"]
    assert split_mark("67", {"67"}) == ["67"]
    assert split_mark("12", {"1", "2", "12"}) == ["12"]
    assert split_mark("23", {"5"}) == ["23"]
    assert split_mark("102", {"1", "2", "10"}) == ["10", "2"]


# ---- furniture --------------------------------------------------------------------------------
def test_furniture_residue_keeps_only_what_is_not_furniture():
    assert furniture_residue("2/18 25-11834", "A/80/257", pages=18) == ""
    assert furniture_residue("2/18 25-11834", "A/80/257") == ""  # page count unknown
    assert furniture_residue("25-11705 (E) 250725 280725", "A/80/257") == ""
    assert furniture_residue("A/80/257", "A/80/257") == ""
    assert furniture_residue("*2511834*", "") == ""
    assert furniture_residue("A/RES/80/12 Objective information", "A/RES/80/12") == "Objective information"
    assert furniture_residue("A/54/298.", "A/80/257") == "A/54/298."  # another document's symbol is text
    assert furniture_residue("resolution 75/240", "A/80/257", pages=18) == "resolution 75/240"  # not a page marker


def _pages_with_header(title: str = "Objective information on military matters"):
    pages = []
    for n in (1, 2, 3):
        runs = [glyphs(f"A/RES/80/12 {title}" if n > 1 else "A/RES/80/12", 72, 40, size=8.0)]
        runs.append(glyphs("States recalled the report of the group in" + (" weapons." if n == 2 else " full."), 100, 110))
        runs.append(glyphs(f"{n}/3 25-19542", 72, 805, size=8.0))
        pages.append(page(n, *runs))
    return [page_lines(p) for p in pages]


def test_headers_and_footers_go_body_lines_in_the_band_stay():
    cleaned, removed = strip_furniture(_pages_with_header(), [H] * 3, "A/RES/80/12")
    assert all(len(lines) == 1 and lines[0].text.startswith("States recalled") for lines in cleaned)
    assert "2/3 25-19542" in removed


def test_a_running_title_that_repeats_is_removed_even_with_its_symbol():
    cleaned, removed = strip_furniture(_pages_with_header("A running title that says nothing"), [H] * 3, "A/RES/80/12")
    assert not any("running title" in ln.text for lines in cleaned for ln in lines)


def test_edge_group_stops_at_the_first_wide_gap():
    lines = [line("A/80/257", top=35, size=8), line("Running title", top=45, size=8), line("Body text here", top=86),
             line("More body text", top=98)]
    assert edge_group(lines, "top") == {0, 1}
    assert edge_group(lines[2:], "top") == set()  # text all the way: nothing stands apart


# ---- footnote bodies ---------------------------------------------------------------------------
def test_footnotes_are_the_small_lines_under_the_short_rule():
    p = page(1, glyphs("States recalled the report.^1", 100, 700), glyphs("^1\tA/70/174.", 100, 760, size=8.0),
             glyphs("^2\tA/68/98, see also the report of", 100, 770, size=8.0), glyphs("the group.", 100, 780, size=8.0),
             rules=(Rule(72.0, 185.0, 745.0),))
    body, notes = split_footnotes(page_lines(p), p.rules, 10.0, W)
    assert [ln.text for ln in body] == ["States recalled the report."]
    parsed = parse_footnotes([notes])
    assert [(f.mark, f.lines) for f in parsed] == [("1", ("A/70/174.",)), ("2", ("A/68/98, see also the report of", "the group."))]


def test_a_long_rule_or_body_size_text_under_a_rule_is_not_a_footnote_separator():
    p = page(1, glyphs("States recalled the report.", 100, 700), glyphs("Text after a table rule.", 100, 760),
             rules=(Rule(72.0, 185.0, 745.0),))
    body, notes = split_footnotes(page_lines(p), p.rules, 10.0, W)
    assert notes == [] and len(body) == 2


def test_a_footnote_continued_on_the_next_page_goes_on():
    first = page_lines(page(1, glyphs("^3\tUnited Nations, Treaty Series,", 100, 780, size=8.0)))
    second = page_lines(page(2, glyphs("vol. 610, No. 8843.", 100, 760, size=8.0), glyphs("^4\tA/80/1.", 100, 770, size=8.0)))
    parsed = parse_footnotes([first, second])
    assert [(f.page, f.mark, f.lines) for f in parsed] == [(1, "3", ("United Nations, Treaty Series,", "vol. 610, No. 8843.")),
                                                           (2, "4", ("A/80/1.",))]


def test_text_separator_line_of_underscores():
    p = page(1, glyphs("States met.", 100, 600), glyphs("__________", 100, 700, size=8.0), glyphs("1 A/70/174.", 100, 712, size=8.0))
    body, notes = split_footnotes(page_lines(p), (), 10.0, W)
    assert [ln.text for ln in body] == ["States met."] and parse_footnotes([notes])[0].mark == "1"


# ---- blocks ---------------------------------------------------------------------------------
def test_new_block_after_a_paragraph_gap_not_after_the_line_spacing():
    a = line("States recalled the report of the group and the", top=100, x1=499)
    b = line("work of the Conference.", top=112)
    c = line("States also noted the work of the Conference.", top=130)
    assert not starts_new_block(a, b, a, METRICS)
    assert starts_new_block(b, c, a, METRICS)


def test_new_block_at_a_first_line_indent_and_at_a_label():
    cont = line("the guidelines and recommendations for objective information on military", top=100, x1=499)
    indented = line("Noting the role of the system,", x0=124, top=112)
    labelled = line("12. States reaffirmed the norms.", top=112, label="12.")
    assert starts_new_block(cont, indented, cont, METRICS)
    assert starts_new_block(cont, labelled, cont, METRICS)


def test_hanging_label_then_its_continuation_is_one_block():
    first = Line(1, 100, 110, 72, 499, 10.0, (Word("12.", 72, 82), Word("States", 100, 130), Word("reaffirmed", 132, 182)), label="12.")
    cont = line("the norms of responsible State behaviour.", x0=100, top=112)
    assert not starts_new_block(first, cont, first, METRICS)


def test_a_line_that_stopped_although_the_next_word_fitted_ends_a_paragraph():
    short = line("The Group met.", top=100)  # ends far from the right edge
    nxt = line("States agreed on the text.", top=112)
    assert starts_new_block(short, nxt, short, METRICS)
    wrapped = line("The Group met in New York and in Geneva and agreed on", top=100, x1=496)
    nxt2 = line("States and the text.", top=112)
    assert not starts_new_block(wrapped, nxt2, wrapped, METRICS)


def test_headings_and_body_are_separate_blocks():
    head = line("B. Existing and potential threats", top=100, bold=True)
    body = line("States expressed concern.", top=112)
    assert starts_new_block(head, body, head, METRICS)


def test_page_break_joins():
    prev_block = LayoutBlock((line("States recalled the report of the group on the work", top=700, x1=499),))
    last = prev_block.lines[-1]
    assert continues_across_pages(last, line("of the Conference.", top=86, page_no=2), prev_block, METRICS)  # lower case
    assert continues_across_pages(last, line("Conference on Disarmament.", top=86, page_no=2), prev_block, METRICS)  # no full stop
    ended = LayoutBlock((line("States recalled the report.", top=700),))
    assert not continues_across_pages(ended.lines[-1], line("States also noted it.", top=86, page_no=2), ended, METRICS)
    assert not continues_across_pages(last, line("13. States noted.", top=86, page_no=2, label="13."), prev_block, METRICS)
    assert not continues_across_pages(last, line("Annex", top=86, page_no=2), prev_block, METRICS)
    hyph = LayoutBlock((line("States recalled the na-", top=700, x1=499),))
    assert continues_across_pages(hyph.lines[-1], line("tional report.", top=86, page_no=2), hyph, METRICS)


def test_tab_stops_are_where_many_labelled_lines_start_their_text():
    lines = [Line(1, 0, 0, 100, 400, 10.0, (Word(f"{n}.", 100, 110), Word("States", 136, 160)), label="") for n in range(1, 5)]
    assert tab_stops(lines) == frozenset({136})


# ---- hyphenation evidence -------------------------------------------------------------------------
def _block(*texts: str) -> LayoutBlock:
    return LayoutBlock(tuple(line(t, top=100 + 12 * k) for k, t in enumerate(texts)))


def test_hyphenation_evidence():
    from index.lexicon import english_words

    lex = english_words()
    assert uses_hyphenation([_block("the in-", "frastructure of cooperation")], lex)
    assert uses_hyphenation([_block("the addi-", "tional protocol"), _block("the infrastructure", "as a whole")], lex)
    assert not uses_hyphenation([_block("subject to re-", "examination of the mandate"), _block("the age-", "sensitive approach")], lex)
    assert not uses_hyphenation([_block("non-", "State actors")], lex)  # a capital: never a break
    assert not uses_hyphenation([_block("no hyphen", "here")], lex)


def test_whole_page_flow_a_paragraph_over_a_page_with_a_footnote():
    p1 = page(1, glyphs("A/80/999", 450, 40, size=14.0), glyphs("1.\tStates recalled the report of the group and", 100, 700),
              glyphs("the work of the Conference on the question of the^1", 100, 712),
              glyphs("^1\tA/70/174.", 100, 780, size=8.0), glyphs("25-11834 (E) 010825", 72, 805, size=8.0),
              rules=(Rule(72.0, 185.0, 770.0),))
    p2 = page(2, glyphs("A/80/999", 72, 40, size=10.0, bold=True), glyphs("peaceful uses of outer space.", 100, 86),
              glyphs("2.\tStates noted the report.", 100, 104), glyphs("2/2 25-11834", 72, 805, size=8.0))
    doc = analyse_layout([p1, p2])
    texts = [" ".join(b.line_texts()) for b in doc.blocks]
    assert texts == ["1. States recalled the report of the group and the work of the Conference on the question of the "
                     "peaceful uses of outer space.", "2. States noted the report."]
    assert doc.blocks[0].pages == (1, 2) and doc.blocks[0].marks == ((1, "1"),)
    assert [(f.mark, f.lines) for f in doc.footnotes] == [("1", ("A/70/174.",))]
    assert doc.symbol == "A/80/999"
