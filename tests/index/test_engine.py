"""The engine over a small index built from synthetic documents: search, abstention, lookup, rebuilds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from index.build import build_index
from index.compare import NotOneParagraph
from index.engine import Engine
from index.errors import BadReference, IndexMismatch, IndexMissing, OEWGError, UnknownDocument, UnknownReference
from index.quotes import is_verbatim
from index.models import DocumentMeta, Paragraph
from index.store import FORMAT_VERSION, MANIFEST, IndexStore, StoredDocument, read_windows
from tests.synthetic import RES, REPORT, FakeCatalog, synthetic_parser, write_sources

pytestmark = pytest.mark.model

@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("engine")
    src = root / "src"
    write_sources(src)
    parse = synthetic_parser()
    report = build_index([src], root / "index", embedder=embedder, catalog=FakeCatalog(), parse=parse)
    engine = Engine(IndexStore.open(root / "index"), lambda: embedder)
    return root, src, parse, report, engine


def test_build_report_counts_and_errors(built):
    _, _, _, report, _ = built
    assert report.documents == 2 and report.skipped == 0
    assert report.paragraphs == 8 and report.subparagraphs == 2  # counted as /about and toc count them
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


def test_citations_leave_out_the_documents_default_scope_only(built):
    engine = built[4]
    top = engine.ask("What does the report say about ransomware against hospitals?").quotes[0]
    assert (top.scope, top.citation()) == ("annex", "A/80/999 ¶1 (p. 3)")  # cited as /para 1 finds it
    [elements] = engine.lookup("annex I 1", "final-report")
    assert engine.quote_paragraph(elements).citation() == "A/80/999 annex I ¶1 (p. 9)"
    [intro] = engine.lookup("main 1", "final-report")
    assert engine.quote_paragraph(intro).citation() == "A/80/999 main ¶1 (p. 1)"


def test_long_paragraph_quote_is_shortened_but_verbatim(built):
    # the quote's shortening, without the answer gate: the synthetic paragraph is one sentence and
    # forty filler ones, on which the bundled gate scores the best candidates just under its threshold
    engine = Engine(built[4].store, built[4].embedder, gate=None)
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


def test_windows_are_embedded_with_the_document_title_and_heading_as_context(built):
    root = built[0]
    texts = [t for _, t, bare in read_windows(root / "index") if not bare]
    assert "Test resolution on oceans. Calls upon States to protect coral reefs from bleaching caused by warming seas;" in texts
    assert any(t.startswith("Final report of the test working group. A. Threats. States expressed concern") for t in texts)


def test_each_window_with_a_context_is_also_embedded_bare(built):
    root, engine = built[0], built[4]
    rows = read_windows(root / "index")
    bare = {(pid, t) for pid, t, b in rows if b}
    framed = [(pid, t) for pid, t, b in rows if not b]
    reef = next(pid for pid, t in framed if t.endswith("protect coral reefs from bleaching caused by warming seas;"))
    assert (reef, "Calls upon States to protect coral reefs from bleaching caused by warming seas;") in bare
    assert len(bare) == len(framed)  # every paragraph of these documents has a title
    assert {pid for pid, _ in bare} == {pid for pid, _ in framed}
    assert all(not t.startswith(engine.store.document(engine.store.paragraph(pid).symbol).title) for pid, t in bare)


def test_bare_windows_rank_but_answers_are_decided_on_the_windows_with_context(built):
    engine = Engine(built[4].store, built[4].embedder, adapter=None)  # the model's vector ranks (no query adapter)
    text = "Calls upon States to protect coral reefs from bleaching caused by warming seas;"
    searcher = engine._get_searcher()
    qvec = engine._query_vector(text, engine.expand(text))
    top = engine.search_hits(text, k=3, qvec=qvec)[0]
    assert engine.store.paragraph(top.paragraph_id).text == text
    ranked_by = searcher.rank_cosines(qvec, [top.paragraph_id])[top.paragraph_id]
    decided_by = searcher.cosines(qvec, [top.paragraph_id])[top.paragraph_id]
    assert ranked_by == pytest.approx(1.0, abs=1e-4) and decided_by < ranked_by - 0.05  # the bare window is the text itself
    assert top.dense == top.score == pytest.approx(decided_by)
    assert top.fused == pytest.approx(0.8 * ranked_by + 0.2)  # the best BM25 score: 0.2 × 1
    dense_top = engine.search_hits(text, k=3, mode="dense", qvec=qvec)[0]
    assert dense_top.paragraph_id == top.paragraph_id
    assert dense_top.fused == pytest.approx(ranked_by) and dense_top.score == pytest.approx(decided_by)


def test_bm25_matches_words_found_only_in_the_document_title(built):
    engine = built[4]
    hits = engine.search_hits("oceans", k=5, mode="bm25")
    assert hits and {engine.store.paragraph(h.paragraph_id).symbol for h in hits} == {RES}


def test_a_word_typed_with_accents_matches_the_documents_plain_spelling(built):
    engine = built[4]
    hits = engine.search_hits("océans", k=5, mode="bm25")
    assert hits and {engine.store.paragraph(h.paragraph_id).symbol for h in hits} == {RES}
    searcher = engine._get_searcher()
    assert searcher.df("océans") == searcher.df("oceans") > 0


def test_find_takes_a_phrase_with_undecodable_bytes_as_replacement_characters(built):
    found = built[4].find("oceans\udcff")  # what a terminal's undecodable byte becomes in sys.argv
    assert found.query == "oceans\ufffd" and found.matches == ()


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
    assert info.value.nearest == ["2", "2(a)", "2(b)", "1", "3"]  # the parent and its sub-paragraphs first
    with pytest.raises(UnknownReference) as info:
        engine.lookup("5-9")
    with pytest.raises(UnknownDocument):
        engine.lookup("1", "A/RES/1/1")
    with pytest.raises(BadReference):
        engine.lookup("twelve")


def _memory_store(symbol: str, refs: list[tuple[str, str]], default_scope: str = "") -> tuple[IndexStore, DocumentMeta]:
    """An IndexStore held in memory (no model, no files): one document with the given (scope, ref)s."""
    meta = DocumentMeta(symbol=symbol, title="t", default_scope=default_scope)
    paras = [
        Paragraph(symbol, scope, ref, f"text {ref}", (), "", parent=ref.split("(")[0] if "(" in ref else "", order=i)
        for i, (scope, ref) in enumerate(refs)
    ]
    store = IndexStore(Path("."), {}, [StoredDocument(meta, (), "resolution", 0)], paras, list(range(len(paras))))
    return store, meta


def test_nearest_refs_are_ordered_closest_first():
    refs = [("main", f"PP{i}") for i in range(1, 4)] + [("main", str(i)) for i in (1, 2, 3, 4, 10, 11)]
    store, meta = _memory_store("A/RES/80/16", refs)
    assert store.nearest(meta, "main", "9") == ["10", "11", "4"]
    assert store.nearest(meta, "main", "7") == ["4", "10", "3"]  # ties: the lower number first
    assert store.nearest(meta, "main", "12(zz)") == ["11", "10", "4"]
    assert store.nearest(meta, "main", "99") == ["11", "10", "4"]
    assert store.nearest(meta, "main", "PP20") == ["PP3", "PP2", "PP1"]


def test_nearest_for_an_unknown_sub_paragraph_starts_with_its_parent_and_siblings():
    refs = [("main", "1"), ("main", "2"), ("main", "2(a)"), ("main", "2(a)(i)"), ("main", "2(b)"), ("main", "3"), ("main", "4")]
    store, meta = _memory_store("A/RES/80/1", refs)
    assert store.nearest(meta, "main", "2(zz)") == ["2", "2(a)", "2(b)", "1", "3"]
    assert store.nearest(meta, "main", "2(a)(zz)") == ["2(a)", "2(a)(i)", "2", "1", "3"]
    assert store.nearest(meta, "main", "4(c)") == ["4", "3", "2", "1"]


def test_nearest_counts_the_same_number_in_another_scope_as_closest():
    refs = [("main", "1"), ("main", "2")] + [("annex", str(i)) for i in range(1, 26)]
    store, meta = _memory_store("A/RES/80/3", refs)
    assert store.nearest(meta, "main", "9") == ["annex 9", "2", "1"]
    assert store.nearest(meta, "annex", "99") == ["annex 25", "annex 24", "annex 23"]


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
    first = read_windows(index_dir)
    again = build_index([src], index_dir, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert again.skipped == 2 and again.documents == 2 and again.paragraphs == 8
    assert read_windows(index_dir) == first  # windows with context and bare ones, carried over as they were
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
    with pytest.raises(IndexMismatch, match="rebuild") as refused:
        Engine.open(root / "index", model="some-other/model")
    assert f"The index at {root / 'index'} was built" in str(refused.value)  # the path as given, not its version folder
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(root / "index", copy)
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["format_version"] = 999
    (copy / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="format version 999"):
        Engine.open(copy)


def test_an_index_of_the_previous_format_is_rebuilt_from_scratch_by_the_next_build(built, embedder, tmp_path):
    import shutil

    root, src, parse, _, _ = built
    old = tmp_path / "old"
    shutil.copytree(root / "index", old)
    manifest = json.loads((old / MANIFEST).read_text())
    manifest["format_version"] = FORMAT_VERSION - 1  # built before windows were also embedded bare
    (old / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match=f"format version {FORMAT_VERSION - 1}.*oewg build"):
        Engine.open(old)
    report = build_index([src], old, embedder=embedder, catalog=FakeCatalog(), parse=parse)
    assert report.skipped == 0 and report.documents == 2  # nothing reused from the old format
    rebuilt = Engine(IndexStore.open(old), lambda: embedder)
    assert rebuilt.store.manifest["format_version"] == FORMAT_VERSION
    assert any(bare for _, _, bare in read_windows(old))


# ---- the users' words, abstention reasons, quotes and see-also --------------------------------------

def test_a_thesaurus_term_reaches_the_paragraph_in_the_documents_words(built):
    from index.thesaurus import Entry, Thesaurus

    store = built[4].store
    embedder = built[4].embedder()
    plain = Engine(store, lambda: embedder, thesaurus=Thesaurus())
    answer = plain.ask("zorblatting of clinics?")
    assert answer.abstained and answer.message == "None of the indexed documents mentions “zorblatting”."
    mapped = Engine(store, lambda: embedder, thesaurus=Thesaurus([Entry(("zorblatting",), ("ransomware attacks against hospitals",))]))
    answer = mapped.ask("zorblatting of clinics?")
    assert not answer.abstained and (answer.quotes[0].symbol, answer.quotes[0].ref) == (REPORT, "1")
    hits = mapped.search_hits("zorblatting of clinics?", mode="bm25")  # BM25 gets the document wording too
    assert hits and store.paragraph(hits[0].paragraph_id).ref == "1"


def test_a_question_about_a_name_the_documents_never_mention_abstains_and_says_so(built):
    answer = built[4].ask("What does the report say about the AUKUS submarines and ransomware?")
    assert answer.abstained and answer.quotes == () and answer.message == "None of the indexed documents mentions AUKUS."


def test_an_answer_quotes_the_best_paragraphs_and_cites_the_others(built):
    answer = built[4].ask("What does the report say about ransomware against hospitals?", k=5)
    assert 1 <= len(answer.quotes) <= 3 and len(answer.quotes) + len(answer.see_also) <= 5
    quoted = {(q.symbol, q.scope, q.ref) for q in answer.quotes}
    assert all((c.symbol, c.scope, c.ref) not in quoted for c in answer.see_also)
    assert all(c.score <= answer.quotes[0].score for c in answer.see_also)
    data = answer.to_json()
    assert [c["ref"] for c in data["see_also"]] == [c.ref for c in answer.see_also]


def test_a_bad_thesaurus_file_is_one_line_at_the_first_question(built, tmp_path):
    from index.thesaurus import ThesaurusError

    bad = tmp_path / "thesaurus.toml"
    bad.write_text("[[entry]]\nterms = ['x']\n", encoding="utf-8")
    engine = Engine(built[4].store, built[4].embedder, thesaurus=bad)
    assert engine.lookup("annex 1", "final-report")  # lookups never read it
    with pytest.raises(ThesaurusError) as err:
        engine.ask("ransomware?")
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_ask_abstains_when_the_best_paragraph_lacks_the_questions_focus(built, monkeypatch):
    from index.answering import Calibration

    engine = built[4]
    q = "What does the report say about ransomware against hospitals?"
    searcher = engine._get_searcher()
    hits = engine.search_hits(q)
    focus = engine._focus(q, engine.expand(q), hits[0].paragraph_id)
    assert 0.0 < focus.coverage <= 1.0 and all(w in q.lower() for w in focus.missing)
    # a bar no cosine clears unless the paragraph covers the focus: the engine passes the focus on
    monkeypatch.setattr(searcher, "calibration", lambda mode="hybrid": Calibration(focus_cosine=2.0, focus_weight=0.0))
    answer = engine.ask(q)
    assert answer.abstained and answer.quotes == ()
    assert answer.message.startswith("The nearest paragraphs, in “") and "so none is quoted" in answer.message
    assert engine.store.document(engine.store.paragraph(hits[0].paragraph_id).symbol).title.rstrip(" :") in answer.message
    assert "so none is quoted" not in engine.ask(q, mode="bm25").message  # BM25 alone has no cosine to hold to the bar


def test_ask_weighs_the_questions_words_by_how_everyday_they_are(built):
    from index.everyday import EnglishFrequency

    engine = Engine(built[4].store, built[4].embedder)
    q = "What does the report say about ransomware against hospitals in developing countries?"
    best = engine.search_hits(q)[0].paragraph_id  # the ransomware paragraph: it lacks "developing"
    focus = engine._focus(q, engine.expand(q), best)
    assert focus.missing == ("developing",) and 0.5 < focus.coverage < 1.0
    engine._english = EnglishFrequency(lambda word: 7.0)  # every word everyday: none weighs anything
    assert engine._focus(q, engine.expand(q), best) == replace(focus, coverage=1.0, missing=())


def test_the_focus_says_whether_the_paragraph_holds_a_name_the_question_asks_about(built):
    from index.engine import _mapped_by
    from index.specific_terms import question_terms

    engine = built[4]
    searcher = engine._get_searcher()
    q = "What happened in New York?"
    terms = question_terms(q, searcher.df, _mapped_by(engine.expand(q), searcher.df))
    new_york = engine.store.id_of_ref(REPORT, "main", "1")  # "… sessions in New York."
    coral = engine.store.id_of_ref(RES, "main", "1")
    assert engine._focus(q, engine.expand(q), new_york, terms).names_held
    assert not engine._focus(q, engine.expand(q), coral, terms).names_held
    assert not engine._focus(q, engine.expand(q), new_york).names_held  # no terms given: none held


def test_a_question_whose_best_paragraph_holds_its_name_is_not_a_near_miss(built, monkeypatch):
    from index.answering import NEAR_MISS, Calibration

    engine = Engine(built[4].store, built[4].embedder)
    # a near-miss bar no wording clears: only a held name keeps the answer
    monkeypatch.setattr(engine._get_searcher(), "calibration",
                        lambda mode="hybrid": Calibration(min_cosine=0.1, lexical_floor=50.0, lexical_cosine=0.99, focus_cosine=0.0))
    assert not engine.ask("What happened in New York?").abstained
    assert engine.ask("What happened at the sessions?").message == NEAR_MISS


def test_a_word_no_paragraph_holds_gets_a_did_you_mean_when_it_looks_like_a_slip(built):
    answer = built[4].ask("ransomware agianst hosptials?")
    assert answer.abstained and answer.message.startswith("None of the indexed documents mentions")
    assert answer.message.endswith("Did you mean “against” or “hospitals”?")
    assert "Did you mean" not in built[4].ask("What does the report say about the AUKUS submarines and ransomware?").message


def test_a_question_about_a_place_the_documents_never_name_abstains_and_names_it(built):
    answer = built[4].ask("What does the report say about ransomware attacks against hospitals in Haiti?")
    assert answer.abstained and answer.quotes == () and answer.message == "None of the indexed documents mentions Haiti."


def test_a_question_asking_for_a_sum_or_a_chair_the_paragraphs_do_not_give_abstains_and_says_so(built):
    engine = built[4]
    topic = "capacity-building for developing countries"
    assert not engine.ask(f"What does the report say about {topic}?").abstained
    amount = engine.ask(f"How much money will States give for {topic}?")
    assert amount.abstained and amount.quotes == () and amount.message.startswith("None of the paragraphs found gives the amount")
    chair = engine.ask("Who will chair the organizational session of the Global Mechanism in March 2026?")
    assert chair.abstained and chair.message.startswith("None of the paragraphs found names who holds that post")
    third = engine.ask("What will the third review meeting on ransomware attacks against hospitals decide?")
    assert third.abstained and third.message.startswith("None of the paragraphs found is about the third review meeting")
    count = engine.ask("How many substantive sessions did the working group hold?")
    assert not count.abstained and "eleven" in count.quotes[0].text  # a number is given: answered


def test_an_abstention_offers_only_headings_of_paragraphs_on_the_topic(built):
    from index.engine import RELATED_MIN_COSINE
    from index.search import SearchHit

    engine = built[4]
    ids = [pid for pid, p in engine.store.paragraph_items() if p.heading][:2]
    assert len(ids) == 2
    near = SearchHit(ids[0], 0.5, RELATED_MIN_COSINE + 0.01, 0.0, 0.5)
    far = SearchHit(ids[1], 0.2, RELATED_MIN_COSINE - 0.01, 0.0, 0.2)
    heading = engine.store.paragraph(ids[0]).heading
    assert engine.related_headings([near, far]) == [f"{engine.store.paragraph(ids[0]).symbol}: {heading}"]
    assert engine.related_headings([far]) == []
    assert engine.ask("Recommend me a good pizza recipe").suggestions == ()


def test_a_range_past_the_end_quotes_the_paragraphs_that_exist_and_says_where_the_part_ends(built):
    engine = built[4]
    assert [p.ref for p in engine.lookup("2-9")] == ["2", "3"]
    found = engine.read("2-9")
    assert [q.ref for q in found.quotes] == ["2", "3"]
    assert found.note == f"{REPORT} ends at ¶3: only ¶2–3 of 2-9 exist."
    one = engine.read("annex I 1-4")
    assert [q.ref for q in one.quotes] == ["1"] and isinstance(one.to_json(), list)  # a range is a list, even of one
    assert one.note == f"Annex I of {REPORT} ends at ¶1: only ¶1 of annex I 1-4 exists."
    assert engine.read(f"{RES} PP1-PP4").note == f"The preamble of {RES} ends at PP1: only PP1 of PP1-PP4 exists."
    assert engine.read("main 1-3").note == f"The main text of {REPORT} ends at ¶1: only ¶1 of 1-3 exists."
    assert engine.read("1-3").note == "" and engine.read("2").note == ""
    answer = engine.ask("what do paragraphs 2-9 say?")
    assert not answer.abstained and [q.ref for q in answer.quotes] == ["2", "3"] and answer.message == found.note


def test_a_reference_past_the_end_names_its_scope_once_and_where_the_part_ends(built):
    engine = built[4]
    cases = {
        "annex I 2-4": f"{REPORT} has no paragraph annex I 2-4 (its annex I ends at ¶1).",
        "annex I 3": f"{REPORT} has no paragraph annex I 3 (its annex I ends at ¶1).",
        "5-9": f"{REPORT} has no paragraph 5-9 (it ends at ¶3).",
        "main 4": f"{REPORT} has no paragraph main 4 (its main text ends at ¶1).",
        "2(zz)": f"{REPORT} has no paragraph 2(zz).",  # inside the document: no end to name
    }
    for ref, message in cases.items():
        with pytest.raises(UnknownReference) as info:
            engine.read(ref)
        assert str(info.value).startswith(message + " Nearest valid: "), (ref, str(info.value))
    with pytest.raises(UnknownReference) as info:
        engine.read(f"{RES} PP2-PP3")
    assert str(info.value).startswith(f"{RES} has no paragraph PP2-PP3 (its preamble ends at PP1).")


def test_a_bare_reference_with_a_scope_is_looked_up_like_para(built):
    engine = built[4]
    answer = engine.ask("annex I 1")
    assert answer.mode == "lookup" and not answer.abstained
    assert [(q.scope, q.ref) for q in answer.quotes] == [("annex I", "1")]
    assert [(q.scope, q.ref) for q in engine.ask("annex 2?").quotes] == [("annex", "2")]
    missing = engine.ask("annex I 7")
    assert missing.abstained and missing.mode == "lookup" and missing.message.startswith(f"{REPORT} has no paragraph annex I 7")


def test_a_list_of_references_quotes_each_in_the_order_named_and_once(built):
    engine = built[4]
    assert [p.ref for p in engine.lookup("3, 1 and 2(a)")] == ["3", "1", "2(a)"]
    assert [p.ref for p in engine.lookup("2(a)-(b)")] == ["2(a)", "2(b)"]
    assert [p.ref for p in engine.lookup("1-2, 2")] == ["1", "2"]  # none twice
    found = engine.read("1, 3")
    assert [q.ref for q in found.quotes] == ["1", "3"] and isinstance(found.to_json(), list) and found.note == ""
    assert engine.read("1, 2-9").note == f"{REPORT} ends at ¶3: only ¶2–3 of 2-9 exist."
    with pytest.raises(UnknownReference):
        engine.lookup("1 and 99")  # every item must exist
    answer = engine.ask("what do paragraphs 1 and 3 say?")
    assert not answer.abstained and answer.mode == "lookup" and [q.ref for q in answer.quotes] == ["1", "3"]
    assert [q.ref for q in engine.ask("paragraph 2(a) and (b)").quotes] == ["2(a)", "2(b)"]
    with pytest.raises(NotOneParagraph, match="names several"):
        engine.compare(None, "1, 3")


def test_a_lists_past_end_note_counts_only_its_ranges_own_paragraphs(built):
    engine = built[4]  # the report's default scope is its annex: "main 1" is another part's ¶1
    found = engine.read("1-9, main 1")
    assert [(q.scope, q.ref) for q in found.quotes] == [("annex", "1"), ("annex", "2"), ("annex", "3"), ("main", "1")]
    assert found.note == f"{REPORT} ends at ¶3: only ¶1–3 of 1-9 exist."


def test_compare_reads_only_the_windows_with_context(built):
    from index.compare import ParagraphVectors
    from index.counterparts import CounterpartFinder
    from index.store import read_vectors

    engine = built[4]
    index, para, bare = read_vectors(engine.store.root)
    assert bare.any() and not bare.all()
    vecs = index.reconstruct_n(0, index.ntotal)
    framed = ParagraphVectors(vecs[~bare], para[~bare])
    every = ParagraphVectors(vecs, para)
    finder = CounterpartFinder.open(engine.store)
    pids = framed.paragraph_ids.tolist()
    assert finder.vectors.paragraph_ids.tolist() == pids
    for pid in pids:
        assert finder.vectors.cosine_row(pid).tolist() == pytest.approx(framed.cosine_row(pid).tolist())
    assert any(every.cosine_row(pid).tolist() != pytest.approx(framed.cosine_row(pid).tolist()) for pid in pids)
