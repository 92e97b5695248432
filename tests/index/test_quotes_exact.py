"""index.quotes with exact expected spans: which sentences a long paragraph is shortened to (the
ones sharing most words with the question, within the budget, in document order), where a very
long sentence is cut, and where the ellipses go. Written against the mutants the mutation pass
left alive (benchmarks/MUTATION.md); verbatim-ness itself is covered in tests/test_quotes.py."""

from __future__ import annotations

import pytest

from index.models import Paragraph, Quote
from index.quotes import BUDGET_CHARS, ELLIPSIS, MAX_QUOTE_CHARS, _stem, best_spans, make_quote, segments, shorten, whole_quote

FILLER = "Delegations noted the matter at some length during the session"


def sentence(length: int, *words: str, first: str = "Then") -> str:
    """A sentence of exactly ``length`` characters: ``first``, the ``words``, filler, a full stop."""
    head = " ".join((first, *words))
    body = (head + " " + " ".join([FILLER] * (length // len(FILLER) + 2)))[: length - 1].rstrip()
    body = body.ljust(length - 1, "x")
    assert len(body + ".") == length
    return body + "."


def join(*sentences: str) -> tuple[str, list[tuple[int, int]]]:
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    assert segments(text) == spans
    return text, spans


QUERY = "What about ransomware attacks on hospitals?"  # terms: ransomware, attack, hospital


@pytest.mark.parametrize("word, stem", [
    ("Organizations", "organiz"), ("organization", "organiz"), ("meetings", "meet"), ("building", "build"),
    ("policies", "polic"), ("attacked", "attack"), ("processes", "process"), ("States", "stat"),
    ("bus", "bus"), ("string", "string"), ("sealing", "seal"), ("ring", "ring"), ("RANSOMWARE", "ransomware"),
    ("hospitals", "hospital"), ("meets", "meet"),
])
def test_stems(word, stem):
    assert _stem(word) == stem


def test_segments_are_never_empty():
    assert segments("\nA. B.") == [(1, 3), (4, 6)]
    assert segments("A. B.\n") == [(0, 2), (3, 5)]
    assert best_spans("", "x") == [(0, 0)]


def test_the_sentence_sharing_most_words_wins_the_budget():
    text, spans = join(sentence(300, "Ransomware"), sentence(300, "Ransomware", "attacks", "hospitals"),
                       sentence(300, "Ransomware", "attacks"))
    assert best_spans(text, QUERY, budget=350) == [spans[1]]


def test_a_sentence_sharing_one_word_beats_the_opening():
    parts = [sentence(120, first="Opening")] * 5 + [sentence(120, "ransomware")] + [sentence(120)] * 5
    text, spans = join(*parts)
    assert best_spans(text, "ransomware", budget=200) == [spans[5]]


def test_with_no_shared_word_the_opening_is_shown():
    text, spans = join(*[sentence(200, first=f"Part{i}") for i in range(8)])
    assert best_spans(text, "coral reefs", budget=700) == spans[:3]
    out = shorten(text, "coral reefs")
    assert out.startswith("Part0") and out.endswith(ELLIPSIS) and not out.startswith(ELLIPSIS)


def test_spans_that_do_not_fit_are_skipped_and_the_budget_is_filled_exactly():
    a = sentence(500, "Ransomware", "attacks", "hospitals")
    b = sentence(300, "Ransomware", "attacks")
    c = sentence(200, "ransomware")
    text, spans = join(sentence(100, first="Opening"), c, a, b)
    assert best_spans(text, QUERY, budget=700) == [spans[1], spans[2]]  # a then c (500 + 200 = 700): b skipped


def test_shortening_stops_at_four_fifths_of_the_budget():
    text, spans = join(sentence(400, "Ransomware", "attacks", "hospitals"), sentence(400, "Ransomware", "attacks"),
                       sentence(100, "ransomware"))
    assert best_spans(text, QUERY, budget=1000) == [spans[0], spans[1]]  # 800 = 4/5: the third is not added


def test_a_sentence_longer_than_the_budget_is_cut_at_its_last_word_within_it():
    long = sentence(1000, "Ransomware")
    text, spans = join(sentence(50, first="Opening"), long)
    start = spans[1][0]
    assert best_spans(text, QUERY, budget=700) == [(start, text.rfind(" ", start, start + 700))]
    exact = sentence(700, "Ransomware")
    text, spans = join(sentence(50, first="Opening"), exact)
    assert best_spans(text, QUERY, budget=700) == [spans[1]], "exactly the budget: whole"
    unbroken = "Ransomware," + "x" * 989 + "."  # the comma ends the word, no space follows
    text, spans = join(sentence(50, first="Opening"), unbroken)
    assert best_spans(text, QUERY, budget=700) == [(spans[1][0], spans[1][0] + 700)], "no space: cut hard"


def test_after_a_short_cut_the_budget_left_is_used():
    opening = sentence(500, first="Opening")
    early_space = "Ransomware " + "x" * 900 + "."
    later = sentence(100, "ransomware")
    text, spans = join(opening, early_space, later)
    start = spans[1][0]
    assert best_spans(text, QUERY, budget=700) == [(start, start + len("Ransomware")), spans[2]]


def test_a_short_cut_counts_what_it_shows():
    opening = sentence(500, first="Opening")
    early_space = "Ransomware " + "x" * 900 + "."
    too_long_after = sentence(695, "ransomware")  # 10 shown + 695 > 700: skipped
    text, spans = join(opening, early_space, too_long_after)
    start = spans[1][0]
    assert best_spans(text, QUERY, budget=700) == [(start, start + len("Ransomware"))]


def test_ellipses_mark_exactly_what_is_left_out():
    assert shorten("x" * MAX_QUOTE_CHARS, "q") == "x" * MAX_QUOTE_CHARS  # exactly the limit: whole
    assert shorten("x " * 451, "q") != "x " * 451
    parts = [sentence(150, first=f"Part{i}") for i in range(7)] + [sentence(150, "ransomware")]
    text, spans = join(*parts)
    out = shorten(text, "ransomware")
    assert out == f"{ELLIPSIS} {parts[-1]}", "the last sentence: no ellipsis after it"
    out = shorten(text, "ransomware", budget=100)
    assert out.count(ELLIPSIS) == 2 and len(out) <= 100 + 2 * len(f"{ELLIPSIS} ")


def test_quotes_carry_every_field_of_their_paragraph():
    p = Paragraph("A/80/257", "annex", "12", "Short text.", (5, 6), "B. Threats")
    assert make_quote(p, "https://x/p#page=5", 0.7, "q", "annex") == Quote(
        "A/80/257", "annex", "12", "Short text.", 0.7, 5, "https://x/p#page=5", "B. Threats", "Short text.", "annex")
    assert whole_quote(p, "https://x/p#page=5", 1.0, "annex") == Quote(
        "A/80/257", "annex", "12", "Short text.", 1.0, 5, "https://x/p#page=5", "B. Threats", "Short text.", "annex")
    assert make_quote(p, "", 0.5, "q").default_scope == "main" == whole_quote(p, "", 1.0).default_scope
    assert BUDGET_CHARS == 700
