"""Engine.find / toc / compare and the ask routes to them, over a small index of three dated documents."""

from __future__ import annotations

import json
import sqlite3

import pytest

from index.compare import NotOneParagraph, NothingToCompare, new_text, old_text
from index.engine import Engine
from index.errors import UnknownDocument, UnknownReference
from index.find import BadPhrase
from index.store import DB, FTS_TABLE, IndexStore
from tests.phrase_oracle import plain_spans
from tests.synthetic import APR_24 as APR, FINAL_25 as FINAL, RES_900 as RES, build_tools_index

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def tools(tmp_path_factory, embedder):
    index_dir = build_tools_index(tmp_path_factory.mktemp("tools"), embedder)

    def no_model():
        raise AssertionError("find, toc and compare must not load the embedding model")

    return index_dir, Engine(IndexStore.open(index_dir), no_model)


# ---- the full-text index on disk -----------------------------------------------------------

def test_the_full_text_index_is_written_with_the_paragraphs_and_holds_each_of_them(tools):
    index_dir, engine = tools
    con = sqlite3.connect(index_dir / DB)
    try:
        rows = con.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'ransomware'").fetchall()
    finally:
        con.close()
    assert sorted(engine.store.paragraph(r[0]).symbol for r in rows) == [APR, FINAL]
    assert engine.store.fts_rows() == engine.store.paragraph_count()


# ---- find -----------------------------------------------------------------------------------

def test_find_groups_documents_oldest_first_with_exact_spans(tools):
    engine = tools[1]
    r = engine.find("responsible State behaviour")
    assert [d.symbol for d in r.documents] == [APR, FINAL, RES]
    assert [(d.count, d.paragraphs) for d in r.documents] == [(1, 1), (1, 1), (1, 1)]
    assert [m.occurrences() for m in r.matches] == [
        ["responsible State behaviour"], ["responsible State  behaviour"], ["responsible\nState behaviour"]]
    assert r.first.quote.symbol == APR and r.first.quote.citation() == "A/79/900 ¶1 (p. 2)"
    assert "first used in A/79/900 of 2024-07-12 (¶1 (p. 2))" in r.summary()


def test_find_spans_equal_a_plain_search_of_every_stored_paragraph(tools):
    engine = tools[1]
    for phrase in ["States", "ransomware attacks", "points of contact", "eighty-first session", "ICT security", "the"]:
        r = engine.find(phrase)
        got = {(m.quote.symbol, m.quote.scope, m.quote.ref): list(m.spans) for m in r.matches}
        want = {p.key(): plain_spans(p.text, phrase) for _, p in engine.store.paragraph_items() if not p.parent}
        assert got == {k: v for k, v in want.items() if v}, phrase


def test_find_in_one_document_and_with_a_star(tools):
    engine = tools[1]
    r = engine.find("recommend*", doc="a/79/900")
    assert [m.occurrences() for m in r.matches] == [["recommended"]] and r.scope_doc == APR
    assert [m.occurrences() for m in engine.find("eighty-first").matches] == [["eighty\u2011first"]]
    assert engine.find("ransomware", doc=RES).matches == ()
    assert "No indexed paragraph of A/RES/80/900 contains “ransomware”." == engine.find("ransomware", doc=RES).summary()


def test_find_counts_sub_paragraph_text_once_under_its_paragraph(tools):
    r = tools[1].find("points of contact")
    assert [(m.quote.symbol, m.quote.ref) for m in r.matches] == [(APR, "3"), (FINAL, "3")]
    assert r.total == 2


def test_find_refuses_bad_phrases_and_unknown_documents(tools):
    engine = tools[1]
    with pytest.raises(BadPhrase):
        engine.find("  ")
    with pytest.raises(UnknownDocument):
        engine.find("States", doc="A/RES/1/1")


# ---- toc ------------------------------------------------------------------------------------

def test_toc_maps_every_reference_once_under_its_heading(tools):
    engine = tools[1]
    toc = engine.toc(FINAL)
    assert [toc.section_label(s) for s in toc.sections] == [
        "I. Introduction — main ¶1 (1)", "A. Overview — ¶1 (1)", "B. Existing and potential threats — ¶2–3 (2)", "C. Other matters — ¶4 (1)"]
    assert toc.refs() == [(p.scope, p.ref) for p in engine.store.paragraphs_of(FINAL)]
    res = engine.toc(RES)
    assert [(s.heading, s.refs) for s in res.sections] == [("Preamble", ("PP1",)), ("Operative part", ("1",))]
    with pytest.raises(UnknownDocument):
        engine.toc("nonsense")


# ---- compare --------------------------------------------------------------------------------

def test_compare_finds_the_earlier_wording_and_diffs_it(tools):
    engine = tools[1]
    r = engine.compare(FINAL, "2")
    assert r.matches and r.matches[0].quote.symbol == APR and r.matches[0].ref == "2"
    for m in r.matches:
        assert 0.0 <= m.similarity <= 1.0
        assert old_text(m.diff) == " ".join(m.quote.text.split())
        assert new_text(m.diff) == " ".join(r.quote.text.split())
    assert [m.similarity for m in r.matches] == sorted((m.similarity for m in r.matches), reverse=True)
    assert ("+", "grave") in [(d.op, d.text) for d in r.matches[0].diff]


def test_compare_shows_nothing_under_the_floor(tools):
    r = tools[1].compare(FINAL, "4")  # the cake recipe has no counterpart
    assert r.matches == () and "No paragraph of the other indexed documents is close" in r.summary()


def test_compare_with_named_documents_only(tools):
    engine = tools[1]
    r = engine.compare(FINAL, "1", with_docs=[RES])
    assert {m.quote.symbol for m in r.matches} <= {RES} and r.compared_with == (RES,)
    assert r.matches and r.matches[0].ref == "PP1"
    with pytest.raises(NothingToCompare):
        engine.compare(FINAL, "1", with_docs=[FINAL])
    with pytest.raises(NotOneParagraph):
        engine.compare(FINAL, "1-2")
    with pytest.raises(UnknownReference):
        engine.compare(FINAL, "99")


def test_compare_a_sub_paragraph_with_paragraphs_of_another_document(tools):
    r = tools[1].compare(FINAL, "3(b)", with_docs=[APR])
    assert r.ref == "3(b)" and r.matches and r.matches[0].quote.ref == "3"
    assert new_text(r.matches[0].diff) == r.quote.text


def test_compare_refs_are_typed_as_for_oewg_para(tools):
    engine = tools[1]
    r = engine.compare(FINAL, "main 1", with_docs=[APR, RES])
    assert r.ref == "main 1"
    data = engine.compare(FINAL, "2").to_json()
    assert data["ref"] == "2" and data["matches"][0]["ref"] == "2"


# ---- ask routes to the tools -----------------------------------------------------------------

def test_ask_routes_a_where_question_to_find(tools):
    a = tools[1].ask("Where else does the phrase 'responsible State behaviour' appear?")
    assert a.mode == "find" and not a.abstained and len(a.quotes) == 3
    assert a.result.total == 3 and "3 times" in a.message
    data = a.to_json()
    assert data["find"]["total"] == 3 and set(data) >= {"question", "abstained", "quotes", "find"}
    missing = tools[1].ask("where is 'zzzz qqqq' used?")
    assert missing.abstained and missing.mode == "find" and "zzzz qqqq" in missing.message


def test_ask_routes_a_table_of_contents_question_to_toc(tools):
    a = tools[1].ask(f"table of contents of {FINAL}")
    assert a.mode == "toc" and not a.abstained and a.result.symbol == FINAL
    assert "B. Existing and potential threats — ¶2–3 (2)" in a.message
    assert json.dumps(a.to_json())  # serialisable
    whole = tools[1].ask(f"What does {FINAL} say?")  # a whole document: no one paragraph answers, its outline does
    assert whole.mode == "toc" and whole.result.symbol == FINAL and whole.message == a.message


def test_ask_routes_what_changed_since_a_year_to_compare(tools):
    engine = tools[1]
    a = engine.ask(f"what changed in paragraph 2 of {FINAL} since the 2024 report?")
    assert a.mode == "compare" and not a.abstained
    assert a.result.compared_with == (APR,) and a.quotes[0].symbol == APR
    assert a.quotes[0].score == a.result.matches[0].similarity
    none = engine.ask(f"what changed in paragraph 2 of {FINAL} since the 2019 report?")
    assert none.abstained and "2019" in none.message
    bad = engine.ask(f"compare paragraph 99 of {FINAL} with {APR}")
    assert bad.abstained and bad.mode == "compare" and "99" in bad.message and bad.suggestions


def test_plain_questions_still_go_to_lookup_and_search(tools, embedder):
    engine = Engine(tools[1].store, lambda: embedder)
    assert engine.ask(f"what does paragraph 2 of {APR} say?").mode == "lookup"
    assert engine.ask("What does the report say about 'ransomware'?").mode == "search"
