"""The engine over a small index built from synthetic documents: search, abstention, lookup, rebuilds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.build import build_index
from index.engine import Engine
from index.errors import BadReference, IndexMismatch, IndexMissing, OEWGError, SourceError, UnknownDocument, UnknownReference
from index.models import DocumentMeta, Paragraph, ParsedDocument
from index.quotes import is_verbatim
from index.store import MANIFEST, IndexStore

pytestmark = pytest.mark.model

REPORT = "A/80/999"
RES = "A/RES/80/99"
LONG_TAIL = " ".join(f"Filler clause {i} on procedural matters of the session." for i in range(40))


def report_doc() -> ParsedDocument:
    meta = DocumentMeta(symbol=REPORT, title="Final report of the test working group", source_pdf="https://example.org/A_80_999.pdf")
    p = [
        Paragraph(REPORT, "main", "1", "The working group held eleven substantive sessions in New York.", (1,), "I. Introduction", order=0),
        Paragraph(REPORT, "annex", "1", "States expressed concern about ransomware attacks against hospitals and critical infrastructure.", (3,), "A. Threats", order=1),
        Paragraph(REPORT, "annex", "2", "States recommended the following:\n(a) Strengthen capacity-building for developing countries;\n(b) Share national points of contact in the directory.", (3, 4), "B. Recommendations", order=2),
        Paragraph(REPORT, "annex", "2(a)", "(a) Strengthen capacity-building for developing countries;", (3,), "B. Recommendations", parent="2", order=3),
        Paragraph(REPORT, "annex", "2(b)", "(b) Share national points of contact in the directory.", (4,), "B. Recommendations", parent="2", order=4),
        Paragraph(REPORT, "annex", "3", "Non-governmental organizations with consultative status with the Economic and Social Council may attend the plenary sessions. " + LONG_TAIL, (4,), "C. Stakeholders", order=5),
        Paragraph(REPORT, "annex I", "1", "The Global Mechanism shall hold an organizational session in March 2026.", (9,), "Elements", order=6),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p), page_count=9)


def resolution_doc() -> ParsedDocument:
    meta = DocumentMeta(symbol=RES, title="Test resolution on oceans")
    p = [
        Paragraph(RES, "main", "PP1", "Recalling its previous resolutions on the law of the sea,", (), "", order=0),
        Paragraph(RES, "main", "1", "Calls upon States to protect coral reefs from bleaching caused by warming seas;", (), "", order=1),
        Paragraph(RES, "main", "2", "Decides to include the item in the provisional agenda of its next session.", (), "", order=2),
    ]
    return ParsedDocument(meta=meta, paragraphs=tuple(p))


@dataclass
class FakeCatalogEntry:
    name: str
    symbol: str
    default_scope: str
    title: str = ""
    date: str = ""
    kind: str = "report"
    aliases: tuple = ("A/AC.999/CRP.1",)

    def pdf_url(self):
        return "https://example.org/catalog.pdf"


class FakeCatalog:
    def by_symbol(self, symbol):
        return FakeCatalogEntry("final-report", REPORT, "annex") if symbol == REPORT else None


def fake_parser(docs: dict[str, ParsedDocument]):
    def parse(path: Path) -> ParsedDocument:
        if path.name not in docs:
            raise SourceError(path, "no numbered paragraphs found", "check the file")
        return docs[path.name]

    return parse


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("engine")
    src = root / "src"
    src.mkdir()
    (src / "report.md").write_text("report v1")
    (src / "res.md").write_text("res v1")
    (src / "broken.md").write_text("not a UN document")
    parse = fake_parser({"report.md": report_doc(), "res.md": resolution_doc()})
    report = build_index([src], root / "index", embedder=embedder, catalog=FakeCatalog(), parse=parse)
    engine = Engine(IndexStore.open(root / "index"), lambda: embedder)
    return root, src, parse, report, engine


def test_build_report_counts_and_errors(built):
    _, _, _, report, _ = built
    assert report.documents == 2 and report.skipped == 0
    assert report.paragraphs == 10
    assert len(report.errors) == 1 and "broken.md" in report.errors[0] and "no numbered paragraphs" in report.errors[0]


def test_catalog_enriches_documents(built):
    engine = built[4]
    meta = engine.resolve_document("final-report")
    assert meta.symbol == REPORT and meta.default_scope == "annex"
    assert engine.resolve_document("a/ac.999/crp.1").symbol == REPORT
    assert engine.resolve_document(None).symbol == REPORT  # the final report is the default
    assert engine.resolve_document("80/99").symbol == RES


def test_ask_quotes_the_relevant_paragraph_verbatim(built):
    engine = built[4]
    answer = engine.ask("What does the report say about ransomware against hospitals?")
    assert not answer.abstained and answer.mode == "search"
    top = answer.quotes[0]
    assert (top.symbol, top.scope, top.ref) == (REPORT, "annex", "1")
    assert top.url == "https://example.org/A_80_999.pdf#page=3"
    for q in answer.quotes:
        assert is_verbatim(q.text, q.full_text)
        assert q.score >= engine._get_searcher().threshold("hybrid")


def test_long_paragraph_quote_is_shortened_but_verbatim(built):
    engine = built[4]
    answer = engine.ask("Can NGOs with ECOSOC consultative status attend the plenary sessions?")
    assert not answer.abstained
    top = answer.quotes[0]
    assert top.ref == "3" and "…" in top.text and len(top.text) < len(top.full_text)
    assert is_verbatim(top.text, top.full_text)


@pytest.mark.parametrize("question", ["best recipe for chocolate chip cookies", "who won the football world cup final"])
def test_off_topic_questions_abstain(built, question):
    answer = built[4].ask(question)
    assert answer.abstained and answer.quotes == ()
    assert "/para" in answer.message


def test_empty_and_overlong_questions_abstain_with_a_reason(built):
    engine = built[4]
    assert engine.ask("   ").abstained
    long = engine.ask("ransomware " * 500)
    assert long.abstained and "characters" in long.message


def test_question_naming_a_paragraph_is_an_exact_lookup(built):
    engine = built[4]
    answer = engine.ask("what does paragraph 2(b) say?")
    assert answer.mode == "lookup" and not answer.abstained
    assert [q.ref for q in answer.quotes] == ["2(b)"]
    assert answer.quotes[0].text == "(b) Share national points of contact in the directory."
    res = engine.ask("show PP1 of A/RES/80/99")
    assert res.quotes[0].symbol == RES and res.quotes[0].ref == "PP1"
    missing = engine.ask("what does paragraph 77 say?")
    assert missing.abstained and missing.mode == "lookup" and "77" in missing.message


def test_modes_rank_with_single_retrievers(built):
    engine = built[4]
    for mode in ("bm25", "dense", "hybrid"):
        hits = engine.search_hits("ransomware hospitals", k=3, mode=mode)
        assert engine.store.paragraph(hits[0].paragraph_id).ref == "1"
    with pytest.raises(ValueError):
        engine.search_hits("x", mode="magic")


def test_lookup_default_scope_sub_paragraphs_ranges_and_scopes(built):
    engine = built[4]
    assert [p.ref for p in engine.lookup("2")] == ["2"]
    assert engine.lookup("2")[0].scope == "annex"
    assert engine.lookup("2(a)")[0].text.startswith("(a) Strengthen")
    assert [p.ref for p in engine.lookup("1-3")] == ["1", "2", "3"]
    assert engine.lookup("main 1")[0].text.startswith("The working group held")
    assert engine.lookup("annex I 1")[0].scope == "annex I"
    assert engine.lookup("PP1", RES)[0].text.startswith("Recalling")
    assert engine.lookup("1", "a/res/80/99")[0].text.startswith("Calls upon")


def test_unknown_references_name_the_nearest_valid_ones(built):
    engine = built[4]
    with pytest.raises(UnknownReference) as info:
        engine.lookup("99999")
    assert info.value.nearest and "3" in info.value.nearest
    with pytest.raises(UnknownReference) as info:
        engine.lookup("2(zz)")
    assert info.value.nearest == ["2(a)", "2(b)"]
    with pytest.raises(UnknownReference) as info:
        engine.lookup("1-9")
    with pytest.raises(UnknownDocument):
        engine.lookup("1", "A/RES/1/1")
    with pytest.raises(BadReference):
        engine.lookup("twelve")


def test_completions_and_about(built):
    engine = built[4]
    assert engine.complete_refs(None, "2") == ["2", "2(a)", "2(b)"]
    assert "annex I 1" in engine.complete_refs(None, "annex")
    assert engine.complete_refs(RES, "p") == ["PP1"]
    assert engine.complete_documents("")[0][1] == "final-report"
    assert engine.complete_documents("oceans")[0][1] == RES
    about = engine.about()
    assert about["paragraphs"] == 8 and about["model"] == "all-MiniLM-L6-v2" and about["dim"] == 384
    assert {d["symbol"] for d in about["documents"]} == {REPORT, RES}


def test_incremental_rebuild_reuses_unchanged_documents(built, embedder, tmp_path):
    root, src, parse, _, _ = built
    index_dir = tmp_path / "index"
    build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    again = build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert again.skipped == 2 and again.documents == 2 and again.paragraphs == 10
    engine = Engine(IndexStore.open(index_dir), lambda: embedder)
    assert engine.ask("coral reef bleaching").quotes[0].symbol == RES  # reused vectors still search
    (src / "res.md").write_text("res v2")
    third = build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert third.skipped == 1
    (src / "res.md").write_text("res v1")


def test_rebuild_swaps_atomically_and_old_readers_keep_working(built, embedder, tmp_path):
    _, src, parse, _, _ = built
    index_dir = tmp_path / "index"
    build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    old = Engine(IndexStore.open(index_dir), lambda: embedder)
    old_root = old.store.root
    build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert index_dir.is_symlink() and index_dir.resolve() != old_root
    assert old_root.exists()  # the previous version is kept for readers in flight
    assert old.ask("ransomware hospitals").quotes[0].ref == "1"
    build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    versions = [p for p in tmp_path.glob(".index.*") if p.is_dir()]
    assert len(versions) == 2  # current + previous


def test_failed_build_keeps_the_previous_index(built, embedder, tmp_path):
    _, src, parse, _, _ = built
    index_dir = tmp_path / "index"
    build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    before = index_dir.resolve()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OEWGError, match="No document could be indexed"):
        build_index([empty], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert index_dir.resolve() == before
    with pytest.raises(OEWGError, match="does not exist"):
        build_index([tmp_path / "nowhere"], index_dir, embedder=embedder, parse=parse)


def test_index_mismatch_and_missing_index_are_explained(built, tmp_path):
    root = built[0]
    with pytest.raises(IndexMissing, match="oewg build"):
        Engine.open(tmp_path / "none")
    with pytest.raises(IndexMismatch, match="rebuild"):
        Engine.open(root / "index", model="some-other/model")
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(root / "index", copy)
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["format_version"] = 999
    (copy / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="format version 999"):
        Engine.open(copy)
