"""Answers over the 55 real resolutions that depend on the users' words reaching the documents' words."""

from __future__ import annotations

import pytest

from index.engine import Engine
from index.specific_terms import MENTIONS
from index.store import IndexStore

pytestmark = [pytest.mark.corpus, pytest.mark.model]


@pytest.fixture(scope="module")
def engine(corpus_index, embedder):
    return Engine(IndexStore.open(corpus_index), lambda: embedder)


@pytest.mark.parametrize("question, doc", [
    ("What will the provisional agenda of the 81st session include?", None),
    ("When is the 11th Review Conference of the NPT?", "A/RES/80/39"),
])
def test_an_ordinal_in_figures_is_the_documents_word(engine, question, doc):
    answer = engine.ask(question)
    assert not answer.message.startswith(MENTIONS)
    if doc:
        cited = {q.symbol for q in answer.quotes} | {c.symbol for c in answer.see_also}
        assert not answer.abstained and doc in cited


@pytest.mark.parametrize("acronym", ["PoA", "PPWT", "OPANAL", "TCBMs", "COPUOS", "ICRC", "CELAC", "OAU", "ITU",
                                     "UNCLOS", "CPPNM", "UNTOC", "ICAT", "ZOPFAN", "WCO", "UNREC", "CSBMs", "GCM", "UN75"])
def test_the_usual_acronyms_the_documents_spell_out_are_known_to_them(engine, acronym):
    answer = engine.ask(f"What does the General Assembly say about the {acronym}?")
    assert not answer.message.startswith(MENTIONS), answer.message


@pytest.mark.parametrize("question", [
    "What do the resolutions say about the watchdog's work on chemical weapons in Syria?",  # uncommon, not rare
    "How are countries of the Sahel helped against the illicit trade in small arms?",  # "Sahelo-Saharan"
    "What did leaders commit to at the Qatar summit on social development?",  # Doha
    "Does Europe's union support the arms trade treaty?",  # the European Union
    "Which treaties have they've-signed countries ratified since the 1990s?",  # a contraction, a decade
])
def test_everyday_words_names_and_decades_the_documents_word_otherwise_are_not_reported_missing(engine, question):
    answer = engine.ask(question)
    assert not answer.message.startswith(MENTIONS), answer.message


def test_a_lay_word_reaches_the_documents_word_and_answers(engine):
    answer = engine.ask("Does the UN support the watchdog that checks poison gas use in Syria?")
    assert not answer.abstained, answer.message
    assert "A/RES/80/34" in {q.symbol for q in answer.quotes}


@pytest.mark.parametrize("question, doc, ordinal", [
    ("Why was COP29 in Baku singled out in the Awaza declaration?", "A/RES/80/3", "twenty-ninth"),
    ("What did the President of the 13MSP do?", "A/RES/80/52", "thirteenth"),
])
def test_an_abbreviated_numbered_meeting_finds_the_paragraphs_that_spell_it_out(engine, question, doc, ordinal):
    answer = engine.ask(question)
    assert not answer.abstained, answer.message
    assert any(q.symbol == doc and ordinal in (q.full_text or q.text).lower() for q in answer.quotes)


def test_a_numbered_meeting_the_documents_do_not_hold_is_not_answered_with_another_one(engine):
    answer = engine.ask("Which country will host COP31?")
    assert answer.abstained
    assert "thirty-first session of the Conference of the Parties (COP31)" in answer.message


@pytest.mark.parametrize("question, doc, scope, ref", [
    ("What does operative paragraph 2 of the Arms Trade Treaty resolution say?", "A/RES/80/46", "main", "2"),
    ("paragraph 3 of the Tlatelolco resolution", "A/RES/80/15", "main", "3"),
    ("paragraph 12 of the Awaza Political Declaration", "A/RES/80/3", "annex", "12"),  # the declaration is the annex
])
def test_a_resolution_named_by_its_title_is_looked_up_exactly(engine, question, doc, scope, ref):
    answer = engine.ask(question)
    assert answer.mode == "lookup" and not answer.abstained
    assert [(q.symbol, q.scope, q.ref) for q in answer.quotes] == [(doc, scope, ref)]


def test_a_paragraph_of_a_document_not_indexed_is_quoted_where_the_documents_cite_it(engine):
    answer = engine.ask("What does paragraph 58 of the SSOD-I Final Document call for?")
    assert not answer.abstained and answer.quotes[0].symbol == "A/RES/80/23"
    assert answer.quotes[0].text.startswith("Recalling paragraph 58 of the Final Document of the Tenth Special Session")


@pytest.mark.parametrize("question, says", [
    ("paragraph 7 of the Kyoto Protocol", "No indexed paragraph cites paragraph 7 of the Kyoto Protocol"),  # "paragraph 7 of resolution 46/30" is another
    ("What does paragraph 4 of the Charter say?", "No indexed paragraph cites paragraph 4 of the Charter"),
    ("paragraph 3 of the weather resolution", "No indexed document's title names the weather resolution"),
])
def test_a_paragraph_of_a_document_nobody_cites_is_an_honest_no(engine, question, says):
    answer = engine.ask(question)
    assert answer.abstained and answer.quotes == () and answer.message.startswith(says)
