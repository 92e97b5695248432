"""index.find: phrase normalisation, exact spans (against a plain independent search), FTS5 queries, grouping."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.find import (
    BadPhrase,
    FindResult,
    chronological_key,
    clean_phrase,
    compile_phrase,
    excerpts,
    fts_any_words_query,
    group_matches,
    searchable_text,
)
from index.models import Quote
from index.store import FTS_SCHEMA, FTS_TABLE
from tests.phrase_oracle import plain_spans


def spans_of(phrase: str, text: str) -> list[str]:
    return [text[s:e] for s, e in compile_phrase(phrase).spans(text)]


# ---- normalisation ------------------------------------------------------------------

def test_case_insensitive_whole_words_only():
    text = "States and member States; statesman, interstate, States’ rights, STATES."
    assert spans_of("states", text) == ["States", "States", "States", "STATES"]


def test_an_occurrence_that_starts_inside_a_rejected_one_is_found():
    assert compile_phrase("a a").spans("ba a a") == [(3, 6)]  # "a a" at 1 is inside "ba": not a whole word
    assert compile_phrase("the State").spans("bathe the State") == [(6, 15)]


def test_text_whose_lower_case_is_longer_uses_the_whole_rule():
    text = "İstanbul and the States"  # "İ".lower() is two characters
    assert spans_of("the states", text) == ["the States"] and spans_of("and", text) == ["and"]


@pytest.mark.parametrize("variant", ["eighty-first", "eighty\u2010first", "eighty\u2011first", "eighty\u2013first"])
def test_hyphen_variants_are_one(variant):
    text = f"the provisional agenda of its {variant} session"
    assert spans_of("provisional agenda of its eighty-first session", text) == [text[4:]]
    assert spans_of(f"its {variant} session", "at its eighty-first session") == ["its eighty-first session"]


def test_spaces_a_line_break_left_after_a_hyphen_are_ignored():
    text = "the African Nuclear- Weapon-Free Zone Treaty and a nuclear-\nweapon-free zone"
    assert spans_of("Nuclear-Weapon-Free Zone", text) == ["Nuclear- Weapon-Free Zone", "nuclear-\nweapon-free zone"]
    assert spans_of("nuclear- weapon", text) == ["Nuclear- Weapon", "nuclear-\nweapon"]
    assert spans_of("African Nuclear-", text) == ["African Nuclear-"]  # a hyphen that ends the phrase ends the span


def test_line_breaks_and_runs_of_spaces_match_one_space():
    text = "confidence-building\nmeasures and responsible State  \n behaviour"
    assert spans_of("confidence-building measures", text) == ["confidence-building\nmeasures"]
    assert spans_of("responsible State behaviour", text) == ["responsible State  \n behaviour"]


def test_soft_hyphens_and_zero_width_characters_are_ignored_and_kept_in_the_span():
    text = "inter\u00adnational law, inter\u200bnational and national"
    assert spans_of("international law", text) == ["inter\u00adnational law"]
    assert spans_of("international", text) == ["inter\u00adnational", "inter\u200bnational"]
    assert spans_of("national", text) == ["national"]  # not inside inter-national
    assert spans_of("inter\u00adnational", "international") == ["international"]  # in the phrase too


def test_curly_and_straight_quotes_are_one():
    text = "the “Pact for the Future” and the world’s ‘digital compact’"
    assert spans_of('"Pact for the Future"', text) == ["Pact for the Future"]  # outer quotes mark the phrase ...
    assert spans_of('the "Pact', text) == ["the “Pact"]  # ... inner ones match either kind
    assert spans_of("world's", text) == ["world’s"]
    assert spans_of("world's 'digital compact'", text) == ["world’s ‘digital compact’"]


def test_star_matches_any_ending_of_a_word():
    text = "negotiate, negotiations and negotiating; renegotiate; negotiat"
    assert spans_of("negotiat*", text) == ["negotiate", "negotiations", "negotiating", "negotiat"]
    assert spans_of("negotiat* and", text) == ["negotiations and"]


def test_clean_phrase_removes_outer_quotes_and_collapses_spaces():
    assert clean_phrase('  “responsible   State\nbehaviour” ') == "responsible State behaviour"
    assert clean_phrase("'agreed language'") == "agreed language"
    assert clean_phrase('"a" and "b"') == 'a" and "b'  # not one quoted phrase: a user typo, kept as typed inside


@pytest.mark.parametrize("phrase, why", [
    ("", "empty"), ("   ", "empty"), ('""', "no word"), ("*", "no word"), ("-- ;", "no word"), ("* and", "end of a word"),
    ("neg*otiate", "end of a word"), ("word**", "end of a word"), ("x" * 201, "longer than"),
])
def test_bad_phrases_say_what_to_change_in_one_line(phrase, why):
    with pytest.raises(BadPhrase) as err:
        compile_phrase(phrase)
    assert why in str(err.value) and "\n" not in str(err.value)


# ---- exact spans against the plain search ---------------------------------------------

_ALPHABET = st.sampled_from(list("abcdeéô ABC  \n,.;:()") + ["-", "\u2010", "\u2011", "\u2013", "'", "’", "‘", '"', "“", "”", "\u00ad", "\u200b"])
_WORDS = ["state", "States", "agenda", "eighty-first", "eighty‑first", "ab", "a", "b", "abc", "Côte", "world’s"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(_ALPHABET, min_size=1, max_size=4)), min_size=1, max_size=30),
       st.lists(st.sampled_from(_WORDS + ["ab", "b c", "a, b", "state's"]), min_size=1, max_size=3), st.booleans())
def test_spans_equal_the_plain_search_on_random_texts(pieces, words, star):
    text = " ".join(pieces)
    phrase = " ".join(words) + ("*" if star and words[-1][-1].isalnum() else "")
    got = compile_phrase(phrase).spans(text)
    assert got == plain_spans(text, clean_phrase(phrase))
    for s, e in got:  # every span is an occurrence of the stored text itself
        assert 0 <= s < e <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=60), st.text(_ALPHABET, max_size=60), st.sampled_from(_WORDS))
def test_a_phrase_put_into_a_text_is_found_there(left, right, word):
    text = f"{left} {word} {right}"
    start = len(left) + 1
    assert (start, start + len(word)) in compile_phrase(word).spans(text)


# ---- the FTS5 query finds every paragraph the pattern matches ------------------------------

def fts_ids(texts: list[str], query: str) -> set[int]:
    con = sqlite3.connect(":memory:")
    con.execute(FTS_SCHEMA)
    con.executemany(f"INSERT INTO {FTS_TABLE} (rowid, text) VALUES (?, ?)", [(i, searchable_text(t)) for i, t in enumerate(texts)])
    return {r[0] for r in con.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (query,))}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(_ALPHABET, min_size=1, max_size=4)), min_size=1, max_size=12).map(" ".join),
                min_size=1, max_size=8),
       st.lists(st.sampled_from(_WORDS + ["a, b", "state's"]), min_size=1, max_size=3), st.booleans())
def test_fts_candidates_include_every_paragraph_the_pattern_matches(texts, words, star):
    phrase = compile_phrase(" ".join(words) + ("*" if star and words[-1][-1].isalnum() else ""))
    matching = {i for i, t in enumerate(texts) if phrase.spans(t)}
    assert matching <= fts_ids(texts, phrase.fts_query)


def test_fts_query_is_a_phrase_with_prefix_pieces():
    assert compile_phrase("eighty-first session").fts_query == '"eighty-first session"'
    assert compile_phrase('negotiat* "process').fts_query == '"negotiat"* + " ""process"'
    ids = fts_ids(["the negotiations process", "a process of negotiations", 'negotiating "process"'], compile_phrase("negotiat* process").fts_query)
    assert ids == {0, 2}


def test_any_words_query_keeps_the_longest_words_when_there_are_many():
    assert fts_any_words_query("The State and the States; a") == '"the" OR "state" OR "and" OR "states"'
    q = fts_any_words_query(" ".join(f"w{'x' * n}" for n in range(100)), limit=5)
    assert q.count(" OR ") == 4 and '"w' + "x" * 99 + '"' in q


# ---- grouping and order ------------------------------------------------------------------

def quote(symbol: str, ref: str, text: str = "the phrase here") -> Quote:
    return Quote(symbol=symbol, scope="main", ref=ref, text=text, score=1.0, page=None, url="")


def test_documents_oldest_first_ties_in_natural_symbol_order_paragraphs_in_document_order():
    found = [
        (quote("A/RES/80/10", "2"), "2025-12-01", "Ten", 5, ((0, 3),)),
        (quote("A/RES/80/2", "1"), "2025-12-01", "Two", 1, ((0, 3), (4, 10))),
        (quote("A/RES/80/10", "1"), "2025-12-01", "Ten", 2, ((0, 3),)),
        (quote("A/RES/79/9", "PP1"), "2024-12-24", "Old", 0, ((4, 10),)),
        (quote("A/X/1", "1"), "", "Undated", 0, ((0, 3),)),
        (quote("A/RES/80/3", "1"), "2025-12-01", "No match", 0, ()),
    ]
    r = group_matches("phrase", found)
    assert [(d.symbol, d.count, d.paragraphs) for d in r.documents] == [
        ("A/RES/79/9", 1, 1), ("A/RES/80/2", 2, 1), ("A/RES/80/10", 2, 2), ("A/X/1", 1, 1)]
    assert [(m.quote.symbol, m.quote.ref) for m in r.matches] == [
        ("A/RES/79/9", "PP1"), ("A/RES/80/2", "1"), ("A/RES/80/10", "1"), ("A/RES/80/10", "2"), ("A/X/1", "1")]
    assert r.total == 6 and r.first.quote.symbol == "A/RES/79/9"
    assert chronological_key("2025-01-01", "A/RES/80/2") < chronological_key("2025-01-01", "A/RES/80/10") < chronological_key("", "A/1")


def test_same_date_as_first_lists_the_documents_that_tie_with_the_first_use():
    found = [(quote(f"A/RES/80/{n}", "1"), "2025-12-01", "", 0, ((0, 3),)) for n in (5, 6)]
    found.append((quote("A/RES/80/7", "1"), "2025-12-05", "", 0, ((0, 3),)))
    r = group_matches("phrase", found)
    assert [d.symbol for d in r.same_date_as_first()] == ["A/RES/80/6"]


def test_find_json_has_the_design_shape_and_spans_index_the_text():
    text = "Decides to include in the provisional agenda of its eighty-first session the item"
    spans = tuple(compile_phrase("provisional agenda").spans(text))
    r = group_matches("provisional agenda", [(quote("A/RES/80/4", "5", text), "2025-10-31", "Embargo", 4, spans)])
    data = r.to_json()
    assert set(data) == {"query", "total", "documents", "matches"}
    assert data["documents"] == [{"doc": "A/RES/80/4", "title": "Embargo", "date": "2025-10-31", "count": 1}]
    [m] = data["matches"]
    assert set(m) == {"doc", "date", "ref", "scope", "page", "heading", "text", "url", "spans"}
    assert [m["text"][s:e] for s, e in m["spans"]] == ["provisional agenda"]
    assert FindResult("x", (), ()).to_json() == {"query": "x", "total": 0, "documents": [], "matches": []}


def test_excerpts_are_verbatim_windows_cut_at_spaces_and_merged_when_close():
    text = " ".join(f"w{i}" for i in range(100))
    a, b = text.index("w10 "), text.index("w12 ")
    far = text.index("w80 ")
    ex = excerpts(text, [(a, a + 3), (b, b + 3), (far, far + 3)], context=20)
    assert len(ex) == 2 and ex[0].spans == ((a, a + 3), (b, b + 3))
    for e in ex:
        assert text[e.start:e.end] == text[e.start:e.end].strip()
        pieces = e.pieces(text)
        assert "".join(p for p, _ in pieces) == text[e.start:e.end]
        assert [p for p, hit in pieces if hit] == [text[s:t] for s, t in e.spans]
