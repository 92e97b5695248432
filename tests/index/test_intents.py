"""index.intents: questions that ask for find, toc or compare are recognised; the others go to search."""

from __future__ import annotations

import json

import pytest

from benchmarks.common import QUESTIONS
from index.intents import CompareIntent, FindIntent, TocIntent, document_mentions, quoted_phrase, recognise

NAMES = {
    "a/80/257": "A/80/257", "final-report": "A/80/257", "final report": "A/80/257", "oewg final report": "A/80/257",
    "a/79/214": "A/79/214", "apr-2024": "A/79/214", "apr 2024": "A/79/214", "third annual progress report": "A/79/214",
    "a/res/80/16": "A/RES/80/16", "80/16": "A/RES/80/16", "res-80-16": "A/RES/80/16",
    "a/res/80/5": "A/RES/80/5", "80/5": "A/RES/80/5", "a/res/80/17": "A/RES/80/17", "80/17": "A/RES/80/17",
}


@pytest.mark.parametrize("question, phrase, doc", [
    ("Where else does the phrase 'responsible State behaviour' appear?", "responsible State behaviour", None),
    ("where is 'X' used", "X", None),
    ("Where is “provisional agenda of its eighty-first session” used?", "provisional agenda of its eighty-first session", None),
    ('Where does "capacity-building" appear in the final report?', "capacity-building", "A/80/257"),
    ("Which resolutions use 'eighty-first session'?", "eighty-first session", None),
    ("Find every use of ‘agreed language’ in 80/16", "agreed language", "A/RES/80/16"),
    ("How often is 'ransomware' mentioned?", "ransomware", None),
    ("When was 'negotiat*' first used?", "negotiat*", None),
    ("all occurrences of \"Global Mechanism\"", "Global Mechanism", None),
])
def test_find_questions(question, phrase, doc):
    assert recognise(question, NAMES) == FindIntent(phrase=phrase, doc=doc)


@pytest.mark.parametrize("question, doc", [
    ("table of contents of A/RES/80/5", "A/RES/80/5"),
    ("outline of 80/16", "A/RES/80/16"),
    ("Show me the table of contents", None),
    ("What is the structure of the final report?", "A/80/257"),
    ("the final report's outline", "A/80/257"),
    ("toc 80/17", "A/RES/80/17"),
    ("headings of the third annual progress report, please", "A/79/214"),
    ("What does resolution 80/16 say?", "A/RES/80/16"),  # a whole document: its outline
    ("what does A/RES/80/5 contain", "A/RES/80/5"),
    ("What's in the final report?", "A/80/257"),
    ("What did 80/17 decide, in short?", "A/RES/80/17"),
])
def test_toc_questions(question, doc):
    assert recognise(question, NAMES) == TocIntent(doc=doc)


@pytest.mark.parametrize("question, doc", [
    ("What does resolution 80/99 say?", "A/RES/80/99"),
    ("what does resolution 75/240 contain", "A/RES/75/240"),
    ("What did 79/1 decide?", "A/RES/79/1"),
    ("What does A/RES/80/999 say?", "A/RES/80/999"),
])
def test_a_whole_document_that_is_not_indexed_is_still_asked_for_by_its_outline(question, doc):
    assert recognise(question, NAMES) == TocIntent(doc=doc)  # the engine then says the document is unknown


@pytest.mark.parametrize("question", [
    "What does resolution 80/99 say about oceans?",  # a question about something: search
    "What do resolutions 80/98 and 80/99 say?",  # two documents: no one outline
    "what does the report say on 24/7 points of contact?",
])
def test_a_resolution_number_inside_another_question_is_no_outline(question):
    assert recognise(question, NAMES) is None


@pytest.mark.parametrize("question, expected", [
    ("what changed in paragraph 12 since the 2024 report?", CompareIntent(None, "12", (), (("2024", "report"),))),
    ("compare paragraph 3 of A/RES/80/16 with A/RES/80/17 and A/RES/80/5",
     CompareIntent("A/RES/80/16", "3", ("A/RES/80/17", "A/RES/80/5"))),
    ("compare paragraph 3 of A/RES/80/16 with …", CompareIntent("A/RES/80/16", "3")),
    ("How did paragraph 5 change from APR 2024?", CompareIntent(None, "5", ("A/79/214",))),
    ("How has paragraph 5 of the final report evolved since APR 2024?", CompareIntent("A/80/257", "5", ("A/79/214",))),
    ("what's new in para 7(b) of the final report compared with the APR 2024", CompareIntent("A/80/257", "7(b)", ("A/79/214",))),
    ("compare PP3 of 80/16 with the final report", CompareIntent("A/RES/80/16", "PP3", ("A/80/257",))),
    ("diff paragraph 2 of 80/16 against the resolutions of 2025", CompareIntent("A/RES/80/16", "2", (), (("2025", "resolution"),))),
])
def test_compare_questions(question, expected):
    assert recognise(question, NAMES) == expected


@pytest.mark.parametrize("question", [
    "What does the report say about 'responsible State behaviour'?",  # a quoted phrase, but no "where"
    "what does paragraph 12 say",  # exact lookup, as before
    "para 12(b) of A/RES/80/16",
    "Where will the Global Mechanism meet?",  # where, but nothing quoted
    "What is the structure of the Global Mechanism?",  # structure of something that is not a document
    "What are the contents of the final report's annex on the Global Mechanism?",
    "How does the 2024 report differ from the final report on ransomware?",  # no paragraph named
    "what changed in the final report?",
    "What does paragraph 12 say about changes in the threat landscape?",
    "How does paragraph 12 describe the evolving threat?",
    "What changed in the threat landscape according to paragraph 12?",
    "Where does the report mention ransomware?",
    "What does resolution 80/16 say about the Global Mechanism?",  # a topic: search
    "What does the report say?",  # no document named
    "What does 80/16 say and what does 80/17 say?",  # two documents
    "",
])
def test_ordinary_questions_are_left_to_lookup_and_search(question):
    assert recognise(question, NAMES) is None


def test_the_development_questions_all_stay_with_search_and_lookup():
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) > 100
    assert [q for q in questions if recognise(q, NAMES) is not None] == []


def test_quoted_phrase_takes_straight_and_curly_quotes_but_not_apostrophes():
    assert quoted_phrase("the States' rights and 'agreed language'") == ("agreed language", (23, 40))
    assert quoted_phrase("“Pact for the Future”")[0] == "Pact for the Future"
    assert quoted_phrase("it's the world’s") is None
    assert quoted_phrase("'  '") is None


def test_document_mentions_prefer_the_longest_name_and_keep_their_order():
    found = document_mentions("compare the OEWG final report with APR 2024 and A/RES/80/16", NAMES)
    assert [d for d, _ in found] == ["A/80/257", "A/79/214", "A/RES/80/16"]
