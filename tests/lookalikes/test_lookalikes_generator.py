"""The look-alike generator (tests/lookalikes/) on the look-alikes it makes: dev and holdout sets.

Truth files parse and have the shared schema; refs are consecutive per scope; every truth text is
in the .docx (read with python-docx, not with the generator's model); footnotes match the
footnotes part; pages are found (and agree with a second PDF engine, pdfplumber); and every
named layout really has, in its PDF, the properties it claims.
"""

from __future__ import annotations

import json
import re
import statistics
import zipfile
from collections import defaultdict

import pytest

from tests.lookalikes.content import generate
from tests.lookalikes.corpus_text import default_corpus_dir, read_pools
from tests.lookalikes.fixtures import lookalikes_fixture
from tests.lookalikes.layouts import LAYOUTS
from tests.lookalikes.locate import locate_blocks, locate_footnotes, reduce
from tests.lookalikes.model import AnnexStart, Heading, Para
from tests.lookalikes.pdf_lines import read_pages
from tests.lookalikes.sets import DEV, DEV_LAYOUTS, HOLDOUT, HOLDOUT_LAYOUTS

pytestmark = pytest.mark.corpus

all_lookalikes = lookalikes_fixture("all_lookalikes", DEV + HOLDOUT)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REF = re.compile(r"^(?:PP(\d+)|(\d+)((?:\([a-z]+\))*))$")
SCHEMA = ("symbol", "scope", "ref", "heading", "page", "text")


def by_name(lookalikes) -> dict:
    return {lk.name: lk for lk in lookalikes}


@pytest.fixture(scope="session")
def analysed(all_lookalikes):
    """name -> (look-alike, document, pages, block locations), computed when first asked for."""
    pools = read_pools(default_corpus_dir())
    cache: dict = {}
    lookalikes = by_name(all_lookalikes)

    def get(name: str):
        if name not in cache:
            lk = lookalikes[name]
            doc = generate(lk.layout, lk.seed, pools)
            pages = read_pages(lk.pdf)
            cache[name] = (lk, doc, pages, locate_blocks(doc, pages, lk.layout))
        return cache[name]

    return get


def one_per_layout() -> list[str]:
    """The first look-alike of every layout (layout properties do not depend on the seed)."""
    seen: dict[str, str] = {}
    for layout, seed in DEV + HOLDOUT:
        seen.setdefault(layout, f"{layout}-s{seed}")
    return list(seen.values())


def label_of(ref: str) -> str | None:
    match = REF.match(ref)
    if match.group(1):
        return None
    parts = re.findall(r"\(([a-z]+)\)", match.group(3))
    return f"({parts[-1]})" if parts else f"{match.group(2)}."


# ---- the sets ----------------------------------------------------------------------------------


def test_sets_are_documented_and_disjoint():
    assert not set(DEV) & set(HOLDOUT)
    assert set(HOLDOUT_LAYOUTS) <= set(LAYOUTS) and set(DEV_LAYOUTS) <= set(LAYOUTS)
    assert not {layout for layout, _ in DEV} & set(HOLDOUT_LAYOUTS), "holdout-only layouts must not be in DEV"
    assert set(DEV_LAYOUTS) <= {layout for layout, _ in HOLDOUT}, "HOLDOUT must have other seeds of every dev layout"
    from tests.lookalikes.make import PACKAGE

    text = (PACKAGE / "README.md").read_text(encoding="utf-8")
    for layout, seed in DEV + HOLDOUT:
        assert f"{layout}-s{seed}" in text, f"{layout}-s{seed} is not listed in tests/lookalikes/README.md"


# ---- truth files -------------------------------------------------------------------------------


def test_truth_files_parse_with_the_shared_schema(all_lookalikes):
    shared = default_corpus_dir() / "pdf" / "report_a80.truth.jsonl"
    shared_keys = {tuple(json.loads(line)) for line in shared.read_text(encoding="utf-8").splitlines()} if shared.is_file() else set()
    for lk in all_lookalikes:
        records = lk.records()
        assert records, lk.name
        keys = {tuple(r) for r in records}
        assert keys <= {SCHEMA, SCHEMA + ("full_text",)}, (lk.name, keys)
        if shared_keys:
            assert keys == shared_keys, f"{lk.name}: keys {keys} differ from the shared truth files' {shared_keys}"
        assert {r["symbol"] for r in records} == {lk.manifest_data()["symbol"]}
        for r in records:
            assert isinstance(r["page"], int) and r["text"] and r["text"] == r["text"].strip()
            assert "\t" not in r["text"] and "  " not in r["text"], (lk.name, r["ref"])


def test_refs_are_consecutive_per_scope(all_lookalikes):
    for lk in all_lookalikes:
        numbers: dict[str, list[int]] = defaultdict(list)
        pps: dict[str, list[int]] = defaultdict(list)
        children: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in lk.records():
            match = REF.match(r["ref"])
            assert match, (lk.name, r["ref"])
            if match.group(1):
                assert not numbers[r["scope"]], f"{lk.name}: {r['ref']} after an operative paragraph"
                pps[r["scope"]].append(int(match.group(1)))
                continue
            parts = re.findall(r"\(([a-z]+)\)", match.group(3))
            if not parts:
                numbers[r["scope"]].append(int(match.group(2)))
            else:
                parent = match.group(2) + "".join(f"({p})" for p in parts[:-1])
                children[(r["scope"], parent)].append(parts[-1])
        for scope, seq in numbers.items():
            assert seq == list(range(1, len(seq) + 1)), f"{lk.name} {scope}: {seq}"
        for scope, seq in pps.items():
            assert seq == list(range(1, len(seq) + 1)), f"{lk.name} {scope}: PP {seq}"
        for (scope, parent), labels in children.items():
            depth = parent.count("(")
            expected = [chr(ord("a") + k) for k in range(len(labels))] if depth == 0 else \
                ["i", "ii", "iii", "iv", "v", "vi"][: len(labels)]
            assert labels == expected, f"{lk.name} {scope} {parent}: {labels}"


def test_full_text_is_the_text_and_its_labelled_sub_paragraphs(all_lookalikes):
    for lk in all_lookalikes:
        records = lk.records()
        for k, r in enumerate(records):
            subs = []
            for later in records[k + 1 :]:
                if later["scope"] != r["scope"] or not later["ref"].startswith(r["ref"] + "("):
                    break
                subs.append(f"{label_of(later['ref'])} {later['text']}")
            if not subs:
                assert "full_text" not in r, (lk.name, r["ref"])
                continue
            own = f"{label_of(r['ref'])} " if "(" in r["ref"] else ""
            assert r["full_text"] == own + r["text"] + "".join(" " + s for s in subs), (lk.name, r["ref"])


def test_headings_are_the_innermost_heading_of_the_scope(all_lookalikes, analysed):
    for name in one_per_layout():
        lk, doc, _, _ = analysed(name)
        expected, heading = [], ""
        for block in doc.blocks:
            if isinstance(block, AnnexStart):
                heading = ""
            elif isinstance(block, Heading):
                heading = block.truth
            elif isinstance(block, Para):
                expected.append(heading)
        assert [r["heading"] for r in lk.records()] == expected
        if doc.kind != "resolution":
            headings = {r["heading"] for r in lk.records()}
            assert any(re.match(r"^[IVX]+\. ", h) for h in headings) or any(re.match(r"^[A-H]\. ", h) for h in headings), name
            assert any(h and not re.match(r"^([IVX]+|[A-Z])\. ", h) for h in headings), f"{name}: no H23 subheading"
    (res,) = [n for n in one_per_layout() if n.startswith("resolution_un")]
    assert {r["heading"] for r in analysed(res)[0].records()} == {""}


# ---- the .docx ---------------------------------------------------------------------------------


def test_every_truth_text_is_a_paragraph_of_the_docx_in_order(all_lookalikes):
    import docx

    for lk in all_lookalikes:
        texts = [p.text for p in docx.Document(str(lk.docx)).paragraphs]
        pos = 0
        for r in lk.records():
            label = label_of(r["ref"])
            wanted = f"{label}\t{r['text']}" if label else r["text"]
            try:
                pos = texts.index(wanted, pos) + 1
            except ValueError:
                pytest.fail(f"{lk.name} {r['scope']} {r['ref']}: not a paragraph of the .docx (in order): {wanted[:80]!r}")


def _docx_notes(path):
    with zipfile.ZipFile(path) as z:
        from lxml import etree

        notes = etree.fromstring(z.read("word/footnotes.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    texts = {}
    for fn in notes.iter(f"{W}footnote"):
        note_id = int(fn.get(f"{W}id"))
        if note_id > 0:
            runs = [r for r in fn.iter(f"{W}r")]
            texts[note_id] = "".join(t.text or "" for r in runs[1:] for t in r.iter(f"{W}t"))
    refs = [int(el.get(f"{W}id")) for el in body.iter(f"{W}footnoteReference")]
    before = []
    for p in body.iter(f"{W}p"):
        text = ""
        for el in p.iter(f"{W}t", f"{W}footnoteReference"):
            if el.tag == f"{W}footnoteReference":
                before.append(text[-2:])
            else:
                text += el.text or ""
    return texts, refs, before


def test_footnotes_file_matches_the_docx_footnotes_part(all_lookalikes):
    placements: set[str] = set()
    for lk in all_lookalikes:
        texts, refs, before = _docx_notes(lk.docx)
        data = lk.footnote_data()
        assert refs == sorted(refs) == list(range(1, len(refs) + 1)), f"{lk.name}: footnote ids not in reference order"
        assert list(data["notes"].values()) == [texts[k] for k in refs], lk.name
        numbered = [m for m in data["notes"] if not m.startswith("*")]
        assert numbered == [str(k) for k in range(1, len(numbered) + 1)], lk.name
        refs_in_truth = {(r["scope"], r["ref"]) for r in lk.records()}
        cited = [m for c in data["citations"] for m in c["marks"]] + data["cited_outside_paragraphs"]
        assert sorted(cited) == sorted(data["notes"]), lk.name
        for c in data["citations"]:
            assert (c["scope"], c["ref"]) in refs_in_truth, (lk.name, c)
        assert set(data["pages"]) == set(data["notes"])
        placements.update(b[-1:] if not b[-1:].isalpha() else "word" for b in before)
        placements.update("digit." for b in before if re.fullmatch(r"\d\.", b))
    assert {")", ".", ",", "word", "digit."} <= placements, placements


def test_docx_declares_what_the_layout_says(all_lookalikes):
    for lk in all_lookalikes:
        with zipfile.ZipFile(lk.docx) as z:
            settings, styles = z.read("word/settings.xml").decode(), z.read("word/styles.xml").decode()
        assert ("<w:autoHyphenation/>" in settings) == lk.layout.hyphenation, lk.name
        assert "<w:evenAndOddHeaders/>" in settings
        single = re.search(r'<w:style [^>]*w:styleId="SingleTxt".*?</w:style>', styles, re.S).group(0)
        before = re.search(r'w:before="(\d+)"', single)
        after = re.search(r'w:after="(\d+)"', single)
        space = round(lk.layout.space * 20)
        want = {"after": (0, space), "before": (space, 0), "none": (0, 0)}[lk.layout.spacing]
        assert (int(before.group(1)) if before else 0, int(after.group(1)) if after else 0) == want, lk.name


# ---- pages -------------------------------------------------------------------------------------


def test_pages_are_in_range_and_in_reading_order(all_lookalikes):
    for lk in all_lookalikes:
        manifest = lk.manifest_data()
        pages = [r["page"] for r in lk.records()]
        assert pages == sorted(pages), lk.name
        assert 1 <= pages[0] and pages[-1] <= manifest["pages"], lk.name
        assert 1 in pages, f"{lk.name}: no paragraph on page 1"


@pytest.mark.parametrize("name", ["report_un-s1", "resolution_compact-s1", "note_sg-s1"])
def test_pages_agree_with_pdfplumber(all_lookalikes, name):
    """A second PDF engine finds each paragraph's opening on the page the truth gives."""
    import pdfplumber

    lk = by_name(all_lookalikes)[name]
    body = lk.layout.body_size - 0.6  # footnote marks and bodies are smaller
    with pdfplumber.open(str(lk.pdf)) as pdf:
        page_text = [reduce(p.filter(lambda o: o.get("size", body) >= body).extract_text() or "") for p in pdf.pages]
    for r in lk.records():
        label = label_of(r["ref"]) or ""
        opening = reduce(label + r["text"])[:18]
        assert opening in page_text[r["page"] - 1], f"{name} {r['scope']} {r['ref']}: {opening!r} not on page {r['page']}"


def test_footnotes_are_found_on_their_pages(all_lookalikes, analysed):
    for name in one_per_layout():
        lk, doc, pages, _ = analysed(name)
        found = locate_footnotes(doc, pages, lk.layout)
        marks = doc.marks()
        assert {marks[i]: loc.page for i, loc in found.items()} == lk.footnote_data()["pages"]


# ---- layout properties, measured in the PDF ----------------------------------------------------


def _numbers(lk):
    return [n for n in lk.manifest_data()["features"]["numbers"] if "(" not in n[0].split()[-1]]


@pytest.mark.parametrize("name", one_per_layout())
def test_numbers_sit_where_the_layout_says(all_lookalikes, analysed, name):
    lk, *_ = analysed(name)
    lay = lk.layout
    rows = [(x, text_x, next_x) for _, x, text_x, next_x in _numbers(lk) if next_x is not None]
    assert len(rows) >= 5, name
    for x, text_x, next_x in rows:
        if lay.numbering == "hanging":
            assert abs(x - (lay.text_left - lay.number_width)) < 1.5 and x < next_x - 10
            assert abs(text_x - next_x) < 1.0, "the text of every line aligns"
        elif lay.numbering == "at_indent":
            assert abs(x - lay.text_left) < 1.0 and abs(next_x - x) < 1.0
            assert abs(text_x - (lay.text_left + lay.number_width)) < 1.0
        else:
            assert abs(x - (lay.text_left + lay.number_width)) < 1.0 and abs(next_x - lay.text_left) < 1.0


@pytest.mark.parametrize("name", one_per_layout())
def test_page_font_and_sizes_are_the_layouts(all_lookalikes, analysed, name):
    lk, doc, pages, locations = analysed(name)
    lay = lk.layout
    assert all(abs(p.width - lay.page_size[0]) < 1 and abs(p.height - lay.page_size[1]) < 1 for p in pages)
    body = [pages[p - 1].lines[i] for block, loc in zip(doc.blocks, locations) if isinstance(block, Para)
            for p, i in loc.lines]
    fonts = {ln.font.split("-")[0].split(",")[0] for ln in body}
    assert fonts == {lay.font.replace(" ", "")}, fonts
    assert statistics.mode(c.size for ln in body for c in ln.chars) == lay.body_size
    notes = locate_footnotes(doc, pages, lay)
    sizes = {c.size for loc in notes.values() for p, i in loc.lines for c in pages[p - 1].lines[i].chars if c.text.isalpha()}
    assert sizes == {lay.footnote_size}, sizes


@pytest.mark.parametrize("name", one_per_layout())
def test_alignment_and_spacing_are_the_layouts(all_lookalikes, analysed, name):
    lk, doc, pages, locations = analysed(name)
    lay = lk.layout
    right_edges, gaps, pitches = [], [], []
    blocks = list(zip(doc.blocks, locations))
    for k, (block, loc) in enumerate(blocks):
        if not isinstance(block, Para):
            continue
        lines = [pages[p - 1].lines[i] for p, i in loc.lines]
        right_edges += [ln.x1 for ln in lines[:-1]]
        pitches += [b.chars[0].baseline - a.chars[0].baseline for a, b in zip(lines, lines[1:]) if a.page == b.page]
        if k + 1 < len(blocks) and isinstance(blocks[k + 1][0], Para):
            nxt = pages[blocks[k + 1][1].lines[0][0] - 1].lines[blocks[k + 1][1].lines[0][1]]
            if nxt.page == lines[-1].page:
                gaps.append(nxt.chars[0].baseline - lines[-1].chars[0].baseline - lay.line_pitch)
    assert all(abs(p - lay.line_pitch) < 0.3 for p in pitches)
    expected_gap = 0 if lay.spacing == "none" else lay.space
    assert gaps and all(abs(g - expected_gap) < 0.6 for g in gaps), (statistics.mean(gaps), expected_gap)
    at_edge = sum(abs(x - lay.text_right) < 1.5 for x in right_edges) / len(right_edges)
    if lay.justified:
        assert at_edge > 0.97, at_edge
    else:
        assert at_edge < 0.5 and max(right_edges) - min(right_edges) > 20, at_edge


@pytest.mark.parametrize("name", one_per_layout())
def test_hyphenation_is_on_exactly_where_the_layout_says(all_lookalikes, name):
    lk = by_name(all_lookalikes)[name]
    breaks = lk.manifest_data()["features"]["breaks"]
    if lk.layout.hyphenation:
        assert len(breaks) >= 5, "automatic hyphenation must break words at line ends"
        for b in breaks:
            word = b["before"][:-1] + b["after"]
            assert not any(word in r["text"] and (b["before"] + b["after"]) in r["text"] for r in lk.records())
    else:
        assert breaks == []


@pytest.mark.parametrize("name", one_per_layout())
def test_running_header_and_footer_are_the_layouts(all_lookalikes, analysed, name):
    lk, doc, pages, _ = analysed(name)
    lay = lk.layout
    page_h = lay.page_size[1]
    header = lambda p: [ln for ln in pages[p - 1].lines if ln.bottom < lay.margin_top - 2]  # noqa: E731
    footer = lambda p: [ln for ln in pages[p - 1].lines if ln.top > page_h - lay.margin_bottom]  # noqa: E731
    for p in (2, 3):
        text = " ".join(ln.text for ln in header(p))
        assert doc.symbol in text
        assert (reduce(doc.running_title) in reduce(text)) == lay.running_title, text
        words = [w for ln in footer(p) for w in ln.words()]
        marker = next(x for w, x in words if re.fullmatch(rf"{p}/{len(pages)}", w))
        job = next(x for w, x in words if w == doc.job)
        even = p % 2 == 0
        assert (marker < job) == (even if lay.footer_order == "un" else not even), (p, words)
    first = " ".join(ln.text for ln in footer(1))
    assert (f"*{doc.job.replace('-', '')}*" in first) == lay.barcode
    dates = re.search(rf"{doc.job} \(E\)((?: \d{{6}})+)", re.sub(r"\s+", " ", first))
    assert dates and len(dates.group(1).split()) == lay.job_dates, first


@pytest.mark.parametrize("name", one_per_layout())
def test_document_kind_has_its_parts(all_lookalikes, analysed, name):
    lk, doc, pages, locations = analysed(name)
    records = lk.records()
    scopes = list(dict.fromkeys(r["scope"] for r in records))
    feats = lk.manifest_data()["features"]
    expected = {"report": ["main", "annex", "annex I"], "resolution": ["main"], "note": ["main", "annex", "appendix"],
                "lettered": ["main", "annex A", "annex B", "annex C"]}[doc.kind]
    assert scopes == expected
    refs = {r["ref"] for r in records}
    if doc.kind == "resolution":
        assert any(r["ref"].startswith("PP") for r in records) and "1" in refs
        assert any(re.fullmatch(r"\d+\(i\)", ref) and ref.replace("(i)", "(h)") in refs for ref in refs), "(i) after (h)"
        assert any(re.fullmatch(r"\d+\([a-h]\)\(ii\)", ref) for ref in refs), "roman (i), (ii) under a letter"
        opener = [b for b in doc.blocks if isinstance(b, Para) and b.preambular][0].inlines[0]
        assert opener.italic
    else:
        assert feats["wrapped_headings"], "a heading that wraps over two lines"
        assert any(re.fullmatch(r"\d+\([a-z]\)\((i|ii)\)", ref) for ref in refs)
    if doc.kind == "lettered":
        assert "Annex B" in feats["annexes_at_top"]
    if doc.kind == "note":
        assert [r["ref"] for r in records if r["scope"] == "appendix"][0] == "1"
    # the long footnote on page 1 (four lines or more) and a URL footnote whose text wraps
    notes = locate_footnotes(doc, pages, lk.layout)
    marks = doc.marks()
    first = next(i for i, m in marks.items() if m == "1")
    assert notes[first].page == 1 and len(notes[first].lines) >= 4
    urls = [i for i in marks if "; available at https://" in doc.footnotes[i].text]
    assert urls and all(len(notes[i].lines) >= 2 for i in urls)


def test_hard_cases_occur_in_each_set(all_lookalikes):
    """Across the dev set — and again across the holdout set — every hard case of issue 8 occurs."""
    lookalikes = by_name(all_lookalikes)
    for specs in (DEV, HOLDOUT):
        feats = [lookalikes[f"{layout}-s{seed}"].manifest_data()["features"] for layout, seed in specs]
        assert any(c.split()[-1].startswith("PP") for f in feats for c in f["crossing"]), "a PP crossing a page"
        assert sum(len(f["crossing"]) for f in feats) >= 2 * len(specs), "paragraphs crossing pages"
        assert any(b["last_on_page"] for f in feats for b in f["breaks"]), "a hyphenation break ending a page"
        assert any(f["hyphens"] for f in feats), "a hyphen of the text at a line end (non-/State)"
        assert any(f["annexes_at_top"] for f in feats)


def test_cached_lookalikes_are_not_made_again(all_lookalikes, monkeypatch):
    from tests.lookalikes import make

    lk = all_lookalikes[0]
    monkeypatch.setattr(make, "build", lambda *a, **k: pytest.fail("a cached look-alike was made again"))
    (again,) = make.ensure_lookalikes(lk.directory.parent, [(lk.layout.name, lk.seed)])
    assert again.directory == lk.directory and again.records() == lk.records()


def test_paragraph_properties_are_in_schema_order(all_lookalikes):
    """Word refuses a .docx whose w:pPr children are out of the schema's order (LibreOffice does not)."""
    from lxml import etree

    from tests.lookalikes.docx_writer import _PPR_ORDER

    for lk in all_lookalikes[:4]:
        with zipfile.ZipFile(lk.docx) as z:
            for part in (n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")):
                for ppr in etree.fromstring(z.read(part)).iter(f"{W}pPr"):
                    ranks = [_PPR_ORDER.index(c.tag[len(W):]) for c in ppr if c.tag[len(W):] in _PPR_ORDER]
                    assert ranks == sorted(ranks), (lk.name, part, [c.tag[len(W):] for c in ppr])
