"""The parts of the look-alike generator, without LibreOffice: corpus reading, layouts, content,
truth records, the page locator on hand-made pages, hyphen classification, soffice errors, CLI."""

from __future__ import annotations

import os
import stat
import textwrap
import time
from pathlib import Path

import pytest

from tests.lookalikes import fixtures, make, pdf
from tests.lookalikes.content import generate
from tests.lookalikes.corpus_text import CorpusMissing, default_corpus_dir, pools_from_texts, read_pools
from tests.lookalikes.features import _hyphen
from tests.lookalikes.fixtures import missing_prerequisite
from tests.lookalikes.layouts import FONTS, KINDS, LAYOUTS, NUMBERING, PAGES, SPACING, Layout, get_layout
from tests.lookalikes.locate import Location, NotLocated, locate_blocks, reduce
from tests.lookalikes.model import AnnexStart, Document, Footnote, Heading, NoteRef, Para, Plain, Span
from tests.lookalikes.pdf_lines import Char, Page, group_lines
from tests.lookalikes.truth import footnote_data, truth_records

SAMPLE = textwrap.dedent("""\
    ---
    symbol: A/RES/99/1
    title: "Made-up resolution on the testing of generators :"
    source_pdf: https://example.org/files/A_RES_99_1-EN.pdf
    ---

    United Nations

    General Assembly Distr.: General

    The General Assembly,

    Recalling its earlier decisions[^3] on the matter of testing document generators,

    Noting with satisfaction the progress made by the community of testers in the

    field of reproducible documents and exact ground truth,

    Welcoming the Declaration,2 on glued footnote marks and their consequences,

    1. Decides to keep the generator of test documents independent of the parser;

    2. Requests the Secretary-General, within existing resources and until further notice:

    To continue the practice of writing a test for every behaviour of the code;

    (b) To report on the results of that practice at a future session of the Assembly;

    3. Takes note of the report of the Secretary-General on the testing of parsers;5

    52nd plenary meeting 1 December 2025

    ---

    [^1]: A/99/100.

    [^2]: Report of the Working Group on Tests, Supplement No. 1 (United
        Nations publication), chap. I.
    """)


def corpus_pools():
    if not (default_corpus_dir() / "ga-res-80").is_dir():
        pytest.skip(f"real UN corpus not found at {default_corpus_dir()}")
    return read_pools(default_corpus_dir())


# ---- corpus_text -------------------------------------------------------------------------------


def test_pools_sort_clean_paragraphs_and_footnotes():
    pools = pools_from_texts([SAMPLE])
    assert pools.preambular == (
        "Recalling its earlier decisions on the matter of testing document generators,",
        "Noting with satisfaction the progress made by the community of testers in the field of reproducible "
        "documents and exact ground truth,",
    )  # inline mark removed, page-break split joined, glued mark ("Declaration,2") rejected
    assert pools.operative == ("Decides to keep the generator of test documents independent of the parser;",)
    assert pools.parents == ("Requests the Secretary-General, within existing resources and until further notice:",)
    assert pools.subs == (
        "To continue the practice of writing a test for every behaviour of the code;",  # label lost in extraction
        "To report on the results of that practice at a future session of the Assembly;",
    )
    assert pools.footnotes == ("A/99/100.", "Report of the Working Group on Tests, Supplement No. 1 (United Nations publication), chap. I.")
    assert pools.titles == ("Made-up resolution on the testing of generators",)
    assert pools.pdf_urls == ("https://example.org/files/A_RES_99_1-EN.pdf",)


def test_missing_corpus_is_a_clear_error(monkeypatch, tmp_path):
    with pytest.raises(CorpusMissing, match="corpus of resolutions was not found"):
        read_pools(tmp_path)
    monkeypatch.setattr(fixtures, "find_soffice", lambda: "/usr/bin/soffice")
    assert "corpus not found" in missing_prerequisite([("report_un", 1)], tmp_path)


# ---- layouts -----------------------------------------------------------------------------------


def test_named_layouts_cover_every_parameter_value_between_them():
    layouts = list(LAYOUTS.values())
    assert {lay.kind for lay in layouts} == set(KINDS)
    assert {lay.numbering for lay in layouts} == set(NUMBERING)
    assert {lay.spacing for lay in layouts} == set(SPACING)
    assert {lay.font for lay in layouts} == set(FONTS)
    assert {lay.page for lay in layouts} == set(PAGES)
    assert {lay.body_size for lay in layouts} >= {10, 11, 12} and {lay.footnote_size for lay in layouts} == {8, 9}
    for flag in ("justified", "hyphenation", "running_title", "barcode", "h23_italic"):
        assert {getattr(lay, flag) for lay in layouts} == {True, False}, flag
    assert {lay.footer_order for lay in layouts} == {"un", "swapped"}
    assert {lay.job_dates for lay in layouts} == {1, 2}
    assert len({(lay.margin_left, lay.margin_right, lay.margin_top) for lay in layouts}) >= 4
    assert any(lay.numbering == "hanging" and lay.body_indent == 0 for lay in layouts), "numbers in the page margin"
    assert LAYOUTS["note_sg"].job_dates == 2


@pytest.mark.parametrize("change, message", [
    (dict(kind="memo"), "kind"), (dict(numbering="centred"), "numbering"), (dict(body_size=14), "body_size"),
    (dict(footnote_size=6), "footnote_size"), (dict(font="Comic Sans"), "font"),
    (dict(numbering="hanging", margin_left=10, body_indent=0), "stay on the page"),
])
def test_bad_layouts_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        Layout("bad", **{"kind": "report", "description": "", **change})


def test_unknown_layout_lists_the_names():
    with pytest.raises(ValueError, match="report_un"):
        get_layout("nope")


# ---- model and truth ---------------------------------------------------------------------------


def small_document() -> Document:
    blocks = (
        Plain((Span("Item 5 of the provisional agenda"), NoteRef(0)), "Session"),
        Heading("HCh", "I.", "Introduction"),
        Para("1", "1.", 0, (Span("First paragraph, with a note"), NoteRef(1), Span(" inside."))),
        Para("2", "2.", 0, (Span("It decides:"),)),
        Para("2(a)", "(a)", 1, (Span("To do this;"),)),
        Para("2(b)", "(b)", 1, (Span("To do that by:"),)),
        Para("2(b)(i)", "(i)", 2, (Span("Doing it well;"), NoteRef(2))),
        Para("2(c)", "(c)", 1, (Span("To stop."),)),
        AnnexStart("Annex I", "Elements", NoteRef(3)),
        Para("1", "1.", 0, (Span("Annex paragraph."),)),
    )
    notes = (Footnote("A/80/50.", "*"), Footnote("First note."), Footnote("Second note."), Footnote("Late.", "**"))
    return Document("small-s1", "report", "A/80/1", "25-00001", "25-00001 (E)", "1 May 2025", "Title", "Title",
                    blocks, notes)


def fake_locations(doc: Document) -> list[Location]:
    return [Location(1 + k // 6, 1 + k // 6, ((1 + k // 6, k),)) for k in range(len(doc.blocks))]


def test_truth_records_have_scopes_headings_pages_and_full_text():
    doc = small_document()
    records = truth_records(doc, fake_locations(doc))
    assert [(r["scope"], r["ref"], r["heading"], r["page"]) for r in records] == [
        ("main", "1", "I. Introduction", 1), ("main", "2", "I. Introduction", 1), ("main", "2(a)", "I. Introduction", 1),
        ("main", "2(b)", "I. Introduction", 1), ("main", "2(b)(i)", "I. Introduction", 2), ("main", "2(c)", "I. Introduction", 2),
        ("annex I", "1", "", 2),
    ]
    assert records[0]["text"] == "First paragraph, with a note inside."
    assert list(records[0]) == ["symbol", "scope", "ref", "heading", "page", "text"]
    assert records[1]["full_text"] == "It decides: (a) To do this; (b) To do that by: (i) Doing it well; (c) To stop."
    assert records[3]["full_text"] == "(b) To do that by: (i) Doing it well;"
    assert "full_text" not in records[2] and "full_text" not in records[4]


def test_marks_are_numbered_in_reading_order_and_custom_marks_kept():
    doc = small_document()
    assert doc.marks() == {0: "*", 1: "1", 2: "2", 3: "**"}
    data = footnote_data(doc, {i: loc for i, loc in enumerate(fake_locations(doc)[:4])})
    assert data["notes"] == {"*": "A/80/50.", "1": "First note.", "2": "Second note.", "**": "Late."}
    assert data["citations"] == [{"scope": "main", "ref": "1", "marks": ["1"]}, {"scope": "main", "ref": "2(b)(i)", "marks": ["2"]}]
    assert data["cited_outside_paragraphs"] == ["*", "**"]


def test_annex_labels_name_their_scopes():
    assert [AnnexStart(label, "t").scope for label in ("Annex", "Annex I", "Annex B", "Appendix")] == [
        "annex", "annex I", "annex B", "appendix"]


# ---- content (real corpus, no LibreOffice) -----------------------------------------------------


def test_generate_is_deterministic_and_seeds_differ():
    pools = corpus_pools()
    lay = LAYOUTS["report_un"]
    assert generate(lay, 3, pools) == generate(lay, 3, pools)
    assert generate(lay, 3, pools).blocks != generate(lay, 4, pools).blocks


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_generated_text_is_real_un_text(layout):
    pools = corpus_pools()
    doc = generate(LAYOUTS[layout], 1, pools)
    real = set(pools.preambular + pools.operative + pools.parents + pools.subs)
    paras = [b for b in doc.blocks if isinstance(b, Para)]
    for para in paras:
        if para.preambular or para.level:
            assert para.text in real, para.ref
        elif doc.kind == "resolution":
            assert para.text in real or para.text[:-1] + ";" in real, para.ref
        else:  # report sentences: corpus paragraphs, the closing , or ; made a full stop, joined
            assert any(para.text.startswith(t[:-1]) for t in real) or para.text.startswith("The Secretary-General has"), para.ref
        assert "[^" not in para.text and "  " not in para.text and para.text[0].isupper()
    assert all(n.text.endswith(".") for n in doc.footnotes)


def test_generated_documents_have_the_hard_cases():
    pools = corpus_pools()
    before: list[str] = []
    for name, lay in LAYOUTS.items():
        doc = generate(lay, 1, pools)
        paras = [b for b in doc.blocks if isinstance(b, Para)]
        marks = doc.marks()
        first_cited = next(i for i, m in marks.items() if m == "1")
        assert any(isinstance(x, NoteRef) and x.index == first_cited for x in paras[0].inlines), name
        assert len(doc.footnotes[first_cited].text) > 250, "the long footnote on page 1"
        assert sum("; available at https://" in n.text for n in doc.footnotes) >= 1
        assert any("-" in p.text for p in paras), "hyphenated compounds"
        assert max(len(p.text) for p in paras) > 1200 or doc.kind == "resolution"
        kinds = set()
        for p in paras:
            text = ""
            for x in p.inlines:
                if isinstance(x, Span):
                    text += x.text
                else:
                    kinds.add("letter" if text[-1:].isalpha() else text[-1:])
                    before.append(text[-2:])
        assert len(kinds) >= 3, (name, kinds)
    assert {")", ",", ".", "letter"} <= {"letter" if b[-1:].isalpha() else b[-1:] for b in before}
    assert any(b[0].isdigit() and b[1] == "." for b in before), "a mark after a number's full stop (2023.1)"


# ---- locate, on hand-made pages ----------------------------------------------------------------


def line(page: int, baseline: float, x: float, text: str, size: float = 10.0) -> list[Char]:
    chars, pos = [], x
    for ch in text:
        chars.append(Char(ch, pos, pos + size * 0.5, baseline, size, "LiberationSerif"))
        pos += size * 0.5
    return chars


def hand_made_pages() -> list[Page]:
    lay = LAYOUTS["report_un"]
    p1 = (line(1, 50, 72, "A/80/1 12. The national plan")  # running header: above the body frame
          + line(1, 100, 135, "12. The na-") + line(1, 112, 135, "tional plan of the work") + line(1, 97, 200, "3", 5.8)
          + line(1, 750, 135, "3 A footnote body in small type.", 8.0)
          + line(1, 800, 72, "25-00001 1/2"))
    p2 = line(2, 100, 135, "continued here. (a) At a line start") + line(2, 112, 135, "(a) At a line start")
    return [Page(1, *PAGES[lay.page][:2], group_lines(1, p1)), Page(2, *PAGES[lay.page][:2], group_lines(2, p2))]


def test_lines_group_by_baseline_and_marks_join_their_line():
    page = hand_made_pages()[0]
    assert [ln.text for ln in page.lines] == [
        "A/80/1 12. The national plan", "12. The na- 3", "tional plan of the work", "3 A footnote body in small type.",
        "25-00001 1/2"]
    assert page.lines[1].size == 10.0 and page.lines[1].top == 92.0, "the raised mark does not move the line"


def test_locate_finds_blocks_whole_across_hyphenation_and_marks_at_line_starts():
    lay = LAYOUTS["report_un"]
    doc = Document("hand", "report", "A/80/1", "25-00001", "", "", "", "", (
        Para("12", "12.", 0, (Span("The national plan of the work continued here."), NoteRef(0))),
        Para("12(a)", "(a)", 1, (Span("At a line start"),)),
    ), (Footnote("A footnote body in small type."),))
    first, second = locate_blocks(doc, hand_made_pages(), lay)
    assert (first.page, first.end_page) == (1, 2) and second.page == 2
    assert second.lines == ((2, 1),), "the (a) in the middle of a line is not a paragraph start"


def test_locate_fails_loudly_when_a_text_is_not_in_the_pdf():
    lay = LAYOUTS["report_un"]
    doc = Document("hand", "report", "A/80/1", "", "", "", "", "", (Para("12", "12.", 0, (Span("The national plan of war"),)),))
    with pytest.raises(NotLocated, match="12 not found whole"):
        locate_blocks(doc, hand_made_pages(), lay)
    header_only = Document("hand", "report", "A/80/1", "", "", "", "", "", (Plain((Span("A/80/1"),)),))
    with pytest.raises(NotLocated):
        locate_blocks(header_only, hand_made_pages(), lay)  # the running header is outside the body frame


def test_reduce_keeps_letters_and_digits_only():
    assert reduce("non-\u00adState, 2023.¹ ﬁne") == "nonState20231fine"


@pytest.mark.parametrize("text, before, after, kind", [
    ("the national plan", "na-", "tional", "break"),
    ("engage non-State actors", "non-", "State", "hyphen"),
    ("its fifty-fifth session,", "fifty-", "fifth", "hyphen"),
    ("(capacity-building)", "(capacity-", "building)", "hyphen"),
    ("the plan", "na-", "tional", None),
])
def test_line_end_hyphens_are_told_apart(text, before, after, kind):
    assert _hyphen(text, before, after) == kind


# ---- soffice errors ----------------------------------------------------------------------------


def fake_soffice(tmp_path: Path, script: str) -> None:
    exe = tmp_path / "bin" / "soffice"
    exe.parent.mkdir(exist_ok=True)
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_missing_soffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.SofficeMissing, match="LibreOffice .soffice. is not installed"):
        pdf.convert([tmp_path / "a.docx"], tmp_path)
    assert "not installed" in missing_prerequisite([("report_un", 1)])


def test_soffice_that_makes_no_pdf_is_reported(monkeypatch, tmp_path):
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(pdf.ConversionFailed, match=r"made no PDF for a.pdf: Error: source file could not be loaded"):
        pdf.convert([tmp_path / "a.docx"], tmp_path / "out")


def test_soffice_timeout_ends_its_whole_process_group(monkeypatch, tmp_path):
    pid_file = tmp_path / "child.pid"
    fake_soffice(tmp_path, f"sleep 60 &\necho $! > {pid_file}\nwait\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(pdf.ConversionFailed, match="did not finish"):
        pdf.convert([tmp_path / "a.docx"], tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 20
    child = int(pid_file.read_text())
    for _ in range(100):
        if not alive(child):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the soffice child survived the timeout")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


# ---- make --------------------------------------------------------------------------------------


def test_cli_errors_are_one_line(capsys, tmp_path):
    assert make.main([str(tmp_path), "--layout", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown layout 'nope'") and err.count("\n") == 1 and "Traceback" not in err
    assert make.main([str(tmp_path / "out"), "--layout", "report_un", "--corpus", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not (tmp_path / "out").exists(), "nothing written when the corpus is missing"


def test_cli_specs_combine_sets_layouts_and_seeds():
    def parse(**given):
        return make._specs(make.argparse.Namespace(**{"set": None, "layout": None, "seed": None, **given}))

    assert parse() == [(name, 1) for name in LAYOUTS]
    assert parse(layout=["note_sg"], seed=[3, 4]) == [("note_sg", 3), ("note_sg", 4)]
    assert parse(set=["dev"]) == list(make.SETS["dev"])
    assert parse(set=["dev"], seed=[9], layout=["report_un"]) == list(make.SETS["dev"]) + [("report_un", 9)]


def test_hyphenation_layouts_need_a_dictionary(monkeypatch):
    monkeypatch.setattr(make, "hyphenation_available", lambda: False)
    with pytest.raises(make.GeneratorError, match="apt-get install hyphen-en-us"):
        make.check_specs([("note_sg", 1)])
    make.check_specs([("report_un", 1)])  # no hyphenation: no dictionary needed


def test_cache_key_changes_with_layout_seed_and_generator():
    lay = LAYOUTS["report_un"]
    keys = {make.cache_key(lay, 1, "g1"), make.cache_key(lay, 2, "g1"), make.cache_key(LAYOUTS["note_sg"], 1, "g1"),
            make.cache_key(lay, 1, "g2")}
    assert len(keys) == 4 and make.cache_key(lay, 1, "g1") == make.cache_key(lay, 1, "g1")


def test_a_failing_worker_is_reported_in_one_line(monkeypatch, tmp_path):
    corpus_pools()
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(make.GeneratorError, match=r"^soffice \(exit 1\) made no PDF for resolution_un-s\d.pdf: Error"):
        make.build([("resolution_un", 1), ("resolution_un", 2)], tmp_path / "out", workers=2)
