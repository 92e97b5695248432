"""The parser on the real corpus: the 55 resolutions of the 80th session and a raw pypdf-like page text.

Expected paragraph numbers and texts are computed here from the source files with simple,
independent rules (not with the parser's code), so the tests fail if the parser loses, invents,
duplicates or reorders paragraphs, or leaves furniture in them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RAW_DIR, RESOLUTIONS_DIR, require_corpus
from index.models import ParsedDocument
from index.parser import parse_file

pytestmark = pytest.mark.corpus

CORPUS_FILES = (
    sorted((p.name for p in RESOLUTIONS_DIR.glob("*.md")), key=lambda n: int(re.findall(r"\d+", n)[-1]))
    if RESOLUTIONS_DIR.is_dir()
    else ["(corpus missing)"]
)

FURNITURE = {
    "job number": re.compile(r"\b\d{2}-\d{5}\b"),
    "page marker line": re.compile(r"(?m)^\d{1,3}/\d{1,3}$"),
    "barcode": re.compile(r"\*\d{6,}\*"),
    "footnote marker": re.compile(r"\[\^"),
    "underscore run": re.compile(r"_{4,}"),
    "plenary meeting line": re.compile(r"\b\d+(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting\b"),
}
TITLE_75_240 = "Developments in the field of information and telecommunications in the context of international security"
INLINE_PUNCT = r"[.;!?][’”\"')\]]*(?:\s*\d{1,3})?"


# ---- independent reading of the source ------------------------------------------------------
def source_lines(path: Path) -> list[str]:
    """Body lines of a corpus .md file: no front matter, no footnote definitions, no [^N] markers."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    out: list[str] = []
    in_note = False
    for line in body.split("\n"):
        if line.startswith("[^"):
            in_note = True
            continue
        if in_note and (line.startswith("    ") or not line.strip()):
            continue
        in_note = False
        out.append(" ".join(re.sub(r"\[\^\d+\]", "", line).split()))
    joined: list[str] = []
    for line in out:  # a chapter label alone on its line belongs to the next line
        if joined and re.fullmatch(r"[IVXL]+\.", joined[-1]) and line:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def scope_of(line: str, current: str) -> str | None:
    m = re.match(r"^(Annex|Appendix)(?:\s+([IVXL]+|[A-Z])(?=\s|$))?(.*)$", line)
    if not m or re.search(r"[.;,]$", line):
        return None
    return m.group(1).lower() + (f" {m.group(2)}" if m.group(2) else "")


def next_line_start_numbers(lines: list[str]) -> list[int | None]:
    """For each line, the number of the next line that starts with "N. " in the same scope (None if none)."""
    out: list[int | None] = [None] * len(lines)
    nxt: int | None = None
    for idx in range(len(lines) - 1, -1, -1):
        out[idx] = nxt
        if scope_of(lines[idx], "") is not None:
            nxt = None
        elif m := re.match(r"^(\d{1,3})\.\s+", lines[idx]):
            nxt = int(m.group(1))
    return out


def source_markers(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Paragraph markers per scope: (number, line index, text after the marker up to the next marker).

    A marker inside a line counts after a sentence end ("... Development. 2. We"), or after a
    word when the source skips that number otherwise: the next line-start marker is the one
    after it ("... facility for 15. We emphasize" with "16." starting the next line).
    """
    scope = "main"
    last: dict[str, int] = {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    lines = source_lines(path)
    next_start = next_line_start_numbers(lines)
    for idx, line in enumerate(lines):
        new_scope = scope_of(line, scope)
        if new_scope:
            scope = new_scope
            last[scope] = 0
            continue
        n = last.get(scope, 0)
        hits: list[tuple[int, int]] = []  # (number, start of its text)
        m = re.match(r"^(\d{1,3})\.\s+", line)
        g = re.match(r"^(?:[IVXL]+\.\s+)?[A-Z][^.;:]*?\s(\d{1,3})\.\s+(?=[“\"]?[A-Z])", line)
        if m and int(m.group(1)) > n:
            n = int(m.group(1))
            hits.append((n, m.end()))
        elif g and n < int(g.group(1)) <= n + 3 and len(line[: g.start(1)].split()) <= 25:
            n = int(g.group(1))  # a heading glued to the paragraph: "Partnerships ... 17. We invite"
            hits.append((n, g.end()))
        pos = hits[-1][1] if hits else 0
        while True:
            nxt = re.compile(rf"{INLINE_PUNCT}\s+({n + 1})\.\s+(?=[“\"‘]?[A-Z])").search(line, pos)
            if not nxt and next_start[idx] == n + 2:
                nxt = re.compile(rf"[a-z]\s+({n + 1})\.\s+(?=[“\"‘]?[A-Z])").search(line, pos)
            if not nxt:
                break
            n += 1
            hits.append((n, nxt.end()))
            pos = nxt.end()
        for k, (num, start) in enumerate(hits):
            end = len(line)
            if k + 1 < len(hits):
                end = line.rfind(f"{hits[k + 1][0]}.", start, hits[k + 1][1])
            found.setdefault(scope, []).append((num, idx, line[start:end].strip()))
        last[scope] = n
    return found


def running_titles(path: Path) -> list[str]:
    """Body lines that repeat the start of the title (the running header of the PDF pages)."""
    lines = source_lines(path)
    title = next((m.group(1) for ln in lines if (m := re.match(r"^\d{2}/\d+\.\s+(.*)$", ln))), "")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("The General Assembly"))
    return sorted(
        {ln for ln in lines[start:] if len(ln) >= 12 and title.startswith(ln) and not re.match(r"^Annex\b", ln)}
    )


def loose(text: str) -> str:
    """Whitespace collapsed; 'X- y' extraction artefacts and 'X-y' compared alike."""
    return re.sub(r"(?<=[A-Za-z])- (?=[a-z])", "-", " ".join(text.split()))


# ---- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> dict[str, ParsedDocument]:
    require_corpus()
    return {name: parse_file(RESOLUTIONS_DIR / name) for name in CORPUS_FILES}


def numbered(doc: ParsedDocument, scope: str) -> list:
    return [p for p in doc.paragraphs if p.scope == scope and not p.parent and p.ref.isdigit()]


# ---- the 55 resolutions ------------------------------------------------------------------------
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_source_marker_parsed_once_in_order(corpus, name):
    doc = corpus[name]
    markers = source_markers(RESOLUTIONS_DIR / name)
    assert markers, "the source has numbered paragraphs"
    for scope, found in markers.items():
        expected = [n for n, _, _ in found]
        parsed = numbered(doc, scope)
        explicit = [int(p.ref) for p in parsed if not p.inferred]
        assert explicit == expected, f"{scope}: parsed {explicit} vs source markers {expected}"
        allnums = [int(p.ref) for p in parsed]
        assert allnums == sorted(set(allnums)), f"{scope}: numbers repeat or go backwards: {allnums}"
        for p in parsed:
            if p.inferred:  # an inferred number only fills a gap the source leaves
                assert p.ref not in {str(n) for n in expected}
                assert int(p.ref) - 1 in allnums
        gaps = {(a, b) for a, b in zip(expected, expected[1:]) if b != a + 1}
        for a, b in zip(allnums, allnums[1:]):
            if b != a + 1:
                assert any(lo <= a and b <= hi for lo, hi in gaps), f"{scope}: {a}->{b} skips where the source does not"
    assert set(p.scope for p in doc.paragraphs if p.ref.isdigit()) == set(markers)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_no_furniture_or_foreign_markers_in_text(corpus, name):
    doc = corpus[name]
    symbol = doc.meta.symbol
    for p in doc.paragraphs:
        for what, rx in FURNITURE.items():
            assert not rx.search(p.text), f"{p.scope} {p.ref}: {what} in {p.text[:200]!r}"
        for line in p.text.split("\n"):
            assert line.strip() != symbol, f"{p.ref}: symbol line"
            assert not re.match(r"^\d{1,3}\.\s", line), f"{p.ref}: another paragraph's marker: {line[:80]!r}"
        assert p.text == p.text.strip() and "  " not in p.text
        assert not p.text.startswith(f"{p.ref}.")


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_running_title_lines_removed(corpus, name):
    path = RESOLUTIONS_DIR / name
    lines = source_lines(path)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("The General Assembly"))
    body = lines[start + 1 :]
    top = [p for p in corpus[name].paragraphs if not p.parent]
    for title in running_titles(path):
        in_text = sum(ln.count(title) for ln in body if ln != title)
        parsed = sum(p.text.count(title) for p in top)
        assert parsed <= in_text, f"running title {title!r} left in paragraph text"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_single_line_paragraph_text_is_exact(corpus, name):
    path = RESOLUTIONS_DIR / name
    lines = source_lines(path)
    doc = corpus[name]
    checked = 0
    for scope, found in source_markers(path).items():
        by_ref = {p.ref: p for p in numbered(doc, scope)}
        for k, (n, idx, text) in enumerate(found):
            same_line_next = k + 1 < len(found) and found[k + 1][1] == idx
            following = next((ln for ln in lines[idx + 1 :] if ln), "")
            if not (same_line_next or following.startswith(f"{n + 1}. ")):
                continue  # the paragraph goes on over more lines: not a single-line case
            assert loose(by_ref[str(n)].text) == loose(text), f"{scope} {n}"
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_records_are_well_formed(corpus, name):
    doc = corpus[name]
    orders = [p.order for p in doc.paragraphs]
    assert orders == list(range(len(orders)))
    keys = [p.key() for p in doc.paragraphs]
    assert len(keys) == len(set(keys)), "duplicate (symbol, scope, ref)"
    seen: set[tuple[str, str]] = set()
    for p in doc.paragraphs:
        assert p.symbol == doc.meta.symbol and p.text
        assert p.pages == ()  # Markdown extractions carry no page numbers
        if p.parent:
            assert (p.scope, p.parent) in seen, f"{p.ref} comes before its parent"
            assert p.ref.startswith(p.parent + "(")
            assert p.text.startswith(p.ref[p.ref.rindex("(") :]), "a sub-paragraph's text starts with its label"
            parent = next(q for q in doc.paragraphs if q.scope == p.scope and q.ref == p.parent)
            assert p.text.split("\n")[0] in parent.text
        seen.add((p.scope, p.ref))


def test_parse_all_55_quickly(corpus):
    assert len(corpus) == 55
    assert sum(len(d.paragraphs) for d in corpus.values()) > 1000


def test_a_res_80_16_paragraph_2_spans_the_running_header(corpus):
    doc = corpus["A_RES_80_16.md"]
    p2 = next(p for p in doc.paragraphs if p.ref == "2" and p.scope == "main")
    assert "as endorsed by the General Assembly in its resolution 79/237" in p2.text
    assert p2.text.endswith("to the Global Mechanism;")
    assert [p.ref for p in doc.paragraphs] == ["PP1", "PP2", "PP3", "1", "2", "3", "4"]


def test_a_res_80_52_title_and_text_come_from_the_body_not_the_wrong_front_matter(corpus):
    doc = corpus["A_RES_80_52.md"]
    # The front matter calls it the Bangkok Treaty resolution; its own "80/52. ..." line does not.
    assert doc.meta.title == "Implementation of the Convention on Cluster Munitions"
    assert not any("Bangkok" in p.text for p in doc.paragraphs)
    assert any("Convention on Cluster Munitions" in p.text for p in doc.paragraphs)
    workshop = [p for p in doc.paragraphs if "South-East Asia and Pacific Regional Workshop" in p.text]
    assert len(workshop) == 1  # the body's own mention of the region is kept


def test_a_res_80_3_scopes_headings_and_inferred_number(corpus):
    doc = corpus["A_RES_80_3.md"]
    by = {(p.scope, p.ref): p for p in doc.paragraphs}
    assert by[("main", "2")].inferred and by[("main", "2")].text.startswith("Expresses its profound gratitude")
    assert by[("annex", "3")].heading == "I. Global context and shared commitments"
    assert by[("annex", "3")].text.startswith("We gather at a critical juncture")
    assert by[("annex", "13")].heading.startswith("II. Implementation of the Awaza Programme")
    assert by[("annex", "13")].text.startswith("We strongly commit ourselves")
    assert by[("annex", "17")].heading == "Partnerships and support mechanisms"
    assert by[("annex", "17")].heading_path.endswith("II. Partnerships and support mechanisms")
    assert by[("annex", "13(b)")].text == "(b) Trade, trade facilitation and regional integration;"
    assert "\n(e) Means of implementation." in by[("annex", "13")].text


def source_preamble(path: Path) -> list[str]:
    """Preambular paragraphs read from the source: the lines between "The General Assembly," and
    "1. ", a line joined to the one before when that one stops without punctuation (a page break)."""
    lines = source_lines(path)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("The General Assembly"))
    paras: list[str] = []
    for line in lines[start + 1 :]:
        if re.match(r"^1\.\s", line):
            break
        if not line:
            continue
        if paras and not re.search(r"[,.;:]\s*\d{0,3}$", paras[-1]):
            paras[-1] = f"{paras[-1]} {line}"
        else:
            paras.append(line)
    return paras


@pytest.mark.parametrize(("name", "joined"), [
    ("A_RES_80_53.md", ("Group of Scientific and", "Technical Experts on Nuclear Disarmament Verification")),
    ("A_RES_80_22.md", ("Production and", "Stockpiling of Bacteriological (Biological) and Toxin Weapons")),
])
def test_preambular_paragraph_continued_over_a_page_break_is_one_paragraph(corpus, name, joined):
    doc = corpus[name]
    expected = source_preamble(RESOLUTIONS_DIR / name)
    assert any(f"{joined[0]} {joined[1]}" in text for text in expected)  # the source does run on
    preamble = [p for p in doc.paragraphs if p.ref.startswith("PP")]
    assert [p.ref for p in preamble] == [f"PP{k}" for k in range(1, len(expected) + 1)]
    assert [loose(p.text) for p in preamble] == [loose(text) for text in expected]
    assert not any(p.text.startswith(joined[1]) for p in preamble)  # no fragment of its own


def test_a_res_80_53_pp3_ends_where_the_source_sentence_ends(corpus):
    by = {p.ref: p for p in corpus["A_RES_80_53.md"].paragraphs}
    lines = source_lines(RESOLUTIONS_DIR / "A_RES_80_53.md")
    first = next(ln for ln in lines if ln.startswith("Recalling further its resolution 71/67"))
    second = next(ln for ln in lines if ln.startswith("Technical Experts on Nuclear Disarmament Verification, as well as"))
    assert loose(by["PP3"].text) == loose(f"{first} {second}")
    assert by["PP4"].text.startswith("Recalling its resolution 78/239 of 22 December 2023")


def test_a_res_80_3_annex_paragraph_15_is_split_from_14(corpus):
    by = {(p.scope, p.ref): p for p in corpus["A_RES_80_3.md"].paragraphs}
    line = next(ln for ln in source_lines(RESOLUTIONS_DIR / "A_RES_80_3.md") if ln.startswith("14. We reaffirm"))
    head, sep, tail = line.partition(" 15. We emphasize")  # the source lost the end of 14 and the line break
    assert sep
    assert loose(by[("annex", "14")].text) == loose(head.removeprefix("14. "))
    assert loose(by[("annex", "15")].text) == loose("We emphasize" + tail)
    assert not by[("annex", "15")].inferred
    assert by[("annex", "15")].heading == by[("annex", "14")].heading
    assert by[("annex", "16")].text.startswith("We stress the importance of developing trade-related")


def test_a_res_80_5_inline_merged_paragraph_split(corpus):
    doc = corpus["A_RES_80_5.md"]
    by = {(p.scope, p.ref): p for p in doc.paragraphs}
    assert by[("annex", "2")].text.startswith("We acknowledge")
    assert doc.meta.default_scope == "annex"  # the resolution's own text is one unnumbered paragraph


# ---- raw pypdf-like text ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def res_75_240() -> ParsedDocument:
    require_corpus()
    return parse_file(RAW_DIR / "A_RES_75_240.txt")


def test_raw_footnote_reference_is_not_left_in_the_text(res_75_240):
    source = " ".join((RAW_DIR / "A_RES_75_240.txt").read_text(encoding="utf-8").split())
    assert "in its 2015 report,1 identified" in source  # the footnote 1 reference, as pypdf gives it
    [pp] = [p for p in res_75_240.paragraphs if "in its 2015 report" in p.text]
    assert "in its 2015 report, identified as of central importance" in pp.text


def test_raw_paragraph_2_is_one_clean_paragraph_across_the_page_break(res_75_240):
    p2 = next(p for p in res_75_240.paragraphs if p.ref == "2")
    for furniture in ("A/RES/75/240", "21-00006", "3/4", "4/4", "____", "2  A/68/98.", "A/68/98"):
        assert furniture not in p2.text
    assert "upon the conclusion of the work of the current Open-ended Working Group" in p2.text
    assert "Information and Telecommunications in the Context" in p2.text
    assert p2.text.endswith("may adopt a decision in this respect;")
    assert "\n" not in p2.text
    assert p2.pages == (3, 4)


def test_raw_paragraph_1_from_a_number_alone_on_its_line(res_75_240):
    p1 = next(p for p in res_75_240.paragraphs if p.ref == "1")
    assert p1.text.startswith("Decides to convene, starting from 2021")
    assert p1.pages == (3,)


def test_raw_document_structure(res_75_240):
    doc = res_75_240
    assert doc.meta.symbol == "A/RES/75/240"
    assert doc.meta.title == TITLE_75_240
    assert doc.page_count == 4
    refs = [p.ref for p in doc.paragraphs]
    assert refs[-5:] == ["1", "2", "3", "4", "5"] and all(r.startswith("PP") for r in refs[:-5])
    pp17 = next(p for p in doc.paragraphs if p.ref == "PP17")  # spans pages 2-3 with a footnote
    assert pp17.pages == (2, 3) and "1  A/70/174." not in pp17.text and "A/70/174" not in pp17.text
    assert "respect for human rights and fundamental freedoms; and non-intervention" in pp17.text
    quoting_title = [p.ref for p in doc.paragraphs if TITLE_75_240 in p.text]
    assert quoting_title == ["5"]  # only paragraph 5 names the agenda item; the running headers are gone
